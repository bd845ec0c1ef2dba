"""The record cache (build/.cache/records/) is an optimisation only (issue 16): the same bytes with
and without it, a warm cache is used, and a corrupted or foreign entry is ignored, never trusted."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.cli.options import load_paths
from generator.read import recordcache
from generator.read.recordcache import open_cache
from generator.read.siteconfig import SiteConfig
from generator.rules.check import check, checked_here
from tests.packs import damage_entries, entry_keys, pack_entries
from tests.sitebuild import CONTENT


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(content: Path, out: Path, *extra: str) -> dict[str, bytes]:
    assert main(["build", "--content", str(content), "--out", str(out), *extra]) == 0
    return _tree(out)


def _damage(cache: Path, payloads: dict[str, tuple[bytes, bool]]) -> None:
    """Store each payload of `payloads` instead of the entry of its key (with a digest that
    matches it or not), in the cache's packs."""
    assert damage_entries(cache, lambda _, key, __: payloads.get(key)) == len(payloads)


def test_a_record_file_unchanged_since_the_last_build_is_not_read_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = shutil.copytree(CONTENT, tmp_path / "content")
    monkeypatch.setattr(recordcache, "SETTLED_NS", -10**18)  # these files were written just now
    site = SiteConfig()
    first = open_cache(tmp_path / "cache", site.profile)
    fresh = check(load_paths([content], first), site, first)
    first.flush()
    assert [p.parent.parent for p in (tmp_path / "cache").rglob(recordcache.STAT_INDEX)] == [
        tmp_path / "cache"]  # in the generation's folder
    opened: list[str] = []
    real_open = open

    def spying(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(recordcache, "open", spying, raising=False)
    second = open_cache(tmp_path / "cache", site.profile)
    assert check(load_paths([content], second), site, second) == fresh
    assert second.hits == 4
    assert not [name for name in opened if name.startswith(str(content))]  # only cache entries
    second.flush()
    # the same size and modification time, other bytes: its change time tells, so it is read
    changed = content / "records" / "2021" / "2021-cj-coal-network-ops.yaml"
    stamp = changed.stat()
    changed.write_bytes(changed.read_bytes().replace("title: 昌吉州".encode(), "title: 吉昌州".encode(), 1))
    os.utime(changed, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert changed.stat().st_size == stamp.st_size
    assert changed.stat().st_mtime_ns == stamp.st_mtime_ns
    opened.clear()
    third = open_cache(tmp_path / "cache", site.profile)
    loaded = {item.path: item for item in load_paths([content], third)}
    assert third.hits == 3
    assert str(changed) in opened
    (record,) = [item.record for path, item in loaded.items() if path.endswith(changed.name)]
    assert record is not None and record.title.startswith("吉昌州")


def test_output_is_byte_identical_without_with_a_cold_and_with_a_warm_cache(tmp_path: Path) -> None:
    content = shutil.copytree(CONTENT, tmp_path / "content")
    plain = _build(content, tmp_path / "a" / "docs", "--no-cache")
    assert not (tmp_path / "a" / ".cache").exists()
    cold = _build(content, tmp_path / "b" / "docs")
    assert len(entry_keys(tmp_path / "b" / ".cache" / "records")) == 4  # one per record
    assert entry_keys(tmp_path / "b" / ".cache" / "pages")  # and the pages and downloads
    warm = _build(content, tmp_path / "b" / "docs")
    assert plain == cold == warm


def test_a_warm_cache_serves_every_unchanged_record_and_rechecks_a_changed_one(tmp_path: Path) -> None:
    content = shutil.copytree(CONTENT, tmp_path / "content")
    site = SiteConfig()
    first = open_cache(tmp_path / "cache", site.profile)
    fresh = check(load_paths([content], first), site, first)
    first.flush()
    second = open_cache(tmp_path / "cache", site.profile)
    again = check(load_paths([content], second), site, second)
    assert (first.hits, second.hits) == (0, 4)
    assert again == fresh
    changed = next((content / "records" / "2021").glob("*.yaml"))
    changed.write_bytes(changed.read_bytes() + b"# edited\n")
    third = open_cache(tmp_path / "cache", site.profile)
    check(load_paths([content], third), site, third)
    assert third.hits == 3


def test_a_build_that_stops_on_an_error_writes_no_cache(tmp_path: Path) -> None:
    content = shutil.copytree(CONTENT, tmp_path / "content")
    broken = content / "records" / "2021" / "2021-cj-coal-network-ops.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("  weight: 10\n", "  weight: abc\n", 1),
                      encoding="utf-8")
    assert main(["build", "--content", str(content), "--out", str(tmp_path / "docs")]) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]


def test_corrupted_truncated_and_foreign_entries_are_ignored(tmp_path: Path) -> None:
    content = shutil.copytree(CONTENT, tmp_path / "content")
    expected = _build(content, tmp_path / "plain" / "docs", "--no-cache")
    out = tmp_path / "cached" / "docs"
    _build(content, out)
    cache = tmp_path / "cached" / ".cache" / "records"
    a, b, c, d = entry_keys(cache)
    stored = dict(pack_entries(cache))
    _damage(cache, {
        a: (stored[a][:-40], False),                          # truncated: digest mismatch
        b: (b"\x00garbage" * 10, False),                      # garbage
        c: (pickle.dumps(("content/records/2021/other.yaml", None, (), None)), True),  # foreign
        d: (b"not a pickle", True),                            # valid digest, bad data
    })
    assert _build(content, out) == expected
    site = SiteConfig()
    probe = open_cache(tmp_path / "cached" / ".cache" / "records", site.profile)
    load_paths([content], probe)
    assert probe.hits == 4  # the broken entries were rewritten by the previous build


def test_loading_on_two_processes_gives_the_same_records_in_the_same_order(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.read import parallel

    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    content = shutil.copytree(CONTENT, tmp_path / "content")
    serial = load_paths([content], None, jobs=1)
    assert load_paths([content], None, jobs=2) == serial
    cold = open_cache(tmp_path / "cache", "national")
    assert load_paths([content], cold, jobs=2) == serial
    check(serial, SiteConfig(), cold)
    cold.flush()
    warm = open_cache(tmp_path / "cache", "national")
    assert load_paths([content], warm, jobs=2) == serial
    assert warm.hits == 4


def test_probing_every_file_at_once_ignores_broken_entries_and_refuses_links(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from generator.read import parallel
    from generator.read.load import record_files

    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)  # through `RecordCache.probe_all`
    content = shutil.copytree(CONTENT, tmp_path / "content")
    serial = load_paths([content], None, jobs=1)
    cold = open_cache(tmp_path / "cache", "national")
    check(load_paths([content], cold, jobs=2), SiteConfig(), cold)
    cold.flush()
    a, b, *_ = entry_keys(tmp_path / "cache")
    stored = dict(pack_entries(tmp_path / "cache"))
    _damage(tmp_path / "cache", {a: (stored[a][:-40], False), b: (b"not a pickle", True)})
    warm = open_cache(tmp_path / "cache", "national")
    assert load_paths([content], warm, jobs=2) == serial
    assert warm.hits == 2 and gc.isenabled()
    found = record_files([content])
    link = tmp_path / "link.yaml"
    link.symlink_to(found[0][0])
    assert warm.probe_all([(link, "link.yaml"), (tmp_path, "folder"), (found[1][0], found[1][1])]) \
        [:2] == [None, None]
    gc.disable()
    warm.probe_all(found)
    assert not gc.isenabled()  # left as it was found
    gc.enable()


def test_records_checked_and_scored_by_the_loading_workers_match_one_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.read import parallel
    from generator.rules import check as check_module

    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    content = shutil.copytree(CONTENT, tmp_path / "content")
    site = SiteConfig()
    serial = check(load_paths([content], None, jobs=1), site)
    cold = open_cache(tmp_path / "cache", site.profile)
    plain = load_paths([content], None, jobs=2, then=checked_here(site))
    cached = load_paths([content], cold, jobs=2, then=checked_here(site))
    assert all(item.checked is not None for item in (*plain, *cached))
    original = check_module._check_record

    def refused(*args: object) -> object:
        raise AssertionError("checked again in the parent")

    monkeypatch.setattr(check_module, "_check_record", refused)  # the workers' findings serve
    assert check(plain, site) == serial
    assert check(cached, site, cold) == serial
    monkeypatch.setattr(check_module, "_check_record", original)
    cold.flush(jobs=2)  # four entries, written by two processes
    assert len(entry_keys(tmp_path / "cache")) == 4
    warm = open_cache(tmp_path / "cache", site.profile)
    assert check(load_paths([content], warm, jobs=2, then=checked_here(site)), site, warm) == serial
    assert warm.hits == 4
    # the entries hold the findings once, beside the record (`Loaded.checked` is not kept)
    assert all(pickle.loads(payload)[1].checked is None
               for _, payload in pack_entries(tmp_path / "cache"))
