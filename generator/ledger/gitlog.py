"""Which commits touched which record file: one `git log` for a whole folder, renames followed.

One process for the whole content tree instead of `git log --follow` per file keeps a site of
thousands of records fast; `-M` follows renames inside the folder the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from generator.ledger.gitrepo import Repo, run_git

# Settings that would change the output of `git log`, pinned whatever the user configured.
_PINNED = ("-c", "log.follow=false", "-c", "log.showRoot=true", "-c", "log.showSignature=false")


@dataclass(frozen=True)
class Revision:
    """One commit that changed a record file."""

    commit: str
    """Full commit hash."""
    timestamp: str
    """Author date in Beijing time, ISO 8601 (`2022-10-05T16:00:00+08:00`)."""
    path: str
    """Repository-relative path of the file in that commit."""

    @property
    def short(self) -> str:
        """Return the abbreviated hash shown to readers (fixed length: deterministic pages)."""
        return self.commit[:7]

    @property
    def date(self) -> str:
        """Return the date in Beijing time, `YYYY-MM-DD`."""
        return self.timestamp[:10]


@dataclass(frozen=True)
class _Touch:
    index: int
    """Position of the commit in the log, newest first."""
    status: str
    source: str
    """For a rename, the old path; else the path itself."""


class Log:
    """The commits that touched files under one folder, newest first."""

    def __init__(self, commits: Sequence[tuple[str, str]], touches: dict[str, list[_Touch]]):
        self._commits = commits
        self._touches = touches

    def revisions(self, path: str) -> tuple[Revision, ...]:
        """Return the commits that changed `path` (following renames back), oldest first."""
        found: list[Revision] = []
        name, start = path, 0
        while True:
            touch = next((t for t in self._touches.get(name, ()) if t.index >= start), None)
            if touch is None:
                break
            commit, stamp = self._commits[touch.index]
            found.append(Revision(commit, stamp, name))
            if touch.status.startswith(("A", "C")):
                break
            name, start = touch.source, touch.index + 1
        return tuple(reversed(found))


def read_log(repo: Repo, folder: str) -> Log:
    """Return the log of every file under `folder` (repository-relative); raise GitFailed."""
    out = run_git(repo.root, [*_PINNED, "log", "-M", "--name-status", "--no-color",
                              "--format=%x1e%H%x1f%at", "--", folder])
    return parse_log(out.decode("utf-8", "replace"))


def parse_log(text: str) -> Log:
    """Parse `git log --name-status --format=%x1e%H%x1f%at` output."""
    commits: list[tuple[str, str]] = []
    touches: dict[str, list[_Touch]] = defaultdict(list)
    for chunk in text.split("\x1e")[1:]:
        head, _, body = chunk.partition("\n")
        commit, epoch = head.split("\x1f")
        index = len(commits)
        commits.append((commit, _iso(int(epoch))))
        for line in body.splitlines():
            fields = line.split("\t")
            if len(fields) < 2 or fields[0].startswith("D"):
                continue  # a deletion ends an older life of the path, never the current one
            touches[fields[-1]].append(_Touch(index, fields[0], fields[1]))
    return Log(commits, dict(touches))


BEIJING = timezone(timedelta(hours=8), "CST")
"""Dates are shown in China Standard Time (UTC+8, no daylight saving): a correction committed
at 07:00 in Beijing belongs to that day, not to the previous one as in UTC."""


def _iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, tz=BEIJING).isoformat()
