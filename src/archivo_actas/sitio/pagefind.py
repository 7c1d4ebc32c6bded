"""The one module that runs Pagefind: the site is indexed in parts, one Pagefind process after another, and the
parts are merged into one index (pagefind_format.py).

Pagefind's memory grows with the pages it indexes at once (about 0.4 MB per acta page), so a part holds at most
PAGES_PER_PART pages: the acta pages by period (consecutive months), and the other pages together. What this module
assumes of Pagefind 1.5 (pinned in pyproject.toml): `pagefind --service` reads and writes base64 JSON messages, each
ending in ',', matched by message_id; AddDir takes a glob relative to the folder, with {a,b} alternatives; GetFiles
returns every file of the bundle in memory, as paths under pagefind/ with base64 content."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..modelo import wording
from .pagefind_format import ENTRY, merge

BUNDLE_DIR = "pagefind"
# About 0.4 MB of Pagefind memory per acta page: a part of 400 stays under 200 MB.
PAGES_PER_PART = 400
# Not words of any page: the ¶ permalinks of headings, and the links to the acuerdos tracker filtered by responsable.
EXCLUDED = [".headerlink", f'a[href*="{wording.ACUERDOS_URL}?"]']


@dataclass(frozen=True)
class IndexStats:
    """What the index holds and weighs."""

    pages: int
    parts: int
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


ACTA_DIR = re.compile(r"^\d{4}-\d{2}")


def part_globs(site_dir: Path, pages_per_part: int = PAGES_PER_PART) -> list[str]:
    """Globs that split the site's pages into parts: acta pages by consecutive months up to pages_per_part, then
    every other page (the home page, people, institutions, the indexes); each page is in exactly one part."""
    months: dict[str, int] = {}
    for page in sorted((site_dir / "actas").glob("*/index.html")):
        if ACTA_DIR.match(page.parent.name):
            months[page.parent.name[:7]] = months.get(page.parent.name[:7], 0) + 1
    globs, group, size = [], [], 0
    for month, count in months.items():
        if group and size + count > pages_per_part:
            globs.append(group)
            group, size = [], 0
        group.append(month)
        size += count
    if group:
        globs.append(group)
    acta_globs = [f"actas/{{{','.join(g)}}}*/index.html" if len(g) > 1 else f"actas/{g[0]}*/index.html"
                  for g in globs]
    others = [f"{p.name}/**/*.html" if p.is_dir() else p.name for p in sorted(site_dir.iterdir())
              if p.name not in ("actas", BUNDLE_DIR) and (p.is_dir() or p.suffix == ".html")]
    others.append("actas/index.html")
    return [*acta_globs, "{" + ",".join(others) + "}"]


def _index_part(site_dir: Path, glob: str) -> tuple[int, dict[str, bytes]]:
    """Index the pages that match glob, in a Pagefind process of their own: (pages found, {path in the bundle: bytes});
    of the pages found, Pagefind indexes those that mark a data-pagefind-body."""
    service = _PagefindService()
    try:
        index = service.send({"type": "NewIndex", "config": {"exclude_selectors": EXCLUDED}})["index_id"]
        pages = service.send({"type": "AddDir", "index_id": index, "path": str(site_dir), "glob": glob})["page_count"]
        # The files come back in memory and are written here: Pagefind 1.5 writes to disk with tokio and
        # never flushes, so a file can still be empty when the binary answers, or when it exits.
        files = service.send({"type": "GetFiles", "index_id": index})["files"] if pages else []
    finally:
        service.close()
    return pages, {Path(f["path"]).as_posix().removeprefix(f"{BUNDLE_DIR}/"): base64.b64decode(f["content"])
                   for f in files}


def build_search_index(site_dir: Path, pages_per_part: int = PAGES_PER_PART) -> IndexStats:
    """Index every page of the built site that marks a data-pagefind-body, part by part; write site/pagefind/."""
    bundles = []
    globs = part_globs(site_dir, pages_per_part)
    for glob in globs:
        count, files = _index_part(site_dir, glob)
        if count:
            bundles.append(files)
    files = merge(bundles)
    pages = sum(language["page_count"] for language in json.loads(files[ENTRY])["languages"].values())
    del bundles
    bundle = site_dir / BUNDLE_DIR
    if bundle.exists():
        shutil.rmtree(bundle)
    for name, data in sorted(files.items()):
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise RuntimeError(f"pagefind devolvió una ruta fuera de {BUNDLE_DIR}/: {name}")
        target = bundle / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return IndexStats(pages=pages, parts=len(globs), bytes=sum(len(data) for data in files.values()))
