"""Legacy Office files (.doc, .xls, .wps, .et): converted by LibreOffice, then read as new ones.

The conversion runs on a copy in a private temporary folder with a private LibreOffice profile
(`-env:UserInstallation`), so the user's file and settings are never touched; it is bounded in
time and the temporary folder is removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from generator.importers.grid import ImportProblem

TIMEOUT_SECONDS = 120
"""A conversion taking longer is stopped (a hostile or broken file must not hang the import)."""

TARGETS = {".doc": "docx", ".wps": "docx", ".xls": "xlsx", ".et": "xlsx"}
"""Legacy suffix → the format it is converted to."""

INSTALL_HINT = ("请安装 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-writer-nogui "
                "libreoffice-calc-nogui），或先用 Word、Excel、WPS 另存为 .docx/.xlsx。")


def soffice() -> str | None:
    """Return the LibreOffice program, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, suffix: str) -> bytes:
    """Return the bytes of the .docx/.xlsx LibreOffice makes of a legacy file's bytes."""
    program = soffice()
    if program is None:
        raise ImportProblem("M114", f"读取 {suffix} 文件需要 LibreOffice，但本机没有安装。", None,
                            INSTALL_HINT)
    target = TARGETS[suffix]
    with tempfile.TemporaryDirectory(prefix="jixiao-convert-") as work:
        folder = Path(work)
        source = folder / "in" / f"source{suffix}"
        source.parent.mkdir()
        source.write_bytes(data)
        out = folder / "out"
        command = [program, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                   "--headless", "--norestore", "--nologo", "--convert-to", target,
                   "--outdir", str(out), str(source)]
        _run(command, suffix)
        result = out / f"source.{target}"
        if not result.is_file():
            raise ImportProblem("M114", f"LibreOffice 无法转换这个 {suffix} 文件。", None,
                                "文件可能已损坏或不是所声明的格式；请用 Word、Excel 或 WPS 打开后"
                                "另存为 .docx/.xlsx 再导入。")
        return result.read_bytes()


def _run(command: list[str], suffix: str) -> None:
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          stdin=subprocess.DEVNULL, start_new_session=True) as process:
        try:
            process.wait(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise ImportProblem("M114", f"LibreOffice 转换这个 {suffix} 文件超过 "
                                f"{TIMEOUT_SECONDS} 秒，已停止。", None,
                                "请用 Word、Excel 或 WPS 打开后另存为 .docx/.xlsx 再导入。") from None
