"""Downloads of what is on screen (CSV, XLSX), always with sources and attribution."""

from __future__ import annotations

import datetime as dt
import io

import polars as pl
from django.http import Http404, HttpResponse

from .. import __version__
from ..stats.catalogue import catalogue

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def sources_for(frame: pl.DataFrame) -> list[str]:
    """Attribution lines of the tables a frame's figures come from."""
    lines = set()
    if "attribution" in frame.columns:
        lines |= {a for a in frame["attribution"].drop_nulls().unique().to_list() if a}
    if not lines:
        lines = {t.attribution for t in catalogue().tables.values()}
    return sorted(lines) + ["Licentie van de cijfers: CC BY 4.0. Gemaakt met Kernfoto " + __version__ + " (EUPL-1.2)."]


def download(frame: pl.DataFrame, fmt: str, filename: str, *, title: str) -> HttpResponse:
    """``frame`` as CSV or XLSX; sources come first in the CSV (lines starting with #) and on a sheet in XLSX.

    Callers pass only public figures: rows whose status is not "ok" carry no value.
    """
    if fmt not in FORMATS:
        raise Http404("Onbekend formaat; kies csv of xlsx")
    frame = frame.with_columns([pl.col(c).cast(pl.Utf8) if frame.schema[c] == pl.Object else pl.col(c)
                                for c in frame.columns])
    sources = sources_for(frame)
    if fmt == "csv":
        buf = io.StringIO()
        buf.write(f"# {title}\n")
        for line in sources:
            buf.write(f"# {line}\n")
        buf.write(frame.write_csv(line_terminator="\n"))
        body: bytes = buf.getvalue().encode("utf-8")
    else:
        import xlsxwriter

        out = io.BytesIO()
        wb = xlsxwriter.Workbook(out, {"in_memory": True})
        wb.set_properties({"title": title, "created": dt.datetime(2000, 1, 1), "comments": "; ".join(sources)})
        ws = wb.add_worksheet("cijfers")
        bold = wb.add_format({"bold": True})
        for c, name in enumerate(frame.columns):
            ws.write_string(0, c, name, bold)
        for r, row in enumerate(frame.iter_rows(), start=1):
            for c, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, bool):
                    ws.write_string(r, c, "ja" if v else "nee")
                elif isinstance(v, int | float):
                    ws.write_number(r, c, v)
                else:
                    ws.write_string(r, c, str(v))
        src = wb.add_worksheet("bronnen")
        src.write_string(0, 0, title, bold)
        for r, line in enumerate(sources, start=1):
            src.write_string(r, 0, line)
        wb.close()
        body = out.getvalue()
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
