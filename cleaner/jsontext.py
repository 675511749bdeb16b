"""JSON records read and written back as valid JSON, numbers as they came.

Python reads ``1e400`` as ``inf`` and would write it back as ``Infinity``, which is not JSON;
it also accepts ``NaN`` and ``Infinity``, which are not JSON either. A record goes through
`loads` and `dumps` with its numbers unchanged: one too large for a float keeps its text,
and the non-JSON constants are refused as not JSON.

>>> dumps(loads(b'{"a": 1e400, "b": [-2E999, 0.5]}'))
'{"a": 1e400, "b": [-2E999, 0.5]}'
"""

from __future__ import annotations

import json
import math
import secrets
from collections.abc import Callable
from typing import Any


class Literal:
    """A JSON number that a float cannot hold, kept as its text."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Literal) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


def _number(text: str) -> float | Literal:
    value = float(text)
    return value if math.isfinite(value) else Literal(text)


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def loads(data: bytes | str) -> Any:
    """json.loads, keeping numbers out of a float's range and refusing NaN and Infinity."""
    return json.loads(data, parse_float=_number, parse_constant=_constant)


_MARK = "\0" + secrets.token_hex(8)  # a string no record holds: where a literal goes


def dumps(
    value: Any, ensure_ascii: bool = False, default: Callable[[Any], Any] | None = None
) -> str:
    """json.dumps that writes `Literal` numbers as their text and refuses NaN and inf;
    ``default`` turns other values JSON cannot hold into ones it can."""
    found: list[str] = []

    def literal(item: Any) -> Any:
        if not isinstance(item, Literal):
            if default is not None:
                return default(item)
            raise TypeError(f"{type(item).__name__} is not JSON serializable")
        found.append(item.text)
        return f"{_MARK}{len(found) - 1}\0"

    text = json.dumps(value, ensure_ascii=ensure_ascii, allow_nan=False, default=literal)
    for number, literal_text in enumerate(found):
        text = text.replace(json.dumps(f"{_MARK}{number}\0"), literal_text, 1)
    return text
