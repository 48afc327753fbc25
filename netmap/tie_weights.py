"""How strong a tie between two organisations is: link type, yearly volume, meeting purpose,
sittings a year, and who convenes.

A coordinator reads a tie as "I can pick up the phone and they will take the case". A referral
route used 38 times a year (seed 002 l.479-483) is such a tie; sitting in the same 18-division
庁内 planning working group (seed 002 l.313-336) is not. This module turns the typed links of a
:class:`~netmap.model.Network` into one undirected weighted graph of organisations, the graph
betweenness, Burt's measures and the sector null model run on (docs/METHODS.md).

Every constant below is a modelling choice, not an estimate; each says why it has its value.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import networkx as nx

__all__ = [
    "LINK_WEIGHT",
    "HANDOFF_CHANCE",
    "PURPOSE_WEIGHT",
    "CLIENT_ROUTE_PURPOSES",
    "CLIENT_ROUTE_LINKS",
    "volume_factor",
    "frequency_factor",
    "meeting_weight",
    "weighted_ties",
]

#: Weight of one direct link by type, before volume. A referral (``refers_to``) or a contract
#: (``commissions``) is a route a person has actually been sent along or that is paid to take
#: them: a full working tie, 1.0. A ``partners`` or ``shares_info`` line names a relationship
#: without saying that cases travel along it (チーム座間's member list, seed 002 l.562-566):
#: half a working tie. Several links between one pair add up.
LINK_WEIGHT: dict[str, float] = {
    "refers_to": 1.0,
    "commissions": 1.0,
    "partners": 0.5,
    "shares_info": 0.5,
}

#: Weight of one sitting-together by meeting purpose (the codes of
#: :data:`netmap.vocabulary.MEETING_PURPOSES`), for a meeting that sits monthly or more.
#: A ``case`` meeting (支援調整会議, 法9条 支援会議) is where a person's plan is divided among
#: the members: a working tie, 1.0. A ``network`` council (連携会議, 協議会) introduces
#: members who may then work together, 0.3. A ``planning`` group (庁内 WG, 計画策定) and
#: ``training`` share a room, not clients, 0.1: the 庁内 WG that made 153 of 座間's 180 ties
#: (issue 13) then weighs what 15 referral-free co-memberships of a case meeting would.
#: ``other`` (and an empty purpose) weighs 0.1 too: a meeting we cannot type is not assumed
#: to be a working one.
PURPOSE_WEIGHT: dict[str, float] = {
    "case": 1.0,
    "network": 0.3,
    "planning": 0.1,
    "training": 0.1,
    "other": 0.1,
}

#: Hand-off chance of each kind of tie (``netmap who``, :mod:`netmap.analysis.handoff`), strongest
#: first: read as the rough chance that a hand-off
#: along it reaches someone who takes the person on. Nothing is certain, so even a referral
#: already made in that direction is 0.9 and every extra hand-off costs (two referrals: 0.81).
#: ``refers_to`` counts in the direction it was made; the other way (the member once sent
#: someone to the desk) is weaker. A shared meeting counts by its purpose: a case meeting
#: (支援調整会議・ケース会議) plans hand-offs, a planning working group (庁内会議・計画策定) only
#: makes people known to each other. The ordering is the one the issue asks for (warm
#: hand-offs over co-membership); the values are a stated convention, not estimates.
HANDOFF_CHANCE: dict[str, float] = {
    "refers_to": 0.9,
    "commissions": 0.8,
    "meeting:case": 0.7,
    "partners": 0.6,
    "refers_to:back": 0.5,
    "shares_info": 0.5,
    "meeting:network": 0.4,
    "meeting:other": 0.3,
    "meeting:training": 0.25,
    "meeting:planning": 0.2,
}

#: The two tables answer different questions and so have different scales: LINK_WEIGHT and
#: PURPOSE_WEIGHT are tie *strengths* that add up over a pair's links (betweenness, Burt); this
#: one is a *chance* that multiplies along a route. They must still rank the kinds of tie the
#: same way (a referral never weaker than a partner line, a case meeting never weaker than a
#: planning WG); ``tests/test_tie_weights.py`` checks that no pair is ordered the other way.

#: Meeting purposes along which a person can be passed on (reach from the hub; gaps).
CLIENT_ROUTE_PURPOSES = ("case",)

#: Link types along which a person can be passed on (reach from the hub): sent, commissioned,
#: or a named partner of the hub's own case work.
CLIENT_ROUTE_LINKS = ("refers_to", "commissions", "partners")

#: Sittings a year at which a meeting counts fully (monthly: the usual 支援調整会議 cycle).
FULL_SITTINGS = 12.0

#: The scale of a link's yearly volume (cases a year): a referral route used every month gives
#: ``1 + ln(1 + 12/12)`` ≈ 1.69; 38 a year (座間's 生活保護 → 自立サポート) ≈ 2.43 (2.4271).
VOLUME_SCALE = 12.0


def volume_factor(per_year: float | None) -> float:
    """How much a link's yearly volume multiplies its weight: ``1 + ln(1 + v / 12)``.

    Grows with use but less than proportionally: the 38th referral of a year adds less to
    "they know each other" than the first (tie strength as frequency, Granovetter 1973;
    Marsden & Campbell 1984 find frequency a weaker indicator than closeness, so it is damped).
    Unknown or 0 volume → 1 (the link itself is the fact).

    >>> volume_factor(None), round(volume_factor(12), 4), round(volume_factor(38), 4)
    (1.0, 1.6931, 2.4271)
    """
    if per_year is None or per_year <= 0:
        return 1.0
    return 1.0 + math.log1p(float(per_year) / VOLUME_SCALE)


def frequency_factor(per_year: float | None) -> float:
    """Share of a full working tie a meeting gives by its sittings: ``min(per_year, 12) / 12``.

    Unknown sittings → 1: a missing cell must not make a meeting weaker than one stated
    monthly (the purpose already sets the scale), and the caller can see it was unknown.

    >>> frequency_factor(None), frequency_factor(12), frequency_factor(4), frequency_factor(52)
    (1.0, 1.0, 0.3333333333333333, 1.0)
    """
    if per_year is None or per_year <= 0:
        return 1.0
    return min(float(per_year), FULL_SITTINGS) / FULL_SITTINGS


def meeting_weight(purpose: str | None, per_year: float | None) -> float:
    """The weight of one sitting-together in a meeting of this purpose and frequency."""
    return PURPOSE_WEIGHT.get(purpose or "other", PURPOSE_WEIGHT["other"]) * \
        frequency_factor(per_year)


def _inferred(d: Mapping[str, Any]) -> bool:
    return d.get("certainty") == "inferred"


def _members(G: nx.MultiDiGraph[Any], m: str, position: Mapping[str, int],
             include_inferred: bool, inferred_nodes: set[str]
             ) -> tuple[list[str], list[str], bool]:
    """Conveners and attendees of meeting ``m`` in node order, and whether any is inferred."""
    conv: set[str] = set()
    att: set[str] = set()
    inferred = False
    for u, _, d in G.in_edges(m, data=True):
        t = d.get("type")
        if t not in ("attends", "convenes"):
            continue
        if _inferred(d) or u in inferred_nodes:
            if not include_inferred:
                continue
            inferred = True
        (conv if t == "convenes" else att).add(u)
    att -= conv
    return (sorted(conv, key=position.__getitem__), sorted(att, key=position.__getitem__),
            inferred)


def _direct_ties(edges: Iterable[tuple[str, str, Mapping[str, Any]]], include_inferred: bool,
                 allowed: set[str], inferred_nodes: set[str]
                 ) -> Iterator[tuple[str, str, float, str, bool]]:
    for u, v, d in edges:
        t = d.get("type")
        if t not in allowed or u == v:
            continue
        inferred = d.get("certainty") == "inferred" or u in inferred_nodes or \
            v in inferred_nodes
        if inferred and not include_inferred:
            continue
        yield u, v, LINK_WEIGHT[t] * volume_factor(d.get("per_year")), t, inferred


def _meeting_ties(G: nx.MultiDiGraph[Any], meetings: Iterable[str], include_inferred: bool,
                  inferred_nodes: set[str]) -> Iterator[tuple[str, str, float, str, bool]]:
    """Ties from shared meetings: a star from each convenor, Newman's 1/(n−1) among all.

    The two-mode organisation–meeting graph gives a meeting node all the brokerage between
    its members (Borgatti & Everett 1997); a plain one-mode projection hands it to nobody, so
    a hub that convenes a case meeting of its partners loses its betweenness to the clique
    (issue 13: 0.69 → 0.00). Here the meeting node is merged into its convenor: each
    convenor–member pair gets the meeting's full weight ``w`` (the convenor calls, chairs and
    follows up), and every pair of members also gets Newman's (2001) collaboration weight
    ``w / (n − 1)`` for having sat together, ``n`` the members. A meeting without a recorded
    convenor is a Newman clique only.
    """
    position = {n: i for i, n in enumerate(G)}
    for m in meetings:
        d = G.nodes[m]
        conv, att, inferred = _members(G, m, position, include_inferred, inferred_nodes)
        members = conv + att
        n = len(members)
        if n < 2:
            continue
        w = meeting_weight(d.get("purpose"), d.get("per_year"))
        why = f"meeting:{m}"
        for c in conv:
            for a in members:
                if a != c:
                    yield c, a, w, why, inferred
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                yield a, b, w / (n - 1), why, inferred


def weighted_ties(G: nx.MultiDiGraph[Any], include_inferred: bool = True,
                  purposes: Iterable[str] | None = None,
                  link_types: Iterable[str] | None = None,
                  edges: Iterable[tuple[str, str, Mapping[str, Any]]] | None = None
                  ) -> nx.Graph[Any]:
    """The undirected weighted graph of organisations (see the module docstring).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A network's typed graph (:attr:`netmap.model.Network.graph`).
    include_inferred : bool
        Keep links and nodes whose ``certainty`` is ``inferred`` (default) or drop them.
    purposes : iterable of str, optional
        Only meetings of these purposes (an empty purpose counts as ``other``); all if None.
    link_types : iterable of str, optional
        Only direct links of these types; all of :data:`LINK_WEIGHT` if None.
    edges : iterable, optional
        ``G.edges(data=True)`` when the caller keeps it already
        (:meth:`netmap.model.Network.edge_list`).

    Returns
    -------
    networkx.Graph
        Every organisation (``sector``, ``department`` attributes); each edge has ``weight``
        (the sum of its contributions), ``distance`` (``1 / weight``, Opsahl et al. 2010's
        path length for weighted betweenness), ``via`` (sorted link types and
        ``meeting:<id>``) and ``inferred`` (True when every contribution is inferred).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for n in "abc":
    ...     G.add_node(n, node_type="organisation", sector="npo")
    >>> G.add_node("m", node_type="meeting", purpose="case", per_year=12)
    >>> _ = G.add_edge("a", "m", type="convenes"); _ = G.add_edge("b", "m", type="attends")
    >>> _ = G.add_edge("c", "m", type="attends")
    >>> T = weighted_ties(G)
    >>> T["a"]["b"]["weight"], T["b"]["c"]["weight"]
    (1.5, 0.5)
    """
    allowed = set(LINK_WEIGHT if link_types is None else link_types) & set(LINK_WEIGHT)
    keep = None if purposes is None else set(purposes)
    nodes = list(G.nodes(data=True))
    inferred_nodes = {n for n, d in nodes if _inferred(d)}
    orgs = [(n, d) for n, d in nodes if d.get("node_type") == "organisation"
            and (include_inferred or n not in inferred_nodes)]
    T: nx.Graph[Any] = nx.Graph()
    T.add_nodes_from((n, {"sector": d.get("sector"), "department": d.get("department")})
                     for n, d in orgs)
    meetings = [n for n, d in nodes if d.get("node_type") == "meeting"
                and (keep is None or (d.get("purpose") or "other") in keep)
                and (include_inferred or n not in inferred_nodes)]
    members = {n for n, _ in orgs}
    # one entry per unordered pair, oriented as first seen (the edge order of T, on which
    # igraph's float sums and the rank drops depend, is that of the contributions)
    acc: dict[tuple[str, str], list[Any]] = {}
    get = acc.get
    for a, b, w, why, inferred in itertools.chain(
            _direct_ties(G.edges(data=True) if edges is None else edges, include_inferred,
                         allowed, inferred_nodes),
            _meeting_ties(G, meetings, include_inferred, inferred_nodes)):
        if a not in members or b not in members:
            continue
        entry = get((a, b)) or get((b, a))
        if entry is None:
            acc[(a, b)] = [w, {why}, inferred]
            continue
        entry[0] += w
        entry[1].add(why)
        entry[2] = entry[2] and inferred
    # What T.add_edges_from does, less its per-edge checks (both ends are nodes of T already,
    # each pair comes once): the same adjacency in the same insertion order.
    adj: dict[Any, dict[Any, dict[str, Any]]] = T._adj  # type: ignore[attr-defined]
    for (a, b), (w, why, inf) in acc.items():
        if w > 0:
            d = {"weight": w, "distance": 1.0 / w,
                 "via": sorted(why) if len(why) > 1 else list(why), "inferred": inf}
            adj[a][b] = d
            adj[b][a] = d
    return T
