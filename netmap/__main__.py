"""``python -m netmap …`` is the ``netmap`` command."""

from __future__ import annotations

from netmap.cli import main

if __name__ == "__main__":
    main()
