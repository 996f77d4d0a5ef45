"""The live figures as a learner sees them: real JupyterLab, driven in headless Chromium.

For every notebook (a copy, never the stored file), one after another in one JupyterLab
page: open it, wait for the kernel, run all cells, and assert that no cell shows an error
or anything on stderr. Then, for every explorer on the page, press an arrow key on its
first slider and assert that the figure on screen changed. Its slider-to-repaint time (key
down → the animation frame that paints the new frame, timed inside the page; the median
of PRESSES presses, → and ← in turn) is printed and written to
test-artifacts/browser_timings.json, one number per explorer (every press in
browser_presses.json). JupyterLab runs with its own settings, as a learner's does (its
notebook windowing included), but for autosave and news.

Needs Debian's Chromium (`apt-get install chromium`) and Playwright for Python (installed by
requirements-dev.txt); Playwright's own browser download is not used. Without Chromium these
tests are skipped with a message, except under CI=true, where a missing browser is a failure.
On failure a screenshot of the page is saved in test-artifacts/.
"""

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TOKEN = "nnlib-browser-test"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
KERNEL_IDLE = """() => {
    const w = window.jupyterapp.shell.currentWidget;
    const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
    return !!k && k.status === 'idle';
}"""
NO_BUSY_PROMPTS = """() => ![...document.querySelectorAll('.jp-InputArea-prompt')]
    .some(e => e.textContent.includes('*'))"""
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"   # the notebook on screen
PRESSES = 5           # key presses per explorer; its slider-to-repaint time is their median
TIMINGS = {}          # notebook → per explorer, the median of its presses (ms)
PRESS_TIMES = {}      # notebook → per explorer, every press (ms), the first one first


def _unavailable(reason):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run in CI)")
    pytest.skip(f"{reason}; install Debian's browser with `sudo apt-get install chromium` "
                "to run the real-browser tests")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_settings(folder, windowing="none"):
    """JupyterLab's settings for a test: no autosave, no news. ``windowing`` is the notebook's
    windowing mode: "none" renders every cell, on screen or not (for tools that measure every
    picture at once); None keeps JupyterLab's default, what a learner has ("contentVisibility"
    in JupyterLab 4.6: cells off screen are in the page but not painted), for the timings."""
    settings = {
        "docmanager-extension/plugin": {"autosave": False},
        "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    }
    if windowing is not None:
        settings["notebook-extension/tracker"] = {"windowingMode": windowing}
    for plugin, values in settings.items():
        ext, name = plugin.split("/")
        path = folder / "@jupyterlab" / ext / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


def start_lab(work, env=None):
    """JupyterLab serving ``work`` (with its settings in ``work/settings``) on a free port;
    returns the server process, the port and its open log file."""
    port = _free_port()
    log = open(work / "lab.log", "w", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
         "--ip=127.0.0.1", f"--port={port}", f"--ServerApp.token={TOKEN}",
         "--LabApp.expose_app_in_browser=True", f"--LabApp.user_settings_dir={work / 'settings'}",
         f"--ServerApp.root_dir={work}"],
        stdout=log, stderr=subprocess.STDOUT, env=env)
    return server, port, log


def chromium_and_playwright():
    """Debian's Chromium and Playwright's ``sync_playwright``; skip (fail under CI=true) without
    either."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        _unavailable("Chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install -r requirements-dev.txt)")
    return chromium, sync_playwright


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    chromium, sync_playwright = chromium_and_playwright()
    work = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", work / "notebooks")
    # The timings are a learner's: JupyterLab's own windowing. With "none" every cell of the
    # notebook is painted, and every frame's compositing grows with them (benchmarks/RESULTS.md).
    _write_settings(work / "settings", windowing=None)
    server, port, log = start_lab(work)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            base = f"http://127.0.0.1:{port}"
            # One page for every notebook: loading JupyterLab's scripts takes 4-7 s of
            # Chromium's time, so the app is loaded once and each notebook opened in it.
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            for _ in range(120):      # wait for the server to answer
                try:
                    page.goto(f"{base}/lab?reset&token={TOKEN}")   # ?reset: no old tabs
                    break
                except Exception:
                    time.sleep(0.5)
            page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell",
                                   timeout=90_000)
            yield page
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        if TIMINGS:
            ARTIFACTS.mkdir(exist_ok=True)
            for name, values in [("browser_timings.json", TIMINGS),
                                 ("browser_presses.json", PRESS_TIMES)]:
                (ARTIFACTS / name).write_text(json.dumps(values, indent=1), encoding="utf-8")


# Long asynchronous work in the page (opening a notebook, running every cell, shutting its
# kernel down) is never awaited inside `page.evaluate`: V8 holds such a promise only weakly, and
# on a busy machine it can collect it before it settles ("Resulting promise was garbage
# collected"). Instead the promise is started and kept on `window`, `evaluate` returns at once,
# and the test polls the page for its outcome.
START = """(arg) => {{
    const jobs = window.__jobs = window.__jobs || {{}};
    const state = jobs['{name}'] = {{done: false, error: null}};
    state.promise = ({body})(arg).then(
        () => {{ state.done = true; }},
        (e) => {{ state.error = String(e && e.stack || e); }});
}}"""
OPEN = """async (path) => {
    await window.jupyterapp.restored;     // every plugin (and its commands) is in place
    const widget = await window.jupyterapp.commands.execute('docmanager:open', {path});
    await widget.context.ready;
}"""
RUN_ALL = """async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }"""
# Shut the notebook's kernel down and close its tab without saving (the copy is never saved:
# dispose() skips the "save changes?" dialog that closing a changed notebook asks).
CLOSE = """async () => {
    const widget = window.jupyterapp.shell.currentWidget;
    if (!widget) return;
    if (widget.sessionContext) await widget.sessionContext.shutdown();
    widget.dispose();
}"""


def _start(page, name, body, arg=None):
    """Start ``body`` (an async JavaScript function of one argument) in the page, held on
    ``window`` so it cannot be collected; returns at once."""
    page.evaluate(START.format(name=name, body=body), arg)


def _finish(page, name, timeout):
    """Wait (polling, never awaiting the promise itself) until job ``name`` settles; raise
    with the page's error if it failed."""
    page.wait_for_function(f"() => window.__jobs['{name}'].done || "
                           f"window.__jobs['{name}'].error !== null", timeout=timeout,
                           polling=100)
    error = page.evaluate(f"window.__jobs['{name}'].error")
    assert error is None, f"{name} failed in the page: {error}"


def _run(page, name, body, arg=None, timeout=60_000):
    _start(page, name, body, arg)
    _finish(page, name, timeout)


def _run_all(page, name):
    _run(page, "open", OPEN, f"notebooks/{name}", timeout=120_000)
    page.wait_for_selector(f"{PANEL} .jp-Cell", timeout=60_000)
    page.wait_for_function(KERNEL_IDLE, timeout=120_000)
    _run(page, "run-all", RUN_ALL, timeout=300_000)
    page.wait_for_function(NO_BUSY_PROMPTS, timeout=300_000, polling=100)
    page.wait_for_function(KERNEL_IDLE, timeout=120_000)


# Timed inside the page, so that the figure is the page's own work and not Playwright's round
# trips (which added 30-40 ms): from the key going down to the first animation frame after the
# new frame's JPEG is decoded, i.e. the frame that paints it.
WATCH_REPAINT = """([img]) => {
    const marks = window.__repaint = {};
    document.addEventListener('keydown', () => { marks.press = performance.now(); },
                              {capture: true, once: true});
    const observer = new MutationObserver(() => {
        observer.disconnect();
        const painted = () => requestAnimationFrame(() => { marks.painted = performance.now(); });
        img.decode().then(painted, painted);
    });
    observer.observe(img, {attributes: true, attributeFilter: ['src']});
}"""


def _slider_to_repaint_ms(page, explorer, key="ArrowRight", check=True):
    """Press ``key`` on the explorer's first slider; return ms until its image shows the new
    frame. With ``check``, also assert that the figure on screen changed."""
    image = explorer.locator("img.widget-image").first
    handle = explorer.locator(".noUi-handle").first
    image.scroll_into_view_if_needed()
    before = image.screenshot() if check else None
    handle.focus()
    page.evaluate(WATCH_REPAINT, [image.element_handle()])
    handle.press(key)
    page.wait_for_function("() => window.__repaint.painted !== undefined", timeout=15_000,
                           polling="raf")
    elapsed = page.evaluate("window.__repaint.painted - window.__repaint.press")
    if check:
        page.wait_for_timeout(50)
        assert image.screenshot() != before, "the figure on screen did not change"
    return elapsed


def _repaint_times_ms(page, explorer):
    """PRESSES presses, → and ← in turn (so the slider stays in range; ← first when the
    slider starts at its maximum, where → would change nothing): their times."""
    handle = explorer.locator(".noUi-handle").first
    at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
    keys = ("ArrowLeft", "ArrowRight") if at_max else ("ArrowRight", "ArrowLeft")
    times = [_slider_to_repaint_ms(page, explorer, keys[0])]
    for k in range(1, PRESSES):
        page.wait_for_timeout(100)
        times.append(_slider_to_repaint_ms(page, explorer, keys[k % 2], check=False))
    return times


try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:             # no Playwright: the tests are skipped (or fail, under CI=true)
    PlaywrightTimeout = TimeoutError


def _stored_widget_views(name):
    """How many widget views (explorers, each with a slider) the stored notebook shows."""
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    return sum("application/vnd.jupyter.widget-view+json" in out.get("data", {})
               for cell in nb["cells"] if cell["cell_type"] == "code"
               for out in cell.get("outputs", []))


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_and_its_explorers_respond(lab, name, capsys):
    page = lab
    try:
        _run_all(page, name)
        errors = page.locator(f"{PANEL} .jp-OutputArea-output[data-mime-type="
                              "'application/vnd.jupyter.stderr']")
        assert errors.count() == 0, f"{name}: {errors.first.inner_text()[:500]}"
        # Every explorer the notebook shows (one widget view each) is timed: wait until each has
        # drawn its figure (a view still rendering must not be skipped), then count them.
        shown = f"{PANEL} .jp-OutputArea-output:has(img.widget-image):has(.noUi-handle)"
        expected = _stored_widget_views(name)
        try:
            page.wait_for_function("([sel, n]) => document.querySelectorAll(sel).length >= n",
                                   arg=[shown, expected], timeout=60_000)
        except PlaywrightTimeout:
            pass                        # the assertion below says how many there were
        explorers = page.locator(shown)
        presses = [_repaint_times_ms(page, explorers.nth(i)) for i in range(explorers.count())]
        times = [statistics.median(p) for p in presses]
        assert len(times) == expected, f"{name}: {len(times)} explorers timed, {expected} shown"
        # a callback that raised shows its traceback under its figure
        assert errors.count() == 0, f"{name}: {errors.first.inner_text()[:500]}"
        if times:
            TIMINGS[name] = times
            PRESS_TIMES[name] = presses
            with capsys.disabled():
                print(f"\n{name}: {len(times)} explorers, slider to repaint (median of "
                      f"{PRESSES} presses each): " + ", ".join(f"{t:.0f}" for t in times) + " ms")
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        raise
    finally:
        _run(page, "close", CLOSE)
