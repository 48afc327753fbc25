"""Label placement for the static pictures: which names are drawn, and where, so none overlap.

The Python twin of ``templates/labels.js`` (the live map's label layer), used by the SVG
picture (:mod:`netmap.render.picture`) and so by the report's figure; both follow the same
rules (an edge margin for the halo, free labels covering nodes only as a last resort), so the
printed picture names what the live map names. Greedy placement in priority order with four
candidate positions around each node (below, above, right, left), the less important of two
overlapping labels left out (Christensen, Marks & Shieber 1995, "An
empirical study of algorithms for point-feature label placement", ACM TOG 14(3)). Text widths
are estimated from character classes (a CJK character or symbol is one em, Latin about half:
:func:`em_width`), which is
what a label needs in a picture with no browser to measure it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

__all__ = ["Label", "Placed", "em_width", "wrap", "place"]

_NO_BREAK_BEFORE = "、。，．）」』】〕・ー：；！？,.)"


def em_width(text: str) -> float:
    """Estimated width of ``text`` in ems.

    A CJK character is one em, and so are the symbols between U+2010 and U+2BFF (…, →, ①,
    ★: East Asian "ambiguous" width, drawn full width by the CJK fonts the picture asks for);
    halfwidth katakana and Latin lower case about half, Latin capitals 0.65 (Noto Sans CJK JP
    in Chromium, measured with getComputedTextLength: ① ★ … → 1.0, a 0.56, 1 0.56, A 0.61,
    W 0.88). The names' gap icons start with ① or ★, so counting them half an em had let a
    name run 0.3 units into the legend panel of the report's figure.

    Examples
    --------
    >>> em_width("社協"), em_width("HW"), em_width("① 債務")
    (2.0, 1.3, 3.3)
    """
    w = 0.0
    for ch in text:
        c = ord(ch)
        if c >= 0x2E80 or 0x1100 <= c <= 0x11FF or 0x2010 <= c <= 0x2BFF:
            w += 0.55 if 0xFF61 <= c <= 0xFF9F else 1.0
        else:
            w += 0.3 if ch == " " else 0.65 if "A" <= ch <= "Z" else 0.55
    return round(w, 3)


def wrap(text: str, max_em: float, max_lines: int = 2) -> list[str]:
    """Lines of at most about ``max_em``; the last kept line ends in "…" when cut.

    Examples
    --------
    >>> wrap("座間市社会福祉協議会", 5)
    ['座間市社会', '福祉協議会']
    >>> wrap("座間市 生活援護課 自立サポート担当", 5)
    ['座間市 生', '活援護…']
    """
    lines: list[str] = []
    line = ""
    for ch in text:
        if line and em_width(line + ch) > max_em and ch not in _NO_BREAK_BEFORE:
            lines.append(line.rstrip())
            line = ch.lstrip()
        else:
            line += ch
    lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][:-1] + "…"
    return lines


@dataclass(frozen=True)
class Label:
    """A label to place: node centre (x, y), radius r, text lines, font size and priority
    (lower first); ``free`` labels (the hub, the gaps, whose names must show) may cover other
    nodes when no spot clear of them is left (see :func:`place`)."""

    id: str
    x: float
    y: float
    r: float
    lines: tuple[str, ...]
    size: float
    priority: float
    free: bool = False


@dataclass(frozen=True)
class Placed:
    """A placed label: its box (x, y, w, h), anchor position (0 below, 1 above, 2 right,
    3 left) and the label."""

    label: Label
    x: float
    y: float
    w: float
    h: float
    pos: int


def place(labels: list[Label], width: float, height: float,
          discs: list[tuple[str, float, float, float]] | None = None,
          pad: float = 1.0, edge: float = 0.0, marked: Collection[str] = ()) -> list[Placed]:
    """Place ``labels`` inside ``width`` × ``height`` without overlaps, most important first.

    The rules of ``templates/labels.js`` ``place``, so the picture names what the live map names.

    Parameters
    ----------
    discs : list of (id, x, y, r), optional
        Nodes a label may not cover, except its own.
    pad : float
        The least distance between two labels.
    edge : float
        The least distance from a label's box to the border of the area: room for the white
        halo drawn round the letters, which would otherwise be cut at the sheet's edge. A
        candidate that would cross it is skipped, so a node near the left edge is named on its
        right (the inner side), and so on.
    marked : collection of str
        The ids of the discs that are a sign of their own (the hub, the gaps). A ``free`` label
        takes a spot clear of all discs when one is left, else one that covers no marked disc,
        else any: its name must show, and so should the signs round it.

    Examples
    --------
    >>> a = Label("a", 50, 50, 5, ("あいう",), 10, 0)
    >>> b = Label("b", 52, 50, 5, ("かきく",), 10, 1)
    >>> [(p.label.id, p.pos) for p in place([a, b], 200, 200)]
    [('a', 0), ('b', 1)]
    """
    boxes: list[tuple[float, float, float, float]] = []
    all_discs = list(discs or [])
    # what a free label avoids, pass by pass; a label that is not free gets the first pass only
    passes = [all_discs, [d for d in all_discs if d[0] in marked], []]
    out: list[Placed] = []
    for lab in sorted(labels, key=lambda x: (x.priority, x.id)):
        w = max(em_width(line) for line in lab.lines) * lab.size
        h = len(lab.lines) * lab.size * 1.2
        gap = max(1.0, lab.size * 0.2)
        cands = [(lab.x - w / 2, lab.y + lab.r + gap), (lab.x - w / 2, lab.y - lab.r - gap - h),
                 (lab.x + lab.r + gap, lab.y - h / 2), (lab.x - lab.r - gap - w, lab.y - h / 2)]
        spot = None
        for avoid in passes if lab.free else passes[:1]:
            spot = next(((pos, x, y) for pos, (x, y) in enumerate(cands)
                         if _fits(lab.id, x, y, w, h, width, height, edge, pad, boxes, avoid)),
                        None)
            if spot is not None:
                break
        if spot is None:
            continue
        pos, x, y = spot
        boxes.append((x, y, w, h))
        out.append(Placed(lab, x, y, w, h, pos))
    return out


def _fits(own: str, x: float, y: float, w: float, h: float, width: float, height: float,
          edge: float, pad: float, boxes: list[tuple[float, float, float, float]],
          discs: list[tuple[str, float, float, float]]) -> bool:
    """Whether the box (x, y, w, h) of node ``own``'s label keeps ``edge`` inside the area,
    ``pad`` from the labels placed so far and off the ``discs`` (its own node's excepted)."""
    if x < edge or y < edge or x + w > width - edge or y + h > height - edge:
        return False
    if any(x < bx + bw + pad and bx < x + w + pad and y < by + bh + pad and by < y + h + pad
           for bx, by, bw, bh in boxes):
        return False
    return not any(i != own and x < dx + r and dx - r < x + w and y < dy + r and dy - r < y + h
                   for i, dx, dy, r in discs)
