"""The search index: built in parts by the pinned Pagefind and merged into one canonical bundle (pagefind_format.py)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil

import cbor2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from archivo_actas.sitio import pagefind, pagefind_format
from archivo_actas.sitio.pagefind_format import CHUNK_SIZE, decode, merge


def bundle_of(site) -> dict[str, bytes]:
    root = site / "pagefind"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def meta_of(files: dict[str, bytes]) -> list:
    entry = json.loads(files[pagefind_format.ENTRY])
    return decode(files[f"pagefind.{entry['languages']['es']['hash']}.pf_meta"])


def test_merging_the_merged_bundle_gives_it_back(fixed_site):
    """The built bundle is already canonical: merged again, alone, it comes out byte for byte."""
    files = bundle_of(fixed_site)
    assert merge([files]) == files


def test_two_processes_merge_the_same_index(fixed_site, monkeypatch):
    """A large index merges its words in two processes, split at a fixed word: the same bytes as in one."""
    files = bundle_of(fixed_site)
    words = [word for _first, _last, name in meta_of(files)[2]
             for word, _pages, _variants in decode(files[f"index/{name}.pf_index"], exact=False)[0]]
    assert words[0] < pagefind_format.SPLIT_WORD <= words[-1]
    monkeypatch.setattr(pagefind_format, "PARALLEL_FROM", 0)
    assert merge([files]) == files


def test_chunks_wholly_on_the_other_side_of_the_split_are_not_read(fixed_site, monkeypatch):
    """A chunk's bounds are prefixes of its words: skipping by them loses no word (every chunk read gives the same)."""
    files = bundle_of(fixed_site)

    def every_chunk(self, before_split):
        for _first, _last, name in self.chunks:
            for word, pages, variants in decode(self.files[f"index/{name}.pf_index"], exact=False)[0]:
                if (word < pagefind_format.SPLIT_WORD) == before_split:
                    yield word, self._pages(pages), [[form, self._pages(p)] for form, p in variants]

    skipping = merge([files], chunk_size=50)
    monkeypatch.setattr(pagefind_format.Part, "words", every_chunk)
    assert merge([files], chunk_size=50) == skipping


def test_parts_do_not_change_the_index(fixed_site, tmp_path):
    """One page per part or everything in one part: the same bytes as the build wrote."""
    site = tmp_path / "site"
    shutil.copytree(fixed_site, site, ignore=shutil.ignore_patterns("pagefind"))
    globs = pagefind.part_globs(site, pages_per_part=2)
    assert len(globs) == 4 and globs[0] == "actas/{2016-01,2018-06}*/index.html"
    built = bundle_of(fixed_site)
    for pages_per_part in (1, 1000):
        stats = pagefind.build_search_index(site, pages_per_part)
        assert bundle_of(site) == built, pages_per_part
    assert stats.parts == 2 and stats.pages == len(meta_of(built)[1])


def test_pages_are_listed_by_url_and_words_in_order(fixed_site):
    files = bundle_of(fixed_site)
    _version, pages, chunks, filters, sorts, fields = meta_of(files)
    urls = [json.loads(gzip.decompress(files[f"fragment/{name}.pf_fragment"])[12:])["url"] for name, _n in pages]
    assert urls == sorted(urls) and "/actas/2018-11-07/" in urls
    assert (sorts, fields, [name for name, _hash in filters]) == ([], ["title"], ["año", "tipo"])
    words = []
    for low, high, name in chunks:
        chunk = decode(files[f"index/{name}.pf_index"])[0]
        assert all(low <= word[:len(low)] and word[:len(high)] <= high for word, _pages, _variants in chunk)
        assert sum(len(p[1]) + len(p[2]) + 1 for _w, pages, _v in chunk for p in pages) <= CHUNK_SIZE or len(chunk) == 1
        words += [word for word, _pages, _variants in chunk]
    assert words == sorted(set(words)) and {"acuerd", "consult", "monter"} <= set(words)


def test_every_acuerdo_is_a_section_of_its_actas_result(fixed_site):
    files = bundle_of(fixed_site)
    fragments = [json.loads(gzip.decompress(data)[12:]) for name, data in files.items() if name.startswith("fragment/")]
    acta = next(f for f in fragments if f["url"] == "/actas/2018-11-07/")
    sections = [(a["element"], a["id"], a["text"]) for a in acta["anchors"] if a["id"].startswith("acuerdo-")]
    assert sections == [("h3", f"acuerdo-{n}", f"Acuerdo N° {n}") for n in range(1, 8)]
    assert not any(f["url"].startswith("/acuerdos/") for f in fragments)


WORDS = st.lists(st.text(alphabet="abcñáé", min_size=1, max_size=6), min_size=1, max_size=60, unique=True)


@given(words=WORDS, sizes=st.lists(st.integers(1, 3000), min_size=60, max_size=60), chunk_size=st.integers(1, 5000))
def test_every_word_falls_in_its_chunks_bounds(words, sizes, chunk_size):
    """What the browser relies on to fetch a word's chunk: the chunk's cut bounds still hold the word."""
    entries = [[word, [[0, [1] * (size - 1), []]], []] for word, size in zip(sorted(words), sizes, strict=False)]
    chunks = list(pagefind_format._chunked(iter(entries), chunk_size))
    bounds = pagefind_format._trimmed([[chunk[0][0], chunk[-1][0], str(i)] for i, chunk in enumerate(chunks)])
    assert [w[0] for chunk in chunks for w in chunk] == sorted(words)
    for chunk, (low, high, _name) in zip(chunks, bounds, strict=True):
        assert all(low <= word <= high or word.startswith(high) for word, _p, _v in chunk)
        heavy = [sum(len(p[1]) + 1 for p in w[1]) for w in chunk]
        assert sum(heavy) <= chunk_size or len(chunk) == 1


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 5)), max_size=30, unique_by=lambda t: t[0]))
def test_page_numbers_are_written_as_differences(pages):
    """Page numbers ascending, each as the difference from the one before (the first from 0)."""
    written = pagefind_format._deltas([[number, [loc], []] for number, loc in pages])
    numbers = [sum(p[0] for p in written[:i + 1]) for i in range(len(written))]
    assert numbers == sorted(number for number, _loc in pages) and all(p[0] >= 0 for p in written)


@pytest.mark.parametrize("data,message", [(b"\x9f\x01\xff", "forma que Pagefind no escribe"), (b"\x82\x01", "ilegible"),
                                          (b"\x18\x01", "forma que Pagefind no escribe")])
def test_index_files_in_another_cbor_form_are_refused(data, message):
    with pytest.raises(pagefind_format.IndexFormatError, match=message):
        decode(gzip.compress(b"pagefind_dcd" + data))


def test_a_bundle_in_another_language_is_refused(fixed_site):
    files = bundle_of(fixed_site)
    entry = json.loads(files[pagefind_format.ENTRY])
    entry["languages"]["en"] = entry["languages"]["es"]
    with pytest.raises(pagefind_format.IndexFormatError, match=r"solo el idioma es: \['en', 'es'\]"):
        merge([{**files, pagefind_format.ENTRY: json.dumps(entry).encode()}])


def test_meta_and_filters_round_trip_through_cbor2(fixed_site):
    """cbor2 writes back the meta and filter files byte for byte: the merge reads them as Pagefind wrote them."""
    files = bundle_of(fixed_site)
    for name, data in files.items():
        if name.endswith((".pf_meta", ".pf_filter")):
            assert cbor2.dumps(decode(data)) == gzip.decompress(data)[12:]


def test_a_part_goes_to_pagefind_once_its_last_page_is_on_disk(tmp_path, monkeypatch):
    """MkDocs writes a page right after on_post_page: a part is sent at the next page, and the rest at the end."""
    sent = []
    monkeypatch.setattr(pagefind, "_index_part", lambda site, glob: sent.append(glob) or (0, {}))
    monkeypatch.setattr(pagefind, "merged_files", lambda bundles: iter([("pagefind-entry.json", b'{"languages": {}}')]))
    (tmp_path / "personas" / "ana").mkdir(parents=True)
    (tmp_path / "personas" / "ana" / "index.html").write_text("<div data-pagefind-body>Ana</div>")
    indexer = pagefind.SearchIndexer(tmp_path, ["2020-01-08", "2020-02-05", "2020-03-04"], pages_per_part=2)
    assert [glob for glob, _slugs in indexer.parts] == ["actas/{2020-01,2020-02}*/index.html",
                                                        "actas/2020-03*/index.html"]
    indexer.written("index.md")
    assert indexer.queue.qsize() + len(sent) == 0
    # The acta pages are written last: at the first one, every other page is on disk.
    for src_uri in ("actas/2020-01-08.md", "actas/2020-02-05.md"):
        indexer.written(src_uri)
    assert indexer.queue.qsize() + len(sent) == 1 and indexer.complete == [0]
    indexer.written("actas/2020-03-04.md")
    assert indexer.queue.qsize() + len(sent) == 2 and indexer.complete == [1]
    stats = indexer.finish()
    # Two Pagefind processes share the parts (the other pages, queued first, are listed by the thread that takes
    # them): they may reach Pagefind in any order.
    assert sorted(sent) == ["actas/2020-03*/index.html", "actas/{2020-01,2020-02}*/index.html",
                            "{personas/ana/index.html}"]
    assert (stats.pages, stats.parts) == (0, 3)


def test_the_last_months_are_a_small_part_of_their_own():
    """The build waits for the last part: it holds the last months, up to LAST_PART_PAGES pages; the parts before
    hold up to PAGES_PER_PART, and together every acta once, in date order."""
    weekly = [(dt.date(2005, 1, 3) + dt.timedelta(weeks=n)).isoformat() for n in range(1000)]
    parts = pagefind.acta_parts(weekly)
    sizes = [len(slugs) for _glob, slugs in parts]
    assert sizes == [200, 200, 200, 200, 161, 39]
    assert [slug for _glob, slugs in parts for slug in sorted(slugs)] == weekly
    assert parts[-1][0] == "actas/{2023-06,2023-07,2023-08,2023-09,2023-10,2023-11,2023-12,2024-01,2024-02}*/index.html"


def test_only_the_other_pages_that_pagefind_indexes_are_sent_by_name(tmp_path):
    """Pages without data-pagefind-body (the tracker, the indexes) are not sent, nor acta pages or the bundle; a
    name with glob syntax is matched with '?' in its place."""
    pages = {"index.html": True, "acuerdos/index.html": False, "actas/index.html": False,
             "actas/2020-01-08/index.html": True, "personas/ana/index.html": True, "personas/index.html": False,
             "contribuir/a{b},c/index.html": True, "pagefind/x.html": True}
    for name, indexed in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"<div{' data-pagefind-body' if indexed else ''}>texto</div>")
    assert pagefind.others_glob(tmp_path) == "{contribuir/a?b??c/index.html,index.html,personas/ana/index.html}"
    (tmp_path / "index.html").write_text("<div>texto</div>")
    (tmp_path / "personas/ana/index.html").unlink()
    (tmp_path / "contribuir/a{b},c/index.html").unlink()
    assert pagefind.others_glob(tmp_path) is None


def test_what_is_not_the_actas_text_is_not_indexed(fixed_site):
    """Search holds the acta's text, not its change history, the original's SHA-256 or the links to its neighbours."""
    files = bundle_of(fixed_site)
    fragments = [json.loads(gzip.decompress(data)[12:]) for name, data in files.items() if name.startswith("fragment/")]
    acta = next(f for f in fragments if f["url"] == "/actas/2018-11-07/")
    page = (fixed_site / "actas" / "2018-11-07" / "index.html").read_text(encoding="utf-8")
    sha = page.split("Suma SHA-256 del original: <code data-pagefind-ignore>", 1)[1][:64]
    assert "Historial de cambios" in page and "Acta anterior" in page
    for absent in ("Historial de cambios", "Última modificación", "Acta anterior", "Acta siguiente", sha):
        assert absent not in acta["content"], absent
    assert "historial-de-cambios" not in [a["id"] for a in acta["anchors"]]
    assert "Procedencia" in [a["text"] for a in acta["anchors"]] and "Cierre de consulta pública" in acta["content"]
