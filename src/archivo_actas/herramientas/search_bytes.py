"""What search costs a reader: the bytes of the index, and the bytes one query fetches in a real browser, counted as a
server that compresses text sends them."""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

# Headless Chromium on a machine with no network beyond this one: without the background services' flags it keeps
# trying to reach other servers. The tests and the benchmark launch it the same way.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# What a first query fetches, by part of the search; "total" is their sum.
CATEGORIES = ("programa", "metadatos", "filtros", "indice", "fragmentos", "otros")
# Pagefind's index files and its WebAssembly are gzip files already: a server sends them as they are.
GZIPPED = (".pf_meta", ".pf_index", ".pf_filter", ".pf_fragment")
# Text a server compresses on the way (gzip, level 6, as nginx and most hosts do).
TEXT = (".js", ".mjs", ".css", ".json", ".html", ".htm", ".svg", ".txt", ".xml")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def index_bytes(site: Path) -> tuple[int, int]:
    """(bytes of the index proper, bytes of the UI scripts and styles) under site/pagefind/."""
    index = ui = 0
    for path in (site / "pagefind").rglob("*"):
        if path.is_file():
            if path.name.startswith(("pagefind-component-ui", "pagefind-ui", "pagefind-modular-ui",
                                     "pagefind-highlight")):
                ui += path.stat().st_size
            else:
                index += path.stat().st_size
    return index, ui


def _name(url: str) -> str:
    """The file name a URL asks for: index.html for a folder."""
    path = urlsplit(url).path
    return "index.html" if path.endswith("/") else PurePosixPath(path).name


def category(url: str) -> str:
    """The part of the search a fetched file is: its program (scripts, styles, WebAssembly), its metadata, filters,
    index chunks, result fragments, or something else."""
    name = _name(url)
    if name.endswith(".pf_meta") or name == "pagefind-entry.json":
        return "metadatos"
    if name.endswith(".pf_filter"):
        return "filtros"
    if name.endswith(".pf_index"):
        return "indice"
    if name.endswith(".pf_fragment"):
        return "fragmentos"
    if name.endswith((".js", ".mjs", ".css")) or (name.startswith("wasm.") and name.endswith(".pagefind")):
        return "programa"
    return "otros"


def served_bytes(url: str, body: bytes) -> int:
    """Bytes a server that compresses text sends for a file: text gzipped, everything else (Pagefind's gzip files,
    its WebAssembly, images) as it is."""
    name = _name(url)
    if name.endswith(GZIPPED) or (name.startswith("wasm.") and name.endswith(".pagefind")):
        return len(body)
    if name.endswith(TEXT):
        return len(gzip.compress(body, compresslevel=6, mtime=0))
    return len(body)


def breakdown(fetched: list[tuple[str, bytes]]) -> dict[str, int]:
    """Served bytes of fetched (url, body) pairs by category, and their total."""
    parts = dict.fromkeys(CATEGORIES, 0)
    for url, body in fetched:
        parts[category(url)] += served_bytes(url, body)
    return {**parts, "total": sum(parts.values())}


# Whether the search box shows the results for q (the tests and the benchmark wait the same way): the summary names q
# (not while it says «Buscando…»), and the first five results (or fewer) each have their link, which comes once the
# result's fragment has loaded, in any order.
RESULTS_SHOWN = """q => { const s = (document.querySelector('pagefind-summary')?.textContent || '').trim();
    if (!s.endsWith(q) || /Buscando|Searching/i.test(s)) return false;
    if (/No se encontraron/.test(s)) return true;
    const n = parseInt(s, 10);
    const first = [...document.querySelectorAll('li.pf-result')].slice(0, Math.min(n, 5));
    return n > 0 && first.length === Math.min(n, 5) && first.every(li => li.querySelector('a.pf-result-link')); }"""


def first_query(site: Path, query: str, chromium: str) -> dict:
    """Serve site locally, open its home page in a fresh browser, press "/" and type the query until the results show:
    {"al_abrir": served bytes of the search on load, "bytes": served bytes from "/" to the results by category and
    total, "resultados": links of the first results}."""
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    on_load: list[tuple[str, bytes]] = []
    after: list[tuple[str, bytes]] = []
    fetched = on_load
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_context().new_page()
            page.on("response", lambda r: fetched.append((r.url, r.body())) if r.ok else None)
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/")
            page.wait_for_load_state("networkidle")
            fetched = after
            page.keyboard.press("/")
            page.keyboard.type(query, delay=15)
            # The summary names the query while it still says «Buscando…»: wait for the count of results.
            page.wait_for_function(RESULTS_SHOWN, arg=query, timeout=120_000)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            results = page.eval_on_selector_all("a.pf-result-link", "links => links.map(a => a.getAttribute('href'))")
            browser.close()
    finally:
        httpd.shutdown()
    search_on_load = [(url, body) for url, body in on_load if "/pagefind/" in url]
    return {"al_abrir": breakdown(search_on_load)["total"], "bytes": breakdown(after), "resultados": results}


def query_bytes(site: Path, query: str, chromium: str) -> tuple[int, int, list[str]]:
    """(served bytes of the search on load, served bytes of a first query, first results), from first_query."""
    found = first_query(site, query, chromium)
    return found["al_abrir"], found["bytes"]["total"], found["resultados"]
