"""Tidy exports of the computed figures (CSV, XLSX, JSON), byte-identical from run to run."""

from __future__ import annotations

import io
import json

import polars as pl

from ..areas.models import Area, AreaGroup
from ..errors import KernfotoError
from .catalogue import Catalogue, catalogue
from .pipeline import results_for

EXPORT_COLUMNS = [
    "area_code", "area_name", "area_level", "period", "group", "indicator", "indicator_label", "theme", "unit",
    "source_table", "source_key", "value", "status", "lower", "upper", "coverage", "weight_note", "gemeente_value",
    "nl_value", "comparison_gemeente", "method_gemeente", "comparison_nl", "method_nl", "previous_period",
    "previous_value", "trend", "note", "attribution",
]
ROUND = 4
LEVEL_ORDER = {"land": 0, "gemeente": 1, "kern": 2, "wijk": 3, "buurt": 4}


def table_for(cat: Catalogue, series: str, period: str) -> str:
    tables = cat.tables_of_series(series)
    if len(tables) == 1:
        return tables[0].id
    for t in tables:
        if t.period == period:
            return t.id
    return ""


def _attribution(cat: Catalogue, table_id: str, period: str) -> str:
    table = cat.tables.get(table_id)
    if table is None:
        return ""
    return table.attribution if period in table.attribution else f"{table.attribution} {period}"


def tidy(results: pl.DataFrame, cat: Catalogue | None = None) -> pl.DataFrame:
    """The engine's results as the stable export table."""
    cat = cat or catalogue()
    meta = pl.DataFrame(
        [(i.id, i.label, i.theme, i.unit, i.series, i.source_key) for i in cat.indicators],
        schema=["indicator", "indicator_label", "theme", "unit", "series", "source_key"], orient="row",
    )
    frame = results.join(meta, on="indicator", how="left")
    pairs = frame.select("series", "period").unique().to_dicts()
    tmap = pl.DataFrame(
        [(p["series"], p["period"], table_for(cat, p["series"], p["period"])) for p in pairs],
        schema=["series", "period", "source_table"], orient="row",
    )
    # attribution names the table and the period the figure is from, e.g. "..., Gezondheidsmonitor ... 2020"
    attr = pl.DataFrame(
        [(p["series"], p["period"], _attribution(cat, table_for(cat, p["series"], p["period"]), p["period"])) for p in pairs],
        schema=["series", "period", "attribution"], orient="row")
    frame = frame.join(tmap, on=["series", "period"], how="left").join(attr, on=["series", "period"], how="left")
    floats = ["value", "lower", "upper", "coverage", "gemeente_value", "nl_value", "previous_value"]
    frame = frame.with_columns([pl.col(c).round(ROUND) for c in floats])
    frame = frame.with_columns(
        pl.col("area_level").replace_strict(LEVEL_ORDER, default=9).alias("_lvl"),
        *[pl.col(c).fill_null("") for c in ("weight_note", "note", "trend", "method_gemeente", "method_nl",
                                             "previous_period", "area_name")],
    )
    return frame.sort(["_lvl", "area_code", "indicator", "period", "group"]).select(EXPORT_COLUMNS)


def export_table(gemeente: str) -> pl.DataFrame:
    gemeente = gemeente.strip().upper()
    if not Area.objects.filter(code=gemeente, level="gemeente").exists():
        raise KernfotoError(f"gemeente {gemeente} is niet bekend; importeer eerst gegevens (bijvoorbeeld met 'kernfoto demo')")
    return tidy(results_for(gemeente))


def write_frame(frame: pl.DataFrame, fmt: str) -> bytes:
    if fmt == "csv":
        buf = io.BytesIO()
        frame.write_csv(buf, line_terminator="\n")
        return buf.getvalue()
    if fmt == "json":
        rows = frame.to_dicts()
        return (json.dumps(rows, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")
    if fmt == "xlsx":
        buf = io.BytesIO()
        # a fixed creation date keeps the workbook byte-identical from run to run
        import datetime as _dt

        import xlsxwriter

        wb = xlsxwriter.Workbook(buf, {"in_memory": True})
        wb.set_properties({"created": _dt.datetime(2000, 1, 1), "title": "Kernfoto export",
                           "comments": "Bronnen: zie de kolom attribution; licentie CC BY 4.0"})
        ws = wb.add_worksheet("cijfers")
        for c, name in enumerate(frame.columns):
            ws.write_string(0, c, name)
        for r, row in enumerate(frame.iter_rows(), start=1):
            for c, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, int | float):
                    ws.write_number(r, c, v)
                else:
                    ws.write_string(r, c, str(v))
        src = wb.add_worksheet("bronnen")
        for r, a in enumerate(sorted({a for a in frame["attribution"].to_list() if a})):
            src.write_string(r, 0, a)
        wb.close()
        return buf.getvalue()
    raise KernfotoError(f"onbekend formaat {fmt!r}; kies csv, xlsx of json")


def resolve_area(code_or_kern: str) -> tuple[str, str, str]:
    """(area code or kern slug, gemeente code, display name) for a CBS code, a kern slug or a kern name."""
    from django.utils.text import slugify

    value = code_or_kern.strip()
    area = Area.objects.filter(code=value.upper()).first()
    if area:
        gm = area.gemeente_code
        if area.level == "land":
            raise KernfotoError("kies een gemeente, wijk, buurt of kern; Nederland is de vergelijking")
        return area.code, gm, area.display_name
    group = AreaGroup.objects.filter(kind="kern", slug=slugify(value)).first()
    if group:
        return group.slug, group.gemeente_id or "", group.name
    raise KernfotoError(
        f"gebied '{value}' is niet bekend: geef een CBS-code (GM…, WK…, BU…) of de naam van een kern "
        "(zie 'kernfoto kernen')")


def area_indicators(code_or_kern: str, period: str) -> tuple[pl.DataFrame, str]:
    code, gemeente, name = resolve_area(code_or_kern)
    frame = tidy(results_for(gemeente)).filter((pl.col("area_code") == code) & (pl.col("period") == period))
    if frame.is_empty():
        raise KernfotoError(f"geen cijfers voor {name} in {period}; beschikbare jaren staan in 'kernfoto export'")
    return frame, f"{name} ({code}), {period}"


def print_table(console, frame: pl.DataFrame, title: str) -> None:
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for col in ("thema", "indicator", "groep", "waarde", "dekking", "gemeente", "Nederland", "t.o.v. gemeente",
                "t.o.v. NL", "trend"):
        table.add_column(col)

    def fmt(v, unit=""):
        if v is None:
            return ""
        return f"{v:.1f}".replace(".", ",") + (unit if unit == "%" else "")

    for r in frame.iter_rows(named=True):
        value = fmt(r["value"], r["unit"]) if r["status"] == "ok" else r["status"]
        cov = f"{r['coverage']:.0%}" if r["coverage"] is not None and r["coverage"] < 0.999 else ""
        trend = f"{r['trend']} (was {fmt(r['previous_value'], r['unit'])} in {r['previous_period']})" if r["trend"] else ""
        table.add_row(r["theme"], r["indicator_label"], r["group"], value, cov, fmt(r["gemeente_value"], r["unit"]),
                      fmt(r["nl_value"], r["unit"]), r["comparison_gemeente"], r["comparison_nl"], trend)
    console.print(table)
