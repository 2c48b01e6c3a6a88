"""Small real evidence files for the demo, made in code: a one-page PDF with a text layer and a
PNG bar chart. (Thai text needs an embedded font; the demo PDFs carry a short English caption
and the Thai title lives in the evidence record.)"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_document(lines: Sequence[str]) -> bytes:
    """A valid one-page A4 PDF (correct xref table) showing `lines` in Helvetica."""
    ascii_lines = [line.encode("ascii", "replace").decode("ascii") for line in lines]
    text = ["BT", "/F1 14 Tf", "72 770 Td", "18 TL"]
    for line in ascii_lines:
        text.append(f"({_escape(line)}) Tj T*")
    text.append("ET")
    stream = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_chart(values: Sequence[float], width: int = 240, height: int = 120) -> bytes:
    """A small RGB bar chart (green bars on white, grey baseline) as a valid PNG."""
    top = max(values) if values else 1.0
    bar = max(1, width // (2 * max(1, len(values)) + 1))
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")  # filter type: none
        for x in range(width):
            slot, within = divmod(x, bar)
            index = (slot - 1) // 2
            is_bar = slot % 2 == 1 and 0 <= index < len(values) and within < bar
            filled = is_bar and (height - y) <= values[index] / top * (height - 10)
            if y == height - 1:
                row += b"\x99\x99\x99"
            elif filled:
                row += b"\x0b\x5d\x3b"
            else:
                row += b"\xff\xff\xff"
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )
