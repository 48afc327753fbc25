"""Recognising a body's or a meeting's name: suffix scanning, cleaning, splitting, judging.

A name is recognised by its form (a 法人格 + name, a suffix such as 〜課/〜センター/〜協議会/
〜会議) or by the lexicon (``lexicon.csv``: 法テラス, 農協, フードバンク …). A candidate is
cleaned (connectives, 各/同/当, dates cut off), split where the report joined two cells
(``・`` between two names, ``→``), and judged: generic words, activities, places, programs,
form text and a 法人格 alone are dropped (issue 16, error patterns 1, 2, 5, 6, 10).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from netmap.io.extract.document import squash
from netmap.io.extract.lexicon import (
    _HIRA_IN_NAMES,
    _HIRA_OWN_NAMES,
    _LEGAL_PREFIX,
    _WORD_SUFFIXES,
    CHILD_CAFETERIAS,
    ORG_PREFIXES,
    SUFFIXES,
    lookup,
)

__all__ = ["Name", "canonical", "explains", "legal_names", "match_key", "recognise", "scan"]


def _longest_first(words: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation of ``words``, the longer tried first (so こども園 wins over こども)."""
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


_MASK = _longest_first(_HIRA_IN_NAMES + _HIRA_OWN_NAMES)
_MASK_COMMON = _longest_first(_HIRA_IN_NAMES)


def _mask(text: str, common_only: bool = False) -> str:
    """Replace hiragana that belong to names by a kanji placeholder (same length).

    With ``common_only`` a body's own hiragana name (:data:`_HIRA_OWN_NAMES`: なやみ, しごと …)
    stays hiragana: a proper part of the name, for :func:`_names_a_kind`.
    """
    return (_MASK_COMMON if common_only else _MASK).sub(
        lambda m: re.sub("[ぁ-ゖ]", "漢", m.group(0)), text)


def _is_name_char(c: str) -> bool:
    return bool(re.match(r"[\u4e00-\u9fff々〆ヶァ-ヺーA-Za-z0-9・]", c))


_PARTICLE_END = tuple("てにをはがでともへやびりくしれるの")
#: Hiragana words that point or qualify, never start a name: 「こちら座間市…課」, 「それらとの協働体」.
_DEMONSTRATIVE = re.compile(r"^(?:こちら|そちら|あちら|どちら|これら|それら|あれら|どれ|どんな|こんな|"
                            r"そんな|あんな|この|その|あの|どの|ような|よう)")


def _extend_left(masked: str, end_of_stem: int) -> int:
    """Start of the name whose stem ends just before ``end_of_stem``.

    A hiragana run is taken into the name only at a delimited start, when it is 3-6 long and
    does not end like a particle or a verb (とかち生活あんしんセンター, not して地区…).
    """
    i = end_of_stem
    while i > 0 and _is_name_char(masked[i - 1]):
        i -= 1
    j = i
    while j > 0 and "ぁ" <= masked[j - 1] <= "ゖ":
        j -= 1
    if j < i and (j == 0 or masked[j - 1] in "\n、,。()「」『』:・ /") and 3 <= i - j <= 6 \
            and not masked[j:i].endswith(_PARTICLE_END) and not _DEMONSTRATIVE.match(masked[j:i]):
        i = j
    while i < end_of_stem and masked[i] in "・ー0123456789":
        i += 1
    return i


def _goes_on(text: str, masked: str, end: int) -> bool:
    """True when the name characters after ``end`` end in another suffix (the name goes on).

    自立支援協議会|ケース部会, 地域包括支援センター|意見交換会, 検討会|議, 保健福祉課|福祉係.
    """
    j = end
    while j < len(text) and j - end < 12 and masked[j] != "・" and _is_name_char(masked[j]):
        j += 1
        if any(text.endswith(x, 0, j) for x in _SUFFIX_ENDS.get(text[j - 1], ())):
            return True
    return False


#: Words that join the parts of a meeting's name: 「福祉協力員との定期情報交換会」,
#: 「子育て世代向け住民座談会」, 「地域課題に関する意見交換会」, 「…の推進に向けた…シンポジウム」.
_JOINERS = re.compile(r"(?:との|向けの?|に向けた|に関する|に対する|化する|における|のための|の)$")


def _extend_phrase(masked: str, start: int, end: int) -> int:
    """Start of a meeting name that runs left through joining words to a delimiter, or ``start``.

    A meeting is often named by what it is about or whom it is for (seed lines 466, 6408,
    6445, 8555). From ``start`` the name is extended over a joiner (:data:`_JOINERS`) and the
    name characters before it, again and again; the extension is kept only when it reaches a
    line start or a delimiter (not a particle: 「…を招集する支援会議」 stays 「支援会議」), uses a
    joiner other than の (「市の支援会議」 stays 「支援会議」), and keeps the name ≤ 30 characters.
    A bare 会議 or 協議体 is not extended (「ネットワーク構築に向けた会議」 describes a meeting).

    >>> t = "、福祉協力員との定期情報交換会"
    >>> t[_extend_phrase(t, t.index("定期"), len(t))]
    '福'
    >>> t = "関係機関を招集する支援会議"
    >>> _extend_phrase(t, t.index("支援"), len(t)) == t.index("支援")
    True
    """
    if masked[start:end] in ("会議", "協議体"):
        return start  # 「…に向けた会議」: a bare 会議 after a joiner describes, it does not name
    i, best, joined = start, start, False
    while start - i < 30:
        m = _JOINERS.search(masked, 0, i)
        if not m:
            break
        k = m.start()
        while k > 0 and _is_name_char(masked[k - 1]):
            k -= 1
        if m.start() - k < 2:
            break
        i, joined = k, joined or m.group(0) != "の"
        if joined and (k == 0 or not "ぁ" <= masked[k - 1] <= "ゖ"):
            best = k
    return best if best == start or start - best <= 30 else start


#: A body's own name in hiragana after its suffix, up to a delimiter: 「…センターすこやか，」,
#: 「南十勝連携の会こみっと（」 (seed lines 10162, 1550).
_NICKNAME = re.compile(r"[ぁ-ゖ][ぁ-ゖー]{2,5}(?=[、,。\s()「」・]|$)")
#: Function words that make a hiragana run part of the sentence, not of a name.
_FUNCTION_WORDS = re.compile(r"など|から|まで|より|ので|ため|こと|もの|とし|にお|につ|によ|とと|であ|"
                             r"でき|あり|なし|だけ|のみ|ほか|です|ます|へも|には|では|とも")


def _without_nickname(s: str) -> str:
    """``s`` without a trailing hiragana name after a suffix (see :data:`_NICKNAME`).

    >>> _without_nickname("子ども家庭支援センターすこやか"), _without_nickname("センターとして")
    ('子ども家庭支援センター', 'センターとして')
    >>> _without_nickname("連携の会こみっと"), _without_nickname("協議会とともに")
    ('連携の会', '協議会とともに')
    """
    m = re.fullmatch(r"(.*[^ぁ-ゖ])([ぁ-ゖ][ぁ-ゖー]{2,5})", s)
    if not m or not _kind_of(m.group(1)) or _FUNCTION_WORDS.search(m.group(2)):
        return s
    nick = m.group(2)
    if not nick.endswith(_PARTICLE_END + tuple("るたうい")) or len(nick) >= 4 and (
            not nick.startswith(_PARTICLE_END)) and not _DEMONSTRATIVE.match(nick):
        return m.group(1)  # 「南十勝連携の会こみっと」 (seed line 1550): 4+ kana, no particle first
    return s


#: The opening bracket of a quoted name with no sentence in it (on the text before the suffix).
_QUOTED = re.compile(r"「[^「」。、,をがはで\n]*$")


#: A place and a number before a counter (「羊蹄山麓地域 8 」 before 「か町村社協」).
_COUNTED = re.compile(r"[\u4e00-\u9fff々ァ-ヺー]{2,} ?\d+ ?$")


def _explains(text: str, start: int, name: str) -> bool:
    """True when ``name`` opens a bracket right after another word: it explains that word.

    「かたつむりの会（認知症サポーターの会）」, 「地域支えあい本部(生活支援体制整備事業協議体)」,
    「ワークショップ（住民座談会）」 (seed lines 1528, 681, 1754): the bracket says what the body
    or meeting before it is; it is no second one. The bracket names another body, and stays,
    when it holds a body of the lexicon or a 法人格 + name (the operator: 「…センター（社協）」),
    an office or unit (「社会福祉協議会（地域福祉推進課…」, line 10154), or when the word
    before it is a kind of body (「生活保護実施機関（盛岡広域振興局）」, line 2940).
    """
    if start < 2 or text[start - 1] != "(" or not _is_name_char(_mask(text[start - 2])):
        return False
    if not explains(name):
        return False
    masked = _mask(text)
    before = text[_extend_left(masked, start - 1):start - 1]
    entry = lookup(clean(before))
    return not (_names_a_kind(before) or entry is not None and entry.cls in ("generic", "category"))


def explains(name: str) -> bool:
    """False for a bracket's name that is another body (see :func:`_explains`).

    A kind of people (lexicon class ``people``) explains the word before it: 「相談支援包括化
    推進員（コミュニティソーシャルワーカー）」 (004:7528) is one role, not two.

    >>> explains("認知症サポーターの会"), explains("社協"), explains("地域福祉推進課")
    (True, False, False)
    >>> explains("コミュニティソーシャルワーカー")
    True
    """
    s = clean(name)
    entry = lookup(s)
    return (entry is None or entry.cls == "people") and not _LEGAL_PREFIX.match(s) and \
        not _UNIT.search(s)


#: Suffixes of an office or a unit of a body (a 課 of the 社協, a 振興局 of the prefecture).
_UNIT = re.compile(r"(?:課|係|室|局|部|支部|事務所|支所|出張所)$")


def scan(text: str, suffixes: Iterable[str], phrase: bool = False) -> list[tuple[int, int, str]]:
    """All ``(start, end, name)`` of names ending in one of ``suffixes`` in ``text``.

    Suffixes are found overlapping (検討会議 holds 検討会 and 会議) and a suffix is skipped when
    the name goes on (:func:`_goes_on`) or the suffix starts a longer word (課題, 小学校区).
    With ``phrase`` (meetings) a name may run through joining words (:func:`_extend_phrase`).
    """
    masked = _mask(text)
    alts = "|".join(re.escape(x) for x in sorted(set(suffixes), key=len, reverse=True))
    out: list[tuple[int, int, str]] = []
    seen: set[int] = set()
    for m in re.finditer(f"(?=({alts}))", text):
        end = m.start() + len(m.group(1))
        if end in seen:
            continue
        seen.add(end)
        after = text[end:end + 1]
        if m.group(1) in _WORD_SUFFIXES and re.match(r"[\u4e00-\u9fff]", after) and \
                after != "等" and not text.startswith("総会", end) or after and after in "区的化":
            continue  # 課題, 推進会議, 小学校区: the suffix is the start of a longer word
        if _goes_on(text, masked, end):
            continue
        start = _extend_left(masked, m.start())
        if text[end - 1:end + 1] == "会長" and _kind_of(text[start:end - 1]):
            end -= 1  # 「地区社協会長」 (seed line 3119): the chair (会長) of the 地区社協
        counted = _COUNTED.search(text, 0, start) if text[start:start + 1] in "かヶカケ箇" else None
        if counted:  # 「羊蹄山麓地域 8 か町村社協」 (seed line 672): the number belongs to the name
            start = counted.start()
        if phrase:
            start = _extend_phrase(masked, start, end)
        nick = _NICKNAME.match(text, end)
        if nick and _without_nickname(text[start:nick.end()]) == text[start:end]:
            end = nick.end()  # 「子ども家庭支援センターすこやか」 (seed line 10162)
        quoted = _QUOTED.search(text, max(0, start - 30), start) if text[end:end + 1] == "」" \
            else None
        if quoted:  # 「買い物（外出）支援部会」: the brackets say where the name starts
            start = quoted.start() + 1
        name = text[start:end]
        if _explains(text, start, name):
            continue
        if quoted:
            name = f"「{name}」"
        if len(name) >= 2:
            out.append((start, end, name))
    return out


#: The length of the longest suffix (ワーキンググループ: 9).
_LONGEST_SUFFIX = max(map(len, SUFFIXES))

#: Suffixes by their last character, for :func:`_goes_on`.
_SUFFIX_ENDS: dict[str, tuple[str, ...]] = {}
for _x in SUFFIXES:
    _SUFFIX_ENDS[_x[-1]] = (*_SUFFIX_ENDS.get(_x[-1], ()), _x)


@dataclass(frozen=True)
class Name:
    """A recognised name: ``kind`` organisation/meeting, ``signal`` how it was recognised.

    Signals, strongest first: ``legal`` (法人格 + name), ``own`` (the report's municipality +
    a suffix), ``lexicon`` (a body of ``lexicon.csv``), ``suffix`` (a body or meeting suffix),
    ``weak`` (a weak suffix: 〜団体, 〜機関, 〜の会, 研修会, 講座 …).
    """

    name: str
    kind: str
    signal: str


_LEAD = re.compile(
    r"^(?:及び|および|並びに|又は|または|(?:び|や|と|の)(?![ぁ-ゖ])|及|等|など|各種|各|同|当|本|他|計|全(?!国)|その他|"
    r"(?:平成|令和|H|R)?\d+年度|(?:(?:平成|令和|H|R)?\d*年)?\d+月(?:\d+日)?|(?:月|年|週)?\d*回|\d*名|\d*(?:か|カ|ヶ|ケ|箇)所|#\d+|\([^()]{0,4}\)|[ア-オ]\s)+")
_GENERIC = re.compile(
    r"^(?:[関係庁町市区村県内外地域各他多専門支援相談福祉行政民間住民組織]{0,6})"
    r"(?:関係者|関係機関|関係団体|機関|団体|事業者|事業所|関係課|担当課|各課|部署|窓口|部局|部門)$"
    r"|^.*(?:教室|会議室|多目的室|研修室|集会室|和室|控室|談話室)$"  # rooms and classes, no body
    r"|^.*関係$|^.*関係者$"
    r"|^.{0,6}(?:関係|関連|所管)各?(?:課|係|部署|部局|部門|機関|団体|事業者)$"  # 部内関係課, 行政関連課
    r"|^(?:目標)?[\d一二三複数構成関連運営活動実施これら多職種個人]{0,6}(?:機関|団体)$"
    r"|^(?:関係|随時|担当者|関係者|推進|調整|定期|各種|庁内|全体|同|次回|前回)?"
    r"(?:会議|検討会|情報交換会|連絡会|部会)$"
    r"|^.?(?:推進室|相談室|事務所|センター|事業所|協議会|委員会|施設)$"
    r"|^.{0,3}の会議$|^.*[等各][^・]*の会議$|^.*(?:員|者)の会議$")  # 各分野の会議, 組合員の会議
#: Two departments written one after the other: 企画政策課|福祉保健局生活福祉部計画課.
_DEPT_JOIN = re.compile(r"(?<=[課係室])(?=[^\t課係室局部]{1,8}?[局部])")
_SPLIT = re.compile(r"[、,→⇒/\t]|(?<=[^\s])・(?=" + _LEGAL_PREFIX.pattern + ")")


def legal_names(text: str) -> list[tuple[int, int]]:
    """Spans of 法人格 + name in running text: ``社会福祉法人みらい福祉会と…`` → the name.

    The name runs to the first suffix that ends it (:data:`SUFFIXES`) or else to the first
    particle (と, が, の …) or delimiter; a ・ between two katakana is part of the name (a
    foreign word: ワーカーズ・コレクティブ). When the name runs on past a body's suffix into
    words without one, the body ends at that suffix: 「社会福祉法人県央福祉会ブックカフェひばりが丘」
    is the 県央福祉会 and its café (datasets/sources/002_042a08d9d21ad8a0.txt:585).

    >>> t = "及び社会福祉法人みらい福祉会と定期的に"
    >>> [t[a:b] for a, b in legal_names(t)]
    ['社会福祉法人みらい福祉会']
    >>> t = "「NPO法人ワーカーズ・コレクティブ協会/社会福祉法人県央福祉会ブックカフェひばりが丘」"
    >>> [t[a:b] for a, b in legal_names(t)]
    ['NPO法人ワーカーズ・コレクティブ協会', '社会福祉法人県央福祉会']
    """
    out = []
    for m in _LEGAL_PREFIX.finditer(text):
        j = m.end() + (text[m.end():m.end() + 1] == " ")
        end = j
        while end < len(text) and (text[end] not in "、,。\n ()「」:・/→" or text[end] == "・" and
                                   re.match(r"[ァ-ヺー]・[ァ-ヺ]", text[end - 1:end + 2])):
            end += 1
        cand = text[j:end]
        cut = None
        for k in range(2, len(cand) + 1):
            if _kind_of(cand[:k]) and (k == len(cand) or not _is_name_char(cand[k])):
                cut = k
                break
        if cut is None:  # no suffix: up to the first particle (ノンフェールくらねぇ・…)
            particle = re.search(r"[がをにはとでのもへやよりなか]", _mask(cand))
            cut = particle.start() if particle else len(cand)
            body = [k for k in range(3, cut) if (_kind_of(cand[:k]) or ("", ""))[1] == "suffix"
                    and (_kind_of(cand[:k]) or ("", ""))[0] == "organisation"]
            cut = body[-1] if body else cut
        if cut >= 2:
            out.append((m.start(), j + cut))
    return out


def clean(name: str) -> str:
    """Cut connectives, 各/同/当, dates, counts and bullets from the front; trim brackets.

    >>> clean("及び社会福祉法人みらい")
    '社会福祉法人みらい'
    >>> clean("各区社会福祉協議会")
    '区社会福祉協議会'
    """
    s = squash(unicodedata.normalize("NFKC", name)).strip("・、,:()「」")
    prev = None
    while prev != s:
        prev = s
        s = _LEAD.sub("", s)
    s = re.sub(r"^.*名称:?", "", s)
    s = re.sub(r"(?:等|など|職員|担当者|の方々|の皆様)$", "", s)
    if s.count("(") > s.count(")"):
        s = s[:s.rfind("(")]
    if s.count("「") > s.count("」"):
        s = s[:s.rfind("「")]
    return s.strip("・、,:()「」")


def split(name: str) -> list[str]:
    """Split a cell the report joined: ``、``/``→`` always, ``・`` between two names.

    ``民生委員・児童委員`` (a lexicon body) stays whole; ``八王子市福祉部・社会福祉法人八王子市社会
    福祉協議会`` and ``警察・消防`` split; ``場所・機関`` splits into words that are then dropped.
    A last piece that is a body of the lexicon ends an enumeration too (``市民・社会福祉協議会``,
    seed line 11244: citizens and the 社協, not one body), and so does a middle piece that is
    a word of the lexicon or a program (〜事業): 「生活福祉資金・日常生活自立支援事業・障害者支援
    センター」 (datasets/sources/003_48bd7124126cd07a.txt:2796) lists three things.

    >>> split("社協→住宅資金")
    ['社協', '住宅資金']
    >>> split("民生委員・児童委員")
    ['民生委員・児童委員']
    >>> split("税務課・市民生活課・水道局・環境課・")
    ['税務課', '市民生活課', '水道局', '環境課']
    >>> split("小・中学校")
    ['小学校', '中学校']
    >>> split("市民・社会福祉協議会")
    ['市民', '社会福祉協議会']
    >>> split("生活福祉資金・日常生活自立支援事業・障害者支援センター")[-1]
    '障害者支援センター'
    >>> split("八王子市福祉部・社会福祉法人八王子市社会福祉協議会")
    ['八王子市福祉部', '社会福祉法人八王子市社会福祉協議会']
    """
    out: list[str] = []
    text = _DEPT_JOIN.sub("\t", squash(unicodedata.normalize("NFKC", name)))
    for part in _SPLIT.split(text):
        if not part.strip("・"):
            continue
        legal = _LEGAL_PREFIX.match(part)
        dot = re.search(r"(?<=[ァ-ヺー])・(?=[ァ-ヺ])", part)
        if legal and dot and not _kind_of(part[legal.end():dot.start()]):
            out.extend(p.replace("\ue000", "・")
                       for p in split(part[:dot.start()] + "\ue000" + part[dot.end():]))
            continue  # NPO法人ワーカーズ・コレクティブ協会: a foreign word, see legal_names
        if "・" in part and not lookup(part):
            pieces = [c for p in part.split("・") if (c := clean(p))]
            first = pieces[0]
            last = _kind_of(pieces[-1])
            if last and last[0] == "meeting" and all(
                    (_kind_of(p) or ("", ""))[0] == "organisation" for p in pieces[:-1]):
                out.append(part)  # 介護保険事業所・ケアマネ事業所連絡会: one meeting of both
                continue
            shared = _shared_suffix(pieces)
            if shared:
                out.extend(shared)  # 小・中学校: 小学校 and 中学校
                continue
            tail = lookup(pieces[-1])
            if len(first) <= 1 or lookup(first) or _kind_of(first) or _LEGAL_PREFIX.match(first) \
                    or tail is not None and tail.cls == "body" or any(
                        lookup(p) or p.endswith("事業") for p in pieces[1:-1]):
                out.extend(pieces)  # an enumeration: 警察・消防・民間企業, 町・社協
                continue
        out.append(part)  # one name sharing a suffix: 福祉・子ども課, 介護予防・生活支援会議
    return out


def _shared_suffix(pieces: list[str]) -> list[str]:
    """One-character heads sharing the last piece's suffix: 小・中学校 → 小学校, 中学校.

    >>> _shared_suffix(["小", "中学校"]), _shared_suffix(["福祉", "子ども課"])
    (['小学校', '中学校'], [])
    """
    last = pieces[-1]
    for n in range(min(len(last) - 1, 8), 0, -1):
        if last[-n:] in SUFFIXES:
            if len(last) - n == 1 and all(len(p) == 1 for p in pieces[:-1]):
                return [p + last[-n:] for p in pieces[:-1]] + [last]
            break
    return []


def _fragment(s: str) -> bool:
    """True for a sentence fragment or a name cut after a hiragana (issue 16, patterns 3, 4).

    Hiragana of :data:`_HIRA_IN_NAMES` are allowed, and one leading run of 3-6 that does not
    end like a particle (とかち生活あんしんセンター, 社会福祉法人みらい福祉会).

    >>> _fragment("して地区福祉のまち推進センター"), _fragment("とかち生活あんしんセンター")
    (True, False)
    """
    rest = _mask(s)
    legal = _LEGAL_PREFIX.match(rest)
    if legal:  # a corporation's own name may hold hiragana, but no particle
        return bool(re.search(r"[がをにはとでのもへや]", rest[legal.end():]))
    lead = re.match(r"[ぁ-ゖ]+", rest)
    if lead:
        if not 3 <= lead.end() <= 6 or lead.group(0).endswith(_PARTICLE_END) or \
                _DEMONSTRATIVE.match(lead.group(0)):
            return True
        rest = rest[lead.end():]
    return bool(re.search(r"[ぁ-ゖ]", rest))


def _kind_of(s: str) -> tuple[str, str] | None:
    """(kind, signal) of a cleaned piece by its suffix, or None."""
    top = len(s) if len(s) >= 3 else len(s) - 1  # 母子会, 商工会 are names on their own
    for n in range(min(top, _LONGEST_SUFFIX), 0, -1):
        hit = SUFFIXES.get(s[-n:])
        if hit:
            return hit if n > 1 or len(s) >= 3 else None  # 関係 is no 係, 県庁 no 庁
    return None


#: Weak organisation suffixes (〜機関, 〜団体, 〜窓口 …) that, after common words alone, name a
#: kind of body rather than one body.
_KIND_SUFFIX = re.compile(r"(?:機関|団体|窓口|ネットワーク|チーム|サポート|事業者|プロジェクト|"
                          + "|".join(CHILD_CAFETERIAS) + ")$")


def _names_a_kind(s: str, own: tuple[str, ...] = ()) -> bool:
    """True when a weak-suffix name is common kanji words alone: a kind of body, not a body.

    Reports name the kinds of body they work with (教育機関, 子育て関係団体, 自立相談支援窓口) as
    often as the bodies; a body so named carries a proper part — kana or Latin letters
    (やはば生活支援ネットワーク, 調布ライフサポート, 既存ボランティア団体) or the report's own
    municipality. On the 20 development reports of ``benchmarks/extract_eval.py`` the weak
    organisation rows read in prose were 19 % right; the 37 without a proper part 11 %.

    >>> _names_a_kind("教育機関"), _names_a_kind("調布ライフサポート")
    (True, False)
    >>> _names_a_kind("テスト市相談窓口", ("テスト市",))
    False
    """
    m = _KIND_SUFFIX.search(s)
    if not m or any(o and s.startswith(o) for o in own):
        return False
    return bool(re.fullmatch(r"[\u4e00-\u9fff々・]*", _mask(s[:m.start()], common_only=True)))


_NAME_RUN = r"[\u4e00-\u9fff々〆ヶァ-ヺーA-Za-z0-9・]{2,}"
#: A whole meeting name of parts and joiners (on masked text): 福祉協力員との定期情報交換会.
_PHRASE_NAME = re.compile(rf"{_NAME_RUN}(?:{_JOINERS.pattern[:-1]}{_NAME_RUN})+")


def recognise(raw: str, own: tuple[str, ...] = (), bare: bool = False,
              phrase: bool = False) -> list[Name]:
    """The names in a candidate string, each judged; dropped words give no :class:`Name`.

    Parameters
    ----------
    raw : str
        A cell or a span found by :func:`scan`.
    own : tuple of str
        The report's prefecture, municipality and member towns (a name that starts with one
        of them and has a suffix is the municipality's own body: signal ``own``).
    bare : bool
        Keep a name without any suffix (signal ``bare``): for a labelled cell of the form,
        where the label says what the value is.
    phrase : bool
        Allow a meeting name whose parts are joined by との/向け/に関する …
        (:func:`_extend_phrase`); such a name is no fragment.

    Examples
    --------
    >>> [n.name for n in recognise("他団体")]
    []
    >>> recognise("法テラス")[0].signal
    'lexicon'
    >>> [(n.name, n.kind) for n in recognise("ケア会議・障害者自立支援協議会")]
    [('ケア会議', 'meeting'), ('障害者自立支援協議会', 'both')]
    """
    quoted = bool(re.fullmatch(r"「[^「」]+」", raw.strip()))
    out = [_judge(clean(piece), own, bare, phrase, quoted) for piece in split(raw)]
    return [n for n in out if n is not None]


#: Lexicon classes that name a body or a meeting, with the (kind, signal) they give.
_LEXICON_NAME = {"body": ("organisation", "lexicon"), "group": ("organisation", "group"),
                 "category": ("organisation", "category"), "meeting": ("meeting", "weak")}


def _judge(s: str, own: tuple[str, ...], bare: bool, phrase: bool,
           quoted: bool) -> Name | None:
    """One cleaned piece of :func:`recognise` judged: a :class:`Name`, or None when dropped."""
    if len(s) < 2 or len(s) > 40 or re.search(r"\d{3,}|[。!?]", s):
        return None
    base = _without_nickname(s)
    if _fragment(base) and not quoted and not (phrase and _PHRASE_NAME.fullmatch(_mask(s))
                                             and (_kind_of(s) or ("",))[0] in ("meeting", "both")):
        return None
    entry = lookup(s)
    if entry is not None:  # profession, generic, legal_form, activity, form: no body
        hit = _LEXICON_NAME.get(entry.cls)
        return Name(s, *hit) if hit else None
    if _GENERIC.match(s):
        return None
    legal = _LEGAL_PREFIX.match(s)
    if legal and legal.end() == len(s):
        return None  # a 法人格 alone: 公益財団法人, 医療法人社団 (pattern 6)
    if legal and (lookup(s[legal.end():]) or re.fullmatch(r"施設|等|\d.*", s[legal.end():])):
        return None  # 社会福祉法人施設, 社会福祉法人等: a 法人格 and a generic word
    if legal and len(s) >= legal.end() + 2 and not _kind_of(s):
        return Name(s, "organisation", "legal")  # 社会福祉法人同愛会: no suffix needed
    found = _kind_of(base)
    if found is None:
        return Name(s, "organisation", "bare") if bare and len(s) >= 3 else None
    kind, signal = found
    if kind == "organisation" and signal == "weak" and not bare and _names_a_kind(s, own):
        return None  # 教育機関, 地域福祉活動団体, 生活困窮者自立相談窓口: a kind of body
    if legal and kind == "organisation":
        signal = "legal"
    elif kind == "organisation" and signal == "suffix" and any(
            o and s.startswith(o) and len(s) > len(o) + 1 for o in own):
        signal = "own"
    return Name(s, kind, signal)


def match_key(name: str, strip: tuple[str, ...] = ()) -> str:
    """The comparison key of a name used by the evaluation (and for de-duplication).

    NFKC, all whitespace removed, leading 法人格 (:data:`ORG_PREFIXES`) removed, a trailing
    parenthesised part removed, and any leading word in ``strip`` (the report's own
    prefecture or municipality name) removed.

    >>> match_key("社会福祉法人 京極町社会福祉協議会", ("京極町",))
    '社会福祉協議会'
    >>> match_key("札幌市地域見守りネットワーク推進会議（市圏域）")
    '札幌市地域見守りネットワーク推進会議'
    """
    s = squash(unicodedata.normalize("NFKC", name or ""))
    for _ in range(2):
        for p in ORG_PREFIXES:
            if s.startswith(p) and len(s) > len(p):
                s = s[len(p):]
        for p in sorted(strip, key=len, reverse=True):
            p = squash(unicodedata.normalize("NFKC", p or ""))
            if p and s.startswith(p) and len(s) > len(p):
                s = s[len(p):]
    s = re.sub(r"\([^()]*\)$", "", s) or s
    s = re.sub(r"「[^」]*」$", "", s) or s
    return s




def canonical(name: str, strip: tuple[str, ...] = ()) -> str:
    """:func:`match_key` with aliases merged: the key under which two rows are one body.

    A trailing 等/など is dropped, 障がい is read as 障害, and a lexicon alias (社協, 包括, HW,
    法テラス, 民生児童委員 …, see ``lexicon.csv``) becomes its canonical name.

    >>> canonical("京極町社協", ("京極町",))
    '社会福祉協議会'
    >>> canonical("民生・児童委員")
    '民生委員・児童委員'
    >>> canonical("障がい者相談支援事業所等")
    '障害者相談支援事業所'
    """
    k = match_key(name, strip)
    k = re.sub(r"(?:等|など)$", "", k) or k
    k = k.replace("障がい", "障害")
    k = re.sub(r"社協$", "社会福祉協議会", k) if len(k) > 2 else k
    k = re.sub(r"^[都道府県市町村](?=社会福祉協議会$)", "", k)  # 県社協 of the report's own 県
    entry = lookup(k)
    return match_key(entry.name) if entry else k
