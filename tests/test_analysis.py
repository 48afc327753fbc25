"""Gaps and brokers on small networks whose answers were worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import DATASETS, write_dataset

from netmap.analysis.brokers import brokers
from netmap.analysis.gaps import demand_ranking, gaps, sector_mixing
from netmap.cli import cli
from netmap.io.dataset import load_dataset

# A hand-drawn network: hub H (government) → S (shakyo) via referral; S partners N1 (npo);
# N1 partners N2 (npo); F (private) attends meeting M with S; L (legal) tied to nobody.
#
#   H -refers_to-> S -partners- N1 -partners- N2
#                  S -[M]- F                         L (isolated)
#
# Needs: H economic_hardship; S debt; N1 housing; N2 housing; F employment; L legal.
ORGS = """\
id,name,kind,sector,needs,hub,evidence
H,自立相談支援機関,行政課,government,economic_hardship,true,t
S,社協,社会福祉協議会,shakyo,debt,,t
N1,NPO住まい1,NPO法人,npo,housing,,t
N2,NPO住まい2,NPO法人,npo,housing,,t
F,会社,企業,private,employment,,t
L,弁護士,弁護士会,legal,legal,,t
"""
LINKS = """\
source,target,type,evidence
H,S,refers_to,t
S,N1,partners,t
N1,N2,partners,t
S,M,attends,t
F,M,attends,t
"""
MEETINGS = "id,name,per_year,purpose\nM,支援調整会議,12,case\n"
DEMAND = "need,label,count\ndebt,債務,70\nlegal,法律,5\nhousing,住まい,20\nfood,食料,3\n"


@pytest.fixture
def net(tmp_path: Path):  # type: ignore[no-untyped-def]
    return load_dataset(write_dataset(tmp_path / "hand", {
        "organisations.csv": ORGS, "links.csv": LINKS, "meetings.csv": MEETINGS,
        "demand.csv": DEMAND}))


def test_uncovered_and_thin(net) -> None:  # type: ignore[no-untyped-def]
    g = gaps(net)
    covered = {"economic_hardship", "debt", "housing", "employment", "legal"}
    empty = {n for n in net.providers() if n not in covered}
    # datasets/expected_providers.csv names a statutory body for these: 未登録の可能性.
    checklist = {"elder_care", "guardianship", "disability", "family", "mental_health",
                 "suicide_prevention", "disaster"}
    assert {r["need"] for r in g["probably_unrecorded"]} == checklist & empty
    assert set(g["uncovered"]) == empty - checklist
    assert g["uncovered"][0] == "food"  # the only uncovered need with demand ranks first
    assert {t["need"]: t["providers"] for t in g["thin"]} == {
        "economic_hardship": ["H"], "debt": ["S"], "employment": ["F"], "legal": ["L"]}
    assert [t["need"] for t in g["thin"]][:2] == ["debt", "legal"]  # by demand: 70, then 5
    # Each is one organisation's own coverage, none commissioned: fragile, not by design.
    assert not any(t["designed"] for t in g["thin"])


def test_unreachable_respects_max_steps(net) -> None:  # type: ignore[no-untyped-def]
    # Distances from H (meeting co-attendance is one step): S 1, N1 2, F 2, N2 3, L none.
    g = gaps(net, max_steps=2)
    assert [u["need"] for u in g["unreachable"]] == ["legal"]
    assert g["unreachable"][0]["providers"][0]["path"] is None
    g1 = gaps(net, max_steps=1)
    assert sorted(u["need"] for u in g1["unreachable"]) == ["employment", "housing", "legal"]
    housing = next(u for u in g1["unreachable"] if u["need"] == "housing")
    assert housing["providers"][0] == {"id": "N1", "name": "NPO住まい1", "steps": 2,
                                       "path": ["H", "S", "N1"]}


def test_unlinked_duplicates(tmp_path: Path) -> None:
    links = LINKS.replace("N1,N2,partners,t\n", "")
    g = gaps(load_dataset(write_dataset(tmp_path / "d", {
        "organisations.csv": ORGS, "links.csv": links, "meetings.csv": MEETINGS})))
    assert g["unlinked_duplicates"] == [{"need": "housing", "providers": ["N1", "N2"],
                                         "names": ["NPO住まい1", "NPO住まい2"]}]


def test_sector_mixing_and_holes(net) -> None:  # type: ignore[no-untyped-def]
    m = sector_mixing(net)
    # Ties: H-S (gov-shakyo), S-N1 (shakyo-npo), N1-N2 (npo-npo), S-F via M (shakyo-private).
    assert m["government"]["shakyo"] == 1 and m["shakyo"]["government"] == 1
    assert m["npo"]["npo"] == 1 and m["shakyo"]["private"] == 1
    assert m["legal"] == dict.fromkeys(m, 0)
    tests = gaps(net)["sector_hole_tests"]
    untied = {tuple(r["pair"]): r for r in tests["untied"]}
    assert len(untied) == 10 - 3  # 5 sectors → 10 pairs; 3 linked across sectors
    # L (legal) has no tie at all, so no degree-preserving rewiring can tie it: expected 0,
    # every sample untied, never a hole.
    for pair, r in untied.items():
        if "legal" in pair:
            assert (r["expected"], r["p_untied"]) == (0.0, 1.0)
    assert all(r["pair"] not in [list(p) for p in untied if "legal" in p]
               for r in tests["holes"])
    assert gaps(net)["sector_holes"] == [r["pair"] for r in tests["holes"]]


def test_critical_nodes(net) -> None:  # type: ignore[no-untyped-def]
    crit = {c["id"]: c for c in gaps(net)["critical"]}
    # Removing S cuts N1, N2, M, F off from H (with meetings as nodes), and loses debt.
    assert crit["S"]["cut_off"] == ["F", "M", "N1", "N2"]
    assert crit["S"]["needs_lost"] == ["debt"]
    assert crit["M"]["cut_off"] == ["F"] and crit["M"]["node_type"] == "meeting"
    assert crit["N1"]["cut_off"] == ["N2"] and crit["N1"]["needs_lost"] == []
    assert {k: crit["L"][k] for k in ("node_type", "articulation", "cut_off", "needs_lost")} \
        == {"node_type": "organisation", "articulation": False, "cut_off": [],
            "needs_lost": ["legal"]}
    assert "N2" not in crit
    # The hub is removed too: it reached S, N1, N2, M, F; without it they stay 1 piece
    # (S holds them), which still covers debt, housing and employment (3 of the 4 needs the
    # hub reached; demand 70 + 20 = 90 of 90: economic_hardship, the hub's own, had none).
    h = crit["H"]
    assert h["hub"] and h["cut_off"] == ["F", "M", "N1", "N2", "S"]
    assert (h["components_before"], h["components_after"]) == (1, 1)
    assert (h["needs_reachable_before"], h["needs_reachable_after"]) == (4, 3)
    assert (h["demand_reachable_before"], h["demand_reachable_after"]) == (90, 90)


def test_demand_ranking_puts_70_over_5(net) -> None:  # type: ignore[no-untyped-def]
    rows = demand_ranking(net)
    # food and debt roll up into their parent economic_hardship (needs.csv): 0 + 70 + 3 = 73
    # cases over 2 services (H's own, S's debt) = 36.5, between debt (70/1) and housing (20/2).
    assert [r["need"] for r in rows] == ["food", "debt", "economic_hardship", "housing", "legal"]
    assert rows[0]["cases_per_service"] is None
    assert rows[1]["cases_per_provider"] == 70.0 and rows[4]["cases_per_provider"] == 5.0
    assert rows[2]["demand_with_children"] == 73 and rows[2]["cases_per_service"] == 36.5
    assert rows[3]["cases_per_service"] == 10.0  # 20 cases, two providers
    # only economic_hardship's row counts its children (food, debt): it says so
    assert [r["includes_children"] for r in rows] == [False, False, True, False, False]
    assert (rows[2]["note_ja"], rows[2]["note_en"]) == ("下位ニーズを含む", "incl. child needs")
    assert rows[1]["note_ja"] == rows[1]["note_en"] == ""


def test_brokers_hand_checked(net) -> None:  # type: ignore[no-untyped-def]
    rows = {r["id"]: r for r in brokers(net)}
    # One-mode tie graph: H-S, S-N1, N1-N2, S-F; L isolated. 6 nodes, normalised by
    # (n-1)(n-2)/2 = 10. S lies on H-N1, H-N2, H-F, N1-F, N2-F: 5 pairs → 0.5.
    # N1 lies on N2-S, N2-H, N2-F: 3 → 0.3.
    assert rows["S"]["betweenness"] == pytest.approx(0.5)
    assert rows["N1"]["betweenness"] == pytest.approx(0.3)
    assert rows["H"]["betweenness"] == 0
    assert brokers(net)[0]["id"] == "S"
    # Weighted tie graph (netmap.tie_weights): H-S referral 1.0, S-N1 partners 0.5, N1-N2
    # 0.5, S-F via the case meeting M of 2 members, 1.0 × 1/(2-1) = 1.0. A tree, so the
    # weighted shortest paths are the unweighted ones and the betweenness above stands.
    # Burt on weights: S's strength 2.5, p = 0.4 (H), 0.2 (N1), 0.4 (F), no shared contacts:
    # constraint 0.16 + 0.04 + 0.16 = 0.36; effective size 3 (no redundancy).
    assert rows["S"]["constraint"] == pytest.approx(0.36)
    assert rows["S"]["effective_size"] == pytest.approx(3.0)
    assert rows["L"]["constraint"] is None and rows["L"]["effective_size"] is None
    # Only one referral (H→S): no two-path, so no brokerage anywhere.
    assert all(r["total"] == 0 for r in rows.values())


def test_brokerage_on_referral_chain(tmp_path: Path) -> None:
    # Referral chain H → S → N1 (three sectors, H→N1 absent): S is a liaison, once.
    links = LINKS + "S,N1,refers_to,t\n"
    rows = {r["id"]: r for r in brokers(load_dataset(write_dataset(tmp_path / "d", {
        "organisations.csv": ORGS, "links.csv": links, "meetings.csv": MEETINGS})))}
    assert (rows["S"]["liaison"], rows["S"]["total"]) == (1, 1)
    assert rows["H"]["total"] == 0 and rows["N1"]["total"] == 0


def test_gaps_cli_json_keys(small: Path) -> None:
    import json

    result = CliRunner().invoke(cli, ["gaps", str(small), "--json", "--matrix"])
    data = json.loads(result.output)
    for key in ("uncovered", "thin", "unreachable", "sector_holes", "critical", "matrix"):
        assert key in data
    assert all(set(t) >= {"need", "providers"} for t in data["thin"])
    both = CliRunner().invoke(cli, ["gaps", str(small), "--json", "--csv"])
    assert both.exit_code == 2


@pytest.mark.parametrize("seed", range(6))
def test_fast_measures_equal_networkx(seed: int) -> None:
    """betweenness (igraph) and structural_holes (closed form) against networkx itself."""
    import networkx as nx

    from netmap.analysis.brokers import betweenness, structural_holes

    T = nx.gnm_random_graph(60, 150 + 20 * seed, seed=seed)
    T.add_node("isolated")
    bc = betweenness(T)
    ref = nx.betweenness_centrality(T, normalized=True)
    assert bc.keys() == ref.keys()
    assert all(bc[v] == pytest.approx(ref[v], abs=1e-12) for v in T)
    c, e = structural_holes(T)
    tied = [v for v in T if T.degree(v)]
    c_nx, e_nx = nx.constraint(T, nodes=tied), nx.effective_size(T, nodes=tied)
    assert set(c) == set(tied) == set(e)
    assert all(c[v] == pytest.approx(c_nx[v], abs=1e-12) for v in tied)
    assert all(e[v] == pytest.approx(e_nx[v], abs=1e-12) for v in tied)


def test_purpose_and_certainty_accept_japanese_and_name_file_row_column(tmp_path: Path) -> None:
    from netmap.errors import ValidationError

    meetings = ("id,name,per_year,purpose,certainty\nM,支援調整会議,12,ケース会議,推定\n"
                "M2,何かの会,1,打ち合わせ,たぶん\n")
    links = LINKS + "S,N1,refers_to,t\n"
    with pytest.raises(ValidationError) as err:
        load_dataset(write_dataset(tmp_path / "bad", {
            "organisations.csv": ORGS, "links.csv": links, "meetings.csv": meetings}))
    text = str(err.value)
    assert "meetings.csv:3:purpose: 不明な会議の目的 (unknown meeting purpose) '打ち合わせ'" in text
    assert "meetings.csv:3:certainty: 不明な確かさ (unknown certainty) 'たぶん'" in text
    good = load_dataset(write_dataset(tmp_path / "good", {
        "organisations.csv": ORGS, "links.csv": links.replace("S,N1,refers_to,t\n",
                                                              "S,N1,refers_to,t,24,inferred\n")
        .replace("source,target,type,evidence\n", "source,target,type,evidence,per_year,certainty\n"),
        "meetings.csv": meetings.splitlines()[0] + "\n" + meetings.splitlines()[1] + "\n"}))
    assert {k: good.graph.nodes["M"][k] for k in ("purpose", "certainty")} == {
        "purpose": "case", "certainty": "inferred"}
    # The inferred referral (24 a year) weighs 1 + ln(1 + 24/12) on top of S-N1's partnership;
    # without inferred links only the partnership's 0.5 is left.
    import math
    T, Ts = good.weighted_tie_graph(), good.weighted_tie_graph(include_inferred=False)
    assert T["S"]["N1"]["weight"] == pytest.approx(0.5 + 1 + math.log(3))
    assert Ts["S"]["N1"]["weight"] == 0.5


def test_betweenness_equals_networkx_on_a_synthetic_city(tmp_path: Path) -> None:
    """igraph's betweenness (netmap.analysis.brokers.betweenness, issue 19) against networkx on
    the tie graph of a synthetic municipality (string ids, a real degree mix), to 1e-12."""
    import networkx as nx

    from netmap.analysis.brokers import betweenness
    from netmap.synth import write_synth

    folder = write_synth(tmp_path, 3, 11)[1]
    T = load_dataset(folder).tie_graph(with_meetings=False)
    assert T.number_of_nodes() > 20
    ours = betweenness(T)
    ref = nx.betweenness_centrality(T, normalized=True)
    assert ours.keys() == ref.keys()
    assert max(abs(ours[v] - ref[v]) for v in T) < 1e-12
    assert max(ours.values()) > 0


def test_sector_hole_found_when_the_null_would_tie_it(tmp_path: Path) -> None:
    """Two rings of 8 (npo, medical), each member also tied to one of 4 shakyo offices, the
    hub tied to one npo. npo and medical never meet, yet with 16 + 16 + ... stubs a
    degree-preserving rewiring ties them almost always: a hole. npo × shakyo is tied."""
    orgs = ["id,name,sector,hub,evidence", "H,hub,government,true,t"]
    links = ["source,target,type,evidence", "H,n0,partners,t"]
    for s in "nm":
        sector = "npo" if s == "n" else "medical"
        for i in range(8):
            orgs.append(f"{s}{i},{s}{i},{sector},,t")
            links.append(f"{s}{i},{s}{(i + 1) % 8},partners,t")
            links.append(f"{s}{i},k{i % 4},partners,t")
    orgs += [f"k{i},k{i},shakyo,,t" for i in range(4)]
    net = load_dataset(write_dataset(tmp_path / "d", {
        "organisations.csv": "\n".join(orgs) + "\n", "links.csv": "\n".join(links) + "\n"}))
    tests = gaps(net, stability_runs=0)["sector_hole_tests"]
    holes = {tuple(r["pair"]): r for r in tests["holes"]}
    assert list(holes) == [("medical", "npo")]
    hole = holes[("medical", "npo")]
    # Expected ties ≈ D_npo·D_med / 2m = 25·24 / 66 ≈ 9 (configuration-model approximation;
    # the rewirings give the exact figure): far from 0, z strongly negative.
    assert 4 < hole["expected"] < 12 and hole["z"] < -3 and hole["p_untied"] <= 0.05
    # government × medical is untied too, but the null leaves it untied often (the hub has
    # one tie): not a hole.
    assert ("government", "medical") not in holes


def test_a_hub_with_no_recorded_ties_is_said_so() -> None:
    """藤沢市's hub has no referral, commissioning, partnership or case-meeting tie in its data
    (seed 004 names the partners but not the ties): the resilience line says so instead of
    「0 個に分断」, which read as if the network fell apart."""
    res = CliRunner().invoke(cli, ["gaps", str(DATASETS / "fujisawa")])
    assert res.exit_code == 0, res.output
    assert "司令塔には紹介・委託・連携・ケース会議のつながりが記録されていません" in res.output
    assert "0 個に分断" not in res.output


def test_rank_drops_on_index_arrays_equal_the_networkx_copies(tmp_path: Path) -> None:
    """The rank ranges of brokers and critical nodes are computed on the kept edges (igraph on
    index arrays; a plain adjacency) instead of a networkx copy per drop (issue 19). They must
    be the very ranks the copies give: same drawn edges, same graphs. Expected values: the
    networkx-copy path of ``rank_stability`` itself (``rank_kept`` left out), on 座間 and on a
    synthetic city of a few hundred organisations, over 5 seeded drops."""
    from netmap.analysis import resilience
    from netmap.analysis.brokers import _kept_ranking, _ranking
    from netmap.analysis.stability import rank_stability
    from netmap.synth import write_synth

    city = max(write_synth(tmp_path, 4, 5),
               key=lambda f: sum(1 for _ in open(f / "organisations.csv", "rb")))
    for net in (load_dataset(DATASETS / "zama"), load_dataset(city)):
        T = net.weighted_tie_graph()
        copies = rank_stability(_ranking, T, T, runs=5, seed=7)
        assert rank_stability(_ranking, T, T, runs=5, seed=7, rank_kept=_kept_ranking(T)) == copies
        assert any(r["rank_min"] != r["rank_max"] for r in copies.values())  # drops matter

        R = resilience.route_graph(net)
        kind = {v: str(t) for v, t in R.nodes(data="node_type")}
        needs = net.needs_by_org()
        providers = net.providers()

        def order(H, net=net, kind=kind, providers=providers, needs=needs):  # type: ignore[no-untyped-def]
            return [r["id"] for r in resilience._critical_rows(net, H.adj, kind, providers, {},
                                                                  needs)]
        rows = resilience.critical_nodes(net, providers, {}, stability_runs=5, seed=7)
        stated = resilience.route_graph(net, include_inferred=False) if net.has_inferred() else R
        expected = rank_stability(order, R, stated, runs=5, seed=7)
        assert {r["id"]: (r["rank_min"], r["rank_max"]) for r in rows} == \
            {k: (v["rank_min"], v["rank_max"]) for k, v in expected.items()}


def test_configuration_null_draws_each_sample_as_one_permutation() -> None:
    """The configuration-model null counts all samples in one array pass; each row must be
    the draw of one ``rng.permutation`` of the stubs in turn (the per-sample loop it
    replaced), so the expected counts stay those of the seed. Reference: that loop, here."""
    import networkx as nx
    import numpy as np

    from netmap.analysis.sector_holes import _configuration_matrix

    T = nx.gnm_random_graph(60, 170, seed=3)
    nx.set_node_attributes(T, {v: "abcde"[v % 5] for v in T}, "sector")
    T.add_edge(0, 0)  # a loop counts twice in the stubs, as in the degree
    sectors, got = _configuration_matrix(T, 30, 7)
    code = {s: i for i, s in enumerate(sectors)}
    k = len(sectors)
    stubs = np.array([code[T.nodes[v]["sector"]] for v in T for _ in range(T.degree(v))])
    stubs = stubs[:-1] if len(stubs) % 2 else stubs
    rng = np.random.default_rng(7)
    for s in range(30):
        pairs = rng.permutation(stubs).reshape(-1, 2)
        row = np.bincount(pairs.min(axis=1) * k + pairs.max(axis=1), minlength=k * k)
        assert got[s].tolist() == row.tolist()
    assert got.sum(axis=1).tolist() == [len(stubs) // 2] * 30


def test_weighted_tie_graph_has_the_edges_of_the_unweighted_one(tmp_path: Path) -> None:
    """``gaps``' unlinked duplicates ask the weighted tie graph whether two providers are
    tied; that is the old question (a direct link or a shared meeting) only because every
    weight is > 0. Checked pair by pair on the curated cities and a synthetic one."""
    from netmap.synth import write_synth

    folders = [d for d in DATASETS.iterdir() if (d / "organisations.csv").exists()]
    nets = [load_dataset(d) for d in folders + write_synth(tmp_path, 3, 2)]
    assert len(nets) >= 7
    for net in nets:
        plain = {frozenset(e) for e in net.tie_graph(with_meetings=False).edges()}
        weighted = net.weighted_tie_graph()
        assert {frozenset(e) for e in weighted.edges()} == plain, net.slug
        assert min(d["weight"] for _, _, d in weighted.edges(data=True)) > 0


def test_hole_graph_read_off_the_weighted_graph_is_the_one_built_directly(tmp_path: Path) -> None:
    """Sector holes read their graph off the full weighted tie graph; it must have the nodes
    (same order, for the configuration model's stubs) and edges of
    ``weighted_ties(purposes=HOLE_PURPOSES)`` built directly. Curated and synthetic cities."""
    from netmap.analysis.sector_holes import HOLE_PURPOSES, _hole_graph
    from netmap.synth import write_synth
    from netmap.tie_weights import weighted_ties

    folders = [d for d in DATASETS.iterdir() if (d / "organisations.csv").exists()]
    for folder in folders + write_synth(tmp_path, 3, 4):
        net = load_dataset(folder)
        direct = weighted_ties(net.graph, purposes=HOLE_PURPOSES)
        read_off = _hole_graph(net)
        assert list(read_off) == list(direct), folder
        assert {frozenset(e) for e in read_off.edges()} == \
            {frozenset(e) for e in direct.edges()}, folder
        assert dict(read_off.degree()) == dict(direct.degree())
