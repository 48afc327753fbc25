"""Tests of netmap.analysis.gould_fernandez (Gould–Fernandez roles, sna's null model).

Expected numbers come from three places, said at each test: two-paths counted by hand (every
path listed), moments worked by hand from the formulas of R's ``sna::brokerage`` (arithmetic
in the comment), and output of R ``sna`` 2.7-1 (Debian bookworm package ``r-cran-sna``).
"""

from __future__ import annotations

import itertools
import math
import os
import random
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest

from netmap.analysis.gould_fernandez import ROLES, brokerage_roles

FIVE = ROLES[:5]


def raw(result: dict, node: object) -> dict[str, int]:
    """The six raw counts of one node."""
    return {role: result[node][role] for role in ROLES}


def counts(**nonzero: int) -> dict[str, int]:
    """Six raw counts, zero except those named; ``total`` is the sum."""
    out = dict.fromkeys(ROLES, 0)
    out.update(nonzero)
    out["total"] = sum(out[r] for r in FIVE)
    return out


# --- 1. a chain across three groups: liaison ------------------------------------------------


def test_chain_three_groups_directed_is_one_liaison() -> None:
    # counted by hand: the only two-path is a→b→c (a→c absent), groups x, y, z → liaison at b.
    # a and c broker nothing.
    G = nx.DiGraph([("a", "b"), ("b", "c")])
    res = brokerage_roles(G, {"a": "x", "b": "y", "c": "z"})
    assert raw(res, "b") == counts(liaison=1)
    assert raw(res, "a") == counts()
    assert raw(res, "c") == counts()
    # by hand, sna's formulas: N=3, m=2, d=2/6=1/3, p=d²(1-d)=2/27, q=d³(1-d)³.
    # every group has size 1, so for any broker: liaison E = p·((N-nᵢ)² - Σⱼnⱼ²) = p·(4-2)
    # = 4/27; Var = E(1-p) + 4·Σⱼ nⱼ·C(3-1-1, 2)·q = (4/27)(25/27) + 0 → sd = 10/27.
    # z(b) = (1 - 4/27)/(10/27) = 2.3 ; z(a) = (0 - 4/27)/(10/27) = -0.4.
    # total: E = p(N-1)(N-2) = 4/27, Var = E(1-p) + 2·2·1·0·q: the same, so z is the same.
    assert res["b"]["liaison_expected"] == pytest.approx(4 / 27, abs=1e-9)
    assert res["b"]["liaison_z"] == pytest.approx(2.3, abs=1e-9)
    assert res["a"]["liaison_z"] == pytest.approx(-0.4, abs=1e-9)
    assert res["b"]["total_z"] == pytest.approx(2.3, abs=1e-9)
    # singleton groups: coordinator E = p·0·(-1) = 0, itinerant E = p·Σ nⱼ(nⱼ-1) = 0,
    # representative/gatekeeper E = p·(N-nᵢ)(nᵢ-1) = 0, all with variance 0 → z None.
    for role in ("coordinator", "itinerant", "representative", "gatekeeper"):
        assert res["b"][f"{role}_expected"] == 0
        assert res["b"][f"{role}_z"] is None


def test_chain_three_groups_undirected_counts_both_directions() -> None:
    # counted by hand: a Graph is read as reciprocal ties a↔b↔c, so b brokers a→b→c and
    # c→b→a (a–c absent), both liaison; a→b→a is not a path (a = c).
    G = nx.Graph([("a", "b"), ("b", "c")])
    res = brokerage_roles(G, {"a": "x", "b": "y", "c": "z"})
    assert raw(res, "b") == counts(liaison=2)
    # by hand: m = 4 directed ties, d = 4/6 = 2/3, p = (4/9)(1/3) = 4/27.
    # E = p·2 = 8/27; Var = (8/27)(23/27) = 184/729; z = (2 - 8/27)/(√184/27) = 46/√184.
    assert res["b"]["liaison_expected"] == pytest.approx(8 / 27, abs=1e-9)
    assert res["b"]["liaison_z"] == pytest.approx(46 / math.sqrt(184), abs=1e-9)


# --- 2. reciprocal ties: representative vs gatekeeper ---------------------------------------


@pytest.mark.parametrize(
    "G",
    [
        nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c"), ("c", "b")]),
        nx.Graph([("a", "b"), ("b", "c")]),
    ],
    ids=["digraph-reciprocal", "graph"],
)
def test_reciprocal_ties_give_representative_and_gatekeeper(G: nx.Graph) -> None:
    # counted by hand (groups a:x, b:x, c:y), ties a↔b, b↔c, no a–c tie:
    #   a→b→c : source x, broker x, destination y → broker shares the source's group
    #           → representative (sna b_IO)
    #   c→b→a : source y, broker x, destination x → broker shares the destination's group
    #           → gatekeeper (sna b_OI)
    #   b→a→b, b→c→b : a = c, not paths.
    res = brokerage_roles(G, {"a": "x", "b": "x", "c": "y"})
    assert raw(res, "b") == counts(representative=1, gatekeeper=1)
    assert raw(res, "a") == counts()
    assert raw(res, "c") == counts()


def test_representative_and_gatekeeper_follow_direction() -> None:
    # counted by hand: groups A = {a1, a2}, B = {b1, b2}; a1→a2→b1→b2, no other ties.
    #   a1→a2→b1 : A A B → representative at a2 (a1→b1 absent)
    #   a2→b1→b2 : A B B → gatekeeper at b1 (a2→b2 absent)
    G = nx.DiGraph([("a1", "a2"), ("a2", "b1"), ("b1", "b2")])
    res = brokerage_roles(G, {"a1": "A", "a2": "A", "b1": "B", "b2": "B"})
    assert raw(res, "a2") == counts(representative=1)
    assert raw(res, "b1") == counts(gatekeeper=1)
    # reversing every tie swaps the roles: b2→b1→a2 is B B A → representative at b1, and
    # b1→a2→a1 is B A A → gatekeeper at a2.
    res = brokerage_roles(G.reverse(), {"a1": "A", "a2": "A", "b1": "B", "b2": "B"})
    assert raw(res, "a2") == counts(gatekeeper=1)
    assert raw(res, "b1") == counts(representative=1)


# --- 3. one group only: everything is coordination ------------------------------------------


def test_one_group_everything_is_coordinator() -> None:
    # counted by hand: a→v, b→v, v→c, v→d, a→c; all in group g.
    #   a→v→c : closed (a→c present) — not counted
    #   a→v→d, b→v→c, b→v→d : open → coordinator at v (3)
    #   v is the only node with both a predecessor and a successor (a, b have no
    #   predecessor; c, d no successor), so every other node has zeros.
    G = nx.DiGraph([("a", "v"), ("b", "v"), ("v", "c"), ("v", "d"), ("a", "c")])
    res = brokerage_roles(G, dict.fromkeys("abcdv", "g"))
    assert raw(res, "v") == counts(coordinator=3)
    for node in "abcd":
        assert raw(res, node) == counts()
    # by hand: N=5, m=5, d=5/20=1/4, p = (1/16)(3/4) = 3/64, q = (1/64)(27/64) = 27/4096.
    # n = N = 5: coordinator E = p·4·3 = 36/64 = 0.5625;
    # Var = 0.5625·(1 - 3/64) + 2·4·3·2·q = 0.5625·61/64 + 48·27/4096
    #     = 0.5361328125 + 0.31640625 = 0.8525390625;  z(v) = (3 - 0.5625)/√0.8525390625.
    # total has the same E and Var (N = n), so the same z.
    var = 0.5625 * 61 / 64 + 48 * 27 / 4096
    assert var == 0.8525390625
    assert res["v"]["coordinator_expected"] == pytest.approx(0.5625, abs=1e-9)
    assert res["v"]["coordinator_z"] == pytest.approx(2.4375 / math.sqrt(var), abs=1e-9)
    assert res["v"]["total_z"] == pytest.approx(2.4375 / math.sqrt(var), abs=1e-9)
    assert res["a"]["coordinator_z"] == pytest.approx(-0.5625 / math.sqrt(var), abs=1e-9)
    # with one group no other role can occur: expected 0, variance 0 → None.
    for role in ("itinerant", "representative", "gatekeeper", "liaison"):
        for node in "abcdv":
            assert res[node][f"{role}_expected"] == 0
            assert res[node][f"{role}_z"] is None


# --- 4. isolates ----------------------------------------------------------------------------


def test_isolates_have_zero_counts_and_their_groups_expectations() -> None:
    # counted by hand: a→b→c (groups x, y, z) → liaison at b; isolates i (group x) and
    # j (group w, a group of its own) broker nothing.
    G = nx.DiGraph([("a", "b"), ("b", "c")])
    G.add_nodes_from(["i", "j"])
    groups = {"a": "x", "b": "y", "c": "z", "i": "x", "j": "w"}
    res = brokerage_roles(G, groups)
    assert raw(res, "b") == counts(liaison=1)
    assert raw(res, "i") == counts()
    assert raw(res, "j") == counts()
    # isolates count in N: N=5, m=2, d=2/20=0.1, p=0.01·0.9=0.009, q=0.001·0.729=0.000729.
    # sizes x:2, y:1, z:1, w:1. Broker b (nᵢ=1): liaison E = p·(4² - (4+1+1)) = 10p = 0.09;
    # Var = 0.09·0.991 + 4·(2·C(5-2-1,2) + 1·C(5-1-1,2) + 1·C(5-1-1,2))·q
    #     = 0.08919 + 4·(2 + 3 + 3)·0.000729 = 0.08919 + 0.023328 = 0.112518.
    assert res["b"]["liaison_expected"] == pytest.approx(0.09, abs=1e-9)
    assert res["b"]["liaison_z"] == pytest.approx(0.91 / math.sqrt(0.112518), abs=1e-9)
    # expectations depend only on the group: the isolate i has a's, j has b's (both size 1).
    for key in res["a"]:
        if key.endswith("_expected"):
            assert res["i"][key] == res["a"][key]
            assert res["j"][key] == res["b"][key]
    assert res["j"]["liaison_z"] == pytest.approx(-0.09 / math.sqrt(0.112518), abs=1e-9)


@pytest.mark.parametrize("directed", [True, False])
def test_graph_without_ties_has_zero_expectations_and_no_z(directed: bool) -> None:
    # d = 0: every expectation and variance is 0, so every z is None.
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(range(4))
    res = brokerage_roles(G, {0: "x", 1: "x", 2: "y", 3: "z"})
    for node in range(4):
        assert raw(res, node) == counts()
        for role in ROLES:
            assert res[node][f"{role}_expected"] == 0
            assert res[node][f"{role}_z"] is None


def test_empty_and_single_node_graphs() -> None:
    assert brokerage_roles(nx.DiGraph(), {}) == {}
    G = nx.DiGraph()
    G.add_edge("a", "a")  # a self-loop only: ignored
    res = brokerage_roles(G, {"a": "x"})
    assert raw(res, "a") == counts()
    assert all(res["a"][f"{role}_z"] is None for role in ROLES)


def test_complete_digraph_has_no_open_paths_and_no_z() -> None:
    # d = 1: every two-path is closed, p = d²(1-d) = 0, variance 0.
    G = nx.complete_graph(4, create_using=nx.DiGraph)
    res = brokerage_roles(G, {0: "x", 1: "x", 2: "y", 3: "y"})
    for node in G:
        assert raw(res, node) == counts()
        assert all(res[node][f"{role}_z"] is None for role in ROLES)


# --- 5. closed paths: only a→c closes a→v→c --------------------------------------------------


def test_closed_two_path_is_not_counted() -> None:
    # counted by hand: a→v, v→c, a→c → a→v→c is closed; no node brokers anything.
    G = nx.DiGraph([("a", "v"), ("v", "c"), ("a", "c")])
    res = brokerage_roles(G, {"a": "x", "v": "x", "c": "y"})
    for node in "avc":
        assert raw(res, node) == counts()


def test_reverse_tie_does_not_close_a_two_path() -> None:
    # groups a:x, v:x, c:y.  Ties a→v, v→c, c→a (a directed 3-cycle), no a→c:
    #   a→v→c : a→c absent → open; x x y → representative at v
    #   v→c→a : v→a absent → open; x y x → itinerant at c
    #   c→a→v : c→v absent → open; y x x → gatekeeper at a
    groups = {"a": "x", "v": "x", "c": "y"}
    G = nx.DiGraph([("a", "v"), ("v", "c"), ("c", "a")])
    res = brokerage_roles(G, groups)
    assert raw(res, "v") == counts(representative=1)
    assert raw(res, "c") == counts(itinerant=1)
    assert raw(res, "a") == counts(gatekeeper=1)
    # adding a→c closes a→v→c only; v→c→a and c→a→v stay open (v→a, c→v absent).
    G.add_edge("a", "c")
    res = brokerage_roles(G, groups)
    assert raw(res, "v") == counts()
    assert raw(res, "c") == counts(itinerant=1)
    assert raw(res, "a") == counts(gatekeeper=1)


# --- 6. all five roles; z by hand and from R sna ---------------------------------------------

# groups A = {a1, a2, a3}, B = {b1, b2}, C = {c1}
ALL_ROLES_EDGES = [
    ("a1", "b1"),
    ("b1", "a2"),
    ("b1", "c1"),
    ("a2", "a3"),
    ("c1", "b2"),
    ("a3", "a1"),
]
ALL_ROLES_GROUPS = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "c1": "C"}


def test_all_five_roles_counted_by_hand() -> None:
    # counted by hand, broker by broker (pred × succ, open if source→destination absent):
    #   a1: pred {a3}, succ {b1}:     a3→a1→b1  A A B  representative
    #   a2: pred {b1}, succ {a3}:     b1→a2→a3  B A A  gatekeeper
    #   a3: pred {a2}, succ {a1}:     a2→a3→a1  A A A  coordinator
    #   b1: pred {a1}, succ {a2, c1}: a1→b1→a2  A B A  itinerant
    #                                 a1→b1→c1  A B C  liaison
    #   c1: pred {b1}, succ {b2}:     b1→c1→b2  B C B  itinerant
    #   b2: no successor.             No tie closes any of these paths.
    res = brokerage_roles(nx.DiGraph(ALL_ROLES_EDGES), ALL_ROLES_GROUPS)
    assert raw(res, "a1") == counts(representative=1)
    assert raw(res, "a2") == counts(gatekeeper=1)
    assert raw(res, "a3") == counts(coordinator=1)
    assert raw(res, "b1") == counts(itinerant=1, liaison=1)
    assert raw(res, "c1") == counts(itinerant=1)
    assert raw(res, "b2") == counts()


def test_all_five_roles_z_by_hand_from_sna_formulas() -> None:
    res = brokerage_roles(nx.DiGraph(ALL_ROLES_EDGES), ALL_ROLES_GROUPS)
    b1 = res["b1"]
    # N=6, m=6, d=6/30=0.2, p=d²(1-d)=0.04·0.8=0.032, q=d³(1-d)³=0.008·0.512=0.004096,
    # 1-p = 0.968.  Broker b1 in B: nᵢ=2, others A=3, C=1, N-nᵢ=4.
    # coordinator: E = p·1·0 = 0, Var = 0 + 2·1·0·(-1)·q = 0 → None
    assert b1["coordinator_expected"] == 0
    assert b1["coordinator_z"] is None
    # itinerant: E = p·(3·2 + 1·0) = 0.192; Var = 0.192·0.968 + 2·(3·2·1 + 1·0·(-1))·q
    #          = 0.185856 + 0.049152 = 0.235008; z = (1 - 0.192)/√0.235008
    assert b1["itinerant_expected"] == pytest.approx(0.192, abs=1e-9)
    assert b1["itinerant_z"] == pytest.approx(0.808 / math.sqrt(0.235008), abs=1e-9)
    # representative = gatekeeper: E = p·4·1 = 0.128;
    # Var = 0.128·0.968 + 2·(1·C(4,2) + 4·C(1,2))·q = 0.123904 + 12·0.004096 = 0.173056,
    # √0.173056 = 0.416; z = -0.128/0.416 = -4/13
    for role in ("representative", "gatekeeper"):
        assert b1[f"{role}_expected"] == pytest.approx(0.128, abs=1e-9)
        assert b1[f"{role}_z"] == pytest.approx(-4 / 13, abs=1e-9)
    # liaison: E = p·(4² - (9+1)) = 0.192; Var = 0.192·0.968 + 4·(3·C(6-3-2,2) + 1·C(6-1-2,2))·q
    #        = 0.185856 + 4·3·0.004096 = 0.235008; z = 0.808/√0.235008
    assert b1["liaison_expected"] == pytest.approx(0.192, abs=1e-9)
    assert b1["liaison_z"] == pytest.approx(0.808 / math.sqrt(0.235008), abs=1e-9)
    # total: E = p·5·4 = 0.64 (= 0 + 0.192 + 0.128 + 0.128 + 0.192);
    # Var = 0.64·0.968 + 2·5·4·3·q = 0.61952 + 0.49152 = 1.11104; z = (2 - 0.64)/√1.11104
    assert b1["total_expected"] == pytest.approx(0.64, abs=1e-9)
    assert b1["total_z"] == pytest.approx(1.36 / math.sqrt(1.11104), abs=1e-9)
    # c1 is alone in C: representative E = p·5·0 = 0, Var = 2·(0·C(5,2) + 5·C(0,2))·q = 0.
    assert res["c1"]["representative_z"] is None
    assert res["c1"]["gatekeeper_z"] is None


# Output of R sna 2.7-1 (Debian r-cran-sna 2.7-1-1, R 4.2.2) for the same graph:
#   m <- matrix(0,6,6); rows/cols a1 a2 a3 b1 b2 c1; m[...] <- 1 for ALL_ROLES_EDGES
#   b <- brokerage(m, c("A","A","A","B","B","C")); options(digits=15); b$exp.nli; b$z.nli
# Columns w_I w_O b_IO b_OI b_O t; NaN where sna divides 0 by 0.
NAN = None
# fmt: off
SNA_EXPECTED = {
    "a1": (0.064, 0.064, 0.192, 0.192, 0.128, 0.64),
    "b1": (0.000, 0.192, 0.128, 0.128, 0.192, 0.64),
    "c1": (0.000, 0.256, 0.000, 0.000, 0.384, 0.64),
}
SNA_Z = {
    "a1": (-0.25712973861329, -0.25712973861329, 1.585887589878852, -0.376844575812797,
           -0.341743063086704, 0.341536916654390),
    "a2": (-0.25712973861329, -0.25712973861329, -0.376844575812797, 1.585887589878852,
           -0.341743063086704, 0.341536916654390),
    "a3": (3.76052242721937, -0.25712973861329, -0.376844575812797, -0.376844575812797,
           -0.341743063086704, 0.341536916654390),
    "b1": (NAN, 1.66674836401073, -0.307692307692308, -0.307692307692308, 1.666748364010735,
           1.290250574027697),
    "b2": (NAN, -0.39605901719067, -0.307692307692308, -0.307692307692308, -0.396059017190670,
           -0.607176740718916),
    "c1": (NAN, 1.36528701037169, NAN, NAN, -0.532938710021193, 0.341536916654390),
}
# fmt: on


def test_all_five_roles_match_r_sna_output() -> None:
    res = brokerage_roles(nx.DiGraph(ALL_ROLES_EDGES), ALL_ROLES_GROUPS)
    for node, expected in SNA_EXPECTED.items():
        got = tuple(res[node][f"{role}_expected"] for role in ROLES)
        assert got == pytest.approx(expected, abs=1e-9)
    for node, zs in SNA_Z.items():
        for role, z in zip(ROLES, zs, strict=True):
            if z is NAN:
                assert res[node][f"{role}_z"] is None, (node, role)
            else:
                # sna prints 15 significant digits
                assert res[node][f"{role}_z"] == pytest.approx(z, abs=1e-12), (node, role)


def test_multigraph_parallel_edges_and_self_loops_do_not_count() -> None:
    # the all-roles graph again, with a parallel edge and two self-loops: same counts and the
    # same density (m counts distinct ordered pairs, loops excluded).
    plain = brokerage_roles(nx.DiGraph(ALL_ROLES_EDGES), ALL_ROLES_GROUPS)
    M = nx.MultiDiGraph(ALL_ROLES_EDGES)
    M.add_edges_from([("a1", "b1"), ("b1", "b1"), ("a2", "a2")])
    assert brokerage_roles(M, ALL_ROLES_GROUPS) == plain


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize("groups", [{"a": "x", "b": "y"}, {"a": "x", "b": "y", "c": None}])
def test_node_without_group_is_named(groups: dict) -> None:
    G = nx.DiGraph([("a", "b"), ("b", "c")])
    with pytest.raises(ValueError, match="'c'"):
        brokerage_roles(G, groups)


def test_extra_group_keys_are_ignored() -> None:
    G = nx.DiGraph([("a", "b"), ("b", "c")])
    with_extra = brokerage_roles(G, {"a": "x", "b": "y", "c": "z", "zz": "q"})
    assert with_extra == brokerage_roles(G, {"a": "x", "b": "y", "c": "z"})


# --- invariants on random graphs ------------------------------------------------------------


def brute_force_roles(G: nx.Graph, groups: dict) -> dict:
    """Every ordered triple (a, v, c) of distinct nodes, classified by its group pattern."""
    D = G if G.is_directed() else G.to_directed()

    def tie(u: object, w: object) -> bool:
        return u != w and D.has_edge(u, w)

    out = {v: dict.fromkeys(FIVE, 0) for v in G}
    for a, v, c in itertools.permutations(G, 3):
        if tie(a, v) and tie(v, c) and not tie(a, c):
            ga, gv, gc = groups[a], groups[v], groups[c]
            if len({ga, gv, gc}) == 3:
                role = "liaison"
            elif len({ga, gv, gc}) == 1:
                role = "coordinator"
            elif ga == gc:
                role = "itinerant"
            elif gv == ga:
                role = "representative"
            else:
                role = "gatekeeper"
            out[v][role] += 1
    return out


@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("seed", range(8))
def test_random_graphs_match_brute_force(seed: int, directed: bool) -> None:
    rng = random.Random(seed)
    n = rng.randint(5, 18)
    G = nx.gnp_random_graph(n, rng.uniform(0.1, 0.5), seed=seed, directed=directed)
    G.add_edges_from((v, v) for v in rng.sample(list(G), 2))  # self-loops: ignored
    groups = {v: rng.choice("xyz") for v in G}
    res = brokerage_roles(G, groups)
    brute = brute_force_roles(G, groups)
    for v in G:
        assert {r: res[v][r] for r in FIVE} == brute[v]
        assert res[v]["total"] == sum(brute[v].values())
        assert res[v]["total"] == sum(res[v][r] for r in FIVE)
        assert all(type(res[v][r]) is int for r in ROLES)
        # sna's expected total equals the sum of the five role expectations
        assert res[v]["total_expected"] == pytest.approx(
            sum(res[v][f"{r}_expected"] for r in FIVE), abs=1e-9
        )


def test_two_thousand_nodes_consistent() -> None:
    # the size the CLI must handle: 2,000 nodes, ~6,000 ties, five sectors (its speed is
    # measured in benchmarks/analysis_bench.py, not here)
    G = nx.gnm_random_graph(2000, 6000, seed=7, directed=True)
    groups = {v: f"s{v % 5}" for v in G}
    res = brokerage_roles(G, groups)
    assert len(res) == 2000
    assert all(res[v]["total"] == sum(res[v][r] for r in FIVE) for v in res)
    assert sum(res[v]["total"] for v in res) > 0


# --- optional: against a live R sna ---------------------------------------------------------

R_SCRIPT = r"""
suppressMessages(library(sna))
lines <- readLines(commandArgs(TRUE)[1])
N <- as.integer(lines[1]); cl <- strsplit(lines[2], " ")[[1]]
m <- matrix(0, N, N)
if (length(lines) > 2) for (l in lines[3:length(lines)]) {
  e <- as.integer(strsplit(l, " ")[[1]]); m[e[1], e[2]] <- 1 }
b <- brokerage(m, cl)
write.table(cbind(b$raw.nli, b$exp.nli, b$z.nli), col.names=FALSE, row.names=FALSE)
"""


def _has_r_sna() -> bool:
    if shutil.which("Rscript") is None:
        return False
    probe = subprocess.run(
        ["Rscript", "-e", "library(sna)"], capture_output=True, text=True, check=False
    )
    return probe.returncode == 0


@pytest.mark.parametrize("seed", range(10))
def test_random_graphs_match_live_r_sna(seed: int, tmp_path: Path) -> None:
    if not _has_r_sna():
        msg = "R with package sna not installed (scripts/setup-r installs Debian's r-cran-sna)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(msg)
        pytest.skip("R CROSS-CHECK SKIPPED LOCALLY: " + msg)
    rng = random.Random(1000 + seed)
    n = rng.randint(3, 20)
    G = nx.gnp_random_graph(n, rng.uniform(0.05, 0.6), seed=seed, directed=True)
    groups = {v: f"g{rng.randrange(rng.randint(1, 4))}" for v in G}
    script = tmp_path / "brokerage.R"
    script.write_text(R_SCRIPT)
    data = tmp_path / "graph.txt"
    rows = [str(n), " ".join(groups[v] for v in range(n))]
    rows += [f"{u + 1} {w + 1}" for u, w in G.edges()]
    data.write_text("\n".join(rows) + "\n")
    out = subprocess.run(
        ["Rscript", str(script), str(data)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    res = brokerage_roles(G, groups)
    for v in range(n):
        cells = out[v].split()
        for i, role in enumerate(ROLES):
            assert res[v][role] == int(float(cells[i]))
            assert res[v][f"{role}_expected"] == pytest.approx(float(cells[6 + i]), abs=1e-9)
            z = cells[12 + i]
            if z in ("NaN", "NA", "Inf", "-Inf"):
                assert res[v][f"{role}_z"] is None
            else:
                assert res[v][f"{role}_z"] == pytest.approx(float(z), abs=1e-9)


# -- weighted betweenness and Burt on weights (issue 13) ---------------------------------------
def test_weighted_betweenness_hand_count() -> None:
    """Opsahl et al. (2010), distance = 1/weight, counted by hand.

    a-b w=1 (d=1), b-c w=1 (d=1), a-c w=0.25 (d=4), c-d w=0.5 (d=2). Shortest paths:
    a-c via b (2 < 4); a-d via b, c (1+1+2 = 4 < 4+2); b-d via c (3). So b lies on 2 of the
    6 pairs, c on 2: normalised 2 / ((n-1)(n-2)/2) = 2/3 each. Unweighted, a-c is direct
    and b lies on nothing.
    """
    from netmap.analysis.brokers import betweenness, weighted_betweenness

    T = nx.Graph()
    for u, v, w in [("a", "b", 1.0), ("b", "c", 1.0), ("a", "c", 0.25), ("c", "d", 0.5)]:
        T.add_edge(u, v, weight=w, distance=1 / w)
    bc = weighted_betweenness(T)
    assert bc == pytest.approx({"a": 0.0, "b": 2 / 3, "c": 2 / 3, "d": 0.0}, abs=1e-12)
    assert betweenness(T)["b"] == 0.0


def _random_weighted(seed: int) -> nx.Graph:
    rng = random.Random(seed)
    T = nx.gnm_random_graph(rng.randint(8, 40), rng.randint(10, 120), seed=seed)
    for u, v in T.edges():  # integer distances: equal-length paths sum exactly
        T[u][v]["distance"] = rng.randint(1, 4)
        T[u][v]["weight"] = rng.choice([0.1, 0.5, 1.0, 2.43])
    return T


@pytest.mark.parametrize("seed", range(8))
def test_weighted_measures_equal_networkx(seed: int) -> None:
    """igraph's weighted betweenness and the closed-form weighted Burt against networkx."""
    from netmap.analysis.brokers import weighted_betweenness, weighted_structural_holes

    T = _random_weighted(seed)
    ref = nx.betweenness_centrality(T, weight="distance", normalized=True)
    assert weighted_betweenness(T) == pytest.approx(ref, abs=1e-12)
    c, e = weighted_structural_holes(T)
    tied = [v for v in T if T.degree(v)]
    c_nx = nx.constraint(T, nodes=tied, weight="weight")
    e_nx = nx.effective_size(T, nodes=tied, weight="weight")
    assert c == pytest.approx(c_nx, abs=1e-12) and e == pytest.approx(e_nx, abs=1e-12)


R_IGRAPH = """
args <- commandArgs(trailingOnly = TRUE)
suppressMessages(library(igraph))
x <- read.table(args[1], header = FALSE)
n <- as.integer(args[2])
g <- make_graph(as.vector(t(as.matrix(x[, 1:2]))), n = n, directed = FALSE)
b <- betweenness(g, directed = FALSE, weights = x[, 3], normalized = FALSE)
cat(format(b, digits = 17), sep = "\\n")
"""


@pytest.mark.parametrize("seed", range(5))
def test_weighted_betweenness_matches_live_r_igraph(seed: int, tmp_path: Path) -> None:
    """The same weighted graphs through R igraph (r-cran-igraph, scripts/setup-r), raw counts
    scaled by 2/((n-1)(n-2)) as networkx normalises an undirected graph."""
    probe = shutil.which("Rscript") and subprocess.run(
        ["Rscript", "-e", "library(igraph)"], capture_output=True, check=False).returncode == 0
    if not probe:
        msg = "R with package igraph not installed (scripts/setup-r installs r-cran-igraph)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(msg)
        pytest.skip("R CROSS-CHECK SKIPPED LOCALLY: " + msg)
    from netmap.analysis.brokers import weighted_betweenness

    T = _random_weighted(100 + seed)
    n = T.number_of_nodes()
    data = tmp_path / "edges.txt"
    data.write_text("".join(f"{u + 1} {v + 1} {d['distance']}\n" for u, v, d in T.edges(data=True)))
    script = tmp_path / "wb.R"
    script.write_text(R_IGRAPH)
    out = subprocess.run(["Rscript", str(script), str(data), str(n)], capture_output=True,
                         text=True, check=True).stdout.split()
    ours = weighted_betweenness(T)
    scale = 2.0 / ((n - 1) * (n - 2))
    for v in T:
        assert ours[v] == pytest.approx(float(out[v]) * scale, abs=1e-12)
