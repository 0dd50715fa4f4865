# Le Makefile prépare l'environnement Python puis délègue tout à tasks.py (invoke).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
INVOKE := $(VENV)/bin/invoke
REMOTE ?= origin
# make serve PORT=8001 (ou make edit PORT=8001) : l'aperçu sur un autre port, si 8000 est déjà pris.
PORT ?= 8000
# make enregistrer MESSAGE="…" : le message passe tel quel par l'environnement (ni guillemets ni $ n'y changent rien).
override MESSAGE := $(value MESSAGE)
export MESSAGE

.PHONY: aide build test test-rapide check serve publish enregistrer recuperer bench edit clean

# « make » tout seul : la liste des commandes, en français (sans elle, make répondait en anglais
# « '.venv/.installe' is up to date »).
.DEFAULT_GOAL := aide
aide:
	@echo "Les commandes du site (le détail est dans README.md) :"
	@echo "  make build         construit le site dans output/ (la première fois, installe d'abord les outils Python)"
	@echo "  make serve         aperçu sur http://127.0.0.1:$(PORT)/, mis à jour dès que vous sauvegardez un fichier"
	@echo "  make check         vérifie le contenu sans construire"
	@echo "  make enregistrer MESSAGE=\"…\"  enregistre vos changements de content/ dans git et les envoie (le site en ligne suit)"
	@echo "  make recuperer     récupère les changements des autres"
	@echo "  make publish       publie le dernier enregistrement"
	@echo "  make edit          l'éditeur visuel sur cet ordinateur"
	@echo "  make test-rapide   les tests sans navigateur ; make test : tous les tests"

$(VENV)/.installe: requirements.txt
	@echo "Installation des outils Python du site dans .venv (la première fois : environ une minute)…"
	@$(PYTHON) -m venv $(VENV)
	@$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-input --progress-bar off --root-user-action=ignore -r requirements.txt
	@touch $@
	@echo "Outils Python installés."

build: $(VENV)/.installe
	@$(INVOKE) build

test: $(VENV)/.installe
	@$(INVOKE) test

# Pour qui écrit du contenu : les mêmes tests sans ceux qui ouvrent un navigateur (CI lance tout).
test-rapide: $(VENV)/.installe
	@$(INVOKE) test --rapide

check: $(VENV)/.installe
	@$(INVOKE) check

serve: $(VENV)/.installe
	@$(INVOKE) serve --port "$(PORT)"

publish: $(VENV)/.installe
	@$(INVOKE) publish --remote "$(REMOTE)"

# Ce qui est envoyé sur main part en ligne tout seul : on vérifie d'abord le contenu, comme make check (la
# publication refuserait un fichier invalide ou un lien cassé, et personne ne le verrait).
enregistrer: $(VENV)/.installe
	@$(INVOKE) check > /dev/null || { echo "Rien n'a été enregistré ni envoyé : corrigez d'abord ce qui est dit ci-dessus, puis relancez la même commande." >&2; exit 1; }
	@$(INVOKE) enregistrer --remote "$(REMOTE)"

recuperer: $(VENV)/.installe
	@$(INVOKE) recuperer --remote "$(REMOTE)"

bench: $(VENV)/.installe
	@$(INVOKE) bench

edit: $(VENV)/.installe
	@$(INVOKE) edit --port "$(PORT)"

clean:
	rm -rf output output.neuf output.ancien .output-neuf-* .output-ancien-* .output.verrou cache output-tests
