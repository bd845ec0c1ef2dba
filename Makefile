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

site: $(STAMP)
	$(PY) -m generator validate content

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check generator tests
	$(VENV)/bin/mypy

clean:
	rm -rf build site

bench: $(STAMP)
	$(PY) tests/bench/bench.py $(BENCH_SIZES)
