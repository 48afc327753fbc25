"""Pictures and pages: ``netmap map`` (interactive map, PNG/SVG) and ``netmap report``
(the printable one-page handout).

Thin: each reads the network, calls :mod:`netmap.render` and says where the file went.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from netmap.cli.options import CONTEXT, fail, lang_of, network_source
from netmap.model import Network
from netmap.strings import t

__all__ = ["map_command", "report", "overview"]


@click.command("map", context_settings=CONTEXT)
@network_source
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="出力ファイル: 拡張子で形式が決まる (output file; .html, .png or .svg "
              "chooses the format)")
@click.option("--format", "fmt", type=click.Choice(["html", "png", "svg"]), default=None,
              help="html: 操作できる地図 (interactive); png/svg: 配布用の図 (default: from the "
              "extension of -o; a contradicting extension is refused)")
@click.option("--size-by", type=click.Choice(["degree", "betweenness", "brokerage"]),
              default="degree", show_default=True, help="ノードの大きさ (node size measure)")
@click.option("--redact", is_flag=True, help="個人名・電話番号・メールを取り除く "
              "(remove person names, phone numbers and e-mail addresses)")
@click.option("--no-analysis", is_flag=True, help="すき間・つなぎ役の印を付けない "
              "(skip gap and broker marks)")
@click.option("--seed", default=1, show_default=True, help="配置の乱数の種 (layout seed)")
@click.option("--who", "who_needs", default=None, metavar="NEEDS",
              help="このニーズのチームを表示して開く (open with the team for these needs, "
              "comma-separated: 住まい,債務)")
@click.option("--aggregate/--no-aggregate", default=None,
              help="分野ごとにまとめて開く (open grouped by sector, expand on click; "
              "default: above 300 nodes)")
@click.option("--renderer", type=click.Choice(["auto", "vis", "webgl"]), default="auto",
              show_default=True, help="html の描き方: vis = ワークショップ用の地図, webgl = 大きな"
              "ネットワークの全体図; auto は 5,000 ノードを超えると webgl (vis: the workshop map; "
              "webgl: the overview for big networks; auto picks webgl above 5,000 nodes)")
@click.pass_context
def map_command(ctx: click.Context, net: Network, out: Path, fmt: str | None, size_by: str,
                redact: bool, no_analysis: bool, seed: int, who_needs: str | None,
                aggregate: bool | None, renderer: str) -> None:
    """ワークショップ用の地図を描く (draw an interactive offline map, or a PNG/SVG picture).

    One self-contained UTF-8 HTML file: open it in a browser with no network. Colour by
    sector, shape by kind; search, filter by need or sector, click to focus; gaps and brokers
    highlighted. Language follows `netmap --lang`.

    \b
    Example:
      netmap map datasets/zama -o zama.html
      netmap --lang en map datasets/zama -o zama-en.html --size-by betweenness
      netmap map datasets/zama -o zama.png --redact
      netmap map datasets/zama -o zama-team.html --who 住まい,債務
    """
    from netmap.analysis.marks import analyse
    from netmap.io.export import format_from_path
    from netmap.render import write_map, write_picture
    from netmap.render.overview import OVERVIEW_ABOVE, render_overview

    fmt = format_from_path(out, fmt)
    if who_needs and fmt != "html":
        fail("--who はチームを選べる html の地図でだけ使えます (--who highlights the team on the "
             "interactive html map only; for a printed answer use netmap report --who)")
    if redact:  # on the network itself, before anything is drawn (netmap.redact)
        from netmap.redact import redact_network

        net = redact_network(net)
    if fmt == "html" and (renderer == "webgl" or (
            renderer == "auto" and net.graph.number_of_nodes() > OVERVIEW_ABOVE)):
        render_overview(net, out, lang=lang_of(ctx))
        click.echo(f"全体図 (overview map, WebGL): {out}")
        return
    analysis = None if no_analysis else analyse(net)
    lang = lang_of(ctx)
    team = None
    if who_needs:
        from netmap.analysis.who import who

        team = who(net, [x.strip() for x in who_needs.replace("、", ",").split(",") if x.strip()])
    try:
        if fmt == "html":
            write_map(net, out, size_by=size_by, analysis=analysis, lang=lang,
                      redact=redact, seed=seed, who=team, aggregate=aggregate)
        else:
            write_picture(net, out, fmt=fmt, analysis=analysis, lang=lang, redact=redact,
                          seed=seed)
    except (OSError, RuntimeError) as exc:
        fail(f"地図を書けませんでした (could not write the map): {exc}")
    click.echo(t("cli.wrote_map", lang, path=out))


@click.command("report", context_settings=CONTEXT)
@network_source
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="出力する HTML ファイル (output HTML file)")
@click.option("--redact", is_flag=True,
              help="氏名・電話番号・メールを載せない (leave out contact names, phones, e-mail)")
@click.option("--paper", type=click.Choice(["A4", "A3"], case_sensitive=False), default="A4",
              show_default=True, help="印刷用紙 (paper size for printing)")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="作成日として印字する日付 (date printed on the page, YYYY-MM-DD; default today)")
@click.option("--who", "who_needs", default=None, metavar="NEEDS",
              help="このニーズに対応できるチームを載せる (add the best teams for these needs, "
              "comma-separated: 住まい,債務)")
@click.pass_context
def report(ctx: click.Context, net: Network, out: Path, redact: bool, paper: str,
           today: dt.datetime | None, who_needs: str | None) -> None:
    """会議資料用の印刷ページを作る (printable handout: map, gaps, brokers, demand, sources).

    One self-contained HTML file with no outside resources; open it in a browser and print
    (A4 by default). English with netmap --lang en report ….

    \b
    Example:
      netmap report datasets/zama -o zama-report.html
      netmap report datasets/zama -o zama-report.html --redact --paper A3
      netmap --lang en report datasets/zama -o zama-report-en.html
      netmap report datasets/zama -o case.html --who 住まい,債務
    """
    from netmap.render.report import write_report

    if redact:  # on the network itself, before anything is drawn (netmap.redact)
        from netmap.redact import redact_network

        net = redact_network(net)
    team = None
    if who_needs:
        from netmap.analysis.who import who

        team = who(net, [x.strip() for x in who_needs.replace("、", ",").split(",") if x.strip()])
    try:
        path = write_report(net, out, lang=lang_of(ctx), redact=redact,
                            today=today.date() if today else None, paper=paper.upper(),
                            who=team)
    except OSError as exc:
        fail(f"{out} に書き出せません (cannot write the report): {exc}")
    click.echo(t("cli.wrote", lang_of(ctx), path=path))


@click.command("overview", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="出力する HTML ファイル (output HTML file)")
@click.option("--labels", default=30, show_default=True,
              help="最初に名前を出すノードの数 (about how many names show before zooming in)")
@click.option("--skip-invalid", is_flag=True,
              help="読めないデータセットを飛ばす (leave out datasets that do not validate)")
@click.pass_context
def overview(ctx: click.Context, paths: tuple[Path, ...], out: Path, labels: int,
             skip_invalid: bool) -> None:
    """県・全国の全体図を描く (one WebGL overview map of many municipalities).

    One self-contained HTML file (sigma.js, no network needed): one disc per municipality,
    grouped by prefecture, colour by sector; search by name, click for details. For 20,000 to
    100,000 nodes, where the workshop map (netmap map) becomes slow.

    \b
    Example:
      netmap overview datasets -o datasets-overview.html
      netmap --lang en overview .netmap/bench/japan -o japan.html --skip-invalid
    """
    from netmap.cli.national import _load_all
    from netmap.io.dataset import dataset_paths
    from netmap.render.overview import render_overview

    nets = _load_all(dataset_paths(paths), skip_invalid)
    render_overview(nets, out, lang=lang_of(ctx), max_labels=labels)
    click.echo(f"全体図 (overview map): {out} ({len(nets)} 自治体 municipalities)")
