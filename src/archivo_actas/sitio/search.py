"""What search finds besides pages: one record per acuerdo, linking to its citable anchor in the tracker."""

from __future__ import annotations

from dataclasses import dataclass

from ..modelo import dates, wording
from ..modelo.build import Build
from ..modelo.vocabulary import STATUSES
from ..modelo.wording import deadline_text, responsible_name

LANGUAGE = "es"


@dataclass(frozen=True)
class Record:
    """A search result that is not a page: one acuerdo, shown as its own result."""

    url: str
    content: str
    title: str
    filters: dict[str, list[str]]
    language: str = LANGUAGE


def acuerdo_records(build: Build) -> list[Record]:
    """One record per acuerdo: its text, responsables, plazo and acta, linking to /acuerdos/#AAAA-MM-DD-N."""
    records = []
    registry = build.registry
    for entry in build.indexes.acuerdos:
        acuerdo, acta = entry.acuerdo, entry.acta
        responsables = [responsible_name(registry, r, acta.date) for r in acuerdo.responsibles or ()]
        content = " ".join([
            # Its own sentence: the excerpt does not run it into "Responsable".
            acuerdo.text if acuerdo.text.rstrip().endswith((".", "?", "!")) else f"{acuerdo.text.rstrip()}.",
            f"Responsable: {'; '.join(responsables) or 'no consta'}.",
            f"Plazo: {deadline_text(acuerdo.deadline)}.",
            f"Estado: {STATUSES[acuerdo.status]}.",
            f"Acuerdo N° {acuerdo.number} del acta del {dates.long_date(acta.date)}: {acta.title}.",
        ])
        records.append(Record(
            url="/" + wording.acuerdo_url(entry.anchor),
            content=content,
            title=f"Acuerdo N° {acuerdo.number} del {dates.long_date(acta.date)}",
            filters={"tipo": ["acuerdo"], "año": [str(acta.date.year)]},
        ))
    return records
