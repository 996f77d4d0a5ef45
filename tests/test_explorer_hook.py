"""The Explorer base class: the one change hook, long work in chunks, log sliders' echoes.

Every explorer's control changes and ``update()`` end in ``changed()``: a new run only when
``run_key()`` changes, ``draw()`` only paints. Long work: a stop or abandon meant for old
work never stops new work. Log sliders: the page's rounded echo of a value is not a move.
"""

import threading

import pytest

from nnlib.widgets import descent_explorer, lr_training_explorer, training_explorer
from nnlib.widgets.explorer import Explorer


class Counting(Explorer):
    """An explorer whose run is a dict of its key: counts builds, starts and draws."""

    def __init__(self, a=1.0, b=0.0):
        super().__init__(size=(3, 2))
        self.slider("a", 1.0, 0, 5, 0.5)     # defines the run
        self.slider("b", 0.0, 0, 5, 0.5)     # only drawn
        self.built, self.starts, self.draws = 0, 0, 0
        self.text = self.live.dynamic(self.figure.text(0.1, 0.5, ""))
        self.finish([["a", "b"]], dict(a=a, b=b))

    def run_key(self):
        return self.value("a")

    def make_run(self):
        self.built += 1
        return {"a": self.value("a"), "number": self.built}

    def started(self):
        self.starts += 1

    def draw(self):
        self.draws += 1
        self.text.set_text(f"run {self.run['number']} a={self.run['a']} b={self.value('b')}")


def test_a_new_run_only_when_its_key_changes():
    e = Counting()
    assert (e.built, e.starts, e.draws) == (1, 1, 1) and e.run == {"a": 1.0, "number": 1}
    e.update(b=2.0)                               # drawn, same run
    assert (e.built, e.starts, e.draws) == (1, 1, 2)
    e.controls["b"].value = 3.0                   # a slider move: the same path
    assert (e.built, e.draws) == (1, 3)
    e.controls["a"].value = 2.0                   # the run's key: a new run, then one draw
    assert (e.built, e.starts, e.draws) == (2, 2, 4) and e.run == {"a": 2.0, "number": 2}
    e.update(a=2.0, b=3.0)                        # nothing changed: no new run
    assert e.built == 2 and e.draws == 5
    e.refresh()                                   # a background frame: draw only
    assert e.built == 2 and e.draws == 6
    assert "run 2 a=2.0 b=3.0" == e.text.get_text()


def test_a_new_run_abandons_the_work_of_the_old_one():
    e = Counting()
    generation = e._generation
    e.update(b=1.0)
    assert e._generation == generation            # no new run: the work goes on
    e.update(a=3.0)
    assert e._generation == generation + 1        # a new run: the old run's work is abandoned


class _AbandonerLock:
    """The explorer's lock, except in the thread named "abandoner", where taking it waits for
    ``go`` instead: so a test can choose the moment an ``abandon()`` that waited for the lock
    (held by the old work's chunk) gets it."""

    def __init__(self, lock):
        self.lock, self.go = lock, threading.Event()

    def __enter__(self):
        if threading.current_thread().name == "abandoner":
            assert self.go.wait(timeout=30)
        else:
            self.lock.acquire()

    def __exit__(self, *exc):
        if threading.current_thread().name != "abandoner":
            self.lock.release()


def test_train_right_after_a_control_change_is_not_stopped_by_the_late_abandon():
    """A control change abandons the old work; its stop signal is given once the old chunk
    lets go of the lock, which can be after the train button started new work (ipykernel 7
    handles comm messages on subshell threads). That late signal stopped the new work after
    its first chunk: the press of "train" was lost."""
    e = training_explorer(steps=50)
    e._lock = _AbandonerLock(e._lock)
    abandoner = threading.Thread(target=e.abandon, name="abandoner")
    abandoner.start()                             # the control change: waits for the lock
    train = e.run.train

    def first_chunk_lets_the_abandon_finish(steps, go_on=None):
        e._lock.go.set()
        abandoner.join(timeout=30)                # its signal has landed
        return train(steps, go_on)

    e.run.train = first_chunk_lets_the_abandon_finish
    e.train(30)                                   # chunks of 10 steps
    assert not abandoner.is_alive()
    assert len(e.loss) == 30 and e.progress.value == 30     # all three chunks, not one


def test_stop_before_train_and_stop_of_old_work_do_not_reach_new_work():
    e = training_explorer(steps=50)
    e.stop()                                      # nothing running: the next train ignores it
    e.train(20)
    assert len(e.loss) == 20
    e.train(block=False)
    e.stop()
    e.thread.join(timeout=60)
    stopped_at = len(e.loss)
    assert stopped_at < 20 + 50
    e.train(20)                                   # a new train after a stop runs in full
    assert len(e.loss) == stopped_at + 20


# -- log sliders: the page's rounded echo of a value ---------------------------------------------

def _echo(slider, value):
    """What the page sends when it renders ``slider`` at ``value``: the value rounded to the
    slider's grid in log_b (ipywidgets' FloatLogSliderView, through ``_handle_msg``)."""
    import math
    exponent = slider.min + round((math.log(value, slider.base) - slider.min) / slider.step) \
        * slider.step
    return slider.base ** exponent


def _from_page(slider, value):
    slider._handle_msg({"content": {"data": {"method": "update", "state": {"value": value},
                                             "buffer_paths": []}}, "buffers": []})


def test_a_log_slider_keeps_its_value_when_the_page_echoes_it_rounded():
    e = descent_explorer(lr=0.2)
    slider = e.controls["lr"]
    echo = _echo(slider, 0.2)
    assert echo != 0.2 and f"{echo:.4f}" == "0.1995"         # what the page sends back
    renders = e.renders
    _from_page(slider, echo)
    assert e.state()["lr"] == 0.2 and e.renders == renders    # kept, and no redraw
    _from_page(slider, _echo(slider, 0.2) * 10 ** slider.step)    # one step to the right
    assert e.state()["lr"] == pytest.approx(10 ** -0.69) and e.renders == renders + 1
    e.update(lr=0.2)                                          # code sets any value, as before
    assert e.state()["lr"] == 0.2


def test_the_lr_explorer_does_not_retrain_for_the_echo_of_its_eta():
    e = lr_training_explorer(lr=0.5, batch_size=200)
    run = e.run
    _from_page(e.controls["lr"], _echo(e.controls["lr"], 0.5))   # 0.501
    assert e.run is run and e.state()["lr"] == 0.5
