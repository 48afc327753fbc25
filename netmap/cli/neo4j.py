"""Neo4j commands: ``netmap load``, ``netmap pull`` and ``netmap db start|stop|status``.

Thin: each calls :class:`netmap.store.neo4j.Store` or :mod:`netmap.store.server`. ``netmap db
start --data-dir D --port P --no-auth`` is also how ``scripts/test`` starts its server.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from netmap.cli.options import CONTEXT, connection, emit_json, fail, neo4j_options, output_options

__all__ = ["load", "pull", "db"]

F = TypeVar("F", bound=Callable[..., Any])


@click.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--replace", is_flag=True,
              help="同じ自治体の古い日付のスナップショットを削除 (also delete the older "
                   "snapshots of each municipality)")
@click.option("--include-drafts", is_flag=True,
              help="下書き (draft: true) も別のスナップショットとして読み込む (load drafts too, "
                   "each as its own draft:<code> series)")
@click.option("--prefer", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="同じ自治体・日付のデータセットが二つあるとき優先する方 (the dataset that wins "
                   "when two would write the same snapshot)")
@click.option("--bulk", is_flag=True,
              help="空のデータベースへ neo4j-admin import で一括読み込み (first load into an "
                   "empty local database, offline; needs --data-dir)")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="--bulk: ローカル Neo4j のデータの置き場所 (data directory of `netmap db`)")
@neo4j_options
def load(paths: tuple[Path, ...], replace: bool, include_drafts: bool, prefer: tuple[Path, ...],
         bulk: bool, data_dir: Path | None, **kw: Any) -> None:
    """データセットを Neo4j に書き込む (load datasets into Neo4j: one transaction per
    municipality; loading the same files twice changes nothing).

    Every dataset is validated first: a bad one writes nothing. A folder holding dataset
    folders loads each of them. Each load is a snapshot dated by the dataset's as_of; the
    latest is what every command reads. Drafts (draft: true, such as datasets/reports-2018)
    are left out unless --include-drafts, and then kept apart as draft:<code>.

    \b
    Example:
      netmap db start
      netmap load datasets/zama datasets/kunitachi
      netmap load datasets/*
      netmap load datasets/* --include-drafts
      netmap load /tmp/synth --bulk --data-dir ~/.local/share/netmap/neo4j
    """
    from netmap.store.choose import choose

    chosen = choose(paths, include_drafts=include_drafts, prefer=prefer)
    if chosen.drafts_left_out:
        left = chosen.drafts_left_out
        names = ", ".join(str(p) for p in left[:3]) + (", …" if len(left) > 3 else "")
        click.echo(f"下書き {len(left)} 件は読み込みません (drafts left out: {names}; add "
                   "--include-drafts to load them as draft:<code>)", err=True)
    for overruled, winner in chosen.overruled:
        click.echo(f"{winner} を優先し {overruled} は読み込みません (left out: --prefer)",
                   err=True)
    nets = [net for _, net in chosen.loads]
    if bulk:
        _bulk(chosen.loads, data_dir, kw)
        return
    total = sum(n.graph.number_of_nodes() + n.graph.number_of_edges() for n in nets)
    with connection(kw) as store:
        store.apply_schema()
        with click.progressbar(length=total, label="Neo4j へ書き込み中 (loading)",
                               file=sys.stderr) as bar:
            # On a terminal the bar owns the line: each result starts a new one.
            brk = "\n" if sys.stderr.isatty() else ""
            for path, net in chosen.loads:
                r = store.load(net, replace=replace, progress=bar.update, source=str(path))
                mark = " [下書き draft]" if r["draft"] else ""
                click.echo(f"{brk}{r['name']} ({r['key']}){mark}: {r['nodes']} ノード, "
                           f"{r['links']} リンク, {r['seconds']:.2f} s", err=True)
    click.echo(f"{len(nets)} 自治体を書き込みました (municipalities loaded)")


def _bulk(loads: list[tuple[Path, Any]], data_dir: Path | None, kw: dict[str, Any]) -> None:
    """``load --bulk``: neo4j-admin import into the local server's empty database."""
    from netmap.store import bulk, server

    for k in ("neo4j_uri", "neo4j_user", "database"):
        kw.pop(k, None)
    r = bulk.bulk_load(loads, data_dir or server.default_data_dir())
    click.echo(f"{r['municipalities']} 自治体を一括で書き込みました (bulk import: "
               f"{r['nodes']:,} nodes, {r['relationships']:,} relationships, import "
               f"{r['import_seconds']:.1f} s, total {r['seconds']:.1f} s)")


@click.command(context_settings=CONTEXT)
@click.argument("code")
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="書き出すフォルダ (dataset folder to write)")
@click.option("--overwrite", is_flag=True, help="既存のフォルダを置き換える (replace OUT)")
@neo4j_options
def pull(code: str, out: Path, overwrite: bool, **kw: Any) -> None:
    """Neo4j からデータセットを書き出す (write a municipality from Neo4j as a dataset folder).

    CODE is the municipality code or slug. load → pull → load is lossless. An existing OUT is
    replaced only with --overwrite and only if netmap wrote it (never ., ~, / or datasets/).

    \b
    Example:
      netmap pull 142166 --out /tmp/zama
      netmap pull zama --out /tmp/zama --overwrite
    """
    from netmap.io.write import claim_folder, write_dataset

    claim_folder(out, overwrite)  # refuse before reading from Neo4j
    with connection(kw) as store:
        net = store.read_network(code)
    write_dataset(net, out, overwrite=overwrite, notify=lambda line: click.echo(line, err=True))
    click.echo(f"{net.name} → {out}")


@click.group(context_settings=CONTEXT)
def db() -> None:
    """ローカルの Neo4j を起動・停止する (start, stop or check a local Neo4j for netmap).

    \b
    Example:
      NEO4J_PASSWORD=... netmap db start
      netmap db status
      netmap db stop
    """


def _data_dir_option(f: F) -> F:
    return click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path),
                        default=None, help="データの置き場所 (data directory; default "
                        "$NETMAP_HOME/neo4j or ~/.local/share/netmap/neo4j)")(f)


def _timeout_option(f: F) -> F:
    return click.option("--timeout", type=float, default=None,
                        help="待つ秒数 (seconds to wait; start 180, stop 120)")(f)


@db.command("start", context_settings=CONTEXT)
@_data_dir_option
@click.option("--port", default=7687, show_default=True, help="Bolt のポート (Bolt port)")
@click.option("--no-auth", is_flag=True, help="認証なし（テスト用） (no authentication)")
@click.option("--heap", default="2g", show_default=True, help="Java heap")
@click.option("--pagecache", default="512m", show_default=True, help="page cache")
@_timeout_option
def db_start(data_dir: Path | None, port: int, no_auth: bool, heap: str, pagecache: str,
             timeout: float | None) -> None:
    """Neo4j を起動する (start a local Neo4j Community 5.26 on 127.0.0.1).

    The password is read from NEO4J_PASSWORD (never from the command line). Jars come from
    Maven Central on first start.

    \b
    Example:
      NEO4J_PASSWORD=... netmap db start --data-dir ~/netmap-db
      netmap db start --no-auth --port 17687 --data-dir .netmap/test-neo4j
    """
    from netmap.store import server

    password = None if no_auth else os.environ.get("NEO4J_PASSWORD")
    if not no_auth and not password:
        fail("NEO4J_PASSWORD を設定するか --no-auth を付けてください "
             "(set NEO4J_PASSWORD, or use --no-auth)")
    extra = {} if timeout is None else {"timeout": timeout}
    state = server.start(data_dir or server.default_data_dir(), port=port, password=password,
                         auth=not no_auth, heap=heap, pagecache=pagecache, **extra)
    click.echo(f"起動しました (started): {state['uri']}  data: {state['data_dir']}")


@db.command("stop", context_settings=CONTEXT)
@_data_dir_option
@_timeout_option
def db_stop(data_dir: Path | None, timeout: float | None) -> None:
    """Neo4j を停止する (stop the local Neo4j).

    \b
    Example:
      netmap db stop
      netmap db stop --data-dir .netmap/test-neo4j
    """
    from netmap.store import server

    extra = {} if timeout is None else {"timeout": timeout}
    state = server.stop(data_dir or server.default_data_dir(), **extra)
    click.echo(f"停止しました (stopped): {state.get('data_dir', '')}")


@db.command("status", context_settings=CONTEXT)
@_data_dir_option
@output_options("json", "table")
def db_status(data_dir: Path | None, fmt: str) -> None:
    """Neo4j の状態 (is the local Neo4j running, where, on which port).

    Exits 3 when it is not running; --json prints the whole state (pid, port, uri, data
    directory) either way.

    \b
    Example:
      netmap db status
      netmap db status --json --data-dir .netmap/test-neo4j
    """
    from netmap.store import server

    state = server.status(data_dir or server.default_data_dir())
    if fmt == "json":
        emit_json(state)
        if not state.get("running"):
            sys.exit(3)
    elif state.get("running"):
        click.echo(f"稼働中 (running): {state['uri']}  pid {state['pid']}  "
                   f"data: {state['data_dir']}")
    else:
        click.echo(f"停止中 (not running)  data: {state.get('data_dir', '')}")
        sys.exit(3)
