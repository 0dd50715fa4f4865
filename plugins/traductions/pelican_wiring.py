"""Branchement des traductions dans Pelican : les pages /<langue>/…, le tableau /traductions/, les autres
langues de chaque fiche française.

Pelican ne lit pas content/traductions/ : le contrat les vérifie et les donne (le site du build, `traductions`) ;
ce générateur écrit leurs pages, chacune avec les catalogues de sa langue installés dans Jinja.
"""

import functools
import hashlib
import logging
import os
from types import MappingProxyType

import babel.dates
import caches
import formats
from jinja2 import pass_eval_context
from markdown import Markdown
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

import contrat
import contrat.papier  # ce que devient le HTML d'un texte sur papier, comme pour les PDF en français
from contrat.typographie import apostrophes, typographie_francaise

from . import catalogues
from . import traductions as coeur

logger = logging.getLogger(__name__)

PAGE_ETAT = "traductions/"
PAGE_RECHERCHE = "recherche/"
PAGE_HORS_LIGNE = "hors-ligne/"


def _markdown(reglages):
    # Sans la typographie française du contenu : elle poserait des espaces insécables avant « : » en anglais.
    md = reglages["MARKDOWN"]
    configs = md.get("extension_configs", {})
    return Markdown(extensions=list(configs), extension_configs=configs, output_format=md.get("output_format", "html5"))


class GenerateurTraductions(Generator):
    """Les pages des langues : accueil, index des fiches, fiches traduites ; et le tableau de bord."""

    def generate_context(self):
        self.site = contrat.site_du_build(self.context)
        self.langues = coeur.langues_de(self.settings.get("LANGUES", {}), self.settings.get("LANGUES_LOCALES"))
        self.fiches = list(self.site.du_type("fiche"))
        self.traductions = self.site.traductions
        self.lignes = coeur.tableau(self.fiches, self.traductions, self.langues)
        a_revoir = coeur.message_a_revoir(self.lignes)
        if a_revoir:
            logger.warning(a_revoir)
        if any(case.etat != "a-jour" for _, cases in self.lignes for case in cases):
            logger.warning(coeur.resume(self.lignes))
        _, accueils = coeur.par_langue(self.traductions)
        # L'entrée de chaque langue, sur l'accueil et l'index des fiches en français.
        self.context["LANGUES_DU_SITE"] = [(l, coeur.adresse(l.code)) for l in self.langues if l.code in accueils]
        self.context["VERSIONS_DES_FICHES"] = {
            f.slug: coeur.versions(f.slug, f.url, self.traductions, self.langues) for f in self.fiches
        }
        # Pour le plan du site (xhtml:link) : chaque version d'une fiche connaît toutes les autres.
        self.site.productions.deposer("alternatives_des_pages", MappingProxyType({
            url: [(code, autre) for code, _, autre in versions]
            for versions in self.context["VERSIONS_DES_FICHES"].values() for _, _, url in versions
        }), par="traductions")

    def _ecrire(self, writer, url, gabarit, langue, **valeurs):
        # Les messages des gabarits dans la langue de la page, le temps de son rendu ; « Recherche », dans le menu,
        # mène à la recherche de cette langue (Pagefind n'y charge que son index).
        self.env.install_gettext_translations(self._catalogues[langue.code], newstyle=True)
        menu = [(f"{langue.code}/{PAGE_RECHERCHE}" if lien == PAGE_RECHERCHE else lien, libelle)
                for lien, libelle in self.settings.get("MENU", ())]
        try:
            writer.write_file(url + "index.html", self.get_template(gabarit), self.context,
                              relative_urls=self.settings["RELATIVE_URLS"], url=url, langue_page=langue.code,
                              sens_page=langue.sens, MENU=menu, **valeurs)
        finally:
            installer_gettext(self)

    def generate_output(self, writer):
        siteurl = self.settings.get("SITEURL", "")
        self._catalogues = {l.code: catalogues.charger(self.settings["THEME"], l.code) for l in self.langues}
        traduites, accueils = coeur.par_langue(self.traductions)
        par_slug = {f.slug: f for f in self.fiches}
        adresses_des_sources = {r.source: r.url for r in self.site.records}
        slugs_des_adresses = {f.url: f.slug for f in self.fiches}
        md = _markdown(self.settings)

        def html(texte, langue, slugs):
            md.reset()
            return apostrophes(
                md.convert(coeur.recrire_liens(texte, langue, adresses_des_sources, slugs_des_adresses, slugs, siteurl)))

        pdf, recueils = self._preparer_pdf(traduites, par_slug, html)
        for t in (*pdf.values(), *recueils.values()):
            t.publier(self.output_path)

        versions_index = [("fr", "Français", f"{coeur.RUBRIQUE}/"),
                          *((l.code, l.nom, f"{l.code}/{coeur.RUBRIQUE}/") for l in self.langues)]
        for langue in self.langues:
            slugs = {slug for (code, slug) in traduites if code == langue.code}
            index = coeur.index_de(langue.code, self.fiches, self.traductions)
            date = _date(langue)
            recueil = recueils.get(langue.code)
            accueil = accueils.get(langue.code)
            if accueil:
                self._ecrire(writer, coeur.adresse(langue.code), "traductions/accueil", langue,
                             traduction=accueil, contenu=html(accueil.corps, langue.code, slugs), index=index,
                             langues=self.context["LANGUES_DU_SITE"])
            self._ecrire(writer, f"{langue.code}/{coeur.RUBRIQUE}/", "traductions/index", langue, index=index,
                         langues=self.context["LANGUES_DU_SITE"], versions=versions_index, recueil=recueil,
                         taille_recueil=recueil and coeur.taille(recueil.octets, langue.code))
            self._ecrire(writer, f"{langue.code}/{PAGE_RECHERCHE}", "traductions/recherche", langue)
            self._ecrire(writer, f"{langue.code}/{PAGE_HORS_LIGNE}", "traductions/hors_ligne", langue,
                         fiches=[entree for entree in index if entree.traduite])
            for slug in sorted(slugs):
                t, fiche = traduites[(langue.code, slug)], par_slug[slug]
                self._ecrire(writer, coeur.adresse(langue.code, slug), "traductions/fiche", langue,
                             traduction=t, fiche=fiche, contenu=html(t.corps, langue.code, slugs),
                             a_revoir=coeur.a_revoir(t, fiche), versions=self.context["VERSIONS_DES_FICHES"][slug],
                             date_version=date(t.version_fr), date_fr_modifiee=date(fiche.modified),
                             date_verifiee=date(fiche.verifiee_le) if fiche.relu else None,
                             pdf=pdf.get((langue.code, slug)),
                             taille_pdf=(langue.code, slug) in pdf and coeur.taille(pdf[(langue.code, slug)].octets, langue.code))
            self._ecrire_hors_ligne(langue, slugs, index, [t for (code, _), t in pdf.items() if code == langue.code]
                                    + ([recueil] if recueil else []))
        # Le tableau de bord de l'association, en français (ni plan du site, ni recherche, ni flux).
        writer.write_file(PAGE_ETAT + "index.html", self.get_template("traductions/etat"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url=PAGE_ETAT, lignes=self.lignes,
                          langues=self.langues, resume=coeur.resume(self.lignes))

    # --- Les PDF -----------------------------------------------------------------------------------

    def _preparer_pdf(self, traduites, par_slug, html):
        """Les PDF des fiches traduites et le recueil de chaque langue, repris du cache ou rendus (en parallèle) :
        ({(langue, slug): Telechargement}, {langue: Telechargement}).

        Bilingue : la traduction, puis la fiche française telle que son propre PDF la montre (« fiches_sur_papier »,
        déposé par la capacité fiches avant toute écriture) : la personne et le maraudeur ont le même texte en main.
        """
        if not self.settings.get("GENERER_PDF", True):
            return {}, {}  # GENERER_PDF = False (banc d'essai) : ni PDF, ni WeasyPrint à charger
        papier = self.site.productions.lire("fiches_sur_papier", par="traductions", sans_producteur={})
        if not papier:
            return {}, {}
        import rendu_pdf  # ici : WeasyPrint ne se charge que s'il y a des PDF à faire

        canonique = self.settings["SITE_CANONIQUE"].rstrip("/")
        gabarit, avis = self.get_template("traductions/pdf"), self.get_template("traductions/avis")
        recuperateur = rendu_pdf.Recuperateur(self.theme, self.settings["PATH"], canonique,
                                              images=caches.images_publiees(self.settings))
        cache = caches.CachePdf(os.path.join(self.settings["CACHE_PATH"], "traductions"), rendu_pdf.VERSION)
        demandes, cles = [], []
        for langue in self.langues:
            code = langue.code
            slugs = {slug for (c, slug) in traduites if c == code}
            a_rendre = sorted(slug for slug in slugs if slug in papier and slug != coeur.RUBRIQUE)
            if not a_rendre:
                continue
            date = _date(langue)
            self.env.install_gettext_translations(self._catalogues[code], newstyle=True)
            try:
                fiches = []
                for slug in a_rendre:
                    t, fiche = traduites[(code, slug)], par_slug[slug]
                    adresse = formats.adresse_absolue(canonique, coeur.adresse(code, slug))
                    valeurs = {"traduction": t, "fiche": fiche, "a_revoir": coeur.a_revoir(t, fiche),
                               "date_version": date(t.version_fr), "date_fr_modifiee": date(fiche.modified),
                               "date_verifiee": date(fiche.verifiee_le) if fiche.relu else None}
                    fiches.append({
                        **valeurs, "ancre": f"traduction-{slug}", "adresse": adresse, "qr": contrat.papier.qr_svg(adresse),
                        "contenu": contrat.papier.prefixer_ancres(contrat.papier.absolutiser(html(t.corps, code, slugs), canonique),
                                                              f"{code}-{slug}--"),
                        # Les avis « non relue » et « le français a changé », tels que la page les montre.
                        "avis": contrat.papier.absolutiser(avis.render({**self.context, **valeurs}), canonique),
                        "francais": papier[slug],
                    })
                for f in fiches:
                    demandes.append((f"{code}-{f['traduction'].slug}", coeur.adresse_pdf(code, f["traduction"].slug),
                                     gabarit.render(self.context, langue=langue, fiches=[f], recueil=False,
                                                    titre=f["traduction"].title, description=f["traduction"].summary,
                                                    a_jour_au=f["traduction"].version_fr),
                                     f["adresse"], f"content/{f['traduction'].source}",
                                     f"de la fiche « {code}/{f['traduction'].slug} »"))
                    cles.append((code, f["traduction"].slug))
                catalogue = self._catalogues[code]
                adresse_index = formats.adresse_absolue(canonique, f"{code}/{coeur.RUBRIQUE}/")
                demandes.append((f"{code}-{coeur.RUBRIQUE}", coeur.adresse_pdf(code),
                                 gabarit.render(self.context, langue=langue, fiches=fiches, recueil=True,
                                                titre=f"{catalogue.gettext('Fiches pratiques')} · {self.settings['SITENAME']}",
                                                description=catalogue.gettext("Des informations juridiques générales pour "
                                                                              "les personnes exilées, traduites du français."),
                                                a_jour_au=max(f["traduction"].version_fr for f in fiches),
                                                adresse_index=adresse_index,
                                                qr_index=Markup(contrat.papier.qr_svg(adresse_index))),
                                 adresse_index, f"Le recueil des fiches en {langue.nom} (content/traductions/{code}/)",
                                 f"de toutes les fiches en {langue.nom}"))
                cles.append((code, None))
            finally:
                installer_gettext(self)
        css = self.env.loader.get_source(self.env, "fiches/pdf.css")[0]
        produits = rendu_pdf.produire(cache, demandes, recuperateur, [css], logger)
        journal = cache.terminer()
        logger.info("Fiches traduites : %d PDF rendu(s) %s, %d repris du cache.",
                    len(journal["rendus"]), journal["rendus"], len(journal["reutilises"]))
        pdf = {cle: t for cle, t in zip(cles, produits) if t and cle[1]}
        recueils = {code: t for (code, slug), t in zip(cles, produits) if t and not slug}
        return pdf, recueils

    # --- Hors ligne --------------------------------------------------------------------------------

    def _ecrire_hors_ligne(self, langue, slugs, index, telechargements):
        """/<langue>/fiches-pratiques/sw.js et hors-ligne.js : les fiches de la langue et leurs PDF se lisent sans
        réseau, comme les françaises (même service worker, son propre dossier : il ne contrôle que les pages dessous)."""
        dossier = os.path.join(self.output_path, langue.code, coeur.RUBRIQUE)
        version_css = self.site.version_css
        prefixe = f"{langue.code}/{coeur.RUBRIQUE}/"
        adresses = ["./", *(f"{slug}/" for slug in sorted(slugs)), *(t.url[len(prefixe):] for t in telechargements),
                    f"../../theme/css/site.css?v={version_css}", "hors-ligne.js", "../" + PAGE_HORS_LIGNE]
        # La version change avec les traductions, leur index, leurs PDF, la feuille de style, la page hors ligne et
        # les messages de la langue : un nouveau cache alors.
        version = hashlib.sha256(repr((sorted(slugs), index, version_css, catalogues.texte(self.settings["THEME"], langue.code),
                                       self.env.loader.get_source(self.env, "traductions/hors_ligne.html")[0], [
            (t.langue, t.slug, t.title, t.corps, t.version_fr, t.relue_par) for t in self.traductions
            if t.langue == langue.code], [t.empreinte for t in telechargements])).encode("utf-8")).hexdigest()[:12]
        sw = self.env.get_template("fiches/sw.js").render(
            version=version, adresses=adresses, hors_ligne="../" + PAGE_HORS_LIGNE, prefixe=f"tm-{langue.code}-fiches-")
        source = self.env.loader.get_source(self.env, "fiches/hors-ligne.js")[0]
        for nom, texte in (("sw.js", sw), ("hors-ligne.js", source)):
            with open(os.path.join(dossier, nom), "w", encoding="utf-8") as fichier:
                fichier.write(texte)


def _date(langue):
    """Les dates d'une page ou d'un PDF dans sa langue, par Babel (dans la variante de LANGUES_LOCALES, s'il y en a une)."""
    return lambda jour: babel.dates.format_date(jour, "long", locale=langue.locale_des_dates)


def generateur(_pelican):
    return GenerateurTraductions


# Un message d'un gabarit ne dépend que de son msgid : sa typographie est calculée une fois par processus,
# pas à chaque page (une vingtaine de _() par page : ~0,4 s par build à N = 4000).
_typographie_du_message = functools.lru_cache(maxsize=None)(typographie_francaise)


@functools.lru_cache(maxsize=None)
def _message_seul(msgid, echapper):
    texte = _typographie_du_message(msgid)
    return (Markup(texte) if echapper else texte) % {}


@pass_eval_context
def _gettext_francais(contexte, msgid, **variables):
    """Le gettext « nouveau style » de Jinja (jinja2.ext._make_new_gettext) pour le français : la typographie du
    msgid, en Markup si le gabarit échappe, puis « % variables » (toujours, même sans variable, comme Jinja).
    Même résultat, en un appel au lieu de trois (~0,3 s de moins par build à N = 4000) ; sans variable, le
    message entier est gardé."""
    if not variables:
        return _message_seul(msgid, contexte.autoescape)
    texte = _typographie_du_message(msgid)
    return (Markup(texte) if contexte.autoescape else texte) % variables


def installer_gettext(generator):
    # Les gabarits appellent _() : en français (les msgid, avec la typographie du contenu, comme le texte écrit
    # dans les gabarits), tant qu'une page traduite n'installe pas sa langue.
    generator.env.install_gettext_callables(
        typographie_francaise, lambda singulier, pluriel, n: typographie_francaise(singulier if n == 1 else pluriel),
        newstyle=True)
    # _() (l'alias de Jinja) appelle le gettext installé : le français passe par le raccourci ci-dessus ; une page
    # traduite installe le sien (install_gettext_translations), puis on revient à celui-ci.
    generator.env.globals["gettext"] = _gettext_francais


def register():
    # Chaque générateur a son environnement Jinja, avec l'extension i18n (JINJA_ENVIRONMENT) : _() y est défini.
    signals.generator_init.connect(installer_gettext)
    # Notre générateur passe après ceux des articles et des pages : il lit les fiches.
    signals.get_generators.connect(generateur)
