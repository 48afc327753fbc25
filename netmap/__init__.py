"""netmap: map municipal welfare support networks, find their gaps and brokers.

The data flows one way: ``netmap.io`` reads and validates datasets into the typed graph of
``netmap.model``; ``netmap.store`` moves that graph to and from Neo4j; ``netmap.analysis``
computes gaps, brokers and matches; ``netmap.render`` draws maps. ``netmap.cli`` is the
command line.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
