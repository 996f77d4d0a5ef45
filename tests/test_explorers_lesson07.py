"""Headless tests of lesson 07's explorers: every control, the extremes, presets, the background
training path."""

import numpy as np
import pytest
from sweep import n_figures, pixels, sweep

from nnlib.tasks.lesson07 import digit_sets, final_run
from nnlib.widgets.digits import EPOCHS, digit_outputs_explorer, digits_training_explorer


def test_digits_training_sweep():
    e = sweep(digits_training_explorer, n_random=2, n_train=200)
    assert set(e.controls) >= {"optimizer", "lr", "hidden", "dropout", "n_train", "stop",
                               "preset"}


def test_digits_training_trains_20_epochs_and_never_shows_the_test_set():
    e = digits_training_explorer()
    assert e.run.epochs == EPOCHS == 20 and e.message.get_text() == ""
    assert not hasattr(e.run, "test_accuracy") and not hasattr(e, "test_text")
    texts = [t.get_text() for t in e.figure.findobj(lambda a: hasattr(a, "get_text"))]
    assert not any("test" in t for t in texts), texts
    assert "64-64-10" in e.title.get_text() and "Adam" in e.title.get_text()


@pytest.mark.parametrize("optimizer", ["sgd", "momentum"])
def test_eta_at_its_maximum_says_so_with_the_epoch_fit_names(optimizer):
    e = digits_training_explorer(optimizer=optimizer, lr=10.0)
    epoch = int(e.run.diverged.split("epoch ")[1].split(")")[0].split(":")[0])
    assert e.message.get_text().startswith(f"Diverged in epoch {epoch}:")
    assert e.run.diverged_epoch == epoch == e.run.epochs + 1     # no curve for that epoch
    e.update(lr=0.01)
    assert e.message.get_text() == ""


def test_high_accuracy_with_a_huge_loss_is_not_called_not_learning():
    e = digits_training_explorer(optimizer="adam", lr=10.0)
    text = e.message.get_text()
    assert e.run.curves["acc"][-1] > 0.9 and e.run.curves["loss"][-1] > 2.31
    assert "Not learning" not in text and "worse than\nchance" in text and "misreads" in text
    assert "above 10 are off this axis" in e.outside.get_text()


def test_a_tiny_eta_is_not_learning():
    e = digits_training_explorer(optimizer="sgd", lr=1e-4)
    assert "Not learning" in e.message.get_text()


def test_curves_are_measured_in_evaluation_mode():
    """With dropout the training curve is the accuracy with nothing dropped, after the epoch."""
    e = digits_training_explorer(n_train=100, hidden=256, dropout=0.8)
    X, y = digit_sets()[:2]
    z = e.run.net(X[:100])
    assert e.run.curves["acc"][-1] == np.mean(z.argmax(axis=1) == y[:100])


def test_presets_match_the_sections_they_name():
    e = digits_training_explorer()
    for name, values in e.presets.items():
        if "section 4" in name:
            assert values["lr"] == 0.01 and values["hidden"] == 64 and values["n_train"] == 1078
        if "section 6" in name:
            assert (values["optimizer"], values["lr"], values["hidden"]) == ("adam", 0.001, 64)
    e.apply_preset("100 digits, 256 units, Adam")
    assert e.run.curves["acc"][-1] == 1.0 and e.run.curves["val_acc"][-1] < 0.93
    assert e.message.get_text() == ""          # a gap, not a failure: the title gives both
    e.apply_preset("2 hidden units, Adam")
    assert e.run.curves["acc"][-1] < 0.9 and e.run.curves["val_acc"][-1] < 0.9
    e.apply_preset("SGD, η = 10")
    assert "Diverged" in e.message.get_text()


def test_figure_text_is_large_enough():
    """At least 13 pt at 80 dpi, the figure 900 px wide: shown 1 : 1, about 14 px."""
    e = digits_training_explorer()
    assert e.figure.get_figwidth() * e.figure.dpi <= 900
    sizes = [t.get_fontsize() for t in e.figure.findobj(lambda a: hasattr(a, "get_fontsize"))
             if getattr(t, "get_text", lambda: "")()]
    assert sizes and min(sizes) >= 13


def test_a_slider_move_draws_the_first_chunk_then_trains_the_rest_in_the_background():
    e = digits_training_explorer(n_train=300)
    figures = n_figures()
    with e._lock:                                    # hold the thread after its start
        e.controls["hidden"].value = 32              # as the browser does
        first = e.run.epochs
    e.thread.join(timeout=60)
    assert first == e.run.plan()[0] == 2 and e.run.epochs == EPOCHS
    assert e.renders >= 1 + len(e.run.plan())
    assert pixels(e) == pixels(digits_training_explorer(n_train=300, hidden=32))
    assert n_figures() == figures + 1                # only the explorer built for comparison


def test_stop_ends_the_background_run_early():
    e = digits_training_explorer(n_train=1078, hidden=256)
    with e._lock:                                    # hold the thread before its first chunk
        e.controls["dropout"].value = 0.5
        e.stop()
    e.thread.join(timeout=60)
    assert e.run.epochs < EPOCHS
    assert e.message.get_text().startswith(f"Stopped after {e.run.epochs} of 20 epochs")
    e.update(dropout=0.0)                            # a new run: trained to the end
    assert e.run.epochs == EPOCHS and e.message.get_text() == ""


def test_digit_outputs_sweep_and_presets():
    e = sweep(digit_outputs_explorer, n_random=10)
    assert any(name.startswith("a mistake") for name in e.presets)
    name = next(name for name in e.presets if name.startswith("a mistake"))
    e.apply_preset(name)
    assert "wrong" in e.title.get_text()
    e.update(index=3)
    assert "right" in e.title.get_text()


def test_digit_outputs_bars_are_the_softmax_of_the_trained_network():
    e = digit_outputs_explorer(index=5)
    net, _ = final_run()
    Xt = digit_sets()[4]
    z = net(Xt[5:6])[0]
    p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    heights = np.array([bar.get_height() for bar in e.bars])
    assert np.allclose(heights, p) and heights.sum() == pytest.approx(1.0)


def test_bad_updates_are_named():
    e = digit_outputs_explorer()
    with pytest.raises(ValueError, match="index must be between 0 and 358"):
        e.update(index=359)


def test_digit_outputs_image_is_upright_on_screen():
    """The inked top row of a digit is drawn at the top of the image (the frame's pixels)."""
    import io

    from PIL import Image
    e = digit_outputs_explorer(index=3)
    e.raw = np.zeros_like(e.raw)
    e.raw[3, :8] = 16                                  # only the top row inked
    e.refresh()
    ax = e.figure.axes[0]
    box = ax.get_window_extent()
    img = np.asarray(Image.open(io.BytesIO(e.live.png())).convert("L")).astype(float)
    height = img.shape[0]
    top, bottom = int(height - box.y1), int(height - box.y0)
    left, right = int(box.x0), int(box.x1)
    rows = img[top:bottom, left:right].mean(axis=1)
    dark = np.flatnonzero(rows < 128)
    assert len(dark) and dark.max() < (bottom - top) / 4, (dark, bottom - top)
