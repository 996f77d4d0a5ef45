"""Lesson 04's check on the cures: which of four thirty-layer set-ups keep the per-layer
errors ‖δ_l‖ within a few decades of each other at initialisation?"""

from ..diagnostics import layer_norms, span_decades
from ..tasks import deep_net, fixed_batch
from .feedback import Feedback

#: Depth and width of every set-up, and the span (decades) that counts as healthy.
CURE_DEPTH, CURE_WIDTH, CURE_DECADES = 30, 16, 3.0
#: The four set-ups: letter -> (words, deep_net keywords).
CURE_SETUPS = {
    "A": ("sigmoid, Xavier, skips and batch norm together",
          dict(activation="sigmoid", init="xavier", residual=True, norm="batch")),
    "B": ("ReLU, He, no skips", dict(activation="relu", init="he")),
    "C": ("ReLU, He, with skips", dict(activation="relu", init="he", residual=True)),
    "D": ("ReLU, N(0, 1) weights, with skips",
          dict(activation="relu", init="normal", residual=True)),
}
#: Why a set-up that spans more than CURE_DECADES does, for a learner who chose it.
WHY_NOT = {
    "C": "A He layer already passes the error back at about its own size; a skip adds the "
         "identity path on top. What happens to a sum of two such terms, thirty times over?",
    "D": "A skip adds a path; it does not change what each ReLU layer with N(0, 1) weights "
         "multiplies the error by on the other path. Is that factor below or above 1?",
}


def cure_spans(seed=0):
    """letter -> span_decades of ‖δ_l‖ for each of ``CURE_SETUPS`` on the lesson's batch."""
    X, T = fixed_batch()
    return {letter: span_decades(layer_norms(deep_net(CURE_DEPTH, CURE_WIDTH, seed=seed,
                                                      **kwargs), X, T))
            for letter, (_, kwargs) in CURE_SETUPS.items()}


def _letters(answer):
    """The set of letters in ``answer`` (a string like "AB", or a set/list of letters)."""
    items = list(answer) if isinstance(answer, (str, set, frozenset, list, tuple)) else None
    if items is None or not all(isinstance(c, str) for c in items):
        raise TypeError
    chosen = {c.strip().upper() for c in items if c.strip() not in ("", ",")}
    if not chosen <= set(CURE_SETUPS):
        raise ValueError
    return chosen


def check_deep_cures(answer):
    """``answer``: the letters of the set-ups (``CURE_SETUPS``) whose thirty layers' errors
    span at most ``CURE_DECADES`` decades at initialisation, as a string like "AB" or a set."""
    try:
        chosen = _letters(answer)
    except (TypeError, ValueError):
        return Feedback(False, f"the answer is some of the letters {', '.join(CURE_SETUPS)}, "
                        f"as a string like \"AB\" or a set like {{\"A\", \"B\"}}; got "
                        f"{answer!r}.", "Write the letters of the set-ups you expect to "
                        f"stay within {CURE_DECADES:g} decades.")
    spans = cure_spans()
    truth = {c for c, s in spans.items() if s <= CURE_DECADES}
    if chosen == truth:
        listing = "; ".join(f"{c} ({CURE_SETUPS[c][0]}): {spans[c]:.1f}" for c in CURE_SETUPS)
        return Feedback(True, f"exactly {', '.join(sorted(truth))}. Decades spanned: "
                        f"{listing}. Skips cure vanishing, not exploding.")
    wrong = sorted(chosen - truth)
    if wrong:
        spans_text = ", ".join(f"{c} spans {spans[c]:.1f}" for c in wrong)
        return Feedback(False, f"{spans_text} decades: more than {CURE_DECADES:g}.",
                        WHY_NOT.get(wrong[0], "Estimate what each layer multiplies the "
                                    "error by on its way down."))
    return Feedback(False, f"every set-up you chose stays within {CURE_DECADES:g} decades, but "
                    "not every one that does is in your answer.", "For each set-up left out, "
                    "estimate what one layer multiplies the error by on its way down: the "
                    "weights and f′ on one path, plus 1 where there is a skip.")


__all__ = ["CURE_DECADES", "CURE_DEPTH", "CURE_SETUPS", "CURE_WIDTH", "check_deep_cures",
           "cure_spans"]
