"""Headless tests of lesson 05's explorers: every control, the extremes, presets, the train path."""

import contextvars
import math
import threading

import comm
import numpy as np
import pytest
from sweep import n_figures, pixels, sweep

from nnlib.runs.lr_training import MoonsRun
from nnlib.widgets import descent_explorer, lr_training_explorer


def test_descent_explorer_sweep_1d_and_2d():
    e = sweep(descent_explorer)
    assert set(e.controls) >= {"function", "lr", "momentum", "steps", "preset"}
    sweep(descent_explorer, function="2d", lr=0.4, steps=20)


def test_descent_d2l_numbers_in_the_title():
    """Source: D2L, section 12.3 (gradient descent on f(x) = x² from x = 10, 10 steps)."""
    e = descent_explorer()
    for lr, end in [(0.2, "x = 0.06047"), (0.05, "x = 3.487"), (1.1, "x = 61.92")]:
        e.update(lr=lr)
        assert end in e.title.get_text()
    assert "Diverging" in e.message.get_text()           # η = 1.1 grows: a clear message


@pytest.mark.parametrize("function", ["1d", "2d"])
def test_descent_at_eta_2_says_diverged(function):
    e = descent_explorer(function=function, lr=2.0, momentum=0.9, steps=50)
    assert e.message.get_text().startswith("Diverged")
    e.update(lr=0.001, momentum=0.0)
    assert e.message.get_text() == ""


def test_descent_presets_and_momentum():
    e = descent_explorer()
    e.apply_preset("2-D, η = 0.6: diverges")
    assert "Diverg" in e.message.get_text()
    e.apply_preset("2-D, η = 0.6 with momentum 0.5")
    assert e.message.get_text() == "" and "momentum 0.50" in e.title.get_text()


def test_lr_training_sweep_with_extremes():
    e = sweep(lr_training_explorer)
    assert set(e.controls) >= {"lr", "batch_size", "l1", "l2", "seed", "train", "stop"}
    e.update(lr=10.0, batch_size=1, l1=0.01, l2=0.05)
    assert e.message.get_text()                          # η = 10, batch 1: a message, no crash


def test_lr_training_messages_and_train_path():
    e = lr_training_explorer(lr=10.0)
    assert "Not learning" in e.message.get_text()
    e.update(lr=0.5, batch_size=4)                       # 50 steps per epoch: only part trains
    # whole chunks within 1500 steps: 50 steps (1 epoch), then 400-step chunks (8 epochs)
    assert e._plan()[:3] == [1, 8, 8] and sum(e._plan()) == 100
    assert len(e.train_loss) == 1 + 8 + 8 + 8 and "press train" in e.message.get_text()
    before = pixels(e)
    e.train()
    assert len(e.train_loss) == 100 and e.progress.value == 100 and pixels(e) != before
    assert e.message.get_text() == "" and "epoch 100" in e.title.get_text()
    assert e.val_loss[-1] < math.log(2)


def test_lr_training_button_thread_stop_and_no_new_figures():
    e = lr_training_explorer(batch_size=2)
    figures = n_figures()
    e.controls["train"].click()
    e.controls["stop"].click()
    e.thread.join(timeout=60)
    assert len(e.train_loss) < 100
    e.update(batch_size=200)                             # full batch: all 100 epochs at once
    assert len(e.train_loss) == 100
    assert n_figures() == figures


def test_a_slider_move_draws_the_first_chunk_then_trains_the_rest_in_the_background():
    e = lr_training_explorer()
    e.controls["lr"].value = 0.3                         # as the browser does: one chunk first
    first = len(e.train_loss)
    e.thread.join(timeout=60)
    assert first == e._plan()[0] == 7 and len(e.train_loss) == 100    # batch 32: 7 steps/epoch
    assert e.renders >= 1 + len(e._plan())               # a frame after every chunk
    # the same run as update() trains at once: the chunks are part of the run
    assert pixels(e) == pixels(lr_training_explorer(lr=0.3))
    assert e.message.get_text() == ""


def test_no_verdict_while_the_background_run_goes_on_and_stop_then_train_finishes():
    e = lr_training_explorer(lr=10.0)                    # "not learning" after 100 epochs
    assert "Not learning" in e.message.get_text()
    e.stop()
    with e._lock:                                        # hold the thread after its start
        e.controls["seed"].value = 1
        assert len(e.train_loss) == 7 and e.message.get_text() == ""
        e.stop()                                         # ends the run after this chunk
    e.thread.join(timeout=60)
    assert len(e.train_loss) < 100 and "Not learning" in e.message.get_text()   # stopped
    e.train()                                            # the same chunks on to 100 epochs
    assert len(e.train_loss) == 100 and "Not learning" in e.message.get_text()
    assert pixels(e) == pixels(lr_training_explorer(lr=10.0, seed=1))


def test_train_during_the_background_run_takes_over_and_goes_to_100():
    e = lr_training_explorer(batch_size=8)               # 25 steps per epoch: 50 in budget
    with e._lock:
        e.controls["batch_size"].value = 4               # 50 steps per epoch: 25 in budget
        e.train(block=False)                             # pressed while the run waits
    e.thread.join(timeout=120)
    assert len(e.train_loss) == 100
    assert pixels(e) == pixels(lr_training_explorer(batch_size=4).train())   # whole chunks


def test_a_new_move_cuts_the_background_chunk_short_and_sends_no_stale_frame():
    e = lr_training_explorer(batch_size=2)               # 100 steps per epoch: chunks 1, 4, 4 …
    inside, frames, trained = threading.Event(), [], []
    go_on, epochs, refresh = e._go_on, e._epochs, e.refresh

    def spy_go_on(epoch, history):                       # fit's callback, after each epoch
        if threading.current_thread() is not threading.main_thread():
            inside.set()
        return go_on(epoch, history)

    def spy_epochs(n):
        before = len(e.train_loss)
        epochs(n)
        trained.append((n, len(e.train_loss) - before))

    def spy_refresh():
        refresh()
        frames.append(e.value("seed"))

    e._go_on, e._epochs, e.refresh = spy_go_on, spy_epochs, spy_refresh
    e.controls["seed"].value = 1
    assert inside.wait(timeout=30)                       # the thread is in its 4-epoch chunk
    frames.clear()
    e.controls["seed"].value = 2
    e.thread.join(timeout=60)
    assert frames and set(frames) == {2}                 # no frame of the abandoned run
    assert any(n == 4 and done < 4 for n, done in trained), trained   # it stopped early
    assert pixels(e) == pixels(lr_training_explorer(batch_size=2, seed=2))


def test_the_background_run_sends_its_frames_as_part_of_the_move_that_started_it(monkeypatch):
    """ipykernel 7 keeps the request it is handling (a cell, a slider move) in a context
    variable and addresses every widget message with it; ipykernel 7.0 raises LookupError
    where the variable is not set, as in a thread started bare (an empty context): the
    background run died at its first widget update (after its first chunk, never drawn), and
    Binder showed the traceback. Here the comm looks the request up as ipykernel 7.0's does."""
    request = contextvars.ContextVar("request")          # no default, like ipykernel's
    sent = []

    class KernelComm(comm.DummyComm):
        def publish_msg(self, msg_type, *args, **kwargs):
            if msg_type != "comm_close":                 # (closing, when collected, aside)
                on_main = threading.current_thread() is threading.main_thread()
                sent.append((request.get(), on_main))    # LookupError where it is not set

    def handle(name, fn):                                # as the kernel handles a request
        def inside():
            request.set(name)
            return fn()
        return contextvars.copy_context().run(inside)

    monkeypatch.setattr(comm, "create_comm", KernelComm)
    e = handle("cell", lr_training_explorer)
    handle("move", lambda: setattr(e.controls["lr"], "value", 0.3))
    e.thread.join()
    assert len(e.train_loss) == 100 and e.progress.value == 100
    from_thread = [name for name, on_main in sent if not on_main]
    assert from_thread and set(from_thread) == {"move"}   # a frame after each chunk, and more


def test_bad_updates_are_named():
    e = descent_explorer()
    with pytest.raises(ValueError, match="lr must be between 0.001 and 2"):
        e.update(lr=3)
    with pytest.raises(ValueError, match="function must be one of"):
        e.update(function="3d")


def test_the_background_run_trains_its_own_settings_whatever_the_controls_say_meanwhile():
    """ipykernel 7 handles comm messages on subshell threads: a control can hold its new
    value before its change is handled (``changed()`` waits for the lock the background chunk
    holds). The background chunks read the batch size and the seed from the controls, and the
    thread's own frame rebuilt the network: it trained the old run with the new settings, or
    a new run the move had not asked for yet. Now the run owns its settings and the thread
    touches only its run."""
    e = lr_training_explorer(batch_size=8)
    with e._lock:                                        # the thread waits for this
        e.controls["lr"].value = 0.3                     # a move: the rest in the background
        with e._hold():                                  # a later move, not yet handled
            e.controls["seed"].value = 5
            e.controls["batch_size"].value = 4
    e.thread.join(timeout=60)
    alone = MoonsRun(lr=0.3, batch_size=8).train(e.run.epochs_within(e.BUDGET))
    assert e.train_loss == alone.train_loss and e.run.settings == alone.settings
    assert "batch size 8" in e.title.get_text() and "seed 0" in e.title.get_text()
    e.changed()                                          # the later move, handled
    assert e.run.settings == dict(lr=0.3, batch_size=4, l1=0.0, l2=0.0, seed=5)
    assert "batch size 4" in e.title.get_text()


# -- conditioning_explorer: steps to a tolerance against κ -----------------------------------

def test_conditioning_explorer_sweep():
    from nnlib.widgets import conditioning_explorer
    e = sweep(conditioning_explorer, n_random=5)
    assert set(e.controls) >= {"kappa", "tol", "preset"}


def test_conditioning_explorer_title_and_marker_follow_kappa():
    from nnlib.widgets import conditioning_explorer
    e = conditioning_explorer(kappa=100.0, tol=1e-6)
    # plain descent at η = 1/101 needs ln(1e-6)/ln(99/101) = 690.8 → 691 steps; momentum at its
    # best η and μ needs more than its line (68.8) but far fewer than plain
    title = e.title.get_text()
    assert "plain descent: 691 steps;  momentum: 93 steps, 7.43× fewer" in title
    # the settings are not shown: lesson 05's exercises ask for them (μ = 0.669 here)
    assert "μ =" not in title and "η =" not in title and "0.669" not in title
    assert list(e.marker.get_xdata()) == [100.0, 100.0]
    _, plain_dots, plain_at = e.lines["plain"]
    assert plain_at.get_ydata()[0] == 691
    e.update(kappa=1e4)
    assert list(e.marker.get_xdata()) == [1e4, 1e4]
    assert "crawls" in e.message.get_text()
    e.apply_preset("κ = 1: a round bowl")
    assert "round bowl" in e.message.get_text()
    assert "plain descent: 1 step;  momentum: 1 step, the same count" in e.title.get_text()
    assert "1 steps" not in e.title.get_text() and "1× fewer" not in e.title.get_text()
    assert e.state() == {"kappa": 1.0, "tol": 1e-6}


def test_conditioning_explorer_message_stays_off_the_curves():
    """The message box (in the lower right corner) covers no dot, line or marker, for every
    κ and tolerance at which it shows."""
    from nnlib.widgets import conditioning_explorer
    e = conditioning_explorer(kappa=1.0, tol=1e-6)
    shown = 0
    for tol in (1e-1, 1e-2, 1e-6, 1e-12):
        for kappa in (1.0, 300.0, 1e3, 3e3, 1e4):
            e.update(kappa=kappa, tol=tol)
            if not e.message.get_text():
                continue
            shown += 1
            renderer = e.figure.canvas.get_renderer()
            box = e.message.get_window_extent(renderer).padded(8)
            for theory, dots, at in e.lines.values():
                for line in (theory, dots, at):
                    xy = e.ax.transData.transform(np.column_stack(line.get_data()))
                    inside = ((box.x0 <= xy[:, 0]) & (xy[:, 0] <= box.x1)
                              & (box.y0 <= xy[:, 1]) & (xy[:, 1] <= box.y1))
                    assert not np.any(inside), (kappa, tol)
    assert shown >= 8


def test_conditioning_explorer_tolerance_moves_the_curves():
    from nnlib.widgets import conditioning_explorer
    e = conditioning_explorer(kappa=100.0, tol=1e-6)
    before = e.lines["plain"][1].get_ydata().copy()
    e.update(tol=1e-12)
    after = e.lines["plain"][1].get_ydata()
    # twice the digits: about twice the steps for every κ > 1
    assert np.allclose(after[1:] / before[1:], 2, rtol=0.1)


def test_conditioning_explorer_refuses_bad_values():
    from nnlib.widgets import conditioning_explorer
    e = conditioning_explorer()
    with pytest.raises(ValueError, match="kappa must be between"):
        e.update(kappa=0.5)
    with pytest.raises(ValueError, match="tol must be between"):
        e.update(tol=0.5)
    with pytest.raises(TypeError, match="kappa must be a number"):
        e.update(kappa="big")
