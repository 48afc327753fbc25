"""The two weight tables of a tie agree on which kind of tie is stronger.

``LINK_WEIGHT`` / ``PURPOSE_WEIGHT`` (strengths for betweenness and Burt) and
``HANDOFF_CHANCE`` (chances for ``netmap who``) have different scales on purpose; a coordinator
reading both outputs must still never see a partner line count above a referral in one and
below it in the other. Checked pair by pair over every kind of tie both tables know.
"""

from __future__ import annotations

import itertools

from netmap.analysis.handoff import TIE_WEIGHTS
from netmap.tie_weights import HANDOFF_CHANCE, LINK_WEIGHT, PURPOSE_WEIGHT


def _strengths() -> dict[str, float]:
    return {**LINK_WEIGHT, **{f"meeting:{p}": w for p, w in PURPOSE_WEIGHT.items()}}


def test_one_table_for_handoff() -> None:
    assert TIE_WEIGHTS is HANDOFF_CHANCE


def test_every_kind_of_tie_has_both_weights() -> None:
    assert set(_strengths()) == set(HANDOFF_CHANCE) - {"refers_to:back"}


def test_no_pair_of_ties_is_ordered_the_other_way() -> None:
    s = _strengths()
    reversed_pairs = [(a, b) for a, b in itertools.permutations(s, 2)
                      if s[a] > s[b] and not HANDOFF_CHANCE[a] > HANDOFF_CHANCE[b]]
    assert reversed_pairs == []
