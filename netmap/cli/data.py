"""Dataset commands: ``validate``, ``template``, ``extract``, ``synth`` and ``export``.

Each is thin: it calls one function of :mod:`netmap.io` (dataset, workbook, extract, synth,
export, formats) and says what it wrote. A :class:`~netmap.errors.NetmapError` reaches the
group in :mod:`netmap.cli`, which prints ``Error: …`` and exits 1.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from netmap.cli.options import CONTEXT, fail, lang_of, network_source
from netmap.errors import problems_summary
from netmap.model import Network
from netmap.strings import t

__all__ = ["validate", "template", "extract", "synth", "export", "run_export", "EXPORT_FORMATS"]

#: Every ``--format`` of ``netmap export``: node-link JSON plus the formats of formats.py.
EXPORT_FORMATS = ("json", "graphml", "gexf", "csv", "hsds")


@click.command(context_settings=CONTEXT)
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
    from netmap.io.dataset import missing_evidence
    from netmap.io.dataset import validate as validate_raw
    from netmap.io.tables import read_raw

    raw = read_raw(path)
    net, problems = validate_raw(raw)
    warnings = net.warnings if net is not None else missing_evidence(raw)
    for w in warnings:
        click.echo(f"注意 (warning): {w}", err=True)
    if problems:
        for p in problems:
            click.echo(str(p), err=True)
        fail(problems_summary(len(problems), path))
    assert net is not None
    n = net.graph.number_of_nodes()
    click.echo(f"OK: {net.name} ({net.code or 'コード未設定'}) — {n} ノード, "
               f"{net.graph.number_of_edges()} リンク")


@click.command(context_settings=CONTEXT)
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
    source = load_dataset(from_path) if from_path is not None else None
    write_template(out, source, lang=lang_of(ctx))
    click.echo(t("cli.wrote", lang_of(ctx), path=out))


@click.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "-o", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="出力フォルダ (one dataset folder per report is written here)")
@click.option("--min-confidence", type=click.Choice(["low", "medium", "high", "低", "中", "高"]),
              default="low", show_default=True,
              help="この確からしさ以上の行だけ書く (write only rows at this confidence or above; "
                   "high rows are >= 95 % right on the evaluation)")
@click.option("--overwrite", is_flag=True,
              help="netmap が書いた既存の報告フォルダを置き換える (replace report folders netmap wrote)")
def extract(file: Path, out: Path, min_confidence: str, overwrite: bool) -> None:
    """報告書から下書きデータセットを作る (extract draft datasets from MHLW model-project
    reports: text of 地域力強化推進事業 / 多機関協働事業 report sheets).

    Every row carries the report lines it came from and a confidence (high/medium/low) for
    review; municipality.yaml is marked draft: true.

    \b
    Example:
      netmap extract datasets/sources/004_reports_visible.txt --out datasets/reports-2018
      netmap extract reports.txt --out drafts --min-confidence high --overwrite
    """
    import time

    from netmap.io.extract import extract_reports, write_datasets

    level = {"低": "low", "中": "medium", "高": "high"}.get(min_confidence, min_confidence)
    t0 = time.perf_counter()
    written = write_datasets(extract_reports(file), out, min_confidence=level,
                             overwrite=overwrite)
    for path in written:
        click.echo(str(path))
    click.echo(f"{len(written)} 件のデータセットを書き出しました (datasets written) "
               f"in {time.perf_counter() - t0:.1f} s", err=True)


@click.command(context_settings=CONTEXT)
@click.option("--municipalities", "-n", default=1741, show_default=True,
              type=click.IntRange(1, 14_100), help="自治体の数 (number of municipalities)")
@click.option("--seed", default=0, show_default=True, help="乱数の種 (random seed)")
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="出力フォルダ (one dataset folder per municipality is written here)")
@click.option("--overwrite", is_flag=True,
              help="netmap が前に書いた同名のフォルダを置き換える (replace synth-NNNN folders "
                   "netmap wrote before)")
def synth(municipalities: int, seed: int, out: Path, overwrite: bool) -> None:
    """合成データセットを作る (write realistic synthetic municipalities for tests and
    benchmarks; marked synthetic: true).

    Sizes follow Japan's 1,741 municipalities (2020 census); the same seed gives the same
    files byte for byte. An existing synth-NNNN folder is replaced only with --overwrite and
    only if netmap wrote it.

    \b
    Example:
      netmap synth --municipalities 20 --seed 0 --out /tmp/synth
      netmap synth --out /tmp/japan
    """
    from netmap.synth import write_synth

    start = time.perf_counter()
    folders = write_synth(out, municipalities, seed, overwrite=overwrite,
                          notify=lambda line: click.echo(line, err=True))
    click.echo(f"{len(folders)} 件の合成データセットを {out} に書き出しました "
               f"({len(folders)} datasets written, {time.perf_counter() - start:.1f} s)")


def run_export(net: Network, fmt: str | None, out: Path | None,
               redact: bool | None = None, overwrite: bool = False) -> str | None:
    """What ``netmap export`` does: JSON to stdout/file, other formats to ``out``.

    Returns the JSON text when ``fmt`` is ``json`` and ``out`` is None (to be echoed), else
    None. Other formats need ``out`` (they are files: a zip, or a folder for ``hsds``).
    ``fmt`` None means: from the extension of ``out`` (JSON when there is no ``out``); a
    ``--format`` that the extension contradicts is refused. ``redact`` None means the
    format's default (:data:`netmap.io.export.REDACT_BY_DEFAULT`).
    """
    from netmap.io.export import (
        FORMATS,
        REDACT_BY_DEFAULT,
        export_network,
        format_from_path,
        write_json,
    )

    fmt = format_from_path(out, fmt, FORMATS) if out is not None else (fmt or "json")
    if fmt == "json" and out is None:
        return write_json(net, None, redact=bool(redact))
    if out is None:
        fail(f"--format {fmt} には -o/--out が必要です (needs an output file: -o FILE)")
    export_network(net, out, fmt, redact=REDACT_BY_DEFAULT[fmt] if redact is None else redact,
                   overwrite=overwrite)
    return None


@click.command(context_settings=CONTEXT)
@network_source
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default=None,
              help="出力形式 (output format; default: from the -o extension, else json)")
@click.option("-o", "--out", type=click.Path(path_type=Path),
              help="出力先 (output; json: default standard output; hsds: .zip or a folder)")
@click.option("--redact/--no-redact", default=None,
              help="氏名・電話・メールを除く (remove personal data; default on for graphml "
                   "and gexf, the formats for cloud tools, off for json, csv, hsds)")
@click.option("--overwrite", is_flag=True,
              help="hsds のフォルダを置き換える (replace an hsds folder netmap wrote before)")
def export(net: Network, fmt: str | None, out: Path | None, redact: bool | None,
           overwrite: bool) -> None:
    """ネットワークを書き出す (export: node-link JSON, GraphML, GEXF 1.3, CSV zip, HSDS 3.1).

    \b
    Example:
      netmap export datasets/zama -o zama.json
      netmap export datasets/zama -o zama.graphml
      netmap export datasets/zama -o zama.gexf --no-redact
      netmap export datasets/zama --format csv -o zama.zip
      netmap export datasets/zama --format hsds -o zama-hsds.zip
    """
    text = run_export(net, fmt, out, redact, overwrite)
    if text is not None:
        click.echo(text)
