"""The one error tree of netmap; the CLI turns each into ``Error: …`` and exit code 1.

::

    NetmapError
     ├── DatasetError      bad input: a file, row and column are named
     │    └── ValidationError   many problems at once (``.problems``)
     ├── StoreError        Neo4j unreachable, refused, or a failed load
     ├── OutputError       an output file or folder that cannot or may not be written
     └── NeedError         a need that the taxonomy does not know
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "NetmapError",
    "DatasetError",
    "ValidationError",
    "Problem",
    "StoreError",
    "OutputError",
    "NeedError",
]


class NetmapError(Exception):
    """Base of every error netmap raises on purpose."""


class DatasetError(NetmapError):
    """A dataset file cannot be read or is wrong; the message names file, row and column."""


@dataclass(frozen=True)
class Problem:
    """One problem in a dataset, printed as ``file:row:column: message``.

    ``row`` is the 1-based line in a CSV file (the header is row 1), the sheet row in a
    workbook, or 0 for a whole-file problem; ``column`` is the column name or ``""``.
    """

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}:{self.column}: {self.message}"


def problems_summary(n: int, source: object = None) -> str:
    """The one line every command ends a list of dataset problems with (``validate`` and a
    command that could not load its dataset say the same thing).

    >>> problems_summary(4, "datasets/x")
    '4 件の問題があります (4 problems in datasets/x)'
    """
    where = f" in {source}" if source is not None else ""
    return f"{n} 件の問題があります ({n} problem{'' if n == 1 else 's'}{where})"


class ValidationError(DatasetError):
    """Every problem found in one dataset; loading stops and nothing is returned.

    ``summary`` is :func:`problems_summary`; the command line prints the problems, one a line,
    then ``Error: summary`` (as ``netmap validate`` does).
    """

    def __init__(self, problems: list[Problem], source: object = None):
        self.problems = list(problems)
        self.summary = problems_summary(len(self.problems), source)
        super().__init__(self.summary + "\n" + "\n".join(str(p) for p in self.problems))


class StoreError(NetmapError):
    """Neo4j could not be reached, refused the credentials, or a load failed."""


class OutputError(NetmapError):
    """An output path cannot be written (missing folder, no permission, full disk) or may not
    be: a symlink, a special file, or a folder netmap did not write (``--overwrite``)."""


class NeedError(NetmapError):
    """A need typed by the user matches no code, label or synonym of the taxonomy."""
