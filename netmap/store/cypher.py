"""Load the named Cypher statements of ``cypher/*.cypher`` — the only place queries live.

A file holds one or more statements, each introduced by a ``// name: <name>`` comment line and
ended by ``;``. Statements take ``$parameters`` only; nothing is built from strings.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from netmap.resources import cypher_dir

__all__ = ["query", "statements", "all_queries"]

_NAME = re.compile(r"^//\s*name:\s*(\w+)\s*$", re.M)


def _split(text: str) -> list[str]:
    """Statements of a block, split on ``;`` at line ends; comment lines dropped."""
    body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    return [s.strip() for s in re.split(r";\s*$", body, flags=re.M) if s.strip()]


@functools.cache
def all_queries(folder: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Every named block of every ``.cypher`` file: name → its statements."""
    out: dict[str, tuple[str, ...]] = {}
    for path in sorted((folder or cypher_dir()).glob("*.cypher")):
        text = path.read_text(encoding="utf-8")
        marks = list(_NAME.finditer(text))
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
            if m.group(1) in out:
                raise ValueError(f"{path.name}: query name '{m.group(1)}' is defined twice")
            out[m.group(1)] = tuple(_split(text[m.end():end]))
    return out


def statements(name: str) -> tuple[str, ...]:
    """All statements of the block ``name`` (the schema block has several)."""
    try:
        return all_queries()[name]
    except KeyError:
        raise KeyError(f"no Cypher query named '{name}' in {cypher_dir()}") from None


def query(name: str) -> str:
    """The single statement of the block ``name``."""
    (stmt,) = statements(name)
    return stmt
