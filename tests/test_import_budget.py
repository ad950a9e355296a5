"""A plain `analyze` imports no library it does not use, and `--help` and `verify` stay light.

pandas, networkx and openpyxl take about half a second to import together, most of a
small account's whole run. Each is imported where it is first needed: networkx only when
the graph is built as a networkx graph (which no part of a plain analysis and its bundle
does: graph.graphml is written from the records), openpyxl and pandas when an input file
is read (`--roster`, `--previous-review`). Each check runs in a
fresh interpreter, whose `sys.modules` this test's own imports cannot have filled, and
names the module that imported a library too early, so that a top-level import added
back anywhere fails here. numpy and pydantic are not imported at all: the contacts'
columns are the standard library's arrays (`snapshot/contacts.py`), and records are
typed by `auditor.records`.
"""

import json
import subprocess
import sys
from pathlib import Path

from auditor.sample import SAMPLE_DATA

# The drift comparison and the readers of the optional inputs: a plain analysis needs none.
OPTIONAL_INPUTS = (
    "auditor.graph.changes",
    "auditor.inputs.review",
    "auditor.inputs.roster",
    "auditor.inputs.xlsx_input",
    "auditor.inputs.csv_input",
)
WATCHED = (
    "numpy",
    "pandas",
    "networkx",
    "openpyxl",
    "xlsxwriter",
    "jinja2",
    "pydantic",
    "cryptography",
    # Only the commands that log (collect, audit) need it; `redact` does not.
    "logging",
    *OPTIONAL_INPUTS,
)

# Which module first imports a watched library, by its import statement's module.
_RECORDER = """
import json, sys

WATCHED = set(json.loads(sys.argv[1]))
importers = {}


class Recorder:
    def find_spec(self, name, path=None, target=None):
        if name in WATCHED and name not in importers:
            frame = sys._getframe(1)
            while frame.f_globals.get("__name__", "").startswith(("importlib", "_frozen")):
                frame = frame.f_back
            importers[name] = frame.f_globals.get("__name__")
        return None


sys.meta_path.insert(0, Recorder())


def report(stage):
    print(json.dumps([stage, importers]), flush=True)
"""


def importers(program: str, *args: str) -> dict[str, dict[str, str]]:
    """Run `program` after the recorder; each `report(stage)` it calls says, by watched
    library imported so far, which module imported it."""
    done = subprocess.run(
        [sys.executable, "-c", _RECORDER + program, json.dumps(WATCHED), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(line) for line in done.stdout.splitlines())


def test_a_plain_analysis_and_its_bundle_import_no_networkx(tmp_path: Path) -> None:
    stages = importers(
        """
from pathlib import Path
import auditor.cli, auditor.analysis, auditor.report.bundle
report("imported")
analysis = auditor.analysis.analyze(Path(sys.argv[2]))
report("analyzed")
auditor.report.bundle.write_bundle(analysis, Path(sys.argv[3]), writers=1)
report("written")
from auditor.inputs.review import read_previous_review
read_previous_review(Path(sys.argv[3]) / "access_review.xlsx")
report("review read")
""",
        str(SAMPLE_DATA / "snapshot"),
        str(tmp_path / "bundle"),
    )
    for stage in ("imported", "analyzed"):
        early = {
            library: module
            for library, module in stages[stage].items()
            if library in ("pandas", "networkx", "openpyxl", "xlsxwriter", "jinja2")
        }
        assert early == {}, f"{stage}: imported by {early}"
    # graph.graphml is written from the identity graph's records, not its networkx graph
    # (0.15 s to import, 0.2 s to build at ten thousand agents).
    assert "networkx" not in stages["written"], stages["written"]
    # The contacts' columns are the standard library's arrays: numpy's import alone was a
    # sixth of the `json.loads` floor at a tenth of the benchmark's size.
    assert "numpy" not in stages["written"], stages["written"]
    # Records are typed by `auditor.records`, not a validation library: pydantic's import
    # and its models' building cost every run 0.11-0.13 s before it read anything.
    assert "pydantic" not in stages["written"], stages["written"]
    assert "openpyxl" not in stages["written"]
    assert "logging" not in stages["written"], stages["written"]
    # The drift comparison and the roster's and review's readers are imported only with
    # their input (`inputs.baseline`): 0.03 s of every run that is given none.
    optional = set(OPTIONAL_INPUTS) & set(stages["written"])
    assert not optional, {name: stages["written"][name] for name in optional}
    # A previous review given as a workbook is what openpyxl reads.
    assert stages["review read"]["openpyxl"] == "auditor.inputs.xlsx_input"


def test_an_analysis_given_a_baseline_imports_the_comparison(tmp_path: Path) -> None:
    stages = importers(
        """
from pathlib import Path
import auditor.analysis
auditor.analysis.analyze(Path(sys.argv[2]), baseline_path=Path(sys.argv[2]))
report("analyzed")
""",
        str(SAMPLE_DATA / "snapshot"),
    )
    assert stages["analyzed"]["auditor.graph.changes"] == "auditor.inputs.baseline"


def test_the_input_readers_import_pandas_only_to_read_a_file() -> None:
    stages = importers(
        """
from pathlib import Path
from auditor.inputs.csv_input import read_csv_input
from auditor.inputs.xlsx_input import read_xlsx_input
report("imported")
read_csv_input(Path(sys.argv[2]), "The roster", when_empty="", how_to_fix="")
report("csv read")
""",
        str(SAMPLE_DATA / "roster.csv"),
    )
    assert set(stages["imported"]) <= set(OPTIONAL_INPUTS)
    csv_read = {k: v for k, v in stages["csv read"].items() if k not in OPTIONAL_INPUTS}
    csv_read.pop("logging", None)  # pandas imports it itself (through concurrent.futures)
    assert csv_read.pop("numpy", "pandas").startswith("pandas")  # pandas is built on it
    assert csv_read == {"pandas": "auditor.inputs.csv_input"}


def test_help_and_verify_import_no_heavy_library(tmp_path: Path) -> None:
    stages = importers(
        """
import contextlib, io
from auditor.cli import main
for stage, args in (("help", ["--help"]), ("verify", ["verify", sys.argv[2]])):
    sys.argv = ["auditor", *args]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        main()
    report(stage)
""",
        str(SAMPLE_DATA / "snapshot"),
    )
    assert stages["help"] == {}
    # Checking a signature or a timestamp needs cryptography; nothing else is needed.
    assert set(stages["verify"]) <= {"cryptography"}
