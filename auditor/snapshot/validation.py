"""One API record typed by its model, or a `RecordError` that names file, line and field."""

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from auditor.errors import RecordError

ModelT = TypeVar("ModelT", bound=BaseModel)


def validate_record(model: type[ModelT], raw: Any, file_name: str, line: int) -> ModelT:
    if not isinstance(raw, dict):
        raise RecordError(file_name, f"line {line}", "(record)", "is not a JSON object")
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "(record)"
        record_id = raw.get("id", raw.get("group_id"))
        where = f"record id {record_id} (line {line})" if record_id is not None else f"line {line}"
        message = first["msg"].removeprefix("Value error, ")
        problem = (
            "is required but missing" if first["type"] == "missing" else f"is invalid: {message}"
        )
        raise RecordError(file_name, where, field, problem) from None
