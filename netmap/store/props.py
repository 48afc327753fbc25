"""Python attributes ⇄ Neo4j properties, at the store boundary only.

The Python model keeps the dataset's snake_case keys (``name_en``, ``assured_date``); Neo4j's
convention is camelCase (``nameEn``, ``assuredDate``), so keys are converted here and nowhere
else. Values keep their Neo4j type where Neo4j has one (strings, numbers, booleans and lists of
one of them); a map, or a list holding maps, has no property type in Neo4j, so it is stored as
JSON text and its key is listed in the entity's ``jsonProps`` — a list, not a key suffix, so no
column a user names can be mistaken for it.

References
----------
Neo4j Cypher Manual 5, "Naming rules and recommendations": property keys in camelCase.
Neo4j Cypher Manual 5, "Property values": no map type for stored properties.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

__all__ = ["to_camel", "to_snake", "encode", "decode", "JSON_PROPS"]

#: The property listing which keys of an entity hold JSON text.
JSON_PROPS = "jsonProps"
_SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z][a-z0-9]*)+$")
_CAMEL = re.compile(r"^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+$")


@functools.lru_cache(maxsize=4096)  # a load converts the same few column names ~10⁶ times
def to_camel(key: str) -> str:
    """``name_en`` → ``nameEn``; a key that is not plain snake_case is kept as it is.

    Only keys whose every part starts with a letter are converted, so the conversion can be
    undone exactly by :func:`to_snake` (``area_2020`` stays, since ``area2020`` could not tell).

    >>> to_camel("assured_date"), to_camel("area_km2"), to_camel("name"), to_camel("担当者")
    ('assuredDate', 'areaKm2', 'name', '担当者')
    """
    if not _SNAKE.match(key):
        return key
    head, *rest = key.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


@functools.lru_cache(maxsize=4096)  # reading the nation back converts ~10⁶ keys
def to_snake(key: str) -> str:
    """``nameEn`` → ``name_en``, the inverse of :func:`to_camel`.

    >>> to_snake("assuredDate"), to_snake("areaKm2"), to_snake("name")
    ('assured_date', 'area_km2', 'name')
    """
    if not _CAMEL.match(key):
        return key
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), key)


def _needs_json(value: Any) -> bool:
    return isinstance(value, dict) or (
        isinstance(value, (list, tuple)) and any(isinstance(x, (dict, list, tuple))
                                                 for x in value))


def encode(attrs: dict[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Attributes as Neo4j properties: camelCase keys, ``None`` dropped, maps as JSON text.

    Parameters
    ----------
    attrs : dict
        Attributes of a node, link or the graph, with snake_case keys.
    skip : tuple of str
        Keys left out (stored some other way, e.g. ``node_type`` as a label).

    Returns
    -------
    dict
        Properties; ``jsonProps`` lists the keys stored as JSON text, when there are any.

    >>> encode({"name_en": "Zama", "area": None, "counts": {"a": 1}, "needs": ["debt"]})
    {'nameEn': 'Zama', 'counts': '{"a": 1}', 'needs': ['debt'], 'jsonProps': ['counts']}
    """
    out: dict[str, Any] = {}
    json_keys: list[str] = []
    for k, v in attrs.items():
        if v is None or k in skip:
            continue
        key = to_camel(k)
        if _needs_json(v):
            out[key] = json.dumps(v, ensure_ascii=False)
            json_keys.append(key)
        else:
            out[key] = list(v) if isinstance(v, tuple) else v
    if json_keys:
        out[JSON_PROPS] = json_keys
    return out


def decode(props: dict[str, Any], drop: tuple[str, ...] = ()) -> dict[str, Any]:
    """Neo4j properties back to attributes: the inverse of :func:`encode`.

    >>> decode({'nameEn': 'Zama', 'counts': '{"a": 1}', 'jsonProps': ['counts'], 'seq': 3},
    ...        drop=("seq",))
    {'name_en': 'Zama', 'counts': {'a': 1}}
    """
    json_keys = set(props.get(JSON_PROPS) or ())
    out: dict[str, Any] = {}
    for k, v in props.items():
        if k in drop or k == JSON_PROPS:
            continue
        out[to_snake(k)] = json.loads(v) if k in json_keys else v
    return out
