"""A tiny built-in network for examples and doctests: four organisations of チーム座間.

Every row is a real row of ``datasets/zama`` (cut down to the columns that matter) and cites
the same seed lines, so the example is true as far as it goes; it ships inside the package,
so ``netmap.example()`` works from a wheel with no ``datasets/`` folder. It is built through
the same validation as a dataset folder (:func:`netmap.io.dataset.validate`).
"""

from __future__ import annotations

from pathlib import Path

from netmap.errors import ValidationError
from netmap.io.dataset import validate
from netmap.io.tables import RawDataset, Table
from netmap.model import Network

__all__ = ["example_network"]

_SEED = "002_042a08d9d21ad8a0.txt"

_MUNICIPALITY: dict[str, object] = {
    "code": "142166", "name": "座間市", "prefecture": "神奈川県", "slug": "zama-example",
    "population": 130753, "evidence": f"{_SEED}:83-86",
    "note": "netmap.example(): datasets/zama の 4 機関だけ (four organisations of datasets/zama)",
}

_ORGANISATIONS = (  # id, name, sector, needs, hub, evidence (datasets/zama/organisations.csv)
    ("zama-jiritsu-support", "座間市 生活援護課 自立サポート担当", "government",
     "economic_hardship;employment;housing", "true", f"{_SEED}:566-567"),
    ("zama-shakyo", "座間市社会福祉協議会", "shakyo", "household_budget;debt;child_learning", "",
     f"{_SEED}:569-570"),
    ("oneaid", "NPO法人ワンエイド", "npo", "food;housing", "", f"{_SEED}:828-831"),
    ("kanagawa-bengoshikai", "神奈川県弁護士会 貧困問題対策本部", "legal", "legal", "",
     f"{_SEED}:603"),
)

_LINKS = (  # source, target, type, evidence (datasets/zama/links.csv)
    ("zama-jiritsu-support", "zama-shakyo", "refers_to", f"{_SEED}:899-901"),
    ("zama-jiritsu-support", "oneaid", "refers_to", f"{_SEED}:899-902"),
    ("zama-jiritsu-support", "oneaid", "partners", f"{_SEED}:593"),
)


def _table(file: str, columns: list[str], rows: tuple[tuple[str, ...], ...]) -> Table:
    # Row numbers as in a CSV file: the header is row 1.
    return Table(file, columns, [(i, dict(zip(columns, r, strict=True)))
                                 for i, r in enumerate(rows, start=2)])


def example_network() -> Network:
    """The example network: 4 organisations of 座間市, the 8 needs they cover, 3 links.

    The legal-advice organisation has no tie to the others, so the example has something
    for ``gaps`` to find.

    Examples
    --------
    >>> net = example_network()
    >>> net.name, net.hub, len(net.organisations())
    ('座間市', 'zama-jiritsu-support', 4)
    """
    raw = RawDataset(
        source=Path("zama-example"), municipality=dict(_MUNICIPALITY),
        municipality_file="municipality.yaml",
        tables={"organisations": _table("organisations.csv",
                                        ["id", "name", "sector", "needs", "hub", "evidence"],
                                        _ORGANISATIONS),
                "links": _table("links.csv", ["source", "target", "type", "evidence"], _LINKS)})
    net, problems = validate(raw)
    if net is None:  # pragma: no cover - the rows above are checked by the doctest
        raise ValidationError(problems)
    return net
