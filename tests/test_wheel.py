"""The built wheel installs whole: outside the source tree, `presser migrate` finds its
migrations and `presser serve` its templates and static files."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import urllib.request
import venv
from pathlib import Path

import pytest

from tests.server import serving

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        args, cwd=cwd, env=env, check=True, capture_output=True, text=True, timeout=300
    )
    return done.stdout


@pytest.mark.slow
def test_the_wheel_migrates_and_serves_pages(tmp_path: Path) -> None:
    # Built from a copy: setuptools leaves build/ and *.egg-info in the tree it builds, and a
    # stale build/lib would put deleted modules into the next wheel.
    source = tmp_path / "source"
    shutil.copytree(ROOT / "app", source / "app", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    wheels = tmp_path / "wheels"
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", wheels, source)
    (wheel,) = wheels.glob("presser-*.whl")
    scratch = tmp_path / "venv"
    venv.create(scratch, with_pip=False)
    python = scratch / "bin" / "python"
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").strip())
    # The wheel alone goes into the scratch venv; its dependencies come from ours, appended
    # after it on sys.path (a path line in a .pth adds the folder without running the .pth
    # files in it, so our editable install of this checkout stays out of sight). Installing
    # them afresh would test pip and the network, not the wheel, at a minute a run.
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", wheel)
    outside = tmp_path / "elsewhere"  # not the checkout: `app` must come from the wheel
    outside.mkdir()
    where = run(python, "-c", "import app; print(app.__file__)", cwd=outside)
    assert where.startswith(str(site)), where
    presser = str(scratch / "bin" / "presser")
    data = tmp_path / "data"
    run(presser, "migrate", cwd=outside, env={"PRESSER_DATA_DIR": str(data)})
    assert (data / "presser.db").exists()
    with serving(data, command=[presser], cwd=outside) as base:
        with urllib.request.urlopen(base + "/", timeout=10) as response:
            assert response.status == 200
            assert "Presser" in response.read().decode()
        with urllib.request.urlopen(base + "/static/presser.css", timeout=10) as response:
            assert response.status == 200
