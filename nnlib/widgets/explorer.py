"""The Explorer base class: every live figure of the course is one.

An explorer holds

* ``controls``: name → ipywidget (sliders, dropdowns, buttons);
* ``figure``: its matplotlib figure, redrawn in place (see ``nnlib.viz.LiveFigure``);
* ``update(**values)``: set controls and redraw once — the same code path a slider move
  takes, so tests and notebook cells can drive it;
* ``state()``: the current values; ``explorer_function(**state)`` rebuilds the same view,
  so a teacher can hand out an exact setup as one line of code;
* ``presets``: named sets of values, offered in a dropdown;
* ``header``: ``TITLE`` and "Try: ``TRY``" above the controls, so an explorer shown alone
  (a Voila app, a slide) says what it shows and what to do.

Shown as the last expression of a cell it displays itself: the live widget where a kernel
runs, and a PNG of the figure for readers on GitHub or nbviewer, where widgets cannot run.
"""

import base64
import contextlib
import functools
import html

import ipywidgets as widgets
from IPython import get_ipython

from ..viz import LiveFigure, style
from .checked import checked_value
from .chunks import ChunkedWork
from .log_slider import LogSlider


class Explorer(ChunkedWork):
    """Base class. Subclasses build controls and artists, set ``TITLE`` and ``TRY``, then
    implement ``draw()``.

    One way through: every control change and every ``update()`` ends in ``changed()``, the
    one change hook. An explorer that trains shows a headless run (``nnlib.runs``) that
    ``run_key()`` names; when it changes, ``changed()`` abandons the old run, builds one
    (``make_run()``), starts it (``started()``) and redraws.

    ``draw()`` only paints from ``self.value(name)`` and ``self.run``, in place. It never
    trains, rebuilds a network, stops a thread or calls ``changed()``, and never raises on
    extreme settings: it writes a message on the figure (``self.live.message(ax)``).
    """

    #: The headless run being shown (from ``nnlib.runs``), or None.
    run = None
    _run_key = None
    #: True while a control move made on the page (not ``update()``) is handled: a training
    #: explorer's ``started()`` then trains a first chunk and the rest in the background.
    from_page = False

    #: Width of the figure on screen, in CSS pixels (it scales down on narrow screens).
    screen_width = 900
    TITLE = TRY = ""    # the header above the controls (a widget, not in the figure)

    def __init_subclass__(cls, **kwargs):
        # Build every explorer inside the course's matplotlib style, so axes, ticks and titles
        # get its sizes, without changing any global setting.
        super().__init_subclass__(**kwargs)
        init = cls.__init__

        @functools.wraps(init)
        def styled_init(self, *args, **kw):
            with style():
                init(self, *args, **kw)

        cls.__init__ = styled_init

    def __init__(self, size=(10, 4.5), dpi=100):
        self.live = LiveFigure(size, dpi)
        self.figure = self.live.figure
        self.controls = {}
        self.presets = {}
        self._state_names = []
        self._holding = False
        self.renders = 0
        self._image = widgets.Image(format="url", layout=widgets.Layout(   # see jpeg_url()
            width="100%", max_width=f"{self.screen_width}px", height="auto"))
        # A bug in a callback must not vanish into the kernel's log: in a notebook its traceback
        # shows here, under the figure; outside IPython it propagates to the caller.
        self.errors = widgets.Output()
        self.widget = None
        # Long work (training) runs in chunks, maybe in a thread; see chunks.ChunkedWork.
        self._init_chunks()

    # -- building ---------------------------------------------------------------------

    def add_control(self, name, widget, state=True):
        """Register ``widget`` as control ``name``; when ``state``, its value is part of state()."""
        self.controls[name] = widget
        if state:
            self._state_names.append(name)
            widget.observe(self._on_change, names="value")
        return widget

    def slider(self, name, value, lo, hi, step, description=None, log=False, integer=False,
               continuous=True, fmt=None):
        """A slider control (FloatSlider, FloatLogSlider for ``log``, IntSlider for ``integer``)."""
        common = dict(description=description or name, continuous_update=continuous,
                      style={"description_width": "initial"},
                      layout=widgets.Layout(width="320px"))
        if integer:
            w = widgets.IntSlider(value=value, min=lo, max=hi, step=step, **common)
        elif log:
            # Two significant digits: the page puts the handle on its grid of 10^(k·step) and
            # shows that value, so η = 0.5 would read "0.501" with three (see LogSlider).
            w = LogSlider(value=value, min=lo, max=hi, step=step, base=10,
                          readout_format=fmt or ".2r", **common)
        else:
            w = widgets.FloatSlider(value=value, min=lo, max=hi, step=step,
                                    readout_format=fmt or ".2f", **common)
        return self.add_control(name, w)

    def dropdown(self, name, value, options, description=None):
        """A dropdown control over ``options`` (a list, or a list of (label, value) pairs)."""
        w = widgets.Dropdown(value=value, options=options, description=description or name,
                             style={"description_width": "initial"},
                             layout=widgets.Layout(width="320px"))
        return self.add_control(name, w)

    def button(self, name, description, on_click, icon=""):
        """A button control; buttons are actions, not part of state()."""
        w = widgets.Button(description=description, icon=icon,
                           layout=widgets.Layout(width="auto", flex="0 0 auto"))
        w.on_click(lambda _button: self._guarded(on_click))
        return self.add_control(name, w, state=False)

    def add_presets(self, presets):
        """Offer ``presets`` (name → dict of control values) in a dropdown named "preset"."""
        self.presets = dict(presets)
        w = widgets.Dropdown(options=["(choose a preset)"] + list(self.presets),
                             description="preset", style={"description_width": "initial"},
                             layout=widgets.Layout(width="320px"))

        def chosen(change):
            if change["new"] in self.presets:
                self._guarded(self.apply_preset, change["new"])
                w.value = "(choose a preset)"

        w.observe(chosen, names="value")
        return self.add_control("preset", w, state=False)

    def apply_preset(self, name):
        """Set every control the preset ``name`` names, then redraw once."""
        if name not in self.presets:
            raise ValueError(f"unknown preset {name!r}; this explorer has {list(self.presets)}")
        return self.update(**self.presets[name])

    def finish(self, rows, initial):
        """Set the ``initial`` control values (checked as in ``update``), lay out the controls
        in ``rows`` (lists of control names), and draw the first frame."""
        self._set_checked(initial)
        # A row too wide for the screen (a projector's 1024 px) wraps instead of squeezing
        # its buttons into "st…".
        wrap = widgets.Layout(flex_flow="row wrap")
        boxes = [widgets.HBox([self.controls[name] for name in row], layout=wrap)
                 for row in rows]
        self.header = widgets.HTML(_header_html(self.TITLE, self.TRY))
        top = [self.header] if self.header.value else []
        self.widget = widgets.VBox(top + [widgets.VBox(boxes), self._image, self.errors])
        self.changed()
        return self

    # -- driving ------------------------------------------------------------------------

    def value(self, name):
        """The current value of control ``name``."""
        return self.controls[name].value

    def update(self, **values):
        """Set several controls at once and redraw once; returns ``self``.

        Raises ``ValueError`` for an unknown control or a value outside its
        range or options, and ``TypeError`` for a value of the wrong kind.
        """
        self._set_checked(values)
        self.changed()
        return self

    def _set_checked(self, values):
        unknown = [name for name in values if name not in self._state_names]
        if unknown:
            raise ValueError(f"unknown control {unknown[0]!r}; this explorer has "
                             f"{self._state_names}")
        checked = {name: checked_value(name, self.controls[name], v)
                   for name, v in values.items()}
        with self._hold():
            for name, v in checked.items():
                self.controls[name].value = v

    def state(self):
        """The current value of every control, as a dict that the explorer's function accepts."""
        return {name: self.controls[name].value for name in self._state_names}

    # -- the change hook --------------------------------------------------------------

    def run_key(self):
        """A hashable of the control values that define the run (None: no run)."""
        return None

    def make_run(self):
        """A fresh headless run built from the current controls (None: no run)."""
        return None

    def started(self):
        """Called (under the lock) right after ``make_run()``: say, train a first chunk."""

    def changed(self):
        """The one change hook: every control change and ``update()`` end here.

        When ``run_key()`` differs from the shown run's key (or there is no run yet), the old
        run's work is abandoned, ``make_run()`` builds the new run and ``started()`` starts
        it; then ``refresh()`` redraws. Both under one hold of the lock, so a thread that
        ``started()`` launched sends no frame before this one."""
        key = self.run_key()
        new = key != self._run_key or (key is not None and self.run is None)
        if new:
            self.abandon()        # before the lock: an old chunk that checks it ends early
        with self._lock:
            if new:
                self._run_key, self.run = key, self.make_run()
                self.started()
            self.refresh()

    def refresh(self):
        """Redraw: update the artists (``draw``), blit, and send the frame to the screen."""
        with self._lock:     # a training thread and a slider move never draw at once
            self.draw()
            self.live.render()
            self._image.value = jpeg_url(self.live.jpeg())
            self.renders += 1

    def draw(self):
        raise NotImplementedError

    @contextlib.contextmanager
    def _hold(self):
        held, self._holding = self._holding, True
        try:
            yield
        finally:
            self._holding = held

    def _on_change(self, change):
        if not self._holding:
            self.from_page = True
            try:
                self._guarded(self.changed)
            finally:
                self.from_page = False

    def _guarded(self, fn, *args):
        # Not ``with self.errors: fn(*args)``: entering and leaving an Output widget syncs its
        # msg_id to the page (two more comm messages per slider move, handled between the
        # frame's arrival and its paint). The Output is used only to show a traceback.
        try:
            fn(*args)
        except BaseException as exc:
            ip = get_ipython()
            if not ip:
                raise               # outside IPython: the caller sees it
            with self.errors:
                ip.showtraceback((type(exc), exc, exc.__traceback__), tb_offset=0)

    # -- showing ------------------------------------------------------------------------

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["image/png"] = base64.b64encode(self.live.png()).decode("ascii")
        bundle["text/plain"] = repr(self)
        return bundle

    def __repr__(self):
        values = ", ".join(f"{k}={v!r}" for k, v in self.state().items())
        return f"{type(self).__name__}({values})"


def _header_html(title, to_try):
    """The header's HTML: the title in bold, then "Try: ..." (each only when given)."""
    parts = [f"<b style='font-size:1.4em'>{html.escape(title)}</b>" if title else "",
             f"<span style='font-size:1.15em'><b>Try:</b> {html.escape(to_try)}</span>"
             if to_try else ""]
    return "<br>".join(part for part in parts if part)


def jpeg_url(jpeg):
    """JPEG bytes as a ``data:`` URL: what an explorer's image widget (format "url") shows.

    A URL rather than the bytes themselves, because the page shows a data URL at once, where
    bytes become a blob URL that the browser first fetches: about 9 ms less from a slider's
    key press to the painted frame (``benchmarks/bench_browser.py --variants base,blob``),
    for a third more bytes on the websocket."""
    return b"data:image/jpeg;base64," + base64.b64encode(jpeg)
