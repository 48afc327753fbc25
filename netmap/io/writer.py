"""Deprecated location: the dataset writer is :mod:`netmap.io.write` (kept for old imports)."""

from __future__ import annotations

from netmap.io.write import dataset_tables, write_dataset

__all__ = ["write_dataset", "dataset_tables"]
