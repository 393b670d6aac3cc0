"""The Textual interface. The only layer that imports Textual."""
