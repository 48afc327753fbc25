"""Top-level entry: ``python cli.py …`` is the same as the installed ``netmap`` command."""

from netmap.cli import cli, main

__all__ = ["cli", "main"]

if __name__ == "__main__":
    main()
