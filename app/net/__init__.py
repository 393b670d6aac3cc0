"""Connections: workers, events, host access, recording. Imports the model; never Textual."""
