"""Les signaux du contrat (blinker, comme ceux de Pelican), pour qui veut suivre un build sans lire son état."""

from blinker import Signal

# Envoyé une fois par build, avec le site du build (contrat.site.Site) : articles et pages sont lus, rien
# n'est écrit. outils.construction.construire l'écoute pour redire les liens cassés et le compte du contenu.
site_pret = Signal("contrat.site_pret")
