"""Ctrl+Q with a scene that cannot be saved (a read-only or missing data folder): ask, never drop
the changes without a word (README, Reliability: hostile local input)."""

from __future__ import annotations

from textual.app import App

from app.store.autosave import Autosaver
from app.ui.dialogs.confirm_screen import ConfirmScreen


class UnsavedQuitScreen(ConfirmScreen):
    """Quit anyway (y, or Ctrl+Q again) or keep the app open (n, Escape)."""


def may_quit_now(app: App[int], autosaver: Autosaver | None) -> bool:
    """Save once more; when that fails, ask (and answer later through the dialog) instead."""
    if autosaver is None or autosaver.save_now() or isinstance(app.screen, UnsavedQuitScreen):
        return True
    question = (
        f"{autosaver.last_error} Quit anyway and lose the changes made since the last save, "
        f"or keep the app open (saving is retried every {autosaver.retry_delay:g} s; "
        "make the folder writable, or copy what you need)?"
    )

    def answered(quit_anyway: bool | None) -> None:
        if quit_anyway:
            app.exit()

    app.push_screen(UnsavedQuitScreen("The scene is not saved", question, yes="Quit anyway"), answered)
    return False
