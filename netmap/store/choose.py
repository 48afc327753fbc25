"""Choose what one ``netmap load`` writes: datasets read, drafts left out, collisions refused.

Two datasets that would write the same snapshot (same municipality code, same draft-ness, same
``as_of``) cannot both be loaded: the second would silently replace the first (issue #18: the
2018 draft of 国立市 replaced the curated town). That is an error naming both folders unless
the user says which one wins (``prefer``). Drafts are left out unless asked for
(:func:`netmap.io.dataset.dataset_paths`), and when asked for they go to their own series
(:mod:`netmap.store.plan`), so they never collide with a curated town.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from netmap.errors import StoreError
from netmap.io.dataset import dataset_paths, load_dataset
from netmap.model import Network
from netmap.store.plan import snapshot_key

__all__ = ["Chosen", "choose"]


@dataclass
class Chosen:
    """What a load will write, and what it leaves out and why."""

    loads: list[tuple[Path, Network]]
    drafts_left_out: list[Path]
    overruled: list[tuple[Path, Path]]  # (left out, the preferred dataset it collided with)


def choose(paths: list[Path] | tuple[Path, ...], include_drafts: bool = False,
           prefer: list[Path] | tuple[Path, ...] = ()) -> Chosen:
    """Read and validate the datasets named by ``paths`` and decide which are loaded.

    Parameters
    ----------
    paths : list of Path
        Dataset folders, workbooks or folders of datasets (``datasets/*``).
    include_drafts : bool
        Load drafts too (each into its own ``draft:<code>`` series).
    prefer : list of Path
        Datasets that win a collision; the others of the same snapshot are left out.

    Raises
    ------
    StoreError
        Two datasets would write the same snapshot and neither is preferred.
    DatasetError, ValidationError
        A path holds no dataset, or a dataset is invalid (nothing is loaded then).
    """
    every = dataset_paths(paths, include_drafts=True)
    kept = dataset_paths(paths, include_drafts=include_drafts) if every else []
    wanted = {p.resolve() for p in map(Path, prefer)}
    by_key: dict[str, list[tuple[Path, Network]]] = {}
    for p in kept:
        net = load_dataset(p)
        by_key.setdefault(snapshot_key(net), []).append((p, net))
    loads: list[tuple[Path, Network]] = []
    overruled: list[tuple[Path, Path]] = []
    for key, group in by_key.items():
        if len(group) > 1:
            winners = [g for g in group if g[0].resolve() in wanted]
            if len(winners) != 1:
                names = " と ".join(str(p) for p, _ in group)
                raise StoreError(
                    f"{names} は同じ自治体・同じ日付です — both would write snapshot '{key}'; "
                    f"say which one wins with --prefer {group[0][0]}")
            overruled += [(p, winners[0][0]) for p, _ in group if p != winners[0][0]]
            group = winners
        loads.append(group[0])
    loads.sort(key=lambda item: kept.index(item[0]))
    left = [p for p in every if p not in kept]
    return Chosen(loads, left, overruled)
