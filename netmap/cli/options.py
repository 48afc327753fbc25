"""What every ``netmap`` command shares: help settings, the network source, Neo4j options, and
the one output decorator (``--json`` / ``--csv`` / ``--table``) with its printers.

Topic modules (:mod:`netmap.cli.data`, :mod:`netmap.cli.analyse`, …) import only this module,
never the package ``__init__``, so the package has no import circle: ``netmap.cli`` imports the
topic modules and registers their commands on the group.
"""

from __future__ import annotations

import functools
import json
import os
import stat
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

if TYPE_CHECKING:
    from netmap.store.neo4j import Store

__all__ = ["CONTEXT", "FORMATS", "fail", "lang_of", "add_lang_option", "neo4j_options", "connection",
           "network_source", "redactable", "output_options", "emit_json", "emit_rows"]

#: Context settings of every command: ``-h`` as well as ``--help``, 100 columns of help.
CONTEXT: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

#: The output formats of listing commands, as flags, with their help.
FORMATS: dict[str, str] = {"json": "JSON で出力 (JSON output)",
                           "csv": "CSV で出力 (CSV output)",
                           "table": "読みやすい表 (readable table; default)"}

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str) -> NoReturn:
    """Stop with ``Error: message`` and exit code 1."""
    raise click.ClickException(message)


def lang_of(ctx: click.Context) -> str:
    """The display language: the command's own ``--lang``, else the group's (``netmap --lang``
    / ``NETMAP_LANG``)."""
    return str((ctx.find_root().obj or {}).get("lang", "ja"))


def _set_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    """``--lang`` given after the command overrides the group's (which ran first)."""
    if value:
        ctx.find_root().ensure_object(dict)["lang"] = value


def add_lang_option(command: click.Command) -> None:
    """Give ``command`` (and every command of a group) the group's ``--lang``, so both
    ``netmap --lang en map …`` and ``netmap map … --lang en`` work (the README showed the
    second; a new user found it refused)."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            add_lang_option(sub)
        return
    if any("--lang" in p.opts for p in command.params if isinstance(p, click.Option)):
        return
    command.params.append(click.Option(
        ["--lang"], type=click.Choice(["ja", "en"]), default=None, expose_value=False, is_eager=True,
        callback=_set_lang, help="表示言語 (display language; as `netmap --lang`)"))


def neo4j_options(f: F) -> F:
    """``--neo4j-uri/--neo4j-user/--database``; the password only from NEO4J_PASSWORD."""
    f = click.option("--database", envvar="NEO4J_DATABASE", default=None,
                     help="データベース名 (database; env NEO4J_DATABASE).")(f)
    f = click.option("--neo4j-user", envvar="NEO4J_USERNAME", default="neo4j",
                     show_default=True, help="ユーザー名 (env NEO4J_USERNAME).")(f)
    f = click.option("--neo4j-uri", envvar="NEO4J_URI", default="bolt://127.0.0.1:7687",
                     show_default=True,
                     help="Neo4j の URI (env NEO4J_URI). パスワードは環境変数 NEO4J_PASSWORD で。")(f)
    return f


def connection(kw: dict[str, Any]) -> Store:
    """A :class:`netmap.store.neo4j.Store` from the neo4j options (popped from ``kw``)."""
    from netmap.store.neo4j import Store

    return Store.connect(kw.pop("neo4j_uri"), kw.pop("neo4j_user"), database=kw.pop("database"))


def network_source(f: Callable[..., Any]) -> Callable[..., Any]:
    """PATH (folder or .xlsx), or with ``--neo4j`` a municipality code or slug in Neo4j; the
    command receives ``net``. A :class:`~netmap.errors.NetmapError` while reading reaches the
    group, which prints ``Error: …`` and exits 1."""

    @click.argument("path", metavar="PATH|CODE")
    @click.option("--neo4j", "from_neo4j", is_flag=True,
                  help="PATH の代わりに Neo4j の自治体コードかスラッグ (read the municipality "
                  "with this code or slug from Neo4j)")
    @neo4j_options
    @functools.wraps(f)
    def wrapper(*args: Any, path: str, from_neo4j: bool, **kw: Any) -> Any:
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
        return f(*args, net=net, **kw)

    return wrapper


def redactable(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--redact``: the command receives the network without people (:mod:`netmap.redact`).

    Put it below :func:`network_source`, so it receives ``net`` from it. Redaction happens on
    the network once, before anything is computed or printed, so every output of the command
    (table, ``--csv``, ``--json``) is free of personal columns, listed names, phones and
    e-mails.
    """

    @click.option("--redact", is_flag=True,
                  help="個人名・電話番号・メールを出力から取り除く (remove people's names, phone "
                  "numbers and e-mails from every output)")
    @functools.wraps(f)
    def wrapper(*args: Any, net: Any, redact: bool, **kw: Any) -> Any:
        if redact:
            from netmap.redact import redact_network

            net = redact_network(net)
        return f(*args, net=net, **kw)

    return wrapper


def output_options(*formats: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The output flags of a listing command; the command receives ``fmt``.

    ``formats`` are some of ``json``, ``csv``, ``table`` (default: all three); the last one
    is the default. The one rule for every command: two of these flags together are a usage
    error (exit 2), found while the command line is parsed, before anything is read.

    Examples
    --------
    >>> @click.command()
    ... @output_options()
    ... def rows(fmt: str) -> None:
    ...     click.echo(fmt)
    >>> from click.testing import CliRunner
    >>> CliRunner().invoke(rows, ["--csv"]).output
    'csv\\n'
    >>> r = CliRunner().invoke(rows, ["--json", "--csv"])
    >>> r.exit_code, r.output.splitlines()[-1]
    (2, 'Error: --json と --csv は同時に使えません (--json and --csv conflict)')
    """
    chosen = formats or tuple(FORMATS)
    default = chosen[-1]

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(f)
        def wrapper(*args: Any, **kw: Any) -> Any:
            given = [name for name in chosen if kw.pop(f"output_{name}")]
            return f(*args, fmt=given[0] if given else default, **kw)

        for name in reversed(chosen):
            text = FORMATS[name]
            if name == "table" and default != "table":
                text = "読みやすい表 (readable table)"
            elif name == default and name != "table":
                text += " (default)"
            wrapper = click.option(f"--{name}", f"output_{name}", is_flag=True, help=text,
                                   callback=_one_output_flag)(wrapper)
        return wrapper

    return decorate


def _one_output_flag(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    """Parse-time check behind :func:`output_options`: a second output flag is a usage error."""
    if value:
        given: list[str] = ctx.meta.setdefault("netmap.output_flags", [])
        given.append(param.opts[0])
        if len(given) > 1:
            raise click.UsageError(f"{' と '.join(given)} は同時に使えません "
                                   f"({' and '.join(given)} conflict)", ctx=ctx)
    return value


def emit_json(data: Any) -> None:
    """Print ``data`` as indented UTF-8 JSON (dates and other values as strings)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def stdout_is_file() -> bool:
    """True when standard output is redirected to a regular file (``netmap gaps --csv > x.csv``).

    Such a CSV then starts with a UTF-8 BOM, as every CSV netmap writes to a file does
    (:mod:`netmap.io.csvfile`): Excel, which coordinators open it with, reads UTF-8 without a
    BOM as cp932 and shows mojibake. A pipe or a terminal gets no BOM, so ``| grep`` and
    ``| python -c 'csv…'`` see the header as written.
    """
    try:
        return stat.S_ISREG(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation is both
        return False


def emit_rows(rows: Sequence[Mapping[str, Any]], fmt: str,
              headers: Mapping[str, str] | None = None) -> None:
    """Print rows as JSON, CSV, or an aligned table with (Japanese) column titles.

    ``headers`` maps the keys to print, in order, to their titles (the CSV header uses the
    keys); without it every key of the first row is printed. Formatting is
    :func:`netmap.render.text.table_lines` / :func:`~netmap.render.text.csv_text`.
    """
    from netmap.render.text import csv_text, table_lines

    if fmt == "json":
        emit_json(list(rows))
    elif fmt == "csv":
        click.echo(("\ufeff" if stdout_is_file() else "") + csv_text(rows, headers), nl=False)
    else:
        for line in table_lines(rows, headers):
            click.echo(line)
