"""What a coordinator typed in ``links.source``/``target``: an id, or a name, resolved to an id.

In the Excel template a coordinator naturally types 「座間市社会福祉協議会」 where the format
wants ``zama-shakyo``. :class:`Endpoints` accepts either: an id as is, or the name of exactly
one node of a type the link allows (compared after NFKC, case-folding and removing spaces,
:func:`netmap.taxonomy.normalise_text`). Anything else is a problem whose message carries a
「もしかして」 hint: the closest id or name among the nodes the link may join.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

import networkx as nx

from netmap.taxonomy import normalise_text

__all__ = ["Endpoints"]


class Endpoints:
    """Resolve link ends typed as ids or names against the nodes of one graph.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("zama-shakyo", node_type="organisation", name="座間市社会福祉協議会")
    >>> G.add_node("oneaid", node_type="organisation", name="NPO法人ワンエイド")
    >>> ends = Endpoints(G)
    >>> ends.resolve("座間市 社会福祉協議会", ("organisation",))
    ('zama-shakyo', '')
    >>> ends.resolve("座間市社会福祉協議", ("organisation",))[1]
    "'座間市社会福祉協議' がどの表にもありません (dangling link: id not found in any table) もしかして (did you mean) '座間市社会福祉協議会' (zama-shakyo)?"
    """

    def __init__(self, G: nx.MultiDiGraph[Any], rejected: Iterable[str] = ()):
        self.G = G
        #: Names of rows refused for their own problem (a duplicate id): a link to one of
        #: them is not reported again as dangling.
        self.rejected = {normalise_text(n) for n in rejected if n}
        self._names: dict[str, list[str]] | None = None

    @property
    def _by_name(self) -> dict[str, list[str]]:
        """Normalised name → ids, built at the first link typed as a name (most datasets
        give ids only, and normalising every name was 5 % of a national read; issue 19)."""
        if self._names is None:
            self._names = {}
            for node, d in self.G.nodes(data=True):
                if d.get("node_type") != "need" and d.get("name"):
                    self._names.setdefault(normalise_text(str(d["name"])), []).append(str(node))
        return self._names

    def _allowed(self, node: str, allowed: Iterable[str] | None) -> bool:
        return allowed is None or self.G.nodes[node].get("node_type") in tuple(allowed)

    def resolve(self, text: str, allowed: Iterable[str] | None = None) -> tuple[str | None, str]:
        """``(id, "")`` for an id or an unambiguous name, else ``(None, message)``.

        ``allowed`` limits names to node types the link may join (None: any type). A name of
        a rejected row gives ``(None, "")``: its problem is already reported.
        """
        if text in self.G:
            return text, ""
        allowed = tuple(allowed) if allowed is not None else None
        ids = [n for n in self._by_name.get(normalise_text(text), [])
               if self._allowed(n, allowed)]
        if len(ids) == 1:
            return ids[0], ""
        if not ids and normalise_text(text) in self.rejected:
            return None, ""
        if len(ids) > 1:
            return None, (f"'{text}' という名前が複数あります: id を書いてください (ambiguous "
                          f"name: {', '.join(ids)})")
        return None, (f"'{text}' がどの表にもありません (dangling link: id not found in any table)"
                      + self.hint(text, allowed))

    def hint(self, text: str, allowed: Iterable[str] | None = None) -> str:
        """`` もしかして (did you mean) 'name' (id)?`` for the closest node, or ``""``."""
        candidates: dict[str, str] = {}
        for node, d in self.G.nodes(data=True):
            if d.get("node_type") == "need" or not self._allowed(node, allowed):
                continue
            candidates[normalise_text(str(node))] = str(node)
            if d.get("name"):
                candidates[normalise_text(str(d["name"]))] = str(node)
        close = difflib.get_close_matches(normalise_text(text), list(candidates), n=1,
                                          cutoff=0.6)
        if not close:
            return ""
        node = candidates[close[0]]
        name = self.G.nodes[node].get("name", node)
        return f" もしかして (did you mean) '{name}' ({node})?"
