"""MkDocs hook: validates the archive and adds its generated pages; the work is done by archivo_actas."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from archivo_actas.archive import ORIGINALS_DIR, Archive, load_archive
from archivo_actas.render import site_pages

log = logging.getLogger("mkdocs.hooks.archivo")

_state: dict[str, Archive] = {}


def on_config(config):
    """Load and validate the archive; any problem stops the build with the validator's messages."""
    archive = load_archive(Path(config.config_file_path).parent)
    if archive.problems:
        for problem in archive.problems:
            log.error(str(problem))
        raise PluginError(
            f"{len(archive.problems)} problema(s) en las actas o el registro. "
            "Corrija cada línea indicada; 'python scripts/validar_actas.py' muestra la misma lista."
        )
    _state["archive"] = archive
    return config


def on_files(files: Files, config) -> Files:
    """Add every acta page, the index pages and the original documents, generated in memory."""
    archive = _state["archive"]
    for src_uri, content in site_pages(archive).items():
        files.append(File.generated(config, src_uri, content=content))
    for acta in archive.actas:
        original = archive.root / ORIGINALS_DIR / acta.source.file
        files.append(File.generated(config, f"actas/originales/{acta.source.file}", abs_src_path=str(original)))
    return files
