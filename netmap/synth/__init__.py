"""Synthetic municipalities at national scale: realistic datasets in the standard format.

Japan has 1,741 municipalities (2020 census, 令和2年国勢調査: 792 市 of which 20 政令指定都市,
743 町, 183 村, and the 23 特別区 of Tokyo). netmap has only a handful of real datasets, so
the national-scale features (``netmap compare``, the Neo4j and analysis benchmarks) are tested
on synthetic ones: one folder per municipality, valid under ``netmap validate``, shaped like
the seed datasets (座間市 seed 002, 国立市 seeds 000/001/004, 小田原市 and 藤沢市 seed 004) and
marked ``synthetic: true`` so they can never pass for real data.

Population model
----------------
Each class of municipality gets its own log-normal population, truncated to the range the
class really spans (approximate 2020 census figures; the whole distribution comes out
right-skewed: with seed 0 the 1,741 have a median of ≈ 23,300, a mean of ≈ 68,000 and a total
of ≈ 118 million, against Japan's ≈ 24,000, 72,000 and 126 million):

========  =====  ================  =====  ======================
class     count  median (e^μ)      σ      truncated to
========  =====  ================  =====  ======================
政令市      20   1,200,000         0.50   690,000 – 3,780,000
特別区      23   340,000           0.60   58,000 – 950,000
市         772   68,000            0.85   3,000 – 650,000
町         743   12,500            0.80   800 – 52,000
村         183   3,000             0.90   170 – 40,000
========  =====  ================  =====  ======================

For ``n`` other than 1,741 the class counts are scaled by largest remainder (at least one
政令市 when ``n ≥ 5``, so that even a small run has one big network).

Network size
------------
Rows (organisations + programs + meetings + roles; the graph adds the 21 shared need nodes)
follow ``30 · (population / 3,000) ^ 0.676`` times a log-normal jitter (σ = 0.1), clipped to
20 – 2,400: a village of 3,000 people has ≈ 30 nodes, a city of 1.5 million ≈ 2,000 (the
exponent is the one that joins those two points). Of the rows, ≈ 66 % are organisations,
20 % programs, 6 % meetings and 8 % roles (the seed datasets average 53/28/11/9; big synthetic
cities have relatively more organisations and fewer programs, as programs are per-city).

Shape
-----
* One hub (the 自立相談支援機関: a government division, or the 社会福祉協議会 in ≈ 55 % of
  municipalities, as commissioning is common), citywide organisations (行政課, 社協, ハローワーク,
  弁護士会, 保健所 …) and areas (地区) of ≈ 35 organisations, each with an anchor (地域包括支援
  センター) that is a local hub.
* Ties: the hub refers to every anchor and most citywide organisations, and works directly
  with an area organisation with probability 0.5/√areas (a town of one area is a star around
  the hub; a 政令市 works through its anchors); area organisations are tied to their anchor
  (p = 0.6) and to one to three neighbours; a few *bridging* organisations (≈ 1 in 60) reach
  into other areas (brokers); ≈ 4 % of organisations have no tie at all. With seed 0 the hub
  has the highest betweenness in ≈ 80 % of municipalities, an anchor in most of the rest.
* Programs (事業) follow the 生活困窮者自立支援法 (必須: 自立相談支援事業 第5条, 住居確保
  給付金 第6条; 任意: 就労準備支援・家計改善支援・一時生活支援・子どもの学習・生活支援 第7条)
  and the usual local programs; big cities repeat them per area. A program run by a
  non-government organisation is commissioned (``commissions``) by a government division.
* Meetings: citywide ones (支援会議 法第9条, 支援調整会議, 重層的支援会議, 要保護児童対策地域協議会
  …) convened by the hub or a division, and per-area ones (地域ケア会議) convened by the anchor;
  each has a ``purpose`` code (``case``, ``network`` or ``planning``) and its ``aim`` in words.
* Gaps: in each municipality some rarer needs (再犯防止, 葬送, 自殺対策, 権利擁護 …) have no
  provider (more often in small ones), and one or two needs are left with a single provider.
* ``demand.csv`` for ≈ 40 % of municipalities: first assessments ≈ 0.088 % of the population
  with 3.88 issues each, spread like 座間市's H30 table (seed 002 lines 207-215, 457-466).

Every row's evidence is ``synthetic seed=S``. The output is deterministic: the same ``n`` and
``seed`` give the same files byte for byte (each municipality has its own
``random.Random(f"{seed}:{index}")``; no set or hash order is ever used).

The package: :mod:`netmap.synth.census` (classes, prefectures, codes, sizes),
:mod:`netmap.synth.templates` (what a municipality is made of), :mod:`netmap.synth.build`
(one municipality, step by step); the folders are written by :mod:`netmap.io.write` (one
folder per municipality, whole or not at all, never over a folder netmap did not write).

Examples
--------
>>> nets = list(synthesize(3, seed=1))
>>> [len(rows["organisations"]) > 0 for rows in nets]
[True, True, True]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from netmap.io.write import Tables, claim_folder, write_folder
from netmap.synth.build import build
from netmap.synth.census import (
    CLASSES,
    PREFECTURES,
    class_counts,
    municipality_code,
    nodes_for_population,
    plan,
)
from netmap.synth.templates import COLUMNS

__all__ = [
    "CLASSES",
    "synthesize",
    "write_synth",
    "write_municipality",
    "municipality_code",
    "class_counts",
    "nodes_for_population",
]


def synthesize(n: int = 1741, seed: int = 0) -> Iterator[dict[str, Any]]:
    """Yield the raw rows of ``n`` synthetic municipalities, one dict at a time.

    Parameters
    ----------
    n : int
        Number of municipalities (1,741 = all of Japan in 2020; at most 14,100, the synthetic
        code space).
    seed : int
        Seed; the same ``(n, seed)`` always gives the same rows.

    Returns
    -------
    iterator of dict
        ``slug``, ``municipality`` (the fields of municipality.yaml) and one list of row dicts
        per table (``organisations``, ``programs``, ``meetings``, ``roles``, ``links``,
        ``demand``). ``needs`` cells are lists of need codes.
    """
    if n < 1 or n > 300 * len(PREFECTURES):
        raise ValueError(f"n must be between 1 and {300 * len(PREFECTURES)}, got {n}")
    width = _width(n)
    for index, (cls, pref, number) in enumerate(plan(n, seed)):
        yield build(index, cls, pref, number, seed, width)


def _width(n: int) -> int:
    return max(4, len(str(n)))


def _tables(rows: dict[str, Any]) -> Tables:
    """The generator's rows as dataset tables: fixed columns, every row's evidence the seed."""
    ev = rows["municipality"]["evidence"]
    out: Tables = {}
    for table, columns in COLUMNS.items():
        if table == "demand" and not rows["demand"]:
            continue
        out[table] = (list(columns), [{**r, "evidence": ev} for r in rows[table]])
    return out


def write_municipality(rows: dict[str, Any], out_dir: Path | str, overwrite: bool = False,
                       notify: Callable[[str], None] | None = None) -> Path:
    """Write one municipality from :func:`synthesize` to ``out_dir/<slug>/``; return the folder.

    An existing folder is replaced only with ``overwrite`` and only if netmap wrote it
    (:func:`netmap.io.write.claim_folder`).
    """
    return write_folder(Path(out_dir) / rows["slug"], rows["municipality"], _tables(rows),
                        overwrite, notify)


def write_synth(out_dir: Path | str, n: int = 1741, seed: int = 0, overwrite: bool = False,
                notify: Callable[[str], None] | None = None) -> list[Path]:
    """Write ``n`` synthetic datasets under ``out_dir`` (one folder each); return the folders.

    Every target folder is checked before anything is written, so a refused one (it exists
    and ``overwrite`` is false, or netmap did not write it) leaves ``out_dir`` untouched.

    Examples
    --------
    >>> import tempfile
    >>> from netmap.io.dataset import load_dataset
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     folders = write_synth(tmp, n=2, seed=0)
    ...     [load_dataset(f).graph.graph["synthetic"] for f in folders]
    [True, True]
    """
    out = Path(out_dir)
    width = _width(n)
    for index in range(n):
        claim_folder(out / f"synth-{index + 1:0{width}d}", overwrite)
    out.mkdir(parents=True, exist_ok=True)
    return [write_municipality(rows, out, overwrite, notify) for rows in synthesize(n, seed)]
