"""Styling rules of the map: one dict that the HTML page, its legend and the SVG picture share.

The rules are plain data so that they can be serialised into the page (``STYLES`` becomes part of
the page's ``netmap-data`` JSON) and read again by :mod:`netmap.render.picture`; the legend is
drawn from the same dict, so a colour cannot drift between drawing and legend.

Colour follows the sector of an organisation (FORMAT.md, ``organisations.csv``: ``sector``);
shape follows ``node_type``; edge style follows the link ``type``. The twelve sector colours are
taken from Okabe & Ito's colour-blind-safe set (2008, "Color Universal Design") and Paul Tol's
qualitative schemes (bright, light, medium-contrast, dark; Tol 2021, "Colour Schemes", SRON
technical note SRON/EPS/TN/09-002), chosen as the 12 of those ~50 colours whose smallest pairwise
CIEDE2000 difference is largest under normal vision and simulated protanopia, deuteranopia and
tritanopia (Machado, Oliveira & Fernandes 2009, severity 1): 11.4, checked by
``tests/test_map_unit.py::test_sector_colours_stay_apart_for_colour_blind_readers`` with
colour-science. The gap states (uncovered / thin needs) are carried by an icon and a rim as well
as by red and orange, so they do not rest on colour alone; gold marks brokers.

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
    "government": {"color": "#0072B2"},
    "shakyo": {"color": "#AA3377"},
    "npo": {"color": "#EE6677"},
    "social_welfare_corp": {"color": "#6699CC"},
    "private": {"color": "#997700"},
    "medical": {"color": "#EE99AA"},
    "legal": {"color": "#222255"},
    "labour": {"color": "#AAAA00"},
    "education": {"color": "#66CCEE"},
    "residents": {"color": "#F0E442"},
    "cooperative": {"color": "#663333"},
    "other": {"color": "#666633"},
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
    # gap states carry an icon (glyph inside the node, icon before the name) and a rim
    # (solid: uncovered; dashed: thin) as well as a colour
    "uncovered": {"color": "#d32f2f", "border": "#000000", "shape": "hexagon", "text": "#b71c1c",
                  "glyph": "!", "glyph_color": "#ffffff", "icon": "！"},
    # dotted-rim grey "?": nobody recorded, but a statutory body normally covers it (ask them)
    "probably_unrecorded": {"color": "#b0bec5", "border": "#000000", "shape": "hexagon",
                            "text": "#37474f", "glyph": "?", "glyph_color": "#000000",
                            "icon": "？"},
    "thin": {"color": "#f57c00", "border": "#000000", "shape": "hexagon", "text": "#8a4500",
             "glyph": "1", "glyph_color": "#000000", "icon": "①"},
    "broker": {"color": "#ffc400"},
    "who": {"color": "#6a1b9a"},
    "dim": {"color": "#e0e0e0", "font": "#bdbdbd"},
}, vocabulary.MARKS)

STYLES: dict[str, Any] = {
    "sectors": SECTORS,
    "node_types": NODE_TYPES,
    "edge_types": EDGE_TYPES,
    "marks": MARKS,
    "size": {"min": 10.0, "max": 36.0, "hub_factor": 1.15, "hub_min": 34.0, "gap_min": 24.0},
}

#: The page's UI strings in ``lang`` (kept here for the map's imports; they live in
#: :mod:`netmap.strings`).
ui_strings = strings.ui_strings
#: The one ``label(table, code, lang)`` of :mod:`netmap.vocabulary`.
label = vocabulary.label
