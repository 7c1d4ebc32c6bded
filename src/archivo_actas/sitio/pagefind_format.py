"""Pagefind 1.5's index files, read and written: several bundles of one site merged into one, in a canonical form.

What this module assumes of the format (Pagefind 1.5.2, pinned in pyproject.toml; tests/test_busqueda_indice.py
checks each point against bundles the pinned binary writes):
- Index files (.pf_meta, .pf_index, .pf_filter, .pf_fragment) are gzip of b"pagefind_dcd" followed by the content:
  CBOR with definite lengths and the shortest heads (what cbor2 writes) or, for fragments, JSON with the page's url.
- The meta file is [version, pages, index_chunks, filters, sorts, meta_fields]; a page is [fragment name,
  word count]; a chunk is [from, to, name], with from/to cut to the shortest prefixes that tell neighbours apart.
- A word chunk is [[word, pages, variants]]; a page is [page number, locations, meta locations], the page numbers
  ascending and written as the difference from the previous one (the first from 0); a variant is [form, pages]. In
  meta locations a negative number -(i + 1) says the next ones are in meta field i (meta_fields[i]).
- A filter file is [filter, [[value, page numbers]]], page numbers ascending and absolute.
- pagefind-entry.json names the meta file of each language; every other file (the program) is the same in every
  bundle of one Pagefind version.
Anything else is refused with IndexFormatError rather than rewritten.

The merged bundle lists pages by url and names every file by a hash of its content: the same pages give the same
bytes however they were split into bundles, and whatever order Pagefind wrote them in."""

from __future__ import annotations

import gzip
import hashlib
import heapq
import itertools
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import cbor2

from .parallel import can_fork, shared

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
# Locations per word chunk (Pagefind counts a word's locations plus one per page; its own default is 20,000). A
# smaller chunk makes a query fetch less: a rare word's chunk weighs a few KB instead of a few tens.
CHUNK_SIZE = 4000
INDEX_DIRS = ("index/", "filter/", "fragment/")
# The merged words are cut into two spans at this word, each merged by a process of its own from PARALLEL_FROM
# pages on: a fixed word, so that the index is the same however the pages were split into parts.
SPLIT_WORD = "m"
PARALLEL_FROM = 200


class IndexFormatError(ValueError):
    """A Pagefind index file is not in the format this module assumes."""


def decode(data: bytes, exact: bool = True):
    """A Pagefind CBOR file: gzip, then its signature, then CBOR that Pagefind writes with definite lengths and the
    shortest heads; if a new Pagefind wrote it otherwise, re-encoding could not give it back: refuse it (exact: the
    word chunks, read only to be written anew, skip that check)."""
    body = _body(data)
    try:
        value = cbor2.loads(body)
    except cbor2.CBORDecodeError as error:
        raise IndexFormatError(f"CBOR ilegible: {error}") from None
    if exact and cbor2.dumps(value) != body:
        raise IndexFormatError("CBOR en una forma que Pagefind no escribe: "
                               "el índice no se puede reordenar sin cambiarlo")
    return value


def _body(data: bytes) -> bytes:
    data = gzip.decompress(data)
    if not data.startswith(SIGNATURE):
        raise IndexFormatError("no es un archivo de índice de Pagefind")
    return data[len(SIGNATURE):]


def compress(content: bytes) -> bytes:
    return gzip.compress(SIGNATURE + content, compresslevel=6, mtime=0)


class _Names:
    """File names from a hash of the content: 'es_' and 7 hex digits (10 for the meta file), longer on a clash."""

    def __init__(self, language: str):
        self.language, self.taken = language, {}

    def name(self, content: bytes, digits: int = 7) -> str:
        return self.named(hashlib.sha256(content).hexdigest(), digits)

    def named(self, digest: str, digits: int = 7) -> str:
        while True:
            name = f"{self.language}_{digest[:digits]}"
            if self.taken.setdefault(name, digest) == digest:
                return name
            digits += 1


class Part:
    """One bundle's language index, read as soon as Pagefind returns it: its meta, its pages' urls and the digests
    of their fragments; its words, when merged; and where each page goes in the merged index."""

    def __init__(self, files: dict[str, bytes], language: str = "es"):
        self.files = files
        entry = json.loads(files[ENTRY])
        if set(entry["languages"]) != {language}:
            raise IndexFormatError(f"se esperaba solo el idioma {language}: {sorted(entry['languages'])}")
        self.entry = entry
        meta = decode(files[f"pagefind.{entry['languages'][language]['hash']}.pf_meta"])
        if len(meta) != 6 or meta[4]:
            raise IndexFormatError("metadatos de Pagefind con otra forma, o con orden propio (sorts)")
        self.version, self.pages, self.chunks, self.filters, _sorts, self.meta_fields = meta
        fragments = [_body(files[f"fragment/{name}.pf_fragment"]) for name, _count in self.pages]
        self.urls = [json.loads(fragment)["url"] for fragment in fragments]
        self.digests = [hashlib.sha256(fragment).hexdigest() for fragment in fragments]
        self.renumber: list[int] = []
        self.fields: list[int] = []

    def words(self, before_split: bool) -> Iterator[tuple[str, list, list]]:
        """The words of this bundle before SPLIT_WORD, or from it on, in order, with their pages and variants
        renumbered to the merged index."""
        # Read chunk by chunk as the merge goes: every word of every part at once would double the build's memory. A
        # chunk's bounds are prefixes of its first and last words.
        for first, last, name in self.chunks:
            if before_split and first >= SPLIT_WORD:
                return
            if not before_split and last + "\U0010ffff" < SPLIT_WORD:
                continue
            for word, pages, variants in decode(self.files[f"index/{name}.pf_index"], exact=False)[0]:
                if (word < SPLIT_WORD) == before_split:
                    yield word, self._pages(pages), [[form, self._pages(p)] for form, p in variants]

    def _pages(self, pages: list) -> list:
        numbers, renumber = itertools.accumulate(p[0] for p in pages), self.renumber
        return [[renumber[n], locations, self._fields(meta) if meta else meta]
                for n, (_delta, locations, meta) in zip(numbers, pages, strict=True)]

    def _fields(self, meta_locations: list[int]) -> list[int]:
        """Meta locations name their field as -(its position in meta_fields + 1): positions in the merged list (the
        same ones when this bundle's fields are the merged list)."""
        if self.fields == list(range(len(self.fields))):
            return meta_locations
        return [-(self.fields[-v - 1] + 1) if v < 0 else v for v in meta_locations]


def merge(bundles: list[dict[str, bytes] | Part], language: str = "es",
          chunk_size: int = CHUNK_SIZE) -> dict[str, bytes]:
    """One bundle with every page of the given bundles (paths inside pagefind/ → bytes, or already read as a Part),
    pages ordered by url."""
    return dict(merged_files(bundles, language, chunk_size))


def merged_files(bundles: list[dict[str, bytes] | Part], language: str = "es",
                 chunk_size: int = CHUNK_SIZE) -> Iterator[tuple[str, bytes]]:
    """The files of merge() one by one, as each is ready: the program and the fragments come while the words are
    merged (in part by another process), so they can be written meanwhile."""
    parts = [files if isinstance(files, Part) else Part(files, language) for files in bundles]
    if len({p.version for p in parts}) != 1:
        raise IndexFormatError("los índices parciales no son de la misma versión de Pagefind")
    fields = sorted({field for part in parts for field in part.meta_fields})
    for part in parts:
        part.fields = [fields.index(field) for field in part.meta_fields]
    pages = sorted((url, index, number) for index, part in enumerate(parts) for number, url in enumerate(part.urls))
    for part in parts:
        part.renumber = [0] * len(part.pages)
    for new, (_url, index, number) in enumerate(pages):
        parts[index].renumber[number] = new
    names, meta_pages, chunks = _Names(language), [], []
    with _encoded_words(parts, chunk_size) as encoded:
        yield from ((path, data) for path, data in parts[0].files.items()
                    if path != ENTRY and not path.startswith(INDEX_DIRS) and not path.endswith(".pf_meta"))
        for _url, index, number in pages:
            part = parts[index]
            old, count = part.pages[number]
            name = names.named(part.digests[number])
            yield f"fragment/{name}.pf_fragment", part.files[f"fragment/{old}.pf_fragment"]
            meta_pages.append([name, count])
        for first, last, digest, data in encoded():
            name = names.named(digest)
            yield f"index/{name}.pf_index", data
            chunks.append([first, last, name])
    filters = []
    for filter_name, values in _merged_filters(parts):
        content = cbor2.dumps([filter_name, values])
        name = names.name(content)
        yield f"filter/{name}.pf_filter", compress(content)
        filters.append([filter_name, name])
    meta = cbor2.dumps([parts[0].version, meta_pages, _trimmed(chunks), sorted(filters), [], fields])
    meta_name = names.name(meta, digits=10)
    yield f"pagefind.{meta_name}.pf_meta", compress(meta)
    entry = dict(parts[0].entry, languages={language: {**parts[0].entry["languages"][language], "hash": meta_name,
                                                       "page_count": len(meta_pages)}})
    yield ENTRY, json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@contextmanager
def _encoded_words(parts: list[Part], chunk_size: int) -> Iterator[Callable[[], list]]:
    """The word chunks of the merged index, in order, from the function this yields: (first word, last word, SHA-256
    of the content, the file's bytes). A large index is merged by two processes, the words before SPLIT_WORD in a
    forked one, which starts at once; the same chunks either way."""
    def work(half: int) -> dict[int, list]:
        return {half: _encoded_half(parts, chunk_size, before_split=half == 0)}

    if sum(len(part.pages) for part in parts) >= PARALLEL_FROM and can_fork():
        with shared(2, work) as results:
            yield lambda: [chunk for _half, found in sorted(results().items()) for chunk in found]
    else:
        yield lambda: [chunk for half in (0, 1) for chunk in work(half)[half]]


def _encoded_half(parts: list[Part], chunk_size: int, before_split: bool) -> list[tuple[str, str, str, bytes]]:
    found = []
    for words in _chunked(_merged_words(parts, before_split), chunk_size):
        content = cbor2.dumps([words])
        found.append((words[0][0], words[-1][0], hashlib.sha256(content).hexdigest(), compress(content)))
    return found


def _merged_words(parts: list[Part], before_split: bool) -> Iterator[list]:
    """Each word once, in order, with the pages of every bundle (and of its variants) by page number, as deltas."""
    streams = heapq.merge(*(part.words(before_split) for part in parts), key=lambda word: word[0])
    for word, group in itertools.groupby(streams, key=lambda word: word[0]):
        pages, variants = [], {}
        for _word, found, forms in group:
            pages += found
            for form, form_pages in forms:
                variants.setdefault(form, []).extend(form_pages)
        yield [word, _deltas(pages), [[form, _deltas(p)] for form, p in sorted(variants.items())]]


def _deltas(pages: list) -> list:
    pages.sort(key=lambda page: page[0])
    previous = [0, *(page[0] for page in pages)]
    return [[number - before, *rest] for (number, *rest), before in zip(pages, previous, strict=False)]


def _chunked(words: Iterator[list], chunk_size: int) -> Iterator[list]:
    """Words into chunks of about chunk_size locations; a word that would overflow a chunk starts the next one, so a
    very common word ('que', 'de') never shares its chunk with a rare one."""
    chunk, size = [], 0
    for word in words:
        weight = sum(len(p[1]) + len(p[2]) + 1 for p in word[1])
        if chunk and size + weight > chunk_size:
            yield chunk
            chunk, size = [], 0
        chunk.append(word)
        size += weight
    if chunk:
        yield chunk


def _trimmed(chunks: list[list[str]]) -> list[list[str]]:
    """Cut each chunk's bounds to the shortest prefixes that still tell it from its neighbour, as Pagefind does."""
    for before, after in itertools.pairwise(chunks):
        common = len(list(itertools.takewhile(lambda pair: pair[0] == pair[1], zip(after[0], before[1], strict=False))))
        if before[1][:common + 1] >= before[0]:
            before[1] = before[1][:common + 1]
        after[0] = after[0][:common + 1]
    return chunks


def _merged_filters(parts: list[Part]) -> list[tuple[str, list]]:
    """Every filter with its values in order, each value with the pages of every bundle."""
    found: dict[str, dict[str, list[int]]] = {}
    for part in parts:
        for _filter, name in part.filters:
            decoded_name, values = decode(part.files[f"filter/{name}.pf_filter"])
            for value, pages in values:
                found.setdefault(decoded_name, {}).setdefault(value, []).extend(part.renumber[p] for p in pages)
    return [(name, [[value, sorted(pages)] for value, pages in sorted(values.items())])
            for name, values in sorted(found.items())]
