"""Moved: the synthetic generator is the package :mod:`netmap.synth` (kept for old imports)."""

from __future__ import annotations

from netmap.synth import (
    CLASSES,
    class_counts,
    municipality_code,
    nodes_for_population,
    synthesize,
    write_municipality,
    write_synth,
)

__all__ = ["CLASSES", "synthesize", "write_synth", "write_municipality", "municipality_code",
           "class_counts", "nodes_for_population"]
