"""HTML → PDF with headless Chromium (Debian's `chromium` package).

Why Chromium and not WeasyPrint: WeasyPrint's text layer loses SARA AM (ำ), so searching a PDF
for "สำนักงาน" fails; Chromium keeps a correct, searchable text layer and shapes Thai right
(stack-notes "PDF"). Each call runs its own short-lived browser with a throw-away profile in a
temporary directory, so calls never share state and can run in parallel.

The page is a local file (file://), so the @font-face rules can point at the Sarabun TTFs of the
`fontpkg-sarabun` wheel with file:// URLs: no network, no font server.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_ENV = "PRAMOEN_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
DEFAULT_TIMEOUT = 60.0


class PdfRenderError(RuntimeError):
    """The PDF could not be produced (Chromium missing, failed or too slow)."""


def chromium_path() -> Path:
    """The Chromium binary: $PRAMOEN_CHROMIUM, else Debian's /usr/bin/chromium."""
    return Path(os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM)


def chromium_available() -> bool:
    path = chromium_path()
    return path.is_file() and os.access(path, os.X_OK)


def html_to_pdf(html: str, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """Print a complete HTML page (with its own @page rules) to PDF bytes."""
    binary = chromium_path()
    if not chromium_available():
        raise PdfRenderError(
            f"ไม่พบโปรแกรม Chromium ที่ {binary} จึงสร้างไฟล์ PDF ไม่ได้ "
            f"(ติดตั้งแพ็กเกจ chromium หรือกำหนดตัวแปร {CHROMIUM_ENV})"
        )
    with tempfile.TemporaryDirectory(prefix="pramoen-pdf-") as workdir:
        work = Path(workdir)
        page = work / "document.html"
        output = work / "document.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            str(binary),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--mute-audio",
            "--no-pdf-header-footer",
            "--generate-pdf-document-outline",
            f"--user-data-dir={work / 'profile'}",
            f"--crash-dumps-dir={work / 'crashes'}",
            f"--print-to-pdf={output}",
            page.as_uri(),
        ]
        _run(command, timeout=timeout)
        if not output.is_file() or output.stat().st_size == 0:
            raise PdfRenderError("Chromium ทำงานเสร็จแต่ไม่ได้สร้างไฟล์ PDF")
        return output.read_bytes()


def _run(command: list[str], *, timeout: float) -> None:
    # A session of its own, so a timeout can stop the whole browser (all its child processes)
    # and nothing else.
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise PdfRenderError(
            f"Chromium ใช้เวลาสร้างไฟล์ PDF นานเกิน {timeout:g} วินาที จึงยกเลิก"
        ) from None
    if process.returncode != 0:
        tail = stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
        raise PdfRenderError(
            f"Chromium สร้างไฟล์ PDF ไม่สำเร็จ (รหัส {process.returncode}): " + " | ".join(tail)
        )
