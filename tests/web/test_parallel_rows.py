"""A year's download rows serialised on forked processes are the rows one process makes, in the
same order, and so are the downloads made of them (issue 16)."""

from __future__ import annotations

import multiprocessing
import os
from typing import Any

import pytest

from generator.importers.synth import synth_records
from generator.site import datafiles
from generator.site.datafiles import DataFiles, Prepared, RowWorkers, prepare
from tests.test_citizen_site import _model


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    records = synth_records(30, seed=5, year=2022) + synth_records(25, seed=6, year=2023)
    return _model(tmp_path_factory.mktemp("rows"), records)


PARENT = os.getpid()
REAL = datafiles._prepare_at


def _only_in_a_worker(positions: list[int]) -> list[tuple[str, str, str, str, str]]:
    """`_prepare_at`, refusing to run in the test's own process (pickled by name)."""
    if os.getpid() == PARENT:
        raise AssertionError("serialised in the writing process")
    return REAL(positions)


def test_rows_from_workers_are_the_rows_of_one_process(model, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(datafiles, "_prepare_at", _only_in_a_worker)
    monkeypatch.setattr(datafiles, "PREPARE_FROM", 10)
    entries = model.entries
    workers = RowWorkers(entries, jobs=2)
    forked = workers.prepare(entries)
    workers.close()
    assert all(isinstance(item, Prepared) for item in forked)
    assert forked == [prepare(entry) for entry in entries]
    assert len({item.json for item in forked}) == len(entries) == 55


def test_downloads_are_the_same_bytes_on_one_or_two_processes(model, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    one = DataFiles(model)
    serial = {path: one[path] for path in one}
    monkeypatch.setattr(datafiles, "PREPARE_FROM", 10)
    forks: list[int] = []
    context = multiprocessing.get_context("fork")

    class Counted:
        def get_context(self, method: str) -> Any:
            assert method == "fork"
            return self

        def Pool(self, jobs: int) -> Any:  # multiprocessing's name
            forks.append(jobs)
            return context.Pool(jobs)

    monkeypatch.setattr(datafiles, "multiprocessing", Counted())
    two = DataFiles(model, jobs=2)
    assert {path: two[path] for path in two} == serial
    assert len(serial) == 13  # the schema, and four files each of 2022, 2023 and all years
    assert forks == [2]  # one pool for both years, closed once both were serialised
    assert two._workers._pool is None  # type: ignore[attr-defined]


def test_few_rows_stay_in_this_process(model, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def never(positions: list[int]) -> list[tuple[str, str, str, str, str]]:
        raise AssertionError("a pool for too few rows")

    monkeypatch.setattr(datafiles, "_prepare_at", never)
    assert len(RowWorkers(model.entries, jobs=2).prepare(model.entries)) == 55  # PREPARE_FROM is 400
