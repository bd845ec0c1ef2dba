"""The render workers stay a bounded distance ahead of the tree writer (issue 16: a cold
build's pages piled up in the main process while the writer fell behind)."""

from __future__ import annotations

from typing import Any

import pytest

from generator.site import render


class _Pool:
    """Runs each task when asked for its result; counts the tasks submitted."""

    def __init__(self) -> None:
        self.submitted: list[list[str]] = []

    def apply_async(self, function: Any, args: tuple[list[str]]) -> Any:
        assert function is render._render_in_worker
        batch = args[0]
        self.submitted.append(batch)

        class Result:
            def get(self) -> list[bytes]:
                return [path.encode() for path in batch]

        return Result()


def test_pages_come_in_order_with_at_most_ahead_batches_in_flight() -> None:
    pool = _Pool()
    todo = [f"records/2021/r{n:02d}.md" for n in range(23)]
    read: list[str] = []
    for path, page in render._in_order(pool, todo, 4, 3):
        assert page == path.encode()
        read.append(path)
        # the batch being read, and at most 3 beyond it
        assert len(pool.submitted) <= (len(read) + 3) // 4 + 3
    assert read == todo
    assert [len(b) for b in pool.submitted] == [4, 4, 4, 4, 4, 3]


def test_a_workers_error_reaches_the_reader() -> None:
    class Failing(_Pool):
        def apply_async(self, function: Any, args: tuple[list[str]]) -> Any:
            class Result:
                def get(self) -> list[bytes]:
                    raise RuntimeError("rendering failed")

            return Result()

    with pytest.raises(RuntimeError, match="rendering failed"):
        next(render._in_order(Failing(), ["a.md", "b.md"], 1, 2))
