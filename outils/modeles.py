"""`invoke new` : un fichier de contenu prêt à remplir, ou la traduction d'une fiche avec son texte français."""

import datetime
import os
import unicodedata

from pelican.utils import slugify

from outils import RACINE
from outils.erreurs import sortir

# Les plugins, sur le chemin des imports depuis `import outils`.
import contrat
from contrat import regles

# Ce que `invoke new` écrit : un titre, une date, et « À REMPLIR : … » partout ailleurs. Aucune valeur
# vraisemblable (un pôle, une nature, un lieu) : un fichier publié sans être relu serait compté dans le
# rapport d'activité. Le contrat refuse tout « À REMPLIR : » ; {listes} donne les valeurs possibles.
A_REMPLIR = regles.A_REMPLIR
MODELES = {
    "communique": ("communiques", f'summary: "{A_REMPLIR} l\'En bref, une ou deux phrases : qui, quoi, quand, où."\ntags: []\n'),
    "lettre": ("lettres", f'summary: "{A_REMPLIR} une phrase qui résume la lettre."\n'
                          f'numero: "{A_REMPLIR} le numéro de la lettre, par exemple 7 (ou supprimez cette ligne)"\n'),
    "fiche": ("fiches-pratiques", "modified: {jour}\n"
              '# après la relecture juridique : verifiee_par: "pôle action juridique" et verifiee_le: AAAA-MM-JJ\n'
              f'summary: "{A_REMPLIR} une phrase."\n'
              f'public: ["{A_REMPLIR} un ou plusieurs de {{publics}}"]\n'
              f'theme: "{A_REMPLIR} l\'un de {{themes}}"\n'),
    "action": ("actions", f'summary: "{A_REMPLIR} ce qui s\'est passé, en une phrase."\n'
               f'pole: "{A_REMPLIR} l\'un de {{poles}}"\n'
               f'nature: "{A_REMPLIR} l\'un de {{natures}}"\n'
               f'lieu: "{A_REMPLIR} la commune (ou supprimez cette ligne)"\n'),
    # Une publication n'a pas de texte à elle : son résumé est ce que /publications/ en montre.
    "publication": ("publications", f'summary: "{A_REMPLIR} ce que c\'est et pour qui, en deux ou trois phrases."\n'
                    f'nature: "{A_REMPLIR} l\'un de {{natures_publications}}"\n'
                    "# fichier: /fichiers/nom-du-document.pdf   (le PDF copié dans content/fichiers/ ; sans lui : « sur demande »)\n"
                    "# couverture: /images/nom-de-l-image.jpg   (sans elle : la première page du PDF)\n"
                    "# action: slug-de-l-action   (l'action qui la présente, s'il y en a une)\n"),
}
# Le texte sous l'en-tête, selon le type : une publication n'en a pas.
CORPS_DU_MODELE = {"publication": ""}


def nouvelle_traduction(settings, slug, langue):
    """content/traductions/<langue>/<slug>.md : l'en-tête rempli d'après la fiche française, son texte à traduire."""
    langues = settings["LANGUES"]
    if langue not in langues:
        debut = f"Langue inconnue « {langue} »" if langue else "Quelle langue ?"
        sortir(f"{debut} ; attendu : l'une de {', '.join(langues)} (LANGUES dans pelicanconf.py), "
               f"par exemple : invoke new traduction {slug} --langue {next(iter(langues))}")
    documents, _ = contrat.valider(settings)
    fiches = {d.slug: d for d in documents if d.type == "fiche" and not d.brouillon}
    fiche = fiches.get(slug)
    if fiche is None:
        sortir(f"Aucune fiche pratique publiée n'a le slug « {slug} » ; attendu : l'un de {', '.join(sorted(fiches))}.")
    chemin = os.path.join(settings["PATH"], regles.DOSSIER_TRADUCTIONS, langue, f"{slug}.md")
    if os.path.exists(chemin):
        sortir(f"La traduction {os.path.relpath(chemin, RACINE)} existe déjà.")
    titre_fr = str(fiche.meta["title"]).replace("\\", "\\\\").replace('"', '\\"')
    os.makedirs(os.path.dirname(chemin), exist_ok=True)
    with open(chemin, "w", encoding="utf-8") as fichier:
        fichier.write(
            f'---\ntitle: "{A_REMPLIR} le titre traduit de « {titre_fr} »"\n'
            f'summary: "{A_REMPLIR} l\'En bref traduit"\n'
            f"traduction_de: {slug}\n"
            f"version_fr: {fiche.meta['modified'].isoformat()}\n"
            "# après la relecture par une personne de langue maternelle : relue_par: \"son nom\"\n"
            f"---\n\n{A_REMPLIR} traduisez le texte français ci-dessous, puis retirez cette ligne.\n\n{fiche.corps.strip()}\n")
    print(f"Créé : {os.path.relpath(chemin, RACINE)}, avec le texte français de la fiche (version du "
          f"{fiche.meta['modified'].isoformat()}) à traduire.\n"
          f"Remplacez chaque « {A_REMPLIR} … » : tant qu'il en reste un, make check et make build refusent le fichier.")


def nouveau(settings, type, titre):
    """content/<dossier du type>/<jour>-<slug du titre>.md : le titre, la date du jour, « À REMPLIR » partout ailleurs."""
    if type not in MODELES:
        sortir(f"Type inconnu « {type} » ; attendu : {', '.join(MODELES)}, traduction.")
    dossier, champs = MODELES[type]
    jour = datetime.date.today().isoformat()
    listes = {nom: ", ".join(settings[reglage]) for nom, reglage in
              (("poles", "POLES"), ("natures", "NATURES"), ("publics", "PUBLICS"), ("themes", "THEMES_FICHES"),
               ("natures_publications", "NATURES_PUBLICATIONS"))}
    slug = slugify(unicodedata.normalize("NFC", titre), regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"])[:60].rstrip("-")
    chemin = os.path.join(RACINE, "content", dossier, f"{jour}-{slug}.md")
    if os.path.exists(chemin):
        sortir(f"Le fichier {os.path.relpath(chemin, RACINE)} existe déjà.")
    titre_yaml = titre.replace("\\", "\\\\").replace('"', '\\"')
    with open(chemin, "w", encoding="utf-8") as fichier:
        corps = CORPS_DU_MODELE.get(type, f"\n{A_REMPLIR} le texte, en Markdown.\n")
        fichier.write(f'---\ntitle: "{titre_yaml}"\ndate: {jour}\n{champs.format(jour=jour, **listes)}---\n{corps}')
    print(f"Créé : {os.path.relpath(chemin, RACINE)}\n"
          f"Remplacez chaque « {A_REMPLIR} … » : tant qu'il en reste un, make check et make build refusent le fichier.")
