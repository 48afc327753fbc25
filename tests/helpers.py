"""Shared test helpers: the repository's paths, a small valid dataset and a writer for it.

Tests import these with ``from helpers import …`` (pytest puts ``tests/`` on ``sys.path``);
``conftest.py`` holds only fixtures.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["REPO", "DATASETS", "SEEDS", "MUNICIPALITY", "ORGS", "LINKS", "write_dataset", "in_ci"]

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO / "datasets"
SEEDS = DATASETS / "sources"

MUNICIPALITY = """\
code: "142166"
name: 座間市
prefecture: 神奈川県
"""
ORGS = """\
id,name,kind,sector,needs,hub,evidence
hub,自立サポート担当,行政課,government,economic_hardship,true,002_042a08d9d21ad8a0.txt:1
shakyo,社会福祉協議会,社会福祉協議会,shakyo,家計管理;債務,,002_042a08d9d21ad8a0.txt:2
oneaid,NPO法人ワンエイド,NPO法人,npo,住まい,,002_042a08d9d21ad8a0.txt:3
"""
LINKS = """\
source,target,type,evidence
hub,shakyo,refers_to,002_042a08d9d21ad8a0.txt:4
hub,oneaid,partners,002_042a08d9d21ad8a0.txt:5
"""


def write_dataset(folder: Path, files: dict[str, str | bytes] | None = None,
                  encoding: str = "utf-8") -> Path:
    """Write a small valid dataset, with ``files`` overriding or adding file contents."""
    folder.mkdir(parents=True, exist_ok=True)
    content: dict[str, str | bytes] = {"municipality.yaml": MUNICIPALITY,
                                       "organisations.csv": ORGS, "links.csv": LINKS}
    content.update(files or {})
    for name, text in content.items():
        if text is None:
            continue
        data = text if isinstance(text, bytes) else textwrap.dedent(text).encode(encoding)
        (folder / name).write_bytes(data)
    return folder


def in_ci() -> bool:
    """True under CI (``CI=true``): tests that need Neo4j or Chromium must then run, not skip."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def neo4j_test_store() -> Iterator[Any]:
    """A :class:`netmap.store.neo4j.Store` on ``NETMAP_TEST_NEO4J_URI`` with the schema applied,
    for a module-scoped fixture (``yield from neo4j_test_store()``). Without a server the test is
    skipped loudly locally and fails in CI."""
    import pytest

    from netmap.errors import StoreError
    from netmap.store.neo4j import Store

    uri = os.environ.get("NETMAP_TEST_NEO4J_URI", "")
    if not uri:
        msg = "NETMAP_TEST_NEO4J_URI is not set: no Neo4j to test against (run scripts/test)"
        if in_ci():
            pytest.fail(msg)
        pytest.skip("NEO4J TESTS SKIPPED LOCALLY: " + msg)
    try:
        s = Store.connect(uri, password="")
    except StoreError as exc:
        if in_ci():
            pytest.fail(str(exc))
        pytest.skip(f"NEO4J TESTS SKIPPED LOCALLY: {exc}")
    s.apply_schema()
    yield s
    s.close()
