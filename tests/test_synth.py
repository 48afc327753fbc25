"""Synthetic municipalities (netmap.synth): deterministic, valid, sized like Japan's, with
gaps and brokers in them."""

from __future__ import annotations

import hashlib
import statistics
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from netmap.analysis.gaps import gaps
from netmap.cli import cli
from netmap.errors import OutputError
from netmap.io.dataset import load_dataset, municipality_check_digit
from netmap.io.output import MARKER
from netmap.synth import (
    CLASSES,
    class_counts,
    municipality_code,
    nodes_for_population,
    synthesize,
    write_synth,
)
from netmap.vocabulary import MEETING_PURPOSES


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def _rows(m: dict) -> int:
    return sum(len(m[t]) for t in ("organisations", "programs", "meetings", "roles"))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_synth(tmp_path_factory.mktemp("synth"), n=30, seed=0)


def _tree_hash(folder: Path, skip: tuple[str, ...] = ()) -> str:
    """SHA-256 over every file's relative path and bytes, without the netmap folder marker."""
    h = hashlib.sha256()
    for name, data in _files(folder).items():
        if not name.endswith(MARKER) and Path(name).name not in skip:
            h.update(name.encode() + b"\0" + data + b"\0")
    return h.hexdigest()


# Recorded by running the generator as it was before the move to netmap/synth (commit
# 9b8de42, netmap/io/synth.py with its own CSV writer) with the same (n, seed) and the same
# _tree_hash: the package and the shared writer give the same files byte for byte. Only
# meetings.csv changed since, on purpose: `purpose` became a code (netmap.vocabulary
# MEETING_PURPOSES) and the old free text moved to `aim` (checked row by row once against the
# old output for n=40, seed=7: 563 meetings, every other column equal). The second digest
# pins the whole current output. n=40 includes a 政令市 with many areas, so every branch of
# the builder is exercised.
@pytest.mark.parametrize("n,seed,before_move,now", [
    (12, 3, "767924242d69f92f963efc66b98956e19f958b4b1d696bd9bf0d27d178897078",
     "3847409cac309822433d7b864ad195799ca60a9cd770e01eef264b6e2d23d972"),
    (40, 7, "c5a83e882bfcde6891f0406d02d98049f1bb720f010b8ab3266b8346dce1d145",
     "dccbda74754cd9e8b62a2c356fb096dcd3e98ea10a1b77f8b720d40d2a18073f"),
])
def test_same_bytes_as_before_the_move(tmp_path: Path, n: int, seed: int, before_move: str,
                                       now: str) -> None:
    write_synth(tmp_path / "s", n=n, seed=seed)
    assert _tree_hash(tmp_path / "s", skip=("meetings.csv",)) == before_move
    assert _tree_hash(tmp_path / "s") == now


def test_meetings_have_a_purpose_code_and_their_aim(tmp_path: Path) -> None:
    folder = write_synth(tmp_path / "s", n=5, seed=2)[0]
    net = load_dataset(folder)
    meetings = list(net.nodes_of("meeting"))
    assert meetings and all(d["purpose"] in MEETING_PURPOSES for _, d in meetings)
    assert all(d.get("aim") for _, d in meetings)


def test_synth_refuses_existing_folders(tmp_path: Path) -> None:
    write_synth(tmp_path / "s", n=3, seed=1)
    (tmp_path / "s" / "synth-0002" / "organisations.csv").write_text("changed", encoding="utf-8")
    with pytest.raises(OutputError, match="overwrite"):
        write_synth(tmp_path / "s", n=3, seed=1)
    # refused before anything was written
    assert (tmp_path / "s" / "synth-0002" / "organisations.csv").read_text() == "changed"
    said: list[str] = []
    write_synth(tmp_path / "s", n=3, seed=1, overwrite=True, notify=said.append)
    assert (tmp_path / "s" / "synth-0002" / "organisations.csv").read_text() != "changed"
    assert len(said) == 3 and "organisations.csv" in said[0]
    user = tmp_path / "t" / "synth-0001"  # a user's folder of the same name, no marker
    user.mkdir(parents=True)
    (user / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="netmap"):
        write_synth(tmp_path / "t", n=2, seed=1, overwrite=True)
    assert (user / "notes.txt").read_text() == "mine"


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a = write_synth(tmp_path / "a", n=12, seed=3)
    b = write_synth(tmp_path / "b", n=12, seed=3)
    write_synth(tmp_path / "c", n=12, seed=4)
    assert [p.name for p in a] == [p.name for p in b]
    fa, fb, fc = _files(tmp_path / "a"), _files(tmp_path / "b"), _files(tmp_path / "c")
    assert len(fa) >= 12 * 6
    assert fa == fb
    assert fa != fc


def test_census_class_counts() -> None:
    # 2020 census: 792 市 (incl. 20 政令市), 743 町, 183 村, 23 特別区 = 1,741
    counts = class_counts(1741)
    assert counts == {"designated": 20, "ward": 23, "city": 772, "town": 743, "village": 183}
    assert sum(c.count for c in CLASSES) == 1741
    for n in (1, 5, 20, 200, 999):
        assert sum(class_counts(n).values()) == n
    assert class_counts(20)["designated"] == 1


def test_population_to_size() -> None:
    assert round(nodes_for_population(3_000)) == 30
    assert round(nodes_for_population(1_500_000)) == 2003  # 30 · 500^0.676
    assert nodes_for_population(100) == 20.0
    assert nodes_for_population(10_000_000) == 2400.0


def test_every_dataset_validates(written: list[Path]) -> None:
    codes = set()
    for folder in written:
        net = load_dataset(folder)  # raises ValidationError if anything is wrong
        meta = net.graph.graph
        assert meta["synthetic"] is True and meta["seed"] == 0
        assert meta["name"].startswith("合成") and meta["name"][3:].isdigit()
        code = meta["code"]
        assert 1 <= int(code[:2]) <= 47 and int(code[2:5]) >= 700
        assert municipality_check_digit(code[:5]) == int(code[5])
        codes.add(code)
        assert net.hub is not None
        evidence = {d.get("evidence") for _, d in net.graph.nodes(data=True)
                    if d.get("node_type") != "need"}
        evidence |= {d.get("evidence") for _, _, d in net.graph.edges(data=True)}
        assert evidence == {"synthetic seed=0"}
    assert len(codes) == len(written)


def test_check_digit_of_synthetic_codes() -> None:
    assert municipality_code("14", 216) == "142166"  # 座間市, FORMAT.md
    assert municipality_code("01", 100) == "011002"  # 札幌市


def test_size_distribution_default_seed() -> None:
    munis = list(synthesize(200, seed=0))
    sizes = {m["slug"]: _rows(m) for m in munis}
    assert max(sizes.values()) >= 1000  # a 政令市
    villages = [_rows(m) for m in munis if m["municipality"]["municipality_class"] == "村"]
    assert villages and statistics.median(villages) < 60
    assert min(sizes.values()) < 60
    pops = sorted(m["municipality"]["population"] for m in munis)
    assert 10_000 < statistics.median(pops) < 40_000  # Japan: ≈ 24,000
    assert statistics.mean(pops) > 2 * statistics.median(pops)  # right-skewed
    big = max(munis, key=_rows)
    assert big["municipality"]["population"] > 500_000


def test_gaps_and_brokers_present(written: list[Path]) -> None:
    hub_top = with_uncovered = checked = 0
    for folder in written:
        net = load_dataset(folder)
        g = gaps(net, stability_runs=0, null_samples=10)
        # a need with no provider is `uncovered`, or `probably_unrecorded` when a statutory
        # body normally covers it (analysis.gaps); either way the generator left it empty
        no_provider = g["uncovered"] + [r["need"] for r in g["probably_unrecorded"]]
        assert no_provider or g["thin"], folder.name
        with_uncovered += bool(no_provider)
        if len(net.organisations()) > 400:  # exact betweenness of a 政令市 is the bench's job
            continue
        bc = nx.betweenness_centrality(net.tie_graph(with_meetings=False))
        best = max(bc, key=lambda k: (bc[k], k))
        hub_top += best == net.hub
        checked += 1
    assert with_uncovered >= len(written) // 2
    assert checked >= 20 and hub_top / checked > 0.6


def test_synth_cli(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["synth", "--municipalities", "3", "--seed", "2", "--out",
                                   str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("3 件の合成データセットを")
    folders = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert folders == ["synth-0001", "synth-0002", "synth-0003"]
    res = CliRunner().invoke(cli, ["validate", str(tmp_path / "out" / "synth-0002")])
    assert res.exit_code == 0 and res.output.startswith("OK: 合成")
