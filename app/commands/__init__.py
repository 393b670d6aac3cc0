"""The subcommands of the command line (`ws-inspector replay|diff|serve|run ...`), one module each.

Each module has `build_parser()` and `main(args) -> exit status`. A first argument that names one
of them runs it; anything else is the interactive `ws-inspector [URL]` (app/cli.py).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

COMMANDS = {
    "replay": "send a recording's sent messages to a URL",
    "diff": "compare two recordings",
    "serve": "play a recording as a mock WebSocket server",
    "run": "run a scene's clients without the interface (for scripts and CI)",
}


def run_command(argv: Sequence[str]) -> int:
    """argv[0] is a command's name; returns the exit status."""
    module = importlib.import_module(f"app.commands.{argv[0]}")
    args = module.build_parser().parse_args(argv[1:])
    return module.main(args)


def epilog() -> str:
    lines = [f"  {name:<7} {what}" for name, what in COMMANDS.items()]
    return "commands (ws-inspector COMMAND --help for each):\n" + "\n".join(lines)
