"""Dialogs over the main screen: Host Access, grants, confirmation, help."""
