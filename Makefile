# Le Makefile prépare l'environnement Python puis délègue tout à tasks.py (invoke).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
INVOKE := $(VENV)/bin/invoke
REMOTE ?= origin

.PHONY: build test check serve publish bench edit clean

$(VENV)/.installe: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

build: $(VENV)/.installe
	$(INVOKE) build

test: $(VENV)/.installe
	$(INVOKE) test

check: $(VENV)/.installe
	$(INVOKE) check

serve: $(VENV)/.installe
	$(INVOKE) serve

publish: $(VENV)/.installe
	$(INVOKE) publish --remote "$(REMOTE)"

bench: $(VENV)/.installe
	$(INVOKE) bench

edit: $(VENV)/.installe
	$(INVOKE) edit

clean:
	rm -rf output output.neuf output.ancien cache output-tests
