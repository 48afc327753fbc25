"""How easily a person is handed from the desk to each organisation: the weighted hand-off graph.

The desk (自立相談支援機関, or any starting organisation) hands a person on along working
ties. Ties differ: a referral already made in that direction (seed 002 lines 899-902: the desk
sent a case to 社協's 家計改善支援事業 and to ワンエイド's 地域居住支援事業) is a warm hand-off;
sitting together in a planning working group (seed 002 lines 313-336) is not. Each tie has a
weight in (0, 1], read as the rough chance that a hand-off along it succeeds, and a route's
strength is the product of its ties (so a route is as good as its weakest links together). The
strongest route from the start to every organisation is found with Dijkstra's algorithm on
``-log(weight)`` (Dijkstra 1959), which for weights ≤ 1 is the maximum-product path.

The graph is built either from a :class:`netmap.model.Network` or from the rows the Neo4j
store returns (``cypher/who.cypher``), into the same plain structure, so both give the same
answer.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, TypedDict

from netmap.model import LINK_TYPES, TIE_TYPES, Network
from netmap.taxonomy import normalise_text
from netmap.tie_weights import HANDOFF_CHANCE
from netmap.vocabulary import CERTAINTY, MEETING_PURPOSES, lookup

__all__ = ["TIE_WEIGHTS", "GRADES", "AREA_ELSEWHERE", "Step", "HandoffGraph", "meeting_purpose"]

#: Hand-off chance of each kind of tie: :data:`netmap.tie_weights.HANDOFF_CHANCE`, kept beside
#: the tie-strength weights of the network measures so the two tables cannot drift apart.
TIE_WEIGHTS = HANDOFF_CHANCE

_COST = {k: -math.log(w) for k, w in TIE_WEIGHTS.items()}
_NEG_WEIGHT = {k: -w for k, w in TIE_WEIGHTS.items()}

#: How surely an organisation accepts a need: through a program (事業) it operates (a standing
#: service such as 家計改善支援事業 or 地域居住支援事業), in its own needs as stated, or in its
#: needs as inferred by whoever made the dataset (``certainty = inferred``).
GRADES: dict[str, float] = {"program": 1.0, "stated": 0.8, "inferred": 0.5}

#: Factor for a member whose ``area`` is another district than the person's (``--area``).
AREA_ELSEWHERE = 0.5

_TIE_LABELS = {"meeting": ("同じ会議体", "same meeting"),
               "refers_to:back": ("つなぐ（逆方向）", "referred the other way")}
# Read from the meeting's name and purpose text when ``purpose`` is not one of the codes.
_PURPOSE_WORDS = (("training", re.compile(r"研修")),
                  ("planning", re.compile(r"ワーキング|計画|策定|政策|推進会議|庁内|専門部会")),
                  ("case", re.compile(r"支援調整|支援会議|ケース|ケア会議|個別|役割分担|支援プラン")),
                  ("network", re.compile(r"ネットワーク|協議会|連携|連絡会|情報共有|見守り")))
_CITYWIDE = {"", "市全域", "全域", "市内全域", "町全域", "村全域", "区全域"}


def meeting_purpose(attrs: dict[str, Any]) -> str:
    """``case``, ``network``, ``planning``, ``training`` or ``other`` for a meeting.

    The agreed ``purpose`` code (or any spelling of it in
    :data:`netmap.vocabulary.MEETING_PURPOSES`) when given; otherwise read from the
    words of its name and purpose text (``包括的支援体制構築ワーキンググループ`` → planning,
    ``支援調整会議`` → case), training first since 研修 may mention cases.

    >>> meeting_purpose({"name": "支援調整会議", "purpose": "支援プランの調整"})
    'case'
    >>> meeting_purpose({"name": "包括的支援体制構築ワーキンググループ"})
    'planning'
    """
    code = lookup(MEETING_PURPOSES, str(attrs.get("purpose") or ""))
    if code:
        return code
    text = f"{attrs.get('name') or ''} {attrs.get('purpose') or ''}"
    return next((c for c, rx in _PURPOSE_WORDS if rx.search(text)), "other")


class Step(TypedDict):
    """One hand-off of a route: from ``source`` to ``target`` over ``tie`` (a link type,
    ``refers_to:back`` or ``meeting:<purpose>``), with the weight and evidence behind it."""

    source: str
    source_name: str
    target: str
    target_name: str
    tie: str
    label_ja: str
    label_en: str
    weight: float
    evidence: str
    meeting: str | None
    meeting_name: str | None


@dataclass
class _Edge:
    weight: float
    tie: str
    evidence: str
    meeting: str | None = None


@dataclass
class HandoffGraph:
    """Organisations, what they accept, and the directed, weighted hand-off ties between them.

    ``orgs`` keeps file order (``seq``); ``offers[org][need]`` is ``(grade, how, program,
    program name, evidence)`` with ``how`` a key of :data:`GRADES`; ``meetings[id]`` holds
    name, purpose code, evidence and its members in file order.
    """

    name: str
    hub: str | None
    orgs: dict[str, dict[str, Any]]
    offers: dict[str, dict[str, tuple[float, str, str | None, str | None, str]]]
    meetings: dict[str, dict[str, Any]]
    #: ``adj[a][b]``: the strongest tie from a to b as ``(-weight, tie, evidence)`` (the
    #: smallest tuple is the best: strongest, then by name, so input order never matters).
    adj: dict[str, dict[str, tuple[float, str, str]]] = field(default_factory=dict)
    #: Organisation → the meetings it sits in (a meeting passes on at no further cost).
    joined: dict[str, list[str]] = field(default_factory=dict, repr=False)
    order: dict[str, int] = field(default_factory=dict, repr=False)
    _routes: dict[str, tuple[dict[str, float], dict[str, str]]] = field(
        default_factory=dict, repr=False)
    #: Program id → name, to name the 事業 of an offer (:meth:`with_offers`).
    programs: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    # -- building ------------------------------------------------------------------------------
    @classmethod
    def of(cls, net: Network) -> HandoffGraph:
        """The hand-off graph of ``net``, built once per network and size
        (:meth:`Network.derived`); treat it as read-only."""
        return net.derived("handoff", lambda: cls.from_network(net))

    @classmethod
    def from_network(cls, net: Network) -> HandoffGraph:
        """The hand-off graph of a typed network (files or a graph read back from Neo4j)."""
        G = net.graph
        orgs = {n: dict(d) for n, d in net.nodes_of("organisation")}
        programs = {n: dict(d) for n, d in net.nodes_of("program")}
        offers: list[tuple[str, str, str, str | None, str]] = []
        ties: list[tuple[str, str, str, str]] = []
        members: dict[str, list[str]] = {m: [] for m, _ in net.nodes_of("meeting")}
        for u, v, d in G.edges(data=True):
            t = d.get("type")
            if t == "covers" and u in orgs:
                offers.append((u, G.nodes[v]["code"], _certainty(d), None, d.get("evidence", "")))
            elif t == "covers" and u in programs:
                for op, _, d2 in G.in_edges(u, data=True):
                    if d2.get("type") == "operates" and op in orgs:
                        offers.append((op, G.nodes[v]["code"], "program", u,
                                       d.get("evidence") or programs[u].get("evidence", "")))
            elif t in TIE_TYPES and u in orgs and v in orgs:
                ties.append((u, v, t, str(d.get("evidence", ""))))
            elif t in ("attends", "convenes") and v in members and u in orgs:
                members[v].append(u)
        meetings = {m: {**dict(G.nodes[m]), "members": ms} for m, ms in members.items()}
        return cls.build(net.name, orgs, {p: str(d.get("name", p)) for p, d in programs.items()},
                         offers, ties, meetings)

    @classmethod
    def from_rows(cls, rows: dict[str, Any]) -> HandoffGraph:
        """The hand-off graph from ``Store.who_graph`` (``cypher/who.cypher``), with the
        offers of ``rows["offers"]`` (``Store.who_offers``) or none."""
        orgs = {i: dict(p) for i, _, p in sorted(rows["orgs"], key=lambda r: r[1])}
        programs = {i: str(name) for i, name in rows["programs"]}
        ties = [(a, b, t.lower(), ev or "") for a, b, t, ev in rows["ties"]]
        meetings = {m: {**dict(p), "members": [o for _, o in sorted(ms)]}
                    for m, _, p, ms in sorted(rows["meetings"], key=lambda r: r[1])}
        return cls.build(str(rows["name"]), orgs, programs, _offer_rows(rows.get("offers", [])),
                         ties, meetings)

    def with_offers(self, rows: list[Any]) -> HandoffGraph:
        """This graph with the offers of ``rows`` (``Store.who_offers``) in place of its own:
        the organisations, ties, meetings and the routes already worked out are shared (none
        of them depends on the needs asked), so ``netmap who`` on a graph kept from an earlier
        question fetches and builds only what the new needs change."""
        return replace(self, offers=_best_offers(_offer_rows(rows), self.programs))

    @classmethod
    def build(cls, name: str, orgs: dict[str, dict[str, Any]], programs: dict[str, str],
              offers: list[tuple[str, str, str, str | None, str]],
              ties: list[tuple[str, str, str, str]],
              meetings: dict[str, dict[str, Any]]) -> HandoffGraph:
        """Assemble from plain lists; every choice between equals is made on values, not on
        input order, so files and Neo4j give the same graph."""
        hub = next((o for o, d in orgs.items() if d.get("hub") in (True, "true")), None)
        g = cls(name, hub, orgs, _best_offers(offers, programs), {}, programs=programs)
        adj = g.adj
        back = -TIE_WEIGHTS["refers_to:back"]
        for a, b, t, ev in ties:
            if a == b:
                continue
            e = (_NEG_WEIGHT[t], t, ev)
            row = adj.get(a)
            if row is None:
                adj[a] = {b: e}
            elif (old := row.get(b)) is None or e < old:
                row[b] = e
            if t == "refers_to":
                e = (back, "refers_to:back", ev)
            row = adj.get(b)
            if row is None:
                adj[b] = {a: e}
            elif (old := row.get(a)) is None or e < old:
                row[a] = e
        position = {o: i for i, o in enumerate(orgs)}
        joined: dict[str, list[str]] = {}
        for m, d in meetings.items():
            purpose = meeting_purpose(d)
            members = sorted({o for o in d["members"] if o in position}, key=position.__getitem__)
            g.meetings[m] = {"name": str(d.get("name", m)), "purpose": purpose,
                             "evidence": str(d.get("evidence", "")), "members": members,
                             "cost": _COST[f"meeting:{purpose}"]}
            for o in members:
                joined.setdefault(o, []).append(m)
        g.order = {n: i for i, n in enumerate([*orgs, *g.meetings])}
        g.joined = joined
        return g

    # -- questions -----------------------------------------------------------------------------
    def find_org(self, text: str) -> str | None:
        """An organisation by id or exact (normalised) name."""
        if text in self.orgs:
            return text
        key = normalise_text(text)
        return next((o for o, d in self.orgs.items()
                     if normalise_text(str(d.get("name", ""))) == key), None)

    def area_factor(self, org: str, area: str | None) -> float:
        """1 when no area is asked, the member is citywide or in that area; else
        :data:`AREA_ELSEWHERE`."""
        if not area:
            return 1.0
        mine = normalise_text(str(self.orgs[org].get("area") or ""))
        want = normalise_text(area)
        if mine in _CITYWIDE or mine == normalise_text(self.name) or want in mine or mine in want:
            return 1.0
        return AREA_ELSEWHERE

    def strongest_routes(self, start: str) -> tuple[dict[str, float], dict[str, str]]:
        """Strength of the best route from ``start`` to every reachable organisation, and each
        node's predecessor on it (computed once per start).

        Dijkstra on ``-log w``; among routes of equal strength the one whose last node comes
        first in file order wins, so the answer does not depend on how the graph was read.
        """
        if start not in self._routes:
            self._routes[start] = self._dijkstra(start)
        return self._routes[start]

    def _dijkstra(self, start: str) -> tuple[dict[str, float], dict[str, str]]:
        """From an organisation: along its ties (the strongest one to each neighbour) and
        into its meetings; from a meeting: to every member at no cost. Each neighbour comes
        once per node, so the order of a node's neighbours cannot change the result; the heap
        orders equal costs by file order."""
        order, adj, joined, meetings = self.order, self.adj, self.joined, self.meetings
        cost = {start: 0.0}
        prev: dict[str, str] = {}
        heap = [(0.0, order[start], start)]
        done: set[str] = set()
        empty: dict[str, tuple[float, str, str]] = {}

        def reach(u: str, c: float, steps: Iterator[tuple[str, float]]) -> None:
            for v, w in steps:
                nc = c + w
                old = cost.get(v)
                if old is None or nc < old - 1e-12:
                    cost[v] = nc
                    prev[v] = u
                    heapq.heappush(heap, (nc, order[v], v))

        while heap:
            c, _, u = heapq.heappop(heap)
            if u in done:
                continue
            done.add(u)
            if u in meetings:
                reach(u, c, ((o, 0.0) for o in meetings[u]["members"]))
            else:
                reach(u, c, ((v, _COST[e[1]]) for v, e in adj.get(u, empty).items()))
                reach(u, c, ((m, meetings[m]["cost"]) for m in joined.get(u, ())))
        return {n: math.exp(-c) for n, c in cost.items() if n in self.orgs}, prev

    def route(self, prev: dict[str, str], start: str, org: str) -> list[Step]:
        """The hand-offs from ``start`` to ``org``; a pass through a meeting is one step."""
        nodes = [org]
        while nodes[-1] != start:
            nodes.append(prev[nodes[-1]])
        nodes.reverse()
        steps: list[Step] = []
        i = 0
        while i < len(nodes) - 1:
            a, b = nodes[i], nodes[i + 1]
            if b in self.meetings:  # a → meeting → next organisation
                d = self.meetings[b]
                tie = f"meeting:{d['purpose']}"
                e = _Edge(TIE_WEIGHTS[tie], tie, d["evidence"], b)
                b = nodes[i + 2]
                i += 1
            else:
                w, tie, ev = self.adj[a][b]
                e = _Edge(-w, tie, ev)
            steps.append(self._step(a, b, e))
            i += 1
        return steps

    def _step(self, a: str, b: str, e: _Edge) -> Step:
        if e.meeting is not None:
            ja, en = _TIE_LABELS["meeting"]
            mname: str | None = self.meetings[e.meeting]["name"]
        else:
            lt = LINK_TYPES.get(e.tie)
            ja, en = (lt.label_ja, lt.label_en) if lt else _TIE_LABELS[e.tie]
            mname = None
        return {"source": a, "source_name": str(self.orgs[a].get("name", a)), "target": b,
                "target_name": str(self.orgs[b].get("name", b)), "tie": e.tie, "label_ja": ja,
                "label_en": en, "weight": e.weight, "evidence": e.evidence,
                "meeting": e.meeting, "meeting_name": mname}


_OfferRow = tuple[str, str, str, str | None, str]


def _offer_rows(rows: list[Any]) -> list[_OfferRow]:
    """``[org, need, program or null, certainty, evidence]`` rows of ``cypher/who.cypher`` as
    (org, need, how, program, evidence)."""
    return [(o, need, "program" if prog else _certainty({"certainty": cert}), prog, ev or "")
            for o, need, prog, cert, ev in rows]


def _best_offers(offers: list[_OfferRow], programs: dict[str, str]
                 ) -> dict[str, dict[str, tuple[float, str, str | None, str | None, str]]]:
    """Organisation → need → its best offer (highest grade; ties broken on values, so input
    order never matters)."""
    best: dict[str, dict[str, tuple[float, str, str | None, str | None, str]]] = {}
    for org, need, how, prog, ev in offers:
        cand = (GRADES[how], how, prog, programs.get(prog) if prog else None, ev)
        old = best.setdefault(org, {}).get(need)
        if old is None or _better_offer(cand, old):
            best[org][need] = cand
    return best


def _certainty(d: dict[str, Any]) -> str:
    text = d.get("certainty")
    return (lookup(CERTAINTY, str(text)) or "stated") if text else "stated"


def _better_offer(a: tuple[float, str, str | None, str | None, str],
                  b: tuple[float, str, str | None, str | None, str]) -> bool:
    return (-a[0], a[1], a[2] or "", a[4]) < (-b[0], b[1], b[2] or "", b[4])
