# Every target sets up what it needs: the first call creates .venv and installs the project.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

export NO_MKDOCS_2_WARNING := 1
export TZ := UTC
export LC_ALL := C.UTF-8
export PYTHONHASHSEED := 0
# Reproducible builds: mkdocs dates the sitemap (and its gzip header) by SOURCE_DATE_EPOCH, else
# by the clock; pin it to the last commit of content/ (docs/security.md).
ifndef SOURCE_DATE_EPOCH
SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct -- content 2>/dev/null)
endif
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: site test validate lint build serve golden bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,lint]'
	touch $(STAMP)

validate: $(STAMP)
	$(PY) -m generator validate content

build: $(STAMP)
	$(PY) -m generator build --content content --out build/docs

# Fail closed and atomic: the generator writes nothing when a record has an error, and mkdocs
# builds into build/site.new, which replaces site/ only once it is complete.
site: $(STAMP)
	$(PY) -m generator build --content content --out build/docs
	rm -rf build/site.new build/site.old
	$(VENV)/bin/mkdocs build --strict --quiet --site-dir build/site.new
	if [ -e site ]; then mv site build/site.old; fi
	mv build/site.new site
	rm -rf build/site.old

# Preview on http://127.0.0.1:8000/; a change below content/ regenerates the pages
# (generator/site/mkdocs_hooks.py).
serve: build
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000 --watch content

# Rewrite tests/golden/expected/ from tests/golden/content/; review the diff like code.
golden: $(STAMP)
	$(PY) -m tests.sitebuild --refresh-golden

# Test-only Node packages (axe-core for the accessibility check), pinned by the lock file.
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --silent
	touch $(AXE)

test: $(STAMP) $(AXE)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check generator tests
	$(VENV)/bin/mypy

clean:
	rm -rf build site

bench: $(STAMP)
	$(PY) tests/bench/bench.py $(BENCH_SIZES)
