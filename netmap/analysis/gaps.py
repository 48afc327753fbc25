"""Gaps in a support network: needs nobody covers (or nobody recorded), single services,
providers the hub cannot pass a person to, providers that never meet, sectors never linked
although a random network would link them, and what each loss — the hub's included — does.

The coordinator's question behind each (seed 002 lines 558-570: チーム座間 was built one case at
a time): *if a person with this need walks in, can the 司令塔 get them to someone who helps, and
what happens when that someone is gone?* Which graph each part runs on is in docs/METHODS.md.
"""

from __future__ import annotations

import itertools
from typing import Any

import networkx as nx

from netmap.analysis.demand import demand_period, demand_ranking, demand_totals
from netmap.analysis.expected import probably_unrecorded
from netmap.analysis.marks import GAP_GROUPS, need_gap_groups
from netmap.analysis.resilience import critical_nodes, cut_off_sets
from netmap.analysis.sector_holes import sector_hole_tests
from netmap.model import SECTORS, Network, need_node
from netmap.taxonomy import load_taxonomy

__all__ = ["gaps", "need_gap_groups", "GAP_GROUPS", "sector_mixing", "critical_nodes",
           "cut_off_sets", "demand_ranking", "services"]


def _evidence(net: Network, org: str, need: str) -> list[str]:
    """Evidence of the covers links behind "``org`` covers ``need``" (direct or via program)."""
    out: list[str] = []
    G = net.graph
    for _, target, d in G.out_edges(org, data=True):
        if d["type"] == "covers" and target == need_node(need):
            out.append(d.get("evidence", ""))
        elif d["type"] == "operates":
            for _, t2, d2 in G.out_edges(target, data=True):
                if d2["type"] == "covers" and t2 == need_node(need):
                    out.append(f"{G.nodes[target].get('name', target)}: {d2.get('evidence', '')}")
    return sorted(set(filter(None, out)))


def sector_mixing(net: Network, T: nx.Graph[Any] | None = None) -> dict[str, dict[str, int]]:
    """Ties between sectors: ``matrix[s][t]`` = organisation pairs tied across ``s`` and ``t``.

    Counted on the one-mode tie graph (:meth:`Network.tie_graph` without meetings: referral,
    commissioning, partnership, information sharing, or a shared meeting). Symmetric; the
    diagonal counts ties inside a sector. Only sectors present in the network appear. ``T``
    is that tie graph when the caller has it already.
    """
    T = T if T is not None else net.tie_graph(with_meetings=False)
    present = [s for s in SECTORS if any(d.get("sector") == s for _, d in T.nodes(data=True))]
    matrix = {s: dict.fromkeys(present, 0) for s in present}
    for u, v in T.edges():
        a, b = T.nodes[u]["sector"], T.nodes[v]["sector"]
        matrix[a][b] += 1
        if a != b:
            matrix[b][a] += 1
    return matrix



def services(net: Network) -> dict[str, list[dict[str, Any]]]:
    """Need code → the independent services covering it, each ``{id, name, kind, operators,
    designed, why}``.

    A program is one service however many organisations run it (座間's はたらつく・ざま is one
    consortium program of four organisations, seed 002 l.718-726); an organisation that covers a
    need directly is one service unless it also runs a program covering that need (then the
    program stands for it). ``designed`` marks a service that is single on purpose: a
    ``mandatory`` program, a program with a statutory ``basis``, or a program or organisation
    the city commissions (``commissions`` link) — a gap by design, to be watched, not a
    fragile single provider.
    """
    G = net.graph
    commissioned = {v for _, v, _ in net.links("commissions")}
    out: dict[str, list[dict[str, Any]]] = {n.removeprefix("need:"): [] for n, _ in
                                            net.nodes_of("need")}
    seen: dict[str, set[str]] = {}
    for org in net.organisations():
        via_program: dict[str, list[str]] = {}
        direct: list[str] = []
        for _, target, d in G.out_edges(org, data=True):
            if d.get("type") == "covers":
                direct.append(G.nodes[target]["code"])
            elif d.get("type") == "operates":
                for _, need, d2 in G.out_edges(target, data=True):
                    if d2.get("type") == "covers":
                        via_program.setdefault(G.nodes[need]["code"], []).append(target)
        for code, progs in via_program.items():
            for prog in progs:
                if prog in seen.setdefault(code, set()):
                    out[code][[s["id"] for s in out[code]].index(prog)]["operators"].append(org)
                    continue
                seen[code].add(prog)
                pd = G.nodes[prog]
                why = ("mandatory" if pd.get("category") == "mandatory" else
                       "basis" if pd.get("basis") else
                       "commissioned" if org in commissioned else "")
                out.setdefault(code, []).append(
                    {"id": prog, "name": pd.get("name", prog), "kind": "program",
                     "operators": [org], "designed": bool(why), "why": why})
        for code in sorted(set(direct) - set(via_program)):
            why = "commissioned" if org in commissioned else ""
            out.setdefault(code, []).append(
                {"id": org, "name": net.name_of(org), "kind": "organisation",
                 "operators": [org], "designed": bool(why), "why": why})
    for rows in out.values():  # a program is designed when any of its operators is commissioned
        for r in rows:
            if r["kind"] == "program" and not r["designed"] and \
                    any(o in commissioned for o in r["operators"]):
                r["designed"], r["why"] = True, "commissioned"
    return out


def _reachability(net: Network, providers: dict[str, list[str]], max_steps: int
                  ) -> list[dict[str, Any]]:
    """Needs none of whose providers the hub can pass a person to within ``max_steps``."""
    hub = net.hub
    if hub is None:
        return []
    R = net.weighted_tie_graph(client_routes=True)
    dist = nx.single_source_shortest_path(R, hub) if hub in R else {}
    out = []
    for code, orgs in providers.items():
        if not orgs or any(o in dist and len(dist[o]) - 1 <= max_steps for o in orgs):
            continue
        out.append({"need": code, "providers": [
            {"id": o, "name": net.name_of(o),
             "steps": len(dist[o]) - 1 if o in dist else None,
             "path": dist.get(o)} for o in orgs]})
    return out


def gaps(net: Network, max_steps: int = 2, stability_runs: int = 5,
         null_samples: int = 100, seed: int = 0) -> dict[str, Any]:
    """Every gap of the network, as plain data (``netmap gaps``).

    Parameters
    ----------
    net : Network
    max_steps : int
        How many client-route steps from the hub a provider may be and still be reachable.
    stability_runs : int
        Seeded random tie drops behind the rank range of each critical node.
    null_samples : int
        Degree-preserving rewirings behind the sector-hole test.
    seed : int
        Seed of the drops and of the rewirings.

    Returns
    -------
    dict
        - ``uncovered``: need codes with no provider recorded and no checklist body that
          normally covers them (taxonomy and demand.csv needs);
        - ``probably_unrecorded``: needs with no provider recorded that a statutory or
          near-universal body normally covers (未登録の可能性;
          :func:`netmap.analysis.expected.probably_unrecorded`);
        - ``thin``: ``{need, providers, names, services, designed, evidence, demand}`` for
          needs with exactly one independent service (:func:`services`); ``designed`` tells a
          single provider by design (a mandatory, statutory or commissioned program) from a
          fragile one;
        - ``unreachable``: ``{need, providers: [{id, steps, path}]}`` for needs none of whose
          providers the hub reaches within ``max_steps`` along client routes (referrals,
          commissioning, partnerships, ``case`` meetings; not planning WGs);
        - ``unlinked_duplicates``: ``{need, providers}`` where ≥ 2 providers share no tie and
          no meeting with one another;
        - ``sector_holes``: ``[a, b]`` pairs of sectors with no tie that a degree-preserving
          null model would tie and the hub does not join; ``sector_hole_tests``: each with its
          expected count, and every untied pair (:mod:`netmap.analysis.sector_holes`);
        - ``critical``: :func:`netmap.analysis.resilience.critical_nodes` (the hub included);
        - ``ranking``: :func:`netmap.analysis.demand.demand_ranking`; ``demand_period``;
        - ``hub``, ``max_steps``.

    Examples
    --------
    >>> from netmap.io.dataset import load_dataset
    >>> from netmap.resources import repo_root
    >>> g = gaps(load_dataset(repo_root() / "datasets" / "zama"), stability_runs=0,
    ...          null_samples=20)
    >>> "elder_care" in g["uncovered"], [r["need"] for r in g["probably_unrecorded"]][:1]
    (False, ['elder_care'])
    """
    tax = load_taxonomy()
    providers = net.providers()
    demand = demand_totals(net)
    empty = [code for code, orgs in providers.items() if not orgs]
    unrecorded = probably_unrecorded(net, empty)
    likely = {r["need"] for r in unrecorded}
    uncovered = [c for c in empty if c not in likely]
    uncovered.sort(key=lambda c: (-demand.get(c, 0), list(tax.needs).index(c) if c in tax else 0))
    svc = services(net)
    thin = [{"need": code, "providers": providers.get(code, []),
             "names": [net.name_of(o) for o in providers.get(code, [])],
             "services": s, "designed": s[0]["designed"], "why": s[0]["why"],
             "evidence": _evidence(net, s[0]["operators"][0], code), "demand": demand.get(code)}
            for code, s in svc.items() if len(s) == 1]
    thin.sort(key=lambda r: (r["designed"], -(r["demand"] or 0)))

    # Tied = any direct link or a shared meeting: the edges of the weighted tie graph (every
    # weight is > 0, so it has the edges of Network.tie_graph(with_meetings=False);
    # tests/test_analysis.py checks that), which brokers reuses from the network's cache.
    T = net.weighted_tie_graph()
    unlinked = []
    for code, orgs in providers.items():
        if len(orgs) >= 2 and not any(T.has_edge(a, b) for a, b in itertools.combinations(orgs, 2)):
            unlinked.append({"need": code, "providers": orgs,
                             "names": [net.name_of(o) for o in orgs]})
    holes = sector_hole_tests(net, samples=null_samples, seed=seed)
    ranking = demand_ranking(net, providers, svc)
    return {
        "hub": net.hub,
        "max_steps": max_steps,
        "uncovered": uncovered,
        "probably_unrecorded": unrecorded,
        "thin": thin,
        "unreachable": _reachability(net, providers, max_steps),
        "unlinked_duplicates": unlinked,
        "sector_holes": [r["pair"] for r in holes["holes"]],
        "sector_hole_tests": holes,
        "critical": critical_nodes(net, providers, demand, stability_runs=stability_runs,
                                   seed=seed),
        "ranking": ranking,
        "demand_period": demand_period(net),
    }
