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
        problems.add(None, "archivo", f"no se puede leer ({error.strerror})")
        return None
    if size > MAX_FILE_BYTES:
        problems.add(None, "archivo", f"pesa {size:,} bytes y el máximo es {MAX_FILE_BYTES:,}: un acta es texto; deje los anexos fuera del archivo".replace(",", "."))
        return None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problems.add(line, "archivo", f"no está en UTF-8 (byte {error.start}: 0x{data[error.start]:02x}); guárdelo con la codificación UTF-8")
        return None
    if not text.strip():
        problems.add(None, "archivo", "está vacío: cree el acta con scripts/nueva_acta.py (vea CONTRIBUTING.md)")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")
