"""Branchement des fiches pratiques dans Pelican : fiches à vérifier, index groupé, PDF, hors ligne.

Ordre d'un build :
1. `generate_context` (articles et pages déjà lus) : fiches à vérifier (avertissement), groupes de l'index ;
2. `all_generators_finalized` (tout est lu, les liens {filename} sont résolus, rien n'est écrit) : les PDF
   sont rendus ou repris du cache, et leur taille va dans le contexte, pour les pages qui l'affichent ;
3. `generate_output` : les PDF sont copiés dans le site, avec le service worker et la page « hors ligne ».
"""

import logging
import os
import time
from types import MappingProxyType

import caches
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

import contrat
import formats
from contrat import papier, regles

from . import fiches as coeur


logger = logging.getLogger(__name__)

# Le dossier des fiches dans content/ est aussi leur rubrique sur le site (/fiches-pratiques/).
RUBRIQUE = regles.dossier_du_type("fiche")
# Le recueil porte le nom de la rubrique : /fiches-pratiques/fiches-pratiques.pdf.
NOM_RECUEIL = RUBRIQUE
# La page de secours hors ligne, à une adresse que le contrat réserve au site (regles.ADRESSES_RESERVEES).
PAGE_HORS_LIGNE = "hors-ligne/"


def _url_pdf(fiche):
    # « fiches-pratiques/garde-a-vue/ » -> « fiches-pratiques/garde-a-vue.pdf » : le PDF est à côté de la page.
    return fiche.url.rstrip("/") + ".pdf"


class GenerateurFiches(Generator):
    """Les PDF des fiches, le recueil, le service worker et la page « hors ligne »."""

    def generate_context(self):
        # Les générateurs des plugins passent après ceux des articles et des pages : tout est lu.
        self.site = contrat.site_du_build(self.context)
        self.fiches = coeur.fiches_de(self.site.records)
        mois = self.settings.get("FICHE_VERIFICATION_MOIS", 12)
        perimees = coeur.a_verifier(self.fiches, self.site.aujourdhui, mois)
        if perimees:
            # Un avertissement de build : le pôle juridique voit la liste à chaque construction du site.
            logger.warning(coeur.message_a_verifier(perimees, mois))
        en_attente = coeur.en_attente_de_relecture(self.fiches)
        if en_attente:
            logger.warning(coeur.message_en_attente(en_attente))
        self.context["FICHES_A_VERIFIER"] = {f.slug for f in perimees}
        self.context["FICHES_GROUPES"] = coeur.groupes(
            self.fiches, self.settings["PUBLICS"], self.settings["THEMES_FICHES"]
        )
        # Pour les gabarits des fiches (taille des PDF) ; les autres capacités lisent les productions du build.
        self.context["FICHES_PDF"] = {}
        self.context["FICHES_PDF_RECUEIL"] = self.recueil = None

    # --- Les PDF -----------------------------------------------------------------------------------

    def _source(self, nom):
        return self.env.loader.get_source(self.env, nom)[0]

    def _description(self, fiche, perimees):
        """Ce que le gabarit PDF montre d'une fiche."""
        publics, themes = self.settings["PUBLICS"], self.settings["THEMES_FICHES"]
        adresse = formats.adresse_absolue(self._canonique, fiche.url)
        return {
            "record": fiche,
            "ancre": "fiche-" + fiche.slug,
            "contenu": papier.prefixer_ancres(papier.absolutiser(self.site.html_de(fiche.source), self._canonique), fiche.slug + "--"),
            "adresse": adresse,
            "qr": papier.qr_svg(adresse),
            "perimee": fiche.slug in perimees,
            "publics": [publics[p] for p in fiche.public if p in publics],
            "theme": themes.get(fiche.theme),
        }

    def preparer_pdf(self):
        """Rend les PDF qui ont changé depuis le dernier build, reprend les autres du cache, et dépose dans les
        productions du build le recueil (pour /publications/) et chaque fiche telle que son PDF la montre (le
        verso en français des PDF des traductions)."""
        descriptions = self._preparer_pdf()
        self.site.productions.deposer("recueil_des_fiches", self.recueil, par="fiches")
        self.site.productions.deposer("fiches_sur_papier", MappingProxyType(descriptions or {}), par="fiches")

    def _preparer_pdf(self):
        if not self.fiches:
            return None
        if not self.settings.get("GENERER_PDF", True):
            # GENERER_PDF = False (banc d'essai) : ni PDF ni lien vers un PDF ; le hors-ligne garde les pages.
            self.context["FICHES_VERSION"] = self._version_hors_ligne(())
            return None
        debut = time.perf_counter()
        self._canonique = self.settings["SITE_CANONIQUE"].rstrip("/")
        perimees = self.context["FICHES_A_VERIFIER"]
        gabarit = self.get_template("fiches/pdf")
        css = self._source("fiches/pdf.css")
        # Les images du site (content/images/, le thème) sont lues sur le disque ; rien d'autre n'est lu.
        import rendu_pdf  # ici : WeasyPrint ne se charge que s'il y a des PDF à faire

        recuperateur = rendu_pdf.Recuperateur(self.theme, self.settings["PATH"], self._canonique,
                                              images=caches.images_publiees(self.settings))
        cache = caches.CachePdf(os.path.join(self.settings["CACHE_PATH"], "fiches"), rendu_pdf.VERSION)

        # Le recueil suit l'ordre des thèmes, comme son sommaire ; une fiche sans thème vient à la fin.
        themes = self.settings["THEMES_FICHES"]
        rang = {cle: i for i, cle in enumerate(themes)}
        ordre = sorted(self.fiches, key=lambda f: (rang.get(f.theme, len(rang)), coeur.cle_de_titre(f)))
        descriptions = {f.slug: self._description(f, perimees) for f in ordre}
        sommaire = {}
        for f in ordre:
            sommaire.setdefault(themes.get(f.theme, coeur.AUTRES_THEMES[1]), []).append(descriptions[f.slug])
        # Chaque fiche, puis le recueil : rendus d'un coup (en parallèle) s'ils manquent au cache.
        demandes, slugs = [], []
        for fiche in ordre:
            if _url_pdf(fiche) == f"{RUBRIQUE}/{NOM_RECUEIL}.pdf":
                logger.error("La fiche %s ne peut pas s'appeler « %s » : c'est le nom du PDF de toutes les fiches ; "
                             "donnez-lui un autre « slug ».", fiche.source, NOM_RECUEIL)
                continue
            d = descriptions[fiche.slug]
            html = gabarit.render(self.context, fiches=[d], recueil=False, titre=fiche.title,
                                  description=fiche.summary, a_jour_au=fiche.modified or fiche.date)
            demandes.append((fiche.slug, _url_pdf(fiche), html, d["adresse"], f"content/{fiche.source}",
                             f"de la fiche « {fiche.slug} »"))
            slugs.append(fiche.slug)

        adresse_index = formats.adresse_absolue(self._canonique, f"{RUBRIQUE}/")
        html = gabarit.render(
            self.context, fiches=[descriptions[f.slug] for f in ordre], recueil=True, sommaire=list(sommaire.items()),
            titre=f"Fiches pratiques de {self.settings['SITENAME']}",
            description="Informations juridiques et pratiques pour les maraudeurs, les bénévoles et les personnes exilées.",
            a_jour_au=max(f.modified or f.date for f in self.fiches),
            adresse_index=adresse_index, qr_index=Markup(papier.qr_svg(adresse_index)),
        )
        demandes.append((NOM_RECUEIL, f"{RUBRIQUE}/{NOM_RECUEIL}.pdf", html, adresse_index,
                         f"Le recueil des fiches (content/{RUBRIQUE}/)", f"de la fiche « {NOM_RECUEIL} »"))
        *produits, recueil = rendu_pdf.produire(cache, demandes, recuperateur, [css], logger)
        telechargements = {slug: t for slug, t in zip(slugs, produits) if t}

        journal = cache.terminer()
        logger.info("Fiches pratiques : %d PDF rendu(s) %s, %d repris du cache, en %.1f s.",
                    len(journal["rendus"]), journal["rendus"], len(journal["reutilises"]),
                    time.perf_counter() - debut)
        self.context["FICHES_PDF"] = telechargements
        self.context["FICHES_PDF_RECUEIL"] = self.recueil = recueil
        self.context["FICHES_VERSION"] = self._version_hors_ligne(t for t in (*telechargements.values(), recueil) if t)
        return descriptions

    def _version_hors_ligne(self, telechargements):
        # La version du cache hors ligne : elle change dès qu'un PDF (donc une fiche), la feuille de style
        # ou la page de secours change ; le nouveau service worker remplace alors l'ancien cache.
        return caches.empreinte(
            *(f"{t.empreinte}.pdf" for t in telechargements),
            self.site.version_css, self._source("fiches/hors_ligne.html"),
        )[:12]

    # --- L'écriture --------------------------------------------------------------------------------

    def _ecrire_script(self, relatif, texte):
        # Des scripts, pas des pages : ils ne passent pas par le writer (ni par le plan du site).
        with open(os.path.join(self.output_path, relatif), "w", encoding="utf-8") as fichier:
            fichier.write(texte)

    def generate_output(self, writer):
        if not self.fiches:
            return
        telechargements = [t for t in (*self.context["FICHES_PDF"].values(), self.recueil) if t]
        for t in telechargements:
            t.publier(self.output_path)

        # La page de secours, servie par le service worker quand une page des fiches n'a pas été gardée.
        # Une vraie page du site (gabarit de base, feuille de style) : elle passe par le writer.
        writer.write_file(PAGE_HORS_LIGNE + "index.html", self.get_template("fiches/hors_ligne"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url=PAGE_HORS_LIGNE,
                          fiches=sorted(self.fiches, key=coeur.cle_de_titre))

        # Le service worker doit être dans /fiches-pratiques/ : il ne contrôle que les pages sous son dossier.
        # Adresses relatives à sw.js, pour un site servi à la racine comme dans un sous-dossier.
        rubrique = RUBRIQUE + "/"
        adresses = [
            "./", *(f.url[len(rubrique):] for f in self.fiches if f.url.startswith(rubrique)),
            *(t.url[len(rubrique):] for t in telechargements),
            f"../theme/css/site.css?v={self.site.version_css}",
            "hors-ligne.js", "../" + PAGE_HORS_LIGNE,
        ]
        sw = self.env.get_template("fiches/sw.js").render(
            version=self.context["FICHES_VERSION"], adresses=adresses, hors_ligne="../" + PAGE_HORS_LIGNE
        )
        self._ecrire_script(f"{RUBRIQUE}/sw.js", sw)
        self._ecrire_script(f"{RUBRIQUE}/hors-ligne.js", self._source("fiches/hors-ligne.js"))


def generateur(_pelican):
    return GenerateurFiches


def rendre_pdf(generators):
    for g in generators:
        if isinstance(g, GenerateurFiches):
            g.preparer_pdf()


def register():
    # Notre générateur passe après ceux des articles et des pages : il lit leurs fiches.
    signals.get_generators.connect(generateur)
    # Tout est lu et les liens internes sont résolus, rien n'est encore écrit : on rend les PDF
    # maintenant pour que les pages des fiches et l'index affichent leur taille.
    signals.all_generators_finalized.connect(rendre_pdf)
