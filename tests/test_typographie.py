"""Typographie française : pas de ligne coupée entre « et son mot, ni avant un deux-points."""

import pytest

from contrat.typographie import espaces_insecables


@pytest.mark.parametrize(
    "avant, apres",
    [
        ("<p>« Darmanin s'étouffe »</p>", "<p>«\u00a0Darmanin s\u2019étouffe\u00a0»</p>"),
        ("<p>Saisine : le Conseil</p>", "<p>Saisine\u00a0: le Conseil</p>"),
        ("<p>Restons solidaires !</p>", "<p>Restons solidaires\u202f!</p>"),
        # Avant ; et ? une espace fine insécable (U+202F), pas l'espace insécable ordinaire du deux-points.
        ("<p>Maraudes ; refuge</p>", "<p>Maraudes\u202f; refuge</p>"),
        ("<p>Et demain ?</p>", "<p>Et demain\u202f?</p>"),
        ('<p><a href="/x/?a=1 ;b">lien</a></p>', '<p><a href="/x/?a=1 ;b">lien</a></p>'),
        ("<pre><code>cle : valeur</code></pre>", "<pre><code>cle : valeur</code></pre>"),
        ("<p>https://tousmigrants.org</p>", "<p>https://tousmigrants.org</p>"),
        ("<p>L'État d'urgence</p>", "<p>L\u2019État d\u2019urgence</p>"),
        ("<p>le \"Refuge\" reste</p>", "<p>le «\u00a0Refuge\u00a0» reste</p>"),
        ("<p>le &quot;Refuge&quot; reste</p>", "<p>le «\u00a0Refuge\u00a0» reste</p>"),
        ("<p>Et après...</p>", "<p>Et après\u2026</p>"),
        ("<p>Briançon - Gap</p>", "<p>Briançon \u2013 Gap</p>"),
        ("<p>Les 3+4+2+...</p>", "<p>Les 3+4+2+\u2026</p>"),
    ],
)
def test_espaces_insecables(avant, apres):
    assert espaces_insecables(avant) == apres


def test_le_site_construit_applique_la_typographie(site):
    html = site.texte("/communiques/darmanin-s-etouffe-la-justice-fait-son-travail/")
    corps = html.split('class="corps"', 1)[1]
    assert "« " not in corps and " »" not in corps
