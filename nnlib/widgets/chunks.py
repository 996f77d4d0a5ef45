"""Long work in chunks, maybe in a background thread: what an explorer trains with.

``ChunkedWork`` is a mixin of ``Explorer``. ``run_in_chunks(chunk)`` calls ``chunk()`` again
and again, redrawing (``refresh``) after each call, until it returns False or ``stop()`` is
called. ``abandon()`` ends the work for good (what it trained is being thrown away); a new
``run_in_chunks`` may start at once, while the abandoned thread finishes its chunk.

Each piece of work has its own stop signal (a ``threading.Event``) and its own generation
number. So a late signal meant for old work (an ``abandon()`` that waited for the lock while
the old chunk finished) can never stop work started after it.
"""

import contextvars
import threading


class ChunkedWork:
    """Mixin: ``run_in_chunks``, ``stop``, ``abandon``, ``abandoned``, ``running``.

    The class using it provides ``refresh()`` (redraw under ``self._lock``) and
    ``_guarded(fn, *args)`` (call ``fn``; show a traceback under the figure).
    """

    def _init_chunks(self):
        self._lock = threading.RLock()     # a training chunk and a redraw never run at once
        self._stop = threading.Event()     # the stop signal of the current work
        self._generation = 0               # bumped by abandon(): work started before it ends
        self.thread = None
        self._thread_generation = 0
        self._work = threading.local()     # the generation of the work this thread does

    def run_in_chunks(self, chunk, block=True, on_stop=None):
        """Call ``chunk()`` again and again, redrawing after each call, until it returns False
        or ``stop()`` is called; after such an early stop, ``on_stop()`` (if given) and a
        redraw, so the figure can say that the work was stopped. Returns ``self``.

        ``chunk`` does one slice of work (say 200 epochs of training) under the explorer's
        lock. With ``block=False`` the loop runs in a thread (``self.thread``), so the
        kernel stays free: sliders and the stop button keep working while it runs.
        """
        if self.running:
            return self
        # A fresh signal for this work: abandon() or stop() aimed at earlier work sets the
        # earlier work's signal, even when it lands after this line.
        stop = self._stop = threading.Event()
        args = (chunk, on_stop, self._generation, stop)
        if block:
            self._chunks(*args)
        else:
            # The thread works in a copy of the caller's context (its context variables), as
            # the caller's own code would. ipykernel 7 keeps the request it is handling (the
            # cell, the slider move, the click) in context variables and addresses every widget
            # message and every output with it; a bare thread starts in an empty context, where
            # ipykernel 7.0 raises LookupError at the first widget update (and the traceback
            # cannot even be shown under the figure), and later versions fall back to whatever
            # request the main shell handled last.
            context = contextvars.copy_context()
            self.thread = threading.Thread(target=context.run,
                                           args=(self._guarded, self._chunks, *args),
                                           daemon=True)
            self._thread_generation = self._generation
            self.thread.start()
        return self

    def _chunks(self, chunk, on_stop, generation, stop):
        self._work.generation = generation
        try:
            more = True
            while more and not stop.is_set():
                with self._lock:
                    if generation != self._generation:
                        return                # abandoned: what it worked on is gone
                    more = chunk()
                    if generation != self._generation:
                        return                # abandoned during the chunk: no stale frame
                    self.refresh()
            if more:
                with self._lock:
                    if generation == self._generation:   # stopped, not abandoned
                        if on_stop is not None:
                            on_stop()
                        self.refresh()
        finally:
            del self._work.generation         # (block=True ran it in the caller's thread)

    def abandon(self):
        """End work started by ``run_in_chunks`` for good, before its next chunk (a control
        change that replaces what it was training calls this). A chunk that checks
        ``abandoned`` as it goes ends early; the lock is taken after the signal is given, so
        this waits for that, not for the whole chunk."""
        stop = self._stop                     # this work's signal, not that of later work
        self._generation += 1
        with self._lock:
            stop.set()

    @property
    def abandoned(self):
        """True inside work of ``run_in_chunks`` once ``abandon()`` has been called: a long
        chunk can check it to end early (what it worked on is thrown away)."""
        return getattr(self._work, "generation", self._generation) != self._generation

    def stop(self):
        """Ask work started by ``run_in_chunks`` to end after its current chunk."""
        self._stop.set()

    @property
    def stopping(self):
        """True once ``stop()`` (or ``abandon()``) was called for the current work."""
        return self._stop.is_set()

    @property
    def running(self):
        """True while a background thread of ``run_in_chunks`` works. A thread that was
        abandoned does not count: it only waits to finish its chunk and end, so new work may
        start at once."""
        return (self.thread is not None and self.thread.is_alive()
                and self._thread_generation == self._generation)
