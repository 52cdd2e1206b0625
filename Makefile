# Two entry points do all set-up on a fresh machine: `make bench` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Label Studio (the server) lives in its own venv: about 1 GB, kept out of the library's dependencies.
LS_VENV := .ls-venv
LS_STAMP := $(LS_VENV)/.installed-stamp
LS_VERSION := 1.23.2

.PHONY: install bench test validate stats build chromium labelstudio-server labelstudio clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

$(LS_STAMP):
	$(PY) -m venv $(LS_VENV)
	$(LS_VENV)/bin/pip install -q --upgrade pip
	$(LS_VENV)/bin/pip install -q 'label-studio==$(LS_VERSION)'
	touch $(LS_STAMP)

labelstudio-server: $(LS_STAMP)

# A local Label Studio for annotators on 127.0.0.1:$(LS_PORT): creates the project, pushes the corpus with gold
# pre-annotations, prints the login and serves until Ctrl-C (data and credentials in .ls-data/).
LS_PORT ?= 8080
labelstudio: install labelstudio-server
	$(BIN)/newsgold ls serve --port $(LS_PORT)

# Headless Chromium for the report test (Debian's package; root on CI).
chromium:
	@(command -v chromium && [ -d /usr/share/fonts/opentype/noto ]) >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null)

validate: install
	$(BIN)/newsgold validate

stats: install
	$(BIN)/newsgold stats

# Hugging Face data files and dataset card (corpus/data, corpus/README.md) from corpus/documents.
build: install
	$(BIN)/newsgold build

# The leaderboard on the test split (README "Leaderboard"); predictions in bench-out/test, HTML report in report/.
bench: install
	$(BIN)/newsgold validate
	$(BIN)/newsgold stats
	$(BIN)/newsgold bench --split test --report report

test: install labelstudio-server chromium
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(LS_VENV) .pytest_cache .hypothesis
