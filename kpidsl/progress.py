"""Progress of a long `kpi eval` on stderr, so a 50,000-row run is not a minute of silence.

Nothing is shown for the first `DELAY` seconds of a run (a short run stays quiet) or when
stderr is not a terminal (a log file gets no bar). After that, each phase shows on one line that
is redrawn in place: reading the data and writing the output as a status (`正在读取数据…`), the
evaluation as a bar with the count and the time left (click's progress bar). The line is cleared
when the run ends, so the summary and the messages that follow start on a clean line.

A status line is drawn by a timer thread, because the phase it describes (reading an .xlsx)
blocks the main thread; the bar is drawn by the main thread from the evaluation's callback.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

import click

#: Seconds of a run before anything is shown.
DELAY = 2.0


def delay_from_environment() -> float:
    """Seconds before the progress line shows: `KPI_PROGRESS_AFTER` (for tests and impatient
    users), else DELAY."""
    try:
        return float(os.environ.get("KPI_PROGRESS_AFTER", DELAY))
    except ValueError:
        return DELAY

#: Erases the rest of the terminal line (ANSI "erase in line").
_ERASE = "\x1b[K"

#: Shows the cursor again (click's bar hides it while it draws).
_SHOW_CURSOR = "\x1b[?25h"


class Progress:
    """The progress line of one run; `enabled` is False when stderr is not a terminal."""

    def __init__(self, stream: TextIO, *, enabled: bool, delay: float = DELAY,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.enabled = enabled
        self.delay = delay
        self.clock = clock
        self.start = clock()
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._bar: Any = None
        self._drawn = False

    def _due(self) -> float:
        """Seconds until something may be shown (0 once the delay has passed)."""
        return max(0.0, self.delay - (self.clock() - self.start))

    @contextmanager
    def status(self, label: str) -> Iterator[None]:
        """A phase without a count (reading, writing): its label is shown once the run is old
        enough, and stays until the next phase or the end."""
        if not self.enabled:
            yield
            return
        self._end_phase()
        timer = threading.Timer(self._due(), self._draw, (f"{label}…",))
        timer.daemon = True
        self._timer = timer
        timer.start()
        try:
            yield
        finally:
            timer.cancel()

    def counter(self, label: str, total: int) -> Callable[[int], None] | None:
        """A phase of `total` steps (the evaluation): returns the callback to tell it how many
        are done, or None when nothing will be shown."""
        if not self.enabled:
            return None
        self._end_phase()

        def update(done: int) -> None:
            if self._bar is not None and not self._drawn:  # cleared for a message: draw again
                self._bar = None
            if self._bar is None:
                if self._due() > 0:
                    return
                with self._lock:
                    self.stream.write("\r" + _ERASE)
                    self._bar = click.progressbar(length=total, label=label, file=self.stream, show_pos=True, show_eta=True)
                    self._drawn = True
            with self._lock:
                self._bar.update(done - self._bar.pos)

        return update

    def _draw(self, text: str) -> None:
        with self._lock:
            self.stream.write("\r" + _ERASE + text)
            self.stream.flush()
            self._drawn = True

    def _end_phase(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._bar is not None:
            with self._lock:
                self.stream.write(_SHOW_CURSOR)
            self._bar = None

    def clear(self) -> None:
        """Clear the line, so that a message can be written to stderr (the next update redraws)."""
        with self._lock:
            if self._drawn:
                self.stream.write("\r" + _ERASE)
                self.stream.flush()
                self._drawn = False

    def close(self) -> None:
        """End the last phase and clear the line (nothing is written if nothing was shown)."""
        self._end_phase()
        self.clear()
