"""A safe, position-keeping YAML reader for scenario files.

PyYAML's own loaders turn ``1958-05-05`` into a date, silently keep the last
of two duplicate keys, accept custom tags and expand aliases without limit.
This reader builds plain Python values from PyYAML's event stream instead
(the libyaml parser when present), so that:

* scalars follow the YAML 1.2 core schema: dates and ``yes``/``no`` stay text;
* a duplicate key, a custom tag or a merge key is a problem with a position;
* alias expansion is bounded, so an alias bomb fails fast;
* nesting depth is bounded without recursion, so 20,000 brackets cannot
  overflow a stack;
* every value's position is kept, keyed by its path from the document root.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from game.content.diagnostics import Position, Problem

try:
    _Parser: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Parser = yaml.SafeLoader

MAX_DEPTH = 64
MAX_NODES = 200_000
MAX_SCALAR_LENGTH = 100_000

Path = tuple[str | int, ...]

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUES = {"true", "True", "TRUE"}
_FALSES = {"false", "False", "FALSE"}
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
    "!",
}


Mark = tuple[int, int]
"""(line, column), both 0-based as libyaml reports them."""


@dataclass
class Document:
    """One parsed file: its data and where each value and key was written.

    Positions are kept beside each mapping and list (keyed by the container's
    identity) rather than by full path, which keeps reading fast.
    """

    file: str
    data: Any
    value_marks: dict[int, Any] = field(default_factory=dict)
    """id(container) -> {key: Mark} for mappings, [Mark, ...] for lists"""
    key_marks: dict[int, dict[Any, Mark]] = field(default_factory=dict)
    root_mark: Mark = (0, 0)

    def _walk(self, path: Path) -> list[tuple[Any, Any]]:
        """(container, key) pairs along ``path`` as far as the data goes."""
        steps: list[tuple[Any, Any]] = []
        current = self.data
        for part in path:
            if isinstance(current, dict) and part in current:
                steps.append((current, part))
                current = current[part]
            elif (isinstance(current, list) and isinstance(part, int)
                  and 0 <= part < len(current)):
                steps.append((current, part))
                current = current[part]
            else:
                break
        return steps

    def has_position(self, path: Path) -> bool:
        return len(self._walk(path)) == len(path)

    def position_of(self, path: Path, *, key: bool = False) -> Position:
        """The closest recorded position for ``path`` (walking up to the root)."""
        steps = self._walk(path)
        if key and steps and len(steps) == len(path):
            container, part = steps[-1]
            mark = self.key_marks.get(id(container), {}).get(part)
            if mark is not None:
                return Position(self.file, mark[0] + 1, mark[1] + 1)
        for container, part in reversed(steps):
            marks = self.value_marks.get(id(container))
            if marks is None:
                continue
            mark = marks.get(part) if isinstance(marks, dict) else (
                marks[part] if part < len(marks) else None)
            if mark is not None:
                return Position(self.file, mark[0] + 1, mark[1] + 1)
        return Position(self.file, self.root_mark[0] + 1, self.root_mark[1] + 1)


class _Abort(Exception):
    pass


_SPECIAL = {**dict.fromkeys(_NULLS), **dict.fromkeys(_TRUES, True),
            **dict.fromkeys(_FALSES, False), ".inf": float("inf"), "+.inf": float("inf"),
            ".Inf": float("inf"), "+.Inf": float("inf"), "-.inf": float("-inf"),
            "-.Inf": float("-inf")}
_NUMBER_START = frozenset("0123456789+-.")


def _resolve_plain(text: str) -> Any:
    if text in _SPECIAL:
        return _SPECIAL[text]
    if text[0] not in _NUMBER_START:
        return text
    if _INT.match(text):
        # Past ~4,300 digits int() refuses the text; as a float it is infinity, which the
        # schema then reports (with its position) as out of range.
        return int(text) if len(text) <= 4000 else float(text)
    if _FLOAT.match(text) and any(ch.isdigit() for ch in text):
        return float(text)
    return text


_NUMERIC_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                 "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}


def read_yaml(text: str, file: str) -> tuple[Document, list[Problem]]:
    """Parse ``text``; return the document and every problem found.

    On a problem that stops parsing, the document's data is ``None``.
    """
    problems: list[Problem] = []
    doc = Document(file=file, data=None)
    value_marks = doc.value_marks
    key_marks = doc.key_marks

    def fail(mark: Any, message: str) -> None:
        if mark is None:
            position = Position(file, 1, 1)
        else:
            position = Position(file, mark.line + 1, mark.column + 1)
        problems.append(Problem(position, message))
        raise _Abort

    # A frame is [container, pending key (or _NO_KEY), anchor, size, seen keys, value marks,
    #             start mark, key marks]
    stack: list[list[Any]] = []
    anchors: dict[str, tuple[Any, int]] = {}
    expanded = 0
    documents = 0
    root: Any = None
    have_root = False
    scalar_event = yaml.ScalarEvent
    mapping_start = yaml.MappingStartEvent
    sequence_start = yaml.SequenceStartEvent
    mapping_end = yaml.MappingEndEvent
    sequence_end = yaml.SequenceEndEvent
    alias_event = yaml.AliasEvent
    document_start = yaml.DocumentStartEvent
    no_key = _NO_KEY

    def attach(value: Any, size: int, mark: Any) -> None:
        nonlocal root, have_root
        if not stack:
            root, have_root = value, True
            doc.root_mark = (mark.line, mark.column)
            return
        frame = stack[-1]
        container = frame[0]
        frame[3] += size
        if container.__class__ is list:
            container.append(value)
            frame[5].append((mark.line, mark.column))
            return
        pending = frame[1]
        if pending is no_key:
            # This value is a key.
            if isinstance(value, (dict, list)):
                fail(mark, "a mapping key must be a plain value, not a list or mapping")
            plain = isinstance(value, (str, int, float, bool)) or value is None
            key = value if plain else str(value)
            seen = frame[4]
            if key in seen:
                fail(mark, f"duplicate key '{key}' (first written on line {seen[key]})")
            seen[key] = mark.line + 1
            if key == "<<":
                fail(mark, "merge keys ('<<') are not supported; write the values out")
            frame[1] = key
            key_marks[id(container)][key] = (mark.line, mark.column)
            return
        container[pending] = value
        frame[5][pending] = (mark.line, mark.column)
        frame[1] = no_key

    try:
        try:
            loader = _Parser(text)
        except Exception as exc:  # reader errors on odd bytes
            fail(None, f"cannot read file: {exc}")
        get_event = loader.get_event
        try:
            while True:
                event = get_event()
                if event is None:
                    break
                kind = event.__class__
                if kind is scalar_event:
                    tag = event.tag
                    if tag and tag not in _STANDARD_TAGS:
                        fail(event.start_mark,
                             f"custom tag '{tag}' is not allowed in scenario files")
                    value_text = event.value
                    if len(value_text) > MAX_SCALAR_LENGTH:
                        fail(event.start_mark, "text value is longer than 100,000 characters")
                    if not event.style and not tag:
                        if value_text[:1] in _NUMBER_START or value_text in _SPECIAL:
                            value: Any = _resolve_plain(value_text) if value_text else None
                        else:
                            value = value_text
                    elif tag in _NUMERIC_TAGS:
                        value = _resolve_plain(value_text) if value_text else None
                    else:
                        value = value_text
                    expanded += 1
                    if event.anchor:
                        anchors[event.anchor] = (value, 1)
                    if stack:
                        # The common case, inlined: a plain value inside a mapping or list.
                        frame = stack[-1]
                        container: Any = frame[0]
                        pending = frame[1]
                        if container.__class__ is list:
                            mark = event.start_mark
                            container.append(value)
                            frame[5].append((mark.line, mark.column))
                            frame[3] += 1
                            continue
                        mark = event.start_mark
                        if pending is not no_key:
                            container[pending] = value
                            frame[5][pending] = (mark.line, mark.column)
                            frame[1] = no_key
                            frame[3] += 1
                            continue
                        if value.__class__ is str and value != "<<":
                            seen = frame[4]
                            if value in seen:
                                fail(mark, f"duplicate key '{value}' (first written on line "
                                           f"{seen[value]})")
                            seen[value] = mark.line + 1
                            frame[1] = value
                            frame[7][value] = (mark.line, mark.column)
                            frame[3] += 1
                            continue
                    attach(value, 1, event.start_mark)
                elif kind is mapping_start or kind is sequence_start:
                    tag = event.tag
                    if tag and tag not in _STANDARD_TAGS:
                        fail(event.start_mark,
                             f"custom tag '{tag}' is not allowed in scenario files")
                    if len(stack) >= MAX_DEPTH:
                        fail(event.start_mark, f"nesting is deeper than {MAX_DEPTH} levels")
                    if stack and stack[-1][0].__class__ is dict and stack[-1][1] is no_key:
                        fail(event.start_mark,
                             "a mapping key must be a plain value, not a list or mapping")
                    keys: dict[Any, Mark] | None = None
                    if kind is mapping_start:
                        container = {}
                        marks: Any = {}
                        keys = key_marks[id(container)] = {}
                    else:
                        container = []
                        marks = []
                    value_marks[id(container)] = marks
                    stack.append([container, no_key, event.anchor, 1, {}, marks,
                                  event.start_mark, keys])
                    expanded += 1
                elif kind is mapping_end or kind is sequence_end:
                    frame = stack.pop()
                    if frame[2]:
                        anchors[frame[2]] = (frame[0], frame[3])
                    attach(frame[0], frame[3], frame[6])
                elif kind is alias_event:
                    if event.anchor not in anchors:
                        fail(event.start_mark, f"unknown alias '*{event.anchor}'")
                    value, size = anchors[event.anchor]
                    expanded += size
                    if expanded > MAX_NODES:
                        fail(event.start_mark,
                             "aliases expand to more than 200,000 values (an alias bomb?)")
                    attach(value, size, event.start_mark)
                elif kind is document_start:
                    documents += 1
                    if documents > 1:
                        fail(event.start_mark,
                             "only one YAML document per file (remove the extra '---')")
                if expanded > MAX_NODES:
                    fail(getattr(event, "start_mark", None),
                         "file holds more than 200,000 values")
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            detail = exc.problem or exc.context or "invalid YAML"
            fail(mark, f"YAML syntax error: {detail}")
        except yaml.YAMLError as exc:
            fail(None, "YAML error: " + str(exc).splitlines()[0])
        except (UnicodeError, ValueError) as exc:
            fail(None, f"cannot read file: {exc}")
        finally:
            dispose = getattr(loader, "dispose", None)
            if dispose is not None:
                dispose()
    except _Abort:
        return doc, problems
    doc.data = root if have_root else None
    return doc, problems


class _NoKey:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<no key>"


_NO_KEY: Any = _NoKey()
