"""Every stored figure at a projector's size: how wide it is shown, its smallest text, clipping.

    python tools/projector_check.py                          # every notebook and docs/*.png
    python tools/projector_check.py notebooks/02_xor.ipynb   # only the ones named
    python tools/projector_check.py --shots /tmp/shots       # also screenshot each figure as shown
    python tools/projector_check.py --no-browser             # fonts only, widths not measured
    python tools/projector_check.py --json report.json       # also write every number
    python tools/projector_check.py --groups                 # every text of each figure not ok

A report, not a test: it prints a table per notebook and a summary, and always exits 0.
It takes about 4 minutes on the course's 2-core machine (one Chromium, one kernel at a time).

What it measures, for every figure a notebook stores (the static matplotlib PNGs, the
playground's JPEGs and the explorers' stored PNGs) and for docs/gradients.png and
docs/playground.png (shown in README.md):

1. **Shown width.** JupyterLab runs in headless Chromium (Debian's ``chromium``, driven by
   Playwright, as tests/test_browser.py does) with a 1024 × 768 viewport, and opens a copy of
   each stored notebook; every output image's width on the page is read with
   ``getBoundingClientRect``. Twice: as JupyterLab opens (file browser on the left, 250 px)
   and with the left sidebar hidden, as docs/teaching.md tells a teacher to do (Ctrl+B). The
   scale is shown width / natural width (an image is never enlarged: ``max-width: 100%``).
   Without a kernel JupyterLab shows an explorer's stored PNG; run, it shows the live
   widget, whose image is ``width: 100%`` up to the explorer's ``screen_width``. One notebook
   (``--live``, lesson 01 by default) is also run in that JupyterLab to check that the live
   explorer is shown at the width the report uses. README.md is opened as JupyterLab's
   Markdown preview for the two docs pictures.
2. **Smallest text.** Each notebook (a copy in a temporary folder) is run again with nbclient
   in a fresh kernel, with a hook installed at kernel start (an IPython startup file, see
   ``install_hook``). The hook records every ``Text`` artist that matplotlib actually draws
   (``Text.draw`` wrapped: hidden texts, empty strings and ticks outside the view are never
   drawn, so never counted), with its font size in points, the renderer's dpi and its window
   extent, per full figure draw (``Figure.draw``) and per ``LiveFigure.render`` (the
   explorers' blitted frames: the static texts of the background in use plus the dynamic
   ones drawn on it). When IPython formats an object into an image/png or image/jpeg output
   (the inline backend's ``print_figure`` for a matplotlib figure; ``_repr_mimebundle_``
   for an explorer), the texts of the picture just made are written down with the cell.
   The playground's network view pastes pre-rendered texts (``pixels.text_pixels``) into its
   picture; those are followed too. On screen a text is ``points × dpi / 72 × scale`` pixels
   high (its em size; digits are about 0.7 of that): the "text px" column. Mathtext super-
   and subscripts (the exponents of a log axis' "10⁻⁵") are drawn at 0.7 of the font size:
   the "exp px" column.
   The re-run figures are matched to the stored outputs cell by cell, in order, and must
   have the same pixel size (the table says when the bytes differ too).
   docs/*.png are made again as tools/screenshots.py makes them, in this process.
3. **Clipping.** A drawn text whose window extent goes outside the picture (more than half a
   pixel), or outside its own clip box when it is clipped; and, on screen, a picture shrunk
   because it is wider than the notebook's content area (the "scale" column) or wider than
   its output area on the page. Also texts that overlap, or that stand on one line less
   than a word space apart (read as one text).

The verdict uses the smaller of "text px" and "exp px" at the width shown with the sidebar
hidden (the teacher's layout): below ``FAIL_PX`` fails, below ``OK_PX`` is marginal. Why:
JupyterLab's own prose is 14 px (``--jp-content-font-size1``), so a figure's text at 14 px
or more is never harder to read than the page around it; at 12 px a digit (about 0.7 em,
8.4 px) seen from the back row of a room (6 screen heights away, 1 px ≈ 0.75′ of arc at
768 px) is about 6′ of arc high, just above the 5′ of a 20/20 letter, and below it the
back row cannot read it at all.
"""

import argparse
import base64
import functools
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import weakref
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIEWPORT = {"width": 1024, "height": 768}
FAIL_PX = 12.0        # smallest text below this, as shown: fails
OK_PX = 14.0          # below this: marginal
SCRIPT_SHRINK = 0.7   # mathtext's size for super- and subscripts (matplotlib's SHRINK_FACTOR)
RECORDS_ENV = "PROJECTOR_CHECK_RECORDS"
LAYOUTS = ("sidebar hidden", "as opened")      # the first one is the verdict's


# ============================================================================================
# 1. The hook: which texts a picture has (runs inside the kernel, or in this process)
# ============================================================================================

_local = threading.local()                 # .stack: lists that drawn texts are added to
_full_draws = weakref.WeakKeyDictionary()   # figure → the Frame of its last full draw


class Frame:
    """The texts of one picture: each drawn text with its size and extent, and the canvas."""

    def __init__(self, texts, width, height, dpi):
        self.texts, self.width, self.height, self.dpi = texts, width, height, dpi


def _stack():
    if not hasattr(_local, "stack"):
        _local.stack = []
    return _local.stack


def _is_script(text, string):
    """True when ``string`` is mathtext with a super- or subscript (drawn at 0.7 size)."""
    try:
        _, math = text._preprocess_math(string)
    except Exception:
        return False
    return math is True and bool(re.search(r"[\^_]", string))


def _drawn(text, renderer):
    """What ``text`` just drew: its string, size, and extent in the renderer's pixels."""
    string = text.get_text()
    try:
        box = text.get_window_extent(renderer)
        extent = [float(box.x0), float(box.y0), float(box.x1), float(box.y1)]
    except Exception:
        extent = None
    clipped_by_box = False
    clip = text.get_clip_box() if text.get_clip_on() else None
    if clip is not None and extent is not None:
        clipped_by_box = (extent[0] < clip.x0 - 0.5 or extent[2] > clip.x1 + 0.5
                          or extent[1] < clip.y0 - 0.5 or extent[3] > clip.y1 + 0.5)
    return {"artist": text, "text": string, "pt": float(text.get_fontsize()),
            "script": _is_script(text, string), "extent": extent, "clip_box": clipped_by_box,
            "boxed": text.get_bbox_patch() is not None}


def install_hook(ip=None):
    """Record the texts of every picture drawn from now on; with an IPython shell ``ip``, also
    write one JSON line per image output (to the file named by $PROJECTOR_CHECK_RECORDS)."""
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    if getattr(Text.draw, "_projector_check", False):
        return
    text_draw, figure_draw = Text.draw, Figure.draw

    @functools.wraps(text_draw)
    def draw_text(self, renderer):
        text_draw(self, renderer)
        stack = _stack()
        if stack and renderer is not None and self.get_visible() and self.get_text():
            stack[-1].append(_drawn(self, renderer))

    @functools.wraps(figure_draw)
    def draw_figure(self, renderer):
        texts = []
        _stack().append(texts)
        try:
            figure_draw(self, renderer)
        finally:
            _stack().pop()
        _full_draws[self] = Frame(texts, int(renderer.width), int(renderer.height),
                                  float(renderer.dpi))

    draw_text._projector_check = True
    Text.draw, Figure.draw = draw_text, draw_figure

    try:
        from nnlib.viz.canvas import LiveFigure
    except ImportError:
        LiveFigure = None
    if LiveFigure is not None:
        render = LiveFigure.render

        @functools.wraps(render)
        def render_live(self):
            """A frame = the static texts of the background it is pasted on + the dynamic
            texts drawn over it this time."""
            before = _full_draws.get(self.figure)
            dynamic = []
            _stack().append(dynamic)
            try:
                render(self)
            finally:
                _stack().pop()
            statics = self.__dict__.setdefault("_projector_statics", {})
            full = _full_draws.get(self.figure)
            if full is not before:                  # this render drew the whole figure
                statics[id(self._background)] = full
            static = statics.get(id(self._background)) or full
            w, h = self.canvas.get_width_height(physical=True)
            self._projector_frame = Frame((static.texts if static else []) + dynamic, w, h,
                                          float(self.figure.dpi))

        LiveFigure.render = render_live

    _hook_pixel_texts()
    if ip is not None:
        _install_ipython(ip, Figure, LiveFigure)


_text_images = {}     # id(pixels of a text from text_pixels) → (those pixels, text, points, dpi)
_pasted = {}          # id(frame array) → (weak reference to it, [texts pasted into it])


def _hook_pixel_texts():
    """Texts that are not Text artists: the playground's network view renders its column
    headers and feature names once (``pixels.text_pixels``), pastes their pixels into a frame
    (``pixels.paste``) and pastes the frame into the figure (a ``PixelLayer``). Those pastes
    are followed, so such a text is recorded, with where it lands, when its layer is drawn."""
    try:
        from nnlib.viz import network_view, pixels
    except ImportError:
        return
    text_pixels, paste, layer_draw = network_view.text_pixels, network_view.paste, \
        pixels.PixelLayer.draw

    def text_pixels_recorded(text, fontsize=12, dpi=100, align="center"):
        rgba = text_pixels(text, fontsize=fontsize, dpi=dpi, align=align)
        _text_images[id(rgba)] = (rgba, text, float(fontsize), float(dpi))
        return rgba

    def paste_recorded(canvas, rgba, x, y, anchor="center"):
        paste(canvas, rgba, x, y, anchor)
        known = _text_images.get(id(rgba))
        if known is None or known[0] is not rgba:
            return
        entry = _pasted.get(id(canvas))
        if entry is None or entry[0]() is not canvas:
            entry = _pasted[id(canvas)] = (weakref.ref(canvas), [])
        h, w = rgba.shape[:2]
        x0 = {"center": x - w // 2, "bottom": x - w // 2, "right": x - w}[anchor]
        y0 = {"center": y - h // 2, "bottom": y - h, "right": y - h // 2}[anchor]
        entry[1].append((known[1], known[2], known[3], int(round(x0)), int(round(y0)), w, h,
                         canvas.shape[1], canvas.shape[0]))

    @functools.wraps(layer_draw)
    def layer_draw_recorded(self, renderer):
        layer_draw(self, renderer)
        stack, rgba = _stack(), self._rgba
        entry = _pasted.get(id(rgba)) if rgba is not None else None
        if not stack or not self.get_visible() or entry is None or entry[0]() is not rgba:
            return
        height = renderer.height
        left, top = round(self.ax.bbox.x0), round(height - self.ax.bbox.y1)
        for text, points, dpi, x0, y0, w, h, fw, fh in entry[1]:
            cut = x0 < 0 or y0 < 0 or x0 + w > fw or y0 + h > fh
            stack[-1].append({
                "artist": None, "role": f"pixel text “{_short(text, 20)}” (network view)",
                "text": text, "pt": points, "dpi": dpi, "script": False, "clip_box": cut,
                "boxed": False,
                "extent": [left + x0, height - (top + y0 + h), left + x0 + w,
                           height - (top + y0)]})

    network_view.text_pixels, network_view.paste = text_pixels_recorded, paste_recorded
    pixels.PixelLayer.draw = layer_draw_recorded


def _install_ipython(ip, Figure, LiveFigure):
    cell = {"seq": 0, "source": "", "order": 0}
    path = os.environ.get(RECORDS_ENV)

    def pre_run_cell(info):
        cell.update(seq=cell["seq"] + 1, source=info.raw_cell, order=0)

    ip.events.register("pre_run_cell", pre_run_cell)
    fmt = ip.display_formatter.format

    def format_and_record(obj, include=None, exclude=None):
        result = fmt(obj, include=include, exclude=exclude)
        data = result[0] if isinstance(result, tuple) else result
        for mime in ("image/png", "image/jpeg"):
            if mime in (data or {}):
                try:
                    record = describe_picture(obj, data[mime], mime, Figure, LiveFigure)
                except Exception as exc:            # never break the notebook being checked
                    record = {"error": repr(exc)}
                record.update(seq=cell["seq"], source=cell["source"], order=cell["order"],
                              mime=mime)
                cell["order"] += 1
                if path:
                    with open(path, "a", encoding="utf-8") as f:
                        f.write(json.dumps(record) + "\n")
        return result

    ip.display_formatter.format = format_and_record


def describe_picture(obj, payload, mime, Figure=None, LiveFigure=None):
    """The record of one picture: its pixels' size and hash, what made it, and its texts."""
    from PIL import Image

    raw = base64.b64decode(payload) if isinstance(payload, str) else payload
    width, height = Image.open(io.BytesIO(raw)).size
    record = {"width": width, "height": height, "sha1": hashlib.sha1(raw).hexdigest()}
    live = getattr(obj, "live", None)
    if LiveFigure is not None and isinstance(live, LiveFigure):
        figure, frame = live.figure, getattr(live, "_projector_frame", None)
        cls = type(obj)
        record.update(kind="explorer", name=cls.__name__,
                      where=f"{cls.__module__}.{cls.__qualname__}",
                      screen_width=getattr(obj, "screen_width", None))
    elif Figure is not None and isinstance(obj, Figure):
        figure, frame = obj, _full_draws.get(obj)
        record.update(kind="figure", name="matplotlib figure", where=None, screen_width=None)
    else:
        record.update(kind="other", name=type(obj).__name__, where=None, screen_width=None)
        return record
    record.update(figsize=[float(v) for v in figure.get_size_inches()],
                  figure_dpi=float(figure.dpi))
    if frame is None:
        record["error"] = "no draw of this figure was seen"
        return record
    # The frame's canvas is the picture: for a figure printed with bbox_inches="tight" the
    # renderer is the cropped image, and extents are in its pixels.
    sx, sy = width / frame.width, height / frame.height
    roles = _roles(figure)
    axes = {i: _short(_axes_title(ax), 40) for i, ax in enumerate(figure.get_axes(), 1)}
    texts = []
    for t in frame.texts:
        ext = t["extent"]
        px = t["pt"] * t.get("dpi", frame.dpi) / 72 * sx
        out = []
        if ext is not None:
            if ext[0] < -0.5:
                out.append(f"left by {-ext[0]:.0f} px")
            if ext[2] > frame.width + 0.5:
                out.append(f"right by {ext[2] - frame.width:.0f} px")
            if ext[1] < -0.5:
                out.append(f"bottom by {-ext[1]:.0f} px")
            if ext[3] > frame.height + 0.5:
                out.append(f"top by {ext[3] - frame.height:.0f} px")
        if t["clip_box"]:
            out.append("cut by its clip box" if t["artist"] is not None else "cut off")
        kind, i = _role(t, roles, figure)
        what = kind + (f" of axes {i}" + (f" “{axes[i]}”" if axes[i] else "") if i else "")
        texts.append({"what": what, "kind": kind, "axes": i,
                      "text": t["text"][:60], "pt": t["pt"], "px": px,
                      "min_px": px * (SCRIPT_SHRINK if t["script"] else 1.0),
                      "script": t["script"], "extent": ext, "out": out,
                      "boxed": t.get("boxed", False)})
    record.update(dpi=frame.dpi, canvas=[frame.width, frame.height], scale_xy=[sx, sy],
                  texts=texts, overlaps=_overlaps(texts))
    return record


def _named(t):
    """A drawn text as 'x tick labels of axes 1 “0.5”' (its words once)."""
    words = _short(t["text"], 18)
    return t["what"] if words in t["what"] else f"{t['what']} “{words}”"


def _overlaps(texts, share=0.15, space=0.25):
    """Pairs of drawn texts whose boxes overlap by more than ``share`` of the smaller box, or
    that stand side by side on the same line less than ``space`` em apart (less than a word
    space: read as one text). A text on a box of its own, like a warning across an axes, is
    meant to cover others and is left out."""
    found = []
    boxes = [t for t in texts if t["extent"] is not None and not t["boxed"]]
    for i, a in enumerate(boxes):
        ax0, ay0, ax1, ay1 = a["extent"]
        for b in boxes[i + 1:]:
            bx0, by0, bx1, by1 = b["extent"]
            w, h = min(ax1, bx1) - max(ax0, bx0), min(ay1, by1) - max(ay0, by0)
            if a["text"] == b["text"] and a["extent"] == b["extent"]:
                continue
            pair = f"{_named(a)} and {_named(b)}"
            smaller = min((ax1 - ax0) * (ay1 - ay0), (bx1 - bx0) * (by1 - by0))
            if w > 1 and h > 1 and w * h > share * smaller:
                found.append(f"overlap: {pair} ({w:.0f} × {h:.0f} px)")
            elif (h > 0.5 * min(ay1 - ay0, by1 - by0) and -w < space * min(a["px"], b["px"])
                  and w <= 1):
                found.append(f"crowded: {pair} only {max(-w, 0):.0f} px apart in the picture")
    return found


def _short(s, n=28):
    s = " ".join(str(s).split())
    return s if len(s) <= n else s[:n - 1] + "…"


def _axes_title(ax):
    return next((t.get_text() for t in (ax.title, ax._left_title, ax._right_title)
                 if t.get_text()), "")


def _roles(figure):
    """id(text artist) → (what kind of text, the 1-based index of its axes or None): e.g.
    ("x tick labels", 2), ("legend", 1), ("suptitle", None)."""
    from matplotlib.table import Table

    roles = {}

    def put(texts, kind, i):
        for t in texts:
            if t is not None:
                roles.setdefault(id(t), (kind, i))

    for i, ax in enumerate(figure.get_axes(), 1):
        cbar = "colorbar " if hasattr(ax, "_colorbar") else ""
        put([ax.title, ax._left_title, ax._right_title], "title", i)
        for letter, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            put([axis.label], f"{cbar}{letter} label", i)
            put([axis.offsetText], f"{cbar}{letter} offset text", i)
            for tick in list(axis.majorTicks) + list(axis.minorTicks):
                put([tick.label1, tick.label2], f"{cbar}{letter} tick labels", i)
        legend = ax.get_legend()
        if legend is not None:
            put(legend.get_texts() + [legend.get_title()], "legend", i)
        for child in ax.get_children():
            if isinstance(child, Table):
                put([c.get_text() for c in child.get_celld().values()], "table", i)
    for legend in figure.legends:
        put(legend.get_texts() + [legend.get_title()], "figure legend", None)
    for attr, kind in (("_suptitle", "suptitle"), ("_supxlabel", "figure x label"),
                       ("_supylabel", "figure y label")):
        put([getattr(figure, attr, None)], kind, None)
    return roles


def _role(t, roles, figure):
    """(kind, axes index or None) of a drawn text; a text that is no title, label, tick,
    legend or table is named by what it says."""
    if t.get("role"):
        return t["role"], None
    if id(t["artist"]) in roles:
        return roles[id(t["artist"])]
    ax = getattr(t["artist"], "axes", None)
    i = figure.get_axes().index(ax) + 1 if ax in figure.get_axes() else None
    return f"text “{_short(t['text'], 18)}”", i


# ============================================================================================
# 2. The notebooks run again, with the hook in the kernel
# ============================================================================================

STARTUP = """\
import sys
sys.path.insert(0, {tools!r})
import projector_check
projector_check.install_hook(get_ipython())
"""


def _stored_pictures(path):
    """(cell index, k-th picture of that cell, mime, width, height, sha1, is an explorer)."""
    from PIL import Image

    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    found = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        k = 0
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            for mime in ("image/png", "image/jpeg"):
                if mime in data:
                    raw = base64.b64decode(data[mime])
                    w, h = Image.open(io.BytesIO(raw)).size
                    found.append({"cell": i, "k": k, "mime": mime, "width": w, "height": h,
                                  "sha1": hashlib.sha1(raw).hexdigest(),
                                  "widget": "application/vnd.jupyter.widget-view+json" in data,
                                  "source": "".join(cell["source"])})
                    k += 1
    return found


def run_with_hook(path, work, timeout=900):
    """Run a copy of notebook ``path`` in ``work`` with the hook; returns its records, each
    with the index of the code cell it came from (matched by source, in order)."""
    import nbformat
    from nbclient import NotebookClient

    records_file = work / f"{path.stem}.records.jsonl"
    records_file.unlink(missing_ok=True)
    ipython_dir = work / "ipython"
    startup = ipython_dir / "profile_default" / "startup" / "00-projector-check.py"
    startup.parent.mkdir(parents=True, exist_ok=True)
    startup.write_text(STARTUP.format(tools=str(Path(__file__).resolve().parent)),
                       encoding="utf-8")
    copy = work / "run" / path.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, copy)
    nb = nbformat.read(copy, as_version=4)
    env = {"IPYTHONDIR": str(ipython_dir), RECORDS_ENV: str(records_file)}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                record_timing=False, store_widget_state=False,
                                resources={"metadata": {"path": str(copy.parent)}})
        try:
            client.execute()
        except Exception as exc:        # the figures before the failing cell still count
            lines = re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).strip().splitlines()
            print(f"[{path.name}: a cell failed, its figures and the later ones are not "
                  f"measured: {lines[-1] if lines else repr(exc)}]", file=sys.stderr)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    records = [json.loads(line) for line in records_file.read_text(encoding="utf-8").splitlines()
               ] if records_file.exists() else []
    # Which code cell each execution was: nbclient runs the non-empty code cells in order.
    code = [(i, "".join(c.source)) for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and "".join(c.source).strip()]
    seq_to_cell, j = {}, 0
    for rec in sorted(records, key=lambda r: r["seq"]):
        if rec["seq"] in seq_to_cell:
            continue
        while j < len(code) and code[j][1] != rec["source"]:
            j += 1
        seq_to_cell[rec["seq"]] = code[j][0] if j < len(code) else None
    for rec in records:
        rec["cell"] = seq_to_cell.get(rec["seq"])
    return records


def measure_docs():
    """docs/*.png made again as tools/screenshots.py makes them, with the hook; their records."""
    from matplotlib.figure import Figure

    from nnlib.viz.canvas import LiveFigure

    install_hook()
    sys.path.insert(0, str(ROOT / "tools"))
    import screenshots

    records = []
    for name, make in screenshots.SHOTS.items():
        explorer = make()
        png = explorer.live.png()
        rec = describe_picture(explorer, png, "image/png", Figure, LiveFigure)
        stored = (ROOT / "docs" / name).read_bytes()
        rec.update(file=f"docs/{name}", cell=None, k=0, mime="image/png",
                   same_bytes=hashlib.sha1(stored).hexdigest() == rec["sha1"])
        records.append(rec)
    return records


# ============================================================================================
# 3. The page: how wide each picture is shown in JupyterLab at 1024 × 768
# ============================================================================================

MEASURE_IMAGES = """() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const cells = [...panel.querySelectorAll('.jp-Cell')];
    const found = [];
    cells.forEach((cell, i) => {
        const imgs = [...cell.querySelectorAll('.jp-OutputArea-output img')];
        imgs.forEach((img, k) => {
            const out = img.closest('.jp-OutputArea-output');
            const style = getComputedStyle(out);
            const inner = out.clientWidth - parseFloat(style.paddingLeft)
                          - parseFloat(style.paddingRight);
            found.push({cell: i, k, shown: img.getBoundingClientRect().width,
                        natural: img.naturalWidth, area: inner,
                        overflow: out.scrollWidth > out.clientWidth + 1,
                        live: img.classList.contains('widget-image')});
        });
    });
    return {cells: cells.length, images: found};
}"""
IMAGES_LOADED = """() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    return [...panel.querySelectorAll('.jp-OutputArea-output img')]
        .every(img => img.complete && img.naturalWidth > 0);
}"""
OPEN_WITH = """async ([path, factory]) => {
    await window.jupyterapp.restored;
    const widget = await window.jupyterapp.commands.execute('docmanager:open', {path, factory});
    await widget.context.ready;
}"""
MEASURE_MARKDOWN = """() => {
    const panel = [...document.querySelectorAll('.jp-MarkdownViewer, .jp-RenderedMarkdown')]
        .find(e => e.offsetParent !== null);
    return [...panel.querySelectorAll('img')].map(img => ({
        src: img.getAttribute('src'), shown: img.getBoundingClientRect().width,
        natural: img.naturalWidth, area: img.parentElement.clientWidth}));
}"""


class Lab:
    """JupyterLab (the tests' way: tests/test_browser.py) on a work folder, one Chromium page
    of 1024 × 768, and helpers to open notebooks in it."""

    def __init__(self, work):
        sys.path.insert(0, str(ROOT / "tests"))
        import test_browser as tb  # the course's JupyterLab and Chromium set-up

        self.tb = tb
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if chromium is None:
            raise RuntimeError("Chromium is not installed (apt-get install chromium)")
        from playwright.sync_api import sync_playwright

        tb._write_settings(work / "settings")
        self.server, port, self.log = tb.start_lab(work)
        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=chromium,
                                                args=tb.CHROMIUM_ARGS)
        self.page = self.browser.new_page(viewport=VIEWPORT)
        # Only this machine's JupyterLab: README.md's badges would fetch from the internet.
        self.page.route("**/*", lambda route: route.continue_()
                        if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
                        else route.abort())
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                self.page.goto(f"{base}/lab?reset&token={tb.TOKEN}")
                break
            except Exception:
                time.sleep(0.5)
        self.page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell",
                                    timeout=120_000)
        self.page.evaluate("async () => { await window.jupyterapp.restored; }")

    def close(self):
        try:
            self.browser.close()
            self._pw.stop()
        finally:
            self.server.terminate()
            self.server.wait(timeout=30)
            self.log.close()

    def sidebar(self, shown):
        self.page.evaluate("(shown) => shown ? window.jupyterapp.shell.expandLeft()"
                           " : window.jupyterapp.shell.collapseLeft()", shown)
        self.page.wait_for_timeout(400)                  # the panels re-lay out

    def open(self, path, factory=None):
        tb = self.tb
        if factory is None:
            tb._run(self.page, "open", tb.OPEN, path, timeout=120_000)
            self.page.wait_for_selector(f"{tb.PANEL} .jp-Cell", timeout=60_000)
            self.page.wait_for_function(IMAGES_LOADED, timeout=60_000, polling=200)
        else:
            tb._run(self.page, "open", OPEN_WITH, [path, factory], timeout=120_000)
            self.page.wait_for_timeout(1500)
        self.page.wait_for_timeout(300)

    def close_current(self):
        self.tb._run(self.page, "close", self.tb.CLOSE, timeout=60_000)

    def run_all(self):
        tb = self.tb
        self.page.wait_for_function(tb.KERNEL_IDLE, timeout=120_000)
        tb._run(self.page, "run-all", tb.RUN_ALL, timeout=600_000)
        self.page.wait_for_function(tb.NO_BUSY_PROMPTS, timeout=600_000, polling=200)
        self.page.wait_for_function(tb.KERNEL_IDLE, timeout=120_000)
        self.page.wait_for_timeout(1000)

    def screenshot_images(self, folder, stem):
        """Each output image as it is on the page (its displayed size), as PNG files."""
        folder.mkdir(parents=True, exist_ok=True)
        panel = self.page.locator(f"{self.tb.PANEL}")
        cells = panel.locator(".jp-Cell")
        names = []
        for i in range(cells.count()):
            imgs = cells.nth(i).locator(".jp-OutputArea-output img")
            for k in range(imgs.count()):
                name = folder / f"{stem}_cell{i:02d}_{k}.png"
                imgs.nth(k).scroll_into_view_if_needed()
                imgs.nth(k).screenshot(path=str(name))
                names.append(name)
        return names


def measure_layout(paths, work, live=(), shots=None, docs=True):
    """Shown widths of every stored picture in JupyterLab at 1024 × 768, per layout; the live
    explorers of the ``live`` notebooks; the docs pictures in README.md's preview."""
    shutil.copytree(ROOT / "notebooks", work / "notebooks")
    (work / "docs").mkdir()
    for name in ("gradients.png", "playground.png"):
        shutil.copy(ROOT / "docs" / name, work / "docs" / name)
    shutil.copy(ROOT / "README.md", work / "README.md")
    lab = Lab(work)
    result = {"layouts": {}, "live": {}, "readme": {}}
    try:
        for layout in LAYOUTS:
            lab.sidebar(layout == "as opened")
            widths = result["layouts"][layout] = {}
            for path in paths:
                lab.open(f"notebooks/{path.name}")
                widths[path.name] = lab.page.evaluate(MEASURE_IMAGES)
                if shots is not None and layout == LAYOUTS[0]:
                    lab.screenshot_images(shots, path.stem)
                lab.close_current()
            if docs:
                lab.open("README.md", "Markdown Preview")
                result["readme"][layout] = lab.page.evaluate(MEASURE_MARKDOWN)
                if shots is not None and layout == LAYOUTS[0]:
                    imgs = lab.page.locator(".jp-RenderedMarkdown img[src*='docs/']")
                    for k in range(imgs.count()):
                        imgs.nth(k).scroll_into_view_if_needed()
                        imgs.nth(k).screenshot(path=str(shots / f"README_{k}.png"))
                lab.close_current()
        for name in live:                      # run: the explorers are live widgets
            lab.sidebar(False)
            lab.open(f"notebooks/{name}")
            lab.run_all()
            lab.page.wait_for_function(IMAGES_LOADED, timeout=60_000, polling=200)
            result["live"][name] = {"sidebar hidden": lab.page.evaluate(MEASURE_IMAGES)}
            lab.sidebar(True)
            result["live"][name]["as opened"] = lab.page.evaluate(MEASURE_IMAGES)
            lab.close_current()
        lab.sidebar(False)
    finally:
        lab.close()
    return result


# ============================================================================================
# 4. The report
# ============================================================================================

def _smallest(texts, scale, key):
    """The smallest of ``texts`` on screen by ``key`` ("px": the font size; "min_px": the
    exponents of mathtext at 0.7 of it): (px, which texts are that small, e.g.
    "x tick labels (ax 1, 2); legend (ax 1)", their font size in points)."""
    if not texts:
        return None, "", None
    low = min(t[key] for t in texts)
    at_low = [t for t in texts if t[key] <= low + 0.05]
    kinds = {}
    for t in at_low:
        kinds.setdefault(t["kind"], set()).add(t["axes"])
    parts = []
    for kind, axes in sorted(kinds.items(), key=lambda kv: (kv[0].startswith("text"), kv[0])):
        numbers = sorted(a for a in axes if a is not None)
        parts.append(kind + (f" (ax {', '.join(map(str, numbers))})" if numbers else ""))
    what = "; ".join(parts[:4]) + (f"; +{len(parts) - 4} more" if len(parts) > 4 else "")
    return low * scale, what, at_low[0]["pt"]


def _verdict(px):
    if px is None:
        return "-"
    return "FAIL" if px < FAIL_PX else ("marginal" if px < OK_PX else "ok")


def _worst(*verdicts):
    order = ["FAIL", "marginal", "ok", "-"]
    return min(verdicts, key=order.index)


def _text_groups(texts, scale):
    """Per kind of text ('x tick labels of axes 1 “Loss”'), its smallest size on screen."""
    groups = {}
    for t in texts:
        g = groups.setdefault(t["what"], {"pt": t["pt"], "px": t["px"] * scale, "n": 0,
                                          "exp_px": None})
        g["n"] += 1
        g["pt"] = min(g["pt"], t["pt"])
        g["px"] = min(g["px"], t["px"] * scale)
        if t["script"]:
            g["exp_px"] = min(g["exp_px"] or 1e9, t["min_px"] * scale)
    return dict(sorted(groups.items(), key=lambda kv: kv[1]["px"]))


def _measures(texts, scale):
    """Smallest text and smallest exponent of a picture shown at ``scale``, and a verdict."""
    px, what, pt = _smallest(texts, scale, "px")
    scripts = [t for t in texts if t["script"]]
    exp_px, exp_what, _ = _smallest(scripts, scale, "min_px")
    verdict = _worst(_verdict(px), _verdict(exp_px))
    return {"scale": scale, "text_px": px, "text_what": what, "text_pt": pt,
            "exp_px": exp_px, "exp_what": exp_what, "verdict": verdict,
            "groups": _text_groups(texts, scale)}


def build_rows(paths, runs, layout, docs_records):
    """One row per stored picture: the stored output, the re-run's texts, the widths."""
    from PIL import Image

    rows = []
    for path in paths:
        stored = _stored_pictures(path)
        by_cell = {}
        for rec in runs.get(path.name, []):
            by_cell.setdefault(rec["cell"], []).append(rec)
        for recs in by_cell.values():
            recs.sort(key=lambda r: (r["seq"], r["order"]))
        shown_by = {}
        for name in LAYOUTS:
            measured = (layout or {}).get("layouts", {}).get(name, {}).get(path.name)
            for img in (measured or {}).get("images", []):
                shown_by.setdefault((img["cell"], img["k"]), {})[name] = img
        for pic in stored:
            cands = by_cell.get(pic["cell"], [])
            rec = cands[pic["k"]] if pic["k"] < len(cands) else None
            rows.append(_row(path.name, pic, rec, shown_by.get((pic["cell"], pic["k"]), {})))
    for rec in docs_records:
        width, height = Image.open(ROOT / rec["file"]).size
        pic = {"cell": None, "k": 0, "mime": "image/png", "width": width, "height": height,
               "sha1": rec["sha1"], "widget": False, "source": ""}
        shown = {}
        for name in LAYOUTS:
            for img in (layout or {}).get("readme", {}).get(name, []):
                if img["src"].split("?")[0].endswith(rec["file"]):
                    shown[name] = img
        rows.append(_row("README.md (JupyterLab's Markdown preview)", pic, rec, shown,
                         label=rec["file"]))
    return rows


def _row(notebook, pic, rec, shown, label=None):
    row = {"notebook": notebook, "cell": pic["cell"], "k": pic["k"], "mime": pic["mime"],
           "natural": [pic["width"], pic["height"]], "label": label, "problems": []}
    if rec is None or "texts" not in rec:
        row["problems"].append("no re-run record" + (f": {rec.get('error')}" if rec else ""))
        row["figure"] = "?"
        texts = []
    else:
        texts = rec["texts"]
        row["figure"] = rec["name"] if rec["kind"] == "explorer" else _figure_label(pic["source"])
        for key in ("where", "screen_width", "dpi", "figsize"):
            row[key] = rec.get(key)
        if [rec["width"], rec["height"]] != [pic["width"], pic["height"]]:
            row["problems"].append(f"re-run is {rec['width']}×{rec['height']}, stored "
                                   f"{pic['width']}×{pic['height']}: its texts may not be "
                                   "the stored picture's")
        row["same_bytes"] = rec.get("same_bytes", rec["sha1"] == pic["sha1"])
    row["clipped"] = sorted({f"{_named(t)}: {', '.join(t['out'])}"
                             for t in texts if t["out"]})
    row["overlaps"] = (rec or {}).get("overlaps", [])
    row["texts"] = [{k: t[k] for k in ("what", "text", "pt", "px", "script", "extent", "out")}
                    for t in texts]              # px: in the picture, at its natural size
    row["natural_size"] = _measures(texts, 1.0)
    row["layouts"] = {}
    for name in LAYOUTS:
        img = shown.get(name)
        if img is not None:
            scale = min(1.0, float(img["shown"]) / pic["width"])
            row["layouts"][name] = {"shown": float(img["shown"]), "area": float(img["area"]),
                                    "overflow": bool(img.get("overflow")),
                                    **_measures(texts, scale)}
    return row


def _figure_label(source):
    """A short name for a static figure: the function that made it, or its title."""
    last = source.strip().splitlines()[-1] if source.strip() else ""
    m = re.match(r"(\w+)\(", last)
    if m:
        return f"{m.group(1)}(…)"
    m = re.search(r"set_title\(\s*f?\"([^\"]+)\"", source) or re.search(
        r"title=f?\"([^\"]+)\"", source)
    return f"plot “{_short(m.group(1), 30)}”" if m else "plot"


def _px(v):
    return "-" if v is None else f"{v:.1f}"


def print_report(rows, live, out=sys.stdout):
    p = functools.partial(print, file=out)
    main, other = LAYOUTS
    p(f"Stored figures shown in JupyterLab at {VIEWPORT['width']} × {VIEWPORT['height']}.")
    p(f"text px: the smallest font size (em) on screen, points × dpi / 72 × scale; exp px: "
      f"the smallest mathtext exponent ({SCRIPT_SHRINK:g} of its label). Verdict on the "
      f"worse of the two, sidebar hidden: < {FAIL_PX:g} px FAIL, < {OK_PX:g} px marginal.")
    p("shown/area: the picture's width on screen / the output area's width (CSS px).\n")
    by_nb = {}
    for row in rows:
        by_nb.setdefault(row["notebook"], []).append(row)
    head = (f"{'cell':>6}  {'figure':<30} {'natural':>9}  {'shown/area':>10} {'scale':>5} "
            f"{'text px':>7} {'(pt@dpi)':<9} {'exp px':>6}  {'verdict':<8} "
            f"{'as opened: scale text exp':<26} smallest text is")
    for nb, nb_rows in by_nb.items():
        p(f"== {nb}")
        p(head)
        for row in nb_rows:
            cell = row["label"] or (f"{row['cell']}" + (f".{row['k']}" if row["k"] else ""))
            nat = f"{row['natural'][0]}×{row['natural'][1]}"
            a, b = row["layouts"].get(main), row["layouts"].get(other)
            m = a or row["natural_size"]
            pt = f"{m['text_pt']:g}pt@{row['dpi']:g}" if m["text_pt"] and row.get("dpi") else ""
            shown = f"{a['shown']:.0f}/{a['area']:.0f}" if a else "?"
            line = (f"{cell:>6}  {_short(row['figure'], 30):<30} {nat:>9}  {shown:>10} "
                    f"{m['scale']:5.2f} {_px(m['text_px']):>7} {pt:<9} {_px(m['exp_px']):>6}  "
                    f"{(m['verdict'] if a else '(1:1)'):<8} ")
            line += (f"{b['scale']:.2f} {_px(b['text_px']):>5} {_px(b['exp_px']):>5} "
                     f"{b['verdict']:<8}  " if b else f"{'':<26} ")
            what = m["text_what"]
            if m["exp_px"] is not None and _verdict(m["exp_px"]) != "ok":
                what += f" | exponents: {m['exp_what']}"
            p(line + what)
            for c in row["clipped"]:
                p(f"{'':>8}CLIPPED: {c}")
            for c in row["overlaps"]:
                p(f"{'':>8}{c}")
            if a and a["overflow"]:
                p(f"{'':>8}wider than its output area (scrolls)")
            for prob in row["problems"]:
                p(f"{'':>8}note: {prob}")
            if row.get("same_bytes") is False:
                p(f"{'':>8}note: the re-run's picture has the same size, not the same bytes")
        p()
    if live:
        p("== live explorers (their notebook run in that JupyterLab): shown / area of natural")
        for name, layouts in live.items():
            for layout, m in layouts.items():
                imgs = [f"cell {i['cell']}: {i['shown']:.0f}/{i['area']:.0f} of {i['natural']}"
                        for i in m["images"] if i["live"]]
                p(f"  {name}, {layout}: " + "; ".join(imgs))
        p()
    p(f"== summary ({len(rows)} figures; verdict with the sidebar hidden)")
    verdicts = {}
    for row in rows:
        a = row["layouts"].get(main)
        verdicts.setdefault(a["verdict"] if a else "not measured", []).append(row)
    for v in ("FAIL", "marginal", "ok", "-", "not measured"):
        if v in verdicts:
            only_exp = sum(1 for r in verdicts[v]
                           if _verdict(r["layouts"][main]["text_px"]) != v) if v in (
                               "FAIL", "marginal") else 0
            p(f"  {v:<12} {len(verdicts[v]):3d}" + (
                f"   ({only_exp} of them only because of exponents)" if only_exp else ""))
    clipped = [r for r in rows if r["clipped"]]
    shrunk = [r for r in rows if (a := r["layouts"].get(main)) and a["scale"] < 0.995]
    shrunk_b = [r for r in rows if (b := r["layouts"].get(other)) and b["scale"] < 0.995]
    overlapping = [r for r in rows if r["overlaps"]]
    p(f"  shrunk to fit: {len(shrunk)} (sidebar hidden), {len(shrunk_b)} (as opened); "
      f"with clipped text: {len(clipped)}; with overlapping or crowded texts: "
      f"{len(overlapping)}")
    worst = sorted((r for r in rows if r["layouts"].get(main)),
                   key=lambda r: min(v for v in (r["layouts"][main]["text_px"],
                                                 r["layouts"][main]["exp_px"], 99) if v))
    p("  not ok, worst first: text px / exp px, sidebar hidden → as opened")
    for r in worst:
        a, b = r["layouts"][main], r["layouts"].get(other) or {}
        if a["verdict"] == "ok":
            continue
        cell = r["label"] or f"cell {r['cell']}"
        p(f"    {_px(a['text_px']):>5} / {_px(a['exp_px']):>5} → {_px(b.get('text_px')):>5} / "
          f"{_px(b.get('exp_px')):>5}  {r['notebook']} {cell}: {r['figure']}")


def print_groups(rows, out=sys.stdout):
    """Every kind of text of each figure that is not ok, with its size: where to fix."""
    p = functools.partial(print, file=out)
    p("\n== every kind of text of the figures that are not ok (sidebar hidden)")
    for r in rows:
        a = r["layouts"].get(LAYOUTS[0])
        if not a or a["verdict"] == "ok":
            continue
        p(f"  {r['notebook']} {r['label'] or 'cell ' + str(r['cell'])}: {r['figure']} "
          f"{r.get('where') or ''}")
        p(f"      {r['natural'][0]} px = figsize {r.get('figsize')} in at {r.get('dpi')} dpi"
          + (f", screen_width {r['screen_width']}" if r.get("screen_width") else "")
          + f"; shown {a['shown']:.0f} px (scale {a['scale']:.2f})")
        for what, g in a["groups"].items():
            exp = f", exponents {g['exp_px']:.1f} px" if g["exp_px"] else ""
            p(f"      {g['px']:5.1f} px ({g['pt']:g} pt){exp:<20} ×{g['n']:<3d} {what}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks (default: notebooks/0*)")
    parser.add_argument("--no-browser", action="store_true", help="skip the widths on screen")
    parser.add_argument("--no-docs", action="store_true", help="skip docs/*.png")
    parser.add_argument("--live", nargs="*", default=["01_perceptron.ipynb"],
                        help="notebooks also run in JupyterLab to measure live explorers")
    parser.add_argument("--shots", type=Path, help="save each figure as shown, here")
    parser.add_argument("--json", type=Path, help="write every number to this file")
    parser.add_argument("--groups", action="store_true",
                        help="list every kind of text of each failing figure with its size")
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("MPLCONFIGDIR", str(Path(sys.prefix) / "matplotlib-cache"))
    paths = [p.resolve() for p in args.paths] or sorted((ROOT / "notebooks").glob("0*.ipynb"))
    try:
        with tempfile.TemporaryDirectory(prefix="projector_check_") as tmp:
            work = Path(tmp)
            layout = None
            if not args.no_browser:
                t0 = time.perf_counter()
                try:
                    layout = measure_layout(paths, work / "lab", live=args.live or (),
                                            shots=args.shots, docs=not args.no_docs)
                    print(f"[widths measured in JupyterLab in {time.perf_counter() - t0:.0f} s]",
                          file=sys.stderr)
                except Exception as exc:
                    print(f"[widths not measured: {exc!r}]", file=sys.stderr)
            runs = {}
            for path in paths:
                t0 = time.perf_counter()
                try:
                    runs[path.name] = run_with_hook(path, work / "kernel")
                except Exception as exc:
                    print(f"[{path.name} did not run: {str(exc)[:300]}]", file=sys.stderr)
                print(f"[{path.name} re-run with the hook in {time.perf_counter() - t0:.0f} s]",
                      file=sys.stderr)
            docs = [] if args.no_docs or args.paths else measure_docs()
        rows = build_rows(paths, runs, layout, docs)
        print_report(rows, (layout or {}).get("live", {}))
        if args.groups:
            print_groups(rows)
        if args.json:
            args.json.write_text(json.dumps({"rows": rows, "layout": layout}, indent=1,
                                            default=str), encoding="utf-8")
    except Exception as exc:                          # a report tool: say so, exit 0
        import traceback

        traceback.print_exc()
        print(f"projector_check could not finish: {exc!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
