"""netmap: map municipal welfare support networks, find their gaps and brokers.

The data flows one way: ``netmap.io`` reads and validates datasets into the typed graph of
``netmap.model``; ``netmap.store`` moves that graph to and from Neo4j; ``netmap.analysis``
computes gaps, brokers and matches; ``netmap.render`` draws maps. ``netmap.cli`` is the
command line (also ``python -m netmap``).

The public API is importable from here; each name is imported on first use, so
``import netmap`` stays fast and does not load networkx, pandas or the Neo4j driver.

Examples
--------
>>> import netmap
>>> net = netmap.example()
>>> net.name, len(net.organisations())
('座間市', 4)
>>> [g["need"] for g in netmap.gaps(net)["unreachable"]]
['legal']
>>> round(netmap.brokers(net)[0]["betweenness"], 3)  # the hub joins 1 of the 3 other pairs
0.333
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name → the module that defines it. The integrator repoints the entries marked
#: "rename" when the modules get their planned names (issue 12): analysis/coverage.py →
#: analysis/gaps.py, analysis/match.py → analysis/who.py, render/html.py → render/map.py.
_API: dict[str, str] = {
    "Network": "netmap.model",
    "load_dataset": "netmap.io.dataset",
    "NetmapError": "netmap.errors",
    "gaps": "netmap.analysis.gaps",
    "brokers": "netmap.analysis.brokers",
    "who": "netmap.analysis.who",
    "render_map": "netmap.render.map",
}

#: Public names whose function has another name in its module. ``export`` writes every
#: format: node-link JSON, GraphML, GEXF 1.3, the CSV zip and HSDS 3.1 (``redact=``).
_RENAMED: dict[str, tuple[str, str]] = {
    "export": ("netmap.io.export", "export_network"),
}

__all__ = ["__version__", "example", "Network", "load_dataset", "NetmapError", "gaps", "brokers",
           "who", "render_map", "export"]

if TYPE_CHECKING:  # what the lazy names are, for type checkers and editors
    from netmap.analysis.brokers import brokers
    from netmap.analysis.gaps import gaps
    from netmap.analysis.who import who
    from netmap.errors import NetmapError
    from netmap.io.dataset import load_dataset
    from netmap.io.export import export_network as export
    from netmap.model import Network
    from netmap.render.map import render_map


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562) and keep it in the module's namespace."""
    if name in _API:
        module, attr = _API[name], name
    elif name in _RENAMED:
        module, attr = _RENAMED[name]
    else:
        raise AttributeError(f"module 'netmap' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def example() -> Network:
    """A small real network for examples and doctests: four organisations of 座間市 with
    the seed lines they come from (:mod:`netmap.io.example`).

    >>> example().hub
    'zama-jiritsu-support'
    """
    from netmap.io.example import example_network

    return example_network()
