"""Generate the sample account "Acme Support": two quarterly snapshots and their inputs.

The account's files in `auditor/sample/` (shipped inside the package, for the demo and
the fake server) and `sample_data/README.md` are written by it, from the fixed data in
`acme/` (contacts come from a seeded generator), so running it twice gives byte-identical
files:

    .venv/bin/python sample_data/make_sample.py

The account is fictional (people on the reserved domain `acme.example`). It plants at
least one case of every rule of SPEC and keeps most agents clean; `planted.json` lists
the exact findings an analysis with every input must produce, and `README.md` explains
each one. Edit the data in `acme/people.py` and `acme/contacts.py`, never the generated
files.

- `acme/people.py`     roles, groups, companies, agents, and the findings each plants
- `acme/contacts.py`   planted contacts and the seeded crowd of customers
- `acme/snapshots.py`  both snapshot directories, in the real API record shape
- `acme/inputs.py`     the Okta roster, last quarter's filled-in review, the policy
- `acme/documents.py`  `planted.json` and `README.md`
"""

import json
from pathlib import Path

from acme.documents import planted_document, readme
from acme.inputs import POLICY, ROSTER_COLUMNS, plain_csv, review_rows, roster_rows
from acme.snapshots import write_account

from auditor.report.csv_files import csv_bytes
from auditor.worksheet import REVIEW_COLUMNS

HERE = Path(__file__).resolve().parent
# Inside the package, so that `auditor demo` works after a non-editable install.
OUTPUT = HERE.parent / "auditor" / "sample"


def main() -> None:
    write_account(OUTPUT / "snapshot", baseline=False)
    write_account(OUTPUT / "baseline", baseline=True)
    (OUTPUT / "roster.csv").write_bytes(plain_csv(ROSTER_COLUMNS, roster_rows()))
    (OUTPUT / "previous_review.csv").write_bytes(csv_bytes(REVIEW_COLUMNS, review_rows()))
    (OUTPUT / "policy.toml").write_text(POLICY, encoding="utf-8")
    document = json.dumps(planted_document(), ensure_ascii=False, indent=2) + "\n"
    (OUTPUT / "planted.json").write_text(document, encoding="utf-8")
    (HERE / "README.md").write_text(readme(), encoding="utf-8")


if __name__ == "__main__":
    main()
