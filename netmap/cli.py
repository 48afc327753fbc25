"""The ``netmap`` command: one thin click command per verb over the library.

Each command reads a network (a dataset folder, an ``.xlsx`` workbook, or ``--neo4j CODE``),
calls one library function that returns plain data, and prints it: a Japanese table by
default, ``--json`` or ``--csv`` on request. Exit codes: 0 ok, 1 bad input (``Error: …``),
2 usage error.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from netmap import __version__
from netmap.errors import NetmapError, ValidationError
from netmap.model import NODE_TYPES, SECTORS, label

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# -- shared pieces ------------------------------------------------------------------------------
def fail(message: str) -> None:
    """Stop with ``Error: message`` and exit code 1."""
    raise click.ClickException(message)


def neo4j_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--neo4j-uri/--neo4j-user/--database``; the password only from NEO4J_PASSWORD."""
    f = click.option("--database", envvar="NEO4J_DATABASE", default=None,
                     help="データベース名 (database; env NEO4J_DATABASE).")(f)
    f = click.option("--neo4j-user", envvar="NEO4J_USERNAME", default="neo4j",
                     show_default=True, help="ユーザー名 (env NEO4J_USERNAME).")(f)
    f = click.option("--neo4j-uri", envvar="NEO4J_URI", default="bolt://127.0.0.1:7687",
                     show_default=True,
                     help="Neo4j の URI (env NEO4J_URI). パスワードは環境変数 NEO4J_PASSWORD で。")(f)
    return f


def connection(kw: dict[str, Any]) -> Any:
    """A :class:`netmap.store.neo4j.Store` from the neo4j options (popped from ``kw``)."""
    from netmap.store.neo4j import Store

    return Store.connect(kw.pop("neo4j_uri"), kw.pop("neo4j_user"), database=kw.pop("database"))


def network_source(f: Callable[..., Any]) -> Callable[..., Any]:
    """PATH (folder or .xlsx), or with ``--neo4j`` a municipality code or slug in Neo4j; the
    command receives ``net``."""

    @click.argument("path", metavar="PATH|CODE")
    @click.option("--neo4j", "from_neo4j", is_flag=True,
                  help="PATH の代わりに Neo4j の自治体コードかスラッグ (read the municipality "
                  "with this code or slug from Neo4j)")
    @neo4j_options
    @functools.wraps(f)
    def wrapper(*args: Any, path: str, from_neo4j: bool, **kw: Any) -> Any:
        try:
            if from_neo4j:
                with connection(kw) as store:
                    net = store.read_network(path)
            else:
                for k in ("neo4j_uri", "neo4j_user", "database"):
                    kw.pop(k)
                if not Path(path).exists():
                    raise click.BadParameter(f"'{path}' がありません (does not exist; for a "
                                             "municipality in Neo4j add --neo4j)",
                                             param_hint="PATH")
                from netmap.io.dataset import load_dataset

                net = load_dataset(Path(path))
        except NetmapError as exc:
            fail(str(exc))
        return f(*args, net=net, **kw)

    return wrapper


def output_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--json`` / ``--csv`` / ``--table`` (default), mutually exclusive."""
    f = click.option("--table", "fmt", flag_value="table", default=True,
                     help="読みやすい表 (readable table; default)")(f)
    f = click.option("--csv", "fmt", flag_value="csv", help="CSV で出力 (CSV output)")(f)
    f = click.option("--json", "fmt", flag_value="json", help="JSON で出力 (JSON output)")(f)
    return f


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def emit_rows(rows: list[dict[str, Any]], fmt: str, headers: dict[str, str] | None = None) -> None:
    """Print rows as JSON, CSV, or an aligned table with (Japanese) headers."""
    if fmt == "json":
        emit_json(rows)
        return
    keys = list(headers or (rows[0].keys() if rows else []))
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(keys)
        for r in rows:
            w.writerow([_cell(r.get(k)) for k in keys])
        click.echo(buf.getvalue(), nl=False)
        return
    names = [(headers or {}).get(k, k) for k in keys]
    table = [names] + [[_cell(r.get(k)) for k in keys] for r in rows]
    widths = [max(_width(row[i]) for row in table) for i in range(len(keys))]
    for j, row in enumerate(table):
        click.echo("  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True))
                   .rstrip())
        if j == 0:
            click.echo("  ".join("-" * w for w in widths))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# -- the group ----------------------------------------------------------------------------------
@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="netmap")
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", envvar="NETMAP_LANG",
              show_default=True, help="表示言語 (display language; env NETMAP_LANG)")
@click.pass_context
def cli(ctx: click.Context, lang: str) -> None:
    """netmap — 地域の支援ネットワークを地図にし、すき間とつなぎ役を見つける。

    Map a municipality's support network (organisations, programs, meetings, roles, needs),
    find its gaps and brokers, and draw it.

    \b
    Example:
      netmap validate datasets/zama
      netmap show datasets/zama
      netmap who datasets/zama 住まい 債務
    """
    ctx.obj = {"lang": lang}


def lang_of(ctx: click.Context) -> str:
    return str((ctx.find_root().obj or {}).get("lang", "ja"))


@cli.command(context_settings=CONTEXT)
@click.argument("path", type=click.Path(exists=True, path_type=Path))
def validate(path: Path) -> None:
    """データセットを検査する (check a dataset folder or .xlsx workbook).

    Prints every problem as file:row:column: message and exits 1; exits 0 when the dataset is
    good.

    \b
    Example:
      netmap validate datasets/zama
      netmap validate 座間市.xlsx
    """
    from netmap.io.dataset import validate as validate_raw
    from netmap.io.tables import read_raw

    net, problems = validate_raw(read_raw(path))
    if problems:
        for p in problems:
            click.echo(str(p), err=True)
        fail(f"{len(problems)} 件の問題があります ({len(problems)} problems in {path})")
    assert net is not None
    for w in net.warnings:
        click.echo(f"注意 (warning): {w}", err=True)
    n = net.graph.number_of_nodes()
    click.echo(f"OK: {net.name} ({net.code or 'コード未設定'}) — {n} ノード, "
               f"{net.graph.number_of_edges()} リンク")


@cli.command(context_settings=CONTEXT)
@network_source
@click.option("--json", "as_json", is_flag=True, help="JSON で出力 (JSON output)")
@click.pass_context
def show(ctx: click.Context, net: Any, as_json: bool) -> None:
    """ネットワークの概要を表示する (summary: counts, hub, providers of each need).

    \b
    Example:
      netmap show datasets/zama
      netmap show --neo4j zama
    """
    from netmap.analysis.summary import summary
    from netmap.taxonomy import load_taxonomy

    data = summary(net)
    if as_json:
        emit_json(data)
        return
    lang = lang_of(ctx)
    tax = load_taxonomy()
    m = data["municipality"]
    en = lang == "en"
    click.echo(f"{m.get('prefecture', '')} {m.get('name', '')} ({m.get('code', '')})")
    click.echo(("Nodes: " if en else "ノード: ") + ", ".join(
        f"{label(NODE_TYPES, k, lang)} {v}" for k, v in data["counts"]["nodes"].items()))
    click.echo(("Links: " if en else "リンク: ") + ", ".join(
        f"{k} {v}" for k, v in data["counts"]["links"].items()))
    click.echo(("Sectors: " if en else "セクター: ") + ", ".join(
        f"{label(SECTORS, k, lang)} {v}" for k, v in data["sectors"].items()))
    hub = data["hub"]
    click.echo(("Hub: " if en else "司令塔（自立相談支援機関）: ") + (hub["name"] if hub else "—"))
    click.echo("Needs and providers:" if en else "ニーズと対応機関:")
    for code, provs in data["needs"].items():
        need_label = tax.needs[code].label(lang) if code in tax else code
        names = "、".join(p["name"] for p in provs) or ("(none)" if en else "（なし）")
        click.echo(f"  {need_label}: {names}")
    if data["demand"]:
        click.echo("Demand:" if en else "把握されたニーズ件数:")
        for row in data["demand"]:
            click.echo(f"  {row.get('label') or row['need']}: {row['count']}")


@cli.command(context_settings=CONTEXT)
@network_source
@click.option("--format", "fmt", type=click.Choice(["json", "graphml", "gexf", "csv", "hsds"]),
              default="json", show_default=True, help="出力形式 (output format)")
@click.option("-o", "--out", type=click.Path(path_type=Path),
              help="出力先 (output; json: default standard output; hsds: .zip or a folder)")
def export(net: Any, fmt: str, out: Path | None) -> None:
    """ネットワークを書き出す (export: node-link JSON, GraphML, GEXF, CSV zip, HSDS 3.1).

    \b
    Example:
      netmap export datasets/zama --format json -o zama.json
      netmap export datasets/zama --format graphml -o zama.graphml
      netmap export datasets/zama --format gexf -o zama.gexf
      netmap export datasets/zama --format csv -o zama.zip
      netmap export datasets/zama --format hsds -o zama-hsds.zip
    """
    from netmap.cli_workflow import run_export

    text = run_export(net, fmt, out)
    if text is not None:
        click.echo(text)


@cli.command(context_settings=CONTEXT)
@network_source
@click.option("--max-steps", default=2, show_default=True, type=click.IntRange(1, 10),
              help="司令塔から何歩以内なら届くとみなすか (ties from the hub that still count)")
@click.option("--matrix", is_flag=True, help="セクター間のつながり行列も表示 (print the sector "
              "mixing matrix)")
@click.option("--json", "as_json", is_flag=True, help="JSON で出力 (JSON output)")
@click.option("--csv", "as_csv", is_flag=True, help="CSV で出力: 1 行 1 件 (one gap per row)")
@click.pass_context
def gaps(ctx: click.Context, net: Any, max_steps: int, matrix: bool, as_json: bool,
         as_csv: bool) -> None:
    """すき間を見つける (gaps: uncovered and thin needs, unreachable providers, sector holes,
    critical nodes, demand ranking).

    \b
    Example:
      netmap gaps datasets/zama
      netmap gaps datasets/zama --max-steps 3 --json
    """
    from netmap.analysis.coverage import gaps as find_gaps
    from netmap.analysis.coverage import sector_mixing
    from netmap.render.text import gap_rows, print_gaps

    if as_json and as_csv:
        raise click.UsageError("--json と --csv は同時に使えません (--json and --csv conflict)")
    data = find_gaps(net, max_steps=max_steps)
    if matrix:
        data["matrix"] = sector_mixing(net)
    if as_json:
        emit_json(data)
    elif as_csv:
        emit_rows(gap_rows(net, data), "csv")
    else:
        print_gaps(net, data, lang_of(ctx), click.echo)


@cli.command(context_settings=CONTEXT)
@network_source
@output_options
@click.option("--top", type=int, default=None, help="上位 N 件だけ (only the top N)")
@click.pass_context
def brokers(ctx: click.Context, net: Any, fmt: str, top: int | None) -> None:
    """つなぎ役を見つける (brokers: betweenness, Burt's constraint and effective size,
    Gould–Fernandez brokerage roles on referrals).

    \b
    Example:
      netmap brokers datasets/zama --top 10
      netmap brokers datasets/zama --json
    """
    from netmap.analysis.brokers import brokers as find_brokers

    rows = find_brokers(net)[:top] if top else find_brokers(net)
    if fmt != "table":
        emit_rows(rows, fmt)
        return
    en = lang_of(ctx) == "en"
    headers = {"name": "Organisation" if en else "機関・団体",
               "sector": "Sector" if en else "セクター",
               "degree": "Ties" if en else "つながり数", "betweenness": "Betweenness" if en else "媒介中心性",
               "constraint": "Constraint" if en else "制約度", "effective_size":
               "Eff. size" if en else "実効規模", "coordinator": "coord", "itinerant": "itin",
               "representative": "repr", "gatekeeper": "gate", "liaison": "liais",
               "total": "total", "total_z": "total_z"}
    for r in rows:
        r["sector"] = label(SECTORS, r["sector"], lang_of(ctx))
    emit_rows(rows, "table", headers)


@cli.command(context_settings=CONTEXT)
@network_source
@click.argument("needs", nargs=-1, required=True)
@click.option("--include-hub", is_flag=True, help="司令塔自身も候補に含める (offer the hub too)")
@click.option("--limit", default=5, show_default=True, help="チーム候補の数 (teams shown)")
@click.option("--json", "as_json", is_flag=True, help="JSON で出力 (JSON output)")
@click.pass_context
def who(ctx: click.Context, net: Any, needs: tuple[str, ...], include_hub: bool, limit: int,
        as_json: bool) -> None:
    """このニーズに対応できるのは誰？ (who can handle these needs, alone or as a team).

    Needs by code, Japanese label or synonym.

    \b
    Example:
      netmap who datasets/zama 住まい 債務
      netmap who datasets/zama housing debt --json
    """
    from netmap.analysis.who import who as find_who
    from netmap.render.text import print_who

    try:
        data = find_who(net, list(needs), include_hub=include_hub, limit=limit)
    except NetmapError as exc:
        fail(str(exc))
    if as_json:
        emit_json(data)
    else:
        print_who(net, data, lang_of(ctx), click.echo)


@cli.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "-o", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="出力フォルダ (one dataset folder per report is written here)")
def extract(file: Path, out: Path) -> None:
    """報告書から下書きデータセットを作る (extract draft datasets from MHLW model-project
    reports: text of 地域力強化推進事業 / 多機関協働事業 report sheets).

    Every row carries the report lines it came from and a confidence (high/medium/low) for
    review; municipality.yaml is marked draft: true.

    \b
    Example:
      netmap extract datasets/sources/004_reports_visible.txt --out datasets/reports-2018
    """
    from netmap.io.extract import extract_reports, write_datasets

    try:
        reports = extract_reports(file)
        written = write_datasets(reports, out)
    except NetmapError as exc:
        fail(str(exc))
    for path in written:
        click.echo(str(path))
    click.echo(f"{len(written)} 件のデータセットを書き出しました (datasets written)", err=True)


@cli.command("map", context_settings=CONTEXT)
@network_source
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="出力ファイル (output file: .html, or .png/.svg with --format)")
@click.option("--format", "fmt", type=click.Choice(["html", "png", "svg"]), default="html",
              show_default=True, help="html: 操作できる地図 (interactive); png/svg: 配布用の図")
@click.option("--size-by", type=click.Choice(["degree", "betweenness", "brokerage"]),
              default="degree", show_default=True, help="ノードの大きさ (node size measure)")
@click.option("--redact", is_flag=True, help="個人名・電話番号・メールを取り除く "
              "(remove person names, phone numbers and e-mail addresses)")
@click.option("--no-analysis", is_flag=True, help="すき間・つなぎ役の印を付けない "
              "(skip gap and broker marks)")
@click.option("--seed", default=1, show_default=True, help="配置の乱数の種 (layout seed)")
@click.pass_context
def map_command(ctx: click.Context, net: Any, out: Path, fmt: str, size_by: str, redact: bool,
                no_analysis: bool, seed: int) -> None:
    """ワークショップ用の地図を描く (draw an interactive offline map, or a PNG/SVG picture).

    One self-contained UTF-8 HTML file: open it in a browser with no network. Colour by
    sector, shape by kind; search, filter by need or sector, click to focus; gaps and brokers
    highlighted. Language follows `netmap --lang`.

    \b
    Example:
      netmap map datasets/zama -o zama.html
      netmap --lang en map datasets/zama -o zama-en.html --size-by betweenness
      netmap map datasets/zama -o zama.png --format png --redact
    """
    from netmap.analysis.marks import analyse
    from netmap.render import write_map, write_picture

    analysis = None if no_analysis else analyse(net)
    kw = {"analysis": analysis, "lang": lang_of(ctx), "redact": redact, "seed": seed}
    try:
        if fmt == "html":
            write_map(net.graph, out, size_by=size_by, **kw)
        else:
            write_picture(net.graph, out, fmt=fmt, **kw)
    except (OSError, RuntimeError) as exc:
        fail(f"地図を書けませんでした (could not write the map): {exc}")
    click.echo(f"地図 (map): {out}")


# -- Neo4j ------------------------------------------------------------------------------------
@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--replace", is_flag=True,
              help="ファイルにない行を Neo4j から削除 (remove rows no longer in the files)")
@neo4j_options
def load(paths: tuple[Path, ...], replace: bool, **kw: Any) -> None:
    """データセットを Neo4j に書き込む (load dataset folders into Neo4j, one transaction per
    municipality; loading twice changes nothing).

    Every dataset is validated first: a bad one writes nothing. A folder holding dataset
    folders (such as datasets/reports-2018) loads each of them.

    \b
    Example:
      netmap db start
      netmap load datasets/zama datasets/kunitachi
      netmap load datasets/* --replace
    """
    from netmap.io.dataset import dataset_paths, load_dataset

    try:
        nets = [load_dataset(p) for p in dataset_paths(paths)]
    except NetmapError as exc:
        fail(str(exc))
    total = sum(n.graph.number_of_nodes() + n.graph.number_of_edges() for n in nets)
    try:
        with connection(kw) as store:
            store.apply_schema()
            with click.progressbar(length=total, label="Neo4j へ書き込み中 (loading)",
                                   file=sys.stderr) as bar:
                # On a terminal the bar owns the line: each result starts a new one.
                brk = "\n" if sys.stderr.isatty() else ""
                for net in nets:
                    r = store.load(net, replace=replace, progress=bar.update)
                    click.echo(f"{brk}{r['name']} ({r['code']}): {r['nodes']} ノード, "
                               f"{r['links']} リンク, {r['seconds']:.2f} s", err=True)
    except NetmapError as exc:
        fail(str(exc))
    click.echo(f"{len(nets)} 自治体を書き込みました (municipalities loaded)")


@cli.command(context_settings=CONTEXT)
@click.argument("code")
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="書き出すフォルダ (dataset folder to write)")
@click.option("--overwrite", is_flag=True, help="既存のフォルダを置き換える (replace OUT)")
@neo4j_options
def pull(code: str, out: Path, overwrite: bool, **kw: Any) -> None:
    """Neo4j からデータセットを書き出す (write a municipality from Neo4j as a dataset folder).

    CODE is the municipality code or slug. load → pull → load is lossless.

    \b
    Example:
      netmap pull 142166 --out /tmp/zama
      netmap pull zama --out datasets/zama --overwrite
    """
    from netmap.io.writer import write_dataset

    try:
        with connection(kw) as store:
            net = store.read_network(code)
        write_dataset(net, out, overwrite=overwrite)
    except FileExistsError as exc:
        fail(str(exc))
    except NetmapError as exc:
        fail(str(exc))
    click.echo(f"{net.name} → {out}")


@cli.group(context_settings=CONTEXT)
def db() -> None:
    """ローカルの Neo4j を起動・停止する (start, stop or check a local Neo4j for netmap).

    \b
    Example:
      NEO4J_PASSWORD=... netmap db start
      netmap db status
      netmap db stop
    """


def _data_dir_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path),
                        default=None, help="データの置き場所 (data directory; default "
                        "$NETMAP_HOME/neo4j or ~/.local/share/netmap/neo4j)")(f)


@db.command("start", context_settings=CONTEXT)
@_data_dir_option
@click.option("--port", default=7687, show_default=True, help="Bolt のポート (Bolt port)")
@click.option("--no-auth", is_flag=True, help="認証なし（テスト用） (no authentication)")
@click.option("--heap", default="2g", show_default=True, help="Java heap")
@click.option("--pagecache", default="512m", show_default=True, help="page cache")
def db_start(data_dir: Path | None, port: int, no_auth: bool, heap: str, pagecache: str) -> None:
    """Neo4j を起動する (start a local Neo4j Community 5.26 on 127.0.0.1).

    The password is read from NEO4J_PASSWORD (never from the command line). Jars come from
    Maven Central on first start.

    \b
    Example:
      NEO4J_PASSWORD=... netmap db start --data-dir ~/netmap-db
      netmap db start --no-auth --port 17687
    """
    import os

    from netmap.store import server

    password = None if no_auth else os.environ.get("NEO4J_PASSWORD")
    if not no_auth and not password:
        fail("NEO4J_PASSWORD を設定するか --no-auth を付けてください "
             "(set NEO4J_PASSWORD, or use --no-auth)")
    try:
        state = server.start(data_dir or server.default_data_dir(), port=port, password=password,
                             auth=not no_auth, heap=heap, pagecache=pagecache)
    except NetmapError as exc:
        fail(str(exc))
    click.echo(f"起動しました (started): {state['uri']}  data: {state['data_dir']}")


@db.command("stop", context_settings=CONTEXT)
@_data_dir_option
def db_stop(data_dir: Path | None) -> None:
    """Neo4j を停止する (stop the local Neo4j).

    \b
    Example:
      netmap db stop
    """
    from netmap.store import server

    try:
        state = server.stop(data_dir or server.default_data_dir())
    except NetmapError as exc:
        fail(str(exc))
    click.echo(f"停止しました (stopped): {state.get('data_dir', '')}")


@db.command("status", context_settings=CONTEXT)
@_data_dir_option
def db_status(data_dir: Path | None) -> None:
    """Neo4j の状態 (is the local Neo4j running, where, on which port).

    \b
    Example:
      netmap db status
    """
    from netmap.store import server

    state = server.status(data_dir or server.default_data_dir())
    if state.get("running"):
        click.echo(f"稼働中 (running): {state['uri']}  pid {state['pid']}  "
                   f"data: {state['data_dir']}")
    else:
        click.echo(f"停止中 (not running)  data: {state.get('data_dir', '')}")
        sys.exit(3)


# Commands grouped by topic live in their own modules and register themselves on `cli`.
import netmap.cli_national  # noqa: E402,F401
import netmap.cli_report  # noqa: E402,F401
import netmap.cli_workflow  # noqa: E402,F401


def main() -> None:
    """Entry point of the ``netmap`` console script."""
    try:
        cli(standalone_mode=True)
    except ValidationError as exc:  # pragma: no cover - commands turn these into ClickException
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
