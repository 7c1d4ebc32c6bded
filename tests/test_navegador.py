"""The built site in headless Chromium: the acuerdos filters work on a static host."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import tempfile
import threading

import pytest

from conftest import ROOT, mkdocs

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]

if CHROMIUM is None:
    if os.environ.get("CI"):
        pytest.fail("Chromium no está instalado: .ci/run debe instalar el paquete 'chromium' de Debian", pytrace=False)
    pytestmark = pytest.mark.skip(reason="Chromium no está instalado (apt-get install chromium)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The real site, built and served on 127.0.0.1 for the length of the module."""
    site = tmp_path_factory.mktemp("sitio")
    result = mkdocs(ROOT, "build", "--strict", "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def dom(url: str) -> str:
    """The page's DOM after its scripts ran."""
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
                                capture_output=True, text=True, timeout=90)
    assert result.returncode == 0, result.stderr
    return result.stdout


def rows(page: str) -> tuple[int, int]:
    """(visible, hidden) rows of the acuerdos tracker."""
    found = re.findall(r'<tr id="\d{4}-\d{2}-\d{2}-\d+"[^>]*>', page)
    hidden = sum(1 for row in found if re.search(r"\shidden(=|\s|>)", row))
    return len(found) - hidden, hidden


@pytest.mark.parametrize("query,visible", [
    ("", 20),
    ("?responsable=i:laboratorio-de-gobierno", 1),
    ("?responsable=i:comision-integridad-publica-transparencia", 17),
    ("?responsable=p:andrea-sanhueza", 1),
    ("?anio=2018", 10),
    ("?estado=vencido", 4),
    ("?anio=2019&responsable=i:comision-integridad-publica-transparencia", 4),
])
def test_acuerdos_filters(server, query, visible):
    page = dom(f"{server}acuerdos/{query}")
    assert rows(page) == (visible, 20 - visible)
    assert f"Mostrando {visible} de 20 acuerdos" in page
    assert re.search(r'<form class="filtros-acuerdos"(?![^>]*hidden)', page)
