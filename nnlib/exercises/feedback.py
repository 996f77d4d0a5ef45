"""Feedback: what a check says about an answer."""

import html


class Feedback:
    """The verdict on one answer: ``correct`` (bool), a ``message`` and, if wrong, a ``hint``."""

    def __init__(self, correct, message, hint=""):
        self.correct = bool(correct)
        self.message = message
        self.hint = hint

    def __bool__(self):
        return self.correct

    def __repr__(self):
        head = "✓ Right." if self.correct else "✗ Not yet."
        tail = f"\nHint: {self.hint}" if self.hint and not self.correct else ""
        return f"{head} {self.message}{tail}"

    def _repr_html_(self):
        color, bg = ("#009E73", "#e8f6f1") if self.correct else ("#D55E00", "#fbeee6")
        head = "✓ Right." if self.correct else "✗ Not yet."
        hint = (f"<br><b>Hint:</b> {html.escape(self.hint)}"
                if self.hint and not self.correct else "")
        return (f'<div style="border-left: 6px solid {color}; background: {bg}; '
                f'padding: 8px 12px; font-size: 1.1em"><b>{head}</b> '
                f"{html.escape(self.message)}{hint}</div>")
