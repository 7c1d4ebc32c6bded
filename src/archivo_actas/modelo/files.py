"""Reading an archive file safely: size limit, UTF-8 with its byte offset on error, BOM and CRLF accepted."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .problems import ProblemList
from .vocabulary import MAX_FILE_BYTES

SYMLINK = "es un enlace simbólico, y en actas/ no se admiten: ponga en su lugar el archivo mismo"
NOT_PLAIN = "no es un archivo común: las actas y el registro son archivos de texto"
# EMLINK is how FreeBSD refuses to open a link without following it; ENXIO (Linux) and EOPNOTSUPP (macOS, BSD),
# a socket.
_OS_ERRORS = {errno.ENOENT: "no existe", errno.EACCES: "no hay permiso para leerlo", errno.ELOOP: SYMLINK,
              errno.EMLINK: SYMLINK, errno.ENXIO: NOT_PLAIN, errno.EOPNOTSUPP: NOT_PLAIN}


# A file is opened without following a link (O_NOFOLLOW: the open fails) and without waiting on a pipe (O_NONBLOCK);
# what it is comes from the open file itself. Where there is no O_NOFOLLOW, an lstat first refuses a link.
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_OPEN_FLAGS = os.O_RDONLY | _NO_FOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _os_error(error: OSError) -> str:
    """What an error of the system means for a contributor."""
    return _OS_ERRORS.get(error.errno, "no se puede leer")


def _kind_refusal(mode: int) -> str | None:
    """Why a file of this mode is not an archive file: a link, a folder, anything but a plain file."""
    if stat.S_ISLNK(mode):
        return SYMLINK
    if stat.S_ISDIR(mode):
        return "es una carpeta, no un archivo: las actas y el registro son archivos de texto"
    if not stat.S_ISREG(mode):
        return NOT_PLAIN
    return None


def _unopened(path: Path, error: OSError, limit: int | None) -> tuple[str | None, int, bytes]:
    """What a file that cannot be opened is, as an lstat says it (a folder, a pipe, too large), before the error."""
    try:
        info = os.lstat(path)
    except OSError:
        return _os_error(error), 0, b""
    refused = _kind_refusal(info.st_mode)
    if refused is None and limit is not None and info.st_size > limit:
        return None, info.st_size, b""
    return refused or _os_error(error), 0, b""


def open_plain(path: Path, limit: int | None = None) -> tuple[str | None, int, bytes]:
    """(why path cannot be read as an archive file, in Spanish, or None; its size; its bytes): a link is never
    followed, and a file over limit bytes is not read (its bytes are empty)."""
    try:
        if not _NO_FOLLOW and stat.S_ISLNK(os.lstat(path).st_mode):
            return SYMLINK, 0, b""
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        return _unopened(path, error, limit)
    try:
        info = os.fstat(descriptor)
        refused = _kind_refusal(info.st_mode)
        if refused or (limit is not None and info.st_size > limit):
            return refused, info.st_size, b""
        # A plain file usually reads whole in one call; one that changed meanwhile, or too large for one call
        # (about 2 GiB), is read to its end.
        data = os.read(descriptor, info.st_size + 1)
        if len(data) != info.st_size:
            data += b"".join(iter(lambda: os.read(descriptor, 1 << 20), b""))
        return None, len(data), data
    except OSError as error:
        return _os_error(error), 0, b""
    finally:
        os.close(descriptor)


def read_text(path: Path, problems: ProblemList) -> str | None:
    """Return the file's text with LF endings, or None with the problem recorded."""
    read = read_file(path, problems)
    return None if read is None else read[0]


def read_file(path: Path, problems: ProblemList) -> tuple[str, bytes] | None:
    """The file's text with LF endings and the bytes it was read from; None with the problem recorded."""
    refused, size, data = open_plain(path, MAX_FILE_BYTES)
    if refused:
        problems.add(None, "archivo", refused)
        return None
    if size > MAX_FILE_BYTES:
        problems.add(None, "archivo", (f"pesa {size:,} bytes y el máximo es {MAX_FILE_BYTES:,}: un acta es texto; "
                                       "deje los anexos fuera del archivo").replace(",", "."))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problems.add(line, "archivo", f"no está en UTF-8 (byte {error.start}: 0x{data[error.start]:02x}); "
                                      "guárdelo con la codificación UTF-8")
        return None
    if not text.strip():
        problems.add(None, "archivo", "está vacío: cree el acta con scripts/nueva_acta.py (vea CONTRIBUTING.md)")
        return None
    return (text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text), data
