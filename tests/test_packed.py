"""Packed records and scores (issue 16, memory): every field reads as the whole record's, they
compare, hash and pickle as the whole ones, the loading workers send them packed, and the
listings are made without unpacking a record."""

from __future__ import annotations

import dataclasses
import pickle
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from generator.importers.emit import emit_record
from generator.importers.synth import synth_records
from generator.model.record import Record
from generator.read.load import load_file, record_files
from generator.read.parallel import load_all
from generator.read.siteconfig import SiteConfig
from generator.rules.check import check, checked_here
from generator.scoring import RecordScore, score_record
from generator.scoring import packed as packing
from generator.scoring.packed import PackedRecord, PackedScore, pack_record, pack_score
from generator.scoring.profile import load_profile
from generator.site import render, signals
from generator.site.sitedata import build_model

ROOT = Path(__file__).resolve().parents[1]
SEED_RECORDS = ROOT / "content" / "records"


def _records() -> list[Record]:
    """The seed's records and synthetic ones of schema 1 and 2 (provincial layouts)."""
    files = record_files([SEED_RECORDS])
    loaded = [load_file(file, shown) for file, shown in files]
    records = [item.record for item in loaded if item.record is not None]
    assert len(records) == len(files) >= 4
    return records


def _same_fields(packed: Any, whole: Any) -> None:
    for field in dataclasses.fields(whole):
        assert getattr(packed, field.name) == getattr(whole, field.name), field.name


def test_a_packed_record_reads_compares_and_pickles_as_the_whole_one() -> None:
    profile = load_profile("national")
    for record in _records():
        score = score_record(record, profile)
        packed, packed_score = pack_record(record), pack_score(score)
        assert isinstance(packed, PackedRecord) and isinstance(packed, Record)
        assert isinstance(packed_score, PackedScore) and isinstance(packed_score, RecordScore)
        _same_fields(packed, record)
        _same_fields(packed.funds, record.funds)
        _same_fields(packed_score, score)
        assert packed == record and record == packed and not packed != record
        assert hash(packed) == hash(record) and repr(packed) == repr(record)
        assert packed.funds == record.funds and packed.funds.row("fiscal") == record.funds.row("fiscal")
        assert packed.funds.label("budget", "全年预算数") == record.funds.label("budget", "全年预算数")
        assert packed.pos("indicators[0].score") == record.pos("indicators[0].score")
        assert packed_score == score and packed_score.to_json() == score.to_json()
        assert packed_score.coverage == score.coverage
        again = pickle.loads(pickle.dumps(packed, protocol=pickle.HIGHEST_PROTOCOL))
        assert isinstance(again, PackedRecord) and again == record
        assert again.__dict__.keys() == packed.__dict__.keys()  # still packed
        assert pack_record(packed) is packed and pack_score(packed_score) is packed_score


def test_a_changed_field_makes_them_differ() -> None:
    record = _records()[0]
    other = dataclasses.replace(record, notes=record.notes + "（更正）")
    assert pack_record(other) != record and pack_record(record) != pack_record(other)
    assert pack_record(other).title == record.title  # held fields alike, the packed ones not


def test_what_listings_read_is_held_not_unpacked() -> None:
    record = _records()[0]
    packed = pack_record(record)
    packing._RECENT.clear()
    for name in packing.RECORD_FIELDS:
        getattr(packed, name)
    for name in packing.FUNDS_FIELDS:
        getattr(packed.funds, name)
    assert not packing._RECENT
    assert packed.indicators == record.indicators
    assert len(packing._RECENT) == 1


def test_the_loading_workers_send_records_packed(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.read import parallel

    monkeypatch.setattr(parallel, "PARALLEL_FROM", 4)
    for data in synth_records(12, seed=9, year=2022):
        (tmp_path / f"{data['id']}.yaml").write_text(emit_record(data), encoding="utf-8")
    files = record_files([tmp_path])
    loaded = load_all(files, None, 2, checked_here(SiteConfig()))
    assert len(loaded) == 12
    assert all(isinstance(item.record, PackedRecord) for item in loaded)
    assert all(isinstance(item.checked[1], PackedScore) for item in loaded if item.checked)
    assert [item.record for item in loaded] == [load_file(f, s).record for f, s in files]


def test_listing_pages_unpack_no_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Year, department, home and download pages read held fields only: a province's listings
    never unpack its records in the building process (record pages and signals do)."""
    content = tmp_path / "records"
    content.mkdir()
    for year in (2022, 2023):
        for data in synth_records(8, seed=4, year=year):
            (content / f"{data['id']}.yaml").write_text(emit_record(data), encoding="utf-8")
    loaded = [load_file(file, shown) for file, shown in record_files([content])]
    site = SiteConfig()
    checked = check(loaded, site)
    profile = load_profile("national")
    scored = [(pack_record(r), profile, pack_score(score_record(r, profile)))
              for r in checked.records]
    model = build_model(site, scored, checked.diagnostics)
    pages = render.RenderedPages(model)
    unpacked: Counter[str] = Counter()
    original = packing._unpacked
    current = [""]

    def counted(blob: bytes) -> Any:
        unpacked[current[0]] += 1
        return original(blob)

    monkeypatch.setattr(packing, "_unpacked", counted)
    templates = {path: template for path, (_, template, _) in pages._pages.items()}
    for path in sorted(pages):
        packing._RECENT.clear()
        current[0] = templates[path]
        pages.render(path)
    listings = {"department.md.j2", "home.md.j2", "years.md.j2", "departments.md.j2",
                "data.md.j2"}
    assert listings <= set(templates.values())
    assert not {t: n for t, n in unpacked.items() if t in listings}
    # a year page counts its signals: one record read per group of a shared deviation text,
    # for the text that labels it, and none for the rest
    groups = sum(len(s.groups) for year in model.years for s in signals.year_signals(
        model.of_year(year)) if s.key == "same-deviation")
    assert 0 < groups < len(scored) / 4
    assert unpacked["year.md.j2"] == groups
    assert unpacked["record.md.j2"] >= len(scored) * 2  # each record page reads its whole record


def test_a_build_of_packed_records_is_the_build_of_whole_ones(tmp_path: Path) -> None:
    """The same pages from records packed or whole (rendered in one process)."""
    content = tmp_path / "records"
    content.mkdir()
    for data in synth_records(10, seed=11, year=2023):
        (content / f"{data['id']}.yaml").write_text(emit_record(data), encoding="utf-8")
    shutil.copytree(SEED_RECORDS, tmp_path / "seed")
    loaded = [load_file(file, shown) for file, shown in record_files([content, tmp_path / "seed"])]
    site = SiteConfig()
    checked = check(loaded, site)
    profile = load_profile("national")
    whole = [(r, profile, score_record(r, profile)) for r in checked.records]
    packed = [(pack_record(r), p, pack_score(s)) for r, p, s in whole]
    one = render.RenderedPages(build_model(site, whole, checked.diagnostics))
    two = render.RenderedPages(build_model(site, packed, checked.diagnostics))
    assert list(one) == list(two)
    for path in one:
        assert one.render(path) == two.render(path), path
