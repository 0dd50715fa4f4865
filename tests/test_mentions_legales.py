"""Les mentions légales, sans Pelican : ce que la loi demande (LCEN, art. 6), lu dans les réglages, et ce qui manque."""

from mentions_legales import mentions

COMPLETS = {
    "SITENAME": "Tous Migrants", "ADRESSE_POSTALE": "Tous Migrants, 3 rue Aspirant Jan, 05100 Briançon",
    "TELEPHONE_ASSOCIATION": "04 00 00 00 00", "CONTACT_ASSOCIATION": "secretariatgeneral@tousmigrants.org",
    "DIRECTEUR_PUBLICATION": "Camille Martin", "HEBERGEUR_NOM": "GitHub, Inc.",
    "HEBERGEUR_ADRESSE": "88 Colin P. Kelly Jr. Street, San Francisco, CA 94107, États-Unis",
    "HEBERGEUR_TELEPHONE": "+1 000 000 0000",
}


def test_des_reglages_complets_ne_laissent_rien_a_completer():
    legales = mentions.mentions(COMPLETS)
    assert legales.manquantes == ()
    assert [(m.libelle, m.valeur) for m in legales.direction] == [("Nom", "Camille Martin")]


def test_une_valeur_vide_ou_faite_d_espaces_est_a_completer_et_l_avertissement_tient_en_une_ligne():
    legales = mentions.mentions({**COMPLETS, "DIRECTEUR_PUBLICATION": "  ", "HEBERGEUR_TELEPHONE": ""})
    assert [m.reglage for m in legales.manquantes] == ["DIRECTEUR_PUBLICATION", "HEBERGEUR_TELEPHONE"]
    ligne = mentions.avertissement(legales.manquantes, "content/pages/mentions-legales.md")
    assert "\n" not in ligne
    assert ligne.startswith("Mentions légales incomplètes (content/pages/mentions-legales.md) : il manque le nom du "
                            "directeur ou de la directrice de la publication, le numéro de téléphone de l'hébergeur")
    assert "(DIRECTEUR_PUBLICATION, HEBERGEUR_TELEPHONE)" in ligne and "« À compléter par l'association »" in ligne

