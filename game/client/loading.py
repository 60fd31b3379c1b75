"""Opening a save in the window: read it, check its computer moves, start the game.

The computer's moves in a save are checked against what the computer plays (see
game.persistence.computer_check). For a save this installation wrote that costs
nothing, and for any save with today's computer on easy or normal a fraction of
a second; but a save from elsewhere, played against a computer that thinks for
a second a move, costs as much as that computer's thinking did. So the check
runs for a moment at once, and if it is not done by then it goes on a slice per
frame behind a sheet that shows its progress and can be cancelled (Esc).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

FIRST_SLICE = 0.25
"""Seconds spent checking before the progress sheet is shown (most saves finish)."""

Failed = Callable[[str], None]


def open_save(app: Any, path: Path | str, failed: Failed, notice: str = "") -> bool:
    """Start the game saved at ``path``; ``failed(message)`` is called if it cannot be.

    Returns False if it failed at once; True if the game started, or is being checked
    (it then starts, or ``failed`` hears why not, when the check ends).
    """
    saves = app.get_saves()
    if saves is None:
        failed("Saved games are not available in this build.")
        return False
    try:
        job = saves.begin_load(Path(path))
    except Exception as exc:
        failed(str(exc))
        return False
    if job.step(FIRST_SLICE):
        return finish(app, job, failed, notice)
    from game.client.screens.checking import CheckingScreen

    app.push(CheckingScreen(app, job, failed, notice))
    return True


def finish(app: Any, job: Any, failed: Failed, notice: str = "") -> bool:
    """Start the checked game, or report why it cannot be continued."""
    try:
        session, warnings = job.finish()
    except Exception as exc:
        failed(str(exc))
        return False
    app.start_session(session, notice=" ".join(part for part in (notice, *warnings) if part))
    return True


def quickload(app: Any, failed: Failed) -> bool:
    """Open the quicksave (Ctrl+L, F9)."""
    saves = app.get_saves()
    if saves is None:
        failed("Saves are not available.")
        return False
    path = saves.quicksave_file()
    if not path.exists():
        failed("There is no quicksave yet (Ctrl+S or F5 makes one).")
        return False
    return open_save(app, path, lambda message: failed(f"Quickload failed: {message}"),
                     notice="Quickloaded.")
