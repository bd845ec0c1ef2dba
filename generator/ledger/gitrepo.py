"""A read-only view of a git repository through the `git` command line.

Every failure is a value (`Absent`, with a Chinese reason), never an exception: a site must
build from a plain folder or a shallow clone, with its history marked absent.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Absent:
    """Why history cannot be read (shown to users, in Chinese)."""

    reason: str


NOT_A_REPOSITORY = Absent("不是 git 仓库，无法读取发布历史")
SHALLOW = Absent("浅克隆（shallow clone）缺少完整历史，无法读取发布历史")
NO_GIT = Absent("未安装 git，无法读取发布历史")
NOT_COMMITTED = Absent("文件尚未提交到 git，还没有发布历史")


@dataclass(frozen=True)
class Repo:
    """A git work tree: its top folder and whether its history is complete."""

    root: Path
    shallow: bool


class GitFailed(Exception):
    """A git command failed; the message is git's own first line of error output."""


def _env() -> dict[str, str]:
    # Plain, parseable output whatever the user's configuration: no pager, C messages.
    env = dict(os.environ)
    env.update({"LC_ALL": "C", "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0"})
    return env


def run_git(cwd: Path, args: Sequence[str], stdin: bytes | None = None) -> bytes:
    """Run git in `cwd` and return its output; raise GitFailed (or OSError when git is missing)."""
    done = subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=cwd, input=stdin,
                          capture_output=True, env=_env(), check=False)
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitFailed(lines[0] if lines else f"git {args[0]} 失败")
    return done.stdout


def open_repo(path: Path) -> Repo | Absent:
    """Return the repository holding `path`, or why there is none."""
    folder = path if path.is_dir() else path.parent
    try:
        top = run_git(folder, ["rev-parse", "--show-toplevel"]).decode().strip()
        shallow = run_git(folder, ["rev-parse", "--is-shallow-repository"]).decode().strip()
    except GitFailed:
        return NOT_A_REPOSITORY
    except OSError:
        return NO_GIT
    return Repo(Path(top), shallow == "true")


def relative(repo: Repo, path: Path) -> str:
    """Return `path` relative to the repository's top folder, with forward slashes."""
    return path.resolve().relative_to(repo.root.resolve()).as_posix()


def resolve(repo: Repo, revision: str) -> str | None:
    """Return the full commit hash a revision names, or None when it names no commit."""
    if revision.startswith("-"):
        return None  # never let a revision be read as an option
    try:
        out = run_git(repo.root, ["rev-parse", "--verify", "--quiet", "--end-of-options",
                                  revision + "^{commit}"])
    except GitFailed:
        return None
    return out.decode().strip() or None


def list_files(repo: Repo, commit: str, folder: str) -> list[str]:
    """Return the repository-relative paths of files under `folder` at `commit`, sorted."""
    out = run_git(repo.root, ["ls-tree", "-r", "--name-only", commit, "--", folder])
    return sorted(line for line in out.decode("utf-8").splitlines() if line)


def read_blobs(repo: Repo, specs: Sequence[str]) -> dict[str, bytes | None]:
    """Return the content of each `commit:path` spec (None when missing), in one git process."""
    if not specs:
        return {}
    out = run_git(repo.root, ["cat-file", "--batch"], stdin="".join(f"{s}\n" for s in specs).encode())
    found: dict[str, bytes | None] = {}
    at = 0
    for spec in specs:
        end = out.index(b"\n", at)
        header = out[at:end].split(b" ")
        at = end + 1
        if len(header) != 3 or header[1] != b"blob":
            found[spec] = None
            continue
        size = int(header[2])
        found[spec] = out[at:at + size]
        at += size + 1  # the blob is followed by a newline
    return found


def blob_id(data: bytes) -> str:
    """Return the id git gives a file with these bytes (SHA-1 object format)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()
