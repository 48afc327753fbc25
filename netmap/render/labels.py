"""Label placement for the static pictures: which names are drawn, and where, so none overlap.

The Python twin of ``templates/labels.js`` (the live map's label layer), used by the SVG
picture (:mod:`netmap.render.picture`) and so by the report's figure. Greedy placement in
priority order with four candidate positions around each node (below, above, right, left), the
less important of two overlapping labels left out (Christensen, Marks & Shieber 1995, "An
empirical study of algorithms for point-feature label placement", ACM TOG 14(3)). Text widths
are estimated from character classes (a CJK character is one em, Latin about half), which is
what a label needs in a picture with no browser to measure it.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Label", "Placed", "em_width", "wrap", "place"]

_NO_BREAK_BEFORE = "、。，．）」』】〕・ー：；！？,.)"


def em_width(text: str) -> float:
    """Estimated width of ``text`` in ems.

    Examples
    --------
    >>> em_width("社協"), em_width("HW")
    (2.0, 1.1)
    """
    w = 0.0
    for ch in text:
        c = ord(ch)
        if c >= 0x2E80 or 0x1100 <= c <= 0x11FF:
            w += 0.55 if 0xFF61 <= c <= 0xFF9F else 1.0
        else:
            w += 0.3 if ch == " " else 0.55
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
    (lower first); ``free`` labels may cover other nodes (the hub, the gaps)."""

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
          pad: float = 1.0) -> list[Placed]:
    """Place ``labels`` inside ``width`` × ``height`` without overlaps, most important first.

    ``discs`` are nodes (id, x, y, r) a label may not cover, except its own.

    Examples
    --------
    >>> a = Label("a", 50, 50, 5, ("あいう",), 10, 0)
    >>> b = Label("b", 52, 50, 5, ("かきく",), 10, 1)
    >>> [(p.label.id, p.pos) for p in place([a, b], 200, 200)]
    [('a', 0), ('b', 1)]
    """
    boxes: list[tuple[float, float, float, float]] = []
    out: list[Placed] = []
    for lab in sorted(labels, key=lambda x: (x.priority, x.id)):
        w = max(em_width(line) for line in lab.lines) * lab.size
        h = len(lab.lines) * lab.size * 1.2
        gap = max(1.0, lab.size * 0.2)
        cands = [(lab.x - w / 2, lab.y + lab.r + gap), (lab.x - w / 2, lab.y - lab.r - gap - h),
                 (lab.x + lab.r + gap, lab.y - h / 2), (lab.x - lab.r - gap - w, lab.y - h / 2)]
        for pos, (x, y) in enumerate(cands):
            if x < 0 or y < 0 or x + w > width or y + h > height:
                continue
            if any(x < bx + bw + pad and bx < x + w + pad and y < by + bh + pad and by < y + h + pad
                   for bx, by, bw, bh in boxes):
                continue
            if not lab.free and any(
                    i != lab.id and x < dx + r and dx - r < x + w and y < dy + r and dy - r < y + h
                    for i, dx, dy, r in discs or []):
                continue
            boxes.append((x, y, w, h))
            out.append(Placed(lab, x, y, w, h, pos))
            break
    return out
