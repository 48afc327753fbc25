"""Rules against GiNZA named entities for finding the bodies a report names (issue 16).

Usage::

    pip install -e '.[nlp-bench]'          # ginza + ja_ginza (spaCy, SudachiPy)
    python benchmarks/extract_ner.py [--labels org|org+fac|all] [--sample N] [--held-back V]

The extractor finds a body's name in running text by its form (a suffix such as 〜センター,
〜課, a 法人格 + name, a word of ``lexicon.csv``: :func:`netmap.io.extract.report._scan_orgs`).
This script asks whether a statistical named-entity recogniser does that better. GiNZA's NER
(ja_ginza, trained on GSK2014-A BCCWJ with Sekine's Extended Named Entity labels) reads the
same text the rules read (the body of the report from 2. ビジョン on, wrapped lines joined,
the 推進員 経歴 cell left out), one line at a time. An entity counts when its label is in the
chosen set (:data:`LABELS`); its kind is the one the extractor gives a name of that ending
(〜会議 a meeting, 〜協議会 both, anything else an organisation) and its row is merged under
the extractor's canonical key (:func:`netmap.io.extract.names.canonical`). Variants:

``rules``
    the extractor as shipped;
``ginza``
    the rules' prose finder replaced by the entities, each kept as a row (the form's cells —
    実施主体, 担当部署, 委託先, the 推進会議 table — are still read by the rules: they are
    labelled cells, not names to be found);
``ginza+judge``
    the same, each entity passed through the rules' judging
    (:func:`netmap.io.extract.names.recognise`: cleaning, splitting, generic words dropped);
``rules+ginza``
    the rules' rows, and an entity as a new row when no row of the report has its key;
``rules+ginza+judge``
    the same, the entity passed through the rules' judging first.

Scored on the **development** reports only with the judging of ``extract_eval.py``
(:func:`extract_eval.held_back`). The judged rows outside the truth (``extract_judged.csv``)
were read from the rules' output, so a name only GiNZA produces would count wrong unread:
every GiNZA-only development row outside the truth was therefore read against its report
line and judged in ``extract_ner_judged.csv`` (2 of 111 right on 2026-12-02), which ``P``
uses too; ``P0`` (truth only) ignores all judgements, and ``unread`` counts the rows still
unjudged (counted wrong). ``--sample N`` prints N unjudged GiNZA-only rows with their report
line, for when the model or the rules change. ``--held-back`` prints the held-back figures
of one variant (measure once, and only for a variant that won on the development reports).
Time: the NER seconds are the parse of the text of all 30 reports once (cold), added to
each GiNZA variant's extraction time.

GiNZA: H. Matsuda, M. Omura, M. Asahara, 「短単位品詞の用法曖昧性解決と依存関係ラベリングの
同時学習」, 言語処理学会第25回年次大会 (NLP2019), and the ja_ginza 5.3.0 model card (NER trained
on GSK2014-A (2019) BCCWJ edition, Hashimoto, Inui and Murakami 2008, with Sekine's Extended
Named Entity labels: Sekine, Sudo and Nobata, LREC 2002); spaCy: M. Honnibal, I. Montani,
S. Van Landeghem, A. Boyd, "spaCy: Industrial-strength NLP in Python", 2020,
doi:10.5281/zenodo.1212303.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import extract_eval  # noqa: E402

import netmap.io.extract.report as report  # noqa: E402
from netmap.io.extract.document import Doc, wrap_join  # noqa: E402
from netmap.io.extract.names import _kind_of, canonical, clean, recognise  # noqa: E402
from netmap.io.extract.rows import Rows  # noqa: E402

#: Extended Named Entity labels (Sekine 2002, as ja_ginza emits them in ``ent.label_``) that
#: count as a body. ``org``: the Organization subtree (ENE 1.4) — juridical persons, companies
#: and NPOs (1.4.6; ja_ginza writes Corporation_Other, the ENE 7 name), government and political
#: organisations (1.4.7, which GiNZA's own OntoNotes mapping puts under NORP but which name a
#: body: 保健福祉局 is Government), organisations of other kinds (1.4.0), international, show
#: and sports organisations — less the groups of people that are no body (Ethnic_Group,
#: Nationality, Family). ``org+fac``: also the facilities that act as bodies in a welfare
#: network (a 病院, 学校, 保健所 or 役所 is named as a place but works as a partner; ja_ginza
#: 5.3.0 has no Medical_Institution label and called 小樽市立病院 a School):
#: Public_Institution, School, Research_Institute and other facilities. ``all``: also events
#: (Conference, Occasion_Other, Event_Other), for meetings (:func:`kinds`). Other branches
#: (Person, places, products, Position_Vocation, dates …) name people, places and things,
#: though a body is sometimes so labelled (民生委員児童委員協議会 was a Position_Vocation):
#: ``any`` (every label of the model, set at run time) measures what a supplement could add
#: at most.
LABELS: dict[str, frozenset[str]] = {
    "org": frozenset({
        "Organization", "Organization_Other", "International_Organization", "Show_Organization",
        "Sports_Organization", "Sports_Organization_Other", "Pro_Sports_Organization",
        "Sports_Federation", "Sports_League", "Sports_Team", "Juridical_Person",
        "Juridical_Person_Other", "Corporation_Other", "Nonprofit_Organization", "Company",
        "Company_Group", "Political_Organization", "Political_Organization_Other", "Government",
        "Political_Party", "Cabinet", "Military"}),
}
LABELS["org+fac"] = LABELS["org"] | {
    "Facility", "Facility_Other", "FOE", "FOE_Other", "GOE_Other", "Public_Institution",
    "Medical_Institution", "School", "Research_Institute"}
LABELS["all"] = LABELS["org+fac"] | {"Conference", "Occasion_Other", "Event_Other"}

#: The GiNZA-only development rows outside the truth, judged by reading their report line.
NER_JUDGED = Path(__file__).with_name("extract_ner_judged.csv")

VARIANTS = ("rules", "ginza", "ginza+judge", "rules+ginza", "rules+ginza+judge")
SIGNAL = "prose/ginza"


class Ner:
    """GiNZA entities of the lines of a text, cached by line; parse time is summed."""

    def __init__(self) -> None:
        import spacy

        t0 = time.perf_counter()
        self.nlp = spacy.load("ja_ginza")
        self.load_seconds = time.perf_counter() - t0
        self.parse_seconds = 0.0
        self.cache: dict[str, list[tuple[int, int, str]]] = {}

    def entities(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, label)`` of every entity in ``text`` (offsets into ``text``)."""
        lines = text.split("\n")
        new = sorted({x for x in lines if x.strip() and x not in self.cache})
        if new:
            t0 = time.perf_counter()
            for line, doc in zip(new, self.nlp.pipe(new, batch_size=64), strict=True):
                self.cache[line] = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            self.parse_seconds += time.perf_counter() - t0
        out, pos = [], 0
        for line in lines:
            out.extend((pos + a, pos + b, lab) for a, b, lab in self.cache.get(line, []))
            pos += len(line) + 1
        return out


#: Labels of events: such an entity without a suffix is taken for a meeting, not a body.
EVENTS = frozenset({"Conference", "Occasion_Other", "Event_Other"})


def kinds(name: str, label: str = "") -> tuple[str, ...]:
    """The kinds the extractor gives a name of this ending (see the module notes).

    A name without a suffix the extractor knows is an organisation, or a meeting when GiNZA
    labelled it an event (:data:`EVENTS`).

    >>> kinds("地域ケア会議"), kinds("障害者自立支援協議会"), kinds("花王株式会社")
    (('meeting',), ('organisation', 'meeting'), ('organisation',))
    >>> kinds("トップセミナー", "Conference")
    ('meeting',)
    """
    found = _kind_of(clean(name))
    if found is None:
        return ("meeting",) if label in EVENTS else ("organisation",)
    if found[0] == "organisation":
        return ("organisation",)
    return ("meeting",) if found[0] == "meeting" else ("organisation", "meeting")


def _candidates(ner: Ner, labels: frozenset[str], doc: Doc, i0: int, i1: int,
                skip: set[int]) -> list[tuple[str, str, str]]:
    """``(name, evidence, label)`` of the entities in the text the rules' prose finder reads."""
    text, where = wrap_join(doc, i0, i1)
    out = []
    for s, e, label in ner.entities(text):
        if label in labels and where[s] not in skip and text[s:e].strip():
            out.append((text[s:e].strip(), doc.ev_lines(where[s], where[max(s, e - 1)]), label))
    return out


def _named(name: str, label: str, strip: tuple[str, ...],
           judge: bool) -> list[tuple[str, str]]:
    """``(kind, name)`` rows for one entity: as it is, or as the rules' judging reads it."""
    if not judge:
        return [(k, name) for k in kinds(name, label)]
    out = []
    for n in recognise(name, strip):
        out.extend((k, n.name) for k in ("organisation", "meeting")
                   if n.kind in (k, "both"))
    return out


def _run(variant: str, ner: Ner | None, labels: frozenset[str]) -> dict[str, Any]:
    """``extract_eval.evaluate`` with the prose finder replaced or supplemented."""
    original_scan, original_extract = report._scan_orgs, extract_eval.extract_reports
    original_load = extract_eval.load_judged
    judge = variant.endswith("+judge")
    found: list[tuple[tuple[str, ...], list[tuple[str, str, str]]]] = []

    def replace(doc: Doc, b: Rows, i0: int, i1: int, skip: set[int]) -> None:
        assert ner is not None
        for raw, ev, label in _candidates(ner, labels, doc, i0, i1, skip):
            for kind, name in _named(raw, label, b.strip, judge):
                if kind == "organisation":
                    key = b.add_org(name, ev, "low", "", SIGNAL)
                    b.orgs[key].setdefault("ner_label", label)
                else:
                    key = b._add_meeting(name, ev, "low", SIGNAL, {})
                    b.meetings[key].setdefault("ner_label", label)

    def supplement(doc: Doc, b: Rows, i0: int, i1: int, skip: set[int]) -> None:
        assert ner is not None
        original_scan(doc, b, i0, i1, skip)
        found.append((b.strip, _candidates(ner, labels, doc, i0, i1, skip)))

    def extract(path: Path) -> list[dict[str, Any]]:
        reps = original_extract(path)
        for rep, (strip, cands) in zip(reps, found, strict=True):
            _add_missed(rep, strip, cands, judge)
        return reps

    def load(path: Path = extract_eval.JUDGED,
             verdict: str | None = "right") -> set[tuple[int, str, str]]:
        return original_load(path, verdict) | original_load(NER_JUDGED, verdict)

    try:
        extract_eval.load_judged = load
        if variant.startswith("ginza"):
            report._scan_orgs = replace
        elif variant.startswith("rules+"):
            report._scan_orgs = supplement
            extract_eval.extract_reports = extract  # type: ignore[assignment]
        return extract_eval.evaluate(extract_eval.SEEDS / "004_reports_visible.txt",
                                     extract_eval.SEEDS / "004_reports_visible_truth.json")
    finally:
        report._scan_orgs, extract_eval.extract_reports = original_scan, original_extract
        extract_eval.load_judged = original_load


def _add_missed(rep: dict[str, Any], strip: tuple[str, ...],
                cands: list[tuple[str, str, str]], judge: bool) -> None:
    """Append to one report's rows the entities whose key no row of the same kind has.

    Appended after every rule has run, so the rules' rows (and their names, which the
    judgements are keyed by) stay exactly as shipped.
    """
    lists = {"organisation": rep["organisations"], "meeting": rep["meetings"]}
    have = {k: {canonical(o["name"], strip) for o in rows} | {o.get("key") for o in rows}
            for k, rows in lists.items()}
    for raw, ev, label in cands:
        for kind, name in _named(raw, label, strip, judge):
            key = canonical(name, strip)
            if key and key not in have[kind]:
                have[kind].add(key)
                lists[kind].append({"name": name, "key": key, "evidence": ev,
                                    "confidence": "low", "signal": SIGNAL,
                                    "ner_label": label})


def _row(name: str, res: dict[str, Any], seconds: float) -> str:
    d = res["dev"]
    o, m = d["organisations"], d["meetings"]
    ginza = sum(1 for i, (_, _, j) in enumerate(res["judged"]) if not extract_eval.held_back(i)
                for kind in extract_eval.KINDS for r in j[kind]["rows"]
                if r[0].get("signal") == SIGNAL)
    return (f"{name:26s} {o['precision']:6.1%} {o['precision_truth']:6.1%} {o['recall']:6.1%}"
            f" {o['rows']:5d} {m['precision']:6.1%} {m['precision_truth']:6.1%}"
            f" {m['recall']:6.1%} {m['rows']:5d} {ginza:6d} {o['unread'] + m['unread']:6d}"
            f" {seconds:7.2f}")


HEADER = (f"{'':26s} {'org P':>6s} {'org P0':>6s} {'org R':>6s} {'rows':>5s} {'meet P':>6s}"
          f" {'mt P0':>6s} {'meet R':>6s} {'rows':>5s} {'ginza':>6s} {'unread':>6s} {'seconds':>7s}")


def _line_text(evidence: str) -> str:
    """The seed line(s) an evidence string points at (``file:from-to``), joined."""
    a, b = (int(x) for x in evidence.rsplit(":", 1)[1].split("-"))
    lines = (extract_eval.SEEDS / evidence.rsplit(":", 1)[0]).read_text(
        encoding="utf-8").splitlines()
    return " / ".join(x.strip() for x in lines[a - 1:b])


def sample(res: dict[str, Any], n: int, seed: int = 0) -> str:
    """``n`` GiNZA-only development rows outside the truth that no one has judged yet
    (:data:`NER_JUDGED`), with their report line, to be judged by hand."""
    read = extract_eval.load_judged(verdict=None) | extract_eval.load_judged(NER_JUDGED, None)
    rows = [(t["start_line"], kind, r[0]) for i, (t, _, j) in enumerate(res["judged"])
            if not extract_eval.held_back(i) for kind in extract_eval.KINDS
            for r in j[kind]["rows"] if r[0].get("signal") == SIGNAL and not r[3]
            and (t["start_line"], kind, r[0]["name"]) not in read]
    picked = sorted(random.Random(seed).sample(rows, min(n, len(rows))),
                    key=lambda x: (x[0], x[1], x[2]["evidence"]))
    out = [f"{len(picked)} of {len(rows)} GiNZA-only development rows outside the truth, not "
           f"yet judged (seed {seed}): report, kind, name, label, evidence, line"]
    for start, kind, o in picked:
        out.append(f"{start}\t{kind}\t{o['name']}\t{o.get('ner_label', '')}\t"
                   f"{o['evidence'].rsplit(':', 1)[1]}\t{_line_text(o['evidence'])[:160]}")
    return "\n".join(out)


def found_only(res: dict[str, Any]) -> str:
    """The GiNZA-only development rows that are in the truth (what GiNZA adds to recall)."""
    rows = [f"{t['start_line']} {kind[:4]} {r[0]['name']} ({r[0].get('ner_label')})"
            for i, (t, _, j) in enumerate(res["judged"]) if not extract_eval.held_back(i)
            for kind in extract_eval.KINDS for r in j[kind]["rows"]
            if r[0].get("signal") == SIGNAL and r[3]]
    return f"GiNZA-only development rows in the truth ({len(rows)}): " + "; ".join(rows)


def _held(name: str, res: dict[str, Any]) -> str:
    h = res["held_back"]
    o, m = h["organisations"], h["meetings"]
    return (f"held back ({h['n']} reports), {name}: organisations P {o['precision']:.1%} "
            f"P0 {o['precision_truth']:.1%} R {o['recall']:.1%} ({o['rows']} rows); "
            f"meetings P {m['precision']:.1%} P0 {m['precision_truth']:.1%} R {m['recall']:.1%}"
            f" ({m['rows']} rows)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--labels", choices=(*LABELS, "any", "every"), default="every",
                    help="the label set(s) that count as a body (see LABELS)")
    ap.add_argument("--sample", type=int, default=0, metavar="N",
                    help="print N GiNZA-only development rows not yet judged, to judge")
    ap.add_argument("--held-back", choices=VARIANTS[1:], metavar="VARIANT",
                    help="also print the held-back figures of VARIANT (measure once)")
    args = ap.parse_args(argv)
    try:
        ner = Ner()
    except (ImportError, OSError) as e:
        print(f"GiNZA not installed ({e}): pip install -e '.[nlp-bench]'")
        return 1
    LABELS["any"] = frozenset(ner.nlp.get_pipe("ner").labels)
    sets = list(LABELS) if args.labels == "every" else [args.labels]
    t0 = time.perf_counter()
    rules = _run("rules", None, LABELS["org"])
    rules_s = time.perf_counter() - t0
    print(f"ja_ginza loaded in {ner.load_seconds:.1f} s; development reports only "
          f"({rules['dev']['n']}); P = precision with judgements, P0 truth only, R = recall; "
          f"'ginza' = rows only GiNZA made")
    print(HEADER)
    print(_row("rules", rules, rules_s))
    notes: list[str] = []
    for labels in sets:
        for variant in VARIANTS[1:]:
            t0 = time.perf_counter()
            before = ner.parse_seconds
            res = _run(variant, ner, LABELS[labels])
            warm = time.perf_counter() - t0 - (ner.parse_seconds - before)
            print(_row(f"{variant} [{labels}]", res, warm + ner.parse_seconds))
            if variant == "rules+ginza":
                notes.append(f"[{labels}] " + found_only(res))
            if args.sample and variant.startswith("rules+"):
                notes.append(f"{variant} [{labels}] " + sample(res, args.sample))
            if args.held_back == variant:
                notes.append(_held(f"{variant} [{labels}]", res))
    if args.held_back:
        notes.append(_held("rules", rules))
    print(f"seconds: extraction and judging of all 30 reports; a GiNZA variant adds the NER "
          f"parse of the text once, cold ({ner.parse_seconds:.1f} s, {len(ner.cache)} lines); "
          f"unread: rows outside the truth no one has judged (counted wrong)")
    print("\n".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
