"""Top-level entry: ``python cli.py …`` is the same as the installed ``netmap`` command.

It only re-exports :mod:`netmap.cli`; the commands live in the ``netmap/cli/`` package.
"""

from netmap.cli import cli, main

__all__ = ["cli", "main"]

if __name__ == "__main__":
    main()
