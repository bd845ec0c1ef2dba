"""Load the records of one side of a diff: a git revision, or the working tree.

Both sides name files by their repository-relative path, so the same file matches itself.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.ledger.gitrepo import Repo, list_files, read_blobs, relative, resolve
from generator.read.load import Loaded, discover, load_bytes, load_file
from generator.read.siteconfig import SiteConfig, load_site
from generator.read.yamlread import MAX_BYTES
from generator.rules.check import Checked, check

WORKING_TREE = "工作区"


@dataclass(frozen=True)
class Side:
    """The validated records of one revision."""

    revision: str
    """As the user named it (`HEAD~1`), or 工作区 for the working tree."""
    commit: str | None
    """Full hash; None for the working tree."""
    loaded: tuple[Loaded, ...]
    site: SiteConfig
    checked: Checked

    @property
    def label(self) -> str:
        """Return how the side is shown: short hash and name, or 工作区."""
        if self.commit is None:
            return f"{WORKING_TREE}（未提交的改动也算在内）"
        return f"`{self.commit[:7]}`（{self.revision}）"


Cache = dict[tuple[str, bytes], Loaded]
"""Loaded files by (path, content): a file unchanged between the sides is parsed once."""


class BadRevision(LookupError):
    """The revision names no commit; the message is Chinese, for the user."""


def load_revision(repo: Repo, revision: str, content: Path, cache: Cache) -> Side:
    """Return the records under `content` as of `revision`; raise BadRevision."""
    commit = resolve(repo, revision)
    if commit is None:
        hint = "浅克隆缺少较早的提交：CI 中请用 fetch-depth: 0。" if repo.shallow else \
            "请检查分支名、标签或提交哈希，可用 git log --oneline 查看。"
        raise BadRevision(f"找不到修订版本“{revision}”。{hint}")
    folder = relative(repo, content)
    names = list_files(repo, commit, folder)
    records = _record_names(names, folder)
    blobs = read_blobs(repo, [f"{commit}:{name}" for name in [*records, f"{folder}/site.yaml"]])
    loaded = tuple(_load(name, blobs[f"{commit}:{name}"] or b"", cache) for name in records)
    site = _site_from_bytes(blobs.get(f"{commit}:{folder}/site.yaml"))
    return Side(revision, commit, loaded, site, check(loaded, site))


def load_working_tree(repo: Repo, content: Path, cache: Cache) -> Side:
    """Return the records under `content` as they are on disk."""
    site, _ = load_site(content)
    loaded = tuple(_load_file(repo, file, cache) for file in discover([content]))
    return Side(WORKING_TREE, None, loaded, site, check(loaded, site))


def _load(name: str, data: bytes, cache: Cache) -> Loaded:
    key = (name, data)
    if key not in cache:
        cache[key] = load_bytes(data, name)
    return cache[key]


def _load_file(repo: Repo, file: Path, cache: Cache) -> Loaded:
    if file.is_symlink() or not file.is_file() or file.stat().st_size > MAX_BYTES:
        # the loader refuses it without reading (Y014, Y008): a link is named, never followed
        return load_file(file, f"{relative(repo, file.parent)}/{file.name}")
    name = relative(repo, file)
    try:
        data = file.read_bytes()
    except OSError:
        return load_file(file, name)  # the loader reports what went wrong, as Y014
    return _load(name, data, cache)


def _record_names(names: list[str], folder: str) -> list[str]:
    """Mirror `load.discover`: the `records/` tree when there is one, else every YAML file."""
    prefix = f"{folder}/records/" if folder not in ("", ".") else "records/"
    under = [n for n in names if n.startswith(prefix)]
    chosen = under or [n for n in names if not n.endswith("/site.yaml") and n != "site.yaml"]
    return [n for n in chosen if n.endswith((".yaml", ".yml"))]


def _site_from_bytes(data: bytes | None) -> SiteConfig:
    # load_site reads a folder; a temporary one keeps a single parser for site.yaml.
    if data is None:
        return SiteConfig()
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "site.yaml").write_bytes(data)
        site, _ = load_site(Path(folder))
    return site
