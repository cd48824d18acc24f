"""Questionnaires: templates, building, opening and closing, personal links, answers, publication, export,
and the feed of the Sociale Monitor (:func:`consultation_by_theme`).

Every write by a logged-in user checks ``access.require(user, "questionnaire.manage", gemeente)`` and
writes ``access.audit``; checks come first and each change is one transaction, so a refused change
leaves the database as it was. A respondent writes only through :func:`save_response`, authorised by
the personal link (no account); a second submission edits the same response.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from ..accounts.access import audit, require
from ..areas.models import AreaGroup
from ..errors import InputError, KernfotoError
from ..stats.catalogue import catalogue
from ..voices.services import MONTHS, personal_data_in
from .models import (
    Answer,
    Audience,
    DialogueSession,
    Invitation,
    Kind,
    Question,
    Questionnaire,
    Response,
    State,
)
from .privacy import new_token, plausible_token, redact, token_hash
from .results import questionnaire_results

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates_data"
MAX_INVITATIONS = 500
MAX_TEXT = 4000
LOCKED = ("Er zijn al antwoorden op deze vragenlijst. De vragen kunt u daarom niet meer wijzigen: dan kloppen "
          "de uitkomsten niet meer. Maak zo nodig een nieuwe vragenlijst.")
NOUNS = {Audience.PARTNERS: ("partner", "partners"), Audience.INWONERS: ("inwoner", "inwoners"),
         Audience.SLEUTELFIGUREN: ("sleutelfiguur", "sleutelfiguren")}


STATE_ACTIONS = {"openen": "questionnaire.open", "sluiten": "questionnaire.close", "heropenen": "questionnaire.reopen"}


class Closed(KernfotoError):
    """The questionnaire does not accept answers (not open yet, closed, or past its closing time)."""


def theme_labels() -> dict[str, str]:
    return {t.id: t.label for t in catalogue().themes}


def noun(questionnaire: Questionnaire, n: int) -> str:
    one, many = NOUNS.get(questionnaire.audience, ("deelnemer", "deelnemers"))
    return f"{n} {one if n == 1 else many}"


def dutch_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# --------------------------------------------------------------------------------------------- templates


@dataclass(frozen=True)
class TemplateQuestion:
    kind: str
    text: str
    short: str = ""
    help: str = ""
    theme: str = ""
    options: tuple[str, ...] = ()
    multiple: bool = False
    max_choices: int | None = None
    required: bool = False


@dataclass(frozen=True)
class Template:
    id: str
    title: str
    intro: str
    source: str
    audience: str
    min_responses: int
    themes: tuple[str, ...]
    questions: tuple[TemplateQuestion, ...]
    file: str


def load_template(path: Path | str) -> Template:
    """Read and check a questionnaire template (YAML); an error names the file, the question and the field."""
    path = Path(path)
    name = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"het sjabloon is niet te lezen: {exc}", file=name) from None
    if not isinstance(raw, dict):
        raise InputError("verwacht een sjabloon met titel en vragen", file=name)
    themes = theme_labels()

    def need(value, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise InputError("dit veld is leeg of geen tekst", file=name, column=where)
        return " ".join(value.split())

    def theme_ok(value, where: str) -> str:
        if value and value not in themes:
            raise InputError(f"onbekend thema {value!r}; bekende thema's: {', '.join(themes)}", file=name, column=where)
        return value or ""

    audience = raw.get("audience", Audience.PARTNERS)
    if audience not in Audience.values:
        raise InputError(f"onbekende doelgroep {audience!r}; kies {', '.join(Audience.values)}", file=name,
                         column="audience")
    questions = []
    for n, q in enumerate(raw.get("questions") or [], start=1):
        where = f"questions[{n}]"
        if not isinstance(q, dict):
            raise InputError("verwacht een vraag met kind en text", file=name, column=where)
        kind = q.get("kind")
        if kind not in Kind.values:
            raise InputError(f"onbekende soort vraag {kind!r}; kies {', '.join(Kind.values)}", file=name,
                             column=f"{where}.kind")
        options = tuple(need(o, f"{where}.options") for o in (q.get("options") or []))
        if kind == Kind.MEERKEUZE and len(options) < 2:
            raise InputError("een meerkeuzevraag heeft minstens twee keuzes", file=name, column=f"{where}.options")
        if len(set(options)) != len(options):
            raise InputError("een keuze staat er twee keer in", file=name, column=f"{where}.options")
        max_choices = q.get("max_choices")
        if max_choices is not None and (not isinstance(max_choices, int) or not 1 <= max_choices <= len(options)):
            raise InputError(f"max_choices moet een getal van 1 tot {len(options)} zijn", file=name,
                             column=f"{where}.max_choices")
        questions.append(TemplateQuestion(
            kind=kind, text=need(q.get("text"), f"{where}.text"), short=" ".join(str(q.get("short") or "").split()),
            help=" ".join(str(q.get("help") or "").split()), theme=theme_ok(q.get("theme"), f"{where}.theme"),
            options=options, multiple=bool(q.get("multiple")), max_choices=max_choices,
            required=bool(q.get("required", kind == Kind.STELLING))))
    if not questions:
        raise InputError("het sjabloon heeft geen vragen", file=name, column="questions")
    min_responses = raw.get("min_responses_to_publish", 5)
    if not isinstance(min_responses, int) or min_responses < 1:
        raise InputError("min_responses_to_publish moet een getal van 1 of meer zijn", file=name,
                         column="min_responses_to_publish")
    return Template(
        id=str(raw.get("id") or path.stem), title=need(raw.get("title"), "title"),
        intro=" ".join(str(raw.get("intro") or "").split()), source=" ".join(str(raw.get("source") or "").split()),
        audience=audience, min_responses=min_responses,
        themes=tuple(theme_ok(t, "themes") for t in (raw.get("themes") or [])), questions=tuple(questions), file=name)


def templates() -> list[Template]:
    """The bundled templates (``templates_data/*.yaml``), by title."""
    return sorted((load_template(p) for p in TEMPLATES_DIR.glob("*.yaml")), key=lambda t: t.title)


def get_template(template_id: str) -> Template:
    for t in templates():
        if t.id == template_id:
            return t
    raise KernfotoError(f"Er is geen voorbeeldvragenlijst “{template_id}”.")


def build_questionnaire(gemeente: str, *, title: str, intro: str = "", template: Template | None = None,
                        user=None, is_example: bool = False) -> Questionnaire:
    """Create a questionnaire (concept), with the questions of ``template`` if given. No access check:
    callers check (see :func:`create_questionnaire`); the demo example uses it directly."""
    with transaction.atomic():
        q = Questionnaire.objects.create(
            gemeente_id=gemeente, title=title, intro=intro or (template.intro if template else ""),
            audience=template.audience if template else Audience.PARTNERS,
            min_responses_to_publish=template.min_responses if template else 5,
            themes=list(template.themes) if template else [], source=template.source if template else "",
            created_by=user, is_example=is_example)
        for n, tq in enumerate(template.questions if template else (), start=1):
            Question.objects.create(questionnaire=q, order=n, kind=tq.kind, text=tq.text, short_label=tq.short,
                                    help_text=tq.help, theme=tq.theme, options=list(tq.options), multiple=tq.multiple,
                                    max_choices=tq.max_choices, required=tq.required)
    return q


def create_questionnaire(user, gemeente: str, *, title: str, template_id: str = "") -> Questionnaire:
    require(user, "questionnaire.manage", gemeente)
    template = get_template(template_id) if template_id else None
    title = " ".join((title or "").split()) or (template.title if template else "")
    if not title:
        raise KernfotoError("Geef de vragenlijst een titel.")
    with transaction.atomic():
        q = build_questionnaire(gemeente, title=title, template=template, user=user)
        audit(user, "questionnaire.create", gemeente=gemeente, obj=q, template=template.id if template else "")
    return q


# --------------------------------------------------------------------------------------------- questions


def _manage(user, questionnaire: Questionnaire) -> None:
    require(user, "questionnaire.manage", questionnaire.gemeente_id)


def _check_questions_editable(questionnaire: Questionnaire) -> None:
    if questionnaire.responses.exists():
        raise KernfotoError(LOCKED)


def _renumber(questionnaire: Questionnaire, ordered: list[Question]) -> None:
    for n, q in enumerate(ordered, start=1):
        if q.order != n:
            q.order = n
            q.save(update_fields=["order"])


def save_question(user, questionnaire: Questionnaire, fields: dict, question: Question | None = None) -> Question:
    """Add a question (at the end) or change one; ``fields`` are checked by the form."""
    _manage(user, questionnaire)
    _check_questions_editable(questionnaire)
    with transaction.atomic():
        if question is None:
            last = questionnaire.questions.order_by("-order").values_list("order", flat=True).first() or 0
            question = Question(questionnaire=questionnaire, order=last + 1)
        for key, value in fields.items():
            setattr(question, key, value)
        created = question.pk is None
        question.save()
        audit(user, "questionnaire.question_add" if created else "questionnaire.question_edit",
              gemeente=questionnaire.gemeente_id, obj=question, questionnaire=questionnaire.pk)
    return question


def delete_question(user, question: Question) -> None:
    questionnaire = question.questionnaire
    _manage(user, questionnaire)
    _check_questions_editable(questionnaire)
    with transaction.atomic():
        audit(user, "questionnaire.question_delete", gemeente=questionnaire.gemeente_id, obj=question,
              questionnaire=questionnaire.pk, text=question.text[:200])
        question.delete()
        _renumber(questionnaire, list(questionnaire.questions.all()))


def move_question(user, question: Question, direction: str) -> None:
    """Move a question one place up ("op") or down ("neer"); the order stays 1..n without gaps."""
    questionnaire = question.questionnaire
    _manage(user, questionnaire)
    _check_questions_editable(questionnaire)
    if direction not in ("op", "neer"):
        raise KernfotoError("Kies “omhoog” of “omlaag”.")
    with transaction.atomic():
        ordered = list(questionnaire.questions.all())
        i = next(n for n, q in enumerate(ordered) if q.pk == question.pk)
        j = i - 1 if direction == "op" else i + 1
        if 0 <= j < len(ordered):
            ordered[i], ordered[j] = ordered[j], ordered[i]
        _renumber(questionnaire, ordered)
        audit(user, "questionnaire.question_move", gemeente=questionnaire.gemeente_id, obj=question,
              questionnaire=questionnaire.pk, direction=direction)


def save_settings(user, questionnaire: Questionnaire, fields: dict) -> None:
    _manage(user, questionnaire)
    with transaction.atomic():
        for key, value in fields.items():
            setattr(questionnaire, key, value)
        questionnaire.save()
        audit(user, "questionnaire.edit", gemeente=questionnaire.gemeente_id, obj=questionnaire,
              fields=sorted(fields))


# --------------------------------------------------------------------------------------------- open and close


def change_state(user, questionnaire: Questionnaire, action: str, *, now: dt.datetime | None = None) -> str:
    """Open ("openen"), close ("sluiten") or reopen ("heropenen"); returns a Dutch message.

    Closing wipes the e-mail addresses of the invitations (they only served the mail merge). Reopening
    withdraws a publication and clears a closing time in the past.
    """
    _manage(user, questionnaire)
    now = now or timezone.now()
    with transaction.atomic():
        Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).first()  # one change at a time
        questionnaire.refresh_from_db()
        state = questionnaire.state(now)
        if action == "openen":
            if state != State.CONCEPT:
                raise KernfotoError("Alleen een vragenlijst in concept kan worden geopend.")
            if not questionnaire.questions.exists():
                raise KernfotoError("Voeg eerst minstens één vraag toe; een lege vragenlijst kan niet open.")
            if questionnaire.closes_at and questionnaire.closes_at <= now:
                raise KernfotoError("De sluitdatum ligt in het verleden. Kies eerst een latere sluitdatum.")
            questionnaire.status, questionnaire.opened_at = State.OPEN, now
            message = "De vragenlijst is open. Wie een persoonlijke link heeft, kan nu antwoorden."
        elif action == "sluiten":
            if state == State.CONCEPT:
                raise KernfotoError("Deze vragenlijst is nog niet open geweest.")
            if questionnaire.status == State.GESLOTEN:
                raise KernfotoError("Deze vragenlijst is al gesloten.")
            questionnaire.status = State.GESLOTEN
            questionnaire.closed_at = min(now, questionnaire.closes_at) if questionnaire.closes_at else now
            wiped = questionnaire.invitations.exclude(email="").update(email="")
            message = "De vragenlijst is gesloten. Antwoorden kan niet meer."
            if wiped:
                message += f" De e-mailadressen van {wiped} uitnodiging{'en' if wiped != 1 else ''} zijn gewist."
        elif action == "heropenen":
            if state != State.GESLOTEN:
                raise KernfotoError("Alleen een gesloten vragenlijst kan weer open.")
            message = "De vragenlijst is weer open; eerdere antwoorden blijven staan en kunnen worden gewijzigd."
            if questionnaire.closes_at and questionnaire.closes_at <= now:
                questionnaire.closes_at = None
                message += " De oude sluitdatum is weggehaald; stel zo nodig een nieuwe in."
            if questionnaire.published_at:
                questionnaire.published_at, questionnaire.published_by = None, None
                message += " De publicatie van de uitkomsten is ingetrokken."
            questionnaire.status, questionnaire.closed_at = State.OPEN, None
        else:
            raise KernfotoError("Onbekende handeling.")
        questionnaire.save()
        audit(user, STATE_ACTIONS[action], gemeente=questionnaire.gemeente_id, obj=questionnaire, previous=state)
    return message


# --------------------------------------------------------------------------------------------- invitations


@dataclass(frozen=True)
class NewLink:
    invitation_id: int
    label: str
    email: str
    kern: str
    token: str


def _kern_lookup(gemeente: str) -> dict[str, AreaGroup]:
    lookup = {}
    for g in AreaGroup.objects.filter(kind="kern", gemeente_id=gemeente):
        lookup[g.slug] = g
        lookup[g.name.casefold()] = g
    return lookup


def parse_invitation_lines(text: str, gemeente: str, *, existing: frozenset[str] | set[str] = frozenset()
                           ) -> list[tuple[str, str, AreaGroup | None]]:
    """Lines "organisatie; e-mailadres; kern" (e-mail and kern optional; ``;`` or a tab between them).

    Every line is checked before anything is written; an error says which line (regel) and what is wrong.
    """

    def fail(n: int, message: str) -> KernfotoError:
        return KernfotoError(f"Regel {n}: {message}.")

    lines = [(n, line) for n, line in enumerate((text or "").splitlines(), start=1) if line.strip()]
    if not lines:
        raise KernfotoError("De lijst is leeg. Zet op elke regel de naam van een organisatie.")
    if len(lines) > MAX_INVITATIONS:
        raise KernfotoError(f"Te veel regels ({len(lines)}). Maak hoogstens {MAX_INVITATIONS} links tegelijk.")
    kernen = _kern_lookup(gemeente)
    seen: dict[str, int] = {}
    out = []
    for n, line in lines:
        parts = [p.strip() for p in re.split(r"[;\t]", line)]
        if len(parts) > 3 and any(parts[3:]):
            raise fail(n, "te veel delen; verwacht: organisatie; e-mailadres; kern")
        label, email, kern_name = (parts + ["", "", ""])[:3]
        if not label:
            raise fail(n, "de naam van de organisatie ontbreekt")
        if "@" in label:
            raise fail(n, "zet eerst de naam van de organisatie en dan, na een puntkomma, het e-mailadres")
        if len(label) > 200:
            raise fail(n, "de naam is langer dan 200 tekens")
        what = personal_data_in(label)
        if what:
            raise fail(n, f"de naam lijkt {what} te bevatten; gebruik alleen de naam van de organisatie")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise fail(n, f"{email!r} is geen geldig e-mailadres") from None
        kern = None
        if kern_name:
            kern = kernen.get(kern_name.casefold()) or kernen.get(slugify(kern_name))
            if kern is None:
                known = ", ".join(sorted({g.name for g in kernen.values()})) or "geen"
                raise fail(n, f"onbekende kern {kern_name!r}; bekende kernen: {known}")
        key = label.casefold()
        if key in existing:
            raise fail(n, f"“{label}” heeft al een link voor deze vragenlijst; maak de naam anders "
                          "(bijv. met de afdeling) of maak op de lijst hieronder een nieuwe link")
        if key in seen:
            raise fail(n, f"“{label}” staat ook op regel {seen[key]}")
        seen[key] = n
        out.append((label, email, kern))
    return out


def _unique_token() -> tuple[str, str]:
    while True:
        token = new_token()
        digest = token_hash(token)
        if not Invitation.objects.filter(token_hash=digest).exists():
            return token, digest


def create_invitations(user, questionnaire: Questionnaire, text: str) -> list[NewLink]:
    """Make one personal link per line; return the links (the only moment the tokens exist in clear)."""
    _manage(user, questionnaire)
    if questionnaire.state() == State.GESLOTEN:
        raise KernfotoError("De vragenlijst is gesloten; heropen haar eerst om nieuwe links te maken.")
    existing = {label.casefold() for label in questionnaire.invitations.values_list("label", flat=True)}
    rows = parse_invitation_lines(text, questionnaire.gemeente_id, existing=existing)
    links = []
    with transaction.atomic():
        for label, email, kern in rows:
            token, digest = _unique_token()
            inv = Invitation.objects.create(questionnaire=questionnaire, token_hash=digest, label=label, email=email,
                                            kern=kern, created_by=user)
            links.append(NewLink(inv.pk, label, email, kern.name if kern else "", token))
        audit(user, "questionnaire.invite", gemeente=questionnaire.gemeente_id, obj=questionnaire, links=len(links))
    return links


def reissue_link(user, invitation: Invitation) -> NewLink:
    """A new token for an invitation; the old link stops working, a response stays with the invitation."""
    _manage(user, invitation.questionnaire)
    if invitation.questionnaire.state() == State.GESLOTEN:
        raise KernfotoError("De vragenlijst is gesloten; een nieuwe link heeft geen zin meer.")
    with transaction.atomic():
        token, digest = _unique_token()
        invitation.token_hash, invitation.revoked_at = digest, None
        invitation.save(update_fields=["token_hash", "revoked_at"])
        audit(user, "questionnaire.reissue", gemeente=invitation.questionnaire.gemeente_id, obj=invitation)
    return NewLink(invitation.pk, invitation.label, invitation.email, invitation.kern.name if invitation.kern else "",
                   token)


def revoke_invitation(user, invitation: Invitation) -> None:
    _manage(user, invitation.questionnaire)
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit(user, "questionnaire.revoke", gemeente=invitation.questionnaire.gemeente_id, obj=invitation)


def links_csv(links: list[NewLink], urls: list[str]) -> str:
    """The mail-merge list: organisatie;e-mailadres;kern;link (UTF-8, ``;`` for Dutch spreadsheets)."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\n")
    w.writerow(["organisatie", "e-mailadres", "kern", "link"])
    for link, url in zip(links, urls, strict=True):
        w.writerow([link.label, link.email, link.kern, url])
    return buf.getvalue()


def invitation_for_token(token: str) -> Invitation | None:
    if not plausible_token(token):
        return None
    return (Invitation.objects.select_related("questionnaire", "questionnaire__gemeente")
            .filter(token_hash=token_hash(token)).first())


# --------------------------------------------------------------------------------------------- answers


def save_response(invitation: Invitation, answers: dict[int, dict], *, now: dt.datetime | None = None) -> tuple[Response, bool]:
    """Store the answers of one invitation; return (response, created).

    ``answers`` maps question id -> {"score": int|None, "choices": [...], "text": str} (checked by the
    form). One response per invitation: a second submission (a double click, or an edit later) updates
    the same response. Refused with :class:`Closed` when the questionnaire does not accept answers.
    """
    now = now or timezone.now()
    questionnaire = invitation.questionnaire
    if invitation.revoked_at:
        raise Closed("Deze link is ingetrokken.")
    if not questionnaire.accepts_answers(now):
        raise Closed("De vragenlijst is gesloten.")
    questions = {q.pk: q for q in questionnaire.questions.all()}
    with transaction.atomic():
        try:
            with transaction.atomic():
                response, created = Response.objects.get_or_create(
                    invitation=invitation, defaults={"questionnaire": questionnaire, "submitted_at": now,
                                                     "updated_at": now})
        except IntegrityError:  # the same link submitted twice at the same moment: the other one won
            response, created = Response.objects.get(invitation=invitation), False
        if not created:
            response.updated_at, response.saves = now, response.saves + 1
            response.save(update_fields=["updated_at", "saves"])
        existing = {a.question_id: a for a in response.answers.all()}
        for qid, question in questions.items():
            given = answers.get(qid) or {}
            score, choices, text = given.get("score"), list(given.get("choices") or []), (given.get("text") or "").strip()
            if score is None and not choices and not text:
                if qid in existing:
                    existing[qid].delete()
                continue
            answer = existing.get(qid) or Answer(response=response, question=question)
            answer.score, answer.choices, answer.text = score, choices, text[:MAX_TEXT]
            answer.save()
    return response, created


def stored_answers(response: Response | None) -> dict[int, dict]:
    if response is None:
        return {}
    return {a.question_id: {"score": a.score, "choices": list(a.choices or []), "text": a.text}
            for a in response.answers.all()}


# --------------------------------------------------------------------------------------------- publication


def publish(user, questionnaire: Questionnaire, *, now: dt.datetime | None = None) -> str:
    """Publish the results; refused while the questionnaire is open or below its minimum of responses."""
    _manage(user, questionnaire)
    now = now or timezone.now()
    n = questionnaire.responses.count()
    minimum = questionnaire.min_responses_to_publish
    if questionnaire.state(now) != State.GESLOTEN:
        raise KernfotoError("Sluit de vragenlijst eerst. Zolang er nog antwoorden bij kunnen komen, publiceert "
                            "Kernfoto de uitkomsten niet.")
    if n < minimum:
        raise KernfotoError(
            f"Publiceren kan nog niet: er {'is' if n == 1 else 'zijn'} {n} reactie{'s' if n != 1 else ''}, en er "
            f"zijn er minstens {minimum} nodig. Bij zo weinig reacties is te herleiden wie wat antwoordde.")
    if questionnaire.published_at:
        return f"De uitkomsten waren al gepubliceerd op {timezone.localtime(questionnaire.published_at):%d-%m-%Y}."
    with transaction.atomic():
        questionnaire.published_at, questionnaire.published_by = now, user
        questionnaire.save(update_fields=["published_at", "published_by"])
        audit(user, "questionnaire.publish", gemeente=questionnaire.gemeente_id, obj=questionnaire, responses=n)
    return f"De uitkomsten van “{questionnaire.title}” zijn gepubliceerd ({n} reacties)."


def unpublish(user, questionnaire: Questionnaire) -> str:
    _manage(user, questionnaire)
    with transaction.atomic():
        questionnaire.published_at, questionnaire.published_by = None, None
        questionnaire.save(update_fields=["published_at", "published_by"])
        audit(user, "questionnaire.unpublish", gemeente=questionnaire.gemeente_id, obj=questionnaire)
    return "De publicatie is ingetrokken; de uitkomsten staan niet meer op de openbare pagina."


# --------------------------------------------------------------------------------------------- export


def _anonymous_order(questionnaire: Questionnaire, responses: list[Response]) -> list[Response]:
    """A fixed order that says nothing about who answered first or which invitation it was."""
    def key(r: Response) -> str:
        return hashlib.sha256(f"{settings.SECRET_KEY}:{questionnaire.pk}:{r.pk}".encode()).hexdigest()
    return sorted(responses, key=key)


def export_csv(user, questionnaire: Questionnaire) -> tuple[str, bytes]:
    """Anonymised responses: one row per response, numbered 1..n in a fixed order unrelated to the invitations.

    No token, e-mail address, organisation, kern or date; open answers redacted. Columns per question:
    a statement gives "<nr>. <name> – belangrijk (1-5)" and "<nr>. <name> – waarom"; a multiple-choice
    question the chosen options separated by " | "; an open question the text.
    """
    _manage(user, questionnaire)
    questions = list(questionnaire.questions.all())
    responses = _anonymous_order(questionnaire, list(questionnaire.responses.prefetch_related("answers")))
    header = ["reactie"]
    for n, q in enumerate(questions, start=1):
        if q.kind == Kind.STELLING:
            header += [f"{n}. {q.label} – belangrijk (1-5)", f"{n}. {q.label} – waarom"]
        else:
            header.append(f"{n}. {q.label}")
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\n")
    w.writerow(header)
    for number, r in enumerate(responses, start=1):
        given = {a.question_id: a for a in r.answers.all()}
        row: list[str] = [str(number)]
        for q in questions:
            a = given.get(q.pk)
            if q.kind == Kind.STELLING:
                row += ["" if a is None or a.score is None else str(a.score), redact(a.text) if a else ""]
            elif q.kind == Kind.MEERKEUZE:
                row.append(" | ".join(a.choices) if a else "")
            else:
                row.append(redact(a.text) if a else "")
        w.writerow(row)
    with transaction.atomic():
        audit(user, "questionnaire.export", gemeente=questionnaire.gemeente_id, obj=questionnaire,
              responses=len(responses))
    name = f"vragenlijst-{questionnaire.pk}-{slugify(questionnaire.title)[:40] or 'antwoorden'}.csv"
    return name, ("\ufeff" + buf.getvalue()).encode("utf-8")


# --------------------------------------------------------------------------------------------- feed


def session_line(session: DialogueSession) -> str:
    """"Dialoogsessie 12 maart 2026 (online, 14 deelnemers): 3 afspraken"."""
    n = session.follow_ups.count()
    agreements = "geen afspraken" if n == 0 else f"{n} afspra{'ak' if n == 1 else 'ken'}"
    people = f"{session.participants} deelnemer{'s' if session.participants != 1 else ''}"
    example = ", voorbeeld" if session.is_example else ""
    return f"Dialoogsessie {dutch_date(session.date)} ({session.get_mode_display()}, {people}{example}): {agreements}"


def _questionnaire_lines(questionnaire: Questionnaire) -> dict[str, list[str]]:
    results = questionnaire_results(questionnaire, with_texts=False)
    minimum = questionnaire.min_responses_to_publish
    name = f"Vragenlijst {questionnaire.title}" + (" (voorbeeld)" if questionnaire.is_example else "")
    lines: dict[str, list[str]] = {}
    for r in results.questions:
        theme = r.question.theme
        if not theme or r.n < minimum:
            continue
        if r.scale is not None:
            text = f"{name}: {noun(questionnaire, r.n)}, {r.scale.important_pct}% vindt '{r.question.label}' (zeer) belangrijk"
        elif r.choice is not None and r.choice.top is not None:
            top = r.choice.top
            text = f"{name}: {noun(questionnaire, r.n)}, bij '{r.question.label}' het vaakst gekozen: '{top.label}' ({top.pct}%)"
        else:
            continue
        lines.setdefault(theme, []).append(text)
    for theme in questionnaire.themes:
        if theme not in lines and results.responses >= minimum:
            rate = results.response_rate
            lines[theme] = [f"{name}: {noun(questionnaire, results.responses)} deden mee"
                            + (f" (respons {rate}%)" if rate is not None else "")]
    return lines


def consultation_by_theme(gemeente_code: str, year: int) -> dict[str, list[str]]:
    """theme id -> Dutch one-line texts about questionnaires and dialogue sessions of ``year``.

    Questionnaires: published ones whose answering ended in ``year``; one line per statement or
    multiple-choice question with a theme and at least the questionnaire's minimum of answers.
    Dialogue sessions held in ``year``: one line for each theme discussed (its own themes and those of
    the questions it discussed). Themes in catalogue order; lines by date, then question order.
    """
    code = gemeente_code.strip().upper()
    collected: dict[str, list[tuple[tuple, str]]] = {}
    for q in Questionnaire.objects.filter(gemeente_id=code, published_at__isnull=False).order_by("pk"):
        ended = q.ended_at
        if ended is None or timezone.localtime(ended).year != year:
            continue
        for theme, texts in _questionnaire_lines(q).items():
            for n, text in enumerate(texts):
                collected.setdefault(theme, []).append(((timezone.localtime(ended).date(), q.pk, n), text))
    sessions = (DialogueSession.objects.filter(gemeente_id=code, date__year=year)
                .prefetch_related("questions").order_by("date", "pk"))
    for s in sessions:
        themes = list(dict.fromkeys(list(s.themes or []) + [q.theme for q in s.questions.all() if q.theme]))
        text = session_line(s)
        for theme in themes:
            collected.setdefault(theme, []).append(((s.date, 0, s.pk), text))
    order = [t.id for t in catalogue().themes]
    return {t: [text for _, text in sorted(collected[t], key=lambda x: x[0])] for t in order if t in collected}

