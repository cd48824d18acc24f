"""Errors a user can act on. Messages are Dutch and name the file, row and column."""

from __future__ import annotations


class KernfotoError(Exception):
    """Base class for problems the user can fix; the CLI prints them without a traceback."""


class InputError(KernfotoError):
    """A problem with an input file.

    ``row`` is the 1-based line/row number as the user sees it in a spreadsheet or editor
    (the header is row 1), ``column`` the column name as it appears in the file.
    """

    def __init__(self, message: str, *, file: str | None = None, row: int | None = None, column: str | None = None):
        self.message = message
        self.file = file
        self.row = row
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(f"bestand {self.file}")
        if self.row is not None:
            where.append(f"rij {self.row}")
        if self.column:
            where.append(f"kolom {self.column}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message
