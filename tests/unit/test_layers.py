"""The layers point one way (README, Architecture): model ← store, log ← net ← session ← ui ← cli."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"

ALLOWED = {
    "model": {"app.model"},
    "store": {"app.model", "app.store"},
    "log": {"app.model", "app.log"},
    "internals": {"app.internals"},
    "net": {"app", "app.model", "app.log", "app.net", "app.internals"},
    "ui": {
        "app",
        "app.model",
        "app.store",
        "app.log",
        "app.net",
        "app.ui",
        "app.session",
        "app.gc_policy",
        "app.internals",
    },
}
FORBIDDEN_THIRD_PARTY = {
    "model": {"textual", "rich", "websockets", "platformdirs", "tomli_w"},
    "store": {"textual", "rich", "websockets"},
    "log": {"textual", "rich", "websockets"},
    "net": {"textual", "rich"},
}
NOT_FOR_NET = "app.internals.textual_parts"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_point_one_way(layer: str):
    files = sorted((APP / layer).rglob("*.py"))
    assert files
    for path in files:
        for name in imports_of(path):
            top = name.split(".")[0]
            if top == "app":
                prefix = ".".join(name.split(".")[:2]) if name.count(".") else "app"
                assert prefix in ALLOWED[layer], f"{path.relative_to(APP)} imports {name}"
            assert top not in FORBIDDEN_THIRD_PARTY.get(layer, set()), f"{path.relative_to(APP)} imports {name}"


def test_session_has_no_textual():
    assert not any(n.split(".")[0] in ("textual", "rich") for n in imports_of(APP / "session.py"))


def test_net_never_reaches_textual_through_the_internals():
    for path in sorted((APP / "net").rglob("*.py")):
        assert NOT_FOR_NET not in imports_of(path), f"{path.relative_to(APP)} imports {NOT_FOR_NET}"
    assert not any(
        n.split(".")[0] in ("textual", "rich") for n in imports_of(APP / "internals" / "websockets_parts.py")
    )


def test_headless_run_has_no_textual():
    assert not any(n.split(".")[0] in ("textual", "rich") for n in imports_of(APP / "headless.py"))


def test_the_commands_never_load_textual():
    """replay, diff, serve and run work where Textual could not draw (CI, a pipe)."""
    code = (
        "import sys, app.cli, app.commands.replay, app.commands.diff, app.commands.serve, app.commands.run\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip() == "[]"
