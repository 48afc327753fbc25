"""One vocabulary of counts: each number the map and the report print, named by what it counts.

A city's network has several honest "numbers of links", and printing them under one word made
the same city read 144 on the map, 85 in the report and 180 in compare. Each count here has one
code and one Japanese/English name that says what is counted:

* ``links_all`` 「リンク（すべて）」: every link of the typed graph, including the ``covers``
  links the loader makes from the ``needs`` columns of organisations.csv / programs.csv;
* ``links_listed`` 「links.csv の行」: the links written as rows of ``links.csv`` (the graph's
  links without an ``origin``);
* ``org_ties`` 「機関間のつながり」: pairs of organisations tied directly (``refers_to``,
  ``commissions``, ``partners``, ``shares_info``) or by attending the same meeting — the edges of
  :meth:`netmap.model.Network.tie_graph` without meetings, the graph betweenness runs on;
* ``organisations``, ``programs``, ``meetings``, ``roles``, ``needs``: nodes of each type.
"""

from __future__ import annotations

from typing import TypedDict

from netmap.model import Network

__all__ = ["Count", "counts", "COUNT_LABELS"]

#: Code → (Japanese, English) name of each count, in display order.
COUNT_LABELS: dict[str, tuple[str, str]] = {
    "organisations": ("機関・団体", "organisations"),
    "programs": ("事業", "programs"),
    "meetings": ("会議体", "meetings"),
    "roles": ("配置人材", "roles"),
    "needs": ("ニーズ", "needs"),
    "org_ties": ("機関間のつながり", "ties between organisations"),
    "links_listed": ("links.csv の行", "rows of links.csv"),
    "links_all": ("リンク（すべて）", "links (all)"),
}


class Count(TypedDict):
    """One named count: its code, its label in the asked language and its value."""

    code: str
    label: str
    value: int


def counts(net: Network, lang: str = "ja") -> list[Count]:
    """The named counts of ``net`` in display order (node types with none are left out).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", node_type="organisation"); G.add_node("b", node_type="organisation")
    >>> G.add_edge("a", "b", type="partners")
    0
    >>> [(c["code"], c["value"]) for c in counts(Network(G))]
    [('organisations', 2), ('org_ties', 1), ('links_listed', 1), ('links_all', 1)]
    """
    i = 1 if lang == "en" else 0
    by_type = {"organisations": "organisation", "programs": "program", "meetings": "meeting",
               "roles": "role", "needs": "need"}
    values: dict[str, int] = {
        code: sum(1 for _ in net.nodes_of(t)) for code, t in by_type.items()
    }
    values["org_ties"] = net.tie_graph(with_meetings=False).number_of_edges()
    values["links_listed"] = sum(1 for _, _, d in net.graph.edges(data=True) if not d.get("origin"))
    values["links_all"] = net.graph.number_of_edges()
    return [Count(code=code, label=COUNT_LABELS[code][i], value=values[code])
            for code in COUNT_LABELS if values[code] or code in ("org_ties", "links_listed",
                                                                   "links_all")]
