"""Which rows of a dataset have not been checked lately (``assured_date`` missing or old).

A map of a support network goes stale as windows move and programs end; HSDS calls the date a
record was last checked ``assured_date`` and so does our format (``docs/FORMAT.md``). This
module lists what a coordinator should re-check next.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from netmap.model import Network

__all__ = ["stale", "parse_age", "cutoff_date"]

#: Tables checked by default, with the node type whose nodes are that table's rows.
TABLES = {"organisations": "organisation", "programs": "program", "meetings": "meeting",
          "roles": "role"}

_UNITS = {"d": "d", "日": "d", "w": "w", "週": "w", "週間": "w", "m": "m", "か月": "m",
          "ヶ月": "m", "カ月": "m", "ヵ月": "m", "月": "m", "y": "y", "年": "y"}
_AGE = re.compile(r"^\s*(\d+)\s*(" + "|".join(sorted(map(re.escape, _UNITS), key=len,
                                                      reverse=True)) + r")\s*$", re.I)


def parse_age(text: str) -> tuple[int, str]:
    """``"18m"`` → ``(18, "m")``: a count and a unit of ``d``, ``w``, ``m`` or ``y``.

    Japanese units are read too (``30日``, ``6か月``, ``1年``).

    >>> parse_age("30d"), parse_age("6m"), parse_age("1y"), parse_age("18か月")
    ((30, 'd'), (6, 'm'), (1, 'y'), (18, 'm'))
    """
    m = _AGE.match(text)
    if not m:
        raise ValueError(f"期間は 30d・6m・1y・18m の形で (expected an age like 30d, 6m, 1y, "
                         f"18m; got '{text}')")
    return int(m.group(1)), _UNITS[m.group(2).lower()]


def cutoff_date(older_than: str, today: dt.date) -> dt.date:
    """The date ``older_than`` before ``today``, by the calendar (month ends are clamped).

    >>> cutoff_date("1m", dt.date(2025, 3, 31)), cutoff_date("1y", dt.date(2024, 2, 29))
    (datetime.date(2025, 2, 28), datetime.date(2023, 2, 28))
    """
    n, unit = parse_age(older_than)
    if unit == "d":
        return today - dt.timedelta(days=n)
    if unit == "w":
        return today - dt.timedelta(weeks=n)
    months = n * 12 if unit == "y" else n
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    day = min(today.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def stale(net: Network, older_than: str = "1y", today: dt.date | None = None,
          tables: tuple[str, ...] = tuple(TABLES)) -> list[dict[str, Any]]:
    """Rows whose ``assured_date`` is missing or older than ``older_than``.

    Parameters
    ----------
    net : Network
        The network.
    older_than : str
        An age: ``30d``, ``6w``, ``6m``, ``1y``, ``18m`` (or ``30日``, ``6か月``, ``1年``).
    today : datetime.date, optional
        The date to measure from (default: today), fixed in tests.
    tables : tuple of str
        Which tables to check: any of ``organisations``, ``programs``, ``meetings``,
        ``roles``.

    Returns
    -------
    list of dict
        ``{table, id, name, assured_date, age_days, reason}`` with ``reason`` ``old`` (oldest
        first) then ``missing`` (in table and file order; ``assured_date`` and ``age_days``
        None).

    Notes
    -----
    A row is old when its date is strictly before the cutoff (``today`` minus
    ``older_than`` on the calendar): a row checked exactly one year ago is not yet stale at
    ``1y``. A date after ``today`` is not stale. Needs are shared by every municipality and
    are not checked here.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", node_type="organisation", name="A", assured_date="2023-01-10")
    >>> G.add_node("b", node_type="organisation", name="B")
    >>> [(r["id"], r["reason"], r["age_days"])
    ...  for r in stale(Network(G), "1y", today=dt.date(2025, 1, 10))]
    [('a', 'old', 731), ('b', 'missing', None)]
    """
    today = today or dt.date.today()
    cutoff = cutoff_date(older_than, today)
    old: list[dict[str, Any]] = []
    missing: list[dict[str, Any]] = []
    for table in tables:
        if table not in TABLES:
            raise ValueError(f"不明な表 (unknown table) '{table}'; valid: " + ", ".join(TABLES))
        for node, attrs in net.nodes_of(TABLES[table]):
            row: dict[str, Any] = {"table": table, "id": node, "name": str(attrs.get("name", node)),
                   "assured_date": None, "age_days": None, "reason": "missing"}
            text = attrs.get("assured_date")
            if not text:
                missing.append(row)
                continue
            date = dt.date.fromisoformat(str(text)[:10])
            if date < cutoff:
                row.update(assured_date=date.isoformat(), age_days=(today - date).days,
                           reason="old")
                old.append(row)
    old.sort(key=lambda r: -r["age_days"])
    return old + missing
