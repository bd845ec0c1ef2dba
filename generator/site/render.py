"""Render the site model into the Markdown tree that MkDocs turns into the site.

Templates (`generator/site/templates/*.md.j2`) hold loops and ifs only. Every value printed with
`{{ }}` passes `_finalize`: text is HTML-escaped (author text lands only in raw HTML blocks, so
Markdown never reads it), line breaks become `<br>`, control characters go. Only `Markup` built
here passes unchanged.
"""

from __future__ import annotations

import itertools
import multiprocessing
import pickle
import posixpath
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from functools import lru_cache, partial
from typing import Any

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined, nodes, pass_context
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context
from markupsafe import Markup, escape

from generator.read.parallel import frozen_heap, worth_forking
from generator.site import (
    charts,
    compare_views,
    display,
    ledgerview,
    signals,
    views,
    yearrows,
)
from generator.site.htmlsafe import front_matter_string, html_text, safe_href
from generator.site.pagecache import PageCache, joined_digests
from generator.site.paging import paginate
from generator.site.sitedata import Entry, SiteModel, summarize
from generator.site.templatecache import template_cache

PageList = list[tuple[str, str, str, dict[str, Any]]]
"""(file path in docs, URL path, template, template variables)."""


def _finalize(value: object) -> str:
    """Return every printed value as safe text: author text HTML-escaped (`html_text`), any
    other value escaped as Jinja's autoescape would; Markup built by the renderer passes as it
    is. Its result is printed without Jinja's own `escape` around it (`_FinalizedOutput`)."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return html_text(value)
    if isinstance(value, Decimal):
        return escape(display.printed(value))
    if type(value) is int:  # digits and a sign: nothing to escape
        return str(value)
    return escape(value)


class _FinalizedOutput(CodeGenerator):
    """Compile `{{ x }}` under autoescape as `environment.finalize(x)`, not
    `escape(environment.finalize(x))`: `_finalize` already returns safe text, and `escape` made a
    new Markup of each (≈ 1 µs × ≈ 265 values a record page, issue 16). The same text: a test
    renders both ways (tests/web/test_render_escape.py)."""

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if _jinjas_own(frame, finalize):
            super()._output_child_pre(node, frame, finalize)
        else:
            self.write(finalize.src)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if _jinjas_own(frame, finalize):
            super()._output_child_post(node, frame, finalize)
        else:
            self.write(")")


def _jinjas_own(frame: Frame, finalize: Any) -> bool:
    """Whether an output is compiled as Jinja does: autoescape off or decided at run time."""
    return frame.eval_ctx.volatile or not frame.eval_ctx.autoescape or finalize.src is None


@pass_context
def _rel(ctx: Context, target: str) -> str:
    """Return the link from the current page (`here`, a directory URL) to a site path."""
    here: str = ctx["here"]
    anchor = ""
    if "#" in target:
        target, anchor = target.split("#", 1)
        anchor = "#" + anchor
    path = relative_path(target, here)
    if (target == "" or target.endswith("/")) and not path.endswith("/"):
        path += "/"
    return ("./" if path == "./" else path) + anchor


def relative_path(target: str, here: str) -> str:
    """Return `posixpath.relpath("/" + target, "/" + here)`, several times faster.

    Every link of every page passes here; `here`'s segments are read once per page.
    """
    start, path = _segments(here), _segments(target)
    common = 0
    for a, b in zip(start, path, strict=False):  # up to the shorter one
        if a != b:
            break
        common += 1
    parts = [".."] * (len(start) - common) + list(path[common:])
    return "/".join(parts) if parts else "."


@lru_cache(maxsize=1024)
def _segments(site_path: str) -> tuple[str, ...]:
    """Return the segments of a site path as `posixpath.relpath` reads them (normalised)."""
    return tuple(part for part in posixpath.normpath("/" + site_path).split("/") if part)


def _front_matter(text: str) -> Markup:
    return Markup(front_matter_string(text))


class _Environment(Environment):
    code_generator_class = _FinalizedOutput


def environment(bytecode_cache: BytecodeCache | None = None, *,
                plain: bool = False) -> Environment:
    """Return the Jinja2 environment: autoescape on, undefined names are errors; compiled
    templates kept in `bytecode_cache` (`templatecache.py`) when given. `plain` compiles
    printed values as Jinja does (`escape` around `_finalize`), for the test that compares."""
    env = (Environment if plain else _Environment)(loader=PackageLoader("generator.site", "templates"), autoescape=True,
                      bytecode_cache=bytecode_cache,
                      undefined=StrictUndefined, finalize=_finalize, keep_trailing_newline=True,
                      auto_reload=False,  # one build reads each template once
                      trim_blocks=True, lstrip_blocks=True,
                      # `{#id}` is Markdown (attr_list) in the templates, so comments use `{#!`.
                      comment_start_string="{#!", comment_end_string="!#}")
    filters: dict[str, Callable[..., Any]] = {
        "fm": _front_matter, "rel": _rel, "href": safe_href, "cell": display.cell,
        "percent": display.percent, "cent": display.cent, "printed": display.printed,
        "sortkey": display.sort_key, "amount": display.amount, "signed": display.signed,
    }
    env.filters.update(filters)
    env.globals["v"] = views
    env.globals["h"] = ledgerview
    return env


def pages(model: SiteModel) -> PageList:
    """Return every page of the site with its template and variables."""
    comparison = compare_views.Comparison.of(model)
    out: PageList = [
        ("index.md", "", "home.md.j2", {"summary": views.latest_summary(model)}),
        ("years/index.md", "years/", "years.md.j2", {}),
        ("departments/index.md", "departments/", "departments.md.j2",
         {"rows": comparison.department_years}),
        ("method/index.md", "method/", "method.md.j2", {"method": views.method(model)}),
        ("data/index.md", "data/", "data.md.j2", {"files": views.data_files(model)}),
        ("corrections/index.md", "corrections/", "corrections.md.j2",
         {"corrections": ledgerview.site_corrections(model),
          "absent": ledgerview.absent_reasons(model)}),
    ]
    files = {g.stem: g for g in views.data_files(model)}
    for year in model.years:
        entries = model.of_year(year)
        # Signals and charts are worked out only for a page that is rendered (not cached): both
        # follow from the year's entries, which the pages' cache keys hold (`page_keys`).
        year_signals = Later(partial(signals.year_signals, entries))
        out.append((f"years/{year}/index.md", f"years/{year}/", "year.md.j2",
                    {"year": year, "entries": entries, "files": files[f"records-{year}"],
                     "signal_count": Later(partial(_signal_count, year_signals)),
                     "rows_url": yearrows.ROWS_FILE if yearrows.is_large(entries) else None}))
        out.append((f"years/{year}/charts/index.md", f"years/{year}/charts/", "charts.md.j2",
                    {"year": year, "charts": Later(partial(_year_charts, year, entries))}))
        out.append((f"years/{year}/signals/index.md", f"years/{year}/signals/", "signals.md.j2",
                    {"year": year, "signals": year_signals}))
    for dept in model.departments:
        for pager, rows in paginate(dept.url, dept.entries):
            url = pager.url(pager.number)
            out.append((url + "index.md", url, "department.md.j2",
                        {"department": dept, "rows": rows, "pager": pager, "cmp": comparison}))
    for entry in model.entries:
        out.append((entry.url[:-1] + ".md", entry.url, "record.md.j2",
                    {"entry": entry, "cmp": comparison}))
    return out


class Later:
    """A page variable worked out when a page showing it is rendered, once."""

    def __init__(self, make: Callable[[], Any]) -> None:
        """Keep `make` until the value is first asked for."""
        self._make: Callable[[], Any] | None = make
        self._value: Any = None

    def __call__(self) -> Any:
        """Return the value, working it out the first time."""
        if self._make is not None:
            self._value, self._make = self._make(), None
        return self._value


def _signal_count(year_signals: Later) -> int:
    """Return how many records of a year carry a signal."""
    return len({id(e) for s in year_signals() for g in s.groups for e in g.entries})


def _year_charts(year: int, entries: tuple[Entry, ...]) -> Any:
    return charts.year_charts(summarize(year, entries), entries)


PARALLEL_FROM = 300
"""Fewer pages to render than this are rendered in this process: a pool costs more than it saves."""

_RENDERING: RenderedPages | None = None
"""The pages a forked worker renders (set before the pool forks, read by `_render_in_worker`)."""


BATCH = 64
"""Pages a worker renders per task, at most."""

AHEAD = 2
"""Tasks in flight per worker: the workers render at most this far ahead of the writer, whose
pages would otherwise pile up in this process (at 10,000 records, 300 MB of a cold build)."""


def _render_in_worker(paths: list[str]) -> list[bytes]:
    assert _RENDERING is not None
    return [_RENDERING.render_and_keep(path) for path in paths]


def _in_order(pool: Any, todo: list[str], size: int, ahead: int) -> Iterator[tuple[str, bytes]]:
    """Yield (path, page) of `todo` in order, rendered by `pool` in batches of `size`, with at
    most `ahead` batches rendered or rendering beyond the one being read."""
    batches = (todo[start:start + size] for start in range(0, len(todo), size))
    flight: deque[tuple[list[str], Any]] = deque()
    for batch in itertools.islice(batches, ahead):
        flight.append((batch, pool.apply_async(_render_in_worker, (batch,))))
    while flight:
        batch, result = flight.popleft()
        pages = result.get()  # a worker's exception is raised here
        following = next(batches, None)
        if following is not None:
            flight.append((following, pool.apply_async(_render_in_worker, (following,))))
        yield from zip(batch, pages, strict=True)


class RenderedPages(Mapping[str, bytes]):
    """Every page's Markdown by its path below the docs folder, rendered when it is read.

    The tree writer reads one page, writes it and moves on, so the pages are never all in
    memory at once (issue 16); reading a page twice renders it twice, to the same bytes.
    With a `cache` (and the `digests` of the entries), a page whose inputs were rendered before
    is read from it. With `jobs` > 1 and enough pages to render, the pages the cache lacks are
    rendered ahead on `jobs` forked processes in the order the writer reads them (sorted),
    streamed back one at a time: the same bytes as one process.
    """

    def __init__(self, model: SiteModel, cache: PageCache | None = None,
                 digests: Mapping[str, bytes] | None = None, jobs: int = 1) -> None:
        """Index the pages of `model` without rendering any."""
        self._model = model
        self._env = environment(template_cache(cache))
        self._pages = {path: (url, template, variables)
                       for path, url, template, variables in pages(model)}
        self._cache = cache
        self._keys: dict[str, str] = {}
        if cache is not None and digests is not None:
            self._keys = page_keys(model, self._pages, cache, digests)
        self._jobs = jobs
        self._ahead: Iterator[tuple[str, bytes]] | None = None
        self._pool: Any = None
        self._pending: set[str] = set()

    def render(self, path: str) -> bytes:
        """Render the page at `path` (never from the cache)."""
        url, template, given = self._pages[path]
        variables = {k: v() if isinstance(v, Later) else v for k, v in given.items()}
        try:
            text = self._env.get_template(template).render(
                site=self._model.config, model=self._model, here=url, **variables)
        except KeyError as exc:  # not "no such page": a Mapping's KeyError would hide the fault
            raise RuntimeError(f"rendering {path} failed: KeyError {exc}") from exc
        return text.encode("utf-8")

    def render_and_keep(self, path: str) -> bytes:
        """Render the page at `path` and put it in the cache (a worker's task: the writer,
        which has a page and an output file to write for each page, then puts none)."""
        data = self.render(path)
        key = self._keys.get(path)
        if key is not None and self._cache is not None:
            self._cache.put(key, data)
        return data

    def __getitem__(self, path: str) -> bytes:
        """Return the page at `path`: from the cache, from the workers, or rendered here."""
        if path not in self._pages:
            raise KeyError(path)
        if self._cache is not None and not self._cache.writing:
            self._cache.start_writing()  # only a writer that accepted its folder reads pages
        data = self._from_workers(path)  # the workers render only pages the cache lacks
        if data is not None:
            return data  # and put it in the cache themselves
        key = self._keys.get(path)
        if key is not None and self._cache is not None:
            found = self._cache.get(key)
            if found is not None:
                return found
        data = self.render(path)
        if key is not None and self._cache is not None:
            self._cache.put(key, data)
        return data

    def identity(self, path: str) -> str | None:
        """Return the page's cache key (the same key, the same bytes), or None without one.

        The tree writer asks before reading: a page the previous tree holds under the same key
        is neither rendered nor read from the cache (`treewrite.IdentifiedFiles`)."""
        if self._cache is not None and not self._cache.writing:
            self._cache.start_writing()  # only a writer that accepted its folder asks
        key = self._keys.get(path)
        return None if key is None else "page:" + key

    def _from_workers(self, path: str) -> bytes | None:
        """Return the page if the workers rendered it (in sorted order), starting them on the
        first call when there are enough pages the cache lacks."""
        if self._ahead is None:
            self._ahead = iter(())
            if self._jobs < 2:  # one process: no page needs looking up in the cache here
                return None
            cache = self._cache
            todo = [p for p in sorted(self._pages)
                    if cache is None or p not in self._keys or not cache.has(self._keys[p])]
            if not worth_forking(self._jobs, len(todo), PARALLEL_FROM):
                return None
            global _RENDERING
            _RENDERING = self
            for name in self._env.list_templates():  # compiled once here, not in every worker
                self._env.get_template(name)
            with frozen_heap():  # the pool forks its workers here
                self._pool = multiprocessing.get_context("fork").Pool(self._jobs)
            size = min(BATCH, max(4, len(todo) // (self._jobs * 16)))
            self._ahead = _in_order(self._pool, todo, size, self._jobs * AHEAD)
            self._pending = set(todo)
        if path not in self._pending:
            return None
        for done, data in self._ahead:  # the writer reads in sorted order: `path` comes next
            self._pending.discard(done)
            if not self._pending:
                self.close()
            if done == path:
                return data
        return None

    def close(self) -> None:
        """Stop the worker processes, if any."""
        global _RENDERING
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None
            _RENDERING = None

    def chunks(self, path: str) -> tuple[bytes]:
        """Return the page as one byte string (`pipeline.MadeFiles`)."""
        return (self[path],)

    def __contains__(self, path: object) -> bool:
        """Return whether `path` is a page (nothing is rendered)."""
        return path in self._pages

    def __iter__(self) -> Iterator[str]:
        """Iterate over the page paths, in site order."""
        return iter(self._pages)

    def __len__(self) -> int:
        """Return the number of pages."""
        return len(self._pages)


def page_keys(model: SiteModel, indexed: Mapping[str, tuple[str, str, dict[str, Any]]],
              cache: PageCache, digests: Mapping[str, bytes]) -> dict[str, str]:
    """Return the cache key of each page whose inputs are known: the digests of the entries it
    shows (and, for the listings, the figures they compare with). A page showing an entry
    without a digest has no key (it is always rendered)."""
    joined: dict[object, bytes | None] = {}  # a year's, for each of its pages

    def of(entries: tuple[Entry, ...], name: object = None) -> bytes | None:
        if name is not None and name in joined:
            return joined[name]
        together = joined_digests(entries, digests)
        if name is not None:
            joined[name] = together
        return together

    everything = of(model.entries)
    changed = pickle.dumps(ledgerview.site_last_changed(model))
    comparison: compare_views.Comparison | None = None
    whole = b""
    keys: dict[str, str] = {}
    for path, (url, template, variables) in indexed.items():
        head = f"{url}\0{template}".encode()
        shown: bytes | None
        if template == "record.md.j2":
            entry = variables["entry"]
            shown = of((entry, *variables["cmp"].series_of(entry)))
        elif template == "department.md.j2":
            if comparison is None:
                comparison = variables["cmp"]
                whole = pickle.dumps(comparison.whole)
            department = variables["department"]
            pager = variables["pager"]
            rows = tuple(variables["rows"])
            # A page of a department shows its own rows in full; of the department's other
            # records only the figures (count, years, the per-year rows of its charts).
            listed = of(rows)
            shown = None if listed is None else b"\0".join((
                listed, whole, changed, department.name.encode(), department.slug.encode(),
                pickle.dumps((pager, [e.url for e in rows], len(department.entries),
                              department.years, comparison.department_rows(department)))))
        elif template in ("year.md.j2", "charts.md.j2", "signals.md.j2"):
            year = variables["year"]
            listed = of(model.of_year(year), ("year", year))
            extra = {k: v for k, v in variables.items() if k in ("files", "rows_url")}
            shown = None if listed is None else b"\0".join((listed, changed, pickle.dumps(extra)))
        else:  # the home, years, departments, method, data and corrections pages: everything
            shown = None if everything is None else everything + changed
        if shown is not None:
            keys[path] = cache.key(path, head, shown)
    return keys


def render_pages(model: SiteModel, cache: PageCache | None = None,
                 digests: Mapping[str, bytes] | None = None, jobs: int = 1) -> RenderedPages:
    """Return the Markdown of every page, keyed by its path below the docs folder (lazily)."""
    return RenderedPages(model, cache, digests, jobs)


def year_rows_files(model: SiteModel, cache: PageCache | None = None,
                    digests: Mapping[str, bytes] | None = None) -> dict[str, bytes]:
    """Return the rows file of each large year (`years/<year>/rows.json`, read by tables.js).

    Through `cache` when given: a file is keyed, like its year page, by the digests of the
    year's entries in order (`digests`, `pagecache.entry_digests`), since each row shows its own
    entry only; a year with an entry lacking a digest is always generated."""
    found: dict[str, bytes] = {}
    for year in model.years:
        entries = model.of_year(year)
        if not yearrows.is_large(entries):
            continue
        path = f"years/{year}/{yearrows.ROWS_FILE}"
        listed = None if digests is None else joined_digests(entries, digests)
        key = None
        if cache is not None and listed is not None:
            key = cache.key(path, yearrows.ROWS_FILE.encode(), listed)
            cached = cache.get(key)
            if cached is not None:
                found[path] = cached
                continue
        found[path] = yearrows.rows_json(entries)
        if cache is not None and key is not None:
            cache.put(key, found[path])
    return found
