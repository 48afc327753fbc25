"""The ``netmap`` command: one thin click command per verb over the library.

Each command reads a network (a dataset folder, an ``.xlsx`` workbook, or ``--neo4j CODE``),
calls one library function that returns plain data, and prints it: a Japanese table by
default, ``--json`` or ``--csv`` on request. Exit codes: 0 ok, 1 bad input (``Error: …``),
2 usage error (including two output flags at once).

The package is laid out so that imports run one way::

    netmap/cli/__init__.py   the group, main(); registers the commands below
    netmap/cli/options.py    shared options, the output decorator, printers
    netmap/cli/data.py       validate, template, extract, synth, export
    netmap/cli/analyse.py    show, gaps, brokers, who, stale
    netmap/cli/draw.py       map, report
    netmap/cli/national.py   compare, diff
    netmap/cli/neo4j.py      load, pull, db start|stop|status

Topic modules import only :mod:`netmap.cli.options`; this module imports them. Every
:class:`~netmap.errors.NetmapError` a command lets through becomes ``Error: …`` and exit
code 1 in one place, :meth:`NetmapGroup.invoke`.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import click

from netmap import __version__
from netmap.cli import analyse, data, draw, national, neo4j
from netmap.cli.options import CONTEXT, add_lang_option
from netmap.errors import NetmapError, ValidationError

__all__ = ["cli", "main", "NetmapGroup"]


class NetmapGroup(click.Group):
    """A click group that turns any :class:`~netmap.errors.NetmapError` into ``Error: …``
    on standard error and exit code 1 (the message names file, row and column when the error
    does); subgroups such as ``db`` run inside it, so they are covered too."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ValidationError as exc:  # the problems, then the line `validate` ends with
            for p in exc.problems:
                click.echo(str(p), err=True)
            raise click.ClickException(exc.summary) from exc
        except NetmapError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=NetmapGroup, context_settings=CONTEXT)
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


for _command in (data.validate, data.template, data.extract, data.synth, data.export,
                 analyse.show, analyse.gaps, analyse.brokers, analyse.who, analyse.stale,
                 draw.map_command, draw.report, draw.overview, national.compare, national.diff,
                 neo4j.load, neo4j.pull, neo4j.db):
    add_lang_option(_command)
    cli.add_command(_command)


class _SafeTerminal:
    """A stream that shows control characters as ``\\x1b``-style escapes.

    A name read from Neo4j or typed into a file could hold ESC or OSC sequences that move the
    cursor, retitle the window or hide text; printed raw they rewrite the user's terminal.
    Datasets refuse them on input (:mod:`netmap.io.limits`); this guards what still reaches a
    terminal. Newline, tab and carriage return pass.
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return int(self._stream.write(escape_controls(text)))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def escape_controls(text: str) -> str:
    r"""``text`` with control characters (but newline, tab, CR) as visible escapes.

    >>> escape_controls("座間\x1b]0;pwned\x07市\n")
    '座間\\x1b]0;pwned\\x07市\n'
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                        else f"\\u{ord(m.group()):04x}", text)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def main() -> None:
    """Entry point of the ``netmap`` console script and of ``python -m netmap``.

    On a terminal, output goes through :class:`_SafeTerminal`.
    """
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and stream.isatty():
            setattr(sys, name, _SafeTerminal(stream))
    cli(prog_name="netmap")
