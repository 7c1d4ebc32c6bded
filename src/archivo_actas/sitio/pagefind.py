"""The one module that runs Pagefind: the site is indexed in parts while MkDocs writes it, two Pagefind processes at
a time, and the parts are merged into one index (pagefind_format.py).

Pagefind's memory grows with the pages it indexes at once (about 0.4 MB per acta page), so a part holds at most
PAGES_PER_PART pages: the acta pages by period (consecutive months), and the other pages together. What this module
assumes of Pagefind 1.5 (pinned in pyproject.toml): `pagefind --service` reads and writes base64 JSON messages, each
ending in ',', matched by message_id; AddDir takes a glob relative to the folder, with {a,b} alternatives; GetFiles
returns every file of the bundle in memory, as paths under pagefind/ with base64 content."""

from __future__ import annotations

import base64
import json
import os
import queue
import re
import shutil
import subprocess
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..modelo import wording
from ..modelo.collector import collector_paused
from .pagefind_format import ENTRY, Part, merged_files

BUNDLE_DIR = "pagefind"
# About 0.4 MB of Pagefind memory per acta page: a part of 200 stays under 100 MB, and takes about a second; the
# last part, indexed once the last page is written, is what the build waits for.
PAGES_PER_PART = 200
# The last part is smaller: the build waits for it.
LAST_PART_PAGES = 40
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


def acta_parts(slugs: list[str], pages_per_part: int = PAGES_PER_PART) -> list[tuple[str, frozenset[str]]]:
    """The acta pages in parts of consecutive months, each of at most pages_per_part pages (a month more crowded than
    that is a part of its own), the last months apart in a part of at most LAST_PART_PAGES: (Pagefind glob, slugs)
    for each part, in date order."""
    months: dict[str, list[str]] = {}
    for slug in sorted(slugs):
        if ACTA_DIR.match(slug):
            months.setdefault(slug[:7], []).append(slug)
    groups: list[list[str]] = []
    size = 0
    for month, found in months.items():
        if not groups or size + len(found) > pages_per_part:
            groups.append([])
            size = 0
        groups[-1].append(month)
        size += len(found)
    # The last part is indexed once its last page is written, while the build waits: its last months go apart.
    last, size = [], 0
    while (groups and len(groups[-1]) > 1 and sum(len(months[m]) for m in groups[-1]) > LAST_PART_PAGES
           and size + len(months[groups[-1][-1]]) <= LAST_PART_PAGES):
        size += len(months[groups[-1][-1]])
        last.insert(0, groups[-1].pop())
    groups += [last] if last else []
    return [(f"actas/{{{','.join(g)}}}*/index.html" if len(g) > 1 else f"actas/{g[0]}*/index.html",
             frozenset(slug for month in g for slug in months[month])) for g in groups]


# What makes Pagefind index a page; a page without it is only read to be skipped.
BODY_MARK = b"data-pagefind-body"
# Glob syntax: a page whose path has any of these is matched with '?' in their place.
_GLOB_SYNTAX = re.compile(r"[][{}*?,!\\]")


def others_glob(site_dir: Path) -> str | None:
    """Every page of the built site that is not an acta's and that marks a data-pagefind-body (the home page, people,
    institutions, the guides), by name; None when there is none. Pages that mark none are left out: Pagefind would
    read them only to skip them (the acuerdos tracker weighs 3 MB at 1.000 actas)."""
    found = []
    for page in sorted(site_dir.rglob("*.html")):
        parts = page.relative_to(site_dir).parts
        if parts[0] == BUNDLE_DIR or (parts[0] == "actas" and len(parts) == 3):
            continue
        if BODY_MARK in page.read_bytes():
            found.append(_GLOB_SYNTAX.sub("?", "/".join(parts)))
    return "{" + ",".join(found) + "}" if found else None


def part_globs(site_dir: Path, pages_per_part: int = PAGES_PER_PART) -> list[str]:
    """Globs that split the built site's pages into parts: acta pages by consecutive months, then every other page;
    each page is in exactly one part."""
    slugs = [page.parent.name for page in (site_dir / "actas").glob("*/index.html")]
    others = others_glob(site_dir)
    return [glob for glob, _slugs in acta_parts(slugs, pages_per_part)] + ([others] if others else [])


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


class SearchIndexer:
    """The search index, made while MkDocs writes the site: a part of acta pages goes to Pagefind as soon as its last
    page is written (written()), from two threads of this process, each running one Pagefind at a time: Pagefind
    needs more time than MkDocs takes to write the pages, and a part waiting for the one before would make the
    build wait at the end. site_written() sends what is left once the site is complete, and finish() merges the
    parts and writes site/pagefind/."""

    def __init__(self, site_dir: Path, slugs: list[str], pages_per_part: int = PAGES_PER_PART):
        self.site_dir = site_dir
        self.parts = acta_parts(slugs, pages_per_part)
        self.part_of = {slug: number for number, (_glob, found) in enumerate(self.parts) for slug in found}
        self.left: list[int] | None = [len(found) for _glob, found in self.parts]
        self.complete: list[int] = []
        self.others_sent = False
        self.found: dict[int, tuple[int, dict[str, bytes]]] = {}
        self.failed: list[BaseException] = []
        self.queue: queue.Queue = queue.Queue()
        # The number of each part as Pagefind returns it (or fails on it).
        self.arrived: queue.Queue = queue.Queue()
        self.threads = [threading.Thread(target=self._work, name=f"archivo-pagefind-{n}", daemon=True) for n in (1, 2)]
        for thread in self.threads:
            thread.start()

    def written(self, src_uri: str) -> None:
        """A page is being written (MkDocs writes it right after on_post_page): a part whose last page was the one
        before goes to Pagefind, this one's part waits for the next call, when its file is on disk. The acta pages
        come last (SitePlan.in_writing_order): at the first one, every other page is on disk and goes first."""
        for number in self.complete:
            self.queue.put((number, self.parts[number][0]))
        self.complete = []
        number = self.part_of.pop(Path(src_uri).stem if src_uri.startswith("actas/") else "", None)
        if number is not None and not self.others_sent:
            self.queue.put((len(self.parts), others_glob))
            self.others_sent = True
        if number is not None and self.left is not None:
            self.left[number] -= 1
            if self.left[number] == 0:
                self.complete.append(number)

    def _work(self) -> None:
        while (task := self.queue.get()) is not None:
            number, glob = task
            try:
                # The other pages are listed here, off the build's thread, once they are all on disk.
                glob = glob(self.site_dir) if callable(glob) else glob
                self.found[number] = _index_part(self.site_dir, glob) if glob else (0, {})
            except BaseException as error:  # finish() raises it in the build's thread
                self.failed.append(error)
            self.arrived.put(number)

    def site_written(self) -> None:
        """Every page is on disk: what is left goes to Pagefind (the other pages, and any part whose pages were not
        all written), while the build goes on with its checks."""
        if self.left is None:
            return
        for number, (glob, _found) in enumerate(self.parts):
            if self.left[number] > 0 or number in self.complete:
                self.queue.put((number, glob))
        self.left = None
        if not self.others_sent:
            self.queue.put((len(self.parts), others_glob))
            self.others_sent = True
        for _thread in self.threads:
            self.queue.put(None)

    def finish(self) -> IndexStats:
        """Wait for every part, reading each one as it arrives (while Pagefind indexes the next), then merge them and
        write site/pagefind/."""
        self.site_written()
        read: dict[int, Part] = {}
        for _part in range(len(self.parts) + 1):
            number = self.arrived.get()
            if self.failed:
                raise self.failed[0]
            count, files = self.found.pop(number)
            if count:
                read[number] = Part(files)
        for thread in self.threads:
            thread.join()
        with collector_paused():
            return _write(self.site_dir, merged_files([read[number] for number in sorted(read)]), len(self.parts) + 1)


def build_search_index(site_dir: Path, pages_per_part: int = PAGES_PER_PART) -> IndexStats:
    """Index every page of the built site that marks a data-pagefind-body, part by part; write site/pagefind/."""
    slugs = [page.parent.name for page in (site_dir / "actas").glob("*/index.html")]
    return SearchIndexer(site_dir, slugs, pages_per_part).finish()


def _write(site_dir: Path, files: Iterable[tuple[str, bytes]], parts: int) -> IndexStats:
    """Write the merged bundle into site/pagefind/, replacing any earlier one: each file as soon as the merge gives
    it, from a thread of its own (writing a file waits on the disk, not on this process)."""
    bundle = site_dir / BUNDLE_DIR
    if bundle.exists():
        shutil.rmtree(bundle)
    ready: queue.Queue = queue.Queue()
    failed: list[BaseException] = []
    writer = threading.Thread(target=_writer, args=(bundle, ready, failed), name="archivo-pagefind-escritura")
    pages = size = 0
    try:
        for name, data in files:
            # The merge forks as it starts: the thread starts after, with the first file (a fork copies no thread).
            if writer.ident is None:
                writer.start()
            if Path(name).is_absolute() or ".." in Path(name).parts:
                raise RuntimeError(f"pagefind devolvió una ruta fuera de {BUNDLE_DIR}/: {name}")
            if name == ENTRY:
                pages = sum(language["page_count"] for language in json.loads(data)["languages"].values())
            size += len(data)
            ready.put((name, data))
    finally:
        ready.put(None)
        if writer.ident is not None:
            writer.join()
    if failed:
        raise failed[0]
    return IndexStats(pages=pages, parts=parts, bytes=size)


def _writer(bundle: Path, ready: queue.Queue, failed: list[BaseException]) -> None:
    """Write each file handed over until None; after a failure, only take the rest (the merge goes on to the end)."""
    made: set[Path] = set()
    while (item := ready.get()) is not None:
        if failed:
            continue
        name, data = item
        target = bundle / name
        try:
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(data)
        except BaseException as error:  # _write raises it
            failed.append(error)
