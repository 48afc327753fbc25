"""Reading checks a table column by column (issue 19); what it gives must not show that.

Each test pins an order a row-by-row reading gave: the problems (by row, then column as
``COLUMNS`` lists them, then extra columns in header order) and the attributes of a node
(``COLUMNS`` order, then extra columns), including the two rows a column-wise pass could
put elsewhere: a draft meeting's unknown purpose kept as ``aim`` when the file has no ``aim``
column, and the ``source`` column read as ``evidence``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import write_dataset

from netmap.errors import ValidationError
from netmap.io.dataset import load_dataset

DRAFT = """\
name: 座間市
prefecture: 神奈川県
draft: true
"""


def test_problems_come_row_by_row_then_column_by_column(tmp_path: Path) -> None:
    # row 2: hub (bool) then certainty (an extra coded column); row 3: sector then needs;
    # row 4: hub. A column-wise pass finds sector's, then needs', then hub's problems first.
    orgs = """\
    id,name,sector,needs,hub,evidence,certainty
    hub,自立サポート担当,government,economic_hardship,maybe,e:1,bogus
    shakyo,社会福祉協議会,nosuch,nothing_like_it,,e:2,
    oneaid,NPO法人ワンエイド,npo,住まい,perhaps,e:3,
    """
    with pytest.raises(ValidationError) as err:
        load_dataset(write_dataset(tmp_path / "d", {"organisations.csv": orgs}))
    where = [(p.row, p.column) for p in err.value.problems]
    # the last: 'perhaps' is kept as the (truthy) cell text, so oneaid is also a second hub,
    # found after every cell is read
    assert where == [(2, "hub"), (2, "certainty"), (3, "sector"), (3, "needs"), (4, "hub"),
                     (4, "hub")]


def test_draft_unknown_purpose_takes_the_place_of_aim(tmp_path: Path) -> None:
    meetings = """\
    id,name,per_year,purpose,evidence,confidence
    m1,CSW会議,12,謎の目的,e:8,high
    """
    net = load_dataset(write_dataset(tmp_path / "d", {"municipality.yaml": DRAFT,
                                                      "meetings.csv": meetings}))
    # COLUMNS["meetings"]: id name per_year per_year_max purpose aim name_en evidence …;
    # confidence is an extra column, so it comes last
    assert list(net.graph.nodes["m1"].items()) == [
        ("node_type", "meeting"), ("name", "CSW会議"), ("per_year", 12), ("aim", "謎の目的"),
        ("evidence", "e:8"), ("confidence", "high")]
    assert any("謎の目的" in w for w in net.warnings)


def test_source_column_is_read_as_evidence_in_its_place(tmp_path: Path) -> None:
    orgs = """\
    id,name,sector,source,hub,area
    hub,自立サポート担当,government,e:1,true,市全域
    """
    links = "source,target,type\n"
    net = load_dataset(write_dataset(tmp_path / "d", {"organisations.csv": orgs,
                                                      "links.csv": links}))
    # COLUMNS["organisations"]: … hub, area, …, evidence (from _COMMON) after them
    assert list(net.graph.nodes["hub"].items()) == [
        ("node_type", "organisation"), ("name", "自立サポート担当"), ("sector", "government"),
        ("hub", True), ("area", "市全域"), ("evidence", "e:1")]
