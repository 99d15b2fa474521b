"""builder/outputs/events.schema.json, the published JSON Schema of /events.json, kept in step
with the declarations of builder/content/schema.py.

The file is written by hand, but for what the declarations say: the event's keys in order and
its `required` list (events_json.EVENT_KEYS), the property of every field declared with `json`
(its description and schema), and the lists of event types and of their names (EVENT_TYPES).
`python -m builder.outputs.events_schema` rewrites those parts of the file in place, and
tests/test_fields.py fails while the file and the declarations disagree. The build publishes
the file as it is. `dumps` writes in the file's own layout, so a change to a declaration shows
in review as the lines it changes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from builder.content.schema import EVENT, EVENT_TYPES
from builder.outputs.events_json import EVENT_KEYS

PATH = Path(__file__).with_name("events.schema.json")
WIDTH = 118  # a list of values wraps before it runs past this column


def generated(written: dict[str, Any]) -> dict[str, Any]:
    """The schema `written` (the file as it is) with the parts the declarations decide made from them."""
    schema = json.loads(json.dumps(written))  # a copy
    event = schema["$defs"]["event"]
    properties = event["properties"]
    missing = [key for key in EVENT_KEYS if key not in properties and not (key in EVENT and EVENT[key].json)]
    if missing:
        raise KeyError(f"events.schema.json describes no key {', '.join(missing)} of an event: write its property "
                       "by hand, or declare the field with `json` in builder/content/schema.py")
    made = {}
    for key in EVENT_KEYS:
        field = EVENT.get(key)
        made[key] = {"description": field.json.doc, **field.json.schema} if field and field.json else properties[key]
    made["type"] = {**properties["type"], "enum": list(EVENT_TYPES)}
    made["type_name"] = {**properties["type_name"], "enum": [kind.name for kind in EVENT_TYPES.values()]}
    event["required"] = list(EVENT_KEYS)
    event["properties"] = made
    return schema


def dumps(value: Any) -> str:
    """JSON in the layout of events.schema.json: two spaces a level; a schema with a description, a
    map of properties or of definitions on lines of its own; any other value on one line (a
    condition's `if` always), a list of values wrapped under its first item."""
    return _value(value, None, 0, 0) + "\n"


def _own_lines(value: Any, key: str | None) -> bool:
    if isinstance(value, list):
        return any(isinstance(item, dict) for item in value)
    if not isinstance(value, dict) or key == "if":
        return False
    return (key in (None, "properties", "$defs") or "description" in value
            or any(_own_lines(item, name) for name, item in value.items()))


def _value(value: Any, key: str | None, indent: int, column: int, inline: bool = False) -> str:
    """`value` written from `column` of a line indented by `indent`."""
    if isinstance(value, dict):
        if inline or not _own_lines(value, key):
            return "{" + ", ".join(f"{json.dumps(name)}: {_value(item, name, indent, 0, True)}"
                                   for name, item in value.items()) + "}"
        inner = " " * (indent + 2)
        lines = []
        for name, item in value.items():
            head = f"{inner}{json.dumps(name)}: "
            lines.append(head + _value(item, name, indent + 2, len(head)))
        return "{\n" + ",\n".join(lines) + "\n" + " " * indent + "}"
    if isinstance(value, list):
        if _own_lines(value, key):
            inner = " " * (indent + 2)
            return ("[\n" + ",\n".join(inner + _value(item, None, indent + 2, indent + 2) for item in value)
                    + "\n" + " " * indent + "]")
        return _wrapped([json.dumps(item, ensure_ascii=False) for item in value], column + 1)
    return json.dumps(value, ensure_ascii=False)


def _wrapped(words: list[str], start: int) -> str:
    """A list of values, as many on a line as fit before WIDTH, each further line starting at `start`."""
    lines, line = [], ""
    for index, word in enumerate(words):
        piece = word + ("," if index < len(words) - 1 else "")
        if line and start + len(line) + 1 + len(piece) + (index == len(words) - 1) > WIDTH:
            lines.append(line)
            line = piece
        else:
            line = f"{line} {piece}" if line else piece
    lines.append(line)
    return "[" + ("\n" + " " * start).join(lines) + "]"


def main() -> None:
    PATH.write_text(dumps(generated(json.loads(PATH.read_text(encoding="utf-8")))), encoding="utf-8")


if __name__ == "__main__":
    main()
