# Every target sets up what it needs: the first call creates .venv and installs the project.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

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

.PHONY: site test validate lint build serve golden bench clean node_modules shard

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
# builds into build/site.new, which replaces site/ only once it is complete (search index included).
# `make site SHARD=2023` builds one year's shard instead (see `shard` below).
ifdef SHARD
site: shard
else
site: $(STAMP) $(NODE_STAMP)
	$(PY) -m generator build --content content --out build/docs
	rm -rf build/site.new build/site.old
	$(VENV)/bin/mkdocs build --strict --quiet --site-dir build/site.new
	$(PY) -m generator index build/site.new
	if [ -e site ]; then mv site build/site.old; fi
	mv build/site.new site
	rm -rf build/site.old
endif

# Preview on http://127.0.0.1:8000/; a change below content/ regenerates the pages
# (generator/site/mkdocs_hooks.py).
serve: build
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000 --watch content

# Rewrite tests/golden/expected/ from tests/golden/content/; review the diff like code.
golden: $(STAMP)
	$(PY) -m tests.sitebuild --refresh-golden

test: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check generator tests
	$(VENV)/bin/mypy

clean:
	rm -rf build site shards

bench: $(STAMP)
	$(PY) tests/bench/bench.py $(BENCH_SIZES)

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
shard: $(STAMP) $(NODE_STAMP)
	@test -n "$(SHARD)" || { echo "请指定年度：make site SHARD=2023" >&2; exit 2; }
	$(PY) -m generator build --content content --out build/shard-docs/$(SHARD) --year $(SHARD)
	rm -rf build/shard-site/$(SHARD)
	JX_DOCS_DIR=build/shard-docs/$(SHARD) \
	JX_SEARCH_SHARDS="$(foreach y,$(filter-out $(SHARD),$(SHARDS)),../$(y)/pagefind/)" \
	  $(VENV)/bin/mkdocs build --strict --quiet --site-dir build/shard-site/$(SHARD)
	$(PY) -m generator index build/shard-site/$(SHARD)
	mkdir -p shards && rm -rf shards/$(SHARD) && mv build/shard-site/$(SHARD) shards/$(SHARD)
