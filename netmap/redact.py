"""Redaction: take people out of a network before anything is written or shown.

netmap's datasets hold organisations and roles; a person's name appears only where a public
document names them in an official capacity (``contact_name``), and phone numbers and e-mail
addresses are those of desks. A coordinator still often needs a copy without any of them: a map
projected in an open workshop, a GEXF uploaded to a cloud tool, a CSV mailed to a partner.
``--redact`` does that for **every** output because it works on the network itself, once,
before any renderer or exporter sees it: :func:`redact_network` returns a copy where

1. every *personal column* (:data:`PERSONAL_KEYS`, and any column whose name says it holds a
   person or a contact: 担当者, 氏名, 連絡先, 電話, メール, …) is removed from nodes, links and
   the municipality;
2. every remaining text is scrubbed (:func:`scrubber`): the names of the listed contacts in any
   spacing or separator (佐藤太郎, 佐藤 太郎, 佐藤・太郎), their surname or given name followed by
   an honorific (山田さん, 花子様), phone numbers with any dash (``-``, ``–``, ``ｰ``, ``ー``,
   ``－``) or none, full-width digits and ``+81``; and e-mail addresses, non-ASCII ones too
   (``山田@例え.jp``).

What it cannot know: a name typed in free text that is nowhere listed as a contact and carries
no honorific. Datasets must not hold such names in the first place (docs/FORMAT.md).
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

import networkx as nx

from netmap.model import Network

__all__ = [
    "PERSONAL_KEYS",
    "REDACTED_NAME",
    "REDACTED_PHONE",
    "REDACTED_EMAIL",
    "is_personal_key",
    "contact_names",
    "scrubber",
    "redact_network",
    "redact_rows",
]

#: Columns that hold a person or a personal contact: removed whole.
PERSONAL_KEYS = frozenset({
    "contact_name", "contact", "person", "staff", "phone", "tel", "telephone", "fax", "mobile",
    "email", "mail", "e_mail",
})
#: Parts of a column name that mark it as personal (Japanese and English).
_PERSONAL_PARTS = ("担当者", "氏名", "名前", "連絡先", "電話", "携帯", "ファックス", "ＦＡＸ", "fax",
                   "メール", "mail", "phone", "tel", "contact", "person")
REDACTED_NAME = "［氏名削除］"
REDACTED_PHONE = "［電話番号削除］"
REDACTED_EMAIL = "［メール削除］"

_SEPARATORS = "\\s\u3000・･·‧.,，、\\-‐‑‒–—―−－ｰー_／/"
_HONORIFICS = "(?:さん|様|さま|氏|先生|くん|君|ちゃん|殿)"
_DIGIT = "0-9０-９"
_DASH = "\\-‐‑‒–—―−－ｰー~〜"
_PHONE = re.compile(
    rf"(?<![{_DIGIT}])(?:(?:\+|＋)\s*(?:81|８１)[\s{_DASH}]*[(（]?[{_DIGIT}][)）]?"
    # an area code in brackets takes its opening bracket along: (046)252-7717
    rf"|[(（][0０](?=[{_DIGIT}]{{1,4}}[)）])|[0０])"
    rf"(?:[{_DIGIT}]|[\s{_DASH}.．()（）]){{7,20}}[{_DIGIT}](?![{_DIGIT}])")
_EMAIL = re.compile(r"[\w.%+\-]+\s*[@＠]\s*[\w\-]+(?:\s*[.．。]\s*[\w\-]+)+", re.UNICODE)


def is_personal_key(key: str) -> bool:
    """Whether a column/attribute name holds a person or a personal contact.

    >>> [is_personal_key(k) for k in ("contact_name", "担当者", "電話番号", "name", "area")]
    [True, True, True, False, False]
    """
    low = unicodedata.normalize("NFKC", key).lower()
    return low in PERSONAL_KEYS or any(part.lower() in low for part in _PERSONAL_PARTS)


def _name_pattern(name: str) -> str:
    chars = [c for c in name if not re.match(f"[{_SEPARATORS}]", c)]
    return f"[{_SEPARATORS}]*".join(re.escape(c) for c in chars)


def _names(values: Iterable[str]) -> list[str]:
    """Regex alternatives for each listed person: the full name in any spacing, and the
    surname or given name followed by an honorific."""
    patterns: set[str] = set()
    spellings = set()
    for value in values:
        spellings.update({value, unicodedata.normalize("NFKC", value)})
    for value in spellings:
        for person in re.split(r"[;；、,，/／\n]", value):
            person = person.strip()
            compact = re.sub(f"[{_SEPARATORS}]", "", person)
            if len(compact) < 2:
                continue
            patterns.add(_name_pattern(person))
            parts = [p for p in re.split(r"[\s\u3000・･]+", person) if p]
            if len(parts) < 2 and len(compact) >= 3 and not compact.isascii():
                parts = [compact[:2], compact[2:]]  # most Japanese surnames are two characters
            for part in parts:
                if len(part) >= 1:
                    patterns.add(re.escape(part) + f"[{_SEPARATORS}]*{_HONORIFICS}")
    return sorted(patterns, key=len, reverse=True)


def scrubber(contact_names: Iterable[str]) -> Callable[[str], str]:
    """A function that removes the listed people, phone numbers and e-mails from a text.

    Examples
    --------
    >>> scrub = scrubber(["山田 花子", "佐藤太郎"])
    >>> scrub("佐藤・太郎と山田さん（046–252–7717、ｙａｍａｄａ@例え.jp）")
    '［氏名削除］と［氏名削除］（［電話番号削除］、［メール削除］）'
    >>> scrub("令和5年4月1日 2025-04-01 人口 130,753")
    '令和5年4月1日 2025-04-01 人口 130,753'
    """
    names = _names(contact_names)
    name_re = re.compile("|".join(names)) if names else None

    def phone(match: re.Match[str]) -> str:
        text = match.group(0)
        digits = sum(unicodedata.normalize("NFKC", ch).isdigit() for ch in text)
        return REDACTED_PHONE if 9 <= digits <= 13 else text

    def scrub(text: str) -> str:
        if name_re is not None:
            text = name_re.sub(REDACTED_NAME, text)
        text = _EMAIL.sub(REDACTED_EMAIL, text)
        return _PHONE.sub(phone, text)

    return scrub


def contact_names(G: nx.MultiDiGraph[Any]) -> list[str]:
    """The values of every person column (not phone or e-mail) anywhere in the graph."""
    found: list[str] = []
    attrs: list[dict[str, Any]] = [G.graph, *(d for _, d in G.nodes(data=True)),
                                   *(d for _, _, d in G.edges(data=True))]
    for d in attrs:
        for key, value in d.items():
            if is_personal_key(str(key)) and not any(p in str(key).lower()
                                                     for p in ("phone", "tel", "fax", "mail",
                                                               "電話", "メール", "携帯")):
                for v in value if isinstance(value, list | tuple) else [value]:
                    if isinstance(v, str) and v.strip():
                        found.append(v)
    return found


def _clean(attrs: dict[str, Any], scrub: Callable[[str], str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if is_personal_key(str(key)):
            continue
        out[key] = _scrub_value(value, scrub)
    return out


def _scrub_value(value: Any, scrub: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list | tuple):
        return type(value)(_scrub_value(v, scrub) for v in value)
    if isinstance(value, dict):
        return {k: _scrub_value(v, scrub) for k, v in value.items() if not is_personal_key(str(k))}
    return value


def redact_network(net: Network) -> Network:
    """A copy of ``net`` without personal columns and with every text scrubbed.

    Ids, node types and link types are kept (they are codes, never people), so every analysis
    gives the same numbers on the copy.
    """
    G = net.graph
    scrub = scrubber(contact_names(G))
    H: nx.MultiDiGraph[Any] = nx.MultiDiGraph()
    H.graph.update(_clean(G.graph, scrub))
    for n, d in G.nodes(data=True):
        H.add_node(n, **_clean(d, scrub))
    for u, v, k, d in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=k, **_clean(d, scrub))
    H.graph["redacted"] = True
    return Network(H, source=net.source, warnings=copy.copy(net.warnings))


def redact_rows(rows: Iterable[dict[str, Any]], scrub: Callable[[str], str]
                ) -> list[dict[str, Any]]:
    """Listing rows (``--csv``/``--json``) without personal columns and with text scrubbed."""
    return [_clean(dict(r), scrub) for r in rows]
