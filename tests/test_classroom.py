"""Classroom mode: every lesson as a Voila app; lesson 01's slide metadata.

A teacher projects the app (Voila: controls and figures, no code). An explorer shown alone
must explain itself, so each carries a header: its ``TITLE`` and a line "Try: ...".

* ``test_every_explorer_has_a_header``, ``test_the_header_is_above_the_controls``: the header,
  without a browser.
* ``test_voila_renders_every_lesson``: Voila's own server on a free localhost port, every
  notebook (00, the app index the README's second Binder badge opens, and each lesson)
  rendered one after another in one headless Chromium page. Every widget view the stored
  notebook holds renders, with its header; nothing on the page is an error or stderr output;
  an arrow key on the first slider of one explorer changes its figure (a new ``src``).
* ``test_lesson_01_is_a_slideshow_of_10_to_25_slides_with_explorers_alone``: the slide
  metadata a slideshow reads. The course does not install a slideshow yet: jupyterlab-rise
  0.43.1, the newest, runs its slides in a JupyterLab that cannot load ipywidgets 8
  (jupyterlab-contrib/rise#119), so its explorers would be still pictures.

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
    ROOT,
    TOKEN,
    _free_port,
    chromium_and_playwright,
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


def test_lesson_01_is_a_slideshow_of_10_to_25_slides_with_explorers_alone():
    name = "01_perceptron.ipynb"
    types = _slide_types(name)
    cells = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))["cells"]
    assert set(types) <= {"slide", "subslide", "fragment", "skip", "notes", "-"}
    assert types[0] == "slide"
    assert 10 <= types.count("slide") + types.count("subslide") <= 25
    for i, cell in enumerate(cells):
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and source.startswith("## "):
            assert types[i] == "slide", f"cell {i} opens a section: {source.splitlines()[0]}"
        if "_explorer(" in source or "playground(" in source:
            after = [t for t in types[i + 1:] if t not in ("notes", "skip")]
            assert types[i] == "slide" and (not after or after[0] in ("slide", "subslide")), (
                f"cell {i}: an explorer has a slide of its own")
        if cell["cell_type"] == "code" and source.startswith("import "):
            assert types[i] == "skip", f"cell {i}: set-up is skipped in the slideshow"
