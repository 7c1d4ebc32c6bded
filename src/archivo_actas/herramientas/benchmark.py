"""The benchmark's pieces: the floor project, timed builds, the validator's rate, serve latency, the page it writes."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from ..modelo.archive import load_archive
from .cli import find_root
from .search_bytes import CHROMIUM_ARGS

ROOT = find_root(Path(__file__).resolve().parent)

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
# Runs a command and prints the peak memory (KB) of that command alone.
MEASURED = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(r.returncode)")
FLOOR_CONFIG = """site_name: Piso de Material
theme:
  name: material
  language: es
  font: false
plugins:
  - search:
      lang: es
nav:
  - index.md
validation:
  nav:
    omitted_files: ignore
"""
TARGETS = ("N = 1.000: completa ≤ 1,5 × piso; N = 5.000 ≤ 5,5 × N = 1.000; memoria ≤ 1 GB a 5.000; "
           "validador ≥ 1.000 actas/s; ≤ 300 KB por consulta a 5.000; edición visible en `mkdocs serve` ≤ 3 s a 1.000")


def floor_project(corpus: Path, target: Path) -> None:
    """The same actas as plain Markdown pages of a bare Material site."""
    (target / "docs" / "actas").mkdir(parents=True)
    (target / "mkdocs.yml").write_text(FLOOR_CONFIG, encoding="utf-8")
    (target / "docs" / "index.md").write_text("# Piso\n", encoding="utf-8")
    for path in sorted((corpus / "actas").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        title = re.search(r"^titulo: (.+)$", text, re.M)[1]
        body = text.split("\n---\n", 1)[1]
        (target / "docs" / "actas" / path.name).write_text(f"# {title}\n\n{body}", encoding="utf-8")


def build(project: Path) -> tuple[float, int]:
    """(seconds, peak KB) of one mkdocs build of project into its site/."""
    shutil.rmtree(project / "site", ignore_errors=True)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", MEASURED, sys.executable, "-m", "mkdocs", "build", "-q"],
                            cwd=project, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build falló en {project}:\n{result.stderr[-2000:]}")
    return elapsed, int(result.stderr.strip().splitlines()[-1])


def site_facts(site: Path) -> tuple[int, int]:
    """(pages, bytes) of a built site."""
    pages = sum(1 for _ in site.rglob("*.html"))
    size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    return pages, size


def validator_rate(project: Path, repetitions: int) -> float:
    """Actas validated per second, registry and cross checks included (median)."""
    rates = []
    for _ in range(repetitions):
        start = time.perf_counter()
        archive = load_archive(project)
        rates.append(len(archive.actas) / (time.perf_counter() - start))
        assert not archive.problems, archive.problems[:3]
    return statistics.median(rates)


# Asked in the page, so that a large page is not copied out on every look.
SHOWS = "text => Boolean(document.body && document.body.textContent.includes(text))"


def serve_latency(project: Path, port: int = 8765, dirty: bool = True, browser: bool | None = None) -> float:
    """Seconds from saving an edited acta (its title) until its page and the cronología show the edit under
    'mkdocs serve --dirty' (the quick preview: only the pages whose content changed are written again).
    With browser (the default when Chromium is installed) both pages are open in Chromium and livereload reloads
    them; without, they are fetched over HTTP."""
    browser = shutil.which("chromium") is not None if browser is None else browser
    with _served(project, port, dirty) as base:
        actas = sorted((project / "actas").glob("*.md"))
        acta = actas[len(actas) // 2]
        urls = [f"{base}actas/{acta.stem}/", f"{base}cronologia/"]
        token = f"Edición de prueba {int(time.time())}"
        text = acta.read_text(encoding="utf-8")
        with _in_chromium(urls) if browser else contextlib.nullcontext(_over_http(urls)) as shows:
            start = time.perf_counter()
            acta.write_text(re.sub(r"^titulo: .*$", f"titulo: {token}", text, count=1, flags=re.M), encoding="utf-8")
            try:
                while not shows(token):
                    if time.perf_counter() - start > 600:
                        raise RuntimeError("la edición no apareció en 10 minutos")
                    time.sleep(0.05)
                return time.perf_counter() - start
            finally:
                acta.write_text(text, encoding="utf-8")


@contextlib.contextmanager
def _served(project: Path, port: int, dirty: bool):
    """mkdocs serve on project, once it answers: yields its address."""
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}",
                                *(["--dirty"] if dirty else [])],
                               cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.time() + 900
        while "Cronología" not in _fetch(base + "cronologia/"):
            if time.time() > deadline or process.poll() is not None:
                raise RuntimeError(f"mkdocs serve no arrancó:\n{_stop(process)[-2000:]}")
            time.sleep(0.5)
        yield base
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> str:
    """Stop a server started in its own session, and return what it wrote to stderr."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    return process.communicate(timeout=30)[1] or ""


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _over_http(urls: list[str]):
    """Whether every page, fetched now, contains a text."""
    return lambda text: all(text in _fetch(url) for url in urls)


@contextlib.contextmanager
def _in_chromium(urls: list[str]):
    """Each page open in its own Chromium tab: yields whether every tab shows a text now (a tab that livereload is
    reloading shows nothing yet)."""
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        try:
            tabs = [chromium.new_page() for _ in urls]
            for tab, url in zip(tabs, urls, strict=True):
                tab.goto(url)

            def shows(text: str) -> bool:
                try:
                    return all(tab.evaluate(SHOWS, text) for tab in tabs)
                except Error:
                    return False

            yield shows
        finally:
            chromium.close()


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "desconocido")
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    from importlib.metadata import version

    return (f"{cpu}, {os.cpu_count()} núcleos, {memory} GiB de memoria; {platform.system()}; "
            f"Python {platform.python_version()}, MkDocs {version('mkdocs')}, Material {version('mkdocs-material')}, "
            f"Pagefind {version('pagefind')}")


def plot(results: list[dict]) -> str:
    """An SVG of build time against N: the floor and the full build."""
    width, height, margin = 640, 320, 56
    ns = [r["n"] for r in results]
    top = max(max(r["piso_s"], r["completa_s"]) for r in results) * 1.1
    x = lambda n: margin + (width - 2 * margin) * (n - min(ns)) / max(1, max(ns) - min(ns))  # noqa: E731
    y = lambda s: height - margin + 10 - (height - 2 * margin) * s / top  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             'aria-label="Tiempo de construcción según el número de actas">',
             '<title>Tiempo de construcción según el número de actas</title>',
             '<rect width="100%" height="100%" fill="white"/>',
             f'<line x1="{margin}" y1="{y(0)}" x2="{width - margin}" y2="{y(0)}" stroke="#555"/>',
             f'<line x1="{margin}" y1="{y(0)}" x2="{margin}" y2="{y(top)}" stroke="#555"/>']
    for tick in range(0, int(top) + 1, max(1, int(top) // 5)):
        parts.append(f'<text x="{margin - 8}" y="{y(tick) + 4}" font-size="11" text-anchor="end">{tick} s</text>')
    for n in ns:
        parts.append(f'<text x="{x(n)}" y="{y(0) + 18}" font-size="11" text-anchor="middle">{es(n)}</text>')
    for key, color, label, offset in (("piso_s", "#888", "Piso (Material simple)", 0),
                                      ("completa_s", "#3f51b5", "Archivo completo", 16)):
        points = " ".join(f"{x(r['n']):.1f},{y(r[key]):.1f}" for r in results)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2.5"/>')
        parts += [f'<circle cx="{x(r["n"]):.1f}" cy="{y(r[key]):.1f}" r="4" fill="{color}"/>' for r in results]
        parts.append(f'<text x="{margin + 10}" y="{margin - 20 + offset}" font-size="12" fill="{color}">'
                     f'■ {label}</text>')
    parts.append(f'<text x="{width / 2}" y="{height - 8}" font-size="12" text-anchor="middle">Actas</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def es(value: float, decimals: int = 0) -> str:
    """A number as written in Spanish: 1.234,5."""
    return f"{value:,.{decimals}f}".replace(",", "\0").replace(".", ",").replace("\0", ".")


def kb(value: int | None) -> str:
    return "—" if value is None else f"{es(value / 1024)} KB"


def result_rows(results: list[dict]) -> list[str]:
    """The results table, one row per N, as Markdown lines."""
    rows = ["| N | Piso (mediana) | Completa (mediana) | Completa / piso | Páginas piso / completa | Sitio completo | "
            "Índice de búsqueda (piso / completa) | Descarga por consulta (piso / completa) | "
            "Memoria máx. (piso / completa) | Validador |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        rows.append(f"| {es(r['n'])} | {es(r['piso_s'], 1)} s | {es(r['completa_s'], 1)} s | "
                    f"{es(r['completa_s'] / r['piso_s'], 2)} | "
                    f"{es(r['piso_paginas'])} / {es(r['completa_paginas'])} | {es(r['completa_bytes'] / 2**20)} MB | "
                    f"{kb(r['piso_indice'])} / {kb(r['completa_indice'])} | "
                    f"{kb(r['piso_consulta'])} / {kb(r['completa_consulta'])} | "
                    f"{es(r['piso_memoria_kb'] / 1024)} / {es(r['completa_memoria_kb'] / 1024)} MB | "
                    f"{es(r['validador_actas_s'])} actas/s |")
    return rows


def target_checks(results: list[dict], serve: dict) -> list[str]:
    """Each target with the measured value and whether it is met."""
    by_n = {r["n"]: r for r in results}
    checks = []
    if 1000 in by_n:
        ratio = by_n[1000]["completa_s"] / by_n[1000]["piso_s"]
        checks.append(f"- Completa / piso a 1.000: **{es(ratio, 2)}** (meta ≤ 1,5): "
                      f"{'cumple' if ratio <= 1.5 else 'no cumple'}.")
        rate = by_n[1000]["validador_actas_s"]
        checks.append(f"- Validador a 1.000: **{es(rate)} actas/s** (meta ≥ 1.000): "
                      f"{'cumple' if rate >= 1000 else 'no cumple'}.")
    if 1000 in by_n and 5000 in by_n:
        growth = by_n[5000]["completa_s"] / by_n[1000]["completa_s"]
        checks.append(f"- 5.000 / 1.000 (completa): **{es(growth, 2)}** (meta ≤ 5,5): "
                      f"{'cumple' if growth <= 5.5 else 'no cumple'}.")
    if 5000 in by_n:
        memory = by_n[5000]["completa_memoria_kb"] / 1024
        checks.append(f"- Memoria a 5.000: **{es(memory)} MB** (meta ≤ 1.024): "
                      f"{'cumple' if memory <= 1024 else 'no cumple'}.")
        query = by_n[5000]["completa_consulta"]
        if query is not None:
            checks.append(f"- Descarga por consulta a 5.000: **{es(query / 1024)} KB** (meta ≤ 300): "
                          f"{'cumple' if query <= 300 * 1024 else 'no cumple'}.")
    if serve:
        checks.append(f"- `mkdocs serve --dirty` a {es(serve['n'])}: la edición se ve en el acta y en la cronología "
                      f"en **{es(serve['segundos'], 1)} s** (meta ≤ 3 s): "
                      f"{'cumple' if serve['segundos'] <= 3 else 'no cumple'}.")
    return checks


def write_page(results: list[dict], serve: dict, output: Path, when: str) -> None:
    """docs/contribuir/rendimiento/index.md (for maintainers, outside the navigation), its plot and raw results."""
    output.mkdir(parents=True, exist_ok=True)
    (output / "tiempos.svg").write_text(plot(results), encoding="utf-8")
    (output / "resultados.json").write_text(json.dumps({"fecha": when, "maquina": machine(), "resultados": results,
                                                        "servir": serve}, ensure_ascii=False, indent=2) + "\n",
                                            encoding="utf-8")
    rows, checks = result_rows(results), target_checks(results, serve)
    page = f"""---
title: Rendimiento
buscar: false
---

# Rendimiento

Esta página es para quien mantiene el archivo: cuánto tarda en construirse, cuánta memoria usa y cuánto
descarga una búsqueda a medida que el archivo crece, contra qué se compara y qué metas no se cumplen
todavía. No está en el menú del sitio; la enlazan [Contribuir](../index.md) y [Arquitectura](../arquitectura.md).

Medición de `scripts/benchmark.py` del {when}, en: {machine()}.

Para cada número de actas se construyen, alternadas, dos versiones del mismo archivo sintético
(`scripts/generar_corpus.py`, actas de 8 a 15 KB): el **piso**, las actas como páginas simples de Material
(sin hooks ni páginas generadas, con la búsqueda propia de Material y fuera de la navegación), y la
**construcción completa** del archivo: páginas de acta generadas, índices de personas, instituciones,
cronología y acuerdos, datos abiertos e índice de búsqueda de Pagefind. Los tiempos son la mediana de
las repeticiones. «Descarga por consulta» es lo que el navegador baja al buscar por primera vez: en el
piso, el índice completo de lunr; en el archivo, lo que pide Pagefind para una consulta.

![Tiempo de construcción según el número de actas](tiempos.svg)

{chr(10).join(rows)}

Metas: {TARGETS}.

{chr(10).join(checks)}

## Dónde está lo que supera al piso

Medido con cProfile y con la memoria de cada proceso en el archivo de 1.000 actas:

- **Índice de búsqueda (Pagefind)**: de 4 a 8 s y la mayor parte de la memoria. El indexador de Pagefind
  llega a su pico de memoria al construir el índice mismo, unas 3,4 veces los datos que analizó: 722 MB a
  1.000 actas y 3,2 GB a 5.000 (medición de la revisión de rendimiento); no viene de retener el texto de
  las páginas, como decía esta página antes. Por eso la meta de 1 GB a 5.000 actas no se cumple. El piso
  usa la búsqueda de Material (lunr), cuyo índice es un JSON que se genera sin indexar, pero que el
  navegador descarga entero: 12 MB a 1.000 actas y 60 MB a 5.000.
- **Páginas que el piso no tiene**: las de personas e instituciones, la cronología, el seguimiento de
  acuerdos y los datos abiertos, unas 320 páginas más a 1.000 actas, algunas con miles de filas. Su HTML
  ya no pasa por el analizador de Markdown (se inserta terminado después de la conversión), lo que
  bajó la construcción de 31 a 24 s.
- **Generación de páginas y datos**: unos 6 s de plantillas y 3,5 s de exportaciones (el calendario
  iCalendar es la más lenta, unos 2 s).
- **Descarga por consulta**: unos 210 KB fijos (el programa de Pagefind, su WebAssembly, los metadatos y
  los filtros), que un servidor con compresión reduce, más los trozos del índice de las palabras
  buscadas. Los metadatos crecen con el número de páginas y los trozos de palabras muy comunes crecen
  con el archivo: una palabra rara descarga unos 55 KB de índice; «consulta publica», que está en casi
  todas las actas sintéticas, más de 200 KB a 1.000 actas.
- **`mkdocs serve`**: la vista previa no genera la búsqueda, los datos abiertos ni la comprobación de
  integridad (`mkdocs build` sí), no vuelve a leer las actas que no cambiaron (las reconoce por su
  contenido) y solo vuelve a generar las páginas cuyos datos cambiaron. Con `mkdocs serve --dirty`,
  MkDocs además reescribe solo las páginas cuyo contenido cambió: el acta editada y los índices y las
  páginas de personas e instituciones que la mencionan. Sin `--dirty`, MkDocs reescribe todas las
  páginas con cada cambio (unos 10 s a 1.000 actas). La medición abre el acta y la cronología en
  Chromium (si está instalado; si no, las pide al servidor) y cuenta hasta que ambas, recargadas por
  MkDocs, muestran la edición.

Ya se quitó lo que sobraba:
- El cliente de Python de Pagefind espera 0,1 s antes de leer cada respuesta: 52 s para 477 acuerdos.
  El archivo habla directamente con el binario y tarda 4 s.
- El YAML se lee con libyaml.
- El HTML generado no pasa por el analizador de Markdown.
- Los enlaces relativos se calculan sin `relpath`.
- Un archivo grande se valida en paralelo, un proceso por núcleo.

Para repetir la medición: `.venv/bin/python scripts/benchmark.py --actas 100,1000,5000`. Los datos
de esta corrida están en [resultados.json](resultados.json).
"""
    (output / "index.md").write_text(page, encoding="utf-8")


def history_seconds(project: Path, rounds: int = 3) -> tuple[int, float]:
    """Put a synthetic archive in git (a commit per acta, then rounds editing a third of them) and time read_history:
    (commits, median seconds of three reads)."""
    from ..sitio.history import read_history

    env = {**ENV, "GIT_AUTHOR_NAME": "Medición", "GIT_AUTHOR_EMAIL": "medicion@example.org",
           "GIT_COMMITTER_NAME": "Medición", "GIT_COMMITTER_EMAIL": "medicion@example.org"}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "mkdocs.yml", "actas/registro", "actas/originales")
    git("commit", "-q", "-m", "Registro y originales")
    actas = sorted((project / "actas").glob("*.md"))
    for acta in actas:
        git("add", str(acta.relative_to(project)))
        git("commit", "-q", "-m", f"Acta {acta.stem}")
    commits = 1 + len(actas)
    for round_ in range(rounds):
        for acta in actas[round_::3]:
            acta.write_text(acta.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        git("commit", "-q", "-am", f"Revisión {round_ + 1}")
        commits += 1
    times = []
    for _ in range(3):
        start = time.perf_counter()
        found = read_history(project)
        times.append(time.perf_counter() - start)
    assert found.unavailable is None and len(found.changes) == len(actas)
    return commits, statistics.median(times)
