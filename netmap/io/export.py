"""Write a network out: node-link JSON (as ``networkx.node_link_data`` writes it).

Other formats (GraphML, GEXF, CSV zip, HSDS) live beside this one as they are added.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from netmap.io.output import write_text
from netmap.model import Network

__all__ = ["node_link", "write_json"]


def node_link(net: Network) -> dict[str, Any]:
    """The network as node-link data with every node, edge and graph attribute.

    Keys are those of :func:`networkx.node_link_data` with ``edges="links"``: ``directed``,
    ``multigraph``, ``graph``, ``nodes`` (each with ``id``) and ``links`` (each with
    ``source``, ``target``, ``key``).
    """
    return nx.node_link_data(net.graph, edges="links")


def write_json(net: Network, out: Path | None) -> str:
    """Serialise :func:`node_link` as UTF-8 JSON (Japanese kept as is); write it if ``out``."""
    text = json.dumps(node_link(net), ensure_ascii=False, indent=1, sort_keys=False)
    if out is not None:
        write_text(out, text + "\n")  # atomic, umask honoured (netmap.io.output)
    return text
