"""Who said what, as open data: one record per intervention and speaker, in JSON and in CSV."""

from __future__ import annotations

import csv
import io

from ..modelo import wording
from ..modelo.build import Build
from .fields import DATA_DIR, INTERVENTIONS_HEADER


def records(build: Build, url) -> list[dict]:
    """Every intervention of every acta, once per speaker, in reading order; url makes a site address absolute."""
    registry = build.registry
    out = []
    for acta in build.archive.actas:
        for said in acta.interventions:
            for speaker in said.speakers:
                name = (registry.people[speaker.person].name if speaker.person
                        else registry.institutions[speaker.institution].label(acta.date))
                out.append({
                    "acta": acta.slug, "punto": said.anchor, "person_id": speaker.person,
                    "organization_id": speaker.institution, "nombre": name, "como": said.role,
                    "texto": said.text, "url": url(wording.intervention_url(acta.slug, said.anchor)),
                })
    return out


def files(build: Build, url, as_json, spreadsheet_safe) -> dict[str, str]:
    """intervenciones.json and intervenciones.csv (UTF-8 with BOM; no cell is run as a formula)."""
    rows = records(build, url)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(INTERVENTIONS_HEADER)
    for row in rows:
        writer.writerow([spreadsheet_safe(row[key] or "") for key in INTERVENTIONS_HEADER])
    description = (f"Intervenciones atribuidas en las actas de la {wording.MESA_NAME}: quién dijo cada pasaje de la "
                   "narración, una vez por persona o institución.")
    return {
        f"{DATA_DIR}/intervenciones.json": as_json({"descripcion": description, "intervenciones": rows}),
        f"{DATA_DIR}/intervenciones.csv": "\ufeff" + buffer.getvalue(),
    }
