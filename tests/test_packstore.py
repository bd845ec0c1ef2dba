"""The caches' packs (`generator/read/packstore.py`, issue 16): what is put is got back, by this
process, by forked ones and by the next build; nothing damaged, cut short or foreign is ever
returned; a write that fails leaves the pack for a new one; many packs are merged into one."""

from __future__ import annotations

import errno
import hashlib
import multiprocessing
import os
from pathlib import Path

import pytest

from generator.read import packstore
from generator.read.packstore import PackStore
from tests.packs import damage_entries, pack_entries, pack_files


def _key(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


PAYLOADS = {_key("empty"): b"", _key("text"): "项目资金".encode() * 5000,
            _key("bytes"): bytes(range(256)) * 3}


def _filled(folder: Path) -> PackStore:
    store = PackStore(folder)
    for key, payload in PAYLOADS.items():
        store.put(key, payload)
    return store


def test_what_is_put_is_got_back_here_and_by_the_next_build(tmp_path: Path) -> None:
    store = _filled(tmp_path / "store")
    assert all(store.get(key) == payload and store.has(key) for key, payload in PAYLOADS.items())
    assert store.get(_key("never")) is None and not store.has(_key("never"))
    assert len(pack_files(tmp_path)) == 1  # one pack for every entry this process put
    again = PackStore(tmp_path / "store")
    assert {key: again.get(key) for key in PAYLOADS} == PAYLOADS


def test_a_key_that_is_not_a_digest_is_refused_and_never_found(tmp_path: Path) -> None:
    store = PackStore(tmp_path)
    with pytest.raises(ValueError):
        store.put("../x", b"data")
    assert store.get("zz" * 32) is None and not store.has("") and not pack_files(tmp_path)


def test_nothing_is_made_until_something_is_put(tmp_path: Path) -> None:
    store = PackStore(tmp_path / "store")
    assert store.get(_key("text")) is None
    assert not (tmp_path / "store").exists()


_STORE: list[PackStore] = []


def _put_in_a_fork(name: str) -> bool:
    _STORE[0].put(_key(name), name.encode())
    return _STORE[0].get(_key("text")) == PAYLOADS[_key("text")]  # the parent's, inherited


def test_forked_processes_append_to_packs_of_their_own(tmp_path: Path) -> None:
    _STORE[:] = [_filled(tmp_path)]
    try:
        with multiprocessing.get_context("fork").Pool(2) as pool:
            assert all(pool.map(_put_in_a_fork, [f"child {n}" for n in range(8)], chunksize=1))
    finally:
        _STORE.clear()
    assert 2 <= len(pack_files(tmp_path)) <= 3  # this process's, and one per child that put
    found = PackStore(tmp_path)
    assert all(found.get(_key(f"child {n}")) == f"child {n}".encode() for n in range(8))
    assert found.get(_key("text")) == PAYLOADS[_key("text")]


def test_a_pack_cut_short_keeps_the_entries_before_the_cut(tmp_path: Path) -> None:
    _filled(tmp_path)
    (pack,) = pack_files(tmp_path)
    raw = pack.read_bytes()
    pack.write_bytes(raw[:-10])  # the last entry loses its end
    store = PackStore(tmp_path)
    first, second, last = PAYLOADS
    assert store.get(first) == PAYLOADS[first] and store.get(second) == PAYLOADS[second]
    assert store.get(last) is None and not store.has(last)
    pack.write_bytes(raw[:len(packstore.PACK_MAGIC) + 5])  # cut inside the first head
    assert PackStore(tmp_path).get(first) is None


def test_foreign_files_and_garbage_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "garbage.pack").write_bytes(b"\x00garbage" * 100)
    (tmp_path / "other.pack").write_bytes(packstore.PACK_MAGIC + b"not an entry head" * 10)
    raw = packstore.ENTRY.pack(packstore.ENTRY_MAGIC, bytes.fromhex(_key("text")),
                               hashlib.sha256(b"x").digest(), 1) + b"x"
    (tmp_path / "no-magic.pack").write_bytes(raw)  # a sound entry, in a file not ours
    (tmp_path / "notes.txt").write_bytes(packstore.PACK_MAGIC + raw)  # not a pack
    os.mkdir(tmp_path / "folder.pack")
    store = PackStore(tmp_path)
    assert not store.has(_key("text")) and store.get(_key("text")) is None
    store.put(_key("text"), b"y")
    assert PackStore(tmp_path).get(_key("text")) == b"y"


def test_a_damaged_entry_reads_as_absent_and_an_earlier_sound_one_serves(tmp_path: Path) -> None:
    _filled(tmp_path)
    text = _key("text")
    damage_entries(tmp_path, lambda _, key, data: (data[:-1] + b"!", False) if key == text else None)
    assert PackStore(tmp_path).get(text) is None  # altered under its old digest
    remade = PackStore(tmp_path)
    remade.put(text, PAYLOADS[text])  # what a build does on the miss
    assert PackStore(tmp_path).get(text) == PAYLOADS[text]
    # bytes under a digest that matches them are returned: what they hold is the caller's to
    # check (the record cache unpickles and compares the path, a download part its length)
    damage_entries(tmp_path, lambda _, key, data: (data[:-1], True) if key == text else None)
    assert PackStore(tmp_path).get(text) == PAYLOADS[text][:-1]


def test_the_newest_sound_entry_of_a_key_is_read_and_the_older_when_it_is_damaged(
        tmp_path: Path) -> None:
    key = _key("page")
    first = PackStore(tmp_path)
    first.put(key, b"old bytes")
    older = pack_files(tmp_path)[0]
    os.utime(older, ns=(1, 1))  # written long before
    _put_in_a_new_process(tmp_path, key, b"new bytes")
    assert PackStore(tmp_path).get(key) == b"new bytes"
    newer = next(p for p in pack_files(tmp_path) if p != older)
    stamp = newer.stat()
    newer.write_bytes(newer.read_bytes()[:-1] + b"?")  # the newest one damaged
    os.utime(newer, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert PackStore(tmp_path).get(key) == b"old bytes"


def _put_in_a_new_process(folder: Path, key: str, payload: bytes) -> None:
    process = multiprocessing.get_context("fork").Process(
        target=lambda: PackStore(folder).put(key, payload))
    process.start()
    process.join()
    assert process.exitcode == 0


def test_an_entry_whose_head_names_another_key_is_not_returned(tmp_path: Path) -> None:
    store = _filled(tmp_path)
    text, other = _key("text"), _key("other")
    (pack,) = pack_files(tmp_path)
    pack.write_bytes(pack.read_bytes().replace(bytes.fromhex(text), bytes.fromhex(other)))
    assert store.get(text) is None  # indexed before: the head read now names another key
    assert PackStore(tmp_path).get(other) == PAYLOADS[text]  # under the key its head names


def test_a_failed_write_leaves_the_pack_for_a_new_one(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    store = _filled(tmp_path)
    real_write = os.write
    calls = {"n": 0}

    def full(fd: int, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            real_write(fd, bytes(data)[:7])  # part of the head, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(packstore.os, "write", full)
    with pytest.raises(OSError):
        store.put(_key("lost"), b"never whole")
    store.put(_key("after"), b"written")
    monkeypatch.undo()
    assert len(pack_files(tmp_path)) == 2
    found = PackStore(tmp_path)
    assert found.get(_key("lost")) is None and found.get(_key("after")) == b"written"
    assert {key: found.get(key) for key in PAYLOADS} == PAYLOADS


def test_many_packs_are_merged_into_one_keeping_every_sound_entry(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(packstore, "MOST_PACKS", 3)
    monkeypatch.setattr(packstore, "KEPT_LARGEST", 0)
    for number in range(5):
        _put_in_a_new_process(tmp_path, _key(f"entry {number}"), f"payload {number}".encode())
    _put_in_a_new_process(tmp_path, _key("entry 0"), b"payload 0")  # stored twice
    damaged = _key("entry 4")
    damage_entries(tmp_path, lambda _, key, data: (data + b"!", False) if key == damaged else None)
    assert len(pack_files(tmp_path)) == 6
    store = PackStore(tmp_path)
    assert store.get(_key("entry 1")) == b"payload 1"  # indexed before the merge
    store.compact()
    (merged,) = pack_files(tmp_path)
    assert [key for key, _ in pack_entries(tmp_path)].count(_key("entry 0")) == 1
    assert not store.has(damaged) and store.get(damaged) is None  # the damaged one dropped
    assert all(store.get(_key(f"entry {n}")) == f"payload {n}".encode() for n in range(4))
    assert not [p for p in tmp_path.iterdir() if p != merged]  # no scratch file left
    store.put(damaged, b"payload 4")
    assert PackStore(tmp_path).get(damaged) == b"payload 4"


def test_a_folder_of_few_packs_is_left_as_it_is(tmp_path: Path) -> None:
    _filled(tmp_path)
    before = pack_files(tmp_path)
    PackStore(tmp_path).compact()
    assert pack_files(tmp_path) == before


def test_the_largest_packs_are_kept_as_they_are(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(packstore, "MOST_PACKS", 3)
    monkeypatch.setattr(packstore, "KEPT_LARGEST", 1)
    _put_in_a_new_process(tmp_path, _key("cold build"), b"x" * 100_000)
    (largest,) = pack_files(tmp_path)
    inode = largest.stat().st_ino
    for number in range(4):
        _put_in_a_new_process(tmp_path, _key(f"rebuild {number}"), f"page {number}".encode())
    store = PackStore(tmp_path)
    store.compact()
    assert len(pack_files(tmp_path)) == 2 and largest.stat().st_ino == inode
    assert store.get(_key("cold build")) == b"x" * 100_000
    assert all(store.get(_key(f"rebuild {n}")) == f"page {n}".encode() for n in range(4))


def test_a_store_let_go_closes_its_packs(tmp_path: Path) -> None:
    import gc

    _filled(tmp_path)
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(20):
        store = PackStore(tmp_path)
        assert store.get(_key("text")) == PAYLOADS[_key("text")]
        store.put(_key("more"), b"more")
    del store
    gc.collect()
    assert len(os.listdir("/proc/self/fd")) <= before
