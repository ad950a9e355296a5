"""Control characters in API text never reach a CSV or HTML report raw."""

import csv
import io

from auditor.control_text import without_controls
from auditor.report.csv_files import csv_bytes


def test_control_characters_become_the_replacement_character() -> None:
    assert without_controls("a\x00b\x1bc\x7fd\x85e\x9ff") == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf"


def test_tab_and_line_breaks_are_text_and_stay() -> None:
    assert without_controls("a\tb\nc\r\nd\u2028e") == "a\tb\nc\r\nd\u2028e"


def test_a_csv_cell_with_nul_and_esc_is_written_neutralised() -> None:
    data = csv_bytes(["name"], [{"name": "Nul\x00Esc\x1b[2J"}, {"name": "\x1b=cmd()"}])
    text = data.decode("utf-8-sig")
    assert "\x00" not in text
    assert "\x1b" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["name"] for row in rows] == ["Nul\ufffdEsc\ufffd[2J", "\ufffd=cmd()"]
