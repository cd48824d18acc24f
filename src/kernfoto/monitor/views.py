"""The Sociale Monitor in the browser: the public report page with its PDF and workbook, and the work page
where an analyst writes the introduction and the commentary per theme.

Thin views: the report comes from ``services.monitor_report`` (built by ``build.py``, cached per data
version); the public page and downloads are served through the page cache. The work page is for logged-in
users with the ``monitor.edit`` right (analysts and admins of the gemeente); every save goes through
``access.require`` and writes one ``access.audit`` line.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from ..accounts.access import audit, require
from ..accounts.views import style_form
from ..stats.catalogue import catalogue
from ..web.views_overview import dutch_404
from .model import Report
from .models import INTRODUCTION, MonitorText
from .services import monitor_report, periods, report_file
from .sources import gemeente_area

CONTENT_TYPES = {"pdf": "application/pdf",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
INTRODUCTION_MAX = 3000
COMMENTARY_MAX = 2000
TOO_LONG = {"max_length": "Deze tekst is te lang: %(show_value)d tekens, ten hoogste %(limit_value)d."}
SYMBOLS = {"gunstiger": "▲", "ongunstiger": "▼", "hoger": "△", "lager": "▽", "vergelijkbaar": "≈",
           "onbekend": ""}


# ------------------------------------------------------------------------------------------------- public


def _page_context(data, report: Report) -> dict:
    """The report plus what only the page needs: links, the other periods, SVGs marked safe (built by
    Kernfoto's own map and chart functions from escaped text, never from user input)."""
    chapters = []
    for c in report.chapters:
        chapters.append({
            "c": c,
            "rows": [{"row": row, "chart": mark_safe(row.chart),
                      "symbol": SYMBOLS.get(row.figure.comparison_nl, "")} for row in c.figures],
            "map_svg": mark_safe(c.map.svg) if c.map else "",
            "group_names": [v.group for v in c.groups[0].values] if c.groups else [],
        })
    levels = [{"lv": lv, "svg": mark_safe(lv.svg),
               "rows": [r for r in lv.rows if r.n_unfavourable > 0],
               "calm": sum(1 for r in lv.rows if r.n_unfavourable == 0)} for lv in report.accumulation.levels]
    base = reverse("monitor:report", args=[report.gemeente_code, report.period])
    return {
        "data": data, "report": report, "chapters": chapters, "levels": levels, "symbols": SYMBOLS,
        "current": f"Sociale Monitor {report.period}",
        "periods": [(p, reverse("monitor:report", args=[report.gemeente_code, p])) for p in periods(data)],
        "pdf_url": f"{base}{report.filename}.pdf", "xlsx_url": f"{base}{report.filename}.xlsx",
    }


@dutch_404
def report_page(request, code: str, period: str):
    data, report = monitor_report(code, period)
    return render(request, "monitor/report.html", _page_context(data, report))


@dutch_404
def report_latest(request, code: str):
    """``gemeente/<code>/sociale-monitor/``: the report of the default period of the gemeente's pages."""
    from ..web.services import gemeente_data

    data = gemeente_data(code)
    return redirect("monitor:report", data.code, data.latest_period)


@dutch_404
def report_download(request, code: str, period: str, filename: str):
    data, report = monitor_report(code, period)
    stem, _, fmt = filename.rpartition(".")
    if stem != report.filename or fmt not in CONTENT_TYPES:
        raise Http404(f"Dit bestand bestaat niet. De Sociale Monitor van {report.gemeente_name} over {report.period} "
                      f"heet {report.filename}.pdf (of .xlsx).")
    _, body = report_file(data.code, report.period, fmt)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


# ------------------------------------------------------------------------------------------------- work


class MonitorTextForm(forms.Form):
    """The introduction and one commentary per theme of the catalogue (fields ``inleiding``, ``thema_<id>``)."""

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inleiding"] = forms.CharField(
            label="Inleiding", required=False, max_length=INTRODUCTION_MAX, error_messages=TOO_LONG,
            widget=forms.Textarea(attrs={"rows": 6}),
            help_text=f"Staat vooraan in het rapport. Ten hoogste {INTRODUCTION_MAX} tekens. Een lege regel begint "
                      "een nieuwe alinea.")
        for theme in themes:
            self.fields[f"thema_{theme.id}"] = forms.CharField(
                label=f"Toelichting bij {theme.label}", required=False, max_length=COMMENTARY_MAX,
                error_messages=TOO_LONG,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=f"Staat bovenaan het hoofdstuk {theme.label}. Ten hoogste {COMMENTARY_MAX} tekens.")
        style_form(self)

    def clean(self):
        from ..voices.services import personal_data_in

        data = super().clean()
        for name, value in list(data.items()):
            what = personal_data_in(value or "")
            if what:
                self.add_error(name, f"Dit lijkt {what} te bevatten. Laat namen en andere details waarmee iemand "
                                     "te herkennen is weg (AVG).")
        return data

    def texts(self) -> dict[str, str]:
        """theme id ('' = introduction) -> text (stripped; empty removes the text)."""
        out = {INTRODUCTION: (self.cleaned_data.get("inleiding") or "").strip()}
        for name, value in self.cleaned_data.items():
            if name.startswith("thema_"):
                out[name.removeprefix("thema_")] = (value or "").strip()
        return out


def _gemeente_or_404(code: str):
    from ..errors import KernfotoError

    try:
        return gemeente_area(code)
    except KernfotoError:
        raise Http404(f"Gemeente {code} is niet bekend.") from None


@login_required
@dutch_404
def work_index(request, gemeente: str):
    """``werk/<gemeente>/sociale-monitor/``: the periods, each with its texts and its report."""
    from ..web.services import gemeente_data

    gm = _gemeente_or_404(gemeente)
    require(request.user, "monitor.edit", gm.code)
    data = gemeente_data(gm.code)
    counts: dict[str, int] = {}
    for p in MonitorText.objects.filter(gemeente=gm).values_list("period", flat=True):
        counts[p] = counts.get(p, 0) + 1
    rows = [{"period": p, "texts": counts.get(p, 0),
             "edit_url": reverse("monitor:work_edit", args=[gm.code, p]),
             "report_url": reverse("monitor:report", args=[gm.code, p])} for p in reversed(periods(data))]
    return render(request, "monitor/work_index.html", {"gm": gm, "rows": rows, "latest": data.latest_period})


@login_required
@require_http_methods(["GET", "POST"])
@dutch_404
def work_edit(request, gemeente: str, period: str):
    """``werk/<gemeente>/sociale-monitor/<period>/``: the analyst's introduction and commentary per theme."""
    gm = _gemeente_or_404(gemeente)
    require(request.user, "monitor.edit", gm.code)
    data, report = monitor_report(gm.code, period)  # 404 for a period without figures
    themes = catalogue().themes
    existing = {t.theme: t for t in MonitorText.objects.filter(gemeente=gm, period=report.period)}
    if request.method == "POST":
        form = MonitorTextForm(request.POST, themes=themes)
        if form.is_valid():
            require(request.user, "monitor.edit", gm.code)
            changed = _save(request.user, gm, report.period, form.texts(), existing)
            if changed:
                messages.success(request, f"De teksten van de Sociale Monitor {report.period} zijn opgeslagen.")
            else:
                messages.info(request, "Er is niets veranderd.")
            return redirect("monitor:work_edit", gm.code, report.period)
    else:
        initial = {"inleiding": existing[INTRODUCTION].text if INTRODUCTION in existing else ""}
        initial.update({f"thema_{t}": obj.text for t, obj in existing.items() if t})
        form = MonitorTextForm(initial=initial, themes=themes)
    return render(request, "monitor/work_edit.html", {
        "gm": gm, "period": report.period, "report": report, "form": form,
        "intro_field": form["inleiding"], "theme_fields": [form[f"thema_{t.id}"] for t in themes],
        "report_url": reverse("monitor:report", args=[gm.code, report.period]),
        "index_url": reverse("monitor:work", args=[gm.code]),
    }, status=400 if form.is_bound else 200)


def _save(user, gm, period: str, texts: dict[str, str], existing: dict[str, MonitorText]) -> list[str]:
    """Write what changed in one transaction; returns the changed themes ('' = introduction)."""
    changed = [t for t, text in texts.items() if text != (existing[t].text if t in existing else "")]
    if not changed:
        return []
    with transaction.atomic():
        for theme in changed:
            text = texts[theme]
            if not text:
                MonitorText.objects.filter(gemeente=gm, period=period, theme=theme).delete()
            else:
                MonitorText.objects.update_or_create(gemeente=gm, period=period, theme=theme,
                                                     defaults={"text": text, "updated_by": user})
        audit(user, "monitor.edit", gemeente=gm.code, obj=None, period=period,
              themes=[t or "inleiding" for t in changed])
    return changed
