"""The locks in requirements/ agree with pyproject.toml and with each other (issue 15, item 1)."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^ ;\\]+)(?: ;[^\\]*)? \\$", re.M)


def _pins(name: str) -> dict[str, set[str]]:
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    found: dict[str, set[str]] = {}
    for package, version in PIN.findall(text):
        found.setdefault(package.lower().replace("_", "-").replace(".", "-"), set()).add(version)
    blocks = [b for b in re.split(r"\n(?=[A-Za-z])", text) if re.match(r"[A-Za-z]", b)]
    assert blocks and all("--hash=sha256:" in b for b in blocks), name  # every pin has hashes
    return found


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-").replace(".", "-")


def test_every_dependency_is_capped_and_locked() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    site, dev = _pins("site.txt"), _pins("dev.txt")
    for requirement in project["dependencies"]:
        assert "<" in requirement or "==" in requirement, requirement
        assert _name(requirement) in site, requirement
    for extra in ("test", "lint"):
        for requirement in project["optional-dependencies"][extra]:
            assert "<" in requirement or "==" in requirement, requirement
            assert _name(requirement) in dev, requirement
    for tool in ("pytest", "hypothesis", "playwright", "jsonschema", "zensical", "ruff", "mypy"):
        assert tool in dev and tool not in site, f"{tool}: in the dev lock, never the site's"
    assert dev["zensical"] == {"0.0.73"}
    assert "setuptools" in site  # the project installs without an unpinned build environment
    assert "uv" in _pins("bootstrap.txt")


def test_the_dev_lock_keeps_the_site_lock_versions() -> None:
    site, dev = _pins("site.txt"), _pins("dev.txt")
    assert {name: dev.get(name) for name in site} == site
