"""The service-network model: node types, sectors, link types, and the typed graph.

A municipality's support network (支援ネットワーク, e.g. チーム座間, seed 002 lines 558-570) is a
``networkx.MultiDiGraph`` whose nodes are organisations, programs (事業), meetings (会議体),
roles (placed professionals or volunteers, as counts) and needs, and whose edges are typed
links. :class:`Network` wraps that graph with the questions every analysis asks (who is the hub,
who covers a need, which organisations are tied).

The codes and their labels are in :mod:`netmap.vocabulary`; this module adds the structure
(which node types a link type joins, whether it is directed).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import networkx as nx

from netmap import vocabulary
from netmap.tie_weights import CLIENT_ROUTE_LINKS, CLIENT_ROUTE_PURPOSES, weighted_ties

__all__ = [
    "NODE_TYPES",
    "SECTORS",
    "LINK_TYPES",
    "LinkType",
    "TIE_TYPES",
    "Network",
    "need_node",
    "label",
]

#: Node types, sectors and their labels: the tables of :mod:`netmap.vocabulary`.
NODE_TYPES = vocabulary.NODE_TYPES
SECTORS = vocabulary.SECTORS
#: The one ``label(table, code, lang)`` (see :func:`netmap.vocabulary.label`).
label = vocabulary.label


@dataclass(frozen=True)
class LinkType:
    """A link type: which node types it joins and whether its direction means anything.

    Its labels come from :data:`netmap.vocabulary.LINK_TYPES` (``label_ja``, ``label_en``).
    """

    code: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    directed: bool

    @property
    def label_ja(self) -> str:
        return vocabulary.LINK_TYPES[self.code].ja

    @property
    def label_en(self) -> str:
        return vocabulary.LINK_TYPES[self.code].en


_ORG = ("organisation",)
LINK_TYPES: dict[str, LinkType] = {
    lt.code: lt
    for lt in [
        LinkType("refers_to", _ORG, _ORG, True),
        LinkType("commissions", _ORG, _ORG, True),
        LinkType("operates", _ORG, ("program",), True),
        LinkType("covers", ("organisation", "program"), ("need",), True),
        LinkType("attends", _ORG, ("meeting",), True),
        LinkType("convenes", _ORG, ("meeting",), True),
        LinkType("partners", _ORG, _ORG, False),
        LinkType("shares_info", _ORG, _ORG, False),
        LinkType("placed_at", ("role",), _ORG, True),
    ]
}
assert list(LINK_TYPES) == list(vocabulary.LINK_TYPES), "one label per link type"

#: Link types that tie two organisations directly (the "referral/partner" ties of the gaps
#: analysis); organisations sharing a meeting are tied too (see :meth:`Network.tie_graph`).
TIE_TYPES = ("refers_to", "commissions", "partners", "shares_info")


_T = TypeVar("_T")


def need_node(code: str) -> str:
    """The graph id of a need: ``need:<code>``."""
    return f"need:{code}"


@dataclass
class Network:
    """One municipality's typed support network.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        Nodes carry ``node_type`` and ``name``; edges carry ``type``. Graph attributes are
        the fields of ``municipality.yaml``.
    source : Path, optional
        The dataset folder or workbook it was read from.
    """

    graph: nx.MultiDiGraph[str]
    source: Path | None = None
    warnings: list[str] = field(default_factory=list)
    _derived: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)
    _shape: tuple[int, int] = field(default=(-1, -1), repr=False, compare=False)

    # -- identity ---------------------------------------------------------------------------
    @property
    def code(self) -> str:
        return str(self.graph.graph.get("code", ""))

    @property
    def name(self) -> str:
        return str(self.graph.graph.get("name", ""))

    @property
    def slug(self) -> str:
        return str(self.graph.graph.get("slug", ""))

    # -- nodes ------------------------------------------------------------------------------
    def nodes_of(self, node_type: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """``(id, attributes)`` of every node of one type, in file order."""
        for n, d in self.graph.nodes(data=True):
            if d.get("node_type") == node_type:
                yield n, d

    def organisations(self) -> list[str]:
        return [n for n, _ in self.nodes_of("organisation")]

    @property
    def hub(self) -> str | None:
        """The organisation flagged ``hub`` (the 自立相談支援機関), or None."""
        for n, d in self.nodes_of("organisation"):
            if d.get("hub"):
                return n
        return None

    def name_of(self, node: str) -> str:
        return str(self.graph.nodes[node].get("name", node))

    def display_name(self, node: str, lang: str = "ja") -> str:
        """The node's name for a reader in ``lang``: ``name_en`` in English when the dataset
        gives one (organisations.csv ``name_en``), else :meth:`name_of`."""
        d = self.graph.nodes.get(node, {})
        return str(d["name_en"]) if lang == "en" and d.get("name_en") else self.name_of(node)

    def derived(self, key: Hashable, build: Callable[[], _T]) -> _T:
        """``build()``, built once per network and size and kept under ``key``.

        The one cache of what the analyses derive from the graph (edge list, tie graphs,
        needs per organisation, the hand-off graph of ``netmap who``): every analysis asks
        for them, several times. All of it is dropped when the graph's node or link count
        changes; treat what it returns as read-only.
        """
        shape = (self.graph.number_of_nodes(), len(self.graph.edges))
        if shape != self._shape:
            self._derived.clear()
            self._shape = shape
        if key not in self._derived:
            self._derived[key] = build()
        return cast(_T, self._derived[key])

    # -- links ------------------------------------------------------------------------------
    def links(self, *types: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """``(source, target, attributes)`` of every link of the given types (all if none)."""
        if not types:
            yield from self.edge_list()
            return
        for u, v, d in self.edge_list():
            if d.get("type") in types:
                yield u, v, d

    def edge_list(self) -> list[tuple[str, str, dict[str, Any]]]:
        """``list(graph.edges(data=True))``, kept per network and size: every analysis walks
        the links several times, and a MultiDiGraph's edge view is a three-level walk of
        dicts each time. The attribute dicts are the graph's own; treat the list as
        read-only."""
        return self.derived("edge_list", lambda: list(self.graph.edges(data=True)))

    def needs_covered(self, org: str) -> set[str]:
        """Need codes an organisation covers, directly or through a program it operates."""
        out: set[str] = set()
        for _, target, d in self.graph.out_edges(org, data=True):
            if d.get("type") == "covers":
                out.add(self.graph.nodes[target]["code"])
            elif d.get("type") == "operates":
                for _, need, d2 in self.graph.out_edges(target, data=True):
                    if d2.get("type") == "covers":
                        out.add(self.graph.nodes[need]["code"])
        return out

    def needs_by_org(self) -> dict[str, set[str]]:
        """Organisation → :meth:`needs_covered`, for every organisation in file order.

        Built once per network and size (gaps, providers and the resilience analysis all
        ask for it); treat it as read-only.
        """
        return self.derived("needs_by_org", self._needs_by_org)

    def _needs_by_org(self) -> dict[str, set[str]]:
        # one pass over the links, not two out-edge walks per organisation: what
        # needs_covered gives each organisation (tests/test_model.py compares them)
        G = self.graph
        out: dict[str, set[str]] = {org: set() for org in self.organisations()}
        covers: dict[str, set[str]] = {}
        operated: list[tuple[str, str]] = []
        for u, v, d in self.edge_list():
            t = d.get("type")
            if t == "covers":
                covers.setdefault(u, set()).add(G.nodes[v]["code"])
            elif t == "operates":
                operated.append((u, v))
        for org, needs in out.items():
            needs |= covers.get(org, set())
        for org, prog in operated:
            if org in out:
                out[org] |= covers.get(prog, set())
        return out

    def providers(self) -> dict[str, list[str]]:
        """Need code → organisations covering it (directly or via a program), file order."""
        out: dict[str, list[str]] = {n.removeprefix("need:"): [] for n, _ in
                                     self.nodes_of("need")}
        for org, needs in self.needs_by_org().items():
            for code in sorted(needs):
                out.setdefault(code, []).append(org)
        return out

    def meetings_of(self, org: str) -> list[str]:
        """Meetings an organisation attends or convenes."""
        return [v for _, v, d in self.graph.out_edges(org, data=True)
                if d.get("type") in ("attends", "convenes")]

    def tie_graph(self, with_meetings: bool = True) -> nx.Graph[str]:
        """The undirected graph of working ties between organisations.

        Organisations are tied by ``refers_to``, ``commissions``, ``partners`` and
        ``shares_info`` links. With ``with_meetings`` the meetings are nodes too, joined to
        the organisations that attend or convene them (so removing a meeting can cut ties);
        without, two organisations that share a meeting are tied directly (the one-mode
        projection used for betweenness and Burt's measures). Each edge records the link
        types behind it in ``via`` (a sorted list; meetings as ``meeting:<id>``).

        The graph is built once per network and shape (every analysis asks for it) and
        rebuilt if the network's size changes (:meth:`derived`); treat it as read-only.
        """
        return self.derived(("tie_graph", with_meetings), lambda: self._tie_graph(with_meetings))

    def _tie_graph(self, with_meetings: bool) -> nx.Graph[str]:
        T: nx.Graph[str] = nx.Graph()
        T.add_nodes_from((org, {"node_type": "organisation", "sector": d.get("sector")})
                         for org, d in self.nodes_of("organisation"))
        if with_meetings:
            T.add_nodes_from((m, {"node_type": "meeting", "sector": None})
                             for m, _ in self.nodes_of("meeting"))
        via: dict[tuple[str, str], set[str]] = {}

        def tie(a: str, b: str, why: str) -> None:
            if a != b:
                via.setdefault((a, b) if (b, a) not in via else (b, a), set()).add(why)

        for u, v, d in self.links(*TIE_TYPES):
            tie(u, v, d["type"])
        # Members in node order, not in-edge order: the graph read back from Neo4j has the
        # same nodes and out-edges in the same order but may list in-edges differently, and
        # the float sums of Burt's measures must not depend on that.
        position = {n: i for i, n in enumerate(self.graph)}
        for m, _ in self.nodes_of("meeting"):
            members = sorted({u for u, _, d in self.graph.in_edges(m, data=True)
                              if d.get("type") in ("attends", "convenes")}, key=position.__getitem__)
            if with_meetings:
                for u in members:
                    tie(u, m, "attends")
            else:
                for i, a in enumerate(members):
                    for b in members[i + 1:]:
                        tie(a, b, f"meeting:{m}")
        T.add_edges_from((a, b, {"via": sorted(why) if len(why) > 1 else list(why)})
                         for (a, b), why in via.items())
        return T

    def has_inferred(self) -> bool:
        """Whether any node or link has ``certainty: inferred``."""
        G = self.graph
        return any(d.get("certainty") == "inferred" for _, d in G.nodes(data=True)) or \
            any(d.get("certainty") == "inferred" for _, _, d in self.edge_list())

    def weighted_tie_graph(self, include_inferred: bool = True,
                           client_routes: bool = False) -> nx.Graph[str]:
        """The undirected *weighted* graph of organisations (:mod:`netmap.tie_weights`).

        Direct links weigh by type and yearly volume; a shared meeting by its purpose and
        sittings (Newman 2001's 1/(n−1) among members, its full weight from each convenor to
        each member). Each edge has ``weight``, ``distance`` = 1/weight (Opsahl et al.
        2010), ``via`` and ``inferred``. This is the graph weighted betweenness, Burt's
        measures and the sector null model run on.

        Parameters
        ----------
        include_inferred : bool
            False drops every link and node whose ``certainty`` is ``inferred``.
        client_routes : bool
            Only the routes a person can be passed along: referrals, commissioning,
            partnerships and ``case`` meetings (not planning WGs, councils or training);
            what "the hub can reach" means in :func:`netmap.analysis.gaps.gaps`.

        Built once per network, option pair and size (:meth:`derived`); treat it as read-only.
        """
        if client_routes:
            return self.derived(("weighted", include_inferred, True), lambda: weighted_ties(
                self.graph, include_inferred, purposes=CLIENT_ROUTE_PURPOSES,
                link_types=CLIENT_ROUTE_LINKS, edges=self.edge_list()))
        return self.derived(("weighted", include_inferred, False), lambda: weighted_ties(
            self.graph, include_inferred, edges=self.edge_list()))
