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
"""

from __future__ import annotations

from typing import Any

__all__ = ["STYLES", "SECTORS", "NODE_TYPES", "EDGE_TYPES", "SIZE_MEASURES", "ui_strings", "label"]

#: Sector codes of FORMAT.md in legend order, with colours and labels.
SECTORS: dict[str, dict[str, str]] = {
    "government": {"color": "#0072B2", "ja": "行政", "en": "Government"},
    "shakyo": {"color": "#AA3377", "ja": "社会福祉協議会", "en": "Council of Social Welfare"},
    "npo": {"color": "#EE6677", "ja": "NPO法人", "en": "NPO"},
    "social_welfare_corp": {"color": "#6699CC", "ja": "社会福祉法人", "en": "Social welfare corp."},
    "private": {"color": "#997700", "ja": "民間企業", "en": "Private company"},
    "medical": {"color": "#EE99AA", "ja": "医療機関", "en": "Medical"},
    "legal": {"color": "#222255", "ja": "法律・司法", "en": "Legal"},
    "labour": {"color": "#AAAA00", "ja": "労働・就労", "en": "Labour / employment"},
    "education": {"color": "#66CCEE", "ja": "教育", "en": "Education"},
    "residents": {"color": "#F0E442", "ja": "住民・地域", "en": "Residents / community"},
    "cooperative": {"color": "#663333", "ja": "協同組合", "en": "Cooperative"},
    "other": {"color": "#666633", "ja": "その他", "en": "Other"},
}

#: Node kinds: vis-network shape (one whose size follows ``size``), fill, border, labels.
NODE_TYPES: dict[str, dict[str, str]] = {
    "organisation": {"shape": "dot", "color": "#9e9e9e", "border": "#263238",
                     "ja": "機関・団体", "en": "Organisation"},
    "program": {"shape": "square", "color": "#b0bec5", "border": "#455a64",
                "ja": "事業", "en": "Program"},
    "meeting": {"shape": "diamond", "color": "#ffe082", "border": "#8d6e00",
                "ja": "会議体", "en": "Meeting"},
    "role": {"shape": "triangle", "color": "#cfd8dc", "border": "#607d8b",
             "ja": "専門職・役割", "en": "Role"},
    "need": {"shape": "hexagon", "color": "#e3f2fd", "border": "#1565c0",
             "ja": "ニーズ", "en": "Need"},
}

#: Edge styles by link type (FORMAT.md, ``links.csv``). ``dashes`` is false or a dash pattern.
EDGE_TYPES: dict[str, dict[str, Any]] = {
    "refers_to": {"color": "#37474f", "opacity": 0.9, "width": 2.0, "dashes": False,
                  "arrow": True, "ja": "つなぐ（紹介）", "en": "Refers to"},
    "commissions": {"color": "#1f5fbf", "opacity": 0.9, "width": 2.0, "dashes": [8, 4],
                    "arrow": True, "ja": "委託", "en": "Commissions"},
    "operates": {"color": "#78909c", "opacity": 0.8, "width": 1.2, "dashes": False,
                 "arrow": True, "ja": "事業を実施", "en": "Operates"},
    "covers": {"color": "#64b5f6", "opacity": 0.3, "width": 1.0, "dashes": False,
               "arrow": False, "ja": "ニーズに対応", "en": "Covers need"},
    "attends": {"color": "#9e9e9e", "opacity": 0.6, "width": 0.6, "dashes": False,
                "arrow": False, "ja": "会議に参加", "en": "Attends"},
    "convenes": {"color": "#8d6e00", "opacity": 0.9, "width": 1.6, "dashes": False,
                 "arrow": True, "ja": "会議を主催", "en": "Convenes"},
    "partners": {"color": "#2e9e44", "opacity": 0.8, "width": 1.6, "dashes": False,
                 "arrow": False, "ja": "連携", "en": "Partners"},
    "shares_info": {"color": "#00796b", "opacity": 0.8, "width": 1.6, "dashes": [2, 4],
                    "arrow": False, "ja": "情報共有", "en": "Shares information"},
    "placed_at": {"color": "#9e9e9e", "opacity": 0.8, "width": 1.0, "dashes": [4, 4],
                  "arrow": True, "ja": "配置", "en": "Placed at"},
}

#: Measures that can size the nodes (``render_map(size_by=...)``).
SIZE_MEASURES: dict[str, dict[str, str]] = {
    "degree": {"ja": "つながりの数（次数）", "en": "Degree (number of neighbours)"},
    "betweenness": {"ja": "媒介中心性", "en": "Betweenness"},
    "brokerage": {"ja": "仲介（ブローカー）総数", "en": "Brokerage total"},
}

#: Marks that are not tied to one sector or kind.
MARKS: dict[str, dict[str, str]] = {
    "hub": {"color": "#c62828", "border": "#000000", "shape": "star",
            "ja": "司令塔（自立相談支援機関）", "en": "Hub (independence support centre)"},
    "uncovered": {"color": "#d32f2f", "border": "#000000", "shape": "hexagon", "text": "#b71c1c",
                  "glyph": "!", "glyph_color": "#ffffff", "icon": "！",
                  "ja": "対応機関なし（すき間）", "en": "Uncovered need (gap)"},
    "thin": {"color": "#f57c00", "border": "#000000", "shape": "hexagon", "text": "#8a4500",
             "glyph": "1", "glyph_color": "#000000", "icon": "①",
             "ja": "対応機関が1か所だけ", "en": "Need with a single provider"},
    "broker": {"color": "#ffc400", "ja": "つなぎ役（上位）", "en": "Top broker"},
    "who": {"color": "#6a1b9a", "ja": "チームの引き継ぎ経路", "en": "Team hand-over route"},
    "dim": {"color": "#e0e0e0", "font": "#bdbdbd"},
}

STYLES: dict[str, Any] = {
    "sectors": SECTORS,
    "node_types": NODE_TYPES,
    "edge_types": EDGE_TYPES,
    "marks": MARKS,
    "size": {"min": 10.0, "max": 36.0, "hub_factor": 1.15, "hub_min": 34.0, "gap_min": 24.0},
}

_UI: dict[str, dict[str, str]] = {
    "title": {"ja": "支援ネットワーク地図", "en": "Support network map"},
    "search": {"ja": "検索（名前・種別・地域・略称）", "en": "Search (name, kind, area, alias)"},
    "search_placeholder": {"ja": "例: 社協、ハローワーク", "en": "e.g. council, Hello Work"},
    "matches": {"ja": "件見つかりました", "en": "matches"},
    "showing": {"ja": "（{n} 件を表示）", "en": " ({n} shown)"},
    "and_more": {"ja": "ほか {n} 件", "en": "and {n} more"},
    "gap_list": {"ja": "すき間", "en": "Gaps"},
    "gap_only": {"ja": " のみ", "en": " only"},
    "who": {"ja": "チーム", "en": "Team"},
    "who_team": {"ja": "案", "en": "Option"},
    "who_none": {"ja": "表示しない", "en": "Don't show"},
    "projection": {"ja": "投影モード", "en": "Projection mode"},
    "projection_hint": {"ja": "P キーで切り替え（Esc で戻る）", "en": "Press P to toggle (Esc leaves)"},
    "controls": {"ja": "☰ 操作", "en": "☰ Controls"},
    "details": {"ja": "詳細・凡例", "en": "Details · legend"},
    "print": {"ja": "印刷", "en": "Print"},
    "print_view": {"ja": "この表示を印刷", "en": "Print this view"},
    "this_view": {"ja": "絞り込んだ表示", "en": "filtered view"},
    "no_match": {"ja": "見つかりません", "en": "No match"},
    "need_filter": {"ja": "ニーズで絞り込み", "en": "Filter by need"},
    "need_all": {"ja": "（すべて表示）", "en": "(show all)"},
    "need_suffix": {"ja": "に対応する機関を表示", "en": ": show who covers it"},
    "sector_filter": {"ja": "分野（セクター）", "en": "Sectors"},
    "type_filter": {"ja": "種類", "en": "Kinds"},
    "neighbourhood": {"ja": "クリックで周辺を表示", "en": "Click shows neighbourhood"},
    "steps1": {"ja": "1段階", "en": "1 step"},
    "steps2": {"ja": "2段階", "en": "2 steps"},
    "gaps": {"ja": "すき間を強調", "en": "Highlight gaps"},
    "brokers": {"ja": "つなぎ役を強調", "en": "Highlight brokers"},
    "no_analysis": {"ja": "（分析結果なし）", "en": "(no analysis given)"},
    "reset": {"ja": "表示をリセット", "en": "Reset view"},
    "legend": {"ja": "凡例", "en": "Legend"},
    "legend_sectors": {"ja": "色 = 分野", "en": "Colour = sector"},
    "legend_kinds": {"ja": "形 = 種類", "en": "Shape = kind"},
    "legend_edges": {"ja": "線 = つながりの種類", "en": "Line = link type"},
    "legend_marks": {"ja": "しるし", "en": "Marks"},
    "legend_size": {"ja": "大きさ", "en": "Size"},
    "panel_hint": {"ja": "ノードをクリックすると詳細が表示されます。",
                   "en": "Click a node to see its details."},
    "kind": {"ja": "種別", "en": "Kind"},
    "node_type": {"ja": "分類", "en": "Type"},
    "sector": {"ja": "分野", "en": "Sector"},
    "needs": {"ja": "対応するニーズ", "en": "Needs covered"},
    "providers": {"ja": "対応する機関・事業", "en": "Covered by"},
    "programs": {"ja": "実施する事業", "en": "Programs operated"},
    "operators": {"ja": "実施機関", "en": "Operated by"},
    "meetings": {"ja": "参加・主催する会議体", "en": "Meetings attended / convened"},
    "members": {"ja": "参加機関", "en": "Members"},
    "placed": {"ja": "配置先", "en": "Placed at"},
    "count": {"ja": "人数", "en": "Count"},
    "per_year": {"ja": "開催回数（年）", "en": "Sittings a year"},
    "links": {"ja": "つながり", "en": "Links"},
    "evidence": {"ja": "出典", "en": "Source"},
    "assured_date": {"ja": "最終確認日", "en": "Last checked"},
    "unknown": {"ja": "不明", "en": "unknown"},
    "contact": {"ja": "連絡先", "en": "Contact"},
    "measure": {"ja": "指標", "en": "Measure"},
    "hub": {"ja": "司令塔", "en": "Hub"},
    "gap_uncovered": {"ja": "対応機関なし", "en": "no provider"},
    "gap_thin": {"ja": "対応機関が1か所だけ", "en": "single provider"},
    "broker_rank": {"ja": "つなぎ役の順位", "en": "Broker rank"},
    "redacted": {"ja": "個人情報は削除済み", "en": "personal data removed"},
    "as_of": {"ja": "時点", "en": "as of"},
    "nodes_count": {"ja": "ノード", "en": "nodes"},
    "edges_count": {"ja": "リンク", "en": "links"},
    "none": {"ja": "なし", "en": "none"},
    "attr_area": {"ja": "対象地域", "en": "Area"},
    "attr_note": {"ja": "備考", "en": "Note"},
    "attr_contact_name": {"ja": "担当者", "en": "Contact person"},
    "attr_phone": {"ja": "電話", "en": "Phone"},
    "attr_email": {"ja": "メール", "en": "E-mail"},
    "attr_url": {"ja": "URL", "en": "URL"},
    "attr_category": {"ja": "区分", "en": "Category"},
    "attr_basis": {"ja": "根拠法令", "en": "Statutory basis"},
    "attr_purpose": {"ja": "目的", "en": "Purpose"},
    "attr_demand": {"ja": "把握されたニーズ件数", "en": "Observed demand"},
}


def ui_strings(lang: str) -> dict[str, str]:
    """Return the page's UI strings in ``lang`` (``"ja"`` or ``"en"``).

    Examples
    --------
    >>> ui_strings("ja")["reset"]
    '表示をリセット'
    >>> ui_strings("en")["reset"]
    'Reset view'
    """
    return {key: texts[lang] for key, texts in _UI.items()}


def label(table: dict[str, dict[str, Any]], code: str, lang: str) -> str:
    """Return the ``lang`` label of ``code`` in one of the style tables, or the code itself.

    Examples
    --------
    >>> label(SECTORS, "shakyo", "ja")
    '社会福祉協議会'
    >>> label(SECTORS, "spaceship", "en")
    'spaceship'
    """
    entry = table.get(code)
    if entry is None:
        return code
    return str(entry.get(lang, code))
