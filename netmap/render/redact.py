"""Redaction: person names, phone numbers and e-mail addresses out of every text we write.

Used by the map (:mod:`netmap.render.map`), the picture (:mod:`netmap.render.picture`) and the
report (:mod:`netmap.render.report`), so the three remove the same things.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import networkx as nx

__all__ = ["redactor", "identity", "SENSITIVE_KEYS", "REDACTED_NAME", "REDACTED_PHONE",
           "REDACTED_EMAIL"]

#: Attributes removed from every node, edge and the graph when redacting.
SENSITIVE_KEYS = frozenset({"contact_name", "phone", "email", "fax", "mobile", "tel"})
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+\s*[@＠]\s*[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_DIGIT = "0-9０-９"
_SEP = r"[\-－‐―ー−()（）\s.．]"
_PHONE_RE = re.compile(
    rf"(?<![{_DIGIT}])[(（]?(?:(?:\+|＋)81{_SEP}{{0,2}}|[0０])[{_DIGIT}]{{1,4}}{_SEP}{{0,2}}"
    rf"[{_DIGIT}]{{1,4}}{_SEP}{{0,2}}[{_DIGIT}]{{3,4}}(?![{_DIGIT}])"
)
REDACTED_NAME = "［氏名削除］"
REDACTED_PHONE = "［電話番号削除］"
REDACTED_EMAIL = "［メール削除］"



def redactor(G: nx.MultiDiGraph[Any]) -> Callable[[str], str]:
    """Return a function that removes person names, phone numbers and e-mails from text.

    Names are the ``contact_name`` values found anywhere in the graph (node, edge and graph
    attributes), with and without their inner spaces; phone numbers are Japanese forms
    (``046-252-7717``, ``046(252)7717``, ``0462527717``, ``+81-46-…``, full-width digits)
    with at least 9 digits; e-mails are ``local@domain.tld`` (also with ``＠``).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", contact_name="座間 太郎")
    >>> scrub = redactor(G)
    >>> scrub("担当 座間太郎 046-252-7717 taro@example.jp 2025-04-01")
    '担当 ［氏名削除］ ［電話番号削除］ ［メール削除］ 2025-04-01'
    """
    names: set[str] = set()
    sources: list[dict[str, Any]] = [G.graph, *(a for _, a in G.nodes(data=True))]
    sources += [a for _, _, a in G.edges(data=True)]
    for attrs in sources:
        value = attrs.get("contact_name")
        values = value if isinstance(value, list | tuple) else [value]
        for v in values:
            if v is None or (isinstance(v, float) and math.isnan(v)):
                continue
            for part in re.split(r"[;；、,，/／]", str(v)):
                part = part.strip()
                if len(part) >= 2:
                    names.add(part)
                    names.add(re.sub(r"[\s\u3000]+", "", part))
    ordered = sorted(names, key=len, reverse=True)

    def phone(match: re.Match[str]) -> str:
        digits = sum(ch.isdigit() for ch in match.group(0))
        return REDACTED_PHONE if digits >= 9 else match.group(0)

    def scrub(text: str) -> str:
        for name in ordered:
            text = text.replace(name, REDACTED_NAME)
        text = _EMAIL_RE.sub(REDACTED_EMAIL, text)
        return _PHONE_RE.sub(phone, text)

    return scrub


def identity(text: str) -> str:
    """Leave ``text`` as it is (no redaction)."""
    return text
