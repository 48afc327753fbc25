"""netmap who: reading the needs, the hand-off score worked out by hand, the exact team checked
against brute force on the largest synthetic city, and the Done-when answers on 座間市."""

from __future__ import annotations

import itertools
import json
import math
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner
from helpers import DATASETS, write_dataset

from netmap.analysis.handoff import GRADES, TIE_WEIGHTS, HandoffGraph, meeting_purpose
from netmap.analysis.who import team_rows, who, who_on
from netmap.cli import cli
from netmap.errors import NeedError
from netmap.io.dataset import load_dataset
from netmap.model import Network
from netmap.taxonomy import load_taxonomy

# A hand-drawn network. H is the desk (hub).
#
#   H -refers_to-> S (operates K: 家計管理・債務) -partners- N1 (住まい, in its needs)
#   H -commissions-> N2 (operates P: 住まい; area 第2地区)
#   H, F (食料) meet in M (支援調整会議, case);  H, L (法律) meet in W (planning WG)
#
# Hand-off strength from H (product of TIE_WEIGHTS along the best route):
#   S 0.9 (refers_to) · N1 0.9·0.6 = 0.54 · N2 0.8 (commissions) · F 0.7 (case meeting)
#   · L 0.2 (planning meeting).
ORGS = """\
id,name,kind,sector,needs,hub,area,contact_name,phone,email,evidence
H,自立相談支援機関,行政課,government,economic_hardship,true,市全域,,,,t
S,社協,社会福祉協議会,shakyo,,,市全域,山田花子,046-000-0000,s@example.jp,t
N1,NPO住まい1,NPO法人,npo,housing,,,,,,t
N2,NPO住まい2,NPO法人,npo,,,第2地区,,,,t
F,フードバンク,NPO法人,npo,food,,,,,,t
L,弁護士,弁護士会,legal,legal,,,,,,t
"""
PROGRAMS = """\
id,name,category,needs,evidence
K,家計改善支援事業,optional,household_budget;debt,t
P,地域居住支援事業,optional,housing,t
"""
LINKS = """\
source,target,type,evidence
H,S,refers_to,ev-HS
S,K,operates,t
N2,P,operates,t
S,N1,partners,ev-SN1
H,N2,commissions,ev-HN2
H,M,convenes,t
F,M,attends,t
H,W,attends,t
L,W,attends,t
"""
MEETINGS = """\
id,name,purpose,evidence
M,支援調整会議,case,ev-M
W,包括的支援体制構築ワーキンググループ,planning,ev-W
"""


@pytest.fixture
def hand(tmp_path: Path) -> Network:
    return load_dataset(write_dataset(tmp_path / "hand", {
        "organisations.csv": ORGS, "programs.csv": PROGRAMS, "links.csv": LINKS,
        "meetings.csv": MEETINGS}))


def teams(r: Any) -> list[tuple[list[str], float]]:
    return [([m["id"] for m in t["members"]], t["score"]) for t in r["teams"]]


# -- reading the needs ------------------------------------------------------------------------
# Each phrase family of issue #14 with the needs expected and where the reading comes from.
PHRASES = [
    ("住まいと借金", ["housing", "debt"], "issue #14; 借金 seed 002:895"),
    ("債務・メンタルヘルス・高齢", ["debt", "mental_health", "elder_care"], "labels + 高齢"),
    ("うつで仕事がない", ["mental_health", "employment"], "うつ, 仕事 (intake 就職活動困難)"),
    ("住宅ローン", ["debt"], "seed 002:893 住宅ローン…債務が大きくなり"),
    ("生活保護", ["economic_hardship"], "seed 002:93 生活援護課(生活保護制度…)"),
    ("失業", ["employment"], "seed 002:279 失業のため収入がなくなり"),
    ("年金", ["economic_hardship"], "seed 003:1617 年金等を受ける者"),
    ("税・国保の滞納", ["debt"], "seed 002:142, 275 税の滞納"),
    ("8050", ["hikikomori", "elder_care"], "seed 002:969 8050問題"),
    ("ゴミ屋敷", ["self_neglect"], "seed 004:1382 ゴミ屋敷"),
    ("セルフネグレクト", ["self_neglect"], "new need self_neglect"),
    ("外国籍", ["foreign_residents"], "seed 002:552 外国籍の方の求職相談"),
    ("希死念慮", ["suicide_prevention"], "clinical term for suicidal ideation"),
    ("死にたい", ["suicide_prevention"], "what a person says"),
    ("明日食べるものがない", ["food"], "seed 003:4267 明日食べる食糧もな"),
    ("housing and debt", ["housing", "debt"], "English labels"),
]


@pytest.mark.parametrize("phrase,needs,source", PHRASES, ids=[p[0] for p in PHRASES])
def test_phrase_reads_as_needs(phrase: str, needs: list[str], source: str) -> None:
    r = load_taxonomy().read(phrase)
    assert r["needs"] == needs, source


def test_reading_says_which_words_gave_which_need() -> None:
    r = load_taxonomy().read("住まいと借金")
    assert r["read"] == [{"text": "住まい", "needs": ["housing"]},
                         {"text": "借金", "needs": ["debt"]}]
    assert r["unread"] == []
    r = load_taxonomy().read("家賃が払えない")
    assert r["needs"] == ["housing"] and r["unread"] == [{"text": "払えない", "suggestion": None}]


def test_unknown_word_gets_a_same_family_suggestion_or_none() -> None:
    tax = load_taxonomy()
    # 「住ま」 is shared with 住まい; 「生活」 with 生活困窮/生活費 (economic_hardship)
    assert tax.suggest("住まう") == "housing"
    assert tax.suggest("生活が大変") == "economic_hardship"
    # nothing shared: no suggestion rather than a random one (the old hint for 生活保護 was
    # 再犯防止, from the shared 「防止/保護」 shape)
    assert tax.suggest("宇宙旅行") is None
    assert tax.suggest("払えない") is None  # 「ない」 is kana only: says nothing
    with pytest.raises(NeedError, match="住まい"):
        who_on(HandoffGraph.build("x", {}, {}, [], [], {}), ["住まう"])


def test_parent_need_stands_for_its_children() -> None:
    assert load_taxonomy().family("economic_hardship") == [
        "economic_hardship", "household_budget", "debt", "food"]
    assert load_taxonomy().family("debt") == ["debt"]


def test_synonym_sources_cite_lines_that_hold_the_word() -> None:
    """Every ``word@file:line`` of needs.csv's sources column: the word is a spelling of that
    need and the cited seed line contains it (datasets/sources/)."""
    tax = load_taxonomy()
    seen = 0
    for need in tax:
        for src in need.sources:
            word, _, where = src.partition("@")
            file, _, lines = where.partition(":")
            a, _, b = lines.partition("-")
            text = (DATASETS / "sources" / file).read_text(encoding="utf-8").splitlines()
            chunk = "".join(text[int(a) - 1:int(b or a)]).replace(" ", "")
            assert word in chunk, f"{need.code}: {src}"
            assert need.code in tax.read(word)["needs"] or word in need.label_ja, src
            seen += 1
    assert seen >= 30


# -- the score, by hand ------------------------------------------------------------------------
def test_best_team_by_hand(hand: Network) -> None:
    r = who(hand, ["住まいと借金"])
    # {S, N2}: S 0.9 × N2 0.8, both through a 事業 (grade 1) = 0.72;
    # {S, N1}: 0.9 × 0.54 × N1's stated housing 0.8 = 0.3888.
    assert teams(r) == [(["S", "N2"], 0.72), (["S", "N1"], 0.3888)]
    s, n2 = r["teams"][0]["members"]
    assert s["covers"][0]["program_name"] == "家計改善支援事業" and s["covers"][0]["need"] == "debt"
    assert n2["route"][0]["tie"] == "commissions" and n2["route"][0]["evidence"] == "ev-HN2"


def test_area_halves_members_elsewhere(hand: Network) -> None:
    # N2 is in 第2地区: 0.72 × 0.5 = 0.36 < {S, N1} 0.3888 (N1 has no area: citywide)
    assert teams(who(hand, ["住まい", "債務"], area="第1地区")) == [
        (["S", "N1"], 0.3888), (["S", "N2"], 0.36)]


def test_from_another_start(hand: Network) -> None:
    # From N1: S 0.6 (partners); N2 via S → H (referral the other way 0.5) → N2 (0.8) = 0.24.
    # {N1, S} = 1 × 0.6 × 0.8 (N1's stated housing) = 0.48; {S, N2} = 0.6 × 0.24 = 0.144.
    r = who(hand, ["住まい", "債務"], start="NPO住まい1")
    assert r["start"] == "N1" and teams(r) == [(["S", "N1"], 0.48), (["S", "N2"], 0.144)]
    assert [m["desk"] for m in r["teams"][0]["members"]] == [False, True]


def test_parent_need_ranks_child_providers(hand: Network) -> None:
    # 経済的困窮: S through 家計改善 (debt, grade 1) × 0.9 = 0.9; the desk H, stated, 0.8;
    # F (food, stated 0.8) × 0.7 = 0.56.
    r = who(hand, ["経済的困窮"])
    assert teams(r) == [(["S"], 0.9), (["H"], 0.8), (["F"], 0.56)]
    assert r["teams"][1]["members"][0]["desk"] is True
    assert r["teams"][2]["members"][0]["covers"][0]["via_need"] == "food"


def test_route_and_coordinating_meeting(hand: Network) -> None:
    r = who(hand, ["食料と法律"])
    # F 0.7 × 0.8 and L 0.2 × 0.8: 0.56 × 0.16 = 0.0896
    assert teams(r) == [(["F", "L"], 0.0896)]
    f, law = r["teams"][0]["members"]
    assert [(s["source"], s["target"], s["tie"], s["meeting"]) for s in law["route"]] == [
        ("H", "L", "meeting:planning", "W")]
    assert law["route"][0]["meeting_name"] == "包括的支援体制構築ワーキンググループ"
    # M (case) and W (planning) each hold the desk and one member: the case meeting wins.
    assert r["teams"][0]["meeting"] == {"id": "M", "name": "支援調整会議", "purpose": "case",
                                        "present": ["H", "F"], "absent": ["L"],
                                        "evidence": "ev-M"}
    n1 = who(hand, ["住まい"])["teams"][1]["members"][0]
    assert [(s["source"], s["target"], s["tie"]) for s in n1["route"]] == [
        ("H", "S", "refers_to"), ("S", "N1", "partners")]


def test_inferred_cover_counts_less() -> None:
    g = HandoffGraph.build("x", {"H": {"hub": True}, "A": {}, "B": {}}, {},
                           [("A", "housing", "stated", None, ""),
                            ("B", "housing", "inferred", None, "")],
                           [("H", "A", "refers_to", ""), ("H", "B", "refers_to", "")], {})
    assert teams(who_on(g, ["住まい"])) == [(["A"], 0.72), (["B"], 0.45)]


def test_nobody_covers(hand: Network) -> None:
    r = who(hand, ["病気"])
    assert r["uncoverable"] == ["illness"] and r["teams"] == [] and r["partial"]


def test_partial_team_when_one_need_has_nobody(hand: Network) -> None:
    """A need nobody covers is named, and the other needs still get their team (the same
    team as asking for them alone): a caseworker with an 8050 family still needs the
    ひきこもり side while the 介護 side is looked for elsewhere."""
    r = who(hand, ["病気", "住まい"])
    alone = who(hand, ["住まい"])
    assert r["uncoverable"] == ["illness"] and r["partial"]
    assert r["needs"] == ["illness", "housing"]
    assert teams(r) == teams(alone) and teams(r)
    assert not alone["partial"] and alone["uncoverable"] == []


def test_zama_8050_names_the_unrecorded_body() -> None:
    """座間市 records no 高齢者介護 provider (seed 002 is a talk on チーム座間, not a directory):
    who answers the ひきこもり side and says the 地域包括支援センター normally covers the other
    (介護保険法第115条の46; datasets/expected_providers.csv), as `netmap gaps` does."""
    r = who(load_dataset(DATASETS / "zama"), ["8050"])
    assert r["uncoverable"] == ["elder_care"] and r["teams"]
    assert [u["need"] for u in r["unrecorded"]] == ["elder_care"]
    assert "地域包括支援センター" in r["unrecorded"][0]["body_ja"]
    assert all("hikikomori" == o["need"] for m in r["teams"][0]["members"] for o in m["covers"])


def test_meeting_purpose_from_words() -> None:
    assert meeting_purpose({"name": "地域ケア会議（第1地区）"}) == "case"
    assert meeting_purpose({"name": "地域ケア推進会議"}) == "planning"
    assert meeting_purpose({"name": "X", "purpose": "連携会議・協議会"}) == "network"


def test_csv_rows_and_redact(hand: Network) -> None:
    r = who(hand, ["住まい", "債務"])
    rows = team_rows(r)
    assert rows[0]["name"] == "社協" and rows[0]["contact_name"] == "山田花子"
    assert rows[0]["route"] == "自立相談支援機関 → 社協"
    red = team_rows(r, redact=True)
    assert "contact_name" not in red[0] and "phone" not in red[0] and "url" in red[0]


def test_cli_json_csv_redact(hand: Network) -> None:
    path = str(hand.source)
    out = CliRunner().invoke(cli, ["who", path, "住まいと借金", "--json", "--redact"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["needs"] == ["housing", "debt"]
    assert "山田花子" not in out.output and "046-000-0000" not in out.output
    out = CliRunner().invoke(cli, ["who", path, "住まい", "債務", "--csv"])
    assert out.output.splitlines()[0].startswith(
        "team,team_score,id,name,desk,needs,need_label,via_needs,how,handoff,route")
    assert "山田花子" in out.output
    out = CliRunner().invoke(cli, ["who", path, "宇宙旅行"])
    assert out.exit_code == 1 and "不明なニーズ (unknown need) '宇宙旅行'" in out.output


# -- Done when, on 座間市 -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def zama() -> Network:
    return load_dataset(DATASETS / "zama")


def test_zama_housing_and_debt_phrase(zama: Network) -> None:
    r = who(zama, ["住まいと借金"])
    assert r["needs"] == ["housing", "debt"]
    for t in r["teams"]:
        assert {o["need"] for m in t["members"] for o in m["covers"]} == {"housing", "debt"}
    # seed 002 lines 899-902: the desk sent the case to 社協 (家計改善) and ワンエイド (居住支援)
    names = [[m["name"] for m in t["members"]] for t in r["teams"]]
    assert ["座間市社会福祉協議会", "NPO法人ワンエイド"] in names
    # the real-estate shop (needs inferred from its trade, reached only through ワンエイド)
    # ranks below ワンエイド's 地域居住支援事業
    scores = {tuple(n): t["score"] for n, t in zip(names, r["teams"], strict=True)}
    assert scores[("座間市社会福祉協議会", "NPO法人ワンエイド")] > scores[
        ("座間市社会福祉協議会", "市内不動産店（ワンエイド連携先）")]
    out = CliRunner().invoke(cli, ["who", str(DATASETS / "zama"), "住まいと借金", "--route"])
    assert out.exit_code == 0 and "「住まい」→ 住まい、「借金」→ 債務" in out.output
    assert "座間市社会福祉協議会 ＋ NPO法人ワンエイド" in out.output
    assert "[002_042a08d9d21ad8a0.txt:899-902]" in out.output


def test_zama_illness_names_the_hub(zama: Network) -> None:
    best = who(zama, ["病気"])["teams"][0]["members"]
    assert [(m["id"], m["desk"]) for m in best] == [("zama-jiritsu-support", True)]
    out = CliRunner().invoke(cli, ["who", str(DATASETS / "zama"), "病気"])
    assert "座間市 生活援護課 自立サポート担当（窓口）" in out.output


def test_zama_economic_hardship_includes_children(zama: Network) -> None:
    r = who(zama, ["経済的困窮"])
    found = {m["id"]: m["covers"][0] for t in r["teams"] for m in t["members"]}
    assert found["zama-shakyo"]["program_name"] == "家計改善支援事業"
    assert found["oneaid"]["via_need"] == "food"


# -- exact against brute force on the largest synthetic city --------------------------------------
@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Network:
    from netmap.synth import synthesize, write_municipality

    largest = max(synthesize(20, 0), key=lambda rows: len(rows["organisations"]))
    return load_dataset(write_municipality(largest, tmp_path_factory.mktemp("synth")))


def _brute_force(net: Network, codes: list[str], area: str | None) -> tuple[int, list[float]]:
    """Minimum team size and every minimum team's score, best first, by the definition, from
    scratch: hand-off strengths
    by networkx's Dijkstra on -log(weight), grades read off the graph, and every choice of one
    provider per need."""
    G, tax = net.graph, load_taxonomy()
    orgs = set(net.organisations())
    grade: dict[str, dict[str, float]] = defaultdict(dict)
    for o in orgs:
        for _, x, d in G.out_edges(o, data=True):
            if d["type"] == "covers":
                c = G.nodes[x]["code"]
                grade[o][c] = max(grade[o].get(c, 0), GRADES["stated"])
            elif d["type"] == "operates":
                for _, need, d2 in G.out_edges(x, data=True):
                    if d2["type"] == "covers":
                        grade[o][G.nodes[need]["code"]] = GRADES["program"]
    D = nx.DiGraph()

    def edge(a: str, b: str, w: float) -> None:
        cost = -math.log(w)
        if a != b and (not D.has_edge(a, b) or D[a][b]["cost"] > cost):
            D.add_edge(a, b, cost=cost)

    for u, v, d in G.edges(data=True):
        t = d["type"]
        if t in ("refers_to", "commissions", "partners", "shares_info"):
            edge(u, v, TIE_WEIGHTS[t])
            edge(v, u, TIE_WEIGHTS["refers_to:back" if t == "refers_to" else t])
        elif t in ("attends", "convenes"):
            edge(u, v, TIE_WEIGHTS["meeting:" + meeting_purpose(G.nodes[v])])
            edge(v, u, 1.0)
    dist = nx.single_source_dijkstra_path_length(D, net.hub, weight="cost")
    g = HandoffGraph.from_network(net)  # only for the documented area rule

    def value(o: str) -> float:
        return math.exp(-dist[o]) * g.area_factor(o, area) if o in dist else 0.0

    def g_of(o: str, r: str) -> float:
        return max((grade[o][c] for c in tax.family(r) if c in grade[o]), default=0.0)

    providers = [[o for o in sorted(orgs) if g_of(o, r) > 0] for r in codes]
    all_teams = {frozenset(choice) for choice in itertools.product(*providers)}
    k = min(map(len, all_teams))
    scores = [math.prod(value(o) for o in t) * math.prod(max(g_of(o, r) for o in t)
                                                         for r in codes)
              for t in all_teams if len(t) == k]
    return k, sorted(scores, reverse=True)


@pytest.mark.parametrize("needs,area", [
    (["住まい", "債務"], None),
    (["経済的困窮", "住まい"], None),
    (["法律", "債務", "家計管理"], None),
    (["法律", "債務", "家計管理", "権利擁護"], None),
    (["法律", "葬送", "再犯防止", "債務"], None),
    (["住まい", "債務"], "第3地区"),
])
def test_exact_team_matches_brute_force_on_largest_synth_city(
        big: Network, needs: list[str], area: str | None) -> None:
    assert len(big.organisations()) > 1000
    r = who(big, needs, area=area)
    k, scores = _brute_force(big, r["needs"], area)
    assert all(t["size"] == k for t in r["teams"])
    # the best team, and the next ones too: the top 5 scores of all minimum teams
    assert [t["score"] for t in r["teams"]] == pytest.approx(scores[:5], abs=1e-6)


# -- the same answers from Neo4j ---------------------------------------------------------------
@pytest.fixture(scope="module")
def store() -> Any:
    from helpers import neo4j_test_store

    yield from neo4j_test_store()


@pytest.mark.neo4j
def test_neo4j_gives_the_same_answer(store: Any, zama: Network, big: Network) -> None:
    from netmap.analysis.who import who_from_store

    store.load(zama, replace=True)
    for needs in (["住まいと借金"], ["病気"], ["経済的困窮"], ["食料と法律"], ["8050"]):
        assert who_from_store(store, zama.code, needs) == who(zama, needs), needs
    assert who_from_store(store, "zama", ["住まい", "債務"], start="oneaid") == who(
        zama, ["住まい", "債務"], start="oneaid")
    store.load(big, replace=True)
    for needs in (["住まい", "債務"], ["法律", "葬送", "再犯防止", "債務"]):
        assert who_from_store(store, big.code, needs, area="第3地区") == who(
            big, needs, area="第3地区"), needs
    store.delete(big.code)



@pytest.mark.neo4j
def test_neo4j_keeps_the_graph_until_the_town_is_reloaded(store: Any, zama: Network) -> None:
    """The hand-off graph fetched for one question is kept for the next (only the offers of
    the new needs are fetched), and a reload of the town, which renews its loadedAt stamp, is
    seen: after the best team's second member is removed from the files and the town loaded
    again, the answer is the new files' answer, not the kept one."""
    from netmap.analysis import who as who_mod
    from netmap.analysis.who import who_from_store

    store.load(zama, replace=True)
    needs = ["住まいと借金"]
    first = who_from_store(store, zama.code, needs)
    assert first == who(zama, needs)
    key = store.find(zama.code)
    kept = who_mod._KEPT[store][key]
    assert who_from_store(store, zama.code, ["病気"]) == who(zama, ["病気"])
    assert who_mod._KEPT[store][key] is kept  # not fetched again
    changed = Network(zama.graph.copy())
    changed.graph.remove_node(first["teams"][0]["members"][1]["id"])
    store.load(changed, replace=True)
    again = who_from_store(store, zama.code, needs)
    assert again == who(changed, needs) and again != first
    assert who_mod._KEPT[store][key] is not kept
    store.load(zama, replace=True)

@pytest.mark.neo4j
def test_cli_who_neo4j(store: Any, zama: Network) -> None:
    import os

    store.load(zama, replace=True)
    uri = os.environ["NETMAP_TEST_NEO4J_URI"]
    res = CliRunner(env={"NEO4J_PASSWORD": ""}).invoke(
        cli, ["who", "--neo4j", "--neo4j-uri", uri, "142166", "住まいと借金", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == json.loads(json.dumps(who(zama, ["住まいと借金"]),
                                                           ensure_ascii=False))


def test_who_csv_labels_and_desk_as_dataset_booleans(zama: Network) -> None:
    """`who --csv`: the need label in the language beside the codes, and desk written
    true/false as organisations.csv writes hub (docs/FORMAT.md), not Python's True/False."""
    import csv
    import io

    z = str(DATASETS / "zama")
    ja = list(csv.DictReader(io.StringIO(CliRunner().invoke(
        cli, ["who", z, "住まい", "債務", "--csv"]).output)))
    en = list(csv.DictReader(io.StringIO(CliRunner().invoke(
        cli, ["who", z, "住まい", "債務", "--csv", "--lang", "en"]).output)))
    # team 1 (who(zama, 住まい 債務), checked above): the desk takes 住まい, 社協 takes 債務
    assert [(r["name"], r["desk"], r["needs"], r["need_label"]) for r in ja[:2]] == [
        ("座間市 生活援護課 自立サポート担当", "true", "housing", "住まい"),
        ("座間市社会福祉協議会", "false", "debt", "債務")]
    assert [r["need_label"] for r in en[:2]] == ["Housing", "Debt"]
    assert {r["desk"] for r in ja} == {"true", "false"}


def test_no_meeting_said_once_not_under_every_team(zama: Network) -> None:
    """No team for 住まい + 債務 in 座間市 has a meeting holding all its members: the sentence
    comes once, after the teams, not under each of them."""
    out = CliRunner().invoke(cli, ["who", str(DATASETS / "zama"), "住まい", "債務"]).output
    assert "チームがそろう会議体はありません" not in out
    assert out.count("どのチームにも、全員がそろう会議体はありません") == 1
    assert out.rstrip().endswith("どのチームにも、全員がそろう会議体はありません")
    en = CliRunner().invoke(cli, ["--lang", "en", "who", str(DATASETS / "zama"), "病気"]).output
    assert "(desk)" in en and "（desk）" not in en
