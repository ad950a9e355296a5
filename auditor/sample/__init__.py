"""The sample account "Acme Support", shipped inside the package.

`auditor demo` and `auditor fake-freshdesk` serve it, so both work after any install, not
only from a clone. Its files are written by `sample_data/make_sample.py` (never edit them
by hand); `sample_data/README.md` describes the account and what it plants.
"""

from pathlib import Path

SAMPLE_DATA = Path(__file__).resolve().parent
SAMPLE_SNAPSHOT = SAMPLE_DATA / "snapshot"
