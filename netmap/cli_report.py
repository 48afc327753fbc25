"""``netmap report``: the printable one-page handout (map, gaps, brokers, demand, sources).

Registered on the ``netmap`` group when this module is imported (``netmap.cli`` imports it).
Thin: it reads the network, calls :func:`netmap.render.report.write_report` and says where the
page went.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from netmap.cli import CONTEXT, cli, fail, lang_of, network_source
from netmap.errors import NetmapError

__all__ = ["report_command"]


@cli.command("report", context_settings=CONTEXT)
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
def report_command(ctx: click.Context, net: Any, out: Path, redact: bool, paper: str,
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
    except (NetmapError, OSError) as exc:
        fail(f"{out} に書き出せません (cannot write the report): {exc}")
    click.echo(f"作成しました (written): {path}")
