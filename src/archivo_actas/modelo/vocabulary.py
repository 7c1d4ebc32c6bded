"""Every allowed value of the archive, with the Spanish label a reader sees; the one place to change them."""

from __future__ import annotations

# Attendee groups, in the order pages show them.
GROUPS: dict[str, str] = {
    "miembros": "Miembros de la Mesa",
    "secretaria_actas": "Secretaría de actas",
    "otros": "Otros asistentes",
    "sin_grupo": "Asistentes sin grupo en la fuente",
}

# How certain the meeting date is.
DATE_CERTAINTY: dict[str, str] = {
    "exacta": "fecha de la reunión según la fuente",
    "elaboracion": "fecha de elaboración del acta; la de la reunión no consta",
    "estimada": "fecha estimada a partir de la fuente",
}

# Status of an acuerdo. The sources never state one: 'sin_registro' is the default.
STATUSES: dict[str, str] = {
    "sin_registro": "Sin registro",
    "en_curso": "En curso",
    "cumplido": "Cumplido",
    "incumplido": "No cumplido",
    "descartado": "Descartado",
}
DEFAULT_STATUS = "sin_registro"

# Deadlines written as words rather than dates.
DEADLINE_WORDS: dict[str, str] = {
    "a la brevedad": "A la brevedad",
    "por definir": "Por definir",
}

# Next meeting written as words rather than a date.
NEXT_MEETING_WORDS: dict[str, str] = {
    "por definir": "Por definir",
}

# Kind of original document an acta was curated from.
SOURCE_KINDS: dict[str, str] = {
    "texto": "texto extraído del documento original",
    "ocr": "texto obtenido por reconocimiento óptico (OCR) de un documento escaneado",
}

# Sector of an institution.
SECTORS: dict[str, str] = {
    "gobierno": "Gobierno",
    "organismo_autonomo": "Organismo autónomo del Estado",
    "sociedad_civil": "Sociedad civil",
    "academia": "Academia",
    "organismo_internacional": "Organismo internacional",
}

MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)
WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")

# Largest acta or registry file accepted, in bytes.
MAX_FILE_BYTES = 1_000_000

# Dates an archive value may hold: the registry names institutions since 1900; nothing is dated past 2099.
EARLIEST_DATE = "1900-01-01"
LATEST_DATE = "2099-12-31"

# Deepest nesting of lists and maps a front matter or registry file may have (an acta needs four).
MAX_YAML_DEPTH = 12

# Deepest nesting of quotes and lists a narrative may have (an acta needs three).
MAX_NESTING = 20
# Cells of one table in a narrative, counting those the renderer adds to complete short rows.
MAX_TABLE_CELLS = 5_000
