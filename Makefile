# Gerbang: `make dev` runs the whole product on this machine, `make test` proves it.
# Both install what they need on a fresh machine (Python 3.11+; Debian's chromium for the
# browser test). `make help` lists every target.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONPATH := $(CURDIR)

DATA_SOURCES := functions/gerbang/catalog.yaml $(wildcard functions/gerbang/messages/*.yaml)
# One compiled messages file per language: a language is its messages/<lang>.yaml.
LANGS := $(patsubst functions/gerbang/messages/%.yaml,%,$(wildcard functions/gerbang/messages/*.yaml))
DATA := functions/gerbang/data/catalog.json $(LANGS:%=functions/gerbang/data/messages.%.json)
# The FAQ assistant's index: built from the pages (and the catalog they show) with the site.
ASSISTANT_DATA := $(LANGS:%=functions/gerbang/data/assistant.%.json)
ASSISTANT_SOURCES := functions/gerbang/assistant.yaml $(shell find docs -name '*.md') \
	scripts/assistant_index.py functions/gerbang/retrieval.py site_hooks/catalog.py mkdocs.yml

.PHONY: help dev test bench check data site openapi system-deps translate translate-status deploy publish clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,verifier]"
	touch $@

# argostranslate brings torch (~1.5 GB, ~100 s once): only `make translate` and the tests
# need it, not `make dev`.
TRANSLATE_INSTALLED := $(VENV)/.translate-installed
$(TRANSLATE_INSTALLED): $(INSTALLED)
	$(BIN)/python -m pip install --quiet -e ".[dev,verifier,translate]"
	touch $@

data: $(DATA) $(ASSISTANT_DATA) ## compile the catalog, messages and the assistant's index into the JSON the functions load

$(DATA) &: $(DATA_SOURCES) scripts/compile_data.py $(INSTALLED)
	$(BIN)/python scripts/compile_data.py
	touch $(DATA)

$(ASSISTANT_DATA) &: $(ASSISTANT_SOURCES) $(DATA) $(INSTALLED)
	$(BIN)/python scripts/assistant_index.py
	touch $(ASSISTANT_DATA)

site: $(INSTALLED) $(DATA) $(ASSISTANT_DATA) ## build the static site into site/
	$(BIN)/mkdocs build --strict --quiet

openapi: $(INSTALLED) ## write the API's OpenAPI document from the code (functions/openapi/openapi.json)
	$(BIN)/python scripts/openapi.py

dev: site ## run site + API + local AWS on http://127.0.0.1:$${PORT:-8000}/
	$(BIN)/python -m local

system-deps: ## install what is missing of Debian's chromium (browser tests), node and npm (axe-core)
	@scripts/system_deps.sh

# axe-core, which the accessibility tests inject into pages, pinned by tests/package-lock.json.
tests/node_modules/.installed: tests/package-lock.json | system-deps
	npm ci --prefix tests --no-audit --no-fund --silent
	touch $@

test: site system-deps $(TRANSLATE_INSTALLED) tests/node_modules/.installed ## run every test (unit, integration, end-to-end, browser)
	$(BIN)/pytest

# LANG is also the shell's locale variable: without LANG=xx on the command line the tool
# says it needs a two-letter code.
translate: $(TRANSLATE_INSTALLED) ## draft LANG=xx from English (MODEL=file.argosmodel installs a model first; NAME= for a new language)
	$(BIN)/python -m tools.translate $(LANG) $(if $(MODEL),--model "$(MODEL)") $(if $(NAME),--name "$(NAME)")

translate-status: $(INSTALLED) $(DATA) ## per language: pages reviewed, machine-drafted, stale, missing
	$(BIN)/python -m tools.translations

bench: site system-deps ## measure cold imports, warm latency and page weight
	$(BIN)/python -m bench

check: $(INSTALLED) $(DATA) ## lint and validate the template
	$(BIN)/ruff check functions local site_hooks tests bench tools scripts
	$(BIN)/pytest -q tests/unit/test_template.py

deploy: site ## sam build + sam deploy (needs AWS credentials), then publish the site
	test -x .venv-sam/bin/sam || { $(PYTHON) -m venv .venv-sam && .venv-sam/bin/pip install --quiet aws-sam-cli; }
	.venv-sam/bin/sam build
	.venv-sam/bin/sam deploy --guided
	$(BIN)/python -m tools.publish

publish: site ## upload site/ to the deployed stack's bucket (changed files only) and refresh CloudFront
	$(BIN)/python -m tools.publish

clean: ## remove the environment and build output
	rm -rf $(VENV) .venv-sam site .aws-sam .pytest_cache
