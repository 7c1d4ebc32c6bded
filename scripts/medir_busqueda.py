#!/usr/bin/env python3
"""Mide la búsqueda de un sitio construido: tamaño del índice y bytes que descarga una consulta.

Uso: python scripts/medir_busqueda.py [SITIO] [--consulta "texto"] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

from archivo_actas.cli import SpanishParser

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def index_bytes(site: Path) -> tuple[int, int]:
    """(bytes of the index proper, bytes of the UI scripts and styles) under site/pagefind/."""
    index = ui = 0
    for path in (site / "pagefind").rglob("*"):
        if path.is_file():
            if path.name.startswith(("pagefind-component-ui", "pagefind-ui", "pagefind-modular-ui", "pagefind-highlight")):
                ui += path.stat().st_size
            else:
                index += path.stat().st_size
    return index, ui


def query_bytes(site: Path, query: str, chromium: str) -> tuple[int, int, list[str]]:
    """Serve site on 127.0.0.1, open it in a fresh browser, type the query: (bytes on load, bytes the query fetched, first results)."""
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    fetched: list[int] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_context().new_page()
            page.on("response", lambda r: fetched.append(len(r.body())) if "/pagefind/" in r.url and r.ok else None)
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/")
            page.wait_for_load_state("networkidle")
            on_load = sum(fetched)
            page.keyboard.press("/")
            page.keyboard.type(query, delay=15)
            page.wait_for_function("q => (document.querySelector('pagefind-summary')?.textContent || '').includes(q)", arg=query)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            results = page.eval_on_selector_all("a.pf-result-link", "links => links.map(a => a.getAttribute('href'))")
            browser.close()
    finally:
        httpd.shutdown()
    return on_load, sum(fetched) - on_load, results


def main() -> int:
    parser = SpanishParser(prog="medir_busqueda.py", description=__doc__.splitlines()[0])
    parser.add_argument("sitio", nargs="?", type=Path, default=Path("site"))
    parser.add_argument("--consulta", default="consulta publica")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    index, ui = index_bytes(args.sitio)
    on_load, per_query, results = query_bytes(args.sitio, args.consulta, args.chromium)
    print(f"Índice de búsqueda: {index / 1024:.0f} KB (más {ui / 1024:.0f} KB de interfaz)")
    print(f"Al abrir una página: {on_load / 1024:.0f} KB de la búsqueda")
    print(f"Consulta «{args.consulta}»: {per_query / 1024:.0f} KB descargados; primeros resultados: {', '.join(results[:3])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
