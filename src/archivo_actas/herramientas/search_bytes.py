"""What search costs a reader: the bytes of the index, and the bytes one query fetches in a real browser."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

# Headless Chromium on a machine with no network beyond this one: without the background services' flags it keeps
# trying to reach other servers. The tests and the benchmark launch it the same way.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


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


def query_bytes(site: Path, query: str, chromium: str) -> tuple[int, int, list[str]]:
    """Serve site locally, type the query in a fresh browser: (bytes on load, bytes fetched for it, first results)."""
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    fetched: list[int] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_context().new_page()
            page.on("response", lambda r: fetched.append(len(r.body())) if "/pagefind/" in r.url and r.ok else None)
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/")
            page.wait_for_load_state("networkidle")
            on_load = sum(fetched)
            page.keyboard.press("/")
            page.keyboard.type(query, delay=15)
            # The summary names the query while it still says «Buscando…»: wait for the count of results.
            page.wait_for_function("q => { const s = document.querySelector('pagefind-summary')?.textContent || '';"
                                   " return s.includes(q) && !/Buscando|Searching/i.test(s); }", arg=query)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            results = page.eval_on_selector_all("a.pf-result-link", "links => links.map(a => a.getAttribute('href'))")
            browser.close()
    finally:
        httpd.shutdown()
    return on_load, sum(fetched) - on_load, results
