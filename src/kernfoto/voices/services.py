"""What residents say, next to the numbers ("tellen en vertellen"): themes, publication, import, retention.

The rules of the AVG (GDPR) that this module enforces:

* no names: a voice records the *kind* of speaker only; an import refuses columns and texts that look
  like names, e-mail addresses, telephone numbers, citizen service numbers (BSN) or addresses;
* a quote is published only with the speaker's consent AND after an analyst approved it, in an approved
  voice that is not anonymised (:func:`publishable_quotes`, the same rule as ``Quote.publishable``);
  counts shown on a kernfoto include approved, non-anonymised voices only (:func:`voice_counts`);
* retention: notes older than ``settings.VOICES_RETENTION_YEARS`` are anonymised (:func:`anonymise_old`).

Theme suggestions are transparent: a Dutch keyword list per catalogue theme (``keywords.yaml``, seeded
into the ``ThemeKeyword`` table, which analysts edit), matched case- and accent-insensitively on word
starts; :func:`explain_suggestions` says which keywords matched.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ..accounts.access import audit, require
from ..accounts.models import AuditLog
from ..areas.models import Area, AreaGroup
from ..errors import InputError, KernfotoError
from ..stats.catalogue import catalogue
from .models import Quote, SpeakerKind, Status, ThemeKeyword, Voice, VoiceKind

KEYWORDS_FILE = Path(__file__).resolve().parent / "keywords.yaml"
ANONYMISED = "[geanonimiseerd]"
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")

# --------------------------------------------------------------------------------------------- keywords


def _fold(text: str) -> str:
    """Lower case without accents ("Eénzaam" -> "eenzaam"), for matching only."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def default_keywords() -> dict[str, list[str]]:
    """The seed list of ``keywords.yaml``, checked against the catalogue's themes."""
    raw = yaml.safe_load(KEYWORDS_FILE.read_text(encoding="utf-8")) or {}
    themes = {t.id for t in catalogue().themes}
    unknown = sorted(set(raw) - themes)
    if unknown:
        raise KernfotoError(f"{KEYWORDS_FILE.name}: onbekend thema {', '.join(unknown)}; bekende thema's: "
                            f"{', '.join(sorted(themes))}")
    return {theme: [str(k).strip() for k in words if str(k).strip()] for theme, words in raw.items()}


def ensure_keywords() -> int:
    """Fill the ThemeKeyword table from ``keywords.yaml`` when it is empty; return the number added.

    Once filled, the table is the source of truth: analysts add and remove keywords there.
    """
    if ThemeKeyword.objects.exists():
        return 0
    rows = [ThemeKeyword(theme=theme, keyword=word)
            for theme, words in default_keywords().items() for word in dict.fromkeys(words)]
    with transaction.atomic():
        if ThemeKeyword.objects.exists():  # filled meanwhile by another process
            return 0
        ThemeKeyword.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def keyword_map() -> dict[str, list[str]]:
    """theme id -> its keywords, from the table (seeded first when empty)."""
    ensure_keywords()
    result: dict[str, list[str]] = defaultdict(list)
    for theme, word in ThemeKeyword.objects.order_by("theme", "keyword").values_list("theme", "keyword"):
        result[theme].append(word)
    return dict(result)


@lru_cache(maxsize=4096)
def _pattern(keyword: str) -> re.Pattern:
    # a word that starts with the keyword; several words in order, any whitespace between them
    words = [re.escape(w) for w in _fold(keyword).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words))


def _matches(text: str, keywords: dict[str, list[str]]) -> dict[str, tuple[int, list[str]]]:
    """theme -> (number of places in the text where a keyword starts, the keywords that matched)."""
    folded = _fold(text or "")
    found: dict[str, tuple[int, list[str]]] = {}
    for theme, words in keywords.items():
        places: set[int] = set()
        matched: list[str] = []
        for word in words:
            starts = {m.start() for m in _pattern(word).finditer(folded)}
            if starts:
                places |= starts
                matched.append(word)
        if places:
            found[theme] = (len(places), matched)
    return found


def _ordered(found: dict[str, tuple[int, list[str]]]) -> list[str]:
    order = {t.id: n for n, t in enumerate(catalogue().themes)}
    return sorted(found, key=lambda t: (-found[t][0], order.get(t, len(order)), t))


def suggest_themes(text: str, *, keywords: dict[str, list[str]] | None = None) -> list[str]:
    """Theme ids whose keywords occur in ``text``, most hits first (ties in catalogue order)."""
    found = _matches(text, keywords if keywords is not None else keyword_map())
    return _ordered(found)


def explain_suggestions(text: str, *, keywords: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """Per suggested theme (in the order of :func:`suggest_themes`) the keywords that matched."""
    found = _matches(text, keywords if keywords is not None else keyword_map())
    return {theme: found[theme][1] for theme in _ordered(found)}


# --------------------------------------------------------------------------------------------- publication


def _public_voices(gemeente: str, kern_slug: str | None = None):
    qs = Voice.objects.filter(gemeente_id=gemeente, status=Status.GOEDGEKEURD, anonymised_at__isnull=True)
    if kern_slug is not None:
        qs = qs.filter(kern__slug=kern_slug, kern__kind="kern", kern__gemeente_id=gemeente)
    return qs


def publishable_quotes(gemeente: str, kern_slug: str, *, limit: int | None = 3) -> list[Quote]:
    """Quotes that may be published for a kern, newest conversation first.

    Only with consent, approved by an analyst, in an approved voice that is not anonymised
    (the rule of ``Quote.publishable``).
    """
    qs = (Quote.objects.filter(consent=True, approved=True,
                               voice__in=_public_voices(gemeente, kern_slug))
          .select_related("voice").order_by("-voice__date", "-voice__pk", "pk"))
    quotes = list(qs[:limit] if limit else qs)
    return [q for q in quotes if q.publishable]  # the model's own rule, once more


def voice_counts(gemeente: str, kern_slug: str) -> dict[str, dict[str, int]]:
    """theme -> {"gesprekken": n, "signalen": n} of the approved, non-anonymised voices of a kern.

    A voice about several themes counts once for each of them.
    """
    counts: dict[str, dict[str, int]] = {}
    for kind, themes in _public_voices(gemeente, kern_slug).values_list("kind", "themes"):
        key = "signalen" if kind == VoiceKind.SIGNAAL else "gesprekken"
        for theme in dict.fromkeys(themes or []):
            counts.setdefault(theme, {"gesprekken": 0, "signalen": 0})[key] += 1
    return counts


def speaker_label(speaker: str) -> str:
    try:
        return SpeakerKind(speaker).label
    except ValueError:
        return "inwoner"


def month_year(date: dt.date) -> str:
    return f"{MONTHS[date.month - 1]} {date.year}"


def quote_line(quote: Quote, *, max_chars: int | None = None) -> str:
    """“text” — speaker kind, month year. No name, no date finer than the month."""
    text = " ".join(quote.text.split()).strip("\"'“”‘’„ ")
    if max_chars and len(text) > max_chars:
        cut = text[:max_chars].rsplit(" ", 1)[0].rstrip(",;:.–- ")
        text = cut + " …"
    return f"“{text}” — {speaker_label(quote.voice.speaker)}, {month_year(quote.voice.date)}"


# --------------------------------------------------------------------------------------------- personal data

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
POSTCODE = re.compile(r"(?<!\w)[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?!\w)")
STREET = re.compile(r"(?<!\w)[A-Z][\w'-]*(?:straat|laan|weg|plein|gracht|kade|singel|dijk|steeg)"
                    r"\s+\d+\s?[a-zA-Z]?(?!\w)")
PHONE_START = re.compile(r"(?<![\w+])(?:\+31|0031|\(0(?=\d)|0(?=\d))")
DATE_LIKE = re.compile(r"\d{1,2}-\d{1,2}-\d{4}")
# nine digits, not part of a longer number or a decimal; a full stop or comma ending the sentence is fine
NINE_DIGITS = re.compile(r"(?<![\d.,-])\d{9}(?![\d-]|[.,]\d)")
PHONE_SEPARATORS = " .-()/"


def _phone_at(text: str, start: int, end: int) -> str | None:
    """The Dutch telephone number that starts at ``start`` (after the prefix ending at ``end``), if any."""
    prefix = text[start:end]
    international = prefix in ("+31", "0031")
    i = end
    if international:  # +31 6…, +31 (0)6…, +31 06…
        m = re.match(r"[\s.-]?(?:\(0\)|0)?[\s.-]?", text[i:])
        i += m.end() if m else 0
    need = 9  # digits after the 0 or the country code
    digits, groups, current = 0, [], ""
    while i < len(text) and digits < need:
        c = text[i]
        if c.isdigit():
            digits += 1
            current += c
        elif c in PHONE_SEPARATORS and i + 1 < len(text) and (text[i + 1].isdigit() or text[i + 1] in "( "):
            if current:
                groups.append(current)
                current = ""
            if c == " " and text[i + 1] == " ":
                return None
        else:
            return None
        i += 1
    if current:
        groups.append(current)
    if digits < need or (i < len(text) and text[i].isdigit()):
        return None
    found = text[start:i]
    if DATE_LIKE.search(found):
        return None
    if not international and groups:
        # the first group with its 0: 06 (mobile) or an area code of 3-4 digits (010, 0346); "05-" is a date
        if len(groups[0]) == 1 and groups[0] != "6":
            return None
    return found


def _elfproef(number: str) -> bool:
    digits = [int(c) for c in number]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0 and number != "000000000"


def personal_data_in(text: str) -> str | None:
    """What in ``text`` looks like personal data (Dutch description), or None."""
    if EMAIL.search(text):
        return "een e-mailadres"
    for m in PHONE_START.finditer(text):
        if _phone_at(text, m.start(), m.end()):
            return "een telefoonnummer"
    if any(_elfproef(m.group()) for m in NINE_DIGITS.finditer(text)):
        return "een burgerservicenummer (BSN)"
    if POSTCODE.search(text) or STREET.search(text):
        return "een adres of postcode"
    return None


# --------------------------------------------------------------------------------------------- import

COLUMNS = ("datum", "kern", "soort", "wie", "themas", "samenvatting", "citaat", "toestemming")
REQUIRED = ("datum", "kern", "soort", "wie", "samenvatting")
ALIASES = {"thema's": "themas", "thema": "themas", "kernnaam": "kern", "spreker": "wie"}
PERSONAL_COLUMN = re.compile(r"naam|mail|telefoon|^tel\b|mobiel|^gsm$|adres|straat|huisnummer|postcode|woonplaats"
                             r"|bsn|burgerservice|geboorte|leeftijd|geslacht")
TEXT_COLUMNS = ("samenvatting", "citaat")
MAX_TEXT = 4000


@dataclass
class _Row:
    row: int
    date: dt.date
    kern: AreaGroup
    kind: str
    speaker: str
    themes: list[str]
    summary: str
    quote: str
    consent: bool


def _parse_date(value: str) -> dt.date | None:
    for pattern, order in ((r"(\d{1,2})-(\d{1,2})-(\d{4})", "dmy"), (r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd")):
        m = re.fullmatch(pattern, value)
        if m:
            a, b, c = (int(g) for g in m.groups())
            try:
                return dt.date(c, b, a) if order == "dmy" else dt.date(a, b, c)
            except ValueError:
                return None
    return None


def retention_cutoff(today: dt.date) -> dt.date:
    """Notes dated before this day are past the retention period."""
    years = int(getattr(settings, "VOICES_RETENTION_YEARS", 3))
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]], str]:
    name = path.name
    if not path.exists() or not path.is_file():
        raise InputError("bestand niet gevonden", file=name)
    max_bytes = settings.MAX_IMPORT_MB * 1024 * 1024
    if path.stat().st_size > max_bytes:
        raise InputError(f"het bestand is te groot (maximaal {settings.MAX_IMPORT_MB} MB)", file=name)
    data = path.read_bytes()
    if not data.strip():
        raise InputError("het bestand is leeg; verwacht een kopregel en minstens één rij", file=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("het bestand is geen tekst in UTF-8; kies 'CSV UTF-8' bij het opslaan", file=name) from None
    first = text.splitlines()[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise InputError(f"CSV niet leesbaar: {exc}", file=name) from None
    header = [h.strip().lower() for h in rows[0]]
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r)]
    return header, body, hashlib.sha256(data).hexdigest()


def _check_header(header: list[str], name: str) -> list[str]:
    columns = []
    for h in header:
        h = ALIASES.get(h, h)
        if h in COLUMNS:
            if h in columns:
                raise InputError("kolom komt twee keer voor", file=name, row=1, column=h)
        elif PERSONAL_COLUMN.search(h.replace("-", "").replace("_", " ")):
            raise InputError("deze kolom lijkt persoonsgegevens te bevatten (naam, e-mail, telefoon, adres); "
                             "Kernfoto legt alleen vast wat voor iemand sprak (wie). Verwijder de kolom en lees "
                             "het bestand opnieuw in", file=name, row=1, column=h)
        elif h:
            raise InputError(f"onbekende kolom; verwacht de kolommen {', '.join(COLUMNS)}", file=name, row=1,
                             column=h)
        columns.append(h)
    for required in REQUIRED:
        if required not in columns:
            raise InputError(f"kolom '{required}' ontbreekt (verplicht: {', '.join(REQUIRED)})", file=name, row=1,
                             column=required)
    return columns


def _theme_lookup() -> dict[str, str]:
    lookup = {}
    for t in catalogue().themes:
        for key in (t.id, t.label, slugify(t.label).replace("-", "_")):
            lookup[_fold(key)] = t.id
    return lookup


def _kern_lookup(gemeente: str) -> dict[str, AreaGroup]:
    lookup = {}
    for g in AreaGroup.objects.filter(kind="kern", gemeente_id=gemeente):
        lookup[g.slug] = g
        lookup[_fold(g.name)] = g
    return lookup


def _parse_rows(name: str, columns: list[str], body: list[tuple[int, list[str]]], gemeente: str,
                today: dt.date) -> list[_Row]:
    kernen = _kern_lookup(gemeente)
    themes = _theme_lookup()
    keywords = keyword_map()
    cutoff = retention_cutoff(today)
    years = int(getattr(settings, "VOICES_RETENTION_YEARS", 3))
    parsed = []
    for rownum, cells in body:
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
            raise InputError(f"de rij heeft meer cellen ({len(cells)}) dan de kopregel ({len(columns)}); staat er "
                             "een scheidingsteken in een tekst zonder aanhalingstekens?", file=name, row=rownum)
        row = {col: (cells[i].strip() if i < len(cells) else "") for i, col in enumerate(columns)}

        def fail(message: str, column: str, rownum: int = rownum) -> InputError:
            return InputError(message, file=name, row=rownum, column=column)

        date = _parse_date(row["datum"])
        if date is None:
            raise fail(f"ongeldige datum {row['datum']!r}; verwacht dd-mm-jjjj of jjjj-mm-dd, bijv. 14-03-2025",
                       "datum")
        if date > today:
            raise fail(f"de datum {date:%d-%m-%Y} ligt in de toekomst", "datum")
        if date < cutoff:
            raise fail(f"de datum {date:%d-%m-%Y} ligt meer dan {years} jaar terug (de bewaartermijn); zulke "
                       "notities worden niet meer vastgelegd", "datum")
        if not row["kern"]:
            raise fail("de kern is leeg; geef de naam of slug van een kern", "kern")
        kern = kernen.get(row["kern"]) or kernen.get(slugify(row["kern"])) or kernen.get(_fold(row["kern"]))
        if kern is None:
            known = ", ".join(sorted({g.slug for g in kernen.values()})) or "geen (lees eerst de kernen in)"
            raise fail(f"onbekende kern {row['kern']!r} in {gemeente}; bekende kernen: {known}", "kern")
        kind = row["soort"].lower()
        if kind not in VoiceKind.values:
            raise fail(f"onbekende soort {row['soort']!r}; verwacht {' of '.join(VoiceKind.values)}", "soort")
        speaker = row["wie"].lower()
        if speaker not in SpeakerKind.values:
            raise fail(f"onbekend soort spreker; verwacht een van {', '.join(SpeakerKind.values)} (nooit een naam)",
                       "wie")
        summary, quote = row["samenvatting"], row.get("citaat", "")
        if not summary:
            raise fail("de samenvatting is leeg; beschrijf kort wat er gezegd is", "samenvatting")
        for column, text in (("samenvatting", summary), ("citaat", quote)):
            if len(text) > MAX_TEXT:
                raise fail(f"de tekst is te lang ({len(text)} tekens, maximaal {MAX_TEXT})", column)
            what = personal_data_in(text)
            if what:
                raise fail(f"de tekst bevat iets dat op {what} lijkt; verwijder persoonsgegevens (namen, "
                           "e-mailadressen, telefoonnummers, adressen) en lees het bestand opnieuw in", column)
        consent_text = row.get("toestemming", "").lower()
        if consent_text and consent_text not in ("ja", "nee"):
            raise fail(f"toestemming moet 'ja' of 'nee' zijn, niet {row['toestemming']!r}", "toestemming")
        if quote and not consent_text:
            raise fail("bij een citaat is toestemming verplicht: 'ja' (mag gepubliceerd worden) of 'nee'",
                       "toestemming")
        chosen: list[str] = []
        for part in re.split(r"[;,|]", row.get("themas", "")):
            part = part.strip()
            if not part:
                continue
            theme = themes.get(_fold(part)) or themes.get(_fold(part).replace(" ", "_"))
            if theme is None:
                raise fail(f"onbekend thema {part!r}; bekende thema's: "
                           f"{', '.join(t.id for t in catalogue().themes)}", "themas")
            if theme not in chosen:
                chosen.append(theme)
        if not chosen:
            chosen = suggest_themes(f"{summary}\n{quote}", keywords=keywords)
        parsed.append(_Row(row=rownum, date=date, kern=kern, kind=kind, speaker=speaker, themes=chosen,
                           summary=summary, quote=quote, consent=consent_text == "ja"))
    return parsed


def import_voices_csv(path: Path | str, gemeente: str, user) -> int:
    """Read conversation notes from a CSV; return the number of voices added (status "ingediend").

    Columns: datum, kern, soort, wie, themas (optional), samenvatting, citaat (optional), toestemming
    (required with a citaat). Every row is checked first; a problem raises :class:`InputError` naming
    file, row and column, and nothing is written. The user needs the role analyst (``voice.import``).
    """
    path = Path(path)
    gemeente = gemeente.strip().upper()
    name = path.name
    if not Area.objects.filter(code=gemeente, level="gemeente").exists():
        raise KernfotoError(f"gemeente {gemeente} is niet bekend")
    require(user, "voice.import", gemeente)
    header, body, sha256 = _read_csv(path)
    columns = _check_header(header, name)
    if not body:
        raise InputError("het bestand bevat alleen een kopregel; verwacht minstens één rij", file=name)
    earlier = AuditLog.objects.filter(action="voice.import", gemeente=gemeente, details__sha256=sha256).first()
    if earlier is not None:
        raise InputError(f"dit bestand is al ingelezen op {timezone.localtime(earlier.at):%d-%m-%Y %H:%M}; "
                         "het staat al ter beoordeling", file=name)
    rows = _parse_rows(name, columns, body, gemeente, timezone.localdate())
    quotes = 0
    with transaction.atomic():
        for r in rows:
            voice = Voice.objects.create(gemeente_id=gemeente, kern=r.kern, date=r.date, kind=r.kind,
                                         speaker=r.speaker, themes=r.themes, summary=r.summary,
                                         status=Status.INGEDIEND, created_by=user, source_file=name[:300])
            if r.quote:
                Quote.objects.create(voice=voice, text=r.quote, consent=r.consent, approved=False)
                quotes += 1
        audit(user, "voice.import", gemeente=gemeente, file=name, sha256=sha256, voices=len(rows), quotes=quotes)
    return len(rows)


# --------------------------------------------------------------------------------------------- retention


def anonymise_old(now: dt.datetime | None = None, *, user=None) -> int:
    """Anonymise voices dated before the retention period; return how many.

    The summary becomes "[geanonimiseerd]", quotes and the source file name are removed and
    ``anonymised_at`` is set; kind, speaker kind, kern, date, themes and status stay, so counts over
    the years remain possible. One audit entry per gemeente.
    """
    now = now or timezone.now()
    cutoff = retention_cutoff(timezone.localdate(now) if timezone.is_aware(now) else now.date())
    old = Voice.objects.filter(date__lt=cutoff, anonymised_at__isnull=True)
    total = 0
    with transaction.atomic():
        by_gemeente: dict[str, list[int]] = defaultdict(list)
        for pk, gm in old.values_list("pk", "gemeente_id"):
            by_gemeente[gm].append(pk)
        for gm, pks in sorted(by_gemeente.items()):
            quotes, _ = Quote.objects.filter(voice_id__in=pks).delete()
            n = Voice.objects.filter(pk__in=pks).update(summary=ANONYMISED, source_file="", anonymised_at=now)
            audit(user, "voice.anonymise", gemeente=gm, voices=n, quotes=quotes, before=cutoff.isoformat(),
                  retention_years=int(getattr(settings, "VOICES_RETENTION_YEARS", 3)))
            total += n
        if total:
            from ..web.models import bump

            bump()  # a bulk update sends no signals: mark cached public pages stale
    return total
