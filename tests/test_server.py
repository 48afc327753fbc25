"""The local Neo4j server (netmap.store.server): a real Neo4j 5.26 started, used and stopped.

Starts its own server on a free port in a temporary directory (it does not use the server that
``scripts/test`` starts), so it needs Java 17 and Maven and takes a minute or more.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import neo4j
import pytest
from neo4j.exceptions import AuthError

from netmap.errors import StoreError
from netmap.store import server

pytestmark = pytest.mark.neo4j


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _files_with(root: Path, needle: bytes) -> list[str]:
    """Every file under ``root`` (Neo4j's logs, our log and state) that contains ``needle``."""
    hits = []
    for path in root.rglob("*"):
        if path.is_file() and path.suffix in ("", ".log", ".json", ".txt", ".1"):
            if needle in path.read_bytes():
                hits.append(str(path))
    return hits


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory):
    """One server with auth on and a random password, stopped however the tests end."""
    data_dir = tmp_path_factory.mktemp("neo4j")
    password = "pw-" + secrets.token_hex(12)
    port = _free_port()
    state = server.start(data_dir, port=port, password=password, heap="512m",
                         pagecache="64m", timeout=600)
    try:
        yield data_dir, port, password, state
    finally:
        server.stop(data_dir)


def test_bolt_answers_with_the_password(running) -> None:
    data_dir, port, password, state = running
    assert state["uri"] == f"bolt://127.0.0.1:{port}"
    with neo4j.GraphDatabase.driver(state["uri"], auth=("neo4j", password)) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
    assert [r["one"] for r in records] == [1]


def test_wrong_password_is_refused(running) -> None:
    _, _, password, state = running
    with neo4j.GraphDatabase.driver(state["uri"], auth=("neo4j", password + "x")) as driver:
        with pytest.raises(AuthError):
            driver.execute_query("RETURN 1")


def test_status_reports_the_running_server(running) -> None:
    data_dir, port, _, state = running
    now = server.status(data_dir)
    assert now["running"] is True
    assert now["bolt_open"] is True
    assert now["port"] == port
    assert now["pid"] == state["pid"]
    assert now["data_dir"] == str(data_dir.resolve())
    saved = json.loads((data_dir / server.STATE_FILE).read_text(encoding="utf-8"))
    assert saved["pid"] == state["pid"] and saved["port"] == port
    assert "password" not in json.dumps(saved).lower()


def test_starting_again_returns_the_same_server(running) -> None:
    data_dir, port, password, state = running
    again = server.start(data_dir, port=port, password=password)
    assert again["already_running"] is True and again["pid"] == state["pid"]
    with pytest.raises(StoreError, match=str(port)):
        server.start(data_dir, port=port + 1, password=password)


def test_password_is_nowhere_to_be_read(running) -> None:
    data_dir, _, password, state = running
    cmdline = Path(f"/proc/{state['pid']}/cmdline").read_bytes()
    assert server.MAIN_CLASS.encode() in cmdline  # it is the java process
    assert password.encode() not in cmdline
    ps = subprocess.run(["ps", "-ww", "-o", "args=", "-p", str(state["pid"])],
                        capture_output=True, check=True).stdout
    assert b"java" in ps and password.encode() not in ps
    assert (data_dir / server.LOG_FILE).stat().st_size > 0
    assert (data_dir / "logs").is_dir()
    assert _files_with(data_dir, password.encode()) == []


def test_stop_then_status_says_stopped(tmp_path: Path) -> None:
    data_dir = tmp_path / "neo4j"
    port = _free_port()
    started = server.start(data_dir, port=port, auth=False, heap="512m", pagecache="64m",
                           timeout=600)
    pid = started["pid"]
    with neo4j.GraphDatabase.driver(started["uri"], auth=None) as driver:
        records, _, _ = driver.execute_query("CREATE (n:Probe {v: 7}) RETURN n.v AS v")
    assert records[0]["v"] == 7
    from helpers import DATASETS

    from netmap.io.dataset import load_dataset
    from netmap.store.neo4j import Store

    store = Store.connect(started["uri"], password="")
    stopped = server.stop(data_dir)
    # the server gone under an open connection: one line that says what to do, no traceback
    with pytest.raises(StoreError, match="netmap db start") as info:
        store.load(load_dataset(DATASETS / "zama"))
    assert "\n" not in str(info.value)
    store.close()
    assert stopped["stopped"] is True and stopped["killed"] is False
    assert not Path(f"/proc/{pid}").exists()
    now = server.status(data_dir)
    assert now["running"] is False and now["pid"] is None
    assert not (data_dir / server.STATE_FILE).exists()
    assert "NETMAP_NEO4J_STOPPED" in (data_dir / server.LOG_FILE).read_text(encoding="utf-8")
    assert server.stop(data_dir)["stopped"] is False


def test_stale_state_file_is_cleared(tmp_path: Path) -> None:
    """A state file left by a crash, its pid gone or now someone else's, reads as stopped."""
    tmp_path.mkdir(exist_ok=True)
    state = tmp_path / server.STATE_FILE
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    for pid in (gone.pid, os.getpid()):  # a dead pid; a live pid that is not our server
        state.write_text(json.dumps({"pid": pid, "port": 1, "uri": "bolt://127.0.0.1:1"}))
        now = server.status(tmp_path)
        assert now["running"] is False and now["stale_pid"] == pid
        assert not state.exists()


def test_bad_input_is_refused_before_anything_starts(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="8"):
        server.start(tmp_path, port=_free_port(), password="short")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(StoreError, match=str(port)):
            server.start(tmp_path, port=port, auth=False)
    with pytest.raises(StoreError, match="heap"):
        server.java_command(tmp_path, heap="lots")
    assert not (tmp_path / server.STATE_FILE).exists()


def test_command_line_status(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-m", "netmap", "db", "status", "--json",
                           "--data-dir", str(tmp_path)], capture_output=True, text=True,
                          cwd=repo, check=False)
    assert done.returncode == 3, done.stderr  # `netmap db status`: 3 = not running
    assert json.loads(done.stdout)["running"] is False


def test_bulk_import_reads_back_like_the_files(tmp_path: Path) -> None:
    """``load --bulk``: neo4j-admin import into an empty local server, which is started again;
    every town reads back as its folder (the same comparison as the online load's test)."""
    from helpers import DATASETS
    from test_store import canon

    from netmap.io.dataset import load_dataset
    from netmap.store import bulk
    from netmap.store.neo4j import Store

    data_dir = tmp_path / "neo4j"
    port = _free_port()
    server.start(data_dir, port=port, auth=False, heap="512m", pagecache="64m", timeout=600)
    try:
        nets = [(DATASETS / s, load_dataset(DATASETS / s)) for s in ("zama", "kunitachi")]
        nets.append((DATASETS / "reports-2018" / "kunitachi",
                     load_dataset(DATASETS / "reports-2018" / "kunitachi")))
        result = bulk.bulk_load(nets, data_dir)
        assert result["municipalities"] == 3 and result["import_seconds"] > 0
        assert server.status(data_dir)["bolt_open"] is True
        with Store.connect(f"bolt://127.0.0.1:{port}", password="") as store:
            for path, net in nets:
                key = ("draft:" if net.graph.graph.get("draft") else "") + net.code
                assert canon(store.read_network(key)) == canon(net), path
            assert store.counts("kunitachi")["node"]["Organisation"] == 22  # the folder's
            with pytest.raises(StoreError, match="empty"):
                bulk.bulk_load(nets[:1], data_dir)
        # the check runs while the CSVs are written: a refused import leaves the server up
        assert server.status(data_dir)["bolt_open"] is True
    finally:
        server.stop(data_dir)


def test_bulk_csv_cells_are_what_neo4j_admin_reads(tmp_path: Path) -> None:
    """The import CSV cells (neo4j-admin's CSV header format, Operations Manual 5 "Import"):
    a missing value is an empty unquoted cell (no property), an empty text a quoted "" (an
    empty string), booleans ``true``/``false``, lists joined by the array delimiter, numbers
    bare, quotes doubled and a newline kept inside the quotes; a column's type is the one all
    its values have (long and double make double); a key no row has a value for ("gone")
    gets no column, as it would get no property."""
    from netmap.store import bulk

    rows = [{"uid:ID(Node)": "a", ":LABEL": "NetmapNode;Organisation",
             "props": {"name": 'say "hi"\nthere', "n": 1, "x": 0.5, "ok": True,
                       "tags": ["p", "q¦"], "empty": "", "gone": None}},
            {"uid:ID(Node)": "b", ":LABEL": "NetmapNode;Program",
             "props": {"name": None, "n": 2, "x": 2, "ok": False, "tags": None,
                       "empty": None}}]
    path = tmp_path / "nodes.csv"
    used = bulk._write(path, ["uid:ID(Node)", ":LABEL"], rows, "|")
    assert used == {"¦"}  # the candidate delimiters found in list items
    assert path.read_text(encoding="utf-8") == (
        "uid:ID(Node),:LABEL,name:string,n:long,x:double,ok:boolean,tags:string[],"
        "empty:string\n"
        '"a","NetmapNode|Organisation","say ""hi""\nthere",1,0.5,"true","p|q¦",""\n'
        '"b","NetmapNode|Program",,2,2,"false",,\n')


def test_bulk_csvs_take_another_array_delimiter_when_a_list_holds_the_first(
        tmp_path: Path) -> None:
    """A list value holding the first candidate delimiter ("\\x1f") makes every file be written
    again with the next free one, and neo4j-admin is told so."""
    from helpers import DATASETS

    from netmap.io.dataset import load_dataset
    from netmap.store import bulk

    nets = [(DATASETS / s, load_dataset(DATASETS / s)) for s in ("zama", "kunitachi")]
    org = next(n for n, d in nets[0][1].graph.nodes(data=True)
               if d["node_type"] == "organisation")
    nets[0][1].graph.nodes[org]["aliases"] = ["a\x1fb"]
    args, counts = bulk.write_csvs(nets, tmp_path, jobs=2)
    assert "--array-delimiter=|" in args
    assert sorted(p.name for p in tmp_path.glob("*.csv")) == sorted(
        a.split("=", 1)[1].rsplit("/", 1)[1] for a in args if a.startswith(("--nodes", "--rel")))
    assert "a\x1fb" in (tmp_path / "nodes.csv").read_text(encoding="utf-8")
    nets[0][1].graph.nodes[org]["aliases"] = ["ab"]
    (tmp_path / "again").mkdir()
    again = bulk.write_csvs(nets, tmp_path / "again", jobs=2)
    assert "--array-delimiter=\x1f" in again[0] and again[1] == counts
    assert len([a for a in again[0] if a.startswith("--nodes")]) == 5  # needs + 2 × 2 parts
