"""How the Excel template prints: landscape A4, fitted to the page width, a few pages in all.

A coordinator often prints the blank template to fill in at a meeting, or a filled one to
check with colleagues. Without page setup Excel and LibreOffice split each wide sheet over
many pages and cut long lines at the page edge (the template used to print as 31 pages). Each
sheet here gets a print area (its columns; the filled rows plus a few blank ones to write in),
landscape A4 fitted to one page wide (two for the widest sheet), the header row repeated on
every page, grid lines, and a footer with the sheet name and page number. Long instruction
lines are merged across the printed columns, wrapped, and given a row height that shows every
line.

Checked by converting the blank template to PDF with LibreOffice headless and counting and
looking at the pages (tests/test_workbook.py).
"""

from __future__ import annotations

import math
import unicodedata

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["BLANK_ROWS", "setup_print", "wrap_lines", "fit_rows", "text_width"]

#: Blank rows printed under the filled ones, to write in by hand.
BLANK_ROWS = 12

#: Column width units that fit across A4 landscape at 100 % (27.7 cm less margins ≈ 150 units
#: of the default 11 pt font); beyond it a sheet goes to two pages wide rather than shrinking.
_PAGE_UNITS = 150
_LINE_HEIGHT = 15.0  # points per line of 11 pt text


def text_width(text: str) -> int:
    """Width of ``text`` in column units: East Asian wide characters count two.

    >>> text_width("abc"), text_width("座間市")
    (3, 6)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def setup_print(ws: Worksheet, n_columns: int, n_rows: int, blank_rows: int = BLANK_ROWS,
                table: bool = True) -> None:
    """Page setup of one sheet: print area, landscape A4 fitted to width, titles, footer.

    ``n_rows`` counts the header row; the print area ends ``blank_rows`` below the last one.
    A ``table`` sheet repeats its header row on every page, prints grid lines and gets a
    header row tall enough for its wrapped headings.
    """
    last_col = get_column_letter(max(n_columns, 1))
    last_row = max(n_rows, 1) + blank_rows
    ws.print_area = f"A1:{last_col}{last_row}"
    units = sum((ws.column_dimensions[get_column_letter(j)].width or 10)
                for j in range(1, n_columns + 1))
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = min(2, max(1, math.ceil(units / (_PAGE_UNITS * 1.25))))
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = 0.5
    ws.page_margins.bottom = 0.8
    ws.page_margins.footer = 0.3
    footer = ws.oddFooter
    if footer is not None and footer.center is not None:
        footer.center.text = "&A — &P / &N"
    if table:
        ws.print_title_rows = "1:1"
        ws.print_options.gridLines = True
        _header_height(ws, n_columns)


def _header_height(ws: Worksheet, n_columns: int) -> None:
    """Row 1 tall enough for every wrapped heading (no application grows it on its own)."""
    lines = 1
    for j in range(1, n_columns + 1):
        width = ws.column_dimensions[get_column_letter(j)].width or 10
        text = str(ws.cell(1, j).value or "")
        lines = max(lines, math.ceil(text_width(text) * 1.15 / max(width - 1, 1)))
    ws.row_dimensions[1].height = _LINE_HEIGHT * lines + 3


def wrap_lines(ws: Worksheet, rows: list[int], n_columns: int) -> None:
    """Merge each of ``rows`` across the first ``n_columns`` columns, wrapped to fit.

    The row height is set from the text width, because neither Excel nor LibreOffice grows a
    merged row to fit its text.
    """
    units = sum((ws.column_dimensions[get_column_letter(j)].width or 10)
                for j in range(1, n_columns + 1))
    last = get_column_letter(n_columns)
    for row in rows:
        cell = ws.cell(row, 1)
        text = str(cell.value or "")
        ws.merge_cells(f"A{row}:{last}{row}")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        lines = max(1, math.ceil(text_width(text) * 1.1 / units))
        ws.row_dimensions[row].height = _LINE_HEIGHT * lines + 3


def fit_rows(ws: Worksheet, rows: range, n_columns: int) -> None:
    """Give each of ``rows`` the height its wrapped cells need (LibreOffice and Excel keep the
    default height of a row written by openpyxl, which would cut every line but the first)."""
    widths = [ws.column_dimensions[get_column_letter(j)].width or 10
              for j in range(1, n_columns + 1)]
    for row in rows:
        lines = max(math.ceil(text_width(str(ws.cell(row, j).value or ""))
                              / max(widths[j - 1] - 2, 1)) for j in range(2, n_columns + 1))
        if lines > 1:
            ws.row_dimensions[row].height = _LINE_HEIGHT * lines + 3
