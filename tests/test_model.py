"""The typed graph: providers through programs, the tie graph, the taxonomy's spellings."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import DATASETS, write_dataset

from netmap.errors import NeedError
from netmap.io.dataset import load_dataset
from netmap.model import LINK_TYPES, SECTORS
from netmap.taxonomy import load_taxonomy


def test_taxonomy_has_every_required_need() -> None:
    required = ("economic_hardship household_budget debt housing employment work_readiness "
                "social_isolation disability illness mental_health family food child_learning "
                "hikikomori elder_care legal suicide_prevention guardianship reentry funeral "
                "disaster").split()
    tax = load_taxonomy()
    assert set(required) <= set(tax.needs)
    for need in tax:
        assert need.parent is None or need.parent in tax.needs


@pytest.mark.parametrize("typed,code", [
    ("housing", "housing"), ("住まい", "housing"), ("住まい不安定", "housing"), ("借金", "debt"),
    ("債務", "debt"), ("就職活動困難", "employment"), ("障害(疑い)", "disability"),
    ("障害（疑い）", "disability"), ("Debt", "debt"), ("ひきこもり", "hikikomori"),
])
def test_need_spellings_resolve(typed: str, code: str) -> None:
    assert load_taxonomy().resolve(typed) == code


def test_unknown_need_raises_with_hint() -> None:
    with pytest.raises(NeedError, match="did you mean"):
        load_taxonomy().resolve("住まう")


def test_sectors_are_the_documented_codes() -> None:
    assert list(SECTORS) == ["government", "shakyo", "npo", "social_welfare_corp", "private",
                             "medical", "legal", "labour", "education", "residents",
                             "cooperative", "other"]
    assert not LINK_TYPES["partners"].directed and LINK_TYPES["refers_to"].directed


def test_org_covers_a_need_through_the_program_it_operates(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "d", {
        "programs.csv": "id,name,category,needs\nkakei,家計改善支援事業,optional,household_budget\n",
        "links.csv": "source,target,type\noneaid,kakei,operates\n",
    })
    net = load_dataset(folder)
    assert net.needs_covered("oneaid") == {"housing", "household_budget"}
    assert net.providers()["household_budget"] == ["oneaid", "shakyo"] or \
        set(net.providers()["household_budget"]) == {"oneaid", "shakyo"}


def test_tie_graph_joins_meeting_members(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "d", {
        "meetings.csv": "id,name,per_year\nm1,支援調整会議,12\n",
        "links.csv": "source,target,type\nshakyo,m1,attends\noneaid,m1,attends\n",
    })
    net = load_dataset(folder)
    with_m = net.tie_graph()
    assert set(with_m["m1"]) == {"shakyo", "oneaid"}
    projected = net.tie_graph(with_meetings=False)
    assert projected["shakyo"]["oneaid"]["via"] == ["meeting:m1"]
    assert "hub" in projected and projected.degree("hub") == 0


def test_needs_by_org_is_needs_covered_of_each_organisation() -> None:
    """``needs_by_org`` reads the links once; it must give each organisation exactly what
    ``needs_covered`` (two out-edge walks) gives, on every curated city."""
    folders = [d for d in DATASETS.iterdir() if (d / "organisations.csv").exists()]
    assert len(folders) >= 4
    for folder in folders:
        net = load_dataset(folder)
        assert net.needs_by_org() == {o: net.needs_covered(o) for o in net.organisations()}
        assert any(net.needs_by_org().values())
