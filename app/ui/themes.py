"""Two themes in Resonite's colours (dark slate, cyan, orange); Textual's own stay available."""

from __future__ import annotations

from textual.theme import Theme

RESONITE_DARK = Theme(
    name="resonite-dark",
    primary="#59EBFF",
    secondary="#BA64F2",
    accent="#FF7676",
    warning="#F8B14A",
    error="#FF5A5A",
    success="#85FF6B",
    foreground="#E1E1E0",
    background="#11151D",
    surface="#181C24",
    panel="#1D2430",
    dark=True,
)

RESONITE_LIGHT = Theme(
    name="resonite-light",
    primary="#006E87",
    secondary="#7A2FB8",
    accent="#C0392B",
    warning="#B35C00",
    error="#C0392B",
    success="#2E7D32",
    foreground="#11151D",
    background="#F4F5F7",
    surface="#FFFFFF",
    panel="#E6E9EF",
    dark=False,
)

THEMES = (RESONITE_DARK, RESONITE_LIGHT)
DEFAULT_THEME = RESONITE_DARK.name
