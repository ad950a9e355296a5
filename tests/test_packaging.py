"""The package as a user installs it: `python -m build`, the wheel in a fresh venv, the demo.

Slow (it builds, and installs the dependencies into an empty venv), so it is marked
`packaging` and deselected by default; `.ci/run` runs it with `-m packaging`.
"""

import os
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.packaging


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    # No variable of the test run's own venv or proxy leaks into the user's shell.
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_the_built_wheel_runs_the_demo_in_an_empty_venv(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = run(sys.executable, "-m", "build", "--outdir", dist, ROOT, cwd=tmp_path)
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")

    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = next(
            archive.read(n).decode() for n in names if n.endswith(".dist-info/METADATA")
        )
    assert "auditor/sample/snapshot/manifest.json" in names
    assert "auditor/sample/policy.toml" in names
    assert "auditor/report/templates/compiled/sources.json" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not any(n.startswith(("tests/", "sample_data/")) for n in names)
    assert "License-Expression: Apache-2.0" in metadata
    assert "Classifier: Programming Language :: Python :: 3.11" in metadata
    with tarfile.open(sdist) as archive:
        members = {Path(m).name for m in archive.getnames()}
    assert {"LICENSE", "README.md", "pyproject.toml"} <= members

    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    installed = run(python, "-m", "pip", "install", "-q", wheel, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr[-3000:]

    # Far from the repository, so nothing can be found relative to a clone.
    work = tmp_path / "elsewhere"
    work.mkdir()
    auditor = environment / "bin" / "auditor"
    demo = run(auditor, "demo", "--out", work / "bundle", cwd=work)
    assert demo.returncode == 0, demo.stderr[-3000:]
    assert "report.html" in demo.stdout
    verified = run(auditor, "verify", work / "bundle", cwd=work)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "OK: bundle" in verified.stdout.splitlines()[-1]
    # The report's templates come compiled with the package, and are fresh there.
    loader = run(
        python,
        "-c",
        "from auditor.report.compiled_templates import compiled_loader;"
        "print(type(compiled_loader()).__name__)",
        cwd=work,
    )
    assert loader.stdout.strip() == "ModuleLoader", loader.stdout + loader.stderr
