"""Digest-checked files (`read/checkedfile.py`): written atomically, read back only when whole."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from generator.read.checkedfile import read_checked, write_checked


def test_a_file_is_written_with_its_folders_and_read_back(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "entry"
    write_checked(target, b"payload")
    write_checked(str(target), b"again")  # a text path too, over the first
    assert read_checked(target) == b"again"
    assert os.listdir(target.parent) == ["entry"]  # no scratch file left


def test_a_bare_name_is_written_in_the_working_folder(tmp_path: Path) -> None:
    with contextlib.chdir(tmp_path):
        write_checked("index", b"x")
    assert read_checked(tmp_path / "index") == b"x"
    assert sorted(os.listdir(tmp_path)) == ["index"]


def test_a_failed_write_leaves_no_scratch_file_and_raises(tmp_path: Path) -> None:
    (tmp_path / "entry").mkdir()  # a folder where the file goes: the rename fails
    with pytest.raises(OSError):
        write_checked(tmp_path / "entry", b"payload")
    assert os.listdir(tmp_path) == ["entry"]


def test_a_damaged_file_reads_as_nothing(tmp_path: Path) -> None:
    target = tmp_path / "entry"
    write_checked(target, b"payload")
    target.write_bytes(target.read_bytes()[:-1])
    assert read_checked(target) is None
