"""Corpus synthétique pour le banc d'essai : N documents en français qui respectent le contrat de contenu.

Déterministe : la même graine et le même N donnent, octet pour octet, les mêmes fichiers. Répartition des
types comme sur le vrai site : 31 % communiqués, 10 % lettres, 5 % fiches, 54 % actions ; dates sur les
dix ans qui précèdent AUJOURDHUI, environ 350 mots par document, pôles, natures, chiffres, sujets,
partenaires, suites d'actions, anciennes adresses, et quelques actions à venir pour l'agenda.

Usage : python bench/corpus.py 1000 /dev/shm/corpus-1000
"""

import argparse
import datetime
import os
import random
import shutil
import sys
import unicodedata

GRAINE = 2015  # l'année de naissance du mouvement
# « Aujourd'hui » des builds du banc, comme dans les tests ; les dix ans qui précèdent portent le corpus.
AUJOURDHUI = "2026-11-27"
DERNIER_JOUR = datetime.date.fromisoformat(AUJOURDHUI)
PREMIER_JOUR = DERNIER_JOUR.replace(year=DERNIER_JOUR.year - 10)

REPARTITION = (("communique", 0.31), ("lettre", 0.10), ("fiche", 0.05), ("action", 0.54))
DOSSIERS = {"communique": "communiques", "lettre": "lettres", "fiche": "fiches-pratiques", "action": "actions"}

# Les listes fermées de pelicanconf.py, recopiées pour que ce module reste pur (contrat.valider les vérifie).
POLES = ("sensibilisation", "plaidoyer", "juridique", "maraudes", "reseaux", "elus", "communication", "vie-associative")
NATURES_PAR_POLE = {
    "sensibilisation": ("evenement", "rencontre", "publication", "manifestation"),
    "plaidoyer": ("tribune", "lettre-ouverte", "appel", "petition", "conference-de-presse"),
    "juridique": ("refere", "recours", "saisine", "poursuite", "proces", "decision", "observation"),
    "maraudes": ("maraude", "observation"),
    "reseaux": ("rencontre", "appel", "evenement"),
    "elus": ("rencontre", "lettre-ouverte"),
    "communication": ("publication", "conference-de-presse"),
    "vie-associative": ("assemblee-generale", "hommage", "evenement"),
}
CHIFFRES_PAR_NATURE = {
    "maraude": ("personnes_secourues", "interventions_umma", "evacuations_pompiers"),
    "petition": ("signatures",),
    "appel": ("organisations_signataires", "signatures"),
    "tribune": ("organisations_signataires",),
    "manifestation": ("participants",),
    "evenement": ("participants", "euros_collectes"),
    "poursuite": ("gardes_a_vue", "auditions_libres"),
    "publication": ("exemplaires_imprimes",),
    "assemblee-generale": ("participants",),
}
PUBLICS = ("maraudeurs", "exiles", "benevoles")
THEMES_FICHES = ("police-justice", "frontiere-asile", "solidarite")

SUJETS = (
    "frontière", "maraudes", "justice", "mineurs", "asile", "solidarité", "montagne", "hiver", "refuge",
    "police", "droits", "santé", "hébergement", "plaidoyer", "Europe", "élus", "manifestation", "fraternité",
    "Italie", "Montgenèvre", "col de l'Échelle", "bénévoles", "femmes", "enfants", "accueil", "presse",
    "Défenseur des droits", "Conseil d'État", "préfecture", "mémoire",
)
LIEUX = (
    "Briançon", "Montgenèvre", "Névache", "Clavière", "Oulx", "Gap", "Grenoble", "Marseille", "Paris",
    "Embrun", "L'Argentière-la-Bessée", "Vallouise", "Turin", "Lyon", "col de l'Échelle",
)
PARTENAIRES = (
    "Médecins du Monde", "Anafé", "Amnesty International France", "La Cimade", "Secours catholique",
    "Refuges solidaires", "Chemins pluriels", "Médecins sans frontières", "Emmaüs France", "CCFD-Terre solidaire",
    "Ligue des droits de l'Homme", "Utopia 56", "Alpes Solidaires", "ANVITA",
)

SUJETS_TITRE = (
    "la frontière franco-italienne", "les maraudes de nuit", "l'accueil des mineurs isolés", "le droit d'asile",
    "le Refuge solidaire", "les contrôles de la police aux frontières", "la mise à l'abri en hiver",
    "l'accès aux soins", "la fraternité", "les personnes secourues en montagne", "le droit de manifester",
    "l'hébergement d'urgence", "les refoulements à Montgenèvre", "les familles exilées", "les bénévoles poursuivis",
)
VERBES_TITRE = (
    "Alerte sur", "Mobilisation pour", "Nouvelles inquiétudes sur", "Bilan de", "Appel à défendre",
    "Rencontre autour de", "Décision sur", "Témoignages sur", "Questions à la préfecture sur", "Ce qui change pour",
)
TITRES_FICHES = (
    "Que faire en cas de contrôle d'identité", "La garde à vue, vos droits", "L'audition libre",
    "Demander l'asile à la frontière", "Secourir une personne en montagne", "Aider sans risque",
    "Les droits des mineurs isolés", "Contester une amende", "Le refus d'entrée", "Appeler les secours",
)

# Phrases à trous : assez variées pour que le Markdown et les résumés ressemblent à de vrais textes.
PHRASES = (
    "Depuis plusieurs semaines, les bénévoles de Tous Migrants constatent une dégradation de la situation à {lieu}.",
    "Les personnes exilées qui tentent de franchir la frontière de nuit prennent des risques considérables dans la montagne.",
    "Nous rappelons que le droit d'asile est un droit fondamental, garanti par la Constitution et par les conventions internationales.",
    "Avec {partenaire}, nous avons rencontré les élus du territoire pour leur présenter nos observations et nos demandes.",
    "Le {jour}, une maraude a permis de mettre à l'abri {nombre} personnes, dont plusieurs enfants, avant l'arrivée du froid.",
    "Les témoignages recueillis par nos équipes décrivent des refoulements répétés et des contrôles sans base légale.",
    "Cette action s'inscrit dans une mobilisation plus large, portée par de nombreuses associations de la région.",
    "La préfecture n'a toujours pas répondu à notre courrier, envoyé il y a plus de deux mois.",
    "Nous demandons que les mineurs isolés soient pris en charge dès leur arrivée, comme la loi l'impose.",
    "À {lieu}, plus de {nombre} personnes se sont rassemblées pour dire leur attachement à la fraternité.",
    "Les maraudeurs ne font rien d'autre que porter assistance à des personnes en danger : ce n'est pas un délit.",
    "Le tribunal a rendu sa décision le {jour} ; nos avocats en étudient maintenant les conséquences.",
    "Cet hiver encore, les températures nocturnes descendent sous les moins quinze degrés au col de Montgenèvre.",
    "Le Refuge solidaire accueille chaque nuit des dizaines de personnes épuisées, souvent sans chaussures adaptées.",
    "Nous saluons le travail des bénévoles qui, jour après jour, assurent l'accueil, les repas et l'orientation.",
    "Cette situation n'a rien d'une fatalité : elle résulte de choix politiques que nous continuerons de contester.",
    "Une délégation de parlementaires a pu observer sur place les conditions dans lesquelles se déroulent les contrôles.",
    "Le Défenseur des droits a été saisi à plusieurs reprises de situations particulièrement préoccupantes.",
    "Grâce à la mobilisation de tous, la pétition a recueilli plus de {nombre} signatures en quelques semaines.",
    "Nous remercions chaleureusement {partenaire} pour son soutien constant depuis la naissance du mouvement.",
    "Les familles rencontrées ce soir-là venaient d'Afghanistan, de Guinée et de Côte d'Ivoire.",
    "Un médecin et un maraudeur forment chaque équipe de l'unité mobile de mise à l'abri.",
    "La justice a reconnu que les droits des personnes n'avaient pas été respectés lors de leur interpellation.",
    "Notre assemblée générale a réuni les adhérents autour du bilan de l'année et des priorités à venir.",
    "Nous appelons chacune et chacun à rejoindre le rassemblement prévu à {lieu}, à partir de dix-huit heures.",
    "Le livret « Au nom de la loi » rappelle aux forces de l'ordre les droits des personnes exilées à la frontière.",
    "Les secours en montagne ont été mobilisés à {nombre} reprises depuis le début de la saison.",
    "Ces chiffres, relevés par nos équipes, sont sans doute en dessous de la réalité.",
    "Nous avons adressé une lettre ouverte au ministre de l'Intérieur pour demander la fin de ces pratiques.",
    "La solidarité ne s'arrête pas aux frontières ; elle se vit chaque jour dans nos vallées.",
)
INTERTITRES = (
    "Ce que nous avons constaté", "Nos demandes", "Le contexte", "Et maintenant ?", "Ce que dit la loi",
    "Les prochaines étapes", "Un grand merci", "Pour en savoir plus",
)
ITEMS = (
    "la mise à l'abri immédiate des personnes en danger", "l'accès effectif à la procédure d'asile",
    "la fin des contrôles au faciès", "la prise en charge des mineurs isolés", "un lieu d'accueil pérenne",
    "l'accès des associations à la zone de rétention", "le respect du droit de manifester",
    "des moyens pour les secours en montagne",
)
# Chaque lien mène à une page du corpus (il n'a pas de pages simples) : le contrat vérifie les liens internes.
LIENS = (
    ("notre chronologie", "/chronologie/"), ("les fiches pratiques", "/fiches-pratiques/"),
    ("le rapport d'activité", "/rapports/"), ("nos lettres d'information", "/lettres/"),
    ("nos communiqués", "/communiques/"),
)


def repartition(n):
    """Combien de documents de chaque type pour n documents (la somme fait n)."""
    comptes = {t: int(n * part) for t, part in REPARTITION}
    comptes["action"] += n - sum(comptes.values())
    return comptes


def _jour_au_hasard(hasard, debut=PREMIER_JOUR, fin=DERNIER_JOUR):
    return debut + datetime.timedelta(days=hasard.randrange((fin - debut).days + 1))


def _slug(texte):
    """Slug ASCII sans dépendance (le champ `slug` est donné : le titre n'a pas besoin d'être unique)."""
    ascii_ = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode().lower()
    mots = "".join(c if c.isalnum() else " " for c in ascii_).split()
    return "-".join(mots)[:50].rstrip("-")


def _yaml_texte(texte):
    return '"' + texte.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _yaml_liste(valeurs):
    return "[" + ", ".join(_yaml_texte(v) for v in valeurs) + "]"


def _phrase(hasard):
    modele = hasard.choice(PHRASES)
    return modele.format(
        lieu=hasard.choice(LIEUX),
        partenaire=hasard.choice(PARTENAIRES),
        nombre=hasard.choice((12, 27, 40, 65, 120, 350, 1200, 4800)),
        jour=f"{hasard.randint(2, 28)} {hasard.choice(('janvier', 'mars', 'juin', 'octobre', 'décembre'))}",
    )


def corps(hasard, mots=350):
    """Un texte Markdown d'environ `mots` mots : paragraphes, un intertitre, parfois une liste et un lien."""
    blocs, total = [], 0
    while total < mots - 45:  # le dernier paragraphe dépasse d'une demi-longueur en moyenne
        if blocs and hasard.random() < 0.2:
            blocs.append("## " + hasard.choice(INTERTITRES))
        if blocs and hasard.random() < 0.15:
            items = hasard.sample(ITEMS, 3)
            blocs.append("\n".join(f"- {i} ;" for i in items))
            total += sum(len(i.split()) for i in items)
        phrases = [_phrase(hasard) for _ in range(hasard.randint(2, 5))]
        if hasard.random() < 0.3:
            texte, adresse = hasard.choice(LIENS)
            phrases.append(f"Pour aller plus loin, consultez [{texte}]({adresse}).")
        if hasard.random() < 0.3:
            phrases[0] = "**" + phrases[0][:-1] + "**" + phrases[0][-1]
        paragraphe = " ".join(phrases)
        blocs.append(paragraphe)
        total += len(paragraphe.split())
    return "\n\n".join(blocs) + "\n"


def _resume(hasard, jour, lieu):
    debut = hasard.choice((f"Le {jour.day} {_MOIS[jour.month - 1]} {jour.year}", f"À {lieu}", "Cette semaine"))
    phrase = _phrase(hasard)
    return f"{debut}, {phrase[0].lower()}{phrase[1:]}"


_MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
         "novembre", "décembre")


def documents(n, graine=GRAINE):
    """Les n documents, chacun (chemin relatif, texte), dans un ordre stable."""
    hasard = random.Random(f"{graine}-{n}")
    comptes = repartition(n)
    entetes = []  # (type, jour, slug, champs) ; le corps est tiré ensuite, dans le même ordre
    for type_, nombre in comptes.items():
        for i in range(nombre):
            entetes.append(_entete(hasard, type_, i))
    # Les lettres sont numérotées dans l'ordre des dates ; une action sur dix est la suite d'une action antérieure.
    lettres = sorted((e for e in entetes if e[0] == "lettre"), key=lambda e: (e[1], e[2]))
    for numero, (_, _, _, champs) in enumerate(lettres, start=1):
        champs.append(("numero", str(numero)))
    actions = sorted((e for e in entetes if e[0] == "action"), key=lambda e: (e[1], e[2]))
    for rang, (_, _, _, champs) in enumerate(actions):
        if rang > 0 and hasard.random() < 0.1:
            champs.append(("suite_de", actions[hasard.randrange(max(0, rang - 30), rang)][2]))
    resultat = []
    for type_, jour, slug, champs in entetes:
        entete = "\n".join(f"{cle}: {valeur}" for cle, valeur in champs)
        texte = f"---\n{entete}\n---\n\n{corps(hasard, int(hasard.gauss(350, 40)))}"
        resultat.append((f"{DOSSIERS[type_]}/{jour.isoformat()}-{slug}.md", texte))
    return resultat


def _entete(hasard, type_, i):
    lieu = hasard.choice(LIEUX)
    if type_ == "fiche":
        jour = _jour_au_hasard(hasard, datetime.date(2023, 1, 1), datetime.date(2026, 6, 30))
        titre = f"{hasard.choice(TITRES_FICHES)} ({i + 1})"
    elif type_ == "lettre":
        jour = _jour_au_hasard(hasard)
        titre = f"Lettre d'information – {_MOIS[jour.month - 1]} {jour.year} ({i + 1})"
    else:
        if type_ == "action" and i % 40 == 0:
            # Une action sur quarante est à venir (dans les quatre mois) : l'agenda a de quoi s'afficher.
            jour = datetime.date.fromisoformat(AUJOURDHUI) + datetime.timedelta(days=hasard.randint(1, 120))
        else:
            jour = _jour_au_hasard(hasard)
        titre = f"{hasard.choice(VERBES_TITRE)} {hasard.choice(SUJETS_TITRE)} à {lieu}"
        titre = titre.replace(" de les ", " des ").replace(" de le ", " du ")
    slug = f"{_slug(titre)}-{type_[:3]}{i + 1}"
    champs = [("title", _yaml_texte(titre)), ("date", jour.isoformat()), ("slug", slug),
              ("summary", _yaml_texte(_resume(hasard, jour, lieu))),
              ("tags", _yaml_liste(hasard.sample(SUJETS, hasard.randint(1, 3))))]
    if type_ == "communique":
        if hasard.random() < 0.2:
            champs.append(("partenaires", _yaml_liste(hasard.sample(PARTENAIRES, hasard.randint(1, 3)))))
        if hasard.random() < 0.05:
            champs.append(("anciennes_urls", _yaml_liste([f"/sinformer/{slug}"])))
    elif type_ == "fiche":
        modifie = min(jour + datetime.timedelta(days=hasard.randrange(0, 400)), datetime.date(2026, 11, 1))
        verifiee = max(modifie, _jour_au_hasard(hasard, datetime.date(2026, 2, 1), datetime.date(2026, 11, 1)))
        # Des fiches relues (verifiee_par) : sinon chaque build du banc avertirait de leur relecture en attente.
        champs += [("modified", modifie.isoformat()), ("verifiee_le", verifiee.isoformat()),
                   ("verifiee_par", _yaml_texte("pôle action juridique")),
                   ("public", "[" + ", ".join(hasard.sample(PUBLICS, hasard.randint(1, 2))) + "]"),
                   ("theme", hasard.choice(THEMES_FICHES))]
    elif type_ == "action":
        pole = hasard.choice(POLES)
        nature = hasard.choice(NATURES_PAR_POLE[pole])
        champs += [("pole", pole), ("nature", nature)]
        if hasard.random() < 0.15:
            champs.append(("date_fin", (jour + datetime.timedelta(days=hasard.randint(1, 10))).isoformat()))
        if hasard.random() < 0.2:
            champs.append(("heure", f'"{hasard.choice(("09:30", "14:00", "18:00", "18:30", "20:30"))}"'))
        if hasard.random() < 0.8:
            champs.append(("lieu", _yaml_texte(lieu)))
        if hasard.random() < 0.3:
            champs.append(("partenaires", _yaml_liste(hasard.sample(PARTENAIRES, hasard.randint(1, 3)))))
        if nature in CHIFFRES_PAR_NATURE and hasard.random() < 0.6:
            cles = hasard.sample(CHIFFRES_PAR_NATURE[nature], hasard.randint(1, len(CHIFFRES_PAR_NATURE[nature])))
            champs.append(("chiffres", "\n" + "\n".join(f"  {c}: {hasard.randint(1, 400)}" for c in cles)))
        if hasard.random() < 0.03:
            champs.append(("anciennes_urls", _yaml_liste([f"/agir/{slug}"])))
    return type_, jour, slug, champs


def ecrire(dossier, n, graine=GRAINE):
    """Écrit le corpus dans `dossier` (vidé d'abord) ; renvoie le nombre de fichiers écrits."""
    shutil.rmtree(dossier, ignore_errors=True)
    liste = documents(n, graine)
    for relatif, texte in liste:
        chemin = os.path.join(dossier, relatif)
        os.makedirs(os.path.dirname(chemin), exist_ok=True)
        with open(chemin, "w", encoding="utf-8") as fichier:
            fichier.write(texte)
    return len(liste)


def slug_du_fichier(chemin):
    """Le champ `slug` d'un fichier de contenu (les fichiers du banc et du vrai contenu en donnent un)."""
    with open(chemin, encoding="utf-8") as fichier:
        for ligne in fichier:
            if ligne.startswith("slug:"):
                return ligne.split(":", 1)[1].strip()
    return None


def main(arguments=None):
    analyse = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    analyse.add_argument("n", type=int, help="nombre de documents")
    analyse.add_argument("dossier", help="dossier à (re)créer, qui tient lieu de content/")
    analyse.add_argument("--graine", type=int, default=GRAINE)
    options = analyse.parse_args(arguments)
    nombre = ecrire(options.dossier, options.n, options.graine)
    print(f"{nombre} documents écrits dans {options.dossier}", file=sys.stderr)


if __name__ == "__main__":
    main()
