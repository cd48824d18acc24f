"""Reading and writing the observations of datasets (a Parquet blob per dataset)."""

from __future__ import annotations

import io
from collections.abc import Iterable

import polars as pl

from .catalogue import catalogue
from .models import Dataset, DatasetKind

CELL_SCHEMA = {"area_code": pl.Utf8, "area_level": pl.Utf8, "period": pl.Utf8, "group": pl.Utf8,
               "source_key": pl.Utf8, "value": pl.Float64, "lower": pl.Float64, "upper": pl.Float64,
               "status": pl.Utf8}


def frame_to_bytes(frame: pl.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.select(list(CELL_SCHEMA)).write_parquet(buf, compression="zstd", statistics=True)
    return buf.getvalue()


def dataset_frame(dataset: Dataset, area_codes: Iterable[str] | None = None) -> pl.DataFrame:
    frame = pl.read_parquet(io.BytesIO(bytes(dataset.data)))
    if area_codes is not None:
        frame = frame.filter(pl.col("area_code").is_in(list(area_codes)))
    return frame


def observations(area_codes: Iterable[str] | None = None, *, gemeente_level_all: bool = False) -> pl.DataFrame:
    """All observations (optionally of some areas, plus every gemeente row), with table id, series,
    boundary year and import time of their dataset; newest dataset first where two give the same cell."""
    cat = catalogue()
    codes = None if area_codes is None else list(area_codes)
    frames = []
    for ds in Dataset.objects.filter(kind=DatasetKind.TABLE).order_by("pk"):
        frame = pl.read_parquet(io.BytesIO(bytes(ds.data)))
        if codes is not None:
            keep = pl.col("area_code").is_in(codes)
            if gemeente_level_all:
                keep = keep | (pl.col("area_level") == "gemeente")
            frame = frame.filter(keep)
        table = cat.tables.get(ds.table_id)
        frames.append(frame.with_columns(
            pl.lit(ds.table_id).alias("table_id"), pl.lit(ds.series).alias("series"),
            pl.lit(table.boundaries if table else None, dtype=pl.Utf8).alias("boundaries"),
            pl.lit(ds.imported_at.timestamp()).alias("imported"), pl.lit(ds.pk).alias("dataset_id"),
        ))
    if not frames:
        return pl.DataFrame(schema={**CELL_SCHEMA, "table_id": pl.Utf8, "series": pl.Utf8, "boundaries": pl.Utf8,
                                    "imported": pl.Float64, "dataset_id": pl.Int64})
    return pl.concat(frames, how="vertical_relaxed")


def cell(area_code: str, source_key: str, period: str, group: str = "totaal") -> tuple[float | None, str]:
    """(value, status) of one source cell: for checks and tests."""
    frame = observations([area_code]).filter(
        (pl.col("source_key") == source_key) & (pl.col("period") == period) & (pl.col("group") == group))
    if frame.is_empty():
        raise KeyError((area_code, source_key, period, group))
    r = frame.sort("imported", descending=True).row(0, named=True)
    return r["value"], r["status"]
