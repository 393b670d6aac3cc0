"""Connections: the worker, one connection attempt, host access, behaviours. Imports model and log; never Textual."""

# Each behaviour module registers its component type with the registry when imported.
from app.net import handshake_options as handshake_options
