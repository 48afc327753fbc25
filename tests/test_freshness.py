"""Which rows need re-checking: assured_date missing or older than a given age."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import DATASETS, write_dataset

from netmap.analysis.stale import cutoff_date, parse_age, stale
from netmap.cli import cli
from netmap.io.dataset import load_dataset

TODAY = dt.date(2025, 4, 1)

# ages counted by hand from 2025-04-01
ORGS = """\
id,name,kind,sector,hub,evidence,assured_date
hub,自立サポート担当,行政課,government,true,seed:1,2025-03-20
shakyo,社会福祉協議会,社会福祉協議会,shakyo,,seed:2,2024-04-01
oneaid,NPO法人ワンエイド,NPO法人,npo,,seed:3,2024-03-31
fb,フードバンク,NPO法人,npo,,seed:4,2023-10-01
new,新しい団体,NPO法人,npo,,seed:5,
"""
PROGRAMS = """\
id,name,category,evidence,assured_date
prog-kakei,家計改善支援事業,optional,seed:6,2022-01-15
prog-future,未来の事業,other,seed:7,2026-01-01
"""
MEETINGS = """\
id,name,per_year,evidence
mtg,支援調整会議,12,seed:8
"""
LINKS = "source,target,type,evidence\nhub,shakyo,refers_to,seed:9\n"


@pytest.fixture
def net(tmp_path: Path):  # type: ignore[no-untyped-def]
    return load_dataset(write_dataset(tmp_path / "d", {
        "organisations.csv": ORGS, "programs.csv": PROGRAMS, "meetings.csv": MEETINGS,
        "links.csv": LINKS}))


def test_one_year(net) -> None:  # type: ignore[no-untyped-def]
    rows = stale(net, "1y", today=TODAY)
    # cutoff 2024-04-01: 2024-04-01 itself is not stale, 2024-03-31 is (366 days: leap year)
    assert [(r["id"], r["reason"], r["age_days"]) for r in rows] == [
        ("prog-kakei", "old", 1172),
        ("fb", "old", 548),
        ("oneaid", "old", 366),
        ("new", "missing", None),
        ("mtg", "missing", None),
    ]
    assert rows[0] == {"table": "programs", "id": "prog-kakei", "name": "家計改善支援事業",
                       "assured_date": "2022-01-15", "age_days": 1172, "reason": "old"}


@pytest.mark.parametrize("age,old", [
    ("30d", ["prog-kakei", "fb", "oneaid", "shakyo"]),   # hub is 12 days old
    ("6m", ["prog-kakei", "fb", "oneaid", "shakyo"]),    # cutoff 2024-10-01
    ("18m", ["prog-kakei"]),  # cutoff 2023-10-01: fb, checked that very day, is not stale
    ("3y", ["prog-kakei"]),                              # cutoff 2022-04-01
    ("1年", ["prog-kakei", "fb", "oneaid"]),
    ("11d", ["prog-kakei", "fb", "oneaid", "shakyo", "hub"]),
])
def test_ages(net, age: str, old: list[str]) -> None:  # type: ignore[no-untyped-def]
    rows = stale(net, age, today=TODAY)
    assert [r["id"] for r in rows if r["reason"] == "old"] == old
    assert [r["id"] for r in rows if r["reason"] == "missing"] == ["new", "mtg"]


def test_future_date_is_not_stale(net) -> None:  # type: ignore[no-untyped-def]
    assert "prog-future" not in {r["id"] for r in stale(net, "1d", today=TODAY)}


def test_tables_filter(net) -> None:  # type: ignore[no-untyped-def]
    rows = stale(net, "1y", today=TODAY, tables=("meetings",))
    assert [r["id"] for r in rows] == ["mtg"]
    with pytest.raises(ValueError, match="links"):
        stale(net, "1y", today=TODAY, tables=("links",))


def test_zama_has_no_assured_dates() -> None:
    net = load_dataset(DATASETS / "zama")
    rows = stale(net, today=TODAY)
    expected = sum(1 for _, d in net.graph.nodes(data=True) if d["node_type"] != "need")
    assert len(rows) == expected and {r["reason"] for r in rows} == {"missing"}


@pytest.mark.parametrize("text,parsed", [("30d", (30, "d")), ("6m", (6, "m")), ("1y", (1, "y")),
                                         ("18m", (18, "m")), ("2w", (2, "w")),
                                         ("6か月", (6, "m")), ("30日", (30, "d")),
                                         (" 1Y ", (1, "y"))])
def test_parse_age(text: str, parsed: tuple[int, str]) -> None:
    assert parse_age(text) == parsed


@pytest.mark.parametrize("text", ["", "1", "y", "1.5y", "-1y", "1 year", "1h"])
def test_parse_age_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="30d"):
        parse_age(text)


@pytest.mark.parametrize("age,today,cutoff", [
    ("1m", dt.date(2025, 3, 31), dt.date(2025, 2, 28)),
    ("18m", dt.date(2025, 4, 1), dt.date(2023, 10, 1)),
    ("1y", dt.date(2024, 2, 29), dt.date(2023, 2, 28)),
    ("12m", dt.date(2025, 1, 15), dt.date(2024, 1, 15)),
    ("30d", dt.date(2025, 3, 1), dt.date(2025, 1, 30)),
])
def test_cutoff(age: str, today: dt.date, cutoff: dt.date) -> None:
    assert cutoff_date(age, today) == cutoff


def test_stale_command(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "d", {"organisations.csv": ORGS, "programs.csv": PROGRAMS,
                                            "meetings.csv": MEETINGS, "links.csv": LINKS})
    runner = CliRunner()
    result = runner.invoke(cli, ["stale", str(folder), "--today", "2025-04-01", "--json"])
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in json.loads(result.output)] == ["prog-kakei", "fb", "oneaid", "new",
                                                           "mtg"]
    table = runner.invoke(cli, ["stale", str(folder), "--today", "2025-04-01",
                                "--older-than", "18m"])
    lines = table.output.splitlines()
    assert lines[0].split() == ["表", "ID", "名称", "確認日", "経過日数", "理由"]
    assert lines[2].split() == ["programs", "prog-kakei", "家計改善支援事業", "2022-01-15",
                                "1172", "古い"]
    assert lines[3].split()[-1] == "確認日なし"
    bad = runner.invoke(cli, ["stale", str(folder), "--older-than", "soon"])
    assert bad.exit_code == 2 and "--older-than" in bad.output
    helptext = runner.invoke(cli, ["stale", "-h"]).output
    assert "Example:" in helptext and "netmap stale datasets/zama --older-than 6m" in helptext
