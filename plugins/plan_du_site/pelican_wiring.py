"""Branchement : noter chaque page écrite, puis écrire sitemap.xml à la fin du build."""

import datetime
import os
import re

from contrat import signaux
from pelican import signals

from .plan import plan_xml


class _Plan:
    """Les pages d'un build et son site, remis à zéro au début de chaque build (et de chaque reconstruction)."""

    pages = []
    site = None
    alternatives = {}  # {adresse: [(langue, adresse)]} : ALTERNATIVES_DES_PAGES, donné par la capacité traductions


def commencer(_pelican):
    _Plan.pages = []
    _Plan.site = None
    _Plan.alternatives = {}


def retenir(site):
    _Plan.site = site


def noter(chemin, context):
    document = context.get("article") or context.get("page")
    modifie = getattr(document, "modified", None) or getattr(document, "date", None)
    if isinstance(modifie, datetime.datetime):
        modifie = modifie.date()
    sortie = context.get("OUTPUT_PATH", "")
    _Plan.alternatives = context.get("ALTERNATIVES_DES_PAGES") or _Plan.alternatives
    _Plan.pages.append((os.path.relpath(chemin, sortie).replace(os.sep, "/"), modifie))


def ecrire(pelican):
    reglages = pelican.settings
    site = reglages.get("SITEURL") or reglages.get("SITE_CANONIQUE", "")
    # Les pages de redirection (anciennes adresses) ne sont pas du contenu : hors du plan.
    redirigees = sorted(_Plan.site.adresses_redirigees) if _Plan.site else ()
    exclusions = [*reglages.get("PLAN_DU_SITE_EXCLUSIONS", ()), *(f"^{re.escape(a)}$" for a in redirigees)]
    xml = plan_xml(_Plan.pages, site, exclusions, _Plan.alternatives)
    with open(os.path.join(pelican.output_path, "sitemap.xml"), "w", encoding="utf-8") as fichier:
        fichier.write(xml)
    _Plan.pages = []
    _Plan.site = None
    _Plan.alternatives = {}


def register():
    # get_generators est envoyé au début de chaque build, même en reconstruction automatique.
    signals.get_generators.connect(commencer)
    # Le contrat donne le site du build une fois tout lu : on en garde les adresses redirigées.
    signaux.site_pret.connect(retenir)
    # Chaque page HTML écrite par le writer de Pelican (articles, listes, pages des plugins).
    signals.content_written.connect(noter)
    # Tout est écrit : on écrit le plan.
    signals.finalized.connect(ecrire)
