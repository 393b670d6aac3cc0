"""Connections: the worker, one connection attempt, host access, behaviours. Imports model and log; never Textual."""
