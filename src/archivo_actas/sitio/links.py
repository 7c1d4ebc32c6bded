"""Names and links as the templates print them; each link is relative to the page being rendered ('here')."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from jinja2 import pass_context
from markupsafe import Markup, escape

from ..modelo import dates, wording
from ..modelo.build import Build
from ..modelo.indexes import AcuerdoEntry
from ..modelo.model import Acta, Responsible


@dataclass(frozen=True)
class Links:
    """The template globals that name and link people, institutions, actas and acuerdos of one build."""

    build: Build
    # What a link prints depends on the page only by how deep it is: people's pages (all at the same depth) print
    # the same link to an acta, a person or an institution, made once per depth.
    _made: dict = field(default_factory=dict, compare=False, repr=False)

    def globals(self) -> dict:
        """Everything a page template may call, by the name it calls it."""
        return dict(
            person_name=self.person_name, institution_name=self.institution_name, deadline=wording.deadline_text,
            link=self.link, person_link=self.person_link, institution_link=self.institution_link,
            acta_link=self.acta_link, responsible=self.responsible, acuerdo_link=self.acuerdo_link,
            acuerdo_anchor=wording.acuerdo_anchor, today=self.build.today, narrative=self.narrative,
        )

    def person_name(self, person_id: str) -> str:
        return self.build.registry.people[person_id].name

    def institution_name(self, institution_id: str, when: dt.date | None = None) -> str:
        """The institution's name in use on a date (its current name without one), with its acronym."""
        return self.build.registry.institutions[institution_id].label(when)

    @pass_context
    def link(self, context, target: str, text: str) -> Markup:
        return Markup(f'<a href="{escape(wording.href(context["here"], target))}">{escape(text)}</a>')

    def _once(self, context, key: tuple, make) -> Markup:
        """A link to another page (the same for every page at this depth), made the first time it is asked for."""
        key = (context["here"].count("/"), *key)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = make()
        return made

    @pass_context
    def person_link(self, context, person_id: str) -> Markup:
        return self._once(context, ("persona", person_id), lambda: self._person_link(context, person_id))

    def _person_link(self, context, person_id: str) -> Markup:
        entry = self.build.indexes.people[person_id]
        return self.link(context, wording.person_url(entry.slug), entry.person.name)

    @pass_context
    def institution_link(self, context, institution_id: str, when: dt.date | None = None) -> Markup:
        """The institution by the name it had that day, and its current name beside it when it has changed."""
        name = self.institution_name(institution_id, when)
        note = wording.current_name_note(self.build.registry, institution_id, when) if when else None
        return self._once(context, ("institucion", institution_id, name, note),
                          lambda: self._institution_link(context, institution_id, name, note))

    def _institution_link(self, context, institution_id: str, name: str, note: str | None) -> Markup:
        entry = self.build.indexes.institutions[institution_id]
        shown = self.link(context, wording.institution_url(entry.slug), name)
        return shown + Markup(' <small class="nombre-actual">({})</small>').format(note) if note else shown

    @pass_context
    def acta_link(self, context, acta: Acta, text: str | None = None) -> Markup:
        return self._once(context, ("acta", acta.slug, text),
                          lambda: self.link(context, wording.acta_url(acta.slug), text or dates.long_date(acta.date)))

    @pass_context
    def acuerdo_link(self, context, entry: AcuerdoEntry, text: str | None = None) -> Markup:
        label = text or f"{dates.long_date(entry.acta.date)}, N° {entry.acuerdo.number}"
        return self.link(context, wording.acuerdo_url(entry.anchor), label)

    @pass_context
    def responsible(self, context, responsible: Responsible, when: dt.date) -> Markup:
        """The responsable as wording.responsible_name says it, with the person and the institution linked."""
        shown = {"persona": lambda: self.person_link(context, responsible.person),
                 "texto": lambda: escape(responsible.text),
                 "institucion": lambda: self.institution_link(context, responsible.institution, when)}
        own = Markup(", ").join(shown[kind]() for kind, _id in wording.responsible_parts(responsible))
        if not responsible.members:
            return own
        members = [self.responsible(context, member, when) for member in responsible.members]
        return own + escape(wording.MEMBERS_INTRO) + Markup(wording.spanish_list([str(m) for m in members]))

    @pass_context
    def narrative(self, context, acta: Acta, index: int) -> Markup:
        """A fragment of the narrative, as cleaned, with each intervention marked and followed by who made it."""
        text = acta.narrative[index].html
        out, at = [], 0
        for said in (i for i in acta.interventions if i.fragment == index):
            who = Markup(", ").join(self.person_link(context, s.person) if s.person
                                    else self.institution_link(context, s.institution) for s in said.speakers)
            out += [Markup(text[at:said.start]), Markup('<span class="intervencion" id="{}">').format(said.anchor),
                    Markup(said.html), Markup('</span> <span class="intervencion-quien">— {}</span>').format(who)]
            at = said.end
        out.append(Markup(text[at:]))
        return Markup("").join(out)

