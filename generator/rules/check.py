"""Run every rule over loaded records; the only place that applies severities from site.yaml."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.model.diagnostics import Diagnostic, Severity
from generator.model.record import Record
from generator.read.load import Loaded
from generator.read.recordcache import RecordCache
from generator.read.siteconfig import SiteConfig
from generator.rules import REGISTRY
from generator.rules.base import Context, CorpusCheck, RecordCheck, to_diagnostic
from generator.scoring.profile import Profile, UnknownProfile, load_profile


@dataclass(frozen=True)
class Checked:
    """The outcome of validating a set of files."""

    files: int
    records: tuple[Record, ...]
    """Records free of errors: the ones that may be published."""
    diagnostics: tuple[Diagnostic, ...]
    """Every diagnostic, sorted by file, line and column."""

    @property
    def errors(self) -> int:
        """Return the number of errors."""
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)


def profile_for(record: Record, site: SiteConfig) -> Profile:
    """Return the profile the record is scored under (raise UnknownProfile when missing)."""
    return load_profile(record.profile or site.profile)


def check(loaded: Iterable[Loaded], site: SiteConfig, cache: RecordCache | None = None) -> Checked:
    """Validate loaded files: loader errors, then record rules, then rules across records.

    With a `cache`, a record whose content was checked before takes its record-rule findings
    from there (rules across records always run)."""
    items = list(loaded)
    diagnostics: list[Diagnostic] = [d for item in items for d in item.diagnostics]
    sound = [item.record for item in items if item.record is not None]
    for record in sound:
        found = cache.diagnostics(record.path) if cache is not None else None
        if found is None:
            found = tuple(_check_record(record, site))
            if cache is not None:
                cache.store(record.path, found)
        diagnostics.extend(found)
    for rule in REGISTRY.values():
        if rule.corpus:
            corpus_check: CorpusCheck = rule.check  # type: ignore[assignment]
            diagnostics.extend(to_diagnostic(rule, rec, hit) for rec, hit in corpus_check(sound))
    diagnostics = [_apply_site_severity(d, site) for d in _drop_superseded(diagnostics)]
    broken = {d.file for d in diagnostics if d.severity is Severity.ERROR}
    publishable = tuple(r for r in sound if r.path not in broken)
    ordered = tuple(sorted(diagnostics, key=Diagnostic.sort_key))
    return Checked(len(items), publishable, ordered)


def _check_record(record: Record, site: SiteConfig) -> list[Diagnostic]:
    try:
        profile = profile_for(record, site)
    except UnknownProfile as exc:
        pos = record.pos("profile")
        return [Diagnostic("S121", Severity.ERROR, record.path, pos.line, pos.column,
                           f"评分规则“{exc.args[0]}”不存在。", "profile",
                           "可用的评分规则见 generator/scoring/profiles/ 目录。")]
    ctx = Context(profile)
    found: list[Diagnostic] = []
    for rule in REGISTRY.values():
        if not rule.corpus:
            record_check: RecordCheck = rule.check  # type: ignore[assignment]
            found.extend(to_diagnostic(rule, record, hit) for hit in record_check(record, ctx))
    return found


def _drop_superseded(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Drop a generic diagnostic where a more specific one reports the same value."""
    replaced = {(d.file, d.pointer, code) for d in diagnostics if d.code in REGISTRY
                for code in REGISTRY[d.code].supersedes}
    return [d for d in diagnostics if (d.file, d.pointer, d.code) not in replaced]


def _apply_site_severity(diagnostic: Diagnostic, site: SiteConfig) -> Diagnostic:
    if diagnostic.code in site.raise_to_error and diagnostic.severity is not Severity.ERROR:
        from dataclasses import replace

        return replace(diagnostic, severity=Severity.ERROR)
    return diagnostic
