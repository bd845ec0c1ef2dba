"""A scratch file of byte strings, read back by position (issue 16, memory): the packed records
of a build (`scoring.packed`) wait here, not in the building process's memory.

The file is unlinked when made (nothing is left behind, whatever stops the build), in the cache
folder beside the output, never in `/tmp` (often memory itself). Processes forked later read
it through the same descriptor, by position (`os.pread`), so no offset is shared.
"""

from __future__ import annotations

import os
import tempfile
import weakref
from pathlib import Path


class Spill:
    """Byte strings appended to an unlinked file, each read back by its `Spilled` handle."""

    def __init__(self, folder: Path) -> None:
        """Make the file in `folder` (raise OSError when it cannot be made)."""
        os.makedirs(folder, exist_ok=True)
        self._file = tempfile.TemporaryFile(dir=folder, prefix=".spill-")
        self._fd = self._file.fileno()
        self._size = 0
        # closed when the last record holding a handle is gone (or at exit), never left open
        self._closing = weakref.finalize(self, self._file.close)

    def put(self, data: bytes) -> Spilled:
        """Append `data`; return its handle (raise OSError when it cannot be written)."""
        at, view = self._size, memoryview(data)
        while view:
            view = view[os.pwrite(self._fd, view, at + len(data) - len(view)):]
        self._size += len(data)
        return Spilled(self, at, len(data))

    def read(self, at: int, length: int) -> bytes:
        """Return the `length` bytes at `at`."""
        data = os.pread(self._fd, length, at)
        if len(data) != length:
            raise OSError(f"spill file: {len(data)} of {length} bytes at {at}")
        return data

    def close(self) -> None:
        """Close (and so remove) the file: handles read after this fail."""
        self._closing()


class Spilled:
    """Where one byte string waits in a `Spill`."""

    __slots__ = ("_at", "_length", "_spill")

    def __init__(self, spill: Spill, at: int, length: int) -> None:
        """Name the `length` bytes at `at` of `spill`."""
        self._spill, self._at, self._length = spill, at, length

    def read(self) -> bytes:
        """Return the bytes."""
        return self._spill.read(self._at, self._length)
