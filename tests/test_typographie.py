"""Typographie française : pas de ligne coupée entre « et son mot, ni avant un deux-points."""

import pytest

from contrat.typographie import espaces_insecables


@pytest.mark.parametrize(
    "avant, apres",
    [
        ("<p>« Darmanin s'étouffe »</p>", "<p>«\u00a0Darmanin s'étouffe\u00a0»</p>"),
        ("<p>Saisine : le Conseil</p>", "<p>Saisine\u00a0: le Conseil</p>"),
        ("<p>Restons solidaires !</p>", "<p>Restons solidaires\u202f!</p>"),
        ('<p><a href="/x/?a=1 ;b">lien</a></p>', '<p><a href="/x/?a=1 ;b">lien</a></p>'),
        ("<pre><code>cle : valeur</code></pre>", "<pre><code>cle : valeur</code></pre>"),
        ("<p>https://tousmigrants.org</p>", "<p>https://tousmigrants.org</p>"),
    ],
)
def test_espaces_insecables(avant, apres):
    assert espaces_insecables(avant) == apres


def test_le_site_construit_applique_la_typographie(site):
    html = site.texte("/communiques/darmanin-s-etouffe-la-justice-fait-son-travail/")
    corps = html.split('class="corps"', 1)[1]
    assert "« " not in corps and " »" not in corps
