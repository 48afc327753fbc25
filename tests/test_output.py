"""The one safe writer (netmap.io.output): atomic, umask-honouring, never through a symlink."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from netmap.errors import OutputError
from netmap.io.output import MARKER, atomic_dir, atomic_output, replace_dir_allowed, write_text


def _mode(p: Path) -> int:
    return stat.S_IMODE(os.stat(p).st_mode)


@pytest.mark.parametrize("mask,expected", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_file_honours_umask(tmp_path: Path, mask: int, expected: int) -> None:
    old = os.umask(mask)
    try:
        write_text(tmp_path / "a.html", "x")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "a.html") == expected


def test_failure_keeps_previous_file_and_leaves_no_temp(tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    write_text(out, "good")
    with pytest.raises(RuntimeError):
        with atomic_output(out) as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise RuntimeError("disk full")
    assert out.read_text(encoding="utf-8") == "good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]


def test_ctrl_c_leaves_no_temp(tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt):
        with atomic_output(tmp_path / "x.gexf") as tmp:
            tmp.write_bytes(b"<gexf")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_refuses_symlink_and_keeps_it(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("mine", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    with pytest.raises(OutputError, match="シンボリックリンク"):
        write_text(link, "overwritten?")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "mine"


def test_refuses_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="通常のファイルではありません"):
        write_text(fifo, "x")


def test_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="フォルダがありません"):
        write_text(tmp_path / "missing" / "a.txt", "x")


def test_atomic_dir_marks_and_refuses_foreign_folder(tmp_path: Path) -> None:
    out = tmp_path / "zama"
    with atomic_dir(out) as d:
        (d / "organisations.csv").write_text("id\n", encoding="utf-8")
    assert (out / MARKER).is_file() and replace_dir_allowed(out)
    with pytest.raises(OutputError, match="already exists"):
        with atomic_dir(out):
            pass
    with atomic_dir(out, overwrite=True) as d:
        (d / "links.csv").write_text("source\n", encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "links.csv"]
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_text("precious", encoding="utf-8")
    with pytest.raises(OutputError, match="not a folder netmap wrote"):
        with atomic_dir(mine, overwrite=True):
            pass
    assert (mine / "thesis.docx").read_text(encoding="utf-8") == "precious"


def test_never_replaces_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / MARKER).write_text("netmap\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert not replace_dir_allowed(Path("."))
    assert not replace_dir_allowed(tmp_path.parent)
