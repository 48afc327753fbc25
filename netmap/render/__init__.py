"""Pictures of the network: the offline interactive HTML map and static PNG/SVG pictures.

``render_map`` / ``write_map`` build one self-contained HTML page (vis-network inlined, no
network access); ``write_picture`` writes a PNG (headless Chromium screenshot of that page) or
an SVG (drawn in Python from the same positions and styling rules, :mod:`netmap.render.style`).
"""

from __future__ import annotations

from netmap.render.layout import layout
from netmap.render.map import map_data, render_map, write_map
from netmap.render.picture import render_svg, write_picture

__all__ = ["render_map", "write_map", "write_picture", "render_svg", "map_data", "layout"]
