"""Where netmap's own data files live: ``cypher/`` and the need taxonomy.

In a checkout (and an editable install) they are the repository's ``cypher/`` and
``datasets/needs.csv``; in a wheel they are copied to ``netmap/_data/`` (see
``[tool.hatch.build.targets.wheel.force-include]`` in pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["repo_root", "cypher_dir", "needs_csv", "expected_providers_csv", "aliases_csv"]

_PKG = Path(__file__).resolve().parent


def repo_root() -> Path | None:
    """The checkout this package runs from, or None when installed from a wheel."""
    root = _PKG.parent
    return root if (root / "pyproject.toml").exists() and (root / "cypher").is_dir() else None


def _find(repo_rel: str, wheel_rel: str) -> Path:
    root = repo_root()
    if root is not None and (root / repo_rel).exists():
        return root / repo_rel
    return _PKG / "_data" / wheel_rel


def cypher_dir() -> Path:
    """The folder holding the ``*.cypher`` files."""
    return _find("cypher", "cypher")


def needs_csv() -> Path:
    """The shared need taxonomy (``datasets/needs.csv``)."""
    return _find("datasets/needs.csv", "needs.csv")


def expected_providers_csv() -> Path:
    """The checklist of statutory or near-universal providers (``datasets/expected_providers.csv``)."""
    return _find("datasets/expected_providers.csv", "expected_providers.csv")


def aliases_csv() -> Path:
    """The search aliases of the map (``datasets/aliases.csv``)."""
    return _find("datasets/aliases.csv", "aliases.csv")
