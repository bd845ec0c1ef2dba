"""Which files a pull request changes: the set `validate --changed-since BASE` annotates."""

from __future__ import annotations

from pathlib import Path

from generator.ledger.gitrepo import Absent, GitFailed, Repo, open_repo, resolve, run_git


class ChangedUnknown(LookupError):
    """The changed files cannot be listed; the message says why, in Chinese."""


def changed_since(folder: Path, base: str) -> set[Path]:
    """Return the files changed since the merge base of `base` and HEAD, work tree included.

    As a pull request shows them: changes on `base` after the branch point do not count;
    uncommitted and untracked files do. Raise ChangedUnknown outside git or for a bad revision.
    """
    repo = open_repo(folder)
    if isinstance(repo, Absent):
        raise ChangedUnknown(f"无法列出改动的文件：{repo.reason}。")
    commit = resolve(repo, base)
    if commit is None:
        raise ChangedUnknown(f"找不到版本 {base}：请确认分支名，并以完整历史检出（fetch-depth: 0）。")
    try:
        merge_base = run_git(repo.root, ["merge-base", commit, "HEAD"]).decode().strip()
        names = _names(repo, ["diff", "--name-only", "-z", "--no-renames", merge_base, "--"])
        names |= _names(repo, ["ls-files", "--others", "--exclude-standard", "-z"])
    except GitFailed as exc:
        raise ChangedUnknown(f"无法列出自 {base} 以来改动的文件：{exc}") from exc
    return {(repo.root / name).resolve() for name in names}


def _names(repo: Repo, args: list[str]) -> set[str]:
    return {name for name in run_git(repo.root, args).decode("utf-8").split("\0") if name}
