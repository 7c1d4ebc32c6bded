"""Revisa con LinkChecker que ningún enlace interno ni ancla (#...) del sitio construido esté roto.

Uso:  python scripts/revisar_enlaces.py [carpeta del sitio, por omisión site/]

Sirve la carpeta en 127.0.0.1 y la recorre entera desde la portada, como lo haría un lector: cada
página, hoja de estilo, script, imagen, dato descargable y ancla. Termina con código 1 y una línea
por problema («página -> enlace: motivo») si algo falla. No consulta direcciones externas.
"""

from __future__ import annotations

import csv
import functools
import http.server
import subprocess
import sys
import tempfile
import threading
import weakref
from pathlib import Path

# AnchorCheck: an anchor missing from its target page is a warning, and every warning counts as a failure.
# One thread: a fixed checking order, and against a local server as fast as eight. --no-robots: our own site.
CONFIG = """\
[checking]
threads=1
maxrequestspersecond=1000
[filtering]
checkextern=0
[AnchorCheck]
"""


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site quietly; the LinkChecker header lifts its limit of ten requests a second per host."""

    def end_headers(self):
        self.send_header("LinkChecker", "servidor-local")
        super().end_headers()

    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # LinkChecker closes connections once it has what it needs; that is not a problem of the site.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


# The parsed pages whose links are queued.
_SCANNED: weakref.WeakSet = weakref.WeakSet()
# Pages kept parsed: the anchors of a page are mostly asked one after another, from the page that links them.
SOUPS_KEPT = 64
# LinkChecker run as root switches to user 'nobody' before it lists its plugin folder; when the
# environment lives where 'nobody' cannot read (a fresh clone in a private temporary folder, as in CI),
# AnchorCheck silently never loads. Nothing here needs that protection: it only reads our own site.
LAUNCH = (f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parent)!r}); import revisar_enlaces; "
          "sys.exit(revisar_enlaces.linkchecker())")


def _find_links(soup, callback, tags) -> None:
    """LinkChecker's find_links, taking an element's text only for a link (<a>), the one place it is used: taken for
    every element, as LinkChecker 10.6 does, its cost grows with the page's size times its depth (38 s for 61
    pages of Material). A page already scanned for links (the same parsed page, reached again by another anchor)
    is not scanned again: what it links is already queued, and LinkChecker would drop the repeats."""
    from linkcheck.htmlutil.linkparse import LinkFinder, LinkTags

    if tags is LinkTags:
        if soup in _SCANNED:
            return
        _SCANNED.add(soup)
    finder = LinkFinder(callback, tags)
    for element in soup.find_all(True):
        finder.html_element(element.name, element.attrs, element.text.strip() if element.name == "a" else "",
                            element.sourceline, None if element.sourcepos is None else element.sourcepos + 1)


def linkchecker() -> int:
    """LinkChecker's command line (in its own process), without the drop to 'nobody', with _find_links, and with each
    page parsed once for all the links to it: LinkChecker parses the page again for every anchor asked of it (the
    tracker of acuerdos, 198 times), and only reads what it parsed."""
    import linkcheck.command.linkchecker as command
    from linkcheck.htmlutil import htmlsoup, linkparse

    command.drop_privileges = lambda: None
    linkparse.find_links = _find_links
    htmlsoup.make_soup = functools.lru_cache(maxsize=SOUPS_KEPT)(htmlsoup.make_soup)
    sys.argv[0] = "linkchecker"
    return command.linkchecker()


def check(site: Path) -> tuple[int, list[str]]:
    """Check every link reachable from the home page of site: (URLs checked, problems)."""
    httpd = _Server(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    try:
        with tempfile.TemporaryDirectory() as folder:
            config = Path(folder) / "linkcheckerrc"
            config.write_text(CONFIG, encoding="utf-8")
            result = subprocess.run([sys.executable, "-c", LAUNCH, "-f", str(config), "--no-status", "--no-robots",
                                     "--verbose", "-o", "csv/utf-8", base],
                                    capture_output=True, text=True, encoding="utf-8", timeout=900)
    finally:
        httpd.shutdown()
        httpd.server_close()
    rows = list(csv.DictReader((line for line in result.stdout.splitlines() if not line.startswith("#")),
                               delimiter=";"))
    if not rows:
        return 0, [f"LinkChecker no revisó nada (código {result.returncode}): {result.stderr.strip()}"]
    problems = []
    for row in rows:
        reason = row["warningstring"] if row["valid"] == "True" else row["result"]
        if row["valid"] != "True" or row["warningstring"]:
            page = row["parentname"].removeprefix(base) or "(portada)"
            problems.append(f"{page} -> {row['urlname']}: {' '.join(reason.split())[:300]}")
    if result.returncode != 0 and not problems:
        problems.append(f"LinkChecker terminó con código {result.returncode}: {result.stderr.strip()}")
    return len(rows), sorted(problems)


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "site")
    if not (site / "index.html").is_file():
        print(f"{site}: no hay un sitio construido (falta index.html); ejecute antes bash scripts/construir.sh",
              file=sys.stderr)
        return 2
    checked, problems = check(site)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} enlace(s) roto(s) de {checked} direcciones revisadas en {site}.", file=sys.stderr)
        return 1
    print(f"Sin enlaces rotos: {checked} direcciones revisadas en {site}, con sus anclas.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
