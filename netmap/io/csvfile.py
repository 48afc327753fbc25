"""CSV as netmap writes and reads it: one cell convention and the formula guard.

Every CSV netmap writes — dataset folders (``pull``, ``extract``, ``synth``), the ``csv``
export, ``--csv`` listings — turns values into cells with :func:`csv_cell` and rows into text
with :func:`csv_text`/:func:`write_csv`; the reader (:mod:`netmap.io.tables`) undoes the
guard with :func:`unguard`. So a value survives write → read unchanged.

Cells
-----
``None`` → empty; ``True`` → ``true`` and ``False`` → empty (the dataset format reads an
empty boolean cell as false: one convention for every file); a list → its items joined by
``;`` (the ``needs`` cell); a dict → JSON; numbers → ``str``.

Formula guard (CWE-1236, OWASP "CSV Injection")
-----------------------------------------------
A spreadsheet evaluates a cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (Excel with a
Japanese IME also their full-width forms ``＝ ＋ － ＠``), and a leading tab or carriage return
can hide such a start. Text starting with one of these is written with a leading ``'``, which
the spreadsheet shows as text and never evaluates. Two exceptions keep data intact:

- **numbers stay numbers**: a Python ``int``/``float`` and text that is a plain decimal
  number (``-5``, ``+3.5``, ``-1e3``) are written as they are — a spreadsheet reads them as a
  number, never as a formula, and a negative count or rate must not turn into text;
- **the guard is reversible**: text that already starts with ``'`` before one of the
  characters above gets one more ``'`` (``'@risk team`` → ``''@risk team``), so
  :func:`unguard`, which removes exactly one ``'`` from such a cell, gives back the original.

Reading strips the guard from every CSV cell, netmap's or not: a user-written cell starting
with ``'=`` loses that first apostrophe (a spreadsheet would hide it too).

References
----------
OWASP, *CSV Injection* (https://owasp.org/www-community/attacks/CSV_Injection);
MITRE CWE-1236, *Improper Neutralization of Formula Elements in a CSV File*.

Examples
--------
>>> [csv_cell(x) for x in ["=1+1", "'@risk team", "-5 people", -5, "-5", True, False, None]]
["'=1+1", "''@risk team", "'-5 people", '-5', '-5', 'true', '', '']
>>> [unguard(csv_cell(x)) for x in ["=1+1", "'@risk team", "-5 people", "＠x"]]
['=1+1', "'@risk team", '-5 people', '＠x']
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from netmap.io.output import write_bytes

__all__ = ["GUARD", "TRIGGERS", "needs_guard", "guard", "unguard", "cell_text", "csv_cell", "csv_text",
           "csv_bytes", "write_csv"]

#: The character put before a cell a spreadsheet would evaluate.
GUARD = "'"
#: Leading characters that make a spreadsheet read a cell as a formula.
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_FIRST = frozenset("".join(TRIGGERS) + GUARD)
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def needs_guard(text: str) -> bool:
    """Whether ``text`` would be read as a formula (or is already guarded) and needs a ``'``.

    >>> needs_guard("=SUM(A1)"), needs_guard("-5"), needs_guard("座間市"), needs_guard("'=x")
    (True, False, False, True)
    """
    bare = text.lstrip(GUARD)
    if not bare.startswith(TRIGGERS):
        return False
    already_guarded = len(bare) != len(text)
    return already_guarded or not _NUMBER.fullmatch(text)


def guard(text: str) -> str:
    """``text`` with a leading ``'`` when :func:`needs_guard` says so."""
    return GUARD + text if needs_guard(text) else text


def unguard(text: str) -> str:
    """Undo :func:`guard`: drop one ``'`` before a (possibly guarded) formula start.

    >>> unguard("'=1+2"), unguard("''=1"), unguard("'quoted'"), unguard("-5")
    ('=1+2', "'=1", "'quoted'", '-5')
    """
    if text.startswith(GUARD) and text.lstrip(GUARD).startswith(TRIGGERS):
        return text[1:]
    return text


def cell_text(value: Any) -> str:
    """A value as cell text, without the guard (``True`` → ``true``, lists ``;``-joined)."""
    if value is None or value is False:
        return ""
    if value is True:
        return "true"
    if isinstance(value, (list, tuple)):
        return ";".join(cell_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def csv_cell(value: Any) -> str:
    """One value as the text of a CSV cell: the cell convention plus the formula guard.

    Numbers (``int``, ``float``) are never guarded; any other value is made text first and
    guarded if needed (see the module notes).
    """
    if value.__class__ is str:  # the common case first: this runs for every cell written
        return GUARD + value if value and value[0] in _FIRST and needs_guard(value) else value
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return guard(cell_text(value))


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, Any]],
             excel: bool = False) -> str:
    """A header row and one line per row (missing keys empty), every cell via :func:`csv_cell`.

    ``excel`` ends lines with CRLF, as Excel writes them (callers add the BOM when encoding:
    :func:`write_csv`); otherwise lines end with ``\\n``, as the dataset folders have them.
    """
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n" if excel else "\n")
    w.writerow([csv_cell(c) for c in columns])
    for row in rows:
        w.writerow([csv_cell(row.get(c)) for c in columns])
    return buf.getvalue()


def csv_bytes(columns: Sequence[str], rows: Iterable[Mapping[str, Any]],
              excel: bool = False) -> bytes:
    """:func:`csv_text` encoded: UTF-8, with a BOM and CRLF for ``excel`` (so Excel reads it)."""
    text = csv_text(columns, rows, excel)
    return text.encode("utf-8-sig" if excel else "utf-8")


def write_csv(out: Path | str | TextIO, columns: Sequence[str],
              rows: Iterable[Mapping[str, Any]], excel: bool = False) -> None:
    """Write rows as CSV to a file (atomically, :mod:`netmap.io.output`) or an open stream.

    The CLI's ``--csv`` listings call this with ``sys.stdout``; ``-o FILE`` with the path.
    """
    if isinstance(out, (str, Path)):
        write_bytes(out, csv_bytes(columns, rows, excel))
    else:
        out.write(csv_text(columns, rows, excel))
