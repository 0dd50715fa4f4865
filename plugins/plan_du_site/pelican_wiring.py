"""Branchement : noter chaque page écrite, puis écrire sitemap.xml à la fin du build."""

import datetime
import os

from contrat.site import CLE_DU_SITE
from pelican import signals

from .plan import plan_xml


class _Plan:
    """Les pages écrites par un build, et son site."""

    def __init__(self):
        self.pages = []
        self.site = None


# Le plan de chaque build en cours, par son dossier de sortie : les signaux qui nomment le build (début, fin)
# ne donnent que l'objet Pelican, celui de chaque page écrite que son contexte ; le dossier de sortie est dans
# les deux (le même texte : le réglage OUTPUT_PATH). Chaque build écrit dans un dossier neuf
# (outils/chantier.py) : deux builds ne partagent rien.
_PLANS = {}


def commencer(pelican):
    _PLANS[pelican.output_path] = _Plan()


def noter(chemin, context):
    plan = _PLANS.get(context.get("OUTPUT_PATH"))
    if plan is None:  # une page écrite hors d'un build de Pelican
        return
    document = context.get("article") or context.get("page")
    modifie = getattr(document, "modified", None) or getattr(document, "date", None)
    if isinstance(modifie, datetime.datetime):
        modifie = modifie.date()
    plan.site = plan.site or context.get(CLE_DU_SITE)
    plan.pages.append((os.path.relpath(chemin, context["OUTPUT_PATH"]).replace(os.sep, "/"), modifie))


def ecrire(pelican):
    plan = _PLANS.pop(pelican.output_path, None) or _Plan()
    reglages = pelican.settings
    site = reglages.get("SITEURL") or reglages.get("SITE_CANONIQUE", "")
    # Les pages de redirection (anciennes adresses) ne sont pas du contenu : hors du plan (la capacité
    # redirections les dépose). PLAN_DU_SITE_EXCLUSIONS, plus bas, est un réglage du site (pelicanconf.py).
    redirigees = (plan.site.productions.lire("pages_de_redirection", par="plan_du_site", sans_producteur=frozenset())
                  if plan.site else frozenset())
    # {adresse: [(langue, adresse)]} : chaque version d'une fiche connaît les autres (la capacité traductions).
    alternatives = (plan.site.productions.lire("alternatives_des_pages", par="plan_du_site", sans_producteur={})
                    if plan.site else {})
    xml = plan_xml(plan.pages, site, reglages.get("PLAN_DU_SITE_EXCLUSIONS", ()), alternatives, redirigees)
    with open(os.path.join(pelican.output_path, "sitemap.xml"), "w", encoding="utf-8") as fichier:
        fichier.write(xml)


def register():
    # get_generators est envoyé au début de chaque build, même en reconstruction automatique : un plan neuf.
    signals.get_generators.connect(commencer)
    # Chaque page HTML écrite par le writer de Pelican (articles, listes, pages des plugins) ; son contexte
    # porte le site du build (et ses productions : les pages de redirection, les versions traduites des pages).
    signals.content_written.connect(noter)
    # Tout est écrit : on écrit le plan, et le build oublie le sien.
    signals.finalized.connect(ecrire)
