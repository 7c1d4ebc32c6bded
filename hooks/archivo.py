"""MkDocs hook, an adapter: hands MkDocs the site plan archivo_actas makes; the plan travels in the build's config."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from urllib.parse import urlsplit

from filelock import FileLock, Timeout
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from archivo_actas.modelo.archive import load_archive
from archivo_actas.modelo.build import Build
from archivo_actas.modelo.dates import build_date
from archivo_actas.sitio.environment import fill_blocks
from archivo_actas.sitio.history import read_history, repository
from archivo_actas.sitio.integrity import lost
from archivo_actas.sitio.pagefind import build_search_index
from archivo_actas.sitio.plan import SitePlan, failed_plan, plan_site

log = logging.getLogger("mkdocs.hooks.archivo")

# The key of the plan in MkDocs' config: each build (and each rebuild under 'mkdocs serve') has its own config.
PLAN = "archivo_actas"
LOCK = "archivo_actas_cerrojo"
# MkDocs imports this hook again for every rebuild under 'mkdocs serve': the command is kept in the process environment.
SERVING = "ARCHIVO_ACTAS_SIRVIENDO"


def on_startup(command, dirty):
    """Under 'mkdocs serve', an invalid archive is shown as a page in the browser instead of stopping the server."""
    os.environ[SERVING] = "1" if command == "serve" else ""


def on_config(config):
    """Load and validate the archive and plan the site; any problem stops the build with the validator's messages."""
    if not config.use_directory_urls:
        raise PluginError("El archivo usa direcciones de carpeta (/actas/AAAA-MM-DD/): "
                          "deje 'use_directory_urls' activado.")
    archive = load_archive(Path(config.config_file_path).parent)
    if archive.problems:
        serving = bool(os.environ.get(SERVING))
        for problem in archive.problems:
            # Under serve, an error would stop the strict build: the browser shows them instead.
            (log.info if serving else log.error)(str(problem))
        if not serving:
            raise PluginError(
                f"{len(archive.problems)} problema(s) en las actas o el registro. "
                "Corrija cada línea indicada; 'python scripts/validar_actas.py' muestra la misma lista."
            )
        config[PLAN] = failed_plan(archive.problems)
        return config
    root = Path(config.config_file_path).parent
    # Not Material's repo_url: its header would ask GitHub's API for the repository's figures on every page.
    history, repo = read_history(root), repository(root)
    config[PLAN] = plan_site(Build.of(archive, build_date(), config.site_url or "", history, repo))
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
    # The lock lives as long as this build's config: a build that fails lets it go with its config.
    config[LOCK] = lock


def _nav_pages(items) -> list[str]:
    """The Markdown files named in mkdocs.yml's nav, at any depth."""
    found = []
    for item in items:
        for value in (item.values() if isinstance(item, dict) else [item]):
            found += _nav_pages(value) if isinstance(value, list) else [value] if str(value).endswith(".md") else []
    return found


def on_files(files: Files, config) -> Files:
    """Add every generated page, data file and original document, in memory."""
    plan: SitePlan = config[PLAN]
    if plan.problems:
        # Every page the navigation names but the archive would generate shows the problems too.
        for src_uri in _nav_pages(config.nav or []):
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=plan.error_page))
        return files
    for src_uri, page in plan.pages.items():
        files.append(File.generated(config, src_uri, content=page.markdown))
    for path, content in plan.files.items():
        files.append(File.generated(config, path, content=content))
    for path, original in plan.originals.items():
        files.append(File.generated(config, path, abs_src_path=str(original)))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    """The home page's own text, followed by the archive at a glance (under serve with problems: the problems)."""
    plan: SitePlan = config[PLAN]
    if plan.problems:
        return plan.error_page
    if page.file.src_uri == "index.md":
        return markdown + "\n" + plan.home.markdown
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    """Put the finished HTML blocks of a generated page where Markdown left their markers."""
    plan: SitePlan = config[PLAN]
    src_uri = page.file.src_uri
    rendered = plan.home if src_uri == "index.md" else plan.pages.get(src_uri)
    return fill_blocks(html, rendered.blocks) if rendered else html


def on_page_context(context, page, config, nav):
    """An acta's page carries its meeting as schema.org JSON-LD."""
    jsonld = config[PLAN].jsonld.get(page.file.src_uri)
    if jsonld is not None:
        page.meta["jsonld"] = jsonld
    return context


def on_post_build(config) -> None:
    """Check that nothing was lost, then index the built site for search (site/pagefind/), one result per acuerdo."""
    try:
        plan: SitePlan = config[PLAN]
        if plan.build is not None:
            _check_and_index(plan, Path(config.site_dir))
        if not config.site_url:
            # A sitemap lists full addresses: without SITE_URL, MkDocs would publish one with none in it.
            for name in ("sitemap.xml", "sitemap.xml.gz"):
                (Path(config.site_dir) / name).unlink(missing_ok=True)
    finally:
        config[LOCK].release()


def _check_and_index(plan: SitePlan, site_dir: Path) -> None:
    losses = lost(plan.build, site_dir)
    if losses:
        for loss in losses:
            log.error(loss)
        raise PluginError(f"La construcción perdió {len(losses)} dato(s) de las actas: el sitio no se publica así.")
    stats = build_search_index(site_dir, list(plan.records))
    log.info(f"Búsqueda: {stats.pages} páginas y {stats.records} acuerdos indexados "
             f"({stats.bytes / 1024:.0f} KB en pagefind/)")
