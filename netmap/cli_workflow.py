"""The coordinator's commands: ``netmap template`` and ``netmap stale``, plus the export helper.

Registered on the ``netmap`` group when this module is imported (``netmap.cli`` imports it).
Each command is thin: it calls one function of :mod:`netmap.io.workbook`,
:mod:`netmap.io.formats` or :mod:`netmap.analysis.stale` and prints the result.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from netmap.cli import CONTEXT, cli, emit_rows, fail, lang_of, network_source, output_options
from netmap.errors import NetmapError

__all__ = ["template", "stale_command", "run_export", "EXPORT_FORMATS"]

#: Every ``--format`` of ``netmap export``: node-link JSON plus the formats of formats.py.
EXPORT_FORMATS = ("json", "graphml", "gexf", "csv", "hsds")


def run_export(net: Any, fmt: str, out: Path | None) -> str | None:
    """What ``netmap export`` does: JSON to stdout/file, other formats to ``out``.

    Returns the JSON text when ``fmt`` is ``json`` and ``out`` is None (to be echoed), else
    None. Other formats need ``out`` (they are files: a zip, or a folder for ``hsds``).
    """
    if fmt == "json":
        from netmap.io.export import write_json

        text = write_json(net, out)
        return text if out is None else None
    if out is None:
        fail(f"--format {fmt} には -o/--out が必要です (needs an output file: -o FILE)")
    from netmap.io.formats import export_graph

    try:
        export_graph(net, out, fmt)  # type: ignore[arg-type]
    except NetmapError as exc:
        fail(str(exc))
    return None


@cli.command(context_settings=CONTEXT)
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "from_path", type=click.Path(exists=True, path_type=Path),
              help="既存のデータセットで埋める (prefill from a dataset folder or .xlsx)")
@click.option("--force", is_flag=True, help="既存のファイルを上書きする (overwrite OUT)")
@click.pass_context
def template(ctx: click.Context, out: Path, from_path: Path | None, force: bool) -> None:
    """入力用の Excel テンプレートを作る (write the Excel input template).

    One sheet per table with drop-down lists and a 説明 (instructions) sheet. Fill it in,
    then check it with netmap validate.

    \b
    Example:
      netmap template 座間市.xlsx
      netmap template 座間市.xlsx --from datasets/zama
      netmap validate 座間市.xlsx
    """
    from netmap.io.dataset import load_dataset
    from netmap.io.workbook import write_template

    if out.suffix.lower() != ".xlsx":
        fail(f"出力は .xlsx にしてください (OUT must end in .xlsx: {out})")
    if out.exists() and not force:
        fail(f"{out} は既にあります。上書きするなら --force (exists; use --force to overwrite)")
    try:
        source = load_dataset(from_path) if from_path is not None else None
    except NetmapError as exc:
        fail(str(exc))
    write_template(out, source, lang=lang_of(ctx))
    click.echo(f"作成しました (written): {out}")


_STALE_HEADERS = {"table": "表", "id": "ID", "name": "名称", "assured_date": "確認日",
                  "age_days": "経過日数", "reason": "理由"}
_STALE_HEADERS_EN = {"table": "table", "id": "id", "name": "name",
                     "assured_date": "assured date", "age_days": "age (days)",
                     "reason": "reason"}
_REASONS = {"missing": "確認日なし", "old": "古い"}


@cli.command("stale", context_settings=CONTEXT)
@network_source
@click.option("--older-than", default="1y", show_default=True, metavar="AGE",
              help="この期間より前の確認を古いとみなす (30d, 6m, 1y, 18m)")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="基準日 (reference date, YYYY-MM-DD; default today)")
@output_options
@click.pass_context
def stale_command(ctx: click.Context, net: Any, older_than: str, today: dt.datetime | None,
                  fmt: str) -> None:
    """確認日が古い・ない行を一覧する (rows whose assured_date is missing or old).

    Lists organisations, programs, meetings and roles to re-check, oldest first, then those
    never checked.

    \b
    Example:
      netmap stale datasets/zama
      netmap stale datasets/zama --older-than 6m --csv
      netmap stale 座間市.xlsx --older-than 18m --today 2025-04-01
    """
    from netmap.analysis.stale import stale

    try:
        rows = stale(net, older_than, today.date() if today else None)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--older-than") from exc
    en = lang_of(ctx) == "en"
    if fmt == "table" and not en:
        rows = [{**r, "reason": _REASONS.get(r["reason"], r["reason"])} for r in rows]
    emit_rows(rows, fmt, _STALE_HEADERS_EN if en else _STALE_HEADERS)
