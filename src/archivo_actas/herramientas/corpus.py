"""A synthetic archive for measuring: N valid actas of realistic Spanish, a registry, deterministic for a seed."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import shutil
from collections import Counter
from pathlib import Path

import yaml
from slugify import slugify

from ..modelo.vocabulary import GROUPS

NAMES = ("Ana", "Beatriz", "Carla", "Daniela", "Elena", "Francisca", "Gabriela", "Isabel", "Javiera", "Karina",
         "Lorena", "María José", "Natalia", "Olga", "Paula", "Rocío", "Sofía", "Teresa", "Valentina", "Ximena",
         "Andrés", "Benjamín", "Cristián", "Diego", "Esteban", "Felipe", "Gonzalo", "Héctor", "Ignacio", "Joaquín",
         "Luis", "Matías", "Nicolás", "Óscar", "Pablo", "Rodrigo", "Sebastián", "Tomás", "Vicente", "Álvaro")
SURNAMES = ("Aguilar", "Bravo", "Castro", "Díaz", "Espinoza", "Fuentes", "González", "Herrera", "Ibáñez", "Jara",
            "Lagos", "Muñoz", "Núñez", "Ortiz", "Pérez", "Quiroz", "Riquelme", "Soto", "Torres", "Urrutia", "Valdés",
            "Yáñez", "Zúñiga", "Sepúlveda", "Contreras", "Rojas", "Vergara", "Carrasco", "Sandoval", "Cárdenas", "Peña",
            "Gutiérrez")
INSTITUTION_KINDS = (
    ("Ministerio de", "gobierno", ("Salud", "Educación", "Energía", "Minería", "Hacienda", "Justicia", "Vivienda",
                                   "Transportes", "Ciencia", "Cultura", "Agricultura", "Obras Públicas",
                                   "Desarrollo Social", "Economía")),
    ("Servicio Nacional de", "gobierno", ("Aduanas", "Pesca", "Turismo", "Geología", "Capacitación", "Patrimonio",
                                          "Menores")),
    ("Subsecretaría de", "gobierno", ("Desarrollo Regional", "Telecomunicaciones", "Previsión Social",
                                      "Evaluación Social")),
    ("Fundación", "sociedad_civil", ("Ciudadanía Activa", "Datos Abiertos", "Transparencia Local", "Espacio Público",
                                     "Participa", "Horizonte", "Observatorio Fiscal", "Democracia Viva")),
    ("Red de", "sociedad_civil", ("Organizaciones Comunitarias", "Juntas de Vecinos", "Voluntariado",
                                  "Periodismo de Datos")),
    ("Universidad de", "academia", ("Santiago", "Valparaíso", "Concepción", "La Frontera", "Talca", "Los Lagos",
                                    "Magallanes")),
    ("Centro de Estudios", "academia", ("Públicos", "de Políticas", "Regionales", "del Estado")),
    ("Programa", "organismo_internacional", ("Regional de Gobernanza", "Interamericano de Integridad",
                                             "Andino de Datos")),
    ("Consejo", "organismo_autonomo", ("Fiscal Autónomo", "para la Probidad Municipal", "de Auditoría Interna")),
)
CARGOS = ("asesora", "asesor", "representante", "Jefa de División", "Jefe de Gabinete", "Coordinadora", "Coordinador",
          "Directora Ejecutiva", "Director Ejecutivo", "Secretaria Ejecutiva", "investigadora", "investigador",
          "encargada de transparencia")
TOPICS = ("el Plan de Acción de Gobierno Abierto", "la consulta pública de compromisos", "el monitoreo de compromisos",
          "la Semana de Gobierno Abierto", "la hoja de ruta de Estado Abierto", "los datos abiertos municipales",
          "la participación ciudadana en regiones", "el informe del Mecanismo de Revisión Independiente",
          "la estrategia de difusión", "la cocreación con la sociedad civil", "el presupuesto para gobierno abierto",
          "la agenda de integridad pública", "los gobiernos locales", "la transparencia en compras públicas")
VERBS = ("Enviar", "Preparar", "Revisar", "Coordinar", "Publicar", "Convocar", "Sistematizar", "Difundir", "Proponer",
         "Elaborar")
OBJECTS = ("el cronograma de trabajo", "un borrador de términos de referencia", "los comentarios de la Mesa",
           "la metodología de seguimiento", "una propuesta de presupuesto", "el informe de avance",
           "la minuta de la reunión", "las bases de la convocatoria", "el mapa de iniciativas",
           "el calendario de talleres regionales")
OPENINGS = ("La Secretaría Ejecutiva presenta", "La representante de la academia comenta",
            "El representante de la sociedad civil señala", "Los integrantes de la Mesa consideran",
            "Desde la Comisión se informa", "La Mesa acuerda revisar", "Se propone", "Se destaca", "Se menciona",
            "Se consulta sobre")
CLAUSES = ("que es necesario fortalecer la coordinación entre los servicios públicos",
           "que los plazos comprometidos deben revisarse con las instituciones responsables",
           "la importancia de contar con indicadores que permitan a la ciudadanía revisar los avances",
           "que la participación en regiones requiere recursos y planificación anticipada",
           "que los compromisos inconclusos podrían integrarse en el siguiente Plan de Acción",
           "la necesidad de institucionalizar el gobierno abierto más allá de cada administración",
           "que las comunicaciones con los integrantes de la Mesa deben ser más fluidas y oportunas",
           "que se trabajará en una propuesta que será enviada para comentarios antes de la próxima sesión",
           "el interés de las organizaciones en participar en la cocreación de los compromisos",
           "que las instituciones públicas deben recibir acompañamiento para implementar sus compromisos")
# Real comunas of Chile, one word each, none a word found elsewhere in this corpus nor the start of one: the corpus's
# rare words. Each acta names one, the first far more often than the last (weights 1/rank, like real text).
COMUNAS = ("Pichidegua", "Camarones", "Putre", "Huara", "Camiña", "Colchane", "Mejillones", "Taltal", "Tocopilla",
           "Calama", "Ollagüe", "Chañaral", "Caldera", "Copiapó", "Vallenar", "Freirina", "Huasco", "Coquimbo",
           "Andacollo", "Paihuano", "Vicuña", "Illapel", "Salamanca", "Ovalle", "Combarbalá", "Punitaqui", "Quilpué",
           "Concón", "Puchuncaví", "Quintero", "Zapallar", "Papudo", "Petorca", "Putaendo", "Catemu", "Panquehue",
           "Llaillay", "Limache", "Olmué", "Algarrobo", "Hijuelas", "Tiltil", "Pirque", "Paine", "Talagante",
           "Peñaflor", "Curacaví", "Melipilla", "Alhué", "Rancagua", "Codegua", "Coinco", "Coltauco", "Doñihue",
           "Graneros", "Machalí", "Malloa", "Mostazal", "Peumo", "Rengo", "Requínoa", "Pichilemu", "Marchihue",
           "Paredones", "Litueche", "Chimbarongo", "Lolol", "Nancagua", "Peralillo", "Pumanque", "Curicó", "Hualañé",
           "Licantén", "Rauco", "Romeral", "Vichuquén", "Curepto", "Pelarco", "Pencahue", "Cauquenes", "Chanco",
           "Pelluhue", "Linares", "Colbún", "Longaví", "Chillán", "Cobquecura", "Coelemu", "Coihueco", "Ninhue",
           "Pemuco", "Portezuelo", "Quillón", "Quirihue", "Ránquil", "Treguaco", "Yungay", "Chiguayante", "Hualqui",
           "Penco", "Hualpén", "Curanilahue", "Contulmo", "Tirúa", "Antuco", "Mulchén", "Quilaco", "Quilleco",
           "Tucapel", "Yumbel", "Carahue", "Curarrehue", "Galvarino", "Gorbea", "Loncoche", "Melipeuco", "Perquenco",
           "Pitrufquén", "Toltén", "Vilcún", "Collipulli", "Curacautín", "Ercilla", "Lonquimay", "Lumaco", "Renaico",
           "Traiguén", "Paillaco", "Panguipulli", "Futrono", "Purranque", "Puyehue", "Calbuco", "Cochamó",
           "Frutillar", "Llanquihue", "Maullín", "Chonchi", "Dalcahue", "Puqueldón", "Queilén", "Quellón", "Quemchi",
           "Quinchao", "Chaitén", "Futaleufú", "Hualaihué", "Coyhaique", "Timaukel")
COMUNA_WEIGHTS = tuple(1 / rank for rank in range(1, len(COMUNAS) + 1))


def _copy_project(source: Path, target: Path) -> None:
    """Everything the site needs except the actas and the registry."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "pyproject.toml", "requirements.lock", "README.md"):
        if (source / name).exists():
            shutil.copy(source / name, target / name)
    for folder in ("docs", "hooks", "src", "scripts"):
        if (source / folder).exists():
            shutil.copytree(source / folder, target / folder, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))


class CorpusWriter:
    """Writes a synthetic archive of n actas with about n/4 people and n/15 institutions."""

    def __init__(self, n: int, seed: int = 1):
        self.n = n
        self.rng = random.Random(seed)
        self.institutions = self._institutions(max(3, n // 15))
        self.people = self._people(max(6, n // 4))
        # Filled by write(): in how many actas each comuna is named, and each person (by id) attends.
        self.comunas: Counter[str] = Counter()
        self.attendance: Counter[str] = Counter()

    def _institutions(self, count: int) -> list[dict]:
        rng, out, seen = self.rng, [], set()
        while len(out) < count:
            prefix, sector, subjects = rng.choice(INSTITUTION_KINDS)
            name = f"{prefix} {rng.choice(subjects)}"
            if name in seen:
                name = f"{name} {len(out) + 1}"
            seen.add(name)
            entry = {"id": slugify(name), "nombre": name, "sector": sector}
            if prefix.startswith(("Ministerio", "Servicio", "Subsecretaría")):
                entry["sigla"] = "".join(w[0] for w in name.split() if w[0].isupper()) + str(len(out))
            if rng.random() < 0.2:
                old = f"{name.split()[0]} de {rng.choice(('Probidad', 'Modernización', 'Transparencia'))} {len(out)}"
                since = dt.date(2005 + rng.randrange(8), 1 + rng.randrange(12), 1)
                entry["nombres"] = [{"nombre": old, "desde": since, "hasta": since + dt.timedelta(days=900)},
                                    {"nombre": name, "desde": since + dt.timedelta(days=901)}]
            out.append(entry)
        return out

    def _people(self, count: int) -> list[dict]:
        """People with a short name as alias when no one else has it (an alias names one person only)."""
        rng, out, seen = self.rng, [], set()
        while len(out) < count:
            name = f"{rng.choice(NAMES)} {rng.choice(SURNAMES)} {rng.choice(SURNAMES)}"
            if slugify(name) in seen:
                continue
            seen.add(slugify(name))
            out.append({"id": slugify(name), "nombre": name, "alias": [],
                        "_institution": rng.choice(self.institutions)["id"]})
        shorts: dict[str, list[dict]] = {}
        for person in out:
            shorts.setdefault(slugify(person["nombre"].rsplit(" ", 1)[0]), []).append(person)
        for number, person in enumerate(out):
            short = person["nombre"].rsplit(" ", 1)[0]
            if len(shorts[slugify(short)]) == 1 and slugify(short) not in seen:
                person["alias"].append(short)
            person["alias"].append("".join(w[0] for w in person["nombre"].split()).upper() + str(number))
        return out

    def _sentence(self) -> str:
        rng = self.rng
        return f"{rng.choice(OPENINGS)} {rng.choice(CLAUSES)}, en el contexto de {rng.choice(TOPICS)}."

    def _body(self, tabla: list[str]) -> str:
        """A narrative of 8 to 15 KB: numbered points, each with a few paragraphs; the first names a comuna."""
        rng, parts = self.rng, ["## Desarrollo", ""]
        target = rng.randrange(8_500, 14_500)
        comuna = rng.choices(COMUNAS, weights=COMUNA_WEIGHTS)[0]
        self.comunas[comuna] += 1
        mention = f" Se informa sobre el taller realizado en la comuna de {comuna}."
        point = 0
        while True:
            title = tabla[point] if point < len(tabla) else f"Otros temas ({point + 1})"
            point += 1
            heading = f"### {point}. {title.rstrip('.')}"
            for _ in range(rng.randrange(2, 5)):
                paragraph = " ".join(self._sentence() for _ in range(rng.randrange(3, 7))) + mention
                mention = ""
                text = "\n".join(parts + [heading, "", paragraph])
                if len(text.encode("utf-8")) > target:
                    return "\n".join(parts).rstrip() + "\n"
                if heading:
                    parts += [heading, ""]
                    heading = ""
                parts += [paragraph, ""]

    def _acta(self, index: int, date: dt.date, slug: str, original: str, sha: str) -> str:
        rng = self.rng
        attendees: dict[str, list[dict]] = {}
        for person in rng.sample(self.people, k=min(len(self.people), rng.randrange(6, 16))):
            group = rng.choices(list(GROUPS)[:3], weights=(5, 1, 3))[0]
            entry = {"persona": person["id"], "cargo": rng.choice(CARGOS), "institucion": person["_institution"]}
            attendees.setdefault(group, []).append(entry)
            self.attendance[person["id"]] += 1
        if rng.random() < 0.1:
            attendees.setdefault("sin_grupo", []).append({"institucion": rng.choice(self.institutions)["id"]})
        tabla = [f"{topic[0].upper()}{topic[1:]}." for topic in rng.sample(TOPICS, k=rng.randrange(2, 6))]
        acuerdos = []
        for _ in range(rng.randrange(3, 7)):
            kind = rng.random()
            if kind < 0.45:
                plazo = "a la brevedad"
            elif kind < 0.7:
                plazo = date + dt.timedelta(days=rng.randrange(7, 90))
            elif kind < 0.85:
                plazo = {"hasta": date + dt.timedelta(days=rng.randrange(7, 90))}
            elif kind < 0.95:
                plazo = "por definir"
            else:
                plazo = None
            responsable = ([{"institucion": rng.choice(self.institutions)["id"]}] if rng.random() < 0.7
                           else [{"persona": rng.choice(self.people)["id"]}])
            acuerdos.append({"texto": f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} sobre {rng.choice(TOPICS)}.",
                             "responsable": responsable, "plazo": plazo})
        author = rng.choice(self.people)
        front = {
            "fecha": date,
            "titulo": f"Reunión Mesa de Gobierno Abierto N° {index + 1}",
            "inicio": "15:00",
            "termino": rng.choice(("16:30", "17:00", "17:30")),
            "lugar": rng.choice(("Edificio Bicentenario, Teatinos 92, piso 9", "CEPAL", "Laboratorio de Gobierno",
                                 None)),
            "asistentes": attendees,
            "tabla": tabla,
            "acuerdos": acuerdos,
            "proxima_reunion": {"fecha": "por definir", "nota": "No se fija fecha de próxima reunión."},
            "redactada_por": [{"persona": author["id"], "firma": author["alias"][-1]}],
            "fuente": {"archivo": original, "sha256": sha, "tipo": "texto", "notas": []},
        }
        header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10_000)
        return f"---\n{header}---\n\n{self._body(tabla)}"

    def write(self, source: Path, target: Path) -> None:
        """Copy the project from source to target, with this corpus as its actas and registry."""
        _copy_project(source, target)
        actas = target / "actas"
        if actas.exists():
            shutil.rmtree(actas)
        (actas / "registro").mkdir(parents=True)
        (actas / "originales").mkdir()
        people = [{k: v for k, v in p.items() if not k.startswith("_")} for p in self.people]
        (actas / "registro" / "personas.yml").write_text(
            yaml.safe_dump(people, allow_unicode=True, sort_keys=False), encoding="utf-8")
        (actas / "registro" / "instituciones.yml").write_text(
            yaml.safe_dump(self.institutions, allow_unicode=True, sort_keys=False), encoding="utf-8")
        start = dt.date(2005, 1, 3)
        step = max(1, 7300 // self.n)
        for index in range(self.n):
            date = start + dt.timedelta(days=index * step)
            slug = date.isoformat()
            original = f"{slug}.txt"
            text = f"Acta de la reunión del {slug} (documento original sintético para medir el archivo).\n"
            (actas / "originales" / original).write_text(text, encoding="utf-8")
            sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
            (actas / f"{slug}.md").write_text(self._acta(index, date, slug, original, sha), encoding="utf-8")

