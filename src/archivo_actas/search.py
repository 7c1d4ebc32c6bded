"""The search index: Pagefind over the built site, plus one record per acuerdo that links to its citable anchor."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from . import dates, urls
from .indexes import Indexes
from .registry import Registry
from .render import deadline_text
from .vocabulary import STATUSES

LANGUAGE = "es"
BUNDLE_DIR = "pagefind"


@dataclass(frozen=True)
class Record:
    """A search result that is not a page: one acuerdo, shown as its own result."""

    url: str
    content: str
    title: str
    filters: dict[str, list[str]]


def acuerdo_records(indexes: Indexes, registry: Registry) -> list[Record]:
    """One record per acuerdo: its text, responsables, plazo and acta, linking to /acuerdos/#AAAA-MM-DD-N."""
    records = []
    for entry in indexes.acuerdos:
        acuerdo, acta = entry.acuerdo, entry.acta
        responsables = []
        for r in acuerdo.responsibles or ():
            if r.person:
                responsables.append(registry.people[r.person].name)
            if r.text:
                responsables.append(r.text)
            if r.institution:
                responsables.append(registry.institutions[r.institution].label(acta.date))
        content = " ".join([
            acuerdo.text,
            f"Responsable: {'; '.join(responsables) or 'no consta'}.",
            f"Plazo: {deadline_text(acuerdo.deadline)}.",
            f"Estado: {STATUSES[acuerdo.status]}.",
            f"Acuerdo N° {acuerdo.number} del acta del {dates.long_date(acta.date)}: {acta.title}.",
        ])
        records.append(Record(
            url=f"/{urls.ACUERDOS_URL}#{entry.anchor}",
            content=content,
            title=f"Acuerdo N° {acuerdo.number} del {dates.long_date(acta.date)}",
            filters={"tipo": ["acuerdo"], "año": [str(acta.date.year)]},
        ))
    return records


@dataclass(frozen=True)
class IndexStats:
    """What the index holds and weighs."""

    pages: int
    records: int
    bytes: int


async def _build(site_dir: Path, records: list[Record]) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    # The ¶ permalinks of headings are not words of the page.
    config = IndexConfig(output_path=str(site_dir / BUNDLE_DIR), exclude_selectors=[".headerlink"])
    async with PagefindIndex(config=config) as index:
        added = await index.add_directory(str(site_dir))
        for record in records:
            await index.add_custom_record(url=record.url, content=record.content, language=LANGUAGE,
                                          meta={"title": record.title}, filters=record.filters)
        await index.write_files()
    return added["page_count"]


def build_search_index(site_dir: Path, records: list[Record]) -> IndexStats:
    """Index every page of the built site that marks a data-pagefind-body, and the records; write site/pagefind/."""
    pages = asyncio.run(_build(site_dir, records))
    size = sum(f.stat().st_size for f in (site_dir / BUNDLE_DIR).rglob("*") if f.is_file())
    return IndexStats(pages=pages, records=len(records), bytes=size)
