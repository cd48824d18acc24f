"""Tokens of personal links, and redaction of personal data in open answers.

A token is 32 URL-safe characters from ``secrets`` (192 bits): unguessable. Only its SHA-256 is stored,
so a copy of the database holds no working link. Open answers are stored as the respondent wrote them
(they may edit them until the questionnaire closes) and redacted wherever someone else reads them: on
the results pages and in the CSV export. Redaction uses the patterns of the voices screen
(:func:`kernfoto.voices.services.personal_data_in`): e-mail addresses, telephone numbers, BSNs,
postcodes and street addresses become "[verwijderd]"; a text that still trips the screen afterwards
is withheld as a whole.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from ..voices import services as voices

TOKEN_BYTES = 24
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,64}")
REDACTED = "[verwijderd]"
WITHHELD = "[tekst niet getoond: bevatte persoonsgegevens]"


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def plausible_token(token: str) -> bool:
    return bool(TOKEN_SHAPE.fullmatch(token or ""))


def _spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in voices.EMAIL.finditer(text)]
    for m in voices.PHONE_START.finditer(text):
        found = voices._phone_at(text, m.start(), m.end())
        if found:
            spans.append((m.start(), m.start() + len(found)))
    spans += [m.span() for m in voices.NINE_DIGITS.finditer(text) if voices._elfproef(m.group())]
    spans += [m.span() for m in voices.POSTCODE.finditer(text)]
    spans += [m.span() for m in voices.STREET.finditer(text)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def redact(text: str) -> str:
    """``text`` with what looks like personal data replaced by "[verwijderd]" (see the module docstring)."""
    text = text or ""
    if voices.personal_data_in(text) is None:
        return text
    out, last = [], 0
    for start, end in _spans(text):
        out.append(text[last:start])
        out.append(REDACTED)
        last = end
    out.append(text[last:])
    result = "".join(out)
    return result if voices.personal_data_in(result) is None else WITHHELD
