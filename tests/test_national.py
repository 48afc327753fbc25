"""The national run over many municipalities (netmap.analysis.national, issue 19): worker
processes give exactly what one process gives, in the same order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import DATASETS

from netmap.analysis.national import gaps_and_brokers, map_datasets
from netmap.errors import DatasetError
from netmap.synth import write_synth


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    # 8 small synthetic municipalities (seed 5), sizes differing so chunks finish out of order
    return write_synth(tmp_path_factory.mktemp("national") / "synth", 8, 5)


def test_parallel_equals_serial(synth: list[Path]) -> None:
    serial = list(map_datasets(gaps_and_brokers, synth, jobs=1))
    parallel = list(map_datasets(gaps_and_brokers, synth, jobs=2))
    assert [p for p, _ in parallel] == synth
    assert [r["slug"] for _, r in serial] == [p.name for p in synth]
    # JSON text, so that a NaN (not equal to itself) compares as the same text
    assert json.dumps([r for _, r in parallel], sort_keys=True) == \
        json.dumps([r for _, r in serial], sort_keys=True)
    assert any(r["brokers"] for _, r in serial)  # something was computed


def test_invalid_dataset_named_in_order(synth: list[Path], tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "municipality.yaml").write_text('code: "142166"\nname: x\nprefecture: y\n')
    (bad / "organisations.csv").write_text("id,name,sector\na,A,nope\n")
    (bad / "links.csv").write_text("source,target,type\n")
    seen = []
    with pytest.raises(DatasetError, match=r"(?s)bad: .*organisations.csv:2:sector"):
        for path, _ in map_datasets(gaps_and_brokers, [synth[0], bad, synth[1]], jobs=2):
            seen.append(path)
    assert seen == [synth[0]]


def test_worker_set_up_freezes_the_imports_and_spaces_the_collector_out() -> None:
    """``prepare_worker`` runs in a fresh interpreter (a worker's situation): afterwards the
    objects of the imports are frozen and the thresholds are WORKER_GC_THRESHOLDS; the
    calling process's own collector is never touched by map_datasets (checked here too)."""
    import gc
    import subprocess
    import sys

    from netmap.analysis.national import WORKER_GC_THRESHOLDS

    before = gc.get_threshold()
    code = ("import gc; from netmap.analysis.national import prepare_worker; prepare_worker(); "
            "print(gc.get_freeze_count() > 1000, gc.get_threshold())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split(maxsplit=1)
    assert out[0] == "True"
    assert out[1].strip() == str(WORKER_GC_THRESHOLDS)
    list(map_datasets(gaps_and_brokers, [DATASETS / "zama", DATASETS / "kunitachi"], jobs=2))
    assert gc.get_threshold() == before
