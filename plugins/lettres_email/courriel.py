"""Une lettre d'information prête pour l'outil d'envoi : adresses absolues, CSS en ligne, message MIME.

Pur : aucune dépendance à Pelican. Le HTML arrive déjà rendu par le gabarit ; ce module ne fait que
le préparer pour les clients de courrier et l'emballer avec sa version texte.
"""

import hashlib
import html
from email.charset import QP, Charset
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import css_inline

# Texte littéral du pied de la lettre, dans les deux parties, que l'outil d'envoi remplace pour chaque
# abonné par son lien de désinscription (le réglage LETTRE_DESINSCRIPTION peut donner à la place la
# balise de l'outil, par exemple *|UNSUB|*). Des crochets, pas d'accolades : ni Jinja ni l'outil ne le
# prennent pour autre chose, et il reste lisible si l'outil l'oubliait.
DESINSCRIPTION = "[[DESINSCRIPTION]]"

ATTRIBUTS_URL = ("href", "src", "srcset")

# UTF-8 en quoted-printable, pour le corps comme pour les en-têtes accentués.
_UTF8_QP = Charset("utf-8")
_UTF8_QP.header_encoding = QP
_UTF8_QP.body_encoding = QP

# Les clients de courrier ignorent <style> ou le filtrent : tout passe dans les attributs style.
# Jamais de feuille distante : le courriel ne doit rien charger d'autre que les images du site.
_INLINER = css_inline.CSSInliner(keep_style_tags=False, keep_link_tags=False, load_remote_stylesheets=False)


class _Reecriture(HTMLParser):
    """Recopie le HTML tel quel, sauf les attributs href et src passés à `convertir`."""

    def __init__(self, convertir):
        super().__init__(convert_charrefs=False)
        self.convertir = convertir
        self.morceaux = []

    def _balise(self, tag, attrs):
        brut = self.get_starttag_text()
        if not any(nom in ATTRIBUTS_URL and valeur is not None for nom, valeur in attrs):
            return brut
        parties = [tag]
        for nom, valeur in attrs:
            if valeur is None:
                parties.append(nom)
                continue
            if nom == "srcset":
                # « /images/p-480.jpg 480w, /images/p-720.jpg 720w » : chaque adresse, pas la liste entière.
                valeur = ", ".join(" ".join([self.convertir(adresse), *reste])
                                   for adresse, *reste in (c.split() for c in valeur.split(",") if c.strip()))
            elif nom in ATTRIBUTS_URL:
                valeur = self.convertir(valeur.strip())
            parties.append(f'{nom}="{html.escape(valeur)}"')
        return "<" + " ".join(parties) + (" />" if brut.endswith("/>") else ">")

    def handle_starttag(self, tag, attrs):
        self.morceaux.append(self._balise(tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.morceaux.append(self._balise(tag, attrs))

    def handle_endtag(self, tag):
        self.morceaux.append(f"</{tag}>")

    def handle_data(self, data):
        self.morceaux.append(data)

    def handle_entityref(self, name):
        self.morceaux.append(f"&{name};")

    def handle_charref(self, name):
        self.morceaux.append(f"&#{name};")

    def handle_comment(self, data):
        self.morceaux.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.morceaux.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.morceaux.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.morceaux.append(f"<![{data}]>")


def adresses_absolues(contenu, adresse_page, alias=()):
    """Le HTML d'une lettre dont chaque lien et chaque image pointe vers le site publié.

    `adresse_page` est l'adresse publique de la lettre (https://tousmigrants.org/lettres/x/) :
    « /communiques/y/ » part de la racine du site, « ../y/ » ou « #ancre » de la page de la lettre.
    Une adresse commençant par un `alias` (le SITEURL d'un aperçu local) est ramenée au site publié.
    """
    site = "{0.scheme}://{0.netloc}".format(urlsplit(adresse_page))

    def convertir(url):
        for prefixe in alias:
            if prefixe and url.startswith(prefixe.rstrip("/") + "/"):
                return site + url[len(prefixe.rstrip("/")):]
        return urljoin(adresse_page, url)

    lecteur = _Reecriture(convertir)
    lecteur.feed(contenu)
    lecteur.close()
    return "".join(lecteur.morceaux)


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.sources.append(dict(attrs).get("src") or "")


def images_hors_site(contenu, site):
    """Les images qui ne viennent pas du site : un courriel ne charge rien ailleurs."""
    lecteur = _Images()
    lecteur.feed(contenu)
    lecteur.close()
    return [src for src in lecteur.sources if not src.startswith(site.rstrip("/") + "/")]


def css_en_ligne(document):
    """Le document HTML avec son CSS recopié dans les attributs style (sa balise <style> disparaît)."""
    return _INLINER.inline(document)


def _partie(texte, sous_type):
    """Une partie text/<sous_type> en UTF-8, quoted-printable, terminée par un saut de ligne."""
    partie = MIMEText(texte if texte.endswith("\n") else texte + "\n", sous_type, _UTF8_QP)
    del partie["MIME-Version"]  # un seul, en tête du message
    return partie


def _entete(valeur):
    """Un en-tête tel quel s'il est en ASCII, sinon encodé (RFC 2047) pour passer partout."""
    return valeur if valeur.isascii() else Header(valeur, _UTF8_QP)


def message(sujet, nom, adresse, date, texte, html_courriel):
    """Le message MIME multipart/alternative (texte puis HTML, UTF-8), sans destinataire.

    L'outil d'envoi ajoute To et Message-ID pour chaque abonné. Le quoted-printable garde les
    deux parties lisibles dans le fichier et sûres sur n'importe quel transport.

    Construit avec les classes email.mime (politique compat32) plutôt qu'EmailMessage : le même
    message, relu pareil (les tests le relisent avec la politique moderne), mais sans réanalyser
    chaque en-tête qu'on pose ; c'était 1,3 ms par lettre, le plus gros du coût des courriels.
    """
    # Une frontière tirée du contenu, pas au hasard : un build sans changement donne le même fichier,
    # et `make publish` n'a alors rien à publier.
    empreinte = hashlib.sha256((texte + html_courriel).encode("utf-8")).hexdigest()[:32]
    courriel = MIMEMultipart("alternative", boundary=f"==tousmigrants-{empreinte}==")
    courriel["Subject"] = _entete(sujet)
    courriel["From"] = formataddr((nom, adresse), charset="utf-8")
    courriel["Date"] = format_datetime(date)
    courriel.attach(_partie(texte, "plain"))
    courriel.attach(_partie(html_courriel, "html"))
    return courriel


def octets_eml(courriel):
    """Le fichier .eml, en fins de ligne LF : le serveur d'envoi les passe en CRLF sur le réseau."""
    return courriel.as_bytes()
