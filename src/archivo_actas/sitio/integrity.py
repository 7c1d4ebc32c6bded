"""After a build, nothing lost: every acta has its page, every attendance and acuerdo is where readers look for it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..datos.fields import DATA_DIR
from ..modelo.build import Build

_ACTA_LINK = re.compile(r'href="[./]*actas/(\d{4}-\d{2}-\d{2}(?:-\d+)?)/"')


def _linked_actas(page: Path) -> set[str] | None:
    """The actas a built page links to; None when the page does not exist."""
    if not page.is_file():
        return None
    return set(_ACTA_LINK.findall(page.read_text(encoding="utf-8")))


def lost(build: Build, site: Path) -> list[str]:
    """What the built site lost, one Spanish sentence per loss; empty when nothing."""
    archive, indexes = build.archive, build.indexes
    losses = []
    for acta in archive.actas:
        if not (site / "actas" / acta.slug / "index.html").is_file():
            losses.append(f"{acta.path}: el acta no produjo su página actas/{acta.slug}/")
    for entry in indexes.people.values():
        expected = {a.acta.slug for a in entry.attendances}
        linked = _linked_actas(site / "personas" / entry.slug / "index.html")
        if linked is None:
            losses.append(f"falta la página de {entry.person.name} (personas/{entry.slug}/)")
        for slug in sorted(expected - (linked or set())):
            losses.append(f"actas/{slug}.md: la asistencia de {entry.person.name} no aparece en personas/{entry.slug}/")
    for entry in indexes.institutions.values():
        expected = {a.acta.slug for a in entry.attendances if a.attendee.person is None}
        linked = _linked_actas(site / "instituciones" / entry.slug / "index.html")
        if linked is None:
            losses.append(f"falta la página de {entry.institution.name} (instituciones/{entry.slug}/)")
        for slug in sorted(expected - (linked or set())):
            losses.append(f"actas/{slug}.md: la asistencia de {entry.institution.name} "
                          f"no aparece en instituciones/{entry.slug}/")
    for folder, entries in (("personas", [(e.slug, e.person) for e in indexes.people.values()]),
                            ("instituciones", [(e.slug, e.institution) for e in indexes.institutions.values()])):
        for slug, entry in entries:
            for old in entry.previous_ids:
                if not (site / folder / old / "index.html").is_file():
                    losses.append(f"la dirección anterior {folder}/{old}/ de {entry.name} "
                                  f"ya no lleva a {folder}/{slug}/")
    tracker = site / "acuerdos" / "index.html"
    anchors = set(re.findall(r'<tr id="([^"]+)"', tracker.read_text(encoding="utf-8"))) if tracker.is_file() else set()
    data = site / DATA_DIR / "acuerdos.json"
    exported = {a["id"] for a in json.loads(data.read_text(encoding="utf-8"))["acuerdos"]} if data.is_file() else set()
    for entry in indexes.acuerdos:
        acuerdo = f"actas/{entry.acta.slug}.md: el acuerdo N° {entry.acuerdo.number}"
        if entry.anchor not in anchors:
            losses.append(f"{acuerdo} no aparece en el seguimiento de acuerdos")
        if entry.anchor not in exported:
            losses.append(f"{acuerdo} no aparece en {DATA_DIR}/acuerdos.json")
    return losses + _lost_interventions(build, site)


def _lost_interventions(build: Build, site: Path) -> list[str]:
    """Each intervention is marked on its acta's page and quoted, with its link, on each speaker's page."""
    losses = []
    pages: dict[Path, str] = {}

    def read(page: Path) -> str:
        if page not in pages:
            pages[page] = page.read_text(encoding="utf-8") if page.is_file() else ""
        return pages[page]

    indexes = build.indexes
    for acta in build.archive.actas:
        if not (site / "actas" / acta.slug / "index.html").is_file():
            continue  # A missing acta page is one loss, reported once.
        for said in acta.interventions:
            where = f"actas/{acta.slug}.md: la intervención «{said.text[:40]}…»"
            if f'id="{said.anchor}"' not in read(site / "actas" / acta.slug / "index.html"):
                losses.append(f"{where} no está marcada en su página ({said.anchor})")
            for s in said.speakers:
                folder, slug = (("personas", indexes.people[s.person].slug) if s.person
                                else ("instituciones", indexes.institutions[s.institution].slug))
                if f'actas/{acta.slug}/#{said.anchor}"' not in read(site / folder / slug / "index.html"):
                    losses.append(f"{where} no aparece en {folder}/{slug}/")
    return losses
