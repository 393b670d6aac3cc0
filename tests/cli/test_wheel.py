"""The .tcss files ship inside the wheel and load from a fresh virtual environment."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
import asyncio, os
from app.ui.styles import styles_dir
from app.session import Session, SessionConfig
from app.ui.app import InspectorApp
import app
print("package", app.__file__)
print("styles", styles_dir())

async def main():
    inspector = InspectorApp(Session(SessionConfig(local_user="t")))
    async with inspector.run_test(size=(120, 40)):
        print("width", inspector.query_one("#hierarchy").outer_size.width)

asyncio.run(main())
"""


@pytest.mark.slow
def test_styles_load_from_a_wheel_in_a_fresh_venv(tmp_path: Path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("ws_inspector-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--no-deps", "-q", str(wheel)], check=True, capture_output=True)
    # the dependencies come from the test environment, without its .pth files (so not the checkout)
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(purelib, "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "d"), "XDG_CONFIG_HOME": str(tmp_path / "c")}
    result = subprocess.run(
        [python, "-c", CHECK], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert lines["package"].startswith(str(env_dir))
    assert lines["styles"] == str(Path(lines["package"]).parent / "styles")
    assert lines["width"] == "36"  # set by styles/hierarchy.tcss
