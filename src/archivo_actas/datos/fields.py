"""What each open-data file holds, field by field, as the /datos/ page documents it; and the names they share."""

from __future__ import annotations

from ..modelo.vocabulary import DATE_CERTAINTY, GROUPS, SECTORS, STATUSES

MESA_ID = "mesa-de-gobierno-abierto"
DATA_DIR = "datos"
INTERVENTIONS_HEADER = ("acta", "punto", "person_id", "organization_id", "nombre", "como", "texto", "url")
CSV_HEADER = ("acta_fecha", "numero", "texto", "responsable_ids", "responsable_nombres", "plazo", "plazo_fecha",
              "estado", "url")

# Every field of every export, as the /datos/ page documents it.
FIELDS: dict[str, list[tuple[str, str]]] = {
    "actas.json → events[]": [
        ("id", "Identificador del acta: su fecha AAAA-MM-DD (con sufijo -2 si hubo dos reuniones el mismo día)."),
        ("name", "Título de la reunión."),
        ("classification", "Siempre «reunión»."),
        ("start_date", "Inicio: fecha y hora ISO 8601 en la hora de Chile (America/Santiago), "
                       "o solo la fecha si la hora no consta."),
        ("end_date", "Término, igual que start_date; null si no consta."),
        ("fecha_certeza",
         "Qué tan segura es la fecha: " + "; ".join(f"«{k}»: {v}" for k, v in DATE_CERTAINTY.items()) + "."),
        ("location", "Lugar; null si no consta."),
        ("organization_id", f"Siempre «{MESA_ID}»: la reunión es de la Mesa."),
        ("url", "Dirección de la página del acta."),
        ("tabla", "Puntos de la tabla, en orden."),
        ("acuerdos", "Identificadores de sus acuerdos (ver acuerdos.json)."),
        ("redactada_por", "Identificadores de las personas que redactaron el acta."),
        ("documento_original", "Nombre, suma SHA-256 y dirección del documento original."),
        ("encabezado", "El encabezado del acta tal como está escrito en actas/AAAA-MM-DD.md (valores como texto)."),
    ],
    "actas.json → memberships[]": [
        ("id", "Identificador de la asistencia: acta/grupo/posición."),
        ("event_id", "El acta (events[].id) de la reunión."),
        ("person_id", "La persona (personas.json); null si la fuente solo da la institución."),
        ("organization_id", "La institución (instituciones.json); null si la fuente no la da."),
        ("role", "Cargo, tal como lo escribe el acta."),
        ("on_behalf_of", "A quién representa, si el acta lo dice."),
        ("label", "Grupo en el acta: " + ", ".join(GROUPS.values()) + "."),
        ("grupo", "Clave del grupo: " + ", ".join(GROUPS) + "."),
        ("start_date", "Fecha de la reunión (igual a end_date: la asistencia dura la reunión)."),
        ("end_date", "Fecha de la reunión."),
        ("note", "Aclaración editorial, si la hay."),
    ],
    "acuerdos.json → acuerdos[]": [
        ("id", "Identificador citable AAAA-MM-DD-N: fecha del acta y número del acuerdo."),
        ("event_id", "El acta (actas.json)."),
        ("numero", "Número del acuerdo en su acta."),
        ("texto", "El acuerdo, tal como lo escribe el acta."),
        ("responsables", "Lista de responsables: person_id, organization_id, texto (las palabras del acta), "
                         "integrantes (quiénes forman el grupo que nombra texto, si el acta lo dice: person_id, "
                         "organization_id y nombre) y nombre. Vacía si no consta."),
        ("plazo", "tipo («fecha», «hasta», «a la brevedad», «por definir») y fecha; null si no consta."),
        ("estado", "Uno de: " + ", ".join(STATUSES) + ". "
                   "Las actas casi nunca lo informan: «sin_registro» no significa incumplido."),
        ("estado_nota", "Dónde consta el estado."),
        ("seguimiento", "Acuerdo anterior al que da seguimiento (id), si lo hay."),
        ("nota", "Aclaración editorial."),
        ("url", "Dirección citable del acuerdo en el seguimiento de acuerdos."),
    ],
    "acuerdos.csv": [
        ("acta_fecha", "Fecha del acta (AAAA-MM-DD)."),
        ("numero", "Número del acuerdo en su acta."),
        ("texto", "El acuerdo."),
        ("responsable_ids", "Identificadores de personas e instituciones responsables, separados por «; »."),
        ("responsable_nombres", "Sus nombres (o las palabras del acta), en el mismo orden."),
        ("plazo", "El plazo como se lee en el sitio («9 de noviembre de 2018», «A la brevedad», «No consta»)."),
        ("plazo_fecha", "La fecha del plazo AAAA-MM-DD, si es una fecha."),
        ("estado", "Estado registrado."),
        ("url", "Dirección citable del acuerdo."),
    ],
    "personas.json → persons[]": [
        ("id", "Identificador en el registro."),
        ("name", "Nombre canónico."),
        ("other_names", "Otras formas en que aparece en las actas, incluidas iniciales de firma (name)."),
        ("url", "Dirección de su página."),
        ("note", "Nota del registro."),
    ],
    "instituciones.json → organizations[]": [
        ("id", "Identificador en el registro."),
        ("name", "Nombre actual."),
        ("abbreviation", "Sigla actual."),
        ("classification", "Sector: " + ", ".join(SECTORS.values()) + "."),
        ("parent_id", "Institución de la que depende."),
        ("other_names", "Nombres anteriores y alias: name, start_date y end_date "
                        "(primera y última mención en las actas) y note."),
        ("url", "Dirección de su página."),
        ("note", "Nota del registro."),
    ],
    "intervenciones.json → intervenciones[] e intervenciones.csv": [
        ("acta", "El acta (su id en actas.json)."),
        ("punto", "El ancla del pasaje en la página del acta (intervencion-N, en orden de lectura)."),
        ("person_id", "La persona que lo dijo (personas.json); vacío si el acta solo nombra una institución."),
        ("organization_id", "La institución, cuando el acta le atribuye el pasaje a ella y no a una persona."),
        ("nombre", "El nombre de la persona, o el de la institución en la fecha del acta."),
        ("como", "Cómo nombra el acta a quien habla, tal como está escrito («La Secretaria Ejecutiva»)."),
        ("texto", "El pasaje completo, tal como está en el acta."),
        ("url", "Dirección del pasaje en la página del acta."),
    ],
}
