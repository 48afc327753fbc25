"""A user's folder survives every ``--out``/``-o``/``--overwrite`` combination (issue 18, 1 and 6).

Each writing command is pointed at places a user could type by mistake — an unrelated folder
full of files, the current folder, a symlink, a FIFO, a missing folder — with and without
``--overwrite``/``--force``. Every case must end in exit code 0 having written only netmap's own
output, or in ``Error: …`` (exit 1 or 2) with the user's files byte for byte as they were and
no stray temporary file. No case may print a traceback.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from netmap.cli import cli

REPO = Path(__file__).resolve().parents[1]
ZAMA = str(REPO / "datasets" / "zama")
REPORTS = str(REPO / "datasets" / "sources" / "004_reports_visible.txt")


def _snapshot(folder: Path) -> dict[str, str]:
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_symlink():
            out[str(p.relative_to(folder))] = "link->" + os.readlink(p)
        elif p.is_file():
            out[str(p.relative_to(folder))] = hashlib.sha256(p.read_bytes()).hexdigest()
        elif p.is_dir():
            out[str(p.relative_to(folder))] = "dir"
    return out


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user's working folder with precious files, as the current folder."""
    (tmp_path / "thesis").mkdir()
    (tmp_path / "thesis" / "chapter1.docx").write_bytes(b"precious words")
    (tmp_path / "notes.txt").write_text("my notes", encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG user photo")
    (tmp_path / "link.html").symlink_to(tmp_path / "notes.txt")
    os.mkfifo(tmp_path / "pipe.html")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# (command arguments, with OUT standing for the target)
FOLDER_WRITERS = [
    ["synth", "-n", "2", "--out", "OUT"],
    ["synth", "-n", "2", "--out", "OUT", "--overwrite"],
    ["extract", REPORTS, "--out", "OUT"],
    ["extract", REPORTS, "--out", "OUT", "--overwrite"],
    ["export", ZAMA, "--format", "hsds", "-o", "OUT"],
    ["export", ZAMA, "--format", "hsds", "-o", "OUT", "--overwrite"],
]
FILE_WRITERS = [
    ["map", ZAMA, "-o", "OUT"],
    ["map", ZAMA, "-o", "OUT", "--format", "svg"],
    ["report", ZAMA, "-o", "OUT"],
    ["export", ZAMA, "-o", "OUT", "--format", "gexf"],
    ["export", ZAMA, "-o", "OUT", "--format", "graphml"],
    ["template", "OUT"],
    ["template", "OUT", "--force"],
]


def _run(args: list[str], target: str) -> tuple[int, str]:
    res = CliRunner().invoke(cli, [target if a == "OUT" else a for a in args])
    text = res.output + (repr(res.exception) if res.exception and res.exit_code not in (0, 1, 2)
                         else "")
    assert "Traceback" not in text, text
    assert res.exit_code in (0, 1, 2), (args, target, res.exit_code, text)
    return res.exit_code, text


@pytest.mark.parametrize("args", FOLDER_WRITERS, ids=lambda a: " ".join(a[:1] + a[-2:]))
@pytest.mark.parametrize("target", [".", "thesis", "..", "link.html"])
def test_folder_writers_never_replace_a_users_folder(home: Path, args: list[str],
                                                     target: str) -> None:
    before = _snapshot(home.parent) if target == ".." else _snapshot(home)
    code, text = _run(args, target)
    after = _snapshot(home.parent) if target == ".." else _snapshot(home)
    kept = {k: v for k, v in after.items() if k in before}
    assert kept == before, text
    if code != 0:
        assert "Error" in text
    assert not [k for k in after if k.endswith(".tmp")], after


@pytest.mark.parametrize("args", FILE_WRITERS, ids=lambda a: " ".join(a[:1] + a[-2:]))
@pytest.mark.parametrize("target", ["thesis", "link.html", "pipe.html", "missing/sub/x.html"])
def test_file_writers_refuse_folders_links_fifos(home: Path, args: list[str],
                                                 target: str) -> None:
    before = _snapshot(home)
    code, text = _run(args, target)
    after = _snapshot(home)
    assert {k: v for k, v in after.items() if k in before} == before
    assert (home / "notes.txt").read_text(encoding="utf-8") == "my notes"
    assert (home / "link.html").is_symlink()
    if target != "missing/sub/x.html":
        assert code != 0 and "Error" in text, text
    assert not [k for k in after if k.endswith(".tmp")], after


def test_overwrite_replaces_only_what_netmap_wrote(home: Path) -> None:
    code, text = _run(["synth", "-n", "2", "--out", "out"], "")
    assert code == 0, text
    first = _snapshot(home / "out")
    (home / "out" / "synth-0001" / "my-edit.txt").write_text("mine", encoding="utf-8")
    code, text = _run(["synth", "-n", "2", "--out", "out"], "")
    assert code != 0 and "Error" in text
    assert (home / "out" / "synth-0001" / "my-edit.txt").exists()
    code, text = _run(["synth", "-n", "2", "--out", "out", "--overwrite"], "")
    assert code == 0, text
    assert set(first) <= set(_snapshot(home / "out"))


def test_repository_datasets_are_never_a_target(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    shutil.copytree(REPO / "datasets" / "kunitachi", copy / "datasets" / "kunitachi")
    before = _snapshot(copy)
    for args in (["synth", "-n", "1", "--out", str(copy / "datasets"), "--overwrite"],
                 ["extract", REPORTS, "--out", str(copy / "datasets"), "--overwrite"]):
        _run(args, "")
    assert {k: v for k, v in _snapshot(copy).items() if k in before} == before
