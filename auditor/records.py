"""Strict typing of JSON records into frozen dataclasses: how every record is read.

A record class is a frozen dataclass; `parse(kind, raw)` checks a decoded JSON object
field by field against the class's annotations and returns the instance, or raises
`Invalid` naming the field. Strict as JSON's own types are: `true` is not the integer
1, `"5"` is not the number 5, a list is a JSON array. A field the class does not name is
ignored (the sealed snapshot keeps every record as served), or refused where the class
says `UNKNOWN_FIELDS = "refuse"` (the auditor's own files, such as manifest.json).

Why not a validation library: pydantic did this before, and importing it and building
its twenty models cost every run 0.11-0.13 s before it read anything, a quarter of the
whole `json.loads` floor of the scale benchmark at a tenth of its size, while these
records need only the handful of types below.

What an annotation may be: `str`, `bool`, `int` (and a `NewType` of it), `Any`,
`X | None`, `list[X]`, `dict[K, X]` (a key read as K, e.g. a checked file name),
`Literal["a", "b"]`, another record class, a
union of those (tried in order), or `Annotated[T, Parsed(function)]`, whose function
takes the raw value and returns the field's value or raises `ValueError`.
"""

import dataclasses
import types
import typing
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Literal, TypeVar, Union, get_args, get_origin

# A field's value parser: the raw value in, the field's value out, or `Invalid`.
ValueParser = Callable[[Any], Any]

# `dataclasses.field(metadata=NOT_READ)`: a field the auditor sets itself, never taken
# from a record (a record that names it is read as if it did not).
NOT_READ = {"read": False}


class Invalid(ValueError):
    """A record that does not fit its class: the path to the field and what is wrong."""

    def __init__(self, location: tuple[str | int, ...], problem: str, *, missing: bool = False):
        super().__init__(problem)
        self.location = location
        self.problem = problem
        self.missing = missing

    @property
    def field(self) -> str:
        """The field's path, `contact.email` or `role_ids.2`; `(record)` for the whole."""
        return ".".join(str(part) for part in self.location) or "(record)"

    def inside(self, part: str | int) -> "Invalid":
        return Invalid((part, *self.location), self.problem, missing=self.missing)


@dataclasses.dataclass(frozen=True)
class Parsed:
    """`Annotated[T, Parsed(function)]`: the field's value is `function(raw value)`."""

    function: Callable[[Any], Any]


class Record:
    """Base of the record classes (frozen dataclasses): what `parse` reads them by."""

    # "ignore": a field the class does not name is left out; "refuse": it is an error.
    UNKNOWN_FIELDS: ClassVar[Literal["ignore", "refuse"]] = "ignore"

    @classmethod
    def before_parse(cls, raw: dict[str, Any]) -> dict[str, Any]:
        """The record as the fields are read from it: a class may reshape it first."""
        return raw


R = TypeVar("R", bound=Record)


def parse(kind: type[R], raw: object) -> R:
    """`raw` (a decoded JSON value) as a `kind`, or `Invalid`."""
    parsed: R = _record_parser(kind)(raw)
    return parsed


def to_json(value: Any) -> Any:
    """A record (or a value of one) as JSON values: records as objects, in field order."""
    if isinstance(value, Record):
        return {
            field.name: to_json(getattr(value, field.name))
            for field in dataclasses.fields(value)  # type: ignore[arg-type]
        }
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat().replace("+00:00", "Z")
    return value


_PARSERS: dict[type, ValueParser] = {}


def _record_parser(kind: type[Record]) -> ValueParser:
    """The parser of a record class, made on first use (`typing.get_type_hints` costs,
    and a run reads only some classes)."""
    made = _PARSERS.get(kind)
    if made is None:
        made = _PARSERS[kind] = _make_record_parser(kind)
    return made


def _make_record_parser(kind: type[Record]) -> ValueParser:
    hints = typing.get_type_hints(kind, include_extras=True)
    # Per field, in the class's order: its name, its value's parser (None: not read, its
    # default always), its default and its default factory.
    specs: list[tuple[str, ValueParser | None, Any, Any]] = [
        (
            field.name,
            _value_parser(hints[field.name]) if field.metadata.get("read", True) else None,
            field.default,
            field.default_factory,
        )
        for field in dataclasses.fields(kind)  # type: ignore[arg-type]
    ]
    names = frozenset(name for name, parse_value, *_ in specs if parse_value is not None)
    refuse = kind.UNKNOWN_FIELDS == "refuse"
    before = kind.before_parse
    reshapes = before.__func__ is not Record.before_parse.__func__  # type: ignore[attr-defined]
    new = object.__new__

    def parse_record(raw: Any) -> Any:
        if type(raw) is not dict:
            raise Invalid((), f"must be a JSON object, not {_shown(raw)}")
        if reshapes:
            raw = before(raw)
        if refuse and not names.issuperset(raw):
            unknown = sorted(set(raw) - names)[0]
            raise Invalid((unknown,), f"is not a field of {kind.__name__}")
        values: dict[str, Any] = {}
        for name, parse_value, default, factory in specs:
            if parse_value is None:
                values[name] = factory() if default is dataclasses.MISSING else default
            elif name in raw:
                try:
                    values[name] = parse_value(raw[name])
                except Invalid as error:
                    raise error.inside(name) from None
            elif default is not dataclasses.MISSING:
                values[name] = default
            elif factory is not dataclasses.MISSING:
                values[name] = factory()
            else:
                raise Invalid((name,), "is required but missing", missing=True)
        # Every field is checked and set: the object is assembled without `__init__`,
        # whose frozen-dataclass assignments cost more than the checks themselves.
        record = new(kind)
        record.__dict__.update(values)
        return record

    return parse_record


def _value_parser(annotation: Any) -> ValueParser:
    """The parser of one annotation (see the module's docstring for those allowed)."""
    supertype = getattr(annotation, "__supertype__", None)  # a NewType
    if supertype is not None:
        return _value_parser(supertype)
    origin, arguments = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        for extra in annotation.__metadata__:
            if isinstance(extra, Parsed):
                return _by_function(extra.function)
        return _value_parser(arguments[0])
    if origin in (Union, types.UnionType):
        return _union([_value_parser(argument) for argument in arguments], arguments)
    if origin is list:
        return _list(_value_parser(arguments[0]))
    if origin is dict:
        return _dict(_value_parser(arguments[0]), _value_parser(arguments[1]))
    if origin is Literal:
        return _literal(arguments)
    if isinstance(annotation, type) and issubclass(annotation, Record):
        return _nested(annotation)
    simple = _SIMPLE.get(annotation)
    if simple is None:
        raise TypeError(f"records.parse cannot read a field of type {annotation!r}")
    return simple


def _shown(value: Any) -> str:
    if isinstance(value, dict | list):
        return "an object" if isinstance(value, dict) else "an array"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _string(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise Invalid((), f"must be a string, not {_shown(value)}")


def _boolean(value: Any) -> bool:
    if value is True or value is False:
        return value
    raise Invalid((), f"must be true or false, not {_shown(value)}")


def _integer(value: Any) -> int:
    if type(value) is int:
        return value
    raise Invalid((), f"must be an integer, not {_shown(value)}")


def _none(value: Any) -> None:
    if value is None:
        return
    raise Invalid((), f"must be null, not {_shown(value)}")


def _anything(value: Any) -> Any:
    return value


_SIMPLE: dict[Any, ValueParser] = {
    str: _string,
    bool: _boolean,
    int: _integer,
    type(None): _none,
    Any: _anything,
}


def _by_function(function: Callable[[Any], Any]) -> ValueParser:
    def parse_value(value: Any) -> Any:
        try:
            return function(value)
        except ValueError as error:
            raise Invalid((), str(error)) from None

    return parse_value


def _union(parsers: list[ValueParser], arguments: tuple[Any, ...]) -> ValueParser:
    if len(parsers) == 2 and type(None) in arguments:
        other = parsers[arguments.index(type(None)) - 1]  # `X | None`: the X

        def optional(value: Any) -> Any:
            return None if value is None else other(value)

        return optional

    def any_of(value: Any) -> Any:
        # What each alternative found, not the exceptions: one kept past its `except`
        # holds its traceback, whose frames hold this list, a cycle that keeps every
        # frame up the stack alive (the analysis too, once a caller holds it) until the
        # collector runs, which the reader pauses.
        problems: list[tuple[tuple[str | int, ...], str, bool]] = []
        for parse_value in parsers:
            try:
                return parse_value(value)
            except Invalid as error:
                problems.append((error.location, error.problem, error.missing))
        # The problem found deepest inside the value (an object of the right kind with a
        # wrong field), else the first alternative's.
        location, problem, missing = max(problems, key=lambda found: len(found[0]))
        raise Invalid(location, problem, missing=missing)

    return any_of


def _list(item: ValueParser) -> ValueParser:
    def parse_list(value: Any) -> list[Any]:
        if type(value) is not list:
            raise Invalid((), f"must be an array, not {_shown(value)}")
        items = []
        for index, one in enumerate(value):
            try:
                items.append(item(one))
            except Invalid as error:
                raise error.inside(index) from None
        return items

    return parse_list


def _dict(key_of: ValueParser, item: ValueParser) -> ValueParser:
    def parse_dict(value: Any) -> dict[Any, Any]:
        if type(value) is not dict:
            raise Invalid((), f"must be an object, not {_shown(value)}")
        items = {}
        for key, one in value.items():
            try:
                items[key_of(key)] = item(one)
            except Invalid as error:
                raise error.inside(key) from None
        return items

    return parse_dict


def _literal(choices: tuple[Any, ...]) -> ValueParser:
    allowed = ", ".join(repr(choice) for choice in choices)

    def parse_literal(value: Any) -> Any:
        for choice in choices:
            if type(value) is type(choice) and value == choice:
                return choice
        raise Invalid((), f"must be one of {allowed}, not {_shown(value)}")

    return parse_literal


def _nested(kind: type[Record]) -> ValueParser:
    def parse_nested(value: Any) -> Any:
        return _record_parser(kind)(value)

    return parse_nested
