"""Styling rules of the map: one dict that the HTML page, its legend and the SVG picture share.

The rules are plain data so that they can be serialised into the page (``STYLES`` becomes part of
the page's ``netmap-data`` JSON) and read again by :mod:`netmap.render.picture`; the legend is
drawn from the same dict, so a colour cannot drift between drawing and legend.

Colour follows the sector of an organisation (FORMAT.md, ``organisations.csv``: ``sector``);
shape follows ``node_type``; edge style follows the link ``type``. Red and orange are kept for
gaps (uncovered / thin needs) and gold for brokers, so no sector uses them.

This module holds colours, shapes and line styles only; every word of the legend (the ``ja``
and ``en`` of each entry) is copied from :mod:`netmap.vocabulary`, and the page's other words
come from :mod:`netmap.strings`.
"""

from __future__ import annotations

from typing import Any

from netmap import strings, vocabulary
from netmap.vocabulary import Terms

__all__ = ["STYLES", "SECTORS", "NODE_TYPES", "EDGE_TYPES", "SIZE_MEASURES", "MARKS",
           "ui_strings", "label"]


def _with_labels(colours: dict[str, dict[str, Any]], terms: Terms) -> dict[str, dict[str, Any]]:
    """Each entry's drawing rules plus its ``ja``/``en`` label from the vocabulary.

    The labels are copied in because the page's script and the SVG picture read the legend
    text from the serialised ``STYLES`` (``S.sectors[code][lang]``); their only source is
    :mod:`netmap.vocabulary`.
    """
    return {code: {**rules, "ja": terms[code].ja, "en": terms[code].en} if code in terms
            else dict(rules) for code, rules in colours.items()}


#: Sector colours (FORMAT.md ``organisations.csv``: ``sector``), in legend order.
SECTORS: dict[str, dict[str, Any]] = _with_labels({
    "government": {"color": "#1f5fbf"},
    "shakyo": {"color": "#2e9e44"},
    "npo": {"color": "#8e44ad"},
    "social_welfare_corp": {"color": "#16a2b8"},
    "private": {"color": "#8d6e63"},
    "medical": {"color": "#e05aa8"},
    "legal": {"color": "#37474f"},
    "labour": {"color": "#9e9d24"},
    "education": {"color": "#00796b"},
    "residents": {"color": "#7cb342"},
    "cooperative": {"color": "#ce93d8"},
    "other": {"color": "#9e9e9e"},
}, vocabulary.SECTORS)

#: Node kinds: vis-network shape (one whose size follows ``size``), fill and border.
NODE_TYPES: dict[str, dict[str, Any]] = _with_labels({
    "organisation": {"shape": "dot", "color": "#9e9e9e", "border": "#263238"},
    "program": {"shape": "square", "color": "#b0bec5", "border": "#455a64"},
    "meeting": {"shape": "diamond", "color": "#ffe082", "border": "#8d6e00"},
    "role": {"shape": "triangle", "color": "#cfd8dc", "border": "#607d8b"},
    "need": {"shape": "hexagon", "color": "#e3f2fd", "border": "#1565c0"},
}, vocabulary.NODE_TYPES)

#: Edge styles by link type (FORMAT.md, ``links.csv``). ``dashes`` is false or a dash pattern.
EDGE_TYPES: dict[str, dict[str, Any]] = _with_labels({
    "refers_to": {"color": "#37474f", "opacity": 0.9, "width": 2.0, "dashes": False,
                  "arrow": True},
    "commissions": {"color": "#1f5fbf", "opacity": 0.9, "width": 2.0, "dashes": [8, 4],
                    "arrow": True},
    "operates": {"color": "#78909c", "opacity": 0.8, "width": 1.2, "dashes": False,
                 "arrow": True},
    "covers": {"color": "#64b5f6", "opacity": 0.3, "width": 1.0, "dashes": False,
               "arrow": False},
    "attends": {"color": "#9e9e9e", "opacity": 0.6, "width": 0.6, "dashes": False,
                "arrow": False},
    "convenes": {"color": "#8d6e00", "opacity": 0.9, "width": 1.6, "dashes": False,
                 "arrow": True},
    "partners": {"color": "#2e9e44", "opacity": 0.8, "width": 1.6, "dashes": False,
                 "arrow": False},
    "shares_info": {"color": "#00796b", "opacity": 0.8, "width": 1.6, "dashes": [2, 4],
                    "arrow": False},
    "placed_at": {"color": "#9e9e9e", "opacity": 0.8, "width": 1.0, "dashes": [4, 4],
                  "arrow": True},
}, vocabulary.LINK_TYPES)

#: Measures that can size the nodes (``render_map(size_by=...)``): a vocabulary table.
SIZE_MEASURES = vocabulary.SIZE_MEASURES

#: Marks that are not tied to one sector or kind (labels: :data:`netmap.vocabulary.MARKS`).
MARKS: dict[str, dict[str, Any]] = _with_labels({
    "hub": {"color": "#c62828", "border": "#000000", "shape": "star"},
    "uncovered": {"color": "#d32f2f"},
    "thin": {"color": "#f57c00"},
    "broker": {"color": "#ffc400"},
    "dim": {"color": "#e0e0e0", "font": "#bdbdbd"},
}, vocabulary.MARKS)

STYLES: dict[str, Any] = {
    "sectors": SECTORS,
    "node_types": NODE_TYPES,
    "edge_types": EDGE_TYPES,
    "marks": MARKS,
    "size": {"min": 10.0, "max": 36.0, "hub_factor": 1.15, "hub_min": 34.0},
}

#: The page's UI strings in ``lang`` (kept here for the map's imports; they live in
#: :mod:`netmap.strings`).
ui_strings = strings.ui_strings
#: The one ``label(table, code, lang)`` of :mod:`netmap.vocabulary`.
label = vocabulary.label
