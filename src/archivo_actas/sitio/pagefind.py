"""The one module that speaks to Pagefind: its service protocol, and the index files it writes, made reproducible.

What this module assumes of Pagefind 1.5 (pinned in pyproject.toml; tests/test_integridad.py checks each point):
- `pagefind --service` reads and writes base64 JSON messages, each ending in ',', matched by message_id.
- GetFiles returns every file of the bundle in memory, as paths under pagefind/ with base64 content.
- Index files (.pf_meta, .pf_filter) are gzip of b"pagefind_dcd" followed by CBOR with definite lengths and the
  shortest heads (what cbor2 writes); filters and their list come in hash-map order, the rest is stable.
- The meta file is named pagefind.<language>_<10 hex>.pf_meta and filter files <language>_<7 hex>.pf_filter, from a hash
  of their content; pagefind-entry.json names the meta file of each language.
Anything else is refused with IndexFormatError rather than rewritten."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import cbor2

from ..modelo import wording
from .search import Record

BUNDLE_DIR = "pagefind"
# Not words of any page: the ¶ permalinks of headings, and the links to the acuerdos tracker filtered by responsable.
EXCLUDED = [".headerlink", f'a[href*="{wording.ACUERDOS_URL}?"]']


@dataclass(frozen=True)
class IndexStats:
    """What the index holds and weighs."""

    pages: int
    records: int
    bytes: int


class _PagefindService:
    """The pagefind binary in service mode, one request and its response at a time.

    Pagefind's own Python client polls for each response after a 0.1 s sleep, which caps it at ten records
    a second; this speaks the same protocol (base64 JSON messages ending in ',') without waiting."""

    def __init__(self):
        from pagefind.service import get_executable

        self.process = subprocess.Popen([str(get_executable()), "--service"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.message_id = 0
        self.buffer = b""

    def _message(self) -> bytes:
        """The next message from the binary: whatever it wrote up to the next ','."""
        chunks = [self.buffer]
        while b"," not in chunks[-1]:
            data = os.read(self.process.stdout.fileno(), 1 << 20)
            if not data:
                raise RuntimeError("pagefind terminó sin responder")
            chunks.append(data)
        message, self.buffer = b"".join(chunks).split(b",", 1)
        return message

    def send(self, payload: dict) -> dict:
        self.message_id += 1
        message = json.dumps({"message_id": self.message_id, "payload": payload}).encode("utf-8")
        self.process.stdin.write(base64.b64encode(message) + b",")
        self.process.stdin.flush()
        while True:
            response = json.loads(base64.b64decode(self._message()))
            if response and response.get("message_id") == self.message_id:
                if response["payload"]["type"] == "Error":
                    raise RuntimeError(f"pagefind: {response['payload'].get('message')}")
                return response["payload"]

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def _build(site_dir: Path, records: list[Record]) -> tuple[int, dict[str, bytes]]:
    """Index the site and the records; (pages indexed, {path inside the bundle: bytes})."""
    service = _PagefindService()
    try:
        # An acta's link to each of its acuerdos carries data-pagefind-ignore: the acuerdo is a result of its own.
        config = {"exclude_selectors": EXCLUDED}
        index = service.send({"type": "NewIndex", "config": config})["index_id"]
        pages = service.send({"type": "AddDir", "index_id": index, "path": str(site_dir)})["page_count"]
        for record in records:
            service.send({"type": "AddRecord", "index_id": index, "url": record.url, "content": record.content,
                          "language": record.language, "meta": {"title": record.title}, "filters": record.filters,
                          "sort": None})
        # The files come back in memory and are written here: Pagefind 1.5 writes to disk with tokio and
        # never flushes, so a file can still be empty when the binary answers, or when it exits.
        files = service.send({"type": "GetFiles", "index_id": index})["files"]
    finally:
        service.close()
    return pages, {Path(f["path"]).as_posix().removeprefix(f"{BUNDLE_DIR}/"): base64.b64decode(f["content"])
                   for f in files}


_SIGNATURE = b"pagefind_dcd"


class IndexFormatError(ValueError):
    """A Pagefind index file is not in the format this module assumes."""


def _decode(data: bytes):
    """A Pagefind index file: gzip, then its signature, then CBOR that Pagefind writes with definite lengths and
    the shortest heads; if a new Pagefind wrote it otherwise, re-encoding could not give it back: refuse it."""
    data = gzip.decompress(data)
    if not data.startswith(_SIGNATURE):
        raise IndexFormatError("no es un archivo de índice de Pagefind")
    body = data[len(_SIGNATURE):]
    try:
        value = cbor2.loads(body)
    except cbor2.CBORDecodeError as error:
        raise IndexFormatError(f"CBOR ilegible: {error}") from None
    if cbor2.dumps(value) != body:
        raise IndexFormatError("CBOR en una forma que Pagefind no escribe: "
                               "el índice no se puede reordenar sin cambiarlo")
    return value


def _encode(value, prefix: str, digits: int) -> tuple[str, bytes]:
    """(name from the hash of the content, gzip bytes) for an index file; Pagefind's names have 7 hex digits
    for filters and 10 for the meta file."""
    data = _SIGNATURE + cbor2.dumps(value)
    return f"{prefix}{hashlib.sha256(data).hexdigest()[:digits]}", gzip.compress(data, compresslevel=9, mtime=0)


def make_deterministic(files: dict[str, bytes]) -> dict[str, bytes]:
    """Sort what Pagefind writes in hash-map order (filter values, the filter list) and rename by content.

    Pagefind 1.5 writes filters and their list from hash maps, so two builds of the same site differ in
    those files and in the names that point to them; everything else it writes is already stable."""
    files = dict(files)
    entry = files["pagefind-entry.json"].decode("utf-8")
    for language in json.loads(entry)["languages"].values():
        old_meta = language["hash"]
        prefix = old_meta.rsplit("_", 1)[0] + "_"
        meta = _decode(files.pop(f"pagefind.{old_meta}.pf_meta"))
        filters = []
        for name, old in meta[3]:
            filter_name, values = _decode(files.pop(f"filter/{old}.pf_filter"))
            new, data = _encode([filter_name, sorted(values, key=lambda v: v[0])], prefix, 7)
            files[f"filter/{new}.pf_filter"] = data
            filters.append([name, new])
        meta[3] = sorted(filters)
        new_meta, data = _encode(meta, prefix, 10)
        files[f"pagefind.{new_meta}.pf_meta"] = data
        entry = entry.replace(f'"{old_meta}"', f'"{new_meta}"')
    files["pagefind-entry.json"] = entry.encode("utf-8")
    return files


def build_search_index(site_dir: Path, records: list[Record]) -> IndexStats:
    """Index every page of the built site that marks a data-pagefind-body, and the records; write site/pagefind/."""
    pages, files = _build(site_dir, records)
    bundle = site_dir / BUNDLE_DIR
    if bundle.exists():
        shutil.rmtree(bundle)
    files = make_deterministic(files)
    for name, data in sorted(files.items()):
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise RuntimeError(f"pagefind devolvió una ruta fuera de {BUNDLE_DIR}/: {name}")
        target = bundle / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    size = sum(len(data) for data in files.values())
    return IndexStats(pages=pages, records=len(records), bytes=size)
