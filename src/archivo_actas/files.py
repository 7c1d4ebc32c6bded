"""Reading an archive file safely: size limit, UTF-8 with its byte offset on error, BOM and CRLF accepted."""

from __future__ import annotations

from pathlib import Path

from .problems import ProblemList
from .vocabulary import MAX_FILE_BYTES


def read_text(path: Path, problems: ProblemList) -> str | None:
    """Return the file's text with LF endings, or None with the problem recorded."""
    try:
        size = path.stat().st_size
    except OSError as error:
        problems.add(None, "", f"no se puede leer el archivo ({error.strerror})")
        return None
    if size > MAX_FILE_BYTES:
        problems.add(None, "", f"el archivo pesa {size:,} bytes; el máximo es {MAX_FILE_BYTES:,}".replace(",", "."))
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problems.add(line, "", f"el archivo no está en UTF-8 (byte {error.start}: 0x{data[error.start]:02x}); guárdelo como UTF-8")
        return None
    if not text.strip():
        problems.add(None, "", "el archivo está vacío")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")
