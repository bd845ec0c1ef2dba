"""Output folders that a writer may fill: never the records, never git, never the work tree.

`build --out` replaces a whole folder, so it must never be (or contain, or lie inside) the content
folder, the repository's `.git`, or a folder holding a repository. `import --out` only adds record
files, normally into the content folder itself; it still never writes into `.git` or a folder
that holds a repository. `synth --out` never writes into the content folder. The writers
(`treewrite.write_tree`, `treewrite.sync_tree`) check again with what they can see alone
(`replace_refusal`), whoever calls them.

Every refusal is a Chinese sentence naming the folder; None means the folder is safe.
"""

from __future__ import annotations

from pathlib import Path

GENERATED_MARK = ".site.json"
"""A file every generated Markdown tree holds (`mkdocs_hooks.SETTINGS_FILE`): the sign that an
existing folder is a previous build and may be replaced."""


def _real(path: Path) -> Path:
    return path.expanduser().resolve()


def _inside_git(path: Path) -> bool:
    return ".git" in path.parts


def _repository_roots(*starts: Path) -> set[Path]:
    """Return the work trees (folders holding `.git`) around the given folders."""
    roots: set[Path] = set()
    for start in starts:
        for folder in (start, *start.parents):
            if (folder / ".git").exists():
                roots.add(folder)
                break
    return roots


def _holds_repository(out: Path, roots: set[Path]) -> bool:
    return (out / ".git").exists() or any(root.is_relative_to(out) for root in roots)


def build_refusal(out: Path, content: Path) -> str | None:
    """Return why `build` must not replace `out`, or None."""
    target, records = _real(out), _real(content)
    shown = out.as_posix()
    if target == records or target.is_relative_to(records) or records.is_relative_to(target):
        return (f"输出文件夹 {shown} 与内容文件夹 {content.as_posix()} 重叠：生成时会替换整个"
                "输出文件夹，记录会被删除。请改用单独的文件夹，例如 --out build/docs。")
    if _inside_git(target):
        return f"输出文件夹 {shown} 位于 git 仓库的 .git 内，拒绝写入。请改用 --out build/docs。"
    if _holds_repository(target, _repository_roots(records, Path.cwd().resolve())):
        return (f"输出文件夹 {shown} 是（或包含）git 仓库的根目录：生成时会替换整个输出文件夹，"
                "工作区和 .git 会被删除。请改用 --out build/docs。")
    return None  # `write_tree` checks the folder itself again (`replace_refusal`)


def import_refusal(out: Path, content: Path | None) -> str | None:
    """Return why `import` must not write below `out`, or None (the content folder is fine)."""
    target = _real(out)
    shown = out.as_posix()
    if _inside_git(target):
        return f"输出文件夹 {shown} 位于 git 仓库的 .git 内，拒绝写入。请改用 --out content。"
    starts = [Path.cwd().resolve()] + ([_real(content)] if content is not None else [])
    if _holds_repository(target, _repository_roots(*starts)):
        return (f"输出文件夹 {shown} 是（或包含）git 仓库的根目录，记录不应写在这里。"
                "请改用内容文件夹，例如 --out content。")
    if content is not None and target != _real(content) and target.is_relative_to(_real(content)):
        return (f"输出文件夹 {shown} 位于内容文件夹 {content.as_posix()} 之内，记录会放错位置。"
                f"请直接用 --out {content.as_posix()}（记录写入 records/<年度>/）。")
    return None


def replace_refusal(out: Path) -> str | None:
    """Return why a writer must not replace or prune the folder `out`, or None.

    Alone, a writer knows no content folder: it refuses `.git`, a folder holding a repository or
    records (`site.yaml`, `records/`), and any non-empty folder that is not a previous build.
    """
    target = _real(out)
    shown = out.as_posix()
    if _inside_git(target) or (target / ".git").exists():
        return f"拒绝替换 {shown}：它是 git 仓库的一部分。"
    if target.is_dir() and (target / GENERATED_MARK).is_file():
        return None  # a previous build
    if (target / "site.yaml").exists() or (target / "records").is_dir():
        return f"拒绝替换 {shown}：它含有记录（site.yaml 或 records/），像是内容文件夹。"
    if target.is_dir() and any(target.iterdir()):
        return (f"拒绝替换 {shown}：文件夹不是空的，也不是以前生成的输出（缺少 {GENERATED_MARK}），"
                "替换会删除其中的文件。请指定新的或空的文件夹，例如 --out build/docs。")
    if target.exists() and not target.is_dir():
        return f"输出位置 {shown} 不是文件夹。"
    return None


def synth_refusal(out: Path, content: Path = Path("content")) -> str | None:
    """Return why `synth` must not write below `out`, or None.

    Synthetic records are never mixed with published ones: besides `.git` and the work tree,
    `synth` refuses the content folder (default `content`) and any folder overlapping it.
    """
    refusal = import_refusal(out, None)
    if refusal is not None or not content.is_dir():
        return refusal
    target, records = _real(out), _real(content)
    if target.is_relative_to(records) or records.is_relative_to(target):
        return (f"输出文件夹 {out.as_posix()} 与已发布的内容文件夹 {content.as_posix()} 重叠："
                "合成记录不能与真实记录混在一起。请改用单独的文件夹，例如 --out build/synth。")
    return None
