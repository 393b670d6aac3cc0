"""Connections: the worker, one connection attempt, host access, behaviours. Imports model and log; never Textual."""

# Each behaviour module registers its component type with the registry when imported.
from app.net.handshake import shaping as shaping
