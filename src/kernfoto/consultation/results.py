"""Results of a questionnaire: counts, distribution and mean per question; open answers by theme.

The arithmetic is in small pure functions (:func:`pct`, :func:`scale_result`, :func:`choice_result`,
:func:`group_by_theme`) that the tests call on constructed answers; :func:`questionnaire_results`
reads the answers of one questionnaire in two queries and applies them.

Rules: a percentage is of the respondents who answered that question (never of everyone invited),
rounded half up to a whole number, so the shares of a distribution may add up to 99 or 101. The mean
of a statement is the mean score on the 1-5 scale, to one decimal. Open texts are redacted
(:func:`kernfoto.consultation.privacy.redact`) before anyone but the respondent reads them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from ..stats.catalogue import catalogue
from ..voices.services import keyword_map, suggest_themes
from .models import IMPORTANT_FROM, SCALE, Answer, Invitation, Kind, Question, Questionnaire, Response
from .privacy import redact

OTHER = "overig"
OTHER_LABEL = "Geen thema herkend"


def pct(part: int, whole: int) -> int | None:
    """``part`` as a whole percentage of ``whole``, rounded half up (None when ``whole`` is 0)."""
    if whole <= 0:
        return None
    return (200 * part + whole) // (2 * whole)


def one_decimal(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def dutch_number(value: Decimal | int | None) -> str:
    """3.8 -> "3,8" (Dutch decimal comma); None -> "–"."""
    return "–" if value is None else str(value).replace(".", ",")


@dataclass(frozen=True)
class Bar:
    value: str
    label: str
    count: int
    pct: int | None


@dataclass(frozen=True)
class ScaleResult:
    n: int
    bars: tuple[Bar, ...]
    mean: Decimal | None
    important: int  # answers of IMPORTANT_FROM or more: "(zeer) belangrijk"
    important_pct: int | None

    @property
    def mean_text(self) -> str:
        return dutch_number(self.mean)


@dataclass(frozen=True)
class ChoiceResult:
    n: int  # respondents who chose at least one option
    bars: tuple[Bar, ...]
    multiple: bool

    @property
    def top(self) -> Bar | None:
        best = max(self.bars, key=lambda b: b.count, default=None)
        return best if best is not None and best.count else None


def scale_result(scores: Iterable[int]) -> ScaleResult:
    """Counts per point of the 1-5 scale, shares of those who answered, the mean and "(zeer) belangrijk"."""
    valid = [int(s) for s in scores if s is not None]
    for s in valid:
        if s not in dict(SCALE):
            raise ValueError(f"score {s} is not on the scale 1-5")
    n = len(valid)
    counts = {value: 0 for value, _ in SCALE}
    for s in valid:
        counts[s] += 1
    bars = tuple(Bar(str(value), label, counts[value], pct(counts[value], n)) for value, label in SCALE)
    mean = one_decimal(Decimal(sum(valid)) / n) if n else None
    important = sum(c for value, c in counts.items() if value >= IMPORTANT_FROM)
    return ScaleResult(n=n, bars=bars, mean=mean, important=important, important_pct=pct(important, n))


def choice_result(options: Sequence[str], selections: Iterable[Sequence[str]], *, multiple: bool = False) -> ChoiceResult:
    """Per option how many respondents chose it, as a share of those who chose anything.

    With ``multiple`` the shares add up to more than 100. A stored choice that is no longer an option
    is counted after the options, under its own name.
    """
    counts: dict[str, int] = {o: 0 for o in options}
    n = 0
    for chosen in selections:
        chosen = list(dict.fromkeys(c for c in chosen if c))
        if not chosen:
            continue
        n += 1
        for c in chosen:
            counts[c] = counts.get(c, 0) + 1
    bars = tuple(Bar(o, o, c, pct(c, n)) for o, c in counts.items())
    return ChoiceResult(n=n, bars=bars, multiple=multiple)


@dataclass(frozen=True)
class ThemeGroup:
    theme: str
    label: str
    texts: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.texts)


def group_by_theme(texts: Iterable[str], *, keywords: dict[str, list[str]] | None = None,
                   labels: dict[str, str] | None = None, seen: dict[str, list[str]] | None = None) -> list[ThemeGroup]:
    """Open texts grouped by the theme the voices keyword list suggests first for each.

    A text goes to its first suggested theme only (so counts add up to the number of texts); texts
    without a keyword go to "Geen thema herkend", last. Groups with more texts come first, ties in
    catalogue order; texts keep their order. ``seen`` (text -> suggested themes) spares asking the keyword
    list twice about the same text (the suggester costs about a millisecond per text).
    """
    keywords = keywords if keywords is not None else keyword_map()
    labels = labels if labels is not None else {t.id: t.label for t in catalogue().themes}
    order = {t: n for n, t in enumerate(labels)}
    groups: dict[str, list[str]] = defaultdict(list)
    for text in texts:
        text = (text or "").strip()
        if not text:
            continue
        if seen is None or text not in seen:
            found = suggest_themes(text, keywords=keywords)
            if seen is not None:
                seen[text] = found
        else:
            found = seen[text]
        themes = [t for t in found if t in labels]
        groups[themes[0] if themes else OTHER].append(text)
    ranked = sorted((t for t in groups if t != OTHER), key=lambda t: (-len(groups[t]), order.get(t, len(order))))
    out = [ThemeGroup(t, labels[t], tuple(groups[t])) for t in ranked]
    if OTHER in groups:
        out.append(ThemeGroup(OTHER, OTHER_LABEL, tuple(groups[OTHER])))
    return out


# --------------------------------------------------------------------------------------------- per questionnaire


@dataclass
class QuestionResult:
    question: Question
    number: int
    n: int
    scale: ScaleResult | None = None
    choice: ChoiceResult | None = None
    open_groups: list[ThemeGroup] = field(default_factory=list)
    open_count: int = 0
    theme_label: str = ""

    @property
    def kind(self) -> str:
        return self.question.kind


@dataclass
class QuestionnaireResults:
    questionnaire: Questionnaire
    invited: int  # invitations not revoked, plus revoked ones that have a response
    responses: int
    questions: list[QuestionResult]

    @property
    def response_rate(self) -> int | None:
        return pct(self.responses, self.invited)

    @property
    def publishable(self) -> bool:
        return self.responses >= self.questionnaire.min_responses_to_publish

    @property
    def statements(self) -> list[QuestionResult]:
        return [q for q in self.questions if q.kind == Kind.STELLING]

    def theme_counts(self) -> list[tuple[str, int]]:
        """Over all questions: (theme label, number of open texts), as :func:`group_by_theme` grouped them."""
        totals: dict[str, int] = defaultdict(int)
        for q in self.questions:
            for g in q.open_groups:
                totals[g.label] += g.count
        return sorted(totals.items(), key=lambda kv: (kv[0] == OTHER_LABEL, -kv[1], kv[0]))


def questionnaire_results(questionnaire: Questionnaire, *, with_texts: bool = True) -> QuestionnaireResults:
    """Every question's result, from the stored answers (two queries plus the keyword list)."""
    questions = list(questionnaire.questions.all())
    by_question: dict[int, list[tuple[int | None, list, str]]] = defaultdict(list)
    for qid, score, choices, text in Answer.objects.filter(response__questionnaire=questionnaire).order_by(
            "response_id", "pk").values_list("question_id", "score", "choices", "text"):
        by_question[qid].append((score, choices or [], text or ""))
    responses = Response.objects.filter(questionnaire=questionnaire).count()
    invited = Invitation.objects.filter(Q(revoked_at__isnull=True) | Q(response__isnull=False),
                                        questionnaire=questionnaire).count()
    labels = {t.id: t.label for t in catalogue().themes}
    keywords = keyword_map() if with_texts else {}
    seen: dict[str, list[str]] = {}
    out = []
    for number, q in enumerate(questions, start=1):
        rows = by_question.get(q.pk, [])
        texts = [redact(t) for _, _, t in rows if t.strip()] if with_texts else []
        r = QuestionResult(question=q, number=number, n=0, theme_label=labels.get(q.theme, ""),
                           open_count=sum(1 for _, _, t in rows if t.strip()))
        if q.kind == Kind.STELLING:
            r.scale = scale_result(s for s, _, _ in rows if s is not None)
            r.n = r.scale.n
        elif q.kind == Kind.MEERKEUZE:
            r.choice = choice_result(q.options, (c for _, c, _ in rows), multiple=q.multiple)
            r.n = r.choice.n
        else:
            r.n = r.open_count
        if with_texts:
            r.open_groups = group_by_theme(texts, keywords=keywords, labels=labels, seen=seen)
        out.append(r)
    return QuestionnaireResults(questionnaire=questionnaire, invited=invited, responses=responses, questions=out)
