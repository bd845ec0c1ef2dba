"""Run every rule over loaded records; the only place that applies severities from site.yaml.

It is also where each record is scored, once: the score goes to the rules in their `Context`
(the C-codes compare with it) and on, in `Checked.scores`, to the site and to `diff`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial

from generator.model.diagnostics import Diagnostic, Severity
from generator.model.record import Record
from generator.read.load import Loaded
from generator.read.recordcache import RecordCache
from generator.read.siteconfig import SiteConfig
from generator.rules import REGISTRY
from generator.rules.base import Context, CorpusCheck, RecordCheck, to_diagnostic
from generator.scoring import RecordScore, score_record
from generator.scoring.packed import pack_record, pack_score
from generator.scoring.profile import Profile, UnknownProfile, load_profile


@dataclass(frozen=True)
class Scored:
    """A record with the profile it is scored under and its one scoring."""

    record: Record
    profile: Profile
    score: RecordScore


@dataclass(frozen=True)
class Checked:
    """The outcome of validating a set of files."""

    files: int
    records: tuple[Record, ...]
    """Records free of errors: the ones that may be published."""
    diagnostics: tuple[Diagnostic, ...]
    """Every diagnostic, sorted by file, line and column."""
    scores: Mapping[str, Scored] = field(default_factory=dict)
    """The scoring of every record that loads under a known profile, by record path."""

    def publishable(self) -> list[Scored]:
        """Return the publishable records with their scoring, in the order of `records`."""
        return [self.scores[record.path] for record in self.records]

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
    done = {item.path: item.checked for item in items if item.checked is not None}
    scores: dict[str, Scored] = {}
    for record in sound:
        found = cache.diagnostics(record.path) if cache is not None else None
        if found is None:
            earlier = done.get(record.path)
            if earlier is None:
                found = tuple(_check_record(record, site, scores))
            else:  # checked and scored where it was parsed (`checked_here`)
                found, score = earlier
                if isinstance(score, RecordScore):
                    scores[record.path] = Scored(record, profile_for(record, site), score)
            if cache is not None:
                kept = scores.get(record.path)
                cache.store(record.path, found, None if kept is None else kept.score)
        else:  # the findings and the score come from the cache (same file, code and profile)
            score = cache.score(record.path) if cache is not None else None
            if isinstance(score, RecordScore):
                scores[record.path] = Scored(record, profile_for(record, site), score)
            else:
                _score(record, site, scores)
        diagnostics.extend(found)
    for rule in REGISTRY.values():
        if rule.corpus:
            corpus_check: CorpusCheck = rule.check  # type: ignore[assignment]
            diagnostics.extend(to_diagnostic(rule, rec, hit) for rec, hit in corpus_check(sound))
    diagnostics = [_apply_site_severity(d, site) for d in _drop_superseded(diagnostics)]
    broken = {d.file for d in diagnostics if d.severity is Severity.ERROR}
    publishable = tuple(r for r in sound if r.path not in broken)
    ordered = tuple(sorted(diagnostics, key=Diagnostic.sort_key))
    return Checked(len(items), publishable, ordered, scores)


def checked_here(site: SiteConfig) -> Callable[[Loaded], Loaded]:
    """Return the work `check` does on one loaded file alone (its record rules and its score),
    to be done where the file is parsed: `read.parallel.load_all` runs it in the loading
    workers, on every core, and `check` then takes the outcome (`Loaded.checked`) as it is.

    Only for files checked against this same `site`."""
    return partial(_checked_here, site)


def _checked_here(site: SiteConfig, item: Loaded) -> Loaded:
    if item.record is None:
        return item
    scores: dict[str, Scored] = {}
    found = tuple(_check_record(item.record, site, scores))
    kept = scores.get(item.record.path)
    # sent to the building process packed: it holds what lists show, not every field whole
    return replace(item, record=pack_record(item.record),
                   checked=(found, None if kept is None else pack_score(kept.score)))


def _score(record: Record, site: SiteConfig, scores: dict[str, Scored]) -> Scored | Diagnostic:
    """Score the record under its profile (into `scores`), or return S121 for an unknown one."""
    try:
        profile = profile_for(record, site)
    except UnknownProfile as exc:
        pos = record.pos("profile")
        return Diagnostic("S121", Severity.ERROR, record.path, pos.line, pos.column,
                          f"评分规则“{exc.args[0]}”不存在。", "profile",
                          "可用的评分规则见 generator/scoring/profiles/ 目录。")
    scored = scores[record.path] = Scored(record, profile, score_record(record, profile))
    return scored


def _check_record(record: Record, site: SiteConfig, scores: dict[str, Scored]) -> list[Diagnostic]:
    """Score the record (into `scores`) and run the record rules with its score."""
    scored = _score(record, site, scores)
    if isinstance(scored, Diagnostic):
        return [scored]
    return record_findings(record, Context(scored.profile, scored.score))


def record_findings(record: Record, ctx: Context) -> list[Diagnostic]:
    """Run every record rule (not the corpus rules) on one record with its score in `ctx`."""
    found: list[Diagnostic] = []
    for rule in REGISTRY.values():
        if not rule.corpus:
            record_check: RecordCheck = rule.check  # type: ignore[assignment]
            found.extend(to_diagnostic(rule, record, hit) for hit in record_check(record, ctx))
    record.positions.release()  # looked up again only by a corpus rule's finding (issue 16)
    return found


def _drop_superseded(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Drop a generic diagnostic where a more specific one reports the same value."""
    replaced = {(d.file, d.pointer, code) for d in diagnostics if d.code in REGISTRY
                for code in REGISTRY[d.code].supersedes}
    return [d for d in diagnostics if (d.file, d.pointer, d.code) not in replaced]


def _apply_site_severity(diagnostic: Diagnostic, site: SiteConfig) -> Diagnostic:
    if diagnostic.code in site.raise_to_error and diagnostic.severity is not Severity.ERROR:
        return replace(diagnostic, severity=Severity.ERROR)
    return diagnostic
