"""Shared fixtures (helpers that tests import live in ``helpers.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import write_dataset


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """The small valid dataset of :mod:`helpers` (3 organisations, 2 links)."""
    return write_dataset(tmp_path / "small")
