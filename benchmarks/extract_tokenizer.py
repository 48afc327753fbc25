"""Rules against a Japanese tokenizer for where a body's name starts (issue 16).

Usage::

    pip install sudachipy sudachidict_core
    python benchmarks/extract_tokenizer.py

The extractor finds a name by its suffix (〜センター, 〜課, 〜会議) and then walks left to its
start (:func:`netmap.io.extract.names._extend_left`: kanji/katakana, plus the hiragana of
``_HIRA_IN_NAMES`` such as 障がい, 子ども, のまち). This script swaps that one step for a
tokenizer and measures organisations and meetings on the **development** reports only
(:func:`extract_eval.held_back`), with the same judging as ``extract_eval.py`` (the judged
rows were read from the rules' output, so a name only a tokenizer produces is unjudged and
counts wrong: compare the truth-only precision too):

``rules``
    the extractor as shipped;
``sudachi-chunk``
    SudachiPy (mode C, sudachidict_core): the name is the run of 名詞/接頭辞/接尾辞 tokens
    that ends at the suffix;
``rules+sudachi-snap``
    the rules' start moved to a Sudachi token boundary (back to the start of a noun token it
    falls inside, else forward past the token).

SudachiPy: Takaoka et al., "Sudachi: a Japanese Tokenizer for Business", LREC 2018.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import extract_eval  # noqa: E402

from netmap.io.extract import names  # noqa: E402

_NOUNISH = {"名詞", "接頭辞", "接尾辞"}


class _Tokens:
    """Sudachi token spans of the texts being scanned, cached by text."""

    def __init__(self) -> None:
        from sudachipy import dictionary, tokenizer

        self.tok = dictionary.Dictionary(dict="core").create()
        self.mode = tokenizer.Tokenizer.SplitMode.C
        self.cache: dict[str, list[tuple[int, int, bool]]] = {}
        self.current = ""

    def spans(self, text: str) -> list[tuple[int, int, bool]]:
        if text not in self.cache:
            out = []
            for line_start, line in _lines(text):
                for m in self.tok.tokenize(line, self.mode):
                    out.append((line_start + m.begin(), line_start + m.end(),
                                m.part_of_speech()[0] in _NOUNISH and m.surface() != "の"))
            self.cache[text] = out
        return self.cache[text]


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _run(mode: str, tokens: _Tokens | None) -> dict[str, Any]:
    original_scan, original_extend = names.scan, names._extend_left

    def scan(text: str, suffixes: Any) -> list[tuple[int, int, str]]:
        assert tokens is not None
        tokens.current = text
        return original_scan(text, suffixes)

    def chunk(masked: str, end_of_stem: int) -> int:
        assert tokens is not None
        start = end_of_stem
        for a, b, noun in reversed(tokens.spans(tokens.current)):
            if b > end_of_stem:
                continue
            if b < start or not noun:
                break
            start = a
        return start

    def snap(masked: str, end_of_stem: int) -> int:
        assert tokens is not None
        i = original_extend(masked, end_of_stem)
        for a, b, noun in tokens.spans(tokens.current):
            if a < i < b:
                return a if noun else min(b, end_of_stem)
        return i

    try:
        if mode != "rules":
            names.scan = scan  # type: ignore[assignment]
            names._extend_left = chunk if mode == "sudachi-chunk" else snap
            import netmap.io.extract.meetings as meetings
            import netmap.io.extract.report as report
            meetings.scan = scan  # type: ignore[assignment]
            report.scan = scan  # type: ignore[assignment]
        res = extract_eval.evaluate(extract_eval.SEEDS / "004_reports_visible.txt",
                                    extract_eval.SEEDS / "004_reports_visible_truth.json")
    finally:
        import netmap.io.extract.meetings as meetings
        import netmap.io.extract.report as report
        names.scan, names._extend_left = original_scan, original_extend
        meetings.scan = report.scan = original_scan
    return res


def main() -> int:
    try:
        tokens: _Tokens | None = _Tokens()
    except ImportError:
        print("sudachipy / sudachidict_core not installed: pip install sudachipy "
              "sudachidict_core")
        return 1
    print("development reports only; P = precision with judgements (P0 truth only), R = recall")
    print(f"{'':24s} {'org P':>7s} {'org P0':>7s} {'org R':>7s} {'meet P':>7s} {'meet P0':>7s} "
          f"{'meet R':>7s} {'seconds':>8s}")
    for mode in ("rules", "sudachi-chunk", "rules+sudachi-snap"):
        if tokens is not None:
            tokens.cache.clear()
        t0 = time.perf_counter()
        res = _run(mode, tokens)
        dt = time.perf_counter() - t0
        d = res["dev"]
        o, m = d["organisations"], d["meetings"]
        print(f"{mode:24s} {o['precision']:7.1%} {o['precision_truth']:7.1%} {o['recall']:7.1%} "
              f"{m['precision']:7.1%} {m['precision_truth']:7.1%} {m['recall']:7.1%} {dt:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
