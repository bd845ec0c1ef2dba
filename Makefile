# Every target sets up what it needs: the first call creates .venv and installs the project
# from the locks in requirements/ (exact versions and hashes; README "Dependencies").
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
SITE_STAMP := $(VENV)/.site-installed
STAMP := $(VENV)/.installed
# `make site SITE_CHECK_FORMAT=github` (publish.yml): the site_url warning as an annotation.
SITE_CHECK_FORMAT ?= text
NODE_STAMP := node_modules/.installed
export TZ := UTC
export LC_ALL := C.UTF-8
export PYTHONHASHSEED := 0
# Reproducible builds: mkdocs dates the gzip header of sitemap.xml.gz by SOURCE_DATE_EPOCH, else
# by the clock; pin it to the last commit of content/ (docs/security.md).
ifndef SOURCE_DATE_EPOCH
SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct -- content 2>/dev/null)
endif
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: site test check validate lint build serve golden bench clean setup setup-site lock upgrade \
  node_modules shard

# --- setup: the locks in requirements/ are the only source of versions ----------------------
# bootstrap.txt pins uv (installed by pip, hash-checked); uv then installs site.txt (what
# `make site` needs) or dev.txt (site + tests + lint). The project itself goes in editable,
# without dependencies and with the locked setuptools (no unpinned build environment).
$(UV): requirements/bootstrap.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes -r requirements/bootstrap.txt
	touch $(UV)

# --compile-bytecode and compileall: every build imports from .pyc files, not compiling its
# imports again (≈ 0.5 s CPU a build where PYTHONDONTWRITEBYTECODE is set; docs/performance.md).
$(SITE_STAMP): requirements/site.txt pyproject.toml | $(UV)
	$(UV) pip install -q --python $(PY) --compile-bytecode --require-hashes -r requirements/site.txt
	$(UV) pip install -q --python $(PY) --no-deps --no-build-isolation -e .
	$(PY) -m compileall -q generator
	touch $(SITE_STAMP)

$(STAMP): requirements/dev.txt $(SITE_STAMP)
	$(UV) pip install -q --python $(PY) --compile-bytecode --require-hashes -r requirements/dev.txt
	touch $(STAMP)

setup-site: $(SITE_STAMP)
setup: $(STAMP)

LOCK := $(UV) pip compile -q --generate-hashes --universal --python-version 3.11
# Rewrite the locks from pyproject.toml's ranges, keeping versions that still fit (`lock`), or
# moving everything to the newest allowed versions (`upgrade`, then the whole test suite).
lock: | $(UV)
	$(LOCK) $(UPGRADE) requirements/bootstrap.in -o requirements/bootstrap.txt
	$(LOCK) $(UPGRADE) pyproject.toml requirements/build.in -o requirements/site.txt
	$(LOCK) $(UPGRADE) pyproject.toml requirements/build.in --extra test --extra lint \
	  -c requirements/site.txt -o requirements/dev.txt

upgrade:
	$(MAKE) lock UPGRADE=--upgrade
	$(MAKE) test
# ---------------------------------------------------------------------------------------------

validate: $(SITE_STAMP)
	$(PY) -m generator validate content

build: $(SITE_STAMP)
	$(PY) -m generator build --content content --out build/docs

# Fail closed and atomic: the generator writes nothing when a record has an error, and mkdocs
# builds into build/site.new, which replaces site/ only once it is complete (search index included).
# build/mkdocs.yml (`mkdocs-config`) carries content/site.yaml's settings without hooks, so
# Zensical reads it too. One shell holds build/.lock (flock, util-linux) for the whole recipe: a
# second `make site` waits, never interleaves. `make site SHARD=2023` builds one year's shard
# instead (see `shard` below).
ifdef SHARD
site: shard
else
site: $(SITE_STAMP) $(NODE_STAMP)
	mkdir -p build
	exec 9>build/.lock && flock 9 && \
	$(PY) -m generator build --content content --out build/docs && \
	$(PY) -m generator mkdocs-config --content content --docs build/docs --out build/mkdocs.yml \
	  --site-dir build/site.new --format $(SITE_CHECK_FORMAT) && \
	rm -rf build/site.new build/site.old && \
	$(VENV)/bin/mkdocs build --strict --quiet --config-file build/mkdocs.yml && \
	$(PY) -m generator index build/site.new && \
	if [ -e site ]; then mv site build/site.old; fi && \
	mv build/site.new site && \
	rm -rf build/site.old
endif

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

# The full suite (what CI runs).
test: $(STAMP) $(AXE) $(NODE_STAMP)
	$(PY) -m pytest -q

# Everything but the browser tests and the slow ones (mkdocs builds, long searches), on every core.
check: $(STAMP)
	$(PY) -m pytest -q -n auto -m "not browser and not slow"

lint: $(STAMP)
	$(VENV)/bin/ruff check generator tests
	$(VENV)/bin/mypy

clean:
	rm -rf build site shards

bench: $(STAMP)
	$(PY) tests/bench/bench.py $(BENCH_SIZES)
	$(PY) tests/bench/import_bench.py
	$(PY) tests/bench/load_bench.py

# --- Search: Pagefind from npm (package.json, package-lock.json) -------------------------------
# `make site` indexes the built site with the pinned pagefind (generator/site/searchindex.py).
$(NODE_STAMP): package.json package-lock.json
	@command -v node >/dev/null && command -v npm >/dev/null || { \
	  echo "站内搜索需要 Node.js 20 和 npm：请先安装（Debian: apt-get install nodejs npm）。" >&2; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

node_modules: $(NODE_STAMP)

# --- Shards: one year per build, one search box over all (docs/performance.md) -----------------
# `make site SHARD=2023` builds content/records/2023/ into shards/2023/; its search box also
# searches the shards listed in SHARDS (default: every year under content/records/), which are
# served beside it (shards/<year>/ → https://host/<year>/).
SHARDS ?= $(notdir $(wildcard content/records/*))
shard: $(SITE_STAMP) $(NODE_STAMP)
	@test -n "$(SHARD)" || { echo "请指定年度：make site SHARD=2023" >&2; exit 2; }
	$(PY) -m generator build --content content --out build/shard-docs/$(SHARD) --year $(SHARD)
	$(PY) -m generator mkdocs-config --content content --docs build/shard-docs/$(SHARD) \
	  --out build/shard-$(SHARD).yml --site-dir build/shard-site/$(SHARD) --format $(SITE_CHECK_FORMAT)
	rm -rf build/shard-site/$(SHARD)
	JX_SEARCH_SHARDS="$(foreach y,$(filter-out $(SHARD),$(SHARDS)),../$(y)/pagefind/)" \
	  $(VENV)/bin/mkdocs build --strict --quiet --config-file build/shard-$(SHARD).yml
	$(PY) -m generator index build/shard-site/$(SHARD)
	mkdir -p shards && rm -rf shards/$(SHARD) && mv build/shard-site/$(SHARD) shards/$(SHARD)
