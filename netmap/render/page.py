"""The one loader of page templates: every HTML page netmap writes is built from
``netmap/render/templates/`` here (the map, the report and the comparison).

A template holds ``{{name}}`` slots; :func:`fill` replaces each with a string the caller has
already escaped for its place (HTML text, a ``<style>`` body or a ``<script>`` body — see
:func:`script_json` and :func:`inline_script`). A slot without a value is an error, so a page
cannot ship with a hole in it.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["template", "fill", "script_json", "inline_script", "vis_asset"]

_TEMPLATES = Path(__file__).with_name("templates")
_SLOT = re.compile(r"\{\{(\w+)\}\}")


@lru_cache(maxsize=32)
def template(name: str) -> str:
    """The text of ``templates/<name>`` (UTF-8)."""
    return (_TEMPLATES / name).read_text(encoding="utf-8")


def fill(name: str, **parts: str) -> str:
    """Template ``name`` with every ``{{slot}}`` replaced by ``parts[slot]``.

    Raises
    ------
    KeyError
        When the template has a slot that ``parts`` does not fill.

    Examples
    --------
    >>> fill("report.html", lang="ja", title="t", css="", body="<p>x</p>").count("<p>x</p>")
    1
    """
    return _SLOT.sub(lambda m: parts[m.group(1)], template(name))


def script_json(obj: Any) -> str:
    r"""Serialise ``obj`` as JSON that is safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\u003c``, ``\u003e`` and ``\u0026``, so a value holding
    ``</script>`` or ``<!--`` cannot end or change the script element; JSON.parse reads them
    back unchanged. NaN has no JSON form and must be replaced before.

    Examples
    --------
    >>> script_json({"name": "</script><b>"})
    '{"name": "\\u003c/script\\u003e\\u003cb\\u003e"}'
    """
    text = json.dumps(obj, ensure_ascii=False, allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def inline_script(js: str) -> str:
    """Make ``js`` safe to sit inside ``<script>…</script>``."""
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE).replace("<!--", "<\\!--")


@lru_cache(maxsize=4)
def vis_asset(name: str) -> str:
    """Read vis-network 9.1.2 (``name``) from the installed pyvis package; licence kept."""
    import pyvis

    path = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:  # pragma: no cover - depends on the installed pyvis
        raise RuntimeError(
            f"vis-network is not where pyvis keeps it: {path} ({exc}); "
            "reinstall pyvis>=0.3.2"
        ) from exc
