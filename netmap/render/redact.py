"""Redaction for the pictures and pages: the scrubbing of :mod:`netmap.redact`, per graph.

Used by the map (:mod:`netmap.render.map`), the picture (:mod:`netmap.render.picture`) and the
report (:mod:`netmap.render.report`), so the three remove the same things — and the same as
``--redact`` everywhere else, because the rules live once, in :mod:`netmap.redact`: personal
columns by name (:func:`netmap.redact.is_personal_key`), the listed contacts in any spacing,
a surname or given name with an honorific, phones with any dash, e-mails.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx

from netmap.redact import (
    REDACTED_EMAIL,
    REDACTED_NAME,
    REDACTED_PHONE,
    contact_names,
    is_personal_key,
    scrubber,
)

__all__ = ["redactor", "identity", "is_personal_key", "REDACTED_NAME", "REDACTED_PHONE",
           "REDACTED_EMAIL"]


def redactor(G: nx.MultiDiGraph[Any]) -> Callable[[str], str]:
    """Return a function that removes the graph's listed people, phone numbers and e-mails
    from a text (:func:`netmap.redact.scrubber` over the graph's contact names).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", contact_name="座間 太郎")
    >>> scrub = redactor(G)
    >>> scrub("担当 座間太郎 046-252-7717 taro@example.jp 2025-04-01")
    '担当 ［氏名削除］ ［電話番号削除］ ［メール削除］ 2025-04-01'
    """
    return scrubber(contact_names(G))


def identity(text: str) -> str:
    """Leave ``text`` as it is (no redaction)."""
    return text
