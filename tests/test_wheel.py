"""The built wheel installs whole: outside the source tree, `presser migrate` finds its
migrations and `presser serve` its templates and static files."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import urllib.request
import venv
from pathlib import Path

import pytest

from tests.server import serving

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_wheel_migrates_and_serves_pages(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    run = {"check": True, "capture_output": True, "timeout": 300}
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", wheels, ROOT], **run
    )
    (wheel,) = wheels.glob("presser-*.whl")
    scratch = tmp_path / "venv"
    venv.create(scratch, with_pip=False)
    python = scratch / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            **run,
            text=True,
        ).stdout.strip()
    )
    # The wheel alone goes into the scratch venv; its dependencies come from ours, appended
    # after it on sys.path (a path line in a .pth adds the folder without running the .pth
    # files in it, so our editable install of this checkout stays out of sight). Installing
    # them afresh would test pip and the network, not the wheel, at a minute a run.
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", wheel],
        **run,
    )
    outside = tmp_path / "elsewhere"  # not the checkout: `app` must come from the wheel
    outside.mkdir()
    where = subprocess.run(
        [python, "-c", "import app; print(app.__file__)"], **run, cwd=outside, text=True
    ).stdout
    assert where.startswith(str(site)), where
    presser = str(scratch / "bin" / "presser")
    data = tmp_path / "data"
    env = {"PRESSER_DATA_DIR": str(data)}
    subprocess.run([presser, "migrate"], **run, cwd=outside, env=env)
    assert (data / "presser.db").exists()
    with serving(data, command=[presser], cwd=outside) as base:
        with urllib.request.urlopen(base + "/", timeout=10) as response:
            assert response.status == 200
            assert "Presser" in response.read().decode()
        with urllib.request.urlopen(base + "/static/presser.css", timeout=10) as response:
            assert response.status == 200
