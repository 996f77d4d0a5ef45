"""Headless training runs: what a training explorer trains, without any picture.

A run owns its network, its history, its verdict text (diverged, dead units, η too large) and
the numbers a notebook quotes; it can be stepped, paused and reset without widgets. An explorer
builds a run from its controls and only paints it; a notebook or a test reads the run directly.
numpy only (this is the maths side). Import the modules by name, e.g. ``nnlib.runs.playground``.
"""
