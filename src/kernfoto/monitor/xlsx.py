"""The figures workbook of the Sociale Monitor: every number in the report, one sheet per chapter.

Written with xlsxwriter from the :class:`~kernfoto.monitor.model.Report` (nothing is computed here):
"Inleiding" (when the analyst wrote one), "Samenvatting", one sheet per theme (the gemeente against
Nederland with trend, the map's figures per kern or wijk, "met wie", voices and the sociale basis),
"Stapeling", "Bijlage" (definitions, sources, methods) and "Bronnen". Numbers are written as numbers
(rounded to 4 decimals, as the exports are) next to the text the report shows. The workbook carries a
fixed creation date, so the same report gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import xlsxwriter

from .model import Report, ThemeChapter

ROUND = 4
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _number(value: float | None) -> float | None:
    return None if value is None else round(float(value), ROUND)


class _Sheet:
    """Writes blocks (a title, a header row, rows) one under the other."""

    def __init__(self, wb: xlsxwriter.Workbook, name: str, formats: dict):
        self.ws = wb.add_worksheet(name)
        self.f = formats
        self.row = 0
        self.widths: dict[int, int] = {}

    def title(self, text: str) -> None:
        if self.row:
            self.row += 1
        self.ws.write_string(self.row, 0, text, self.f["title"])
        self.row += 1

    def text(self, text: str) -> None:
        if text:
            self.ws.write_string(self.row, 0, text, self.f["wrap"])
            self.row += 1

    def header(self, names: list[str]) -> None:
        for c, name in enumerate(names):
            self.ws.write_string(self.row, c, name, self.f["bold"])
            self._width(c, name)
        self.row += 1

    def values(self, values: list) -> None:
        for c, v in enumerate(values):
            if v is None or v == "":
                continue
            if isinstance(v, bool):
                self.ws.write_string(self.row, c, "ja" if v else "nee")
            elif isinstance(v, int | float):
                self.ws.write_number(self.row, c, v)
            else:
                self.ws.write_string(self.row, c, str(v))
                self._width(c, str(v))
        self.row += 1

    def _width(self, c: int, text: str) -> None:
        self.widths[c] = max(self.widths.get(c, 8), min(len(text), 60))

    def finish(self) -> None:
        for c, w in self.widths.items():
            self.ws.set_column(c, c, w + 2)


def _sheet_name(label: str, used: set[str]) -> str:
    name = _BAD_SHEET_CHARS.sub(" ", label)[:31].strip() or "Blad"
    base, n = name, 2
    while name.lower() in used:
        suffix = f" {n}"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name


def _chapter(sheet: _Sheet, report: Report, c: ThemeChapter) -> None:
    sheet.title(f"{c.label}: {report.gemeente_name} en Nederland, {report.period}")
    sheet.text(c.description)
    if c.commentary:
        sheet.title("Toelichting van de analist")
        for para in c.commentary:
            sheet.text(para)
    sheet.title("Hoe gaat het")
    if not c.figures:
        sheet.text(c.no_figures)
    else:
        sheet.header(["indicator", "omschrijving", "groep", "periode", "eenheid", "waarde", "weergave", "status",
                      "Nederland", "Nederland (weergave)", "t.o.v. Nederland", "methode", "vorige periode",
                      "vorige waarde", "ontwikkeling", "toelichting", "bron (tabel)"])
        for row in c.figures:
            f = row.figure
            sheet.values([f.indicator, f.label, row.group_label, f.period or report.period, f.unit, _number(f.value),
                          f.display, f.status, _number(f.nl_value), f.nl_display, row.comparison_text, row.method,
                          f.previous_period, _number(f.previous_value), row.trend_text, f.note, f.source])
    if c.map is not None:
        m = c.map
        sheet.title(f"Waar gaat het goed en waar minder: {m.label} ({m.group_label}, {m.period}) per {m.level}")
        sheet.text(m.summary)
        sheet.header([m.level, "code", "waarde", "weergave", "t.o.v. gemeente",
                      f"gunstiger (van {m.n_indicators} indicatoren)", "ongunstiger", "vergeleken"])
        for a in m.rows:
            sheet.values([a.area_name, a.area_code, _number(a.value), a.display, a.comparison, a.n_favourable,
                          a.n_unfavourable, a.n_judged])
    if c.groups:
        sheet.title(f"Met wie: leeftijdsgroepen, {report.period}")
        sheet.header(["indicator", "omschrijving", "groep", "waarde", "weergave", "verschil"])
        for g in c.groups:
            for v in g.values:
                sheet.values([g.indicator, g.label, v.group, _number(v.value), v.display, g.text])
    sheet.title("Wat we horen")
    sheet.header(["gesprekken", "signalen", "kernen"])
    sheet.values([c.voices.conversations, c.voices.signals, c.voices.kernen])
    sheet.text(c.voices.text)
    for q in c.voices.quotes:
        sheet.text(q)
    sheet.title("Aanbod in de sociale basis")
    sheet.text(c.offer.text)
    if c.offer.available:
        sheet.header(["actief aanbod", "kernen met aanbod", "voorbeeldgegevens"])
        sheet.values([c.offer.services, c.offer.kernen_with_offer, c.offer.is_example])
        if c.offer.cells:
            sheet.header(["kern", "nood", "aanbod", "oordeel", "cijfers achter de nood"])
            for cell in c.offer.cells:
                sheet.values([cell.kern_name, cell.need, cell.offer, cell.label, "; ".join(cell.need_indicators)])
    sheet.title("Wat er gebeurt")
    for line in c.execution or (c.execution_empty,):
        sheet.text(line)


def workbook(report: Report) -> bytes:
    """The workbook as bytes (``sociale-monitor-GM1904-2020.xlsx``)."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    wb.set_properties({"title": report.title, "author": "Kernfoto", "created": dt.datetime(2000, 1, 1),
                       "comments": "; ".join(s.attribution for s in report.sources)})
    formats = {"bold": wb.add_format({"bold": True}), "title": wb.add_format({"bold": True, "font_size": 12}),
               "wrap": None}
    used: set[str] = set()
    sheets: list[_Sheet] = []

    def sheet(label: str) -> _Sheet:
        s = _Sheet(wb, _sheet_name(label, used), formats)
        sheets.append(s)
        return s

    if report.introduction:
        s = sheet("Inleiding")
        s.title(f"Inleiding: {report.title}")
        for para in report.introduction:
            s.text(para)
    s = sheet("Samenvatting")
    s.title(f"Samenvatting: {report.title}")
    if report.population:
        s.text(report.population)
    s.header(["nr", "soort", "indicator", "omschrijving", "thema", "groep", "periode", "waarde", "weergave",
              "vergeleken met", "vergelijkingswaarde", "vergelijkingswaarde (weergave)", "oordeel", "score", "zin"])
    for n, f in enumerate(report.summary, start=1):
        kind = "verschil met Nederland" if f.kind == "nederland" else "verandering sinds vorige meting"
        s.values([n, kind, f.indicator, f.label, f.theme, f.group, f.period, _number(f.value), f.display,
                  f.reference_label, _number(f.reference), f.reference_display, f.judgement, _number(f.score), f.text])
    for line in (report.summary_note, report.summary_accumulation, report.summary_method):
        s.text(line)
    for c in report.chapters:
        _chapter(sheet(c.label), report, c)
    s = sheet("Stapeling")
    s.title(f"Waar problemen zich opstapelen, {report.period}")
    s.text(report.accumulation.method)
    s.text(report.accumulation.empty_text)
    for lv in report.accumulation.levels:
        s.title(f"Per {lv.level}")
        s.header(["plaats", lv.level, "code", "ongunstiger", "vergeleken", "thema's", "indicatoren",
                  "thema's (namen)"])
        for a in lv.rows:
            s.values([a.rank, a.area_name, a.area_code, a.n_unfavourable, a.n_judged, a.n_themes,
                      "; ".join(a.indicators), "; ".join(a.themes)])
    s = sheet("Bijlage")
    s.title("Bijlage: alle cijfers")
    s.header(["indicator", "omschrijving", "thema", "eenheid", "groepen", "perioden", "definitie", "bron",
              "methode", "noot"])
    for a in report.appendix:
        s.values([a.indicator, a.label, a.theme_label, a.unit, a.groups, a.periods, a.definition, a.source,
                  a.method, a.note])
    s.title("Vergelijkbaarheid van de indeling")
    for line in report.comparability:
        s.text(line)
    s.title("Toelichting op de methode")
    for line in report.method_notes:
        s.text(line)
    s = sheet("Bronnen")
    s.title("Bronnen")
    s.header(["tabel", "titel", "perioden", "bron", "licentie"])
    for src in report.sources:
        s.values([src.table_id, src.title, src.period, src.attribution, src.licence])
    s.text("Kaarten: Bron: CBS / PDOK, gebiedsindelingen (gegeneraliseerd), licentie CC BY 4.0.")
    s.text(f"Gemaakt met Kernfoto {report.version} (EUPL-1.2).")
    for sh in sheets:
        sh.finish()
    wb.close()
    return out.getvalue()
