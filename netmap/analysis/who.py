"""「住まい＋債務に対応できるのは誰？」 — who can handle a combination of needs, alone or as a team.

A person who walks into the 自立相談支援機関 rarely has one need (seed 002 lines 207-215: 446
issues in 115 first assessments, 3.88 each). The desk looks for one organisation that handles
all of them, and otherwise for the smallest team that does, preferring members who already
work together.
"""

from __future__ import annotations

import itertools
from typing import Any

import networkx as nx

from netmap.model import LINK_TYPES, TIE_TYPES, Network
from netmap.taxonomy import load_taxonomy

__all__ = ["who", "EXACT_LIMIT"]

#: Exact set cover is tried while candidates ≤ this many; greedy beyond.
EXACT_LIMIT = 22


def _pair(net: Network, T: nx.Graph, a: str, b: str) -> tuple[float, list[dict[str, Any]]]:
    """How well ``a`` and ``b`` already work together, and the ties that show it.

    2 for each direct link type between them (referral either way, commissioning,
    partnership, information sharing), 1 for each meeting both attend, and when they have
    neither, 1/d for their distance d in the tie graph (0 when not connected).
    """
    ties: list[dict[str, Any]] = []
    G = net.graph
    for u, v in ((a, b), (b, a)):
        if G.has_edge(u, v):
            for d in G[u][v].values():
                if d["type"] in TIE_TYPES:
                    ties.append({"type": d["type"], "label_ja": LINK_TYPES[d["type"]].label_ja,
                                 "source": u, "target": v, "evidence": d.get("evidence", "")})
    shared = sorted(set(net.meetings_of(a)) & set(net.meetings_of(b)))
    for m in shared:
        ties.append({"type": "meeting", "label_ja": "同じ会議体", "meeting": m,
                     "name": net.name_of(m), "evidence": G.nodes[m].get("evidence", "")})
    score = 2.0 * sum(t["type"] != "meeting" for t in ties) + 1.0 * len(shared)
    if not ties:
        try:
            path = nx.shortest_path(T, a, b)
            score = 1.0 / (len(path) - 1)
            ties.append({"type": "path", "label_ja": "経由", "path": path,
                         "names": [net.name_of(n) for n in path],
                         "steps": [{"between": [u, v], "via": T[u][v]["via"]}
                                   for u, v in itertools.pairwise(path)]})
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            score = 0.0
    return score, ties


def _through_program(net: Network, org: str, codes: set[str]) -> int:
    """How many of ``codes`` ``org`` covers through a program (事業) it operates."""
    G = net.graph
    return sum(
        1 for _, prog, d in G.out_edges(org, data=True) if d["type"] == "operates"
        for _, need, d2 in G.out_edges(prog, data=True)
        if d2["type"] == "covers" and G.nodes[need]["code"] in codes)


def _covers(sets: dict[str, set[str]], team: tuple[str, ...], needs: set[str]) -> bool:
    return needs <= set().union(*(sets[m] for m in team))


def _minimal_teams(sets: dict[str, set[str]], needs: set[str]) -> list[tuple[str, ...]]:
    """All smallest teams covering ``needs`` (exact), or one greedy team for many candidates."""
    cands = [c for c in sets if sets[c] & needs]
    # A candidate whose needs are a strict subset of another's is never needed for a minimum.
    if len(cands) <= EXACT_LIMIT:
        for k in range(2, len(needs) + 1):
            found = [t for t in itertools.combinations(cands, k) if _covers(sets, t, needs)
                     and all(not _covers(sets, t[:i] + t[i + 1:], needs) for i in range(k))]
            if found:
                return found
        return []
    team: list[str] = []
    left = set(needs)
    while left:
        best = max(cands, key=lambda c: (len(sets[c] & left), c))
        if not sets[best] & left:
            return []
        team.append(best)
        left -= sets[best]
    return [tuple(team)]


def who(net: Network, needs: list[str], include_hub: bool = False, limit: int = 10
        ) -> dict[str, Any]:
    """Organisations covering every need in ``needs``, else the smallest teams that do.

    Parameters
    ----------
    net : Network
    needs : list of str
        Codes, Japanese labels or synonyms (``住まい``, ``借金``); resolved with the taxonomy.
    include_hub : bool
        The hub is the one asking, so by default it is not offered as an answer; set to
        include it.
    limit : int
        At most this many teams, best first.

    Returns
    -------
    dict
        ``needs`` (codes), ``single`` (ids covering all, closest to the hub first),
        ``teams``: ``[{members, covers: {id: [codes]}, score, ties: [...], hub_steps}]``,
        best first. ``score`` = mean over member pairs of the pair score (2 per direct
        tie, 1 per shared meeting, else 1/distance) + 1/(1 + mean steps from the hub);
        equal scores are ordered by ``through_programs`` (needs covered via a 事業 the
        member operates).
        ``uncoverable``: needs nobody covers (then no team is possible).

    Examples
    --------
    >>> from netmap.io.dataset import load_dataset
    >>> from netmap.resources import repo_root
    >>> r = who(load_dataset(repo_root() / "datasets" / "zama"), ["住まい", "債務"])
    >>> r["needs"], r["single"]
    (['housing', 'debt'], [])
    """
    tax = load_taxonomy()
    codes: list[str] = []
    for n in needs:
        c = tax.resolve(n)
        if c not in codes:
            codes.append(c)
    want = set(codes)
    hub = net.hub
    sets = {o: net.needs_covered(o) & want for o in net.organisations()
            if include_hub or o != hub}
    sets = {o: s for o, s in sets.items() if s}
    T = net.tie_graph(with_meetings=False)
    steps = nx.single_source_shortest_path_length(T, hub) if hub else {}

    def hub_steps(o: str) -> int | None:
        return steps.get(o)

    single = sorted((o for o, s in sets.items() if s == want),
                    key=lambda o: (hub_steps(o) is None, hub_steps(o) or 0, o))
    covered = set().union(*sets.values()) if sets else set()
    uncoverable = [c for c in codes if c not in covered]
    teams: list[dict[str, Any]] = []
    if not single and not uncoverable and len(want) > 1:
        for team in _minimal_teams(sets, want):
            pair_scores, ties = [], []
            for a, b in itertools.combinations(team, 2):
                s, t = _pair(net, T, a, b)
                pair_scores.append(s)
                ties.extend({"between": [a, b], **x} for x in t)
            dists = [hub_steps(m) for m in team]
            known = [d for d in dists if d is not None]
            mean_steps = sum(known) / len(known) if known else None
            score = sum(pair_scores) / len(pair_scores) + (
                1.0 / (1.0 + mean_steps) if mean_steps is not None else 0.0)
            teams.append({
                "members": list(team),
                "names": [net.name_of(m) for m in team],
                "covers": {m: [c for c in codes if c in sets[m]] for m in team},
                "score": round(score, 4),
                "ties": ties,
                "hub_steps": dict(zip(team, dists, strict=True)),
                "through_programs": sum(_through_program(net, m, sets[m]) for m in team),
            })
        # Ties broken by how much of the cover rests on a 事業 the member runs (a program is
        # a standing service; a needs cell may be an occasional help), then by id.
        teams.sort(key=lambda t: (-t["score"], -t["through_programs"], t["members"]))
        teams = teams[:limit]
    return {"needs": codes, "single": single,
            "single_names": [net.name_of(o) for o in single],
            "teams": teams, "uncoverable": uncoverable, "hub": hub}
