"""`synth`: deterministic, realistic synthetic records that load without errors."""

from __future__ import annotations

from pathlib import Path

from generator.cli.options import load_paths
from generator.importers.emit import emit_record
from generator.importers.synth import synth_records
from generator.read.siteconfig import SiteConfig
from generator.rules.check import check


def test_same_seed_same_bytes() -> None:
    first = [emit_record(d) for d in synth_records(20, seed=7)]
    second = [emit_record(d) for d in synth_records(20, seed=7)]
    other = [emit_record(d) for d in synth_records(20, seed=8)]
    assert first == second
    assert first != other


def test_synthetic_records_are_valid(tmp_path: Path) -> None:
    folder = tmp_path / "records" / "2023"
    folder.mkdir(parents=True)
    for data in synth_records(30, seed=1):
        (folder / f"{data['id']}.yaml").write_text(emit_record(data), encoding="utf-8")
    checked = check(load_paths([tmp_path]), SiteConfig())
    assert checked.errors == 0
    assert len(checked.records) == 30
    assert len({r.id for r in checked.records}) == 30


def test_a_department_prints_each_title_once_a_year() -> None:
    records = synth_records(2000, seed=3, year=2022)
    keys = [(d["department"], d["title"]) for d in records]
    assert len(set(keys)) == len(keys)
    assert any(d["title"].endswith("批）") for d in records)  # repeats became batches
