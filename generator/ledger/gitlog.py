"""The published branch as a sequence of states: one `git log` along first parents.

The ledger reads the branch the site is built from (HEAD) as the list of its first-parent
commits, oldest first, each with the record files it changed relative to its first parent and
their new blob ids. A merge commit is one step of that list, compared with its first parent
(`--diff-merges=first-parent`): a figure changed inside a merge ("evil merge") is a change of
that step, and the commits of a merged branch are not steps of their own, since the published
branch never held their states. Order is the graph's, never the dates': a commit dated before
its parent keeps its place. Renames are not guessed (`--no-renames`): a record's identity is
its `id` field, followed by `ledger/walk.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from generator.ledger.gitrepo import Repo, run_git

# Settings that would change the output of `git log`, pinned whatever the user configured.
_PINNED = ("--literal-pathspecs", "-c", "log.follow=false", "-c", "log.showRoot=true", "-c", "log.showSignature=false",
           "-c", "diff.renames=false")
_LOG = ("log", "-z", "--first-parent", "--topo-order", "--reverse", "--raw", "--no-renames",
        "--no-abbrev", "--diff-merges=first-parent", "--no-color", "--format=%x1e%H%x1f%at")
_ZERO = "0" * 40


@dataclass(frozen=True)
class Revision:
    """One commit of the published branch, as the ledger shows it for a record."""

    commit: str
    """Full commit hash."""
    timestamp: str
    """Author date in Beijing time, ISO 8601 (`2022-10-05T16:00:00+08:00`)."""
    path: str
    """Repository-relative path of the record's file in that commit."""
    order: int = field(default=0, compare=False)
    """Position of the commit along the first-parent chain (0 = oldest): publication order."""

    @property
    def short(self) -> str:
        """Return the abbreviated hash shown to readers (fixed length: deterministic pages)."""
        return self.commit[:7]

    @property
    def date(self) -> str:
        """Return the date in Beijing time, `YYYY-MM-DD`."""
        return self.timestamp[:10]


@dataclass(frozen=True)
class Step:
    """One first-parent commit and the files it changed under the folder."""

    commit: str
    timestamp: str
    changed: tuple[tuple[str, str | None], ...]
    """(path, new blob id) in git's order; None when the file is gone (or is not a plain file)."""


def read_steps(repo: Repo, folder: str) -> list[Step]:
    """Return the first-parent commits of HEAD touching `folder`, oldest first; raise GitFailed."""
    out = run_git(repo.root, [*_PINNED, *_LOG, "--", folder or "."])
    return parse_steps(out.decode("utf-8", "replace"))


def parse_steps(text: str) -> list[Step]:
    """Parse `git log -z --raw --no-abbrev --format=%x1e%H%x1f%at` output."""
    steps: list[Step] = []
    for chunk in text.split("\x1e")[1:]:
        head, _, body = chunk.partition("\0")
        commit, epoch = head.split("\x1f")
        tokens = body.lstrip("\n").split("\0")
        changed: list[tuple[str, str | None]] = []
        for meta, path in zip(tokens[0::2], tokens[1::2], strict=False):
            fields = meta.lstrip(":").split(" ")
            if len(fields) == 5:
                changed.append((path, _blob(fields[1], fields[3])))
        steps.append(Step(commit, _iso(int(epoch)), tuple(changed)))
    return steps


def _blob(mode: str, blob: str) -> str | None:
    # Only a plain file is a record: a symbolic link or a submodule is never read (Y014).
    return blob if mode.startswith("100") and blob != _ZERO else None


BEIJING = timezone(timedelta(hours=8), "CST")
"""Dates are shown in China Standard Time (UTC+8, no daylight saving): a correction committed
at 07:00 in Beijing belongs to that day, not to the previous one as in UTC."""


def _iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, tz=BEIJING).isoformat()
