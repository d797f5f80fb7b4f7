"""Pelican glue for the build summary: handlers and register() only.

At the end of every build one line is printed: posts, pages, series, comments
published / pending, pingbacks, warnings and seconds. It is printed, never
written to the output, so builds stay byte-identical.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from pelican import signals

from .core import WarningCounter, counts_from_context, format_summary

# Runtime state of the current build lives on the Pelican instance's settings dict
# (which every generator shares), never in this module, so autoreload stays right.
STATE_KEY = "_build_summary_state"


@dataclass
class BuildState:
    """One Pelican instance's counter, clock and finished context."""

    counter: WarningCounter = field(default_factory=WarningCounter)
    started: float = field(default_factory=time.perf_counter)
    context: dict[str, Any] | None = None

    def __reduce__(self) -> tuple[type, tuple[()]]:
        # Pelican's content cache pickles each article with its settings dict, and
        # so this state; the counter's lock cannot be pickled and a stale count
        # must not come back from the cache, so a pickled state is a fresh one.
        return (BuildState, ())


def _install(state: BuildState) -> None:
    """Count warnings from now on, starting from zero."""
    root = logging.getLogger()
    state.counter.count = 0
    state.started = time.perf_counter()
    if state.counter not in root.handlers:
        root.addHandler(state.counter)


def start_counting(pelican: Any) -> None:
    """Install the warning counter as soon as Pelican is set up."""
    root = logging.getLogger()
    # A build that crashed never reached `finalized`; drop its counter.
    for stale in [h for h in root.handlers if isinstance(h, WarningCounter)]:
        root.removeHandler(stale)
    state = BuildState()
    pelican.settings[STATE_KEY] = state
    _install(state)


def restart_counting(pelican: Any) -> None:
    """Start a fresh count and clock for each run, autoreload runs included."""
    state = pelican.settings.get(STATE_KEY)
    if isinstance(state, BuildState):
        _install(state)


def keep_context(generators: list[Any]) -> None:
    """Remember the shared context, which `finalized` cannot reach."""
    for generator in generators[:1]:
        state = generator.settings.get(STATE_KEY)
        if isinstance(state, BuildState):
            state.context = generator.context


def print_summary(pelican: Any) -> None:
    """Print the summary line and stop counting."""
    state = pelican.settings.get(STATE_KEY)
    if not isinstance(state, BuildState):
        return
    logging.getLogger().removeHandler(state.counter)
    counts = counts_from_context(
        state.context or {},
        warnings=state.counter.count,
        seconds=time.perf_counter() - state.started,
    )
    state.context = None
    print(format_summary(counts), flush=True)


def register() -> None:
    """Connect the handlers."""
    # `initialized` comes before any content is read, so every warning is counted.
    signals.initialized.connect(start_counting)
    # `get_generators` is sent at the start of every run, autoreload runs included.
    signals.get_generators.connect(restart_counting)
    # Comment and series stats are on the context once every generator is done.
    signals.all_generators_finalized.connect(keep_context)
    # `finalized` is the end of the build: everything written, every warning logged.
    signals.finalized.connect(print_summary)
