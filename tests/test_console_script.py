"""`jixiao` (pyproject [project.scripts]) is the same program as `python -m generator`."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

from tests.conftest import ROOT


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(command), cwd=ROOT, capture_output=True, text=True, check=False)


def test_jixiao_is_python_m_generator() -> None:
    script = Path(sys.executable).parent / "jixiao"
    assert script.is_file(), "install the project (make setup): pyproject declares the script"
    via_script = _run(str(script), "validate", "content", "--format", "json")
    via_module = _run(sys.executable, "-m", "generator", "validate", "content", "--format", "json")
    assert (via_script.returncode, via_script.stdout) == (via_module.returncode, via_module.stdout)
    assert _run(str(script), "--help").stdout.startswith("usage: jixiao ")
    assert _run(sys.executable, "-m", "generator", "--help").stdout.startswith(
        "usage: python -m generator ")


def test_the_package_declares_its_types() -> None:
    assert resources.files("generator").joinpath("py.typed").is_file()
