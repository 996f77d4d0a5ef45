"""Slider-to-repaint in a real browser, split into its parts: where do the milliseconds go?

Run:  OMP_NUM_THREADS=1 python benchmarks/bench_browser.py [notebook] [--presses N]
          [--rounds R] [--variants base,noout,...]

Starts JupyterLab and headless Chromium the way tests/test_browser.py does (its helpers are
reused), opens a temporary copy of one notebook (default 01_perceptron.ipynb) with one extra
first cell that timestamps the kernel side, runs it, then presses → / ← on the first slider of
every explorer on the page and, for each press, prints (all in ms, one wall clock shared by
kernel and page):

  press→send      key down in the page → the slider's comm message leaves on the websocket
  send→kernel     → the kernel starts handling it (``Widget._handle_msg`` of the slider)
  kernel→change   → the explorer's ``_on_change`` starts (trait validation, echo_update)
  redraw          ``refresh()``: draw + blit + JPEG + Image.value (the frame is sent)
  after           end of ``refresh`` → end of the slider's message handling (``_guarded``'s
                  exit, the rest of ``_handle_msg``)
  kernel→page     frame sent by the kernel → it arrives on the page's websocket
  page→src        → the <img> gets its new ``src`` (widget manager; a data URL)
  src→loaded      → the image is decoded (``img.decode()``), then → the next animation frame
  total           key down → that animation frame (what tests/test_browser.py measures now)
  test            the same press timed as tests/test_browser.py used to: from before
                  Playwright's press to its wait_for_function seeing the new image loaded

``--variants`` switches implementations inside the live kernel between rounds (interleaved,
since the machine is shared and noisy): ``base`` is the code as it stands; the others
monkeypatch the kernel only (see VARIANTS in the first cell below; ``mpltext`` is
matplotlib's own text drawing, as before issue 19; ``noecho`` turns ipywidgets' echo of a
moved slider's value off; ``blob`` sends each frame as JPEG bytes instead of a data URL;
``floor`` draws nothing and sends a 64 × 64 frame: the page's and the websocket's part alone).
Figures are printed, never asserted.
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import test_browser as tb  # noqa: E402

# The first cell of the notebook copy: timestamps in the kernel, and the variants.
KERNEL_CELL = r'''
import io as _io, json as _json, os as _os, time as _time
import ipywidgets as _w
import nnlib.viz.canvas as _canvas
import nnlib.widgets.explorer as _ex

_BENCH_LOG = open(_os.environ["NNLIB_BENCH_LOG"], "a")
_BENCH = {"rec": None, "variant": "base"}
_SLIDER_TYPES = (_w.FloatSlider, _w.IntSlider, _w.FloatLogSlider)
_ORIG = {"handle": _w.Widget._handle_msg, "on_change": _ex.Explorer._on_change,
         "refresh": _ex.Explorer.refresh, "guarded": _ex.Explorer._guarded,
         "jpeg": _canvas.LiveFigure.jpeg, "render": _canvas.LiveFigure.render,
         "send": _w.Widget._send, "paste": getattr(_canvas.LiveFigure, "_paste_image", None)}

def _stamp(key):
    if _BENCH["rec"] is not None:
        _BENCH["rec"][key] = _time.time() * 1e3

def _handle(self, msg):
    if not isinstance(self, _SLIDER_TYPES) or msg["content"]["data"].get("method") != "update":
        return _ORIG["handle"](self, msg)
    _BENCH["rec"] = {"variant": _BENCH["variant"], "kernel": _time.time() * 1e3, "sent": []}
    try:
        return _ORIG["handle"](self, msg)
    finally:
        _stamp("handled")
        _BENCH_LOG.write(_json.dumps(_BENCH["rec"]) + "\n")
        _BENCH_LOG.flush()
        _BENCH["rec"] = None

def _on_change(self, change):
    _stamp("change")
    return _ORIG["on_change"](self, change)

def _refresh(self):
    _stamp("refresh")
    try:
        return _BENCH.get("refresh", _ORIG["refresh"])(self)
    finally:
        _stamp("refreshed")

def _refresh_blob(self):       # nnlib before: JPEG bytes (format "jpeg"), shown via a blob URL
    with self._lock:
        self.draw()
        self.live.render()
        self._image.value = self.live.jpeg()
        self.renders += 1

_FLOOR = []
def _refresh_floor(self):     # no drawing, a 64 × 64 frame: what the page and the way there cost
    if not _FLOOR:
        import numpy as _np
        from PIL import Image as _PI
        for seed in (0, 1):       # noise, so that the frame (4 kB) outweighs every other message
            _b = _io.BytesIO()
            _pixels = _np.random.default_rng(seed).integers(0, 256, (64, 64, 3), dtype=_np.uint8)
            _PI.fromarray(_pixels).save(_b, "jpeg")
            _FLOOR.append(_ex.jpeg_url(_b.getvalue()))
    with self._lock:
        self._image.value = _FLOOR[self.renders % 2]
        self.renders += 1

def _send(self, msg, buffers=None):
    if _BENCH["rec"] is not None:
        _BENCH["rec"]["sent"].append([type(self).__name__, msg.get("method"),
                                      sorted(msg.get("state", {})),
                                      sum(len(b) for b in buffers or []), _time.time() * 1e3])
    return _ORIG["send"](self, msg, buffers)

def _render(self):
    _stamp("render")
    try:
        return _ORIG["render"](self)
    finally:
        _stamp("rendered")

def _jpeg(self, quality=None):
    _stamp("jpeg")
    try:
        return _ORIG["jpeg"](self, **({} if quality is None else {"quality": quality}))
    finally:
        _stamp("jpegged")

def _guarded_noout(self, fn, *args):
    try:
        fn(*args)
    except Exception:
        with self.errors:
            get_ipython().showtraceback()

def _jpeg_q(q):
    def jpeg(self, quality=q):
        return _jpeg(self, quality)
    return jpeg

def _jpeg_via_rgb(self, quality=92):      # nnlib before issue 9: RGBA → RGB copy, then JPEG
    _stamp("jpeg")
    buf = _io.BytesIO()
    self._image().save(buf, "jpeg", quality=quality)
    _stamp("jpegged")
    return buf.getvalue()

def _guarded_output(self, fn, *args):      # nnlib before issue 9
    with self.errors:
        fn(*args)

VARIANTS = {
    "base": {},
    "output": {"_guarded": _guarded_output},
    "mplimage": {"_paste_image": lambda self, im: False},
    "rgbjpeg": {"jpeg": _jpeg_via_rgb},
    "before": {"_guarded": _guarded_output, "_paste_image": lambda self, im: False,
               "jpeg": _jpeg_via_rgb},
    "noout": {"_guarded": _guarded_noout},
    "q80": {"jpeg": _jpeg_q(80)},
    "noout_q80": {"_guarded": _guarded_noout, "jpeg": _jpeg_q(80)},
}
# no echo_update: the kernel does not send a moved slider's value back to the page first
VARIANTS["noecho"] = {"echo": False}
# the frame sent as JPEG bytes (format "jpeg"), which the page fetches as a blob URL, as before
# explorers sent data: URLs (nnlib.widgets.explorer.jpeg_url)
VARIANTS["blob"] = {"refresh": _refresh_blob}
# nothing drawn, a 64 × 64 frame sent: the floor that no kernel-side work can go below
VARIANTS["floor"] = {"refresh": _refresh_floor}
import ipywidgets.widgets.widget as _ww
# nnlib before issue 19: matplotlib lays out every text and renders every glyph on every frame
_TEXT = ("draw_text", "_draw_text_glyphs_and_boxes")
if hasattr(_canvas, "_Renderer"):
    from matplotlib.backends.backend_agg import RendererAgg as _Agg
    _ORIG.update({name: _canvas._Renderer.__dict__[name] for name in _TEXT})
    VARIANTS["mpltext"] = {name: getattr(_Agg, name) for name in _TEXT}

def _bench_set(name):
    _BENCH["variant"] = name
    patch = VARIANTS[name]
    _ex.Explorer._guarded = patch.get("_guarded", _ORIG["guarded"])
    _canvas.LiveFigure.jpeg = patch.get("jpeg", _jpeg)
    if hasattr(_canvas.LiveFigure, "_paste_image"):
        _canvas.LiveFigure._paste_image = patch.get("_paste_image", _ORIG["paste"])
    for name in _TEXT:
        if name in _ORIG:
            setattr(_canvas._Renderer, name, patch.get(name, _ORIG[name]))
    _ww.JUPYTER_WIDGETS_ECHO = patch.get("echo", True)
    _BENCH["refresh"] = patch.get("refresh", _ORIG["refresh"])
    import gc
    for e in [o for o in gc.get_objects() if isinstance(o, _ex.Explorer)]:
        wanted = "jpeg" if patch.get("refresh") is _refresh_blob else "url"
        if e.widget is not None and e._image.format != wanted:
            e._image.format = wanted
            e.refresh()

def _bench_idle(n=15):
    """update() of every explorer's first slider, called in the kernel with the page idle."""
    import gc, statistics
    out = {}
    for e in [o for o in gc.get_objects() if isinstance(o, _ex.Explorer)]:
        sliders = [k for k in e._state_names if isinstance(e.controls[k], _SLIDER_TYPES)]
        if not sliders or e.widget is None:
            continue
        w = e.controls[sliders[0]]
        v0 = w.value
        times = []
        for i in range(n):
            t0 = _time.perf_counter()
            e.update(**{sliders[0]: v0 if i % 2 else min(w.max, v0 + w.step)})
            times.append((_time.perf_counter() - t0) * 1e3)
        out[f"{type(e).__name__}.{sliders[0]}"] = round(statistics.median(times), 1)
    _BENCH_LOG.write(_json.dumps({"idle": out}) + "\n")
    _BENCH_LOG.flush()

_w.Widget._handle_msg = _handle
_w.Widget._send = _send
_ex.Explorer._on_change = _on_change
_ex.Explorer.refresh = _refresh
_canvas.LiveFigure.render = _render
_canvas.LiveFigure.jpeg = _jpeg
'''

# Installed in the page before JupyterLab loads: timestamps of websocket traffic.
PAGE_HOOKS = r'''
(() => {
    const now = () => performance.timeOrigin + performance.now();
    window.__ws = [];
    window.__rec = false;
    const size = d => typeof d === 'string' ? d.length : (d.byteLength ?? d.size ?? 0);
    const Orig = window.WebSocket;
    const origSend = Orig.prototype.send;
    Orig.prototype.send = function (data) {
        if (window.__rec && this.url.includes('/api/kernels/'))
            window.__ws.push(['send', now(), size(data)]);
        return origSend.call(this, data);
    };
    window.WebSocket = class extends Orig {
        constructor(...args) {
            super(...args);
            this.addEventListener('message', e => {
                if (window.__rec && this.url.includes('/api/kernels/'))
                    window.__ws.push(['recv', now(), size(e.data)]);
            });
        }
    };
})();
'''

# Watches one explorer's image: key down, new src, load, next animation frame.
WATCH = r'''
([root]) => {
    const now = () => performance.timeOrigin + performance.now();
    const img = root.querySelector('img.widget-image');
    const handle = root.querySelector('.noUi-handle');
    const marks = {};
    window.__marks = marks;
    window.__ws = [];
    window.__rec = true;
    handle.addEventListener('keydown', () => { marks.press = now(); }, {capture: true, once: true});
    const obs = new MutationObserver(() => {
        if (marks.src) return;
        marks.src = now();
        const loaded = () => {
            marks.loaded = now();
            requestAnimationFrame(() => { marks.raf = now(); window.__rec = false; });
        };
        img.decode().then(loaded, loaded);
        obs.disconnect();
    });
    obs.observe(img, {attributes: true, attributeFilter: ['src']});
}
'''


def kernel_execute(page, code):
    page.evaluate("""async (code) => {
        const k = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
        await k.requestExecute({code, silent: false, store_history: false}).done;
    }""", code)


def press(page, explorer, key):
    """One press, timed both ways; returns the page's marks, websocket log and the test's ms."""
    image = explorer.locator("img.widget-image").first
    handle = explorer.locator(".noUi-handle").first
    old_src = image.get_attribute("src")
    handle.focus()
    page.evaluate(WATCH, [explorer.element_handle()])
    page.evaluate("window.__t0 = performance.now()")       # as tests/test_browser.py used to
    handle.press(key)
    page.wait_for_function(
        "([img, src]) => img.getAttribute('src') !== src && img.complete",
        arg=[image.element_handle(), old_src], timeout=15_000, polling="raf")
    test_ms = page.evaluate("performance.now() - window.__t0")
    page.wait_for_function("() => window.__marks.raf !== undefined", timeout=15_000)
    marks, ws = page.evaluate("[window.__marks, window.__ws]")
    return marks, ws, test_ms


def breakdown(marks, ws, kernel, test_ms):
    sends = [t for kind, t, _ in ws if kind == "send" and t >= marks["press"]]
    frame = [s for s in kernel["sent"] if s[0] == "Image"]
    big = [t for kind, t, n in ws if kind == "recv" and n >= frame[0][3]] if frame else []
    if not (sends and frame and big):
        return None
    def at(stamp):                  # the floor variant draws nothing: no such stamps
        return kernel.get(stamp, kernel["refresh"])

    row = {
        "press→send": sends[0] - marks["press"],
        "send→kernel": kernel["kernel"] - sends[0],
        "kernel→change": kernel.get("change", kernel["kernel"]) - kernel["kernel"],
        "redraw": kernel["refreshed"] - kernel["refresh"],
        " draw": at("render") - kernel["refresh"],
        " blit": at("rendered") - at("render"),
        " jpeg": at("jpegged") - at("jpeg"),
        " send": frame[0][4] - at("jpegged"),
        " sent→end": kernel["refreshed"] - frame[0][4],
        "after": kernel["handled"] - kernel["refreshed"],
        "kernel→page": big[0] - frame[0][4],
        "page→src": marks["src"] - big[0],
        "src→loaded": marks["loaded"] - marks["src"],
        "loaded→raf": marks["raf"] - marks["loaded"],
        "total": marks["raf"] - marks["press"],
        "test": test_ms,
        "kB": frame[0][3] / 1024,
        "msgs out": len(kernel["sent"]),
        "ws in": sum(1 for kind, t, _ in ws if kind == "recv"),
    }
    return row


def summarize(rows, label):
    if not rows:
        print(f"{label}: no complete measurements")
        return
    print(f"\n{label}: {len(rows)} presses — median (p90)")
    for key in rows[0]:
        vals = sorted(r[key] for r in rows)
        p90 = vals[min(len(vals) - 1, int(round(0.9 * (len(vals) - 1))))]
        print(f"  {key:14s} {statistics.median(vals):7.1f} ({p90:7.1f})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("notebook", nargs="?", default="01_perceptron.ipynb")
    ap.add_argument("--presses", type=int, default=4, help="per explorer, per round, per variant")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--variants", default="base")
    ap.add_argument("--explorers", default="", help="indices on the page, e.g. 0,1")
    ap.add_argument("--json", default="", help="write every row here")
    ap.add_argument("--windowing", default=None,
                    help="JupyterLab's notebook windowing mode (default: JupyterLab's own, as "
                         "tests/test_browser.py; 'none' paints every cell)")
    args = ap.parse_args()
    variants = args.variants.split(",")

    from playwright.sync_api import sync_playwright
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    work = Path(tempfile.mkdtemp(prefix="bench_browser_"))
    (work / "notebooks").mkdir()
    nb = json.loads((ROOT / "notebooks" / args.notebook).read_text(encoding="utf-8"))
    nb["cells"].insert(0, {"cell_type": "code", "metadata": {}, "outputs": [],
                           "execution_count": None, "source": KERNEL_CELL})
    (work / "notebooks" / args.notebook).write_text(json.dumps(nb), encoding="utf-8")
    tb._write_settings(work / "settings", windowing=args.windowing)
    kernel_log = work / "kernel.jsonl"
    kernel_log.touch()
    env = dict(os.environ, NNLIB_BENCH_LOG=str(kernel_log), OMP_NUM_THREADS="1")
    server, port, log = tb.start_lab(work, env)
    rows = {v: [] for v in variants}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=tb.CHROMIUM_ARGS)
            base = f"http://127.0.0.1:{port}"
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.add_init_script(PAGE_HOOKS)
            for _ in range(120):
                try:
                    page.goto(f"{base}/lab?reset&token={tb.TOKEN}")
                    break
                except Exception:
                    time.sleep(0.5)
            page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell",
                                   timeout=90_000)
            t0 = time.time()
            tb._run_all(page, args.notebook)
            print(f"notebook ran in {time.time() - t0:.1f} s")
            explorers = page.locator(f"{tb.PANEL} .jp-OutputArea-output:has(img.widget-image)")
            chosen = [i for i in range(explorers.count())
                      if explorers.nth(i).locator(".noUi-handle").count()]
            if args.explorers:
                chosen = [chosen[int(i)] for i in args.explorers.split(",")]
            for i in chosen:
                explorers.nth(i).locator("img.widget-image").first.scroll_into_view_if_needed()
                for _ in range(2):           # warm up
                    press(page, explorers.nth(i), "ArrowRight")
                    press(page, explorers.nth(i), "ArrowLeft")
            for r in range(args.rounds):
                for v in (variants if r % 2 == 0 else variants[::-1]):
                    kernel_execute(page, f"_bench_set({v!r})")
                    for i in chosen:
                        explorer = explorers.nth(i)
                        explorer.locator("img.widget-image").first.scroll_into_view_if_needed()
                        for k in range(args.presses):
                            seen = kernel_log.stat().st_size
                            marks, ws, test_ms = press(
                                page, explorer, "ArrowRight" if k % 2 == 0 else "ArrowLeft")
                            for _ in range(100):
                                text = kernel_log.read_text(encoding="utf-8")
                                new = text[seen:].strip().splitlines()
                                if new:
                                    break
                                time.sleep(0.02)
                            recs = [json.loads(line) for line in new]
                            recs = [x for x in recs if x.get("refreshed")]
                            if not recs:
                                continue
                            row = breakdown(marks, ws, recs[-1], test_ms)
                            if row:
                                row["explorer"] = i
                                rows[v].append(row)
                            page.wait_for_timeout(100)
            kernel_execute(page, "_bench_idle()")
            for line in kernel_log.read_text(encoding="utf-8").splitlines():
                if '"idle"' in line:
                    print("update() in the live kernel, page idle, median ms:",
                          json.loads(line)["idle"])
            page.evaluate("window.jupyterapp.serviceManager.sessions.shutdownAll()")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    for v in variants:
        summarize([{k: x for k, x in r.items() if k != "explorer"} for r in rows[v]],
                  f"{args.notebook} [{v}]")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
