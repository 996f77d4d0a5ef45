"""Classroom mode: every lesson as a Voila app and as slides with live explorers.

A teacher projects the app (Voila: controls and figures, no code) or the slides
(jupyterlab-slideshow, which presents the notebook inside JupyterLab, so its widgets stay live;
jupyterlab-rise cannot load ipywidgets 8, jupyterlab-contrib/rise#119). An explorer shown alone
must explain itself, so each carries a header: its ``TITLE`` and a line "Try: ...".

* ``test_every_explorer_has_a_header``, ``test_the_header_is_above_the_controls``: the header,
  without a browser.
* ``test_voila_renders_every_lesson``: Voila's own server on a free localhost port, every
  notebook (00, the app index the README's second Binder badge opens, and each lesson)
  rendered one after another in one headless Chromium page. Every widget view the stored
  notebook holds renders, with its header; nothing on the page is an error or stderr output;
  an arrow key on the first slider of one explorer changes its figure (a new ``src``).
* ``test_every_lesson_is_a_slideshow_of_10_to_30_slides_with_explorers_alone``: the slide
  metadata (``cell.metadata.slideshow.slide_type``) the slideshow reads, lesson by lesson.
* ``test_lesson_01_as_a_slideshow_keeps_its_explorer_live``: lesson 01 in real JupyterLab at
  1024 x 768, in deck mode, stepped slide by slide to its first explorer, whose slider repaints.

The browser is Debian's Chromium driven by Playwright, as in tests/test_browser.py (whose
helpers this module reuses): without it these tests skip, except under CI=true. On failure a
screenshot is saved in test-artifacts/.
"""

import json
import shutil
import subprocess
import sys
import time

import pytest
from test_browser import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    KERNEL_IDLE,
    NO_BUSY_PROMPTS,
    OPEN,
    ROOT,
    RUN_ALL,
    TOKEN,
    _free_port,
    _run,
    _write_settings,
    chromium_and_playwright,
    start_lab,
)

import nnlib.widgets as nw
from nnlib.widgets import Explorer
from nnlib.widgets.explorer import _header_html

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
ERRORS = (".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], "
          ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")
HEADER = ".widget-html:has-text('Try:')"
TIMINGS = {}                             # what each browser test took (s), printed at the end


# -- the header, headless -------------------------------------------------------------------

def _explorer_classes():
    """Every Explorer subclass the course's widgets define."""
    found, todo = set(), [Explorer]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub.__module__.startswith("nnlib.widgets") and sub not in found:
                found.add(sub)
                todo.append(sub)
    return sorted(found, key=lambda c: c.__name__)


def test_every_explorer_has_a_header():
    classes = _explorer_classes()
    assert len(classes) >= 14, [c.__name__ for c in classes]
    missing = [cls.__name__ for cls in classes if not (cls.TITLE.strip() and cls.TRY.strip())]
    assert not missing, f"these explorers set no TITLE or TRY: {missing}"
    for cls in classes:
        # one line above the figure: 900-1080 px at about 7 px a character
        assert "\n" not in cls.TRY and len(cls.TRY) <= 150, f"{cls.__name__}.TRY: one short line"
        assert not cls.TRY.lower().startswith("try"), f"{cls.__name__}: the header adds 'Try:'"


def test_the_header_is_above_the_controls():
    ex = nw.perceptron_explorer()
    header, panel = ex.widget.children[:2]
    assert header is ex.header
    assert "One neuron as a logic gate" in header.value
    assert "<b>Try:</b> pick a gate" in header.value
    assert ex.controls["w1"] in [w for box in panel.children for w in box.children]
    # markup in a title is shown as text, not interpreted; an empty part is left out
    assert _header_html("a <b> & c", "") == "<b style='font-size:1.4em'>a &lt;b&gt; &amp; c</b>"
    assert _header_html("", "x < y") == "<span style='font-size:1.15em'><b>Try:</b> x &lt; y</span>"


def test_a_playground_says_what_to_try_on_the_data_it_opens_on():
    """On a slide the header is all the teacher has: the spiral's playground must not say
    "start with circle"."""
    import html

    from nnlib.widgets.playground import TRY_LINES, Playground
    for key, line in TRY_LINES.items():
        assert "\n" not in line and len(line) <= 150, key
        assert not line.lower().startswith("try"), key
    assert html.escape(TRY_LINES["spiral"]) in nw.playground(data="spiral").header.value
    assert html.escape(TRY_LINES["L1"]) in nw.playground(regularization="L1").header.value
    assert html.escape(Playground.TRY) in nw.playground().header.value


def test_an_explorer_without_title_or_try_has_no_header():
    class Bare(nw.perceptron.PerceptronExplorer):
        TITLE = TRY = ""

    ex = Bare()
    assert ex.header.value == ""
    assert ex.header not in ex.widget.children
    assert len(ex.widget.children) == 3


# -- the browser ----------------------------------------------------------------------------

def _widget_views(name):
    """How many widget views the stored notebook ``name`` shows (each explorer is one)."""
    cells = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))["cells"]
    return sum(WIDGET_VIEW in out.get("data", {}) for cell in cells if cell["cell_type"] == "code"
               for out in cell.get("outputs", []))


def _explorers(name):
    """How many explorers (a widget view with a picture of its figure) the stored notebook shows."""
    cells = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))["cells"]
    return sum(WIDGET_VIEW in data and ("image/png" in data or "image/jpeg" in data)
               for cell in cells if cell["cell_type"] == "code"
               for data in (out.get("data", {}) for out in cell.get("outputs", [])))


def _wait_for_server(page, url, tries=120):
    for _ in range(tries):
        try:
            return page.goto(url)
        except Exception:
            time.sleep(0.5)
    raise AssertionError(f"no server answered at {url}")


def _screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"classroom_{name}.png"), full_page=True)


def _assert_no_errors(page, name):
    errors = page.locator(ERRORS)
    assert errors.count() == 0, f"{name}: {errors.first.inner_text()[:500]}"
    text = page.locator("body").inner_text()
    for sign in ("Traceback (most recent call last)", "There was an error when executing"):
        assert sign not in text, f"{name}: the page shows {sign!r}"


def _slider_repaints(page, view):
    """Press → on the first slider of the explorer ``view``; assert its image gets a new src."""
    image = view.locator("img.widget-image").first
    handle = view.locator(".noUi-handle").first
    image.scroll_into_view_if_needed()
    before = image.get_attribute("src")
    handle.focus()
    handle.press("ArrowRight")
    page.wait_for_function("([img, src]) => img.getAttribute('src') !== src",
                           arg=[image.element_handle(), before], timeout=15_000, polling=50)


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, one for the module (Playwright's sync API runs once per thread)."""
    chromium, sync_playwright = chromium_and_playwright()
    with sync_playwright() as p:
        chrome = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield chrome
        chrome.close()


@pytest.fixture(scope="module")
def voila(browser, tmp_path_factory):
    """A page of headless Chromium and the base URL of Voila serving a copy of notebooks/."""
    work = tmp_path_factory.mktemp("voila")
    shutil.copytree(ROOT / "notebooks", work / "notebooks")
    port = _free_port()
    log = open(work / "voila.log", "w", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "voila", "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
         f"--token={TOKEN}", "--show_tracebacks=True", str(work / "notebooks")],
        stdout=log, stderr=subprocess.STDOUT, cwd=work)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        base = f"http://127.0.0.1:{port}"
        _wait_for_server(page, f"{base}/?token={TOKEN}")
        yield page, base
        page.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_voila_renders_every_lesson(voila, name, capsys):
    page, base = voila
    started = time.perf_counter()
    try:
        page.goto(f"{base}/voila/render/{name}?token={TOKEN}", timeout=120_000)
        views, explorers = _widget_views(name), _explorers(name)
        rendered = page.locator(".jp-OutputArea-output .jupyter-widgets.widget-vbox, "
                                ".jp-OutputArea-output .jupyter-widgets.widget-box")
        page.wait_for_function(
            "(n) => document.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets')"
            ".length >= n", arg=views, timeout=180_000, polling=200)
        assert rendered.count() >= views
        _assert_no_errors(page, name)
        shown = page.locator(f".jp-OutputArea-output:has(img.widget-image):has({HEADER})")
        assert shown.count() == explorers, (
            f"{name}: {shown.count()} of {explorers} explorers show a figure and a header")
        sliders = page.locator(".jp-OutputArea-output:has(img.widget-image):has(.noUi-handle)")
        if name != "00_index.ipynb":
            assert sliders.count() >= 1, f"{name}: no explorer with a slider"
        if sliders.count():
            _slider_repaints(page, sliders.first)
        _assert_no_errors(page, name)     # a callback that raised shows under its figure
    except Exception:
        _screenshot(page, f"voila_{name}")
        raise
    TIMINGS[f"voila {name}"] = time.perf_counter() - started
    with capsys.disabled():
        print(f"\nVoila {name}: {views} widget views, {explorers} explorers, "
              f"{TIMINGS[f'voila {name}']:.1f} s")


# -- RISE -----------------------------------------------------------------------------------

def _slide_types(name):
    cells = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))["cells"]
    return [c["metadata"].get("slideshow", {}).get("slide_type", "-") for c in cells]


LESSONS = sorted(p.name for p in (ROOT / "notebooks").glob("0[1-9]_*.ipynb"))


def test_there_are_seven_lessons_to_show():
    assert len(LESSONS) == 7, LESSONS


@pytest.mark.parametrize("name", LESSONS)
def test_every_lesson_is_a_slideshow_of_10_to_30_slides_with_explorers_alone(name):
    types = _slide_types(name)
    cells = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))["cells"]
    assert set(types) <= {"slide", "subslide", "fragment", "skip", "notes", "-"}
    # A cell that continues a slide carries no slide type: jupyterlab-slideshow 0.3.4 hides a
    # cell whose type is the string "-" (RISE reads both the same way).
    written = [i for i, c in enumerate(cells) if "-" == c["metadata"].get("slideshow", {})
               .get("slide_type")]
    assert not written, f"cells {written}: leave out slide_type '-' (the deck hides them)"
    assert types[0] == "slide"
    # "about 10-25 slides": the long lessons (04, 05: ~90 cells) take a few more, so that no
    # slide runs far past a 1024 x 768 screen
    assert 10 <= types.count("slide") + types.count("subslide") <= 30
    for i, cell in enumerate(cells):
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and source.startswith("## "):
            assert types[i] == "slide", f"cell {i} opens a section: {source.splitlines()[0]}"
        if any(WIDGET_VIEW in out.get("data", {}) for out in cell.get("outputs", [])):
            after = [t for t in types[i + 1:] if t not in ("notes", "skip")]
            assert types[i] == "slide" and (not after or after[0] in ("slide", "subslide")), (
                f"cell {i}: an explorer has a slide of its own")
        if cell["cell_type"] == "code" and source.startswith("import "):
            assert types[i] == "skip", f"cell {i}: set-up is skipped in the slideshow"
        if cell["cell_type"] == "markdown" and source.lstrip().startswith("<details>"):
            assert types[i] == "notes", f"cell {i}: folded answers are the speaker's notes"
        if cell["cell_type"] == "markdown" and source.startswith("### Exercise"):
            assert types[i] in ("slide", "subslide"), f"cell {i}: an exercise starts a slide"


# -- the slideshow in a real browser --------------------------------------------------------

ACTIVE = "() => window.jupyterapp.shell.currentWidget.content.activeCellIndex"
DECK = "async () => {{ await window.jupyterapp.commands.execute('deck:{}'); }}"


def _next_slide(page, k):
    """What the space bar does in deck mode: down (a sub-slide or fragment), else forward."""
    was = page.evaluate(ACTIVE)
    for move in ("down", "forward"):
        _run(page, f"deck-{move}-{k}", DECK.format(move))
        page.wait_for_timeout(300)
        if page.evaluate(ACTIVE) != was:
            return page.evaluate(ACTIVE)
    return was


def test_lesson_01_as_a_slideshow_keeps_its_explorer_live(browser, tmp_path):
    """Lesson 01 in JupyterLab with jupyterlab-slideshow on a projector's 1024 x 768 screen:
    run it, start the deck at the title, step through the slides with the space bar's moves
    to the first explorer; on that slide the explorer is the only cell on screen, its figure
    is inside the screen, and → on its first slider repaints the figure."""
    name = "01_perceptron.ipynb"
    cells = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))["cells"]
    explorer = next(i for i, c in enumerate(cells)
                    if any(WIDGET_VIEW in out.get("data", {}) for out in c.get("outputs", [])))
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    _write_settings(tmp_path / "settings")
    server, port, log = start_lab(tmp_path)
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    started = time.perf_counter()
    try:
        _wait_for_server(page, f"http://127.0.0.1:{port}/lab?reset&token={TOKEN}")
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell",
                               timeout=90_000)
        _run(page, "open", OPEN, f"notebooks/{name}", timeout=120_000)
        page.wait_for_function(KERNEL_IDLE, timeout=120_000)
        _run(page, "run-all", RUN_ALL, timeout=300_000)
        page.wait_for_function(NO_BUSY_PROMPTS, timeout=300_000, polling=100)
        page.wait_for_function(KERNEL_IDLE, timeout=120_000)
        page.evaluate("() => { window.jupyterapp.shell.currentWidget.content"
                      ".activeCellIndex = 0; }")        # the deck starts at the active cell
        _run(page, "deck-start", DECK.format("start"))
        page.wait_for_selector("body[data-jp-deck-mode='presenting']", state="attached",
                               timeout=60_000)
        seen = [page.evaluate(ACTIVE)]
        while seen[-1] < explorer:
            seen.append(_next_slide(page, len(seen)))
            assert seen[-1] > seen[-2], f"the deck stopped at cell {seen[-1]}: {seen}"
        assert seen[-1] == explorer, f"the deck skipped the explorer's cell {explorer}: {seen}"
        assert len(seen) >= 5, f"cells 0-{explorer} are {len(seen)} steps, not slides: {seen}"
        on_screen = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell:visible")
        assert on_screen.count() == 1, f"{on_screen.count()} cells share the explorer's slide"
        view = on_screen.first.locator(".jp-OutputArea-output:has(img.widget-image)")
        assert view.locator(HEADER).count() == 1, "the explorer's header is not on the slide"
        box = view.locator("img.widget-image").first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 1024, box
        before = view.locator("img.widget-image").first.screenshot()
        _slider_repaints(page, view)
        page.wait_for_timeout(100)
        assert view.locator("img.widget-image").first.screenshot() != before
        _assert_no_errors(page, name)
        page.keyboard.press("Escape")          # what the guide says leaves the slides
        page.wait_for_selector("body[data-jp-deck-mode='presenting']", state="detached",
                               timeout=15_000)
    except Exception:
        _screenshot(page, "slides_01")
        raise
    finally:
        page.close()
        server.terminate()
        server.wait(timeout=30)
        log.close()
    TIMINGS["slides 01"] = time.perf_counter() - started
