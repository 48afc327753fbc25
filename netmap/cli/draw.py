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

__all__ = ["map_command", "report"]


@click.command("map", context_settings=CONTEXT)
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
@click.option("--who", "who_needs", default=None, metavar="NEEDS",
              help="このニーズのチームを表示して開く (open with the team for these needs, "
              "comma-separated: 住まい,債務)")
@click.option("--aggregate/--no-aggregate", default=None,
              help="分野ごとにまとめて開く (open grouped by sector, expand on click; "
              "default: above 300 nodes)")
@click.pass_context
def map_command(ctx: click.Context, net: Network, out: Path, fmt: str, size_by: str,
                redact: bool, no_analysis: bool, seed: int, who_needs: str | None,
                aggregate: bool | None) -> None:
    """ワークショップ用の地図を描く (draw an interactive offline map, or a PNG/SVG picture).

    One self-contained UTF-8 HTML file: open it in a browser with no network. Colour by
    sector, shape by kind; search, filter by need or sector, click to focus; gaps and brokers
    highlighted. Language follows `netmap --lang`.

    \b
    Example:
      netmap map datasets/zama -o zama.html
      netmap --lang en map datasets/zama -o zama-en.html --size-by betweenness
      netmap map datasets/zama -o zama.png --format png --redact
      netmap map datasets/zama -o zama-team.html --who 住まい,債務
    """
    from netmap.analysis.marks import analyse
    from netmap.render import write_map, write_picture

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
    click.echo(f"地図 (map): {out}")


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
@click.pass_context
def report(ctx: click.Context, net: Network, out: Path, redact: bool, paper: str,
           today: dt.datetime | None) -> None:
    """会議資料用の印刷ページを作る (printable handout: map, gaps, brokers, demand, sources).

    One self-contained HTML file with no outside resources; open it in a browser and print
    (A4 by default). English with netmap --lang en report ….

    \b
    Example:
      netmap report datasets/zama -o zama-report.html
      netmap report datasets/zama -o zama-report.html --redact --paper A3
      netmap --lang en report datasets/zama -o zama-report-en.html
    """
    from netmap.render.report import write_report

    try:
        path = write_report(net, out, lang=lang_of(ctx), redact=redact,
                            today=today.date() if today else None, paper=paper.upper())
    except OSError as exc:
        fail(f"{out} に書き出せません (cannot write the report): {exc}")
    click.echo(f"作成しました (written): {path}")
