"""Des données simples en SVG à insérer dans la page : barres horizontales et bande des mois.

Pur, sans bibliothèque de graphiques : pygal met sa feuille de style dans un `<style>` et un
`<script>` dans chaque SVG (refusés par la Content-Security-Policy du site), leather n'écrit ni
`<title>` ni `<desc>`. Ici, pas d'attribut `style` : des attributs de présentation, des classes que la
feuille du site colore (thème sombre compris), `currentColor` pour le texte et les hachures.

Lisible en noir et blanc : chaque barre porte son libellé et sa valeur écrits ; ce qui est comparé
à l'année mise en avant est hachuré plutôt que d'une autre couleur. La largeur de dessin est petite
(400 unités) : à 390 px, le texte garde à peu près sa taille de corps.
"""

from dataclasses import dataclass
from html import escape

from contrat.typographie import typographie_francaise

from contrat import dates
from formats import nombre_fr

from . import chiffres

LARGEUR = 400
TAILLE_TEXTE = 14
HAUTEUR_BARRE = 16
PLACE_VALEUR = 70  # à droite de la plus longue barre, pour « 40 000 »


def _t(texte):
    """Un texte du SVG, lu à voix haute ou affiché : la typographie du site (’, espaces fines), échappé."""
    return escape(typographie_francaise(str(texte)), quote=True)


def _ouverture(ident, titre, description, hauteur, role_img=True):
    role = ' role="img"' if role_img else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="graphique-svg" viewBox="0 0 {LARGEUR} {hauteur}" '
        f'width="{LARGEUR}" height="{hauteur}"{role} aria-labelledby="{ident}-titre" '
        f'aria-describedby="{ident}-desc" font-size="{TAILLE_TEXTE}" fill="currentColor">'
        f'<title id="{ident}-titre">{_t(titre)}</title><desc id="{ident}-desc">{_t(description)}</desc>'
    )


def _hachures(ident):
    return (
        f'<defs><pattern id="{ident}-hachures" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="2" height="6" fill="currentColor"/></pattern></defs>'
    )


def longueur(valeur, maximum, place=LARGEUR - PLACE_VALEUR):
    """Longueur d'une barre, proportionnelle à sa valeur ; au moins un trait visible pour une valeur non nulle."""
    if valeur <= 0 or maximum <= 0:
        return 0
    return max(1.0, round(place * valeur / maximum, 1))


def barres(lignes, ident, titre, description):
    """Barres horizontales, une par ligne (libellé, valeur, forte), le libellé au-dessus de la barre.

    `forte` : la barre pleine (l'année du rapport) ; les autres sont hachurées. `ident` : unique dans
    la page (il préfixe les id du titre, de la description et du motif)."""
    maximum = max((valeur for _, valeur, _ in lignes), default=0)
    corps = []
    y = 0
    for libelle, valeur, forte in lignes:
        largeur = longueur(valeur, maximum)
        remplissage = 'class="barre barre-forte"' if forte else f'class="barre" fill="url(#{ident}-hachures)"'
        corps.append(
            f'<text x="0" y="{y + TAILLE_TEXTE}">{_t(libelle)}</text>'
            f'<rect {remplissage} x="0" y="{y + 20}" width="{largeur}" height="{HAUTEUR_BARRE}" '
            f'stroke="currentColor" stroke-width="1"/>'
            f'<text class="valeur" x="{largeur + 6}" y="{y + 20 + HAUTEUR_BARRE - 3}" font-weight="bold">'
            f'{nombre_fr(valeur)}</text>'
        )
        y += 46
    hachures = _hachures(ident) if any(not forte for _, _, forte in lignes) else ""
    return _ouverture(ident, titre, description, max(y - 6, 1)) + hachures + "".join(corps) + "</svg>"


def _n(x):
    """Une coordonnée courte (« 12.3 », « 12 ») : la bande de 30 mois × 10 rangées pèse sur la chronologie."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def bande(bande_mois, ident, titre, description, lien_mois):
    """La bande des mois : une rangée par groupe (pôle, communiqués, lettres), une colonne par mois ; la
    hauteur d'un trait dit le nombre d'entrées. Chaque colonne d'un mois non vide est un lien vers ce
    mois dans la page (`lien_mois(mois)` donne (adresse, nom du mois)). Dans un lien, le rectangle est
    la cible (toute la colonne, transparente), le chemin les traits : la feuille du site les colore.

    Pas de role="img" ici : il rendrait les liens invisibles aux lecteurs d'écran ; chaque lien est
    nommé par son `<title>` (le mois et son nombre d'entrées, aussi en infobulle) et ne contient aucun texte
    affiché, qui devrait sinon faire partie de son nom. Le SVG garde son titre et sa description."""
    mois, groupes = bande_mois.mois, bande_mois.groupes
    colonne = LARGEUR / len(mois)
    rangee, haut_trait = 40, 20  # une rangée : le libellé (14) puis les traits (20)
    maximum = max(max(m.comptes) for m in mois)
    hauteur = rangee * len(groupes) + 22
    # La ligne de base de chaque rangée : un mois vide se voit comme un creux, pas comme un trou.
    bases = "".join(f"M0 {i * rangee + 18 + haut_trait}h{LARGEUR}v1H0z" for i in range(len(groupes)))
    corps = [f'<path class="base" d="{bases}"/>']
    corps += [f'<text x="0" y="{i * rangee + TAILLE_TEXTE}">{_t(g)}</text>' for i, g in enumerate(groupes)]
    largeur_trait = _n(max(colonne - 2, 1))
    for n, m in enumerate(mois):
        x = n * colonne
        # Une année se lit à son mois de janvier ; le premier mois aussi, s'il ne touche pas janvier.
        if m.debut.month == 1 or (n == 0 and m.debut.month < 10):
            # Près du bord droit, l'année s'écrit vers la gauche de son repère : sinon elle sort du dessin.
            ancre = ' text-anchor="end"' if x + 36 > LARGEUR else ""
            corps.append(f'<text x="{_n(min(x, LARGEUR))}" y="{hauteur - 4}" font-size="12"{ancre}>{m.debut.year}</text>'
                         f'<rect class="repere" x="{_n(x)}" width="1" height="{hauteur - 16}"/>')
        if not m.total:
            continue
        # Les traits du mois en un seul chemin (un rectangle par rangée) : trois fois plus court que des <rect>.
        traits = "".join(
            f"M{_n(x + 1)} {i * rangee + 18 + haut_trait}v-{_n(haut_trait * compte / maximum)}h{largeur_trait}V{i * rangee + 18 + haut_trait}z"
            for i, compte in enumerate(m.comptes) if compte
        )
        # Le détail par groupe est dans le tableau sous la bande : la chronologie a un budget de poids.
        adresse, nom = lien_mois(m)
        nom = f"{nom} : {m.total} entrée{'s' if m.total > 1 else ''}"
        corps.append(
            f'<a href="{_t(adresse)}"><title>{_t(nom)}</title>'
            f'<rect x="{_n(x)}" width="{_n(colonne)}" height="{hauteur - 16}"/><path d="{traits}"/></a>'
        )
    return _ouverture(ident, titre, description, hauteur, role_img=False) + "".join(corps) + "</svg>"


# --- Les figures : un graphique, la phrase qui dit ce qu'il montre, les données de son tableau ------


@dataclass(frozen=True)
class Figure:
    ident: str  # id de la <figure>, préfixe des id du SVG
    constat: str  # la légende : ce qu'il faut retenir, en toutes lettres
    svg: str
    donnees: object  # ce que le tableau sous le graphique reprend : une Serie, ou [(libellé, nombre)]
    annee_forte: int | None = None  # celle d'un rapport : le tableau ne détaille que ses sources


def figure_serie(serie, ident, annee_forte=None):
    """Une clé année par année ; `annee_forte` (celle d'un rapport) en plein, les autres hachurées."""
    lignes = [(str(p.annee), p.valeur, annee_forte in (None, p.annee)) for p in serie.points]
    description = f"{serie.titre}, par année : " + " ; ".join(
        f"{p.annee} : {nombre_fr(p.valeur)}" for p in serie.points) + "."
    titre = f"{serie.titre} par année"
    return Figure(ident, typographie_francaise(serie.constat), barres(lignes, ident, titre, description), serie, annee_forte)


def figure_poles(par_pole, annee, ident):
    """Les actions de l'année par pôle (`par_pole` : [(libellé, nombre)], dans l'ordre des pôles)."""
    total = sum(n for _, n in par_pole)
    libelle, plus = max(par_pole, key=lambda paire: paire[1])  # à égalité, le premier dans l'ordre des pôles
    pluriel = "s" if total > 1 else ""
    if len(par_pole) == 1:
        constat = f"{total} action{pluriel} en {annee}, toute{pluriel} du pôle {libelle}."
    else:
        constat = f"{total} actions en {annee} ; le pôle le plus actif : {libelle}, avec {plus} action{'s' if plus > 1 else ''}."
    description = f"Actions {annee} par pôle : " + " ; ".join(f"{l} : {n}" for l, n in par_pole) + "."
    svg = barres([(l, n, True) for l, n in par_pole], ident, f"Actions {annee} par pôle", description)
    return Figure(ident, typographie_francaise(constat), svg, tuple(par_pole))


def figure_bande(bande_mois, ident, lien_mois):
    description = "Nombre d'entrées de la chronologie par mois, une ligne par pôle, puis communiqués et lettres."
    svg = bande(bande_mois, ident, "Les entrées de la chronologie mois par mois", description, lien_mois)
    return Figure(ident, typographie_francaise(bande_mois.constat), svg, bande_mois)


class Figures:
    """Tout ce que les gabarits montrent des chiffres, calculé une fois par build.

    `publies` : ce qui a eu lieu au jour `jour` (ni brouillon ni avenir) ; `poles`, `libelles` : les
    listes fermées (clé -> libellé) des pôles et des chiffres."""

    def __init__(self, publies, jour, poles, libelles):
        self.series = chiffres.series(publies, libelles)
        # /chiffres/ : chaque clé sur toutes ses années.
        self.par_cle = [figure_serie(s, f"chiffre-{s.cle}") for s in self.series]
        # L'espace presse : la dernière année qui porte au moins un chiffre.
        self.derniere_annee = max((p.annee for s in self.series for p in s.points), default=None)
        annees = sorted({r.date.year for r in publies if r.type == "action"})
        # Un rapport, l'espace presse : les clés de l'année, comparées aux années d'avant.
        self.de_l_annee = {
            annee: [figure_serie(s.jusqu_a(annee), f"chiffres-{annee}-{s.cle}", annee)
                    for s in self.series if s.point(annee)]
            for annee in annees
        }
        self.poles = {
            annee: figure_poles(chiffres.actions_par_pole(publies, annee, poles), annee, f"poles-{annee}")
            for annee in annees
        }
        bande_mois = chiffres.bande_mois(publies, jour, poles)
        self.bande = bande_mois and figure_bande(
            bande_mois, "bande-mois", lambda m: (f"#{m.ancre}", dates.date_fr(m.debut, dates.MOIS)))
