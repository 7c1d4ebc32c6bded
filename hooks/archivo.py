"""MkDocs hook: validates the archive and adds its generated pages; the work is done by archivo_actas."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from urllib.parse import urlsplit

from filelock import FileLock, Timeout
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from archivo_actas.archive import ORIGINALS_DIR, load_archive
from archivo_actas.dates import build_date
from archivo_actas.export import Exporter
from archivo_actas.integrity import lost
from archivo_actas.render import SiteRenderer, error_page, fill_blocks
from archivo_actas.search import acuerdo_records, build_search_index

log = logging.getLogger("mkdocs.hooks.archivo")

_state: dict = {}
# MkDocs imports this hook again for every rebuild under 'mkdocs serve': the command is kept in the process environment.
SERVING = "ARCHIVO_ACTAS_SIRVIENDO"


def on_startup(command, dirty):
    """Under 'mkdocs serve', an invalid archive is shown as a page in the browser instead of stopping the server."""
    os.environ[SERVING] = "1" if command == "serve" else ""


def on_config(config):
    """Load and validate the archive; any problem stops the build with the validator's messages."""
    if not config.use_directory_urls:
        raise PluginError("El archivo usa direcciones de carpeta (/actas/AAAA-MM-DD/): deje 'use_directory_urls' activado.")
    archive = load_archive(Path(config.config_file_path).parent)
    _state.clear()
    if archive.problems:
        serving = bool(os.environ.get(SERVING))
        for problem in archive.problems:
            # Under serve, an error would stop the strict build: the browser shows them instead.
            (log.info if serving else log.error)(str(problem))
        if serving:
            _state["problems"] = archive.problems
            return config
        raise PluginError(
            f"{len(archive.problems)} problema(s) en las actas o el registro. "
            "Corrija cada línea indicada; 'python scripts/validar_actas.py' muestra la misma lista."
        )
    renderer = SiteRenderer(archive, build_date())
    _state["renderer"] = renderer
    _state["exporter"] = Exporter(archive, renderer.indexes, config.site_url or "", renderer.today)
    # Pagefind's results are site-absolute: under a sub-path (a project site), prefix it.
    config.extra["pagefind_base"] = (urlsplit(config.site_url or "/").path or "/").rstrip("/") + "/"
    return config


def on_pre_build(config) -> None:
    """One build at a time writes into a site folder: a second one waits for the first, and says so."""
    lock = FileLock(f"{config.site_dir.rstrip(os.sep)}.construccion.lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        shown = os.path.relpath(config.site_dir, Path(config.config_file_path).parent)
        log.info(f"Otra construcción está escribiendo en {shown}/: esta espera a que termine.")
        lock.acquire(timeout=900)
    _state["lock"] = lock


def _release() -> None:
    if "lock" in _state:
        _state.pop("lock").release()


def on_build_error(error) -> None:
    _release()


def _nav_pages(items) -> list[str]:
    """The Markdown files named in mkdocs.yml's nav, at any depth."""
    found = []
    for item in items:
        for value in (item.values() if isinstance(item, dict) else [item]):
            found += _nav_pages(value) if isinstance(value, list) else [value] if str(value).endswith(".md") else []
    return found


def on_files(files: Files, config) -> Files:
    """Add every acta page, the index pages and the original documents, generated in memory."""
    if "problems" in _state:
        # Every page the navigation names but the archive would generate shows the problems too.
        page = error_page(_state["problems"])
        for src_uri in _nav_pages(config.nav or []):
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=page))
        return files
    renderer = _state["renderer"]
    for src_uri, content in {**renderer.pages(), **renderer.redirects()}.items():
        files.append(File.generated(config, src_uri, content=content))
    for path, content in _state["exporter"].files().items():
        files.append(File.generated(config, path, content=content))
    for acta in renderer.archive.actas:
        original = renderer.archive.root / ORIGINALS_DIR / acta.source.file
        files.append(File.generated(config, f"actas/originales/{acta.source.file}", abs_src_path=str(original)))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    """The home page's own text, followed by the archive at a glance (under serve with problems: the problems)."""
    if "problems" in _state:
        return error_page(_state["problems"])
    if page.file.src_uri == "index.md":
        return markdown + "\n" + _state["renderer"].home_summary()
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    """Put the finished HTML blocks of a generated page where Markdown left their markers."""
    if "problems" in _state:
        return html
    return fill_blocks(html, _state["renderer"].page_blocks(page.file.src_uri))


def on_page_context(context, page, config, nav):
    """An acta's page carries its meeting as schema.org JSON-LD."""
    if "problems" in _state:
        return context
    slug = page.file.src_uri.removeprefix("actas/").removesuffix(".md")
    acta = _state["renderer"].archive.acta(slug) if page.file.src_uri.startswith("actas/") else None
    if acta is not None:
        page.meta["jsonld"] = _state["exporter"].jsonld(acta)
    return context


def on_post_build(config) -> None:
    """Check that nothing was lost, then index the built site for search (site/pagefind/), one result per acuerdo."""
    try:
        if "problems" not in _state:
            _check_and_index(config)
    finally:
        _release()


def _check_and_index(config) -> None:
    renderer = _state["renderer"]
    losses = lost(renderer.archive, renderer.indexes, Path(config.site_dir))
    if losses:
        for loss in losses:
            log.error(loss)
        raise PluginError(f"La construcción perdió {len(losses)} dato(s) de las actas: el sitio no se publica así.")
    stats = build_search_index(Path(config.site_dir), acuerdo_records(renderer.indexes, renderer.registry))
    log.info(f"Búsqueda: {stats.pages} páginas y {stats.records} acuerdos indexados ({stats.bytes / 1024:.0f} KB en pagefind/)")
