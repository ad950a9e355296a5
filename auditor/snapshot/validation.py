"""One API record typed by its model, or a `RecordError` that names file, line and field."""

from typing import Any, TypeVar

from auditor.errors import RecordError
from auditor.records import Invalid, Record, parse

RecordT = TypeVar("RecordT", bound=Record)


def validate_record(kind: type[RecordT], raw: Any, file_name: str, line: int) -> RecordT:
    if not isinstance(raw, dict):
        raise RecordError(file_name, f"line {line}", "(record)", "is not a JSON object")
    try:
        return parse(kind, raw)
    except Invalid as error:
        record_id = raw.get("id", raw.get("group_id"))
        where = f"record id {record_id} (line {line})" if record_id is not None else f"line {line}"
        problem = error.problem if error.missing else f"is invalid: {error.problem}"
        raise RecordError(file_name, where, error.field, problem) from None
