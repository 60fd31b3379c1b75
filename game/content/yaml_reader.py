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


@dataclass
class Document:
    """One parsed file: its data and where each path was written."""

    file: str
    data: Any
    positions: dict[Path, Position] = field(default_factory=dict)
    key_positions: dict[Path, Position] = field(default_factory=dict)

    def position_of(self, path: Path, *, key: bool = False) -> Position:
        """The closest recorded position for ``path`` (walking up to the root)."""
        table = self.key_positions if key else self.positions
        probe = tuple(path)
        while True:
            if probe in table:
                return table[probe]
            if key and probe in self.positions:
                return self.positions[probe]
            if not probe:
                return Position(self.file, 1, 1)
            probe = probe[:-1]


class _Abort(Exception):
    pass


def _resolve_plain(text: str) -> Any:
    if text in _NULLS:
        return None
    if text in _TRUES:
        return True
    if text in _FALSES:
        return False
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text) and any(ch.isdigit() for ch in text):
        return float(text)
    if text in {".inf", "+.inf", ".Inf", "+.Inf"}:
        return float("inf")
    if text in {"-.inf", "-.Inf"}:
        return float("-inf")
    return text


def read_yaml(text: str, file: str) -> tuple[Document, list[Problem]]:
    """Parse ``text``; return the document and every problem found.

    On a problem that stops parsing, the document's data is ``None``.
    """
    problems: list[Problem] = []
    doc = Document(file=file, data=None)

    def pos(mark: Any) -> Position:
        if mark is None:
            return Position(file, 1, 1)
        return Position(file, mark.line + 1, mark.column + 1)

    def fail(mark: Any, message: str) -> None:
        problems.append(Problem(pos(mark), message))
        raise _Abort

    # Stack frames: [container, path, pending_key, key_mark, anchor, size, seen_keys]
    stack: list[list[Any]] = []
    anchors: dict[str, tuple[Any, int]] = {}
    expanded = 0
    documents = 0
    root: Any = None
    have_root = False

    def current_path() -> Path:
        if not stack:
            return ()
        frame = stack[-1]
        container = frame[0]
        if isinstance(container, list):
            return (*frame[1], len(container))
        return (*frame[1], frame[2])

    def attach(value: Any, size: int, mark: Any) -> None:
        nonlocal root, have_root
        if not stack:
            root, have_root = value, True
            return
        frame = stack[-1]
        container = frame[0]
        frame[5] += size
        if isinstance(container, list):
            container.append(value)
            return
        if frame[2] is _NO_KEY:
            # This value is a key.
            if isinstance(value, (dict, list)):
                fail(mark, "a mapping key must be a plain value, not a list or mapping")
            plain = isinstance(value, (str, int, float, bool)) or value is None
            key = value if plain else str(value)
            if key in frame[6]:
                fail(mark, f"duplicate key '{key}' (first written on line {frame[6][key]})")
            frame[6][key] = mark.line + 1 if mark is not None else 1
            frame[2] = key
            if isinstance(key, str) and key == "<<":
                fail(mark, "merge keys ('<<') are not supported; write the values out")
            doc.key_positions[(*frame[1], key)] = pos(mark)
            return
        container[frame[2]] = value
        frame[2] = _NO_KEY

    def check_tag(tag: str | None, mark: Any) -> None:
        if tag and tag not in _STANDARD_TAGS:
            fail(mark, f"custom tag '{tag}' is not allowed in scenario files")

    try:
        try:
            loader = _Parser(text)
        except Exception as exc:
            fail(None, f"cannot read file: {exc}")
        try:
            while True:
                event = loader.get_event()
                if event is None:
                    break
                kind = type(event)
                if kind is yaml.ScalarEvent:
                    check_tag(event.tag, event.start_mark)
                    value_text = event.value
                    if len(value_text) > MAX_SCALAR_LENGTH:
                        fail(event.start_mark, "text value is longer than 100,000 characters")
                    if not event.style and event.implicit[0] and not event.tag:
                        value: Any = _resolve_plain(value_text)
                    elif event.tag in {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                                       "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}:
                        value = _resolve_plain(value_text)
                    else:
                        value = value_text
                    expanded += 1
                    path = current_path()
                    if not (stack and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY):
                        doc.positions[path] = pos(event.start_mark)
                    if event.anchor:
                        anchors[event.anchor] = (value, 1)
                    attach(value, 1, event.start_mark)
                elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                    check_tag(event.tag, event.start_mark)
                    if len(stack) >= MAX_DEPTH:
                        fail(event.start_mark, f"nesting is deeper than {MAX_DEPTH} levels")
                    if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY:
                        fail(event.start_mark,
                             "a mapping key must be a plain value, not a list or mapping")
                    path = current_path()
                    doc.positions[path] = pos(event.start_mark)
                    container: Any = {} if kind is yaml.MappingStartEvent else []
                    stack.append([container, path, _NO_KEY, None, event.anchor, 1, {}])
                    expanded += 1
                elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                    frame = stack.pop()
                    if frame[4]:
                        anchors[frame[4]] = (frame[0], frame[5])
                    attach(frame[0], frame[5], event.start_mark)
                elif kind is yaml.AliasEvent:
                    if event.anchor not in anchors:
                        fail(event.start_mark, f"unknown alias '*{event.anchor}'")
                    value, size = anchors[event.anchor]
                    expanded += size
                    if expanded > MAX_NODES:
                        fail(event.start_mark,
                             "aliases expand to more than 200,000 values (an alias bomb?)")
                    path = current_path()
                    doc.positions.setdefault(path, pos(event.start_mark))
                    attach(value, size, event.start_mark)
                elif kind is yaml.DocumentStartEvent:
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
