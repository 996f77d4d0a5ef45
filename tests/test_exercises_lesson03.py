"""Lesson 03's checks: two right answers each, wrong answers with their reason, and junk.

Published numbers (seed 003's worked example): ∂E/∂w1 = 0.000438568; ∂E/∂w6 = δo1·out_h2 =
0.138498562 × 0.596884378.
"""

import numpy as np

from nnlib.exercises import (
    backprop_a,
    backprop_b,
    check_dE_dw1,
    check_dE_dw6,
    check_out_o2_after_update,
    check_wrong_implementation,
)
from nnlib.exercises.lesson03 import out_o2_after_update


def test_dE_dw6():
    assert check_dE_dw6(0.138498562 * 0.596884378)
    assert check_dE_dw6(np.float64(0.0826676))           # within 1e-6
    fb = check_dE_dw6(0.082167041)                        # that is dE/dw5
    assert not fb and "∂E/∂w5" in fb.message and "out_h2" in fb.hint
    assert not check_dE_dw6(0.083)
    assert "Hint:" in repr(check_dE_dw6(0.5))


def test_dE_dw1():
    assert check_dE_dw1(0.000438568)
    assert check_dE_dw1(0.0004386)
    fb = check_dE_dw1(0.138498562 * 0.40 * 0.241300709 * 0.05)   # the o1 path only
    assert not fb and "only the path through o1" in fb.message and "δo2·w7" in fb.hint
    assert "wrong sign" in check_dE_dw1(-0.000438568).message


def test_out_o2_after_update():
    truth = out_o2_after_update()
    assert round(truth, 9) == 0.775284968
    assert check_out_o2_after_update(truth) and check_out_o2_after_update(0.7752850)
    fb = check_out_o2_after_update(0.772928465)
    assert not fb and "before the update" in fb.message
    # the post's procedure (hidden δ from the updated w5 … w8) differs by 4e-7: also accepted
    assert check_out_o2_after_update(out_o2_after_update(sequential=True))


def test_wrong_implementation():
    assert check_wrong_implementation("a") and check_wrong_implementation(backprop_a)
    assert check_wrong_implementation(" Backprop_A ")
    fb = check_wrong_implementation("b")
    assert not fb and "right one" in fb.message
    assert not check_wrong_implementation(backprop_b)


def test_junk_gives_feedback_not_a_traceback():
    for junk in [None, "0.08", [0.08, 0.1], float("nan"), True, np.array([1.0, 2.0])]:
        for check in (check_dE_dw6, check_dE_dw1, check_out_o2_after_update):
            fb = check(junk)
            assert not fb and "finite number" in fb.message
    for junk in [None, "c", "", 1, "ab", print]:
        fb = check_wrong_implementation(junk)
        assert not fb and '"a" or "b"' in fb.message


def test_out_o2_wrong_output_named():
    import nnlib
    ex = nnlib.worked_example()
    nnlib.forward_backward(ex.net, "half_mse", ex.X, ex.T)
    ex.optimizer.step(ex.net)
    out_o1 = float(ex.net.forward(ex.X)[0, 0])
    fb = check_out_o2_after_update(out_o1)
    assert not fb and "out_o1 after the update" in fb.message
