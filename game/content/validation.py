"""Turning pydantic validation errors into positioned, friendly problems."""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from game.content.diagnostics import Problem, did_you_mean
from game.content.yaml_reader import Document, Path


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """Every pydantic model class reachable inside a type annotation."""
    found: list[type[BaseModel]] = []
    stack = [annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, type) and issubclass(current, BaseModel):
            found.append(current)
            continue
        origin = typing.get_origin(current)
        if origin is typing.Annotated:
            stack.append(typing.get_args(current)[0])
        elif origin is not None or isinstance(current, types.UnionType):
            stack.extend(typing.get_args(current))
    return found


def _field_names(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = root
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        fields = {info.alias or name: info for name, info in current.model_fields.items()}
        if part in fields:
            models = _models_in(fields[part].annotation)
            current = models[0] if models else None
        # Union member tags (e.g. 'ModifierStart') and dict keys leave the model as is.
    return current


def _data_path(data: Any, loc: tuple[Any, ...]) -> Path:
    """Keep only the parts of a pydantic location that exist in the data."""
    path: list[str | int] = []
    current = data
    for part in loc:
        in_mapping = isinstance(current, dict) and part in current
        in_list = (isinstance(current, list) and isinstance(part, int)
                   and 0 <= part < len(current))
        if in_mapping or in_list:
            path.append(part)
            current = current[part]
    return tuple(path)


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


_TYPE_ERRORS = {"string_type", "int_type", "float_type", "bool_type", "list_type",
                "dict_type", "model_type", "model_attributes_type", "literal_error",
                "int_from_float", "string_pattern_mismatch"}
_DATE_KEYS = {"from", "to", "start", "end"}
_LIMITS = {"greater_than_equal": ("at least", "ge"), "less_than_equal": ("at most", "le"),
           "greater_than": ("above", "gt"), "less_than": ("below", "lt")}


@dataclass
class _Error:
    item: Any
    loc: tuple[Any, ...]
    path: Path
    tags: tuple[tuple[int, str], ...]
    """(index in loc, name) of each union member the error was found in"""

    @property
    def kind(self) -> str:
        return str(self.item["type"])


def _union_tags(data: Any, loc: tuple[Any, ...], kind: str) -> tuple[tuple[int, str], ...]:
    """The parts of a pydantic location that name union members rather than data."""
    tags: list[tuple[int, str]] = []
    current = data
    for index, part in enumerate(loc):
        in_mapping = isinstance(current, dict) and part in current
        in_list = (isinstance(current, list) and isinstance(part, int)
                   and 0 <= part < len(current))
        if in_mapping or in_list:
            current = current[part]
        elif isinstance(part, str) and part != "[key]" and not (
                index == len(loc) - 1 and kind in {"missing", "extra_forbidden"}):
            tags.append((index, part))
    return tuple(tags)


def _prune_unions(errors: list[_Error]) -> list[_Error]:
    """Keep, at each union, only the members that fit the kind of value written.

    Pydantic tries every member of a union and reports why each failed; a
    mapping written for ``str | ModifierStart`` need not hear that it is not
    text. A member that failed only because the value is not of its type is
    dropped when another member got further (found errors inside the value)."""
    groups: dict[tuple[Any, ...], list[_Error]] = {}
    for error in errors:
        if error.tags:
            index = error.tags[0][0]
            groups.setdefault(error.loc[:index], []).append(error)
    dropped: set[int] = set()
    for point, members in groups.items():
        by_member: dict[str, list[_Error]] = {}
        for error in members:
            by_member.setdefault(error.tags[0][1], []).append(error)

        def mismatch(error: _Error, point: tuple[Any, ...] = point) -> bool:
            tagged = {index for index, _name in error.tags}
            return (_is_mismatch(error)
                    and all(i in tagged for i in range(len(point), len(error.loc))))
        fitting = [name for name, errs in by_member.items() if not all(map(mismatch, errs))]
        if fitting:
            for name, errs in by_member.items():
                if name not in fitting:
                    dropped.update(id(e) for e in errs)
    return [e for e in errors if id(e) not in dropped]


def _member_word(tag: str) -> str:
    if tag in ("str", "constrained-str") or tag.startswith("literal"):
        return "text"
    if tag in ("int", "constrained-int"):
        return "a whole number"
    if tag in ("float", "constrained-float"):
        return "a number"
    if tag == "bool":
        return "true or false"
    if tag.startswith("list["):
        return "a list"
    return "a mapping"


def _expected_words(tags: list[str]) -> str:
    words: list[str] = []
    for tag in tags:
        word = _member_word(tag)
        if word == "a whole number":
            word = "a number"
        if word not in words:
            words.append(word)
    if "text" in words and "a number" in words:
        words.remove("text")
        words.insert(words.index("a number") + 1, "an expression")
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def _type_message(kind: str, value: Any, key: str | None,
                  model: type[BaseModel] | None) -> str:
    """Why a value is of the wrong kind, with the fix a YAML writer most likely needs."""
    found = _describe(value)
    if kind == "bool_type":
        if isinstance(value, str):
            return (f"expected true or false, found {found}: write true or false "
                    "(yes, no, on and off are text in scenario files)")
        return f"expected true or false, found {found}"
    if kind in ("int_type", "float_type", "int_from_float"):
        whole = kind != "float_type"
        what = "a whole number" if whole else "a number"
        if isinstance(value, str) and _looks_numeric(value):
            return f"expected {what}, found the text {found}: remove the quotes"
        if isinstance(value, bool):
            return f"expected {what}, found {str(value).lower()}"
        return f"expected {what}, found {found}"
    if kind == "string_type":
        if isinstance(value, int | float) and not isinstance(value, bool):
            if key in _DATE_KEYS:
                return (f"expected a date written as text, found the number {value}: put it "
                        f"in quotes ('{value}')")
            return f"expected text, found the number {value}: put it in quotes ('{value}')"
        return f"expected text, found {found}"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        if model is not None:
            names = [info.alias or name for name, info in model.model_fields.items()]
            return f"expected a mapping of keys ({', '.join(names[:6])}" + (
                ", ..." if len(names) > 6 else "") + f"), found {found}"
        return f"expected a mapping of keys, found {found}"
    if kind == "list_type":
        return (f"expected a list, found {found} (write [{_plain(value)}], or one "
                "'- item' line per item)")
    return f"expected another kind of value, found {found}"


def _plain(value: Any) -> str:
    return str(value) if isinstance(value, str | int | float) else "..."


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _is_mismatch(error: _Error) -> bool:
    return error.kind in _TYPE_ERRORS - {"string_pattern_mismatch", "literal_error"}


def problems_from_validation(error: ValidationError, doc: Document,
                             root: type[BaseModel]) -> list[Problem]:
    """Every pydantic error as a positioned, plain-words problem (one per place)."""
    errors = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        errors.append(_Error(item, loc, _data_path(doc.data, loc),
                             _union_tags(doc.data, loc, str(item["type"]))))
    errors = _prune_unions(errors)
    # What is left of a union that the value fits no member of: one message naming them all.
    merged: dict[Path, list[_Error]] = {}
    for e in errors:
        if e.tags and _is_mismatch(e):
            merged.setdefault(e.path, []).append(e)
    problems: list[Problem] = []
    seen: set[tuple[Path, str]] = set()
    for e in errors:
        loc, kind, path, item = e.loc, e.kind, e.path, e.item
        field = next((p for p in reversed(loc) if isinstance(p, str) and p in _all_keys(doc, path)),
                     None)
        data_key = path[-1] if path and isinstance(path[-1], str) else None
        if e.path in merged and e in merged[e.path] and len(merged[e.path]) > 1:
            if (path, "union") in seen:
                continue
            seen.add((path, "union"))
            tags = [m.tags[-1][1] for m in merged[e.path]]
            message = (f"expected {_expected_words(tags)}, found "
                       f"{_found(item.get('input'))}")
            position = doc.position_of(path)
        elif kind == "extra_forbidden":
            key = loc[-1]
            model = _model_at(root, loc[:-1])
            hint = did_you_mean(str(key), _field_names(model)) if model else ""
            message = f"unknown key '{key}'{hint}"
            position = doc.position_of(path, key=True)
        elif kind == "missing":
            message = f"missing required key '{loc[-1]}'"
            position = doc.position_of(path)
        elif loc and loc[-1] == "[key]":
            key = str(loc[-2])
            expected = [w.strip("' ") for w in str((item.get("ctx") or {}).get(
                "expected", "")).replace(" or ", ",").split(",") if w.strip("' ")]
            if "silence" in loc:
                message = (f"unknown check '{key}'{did_you_mean(key, expected)}; the checks "
                           f"that apply here are: {', '.join(expected)}")
            else:
                message = f"'{key}' is not allowed here{did_you_mean(key, expected)}"
            position = doc.position_of(path, key=True)
            field = None
        elif kind == "string_pattern_mismatch":
            pattern = str((item.get("ctx") or {}).get("pattern", ""))
            if "Q[1-4]" in pattern:
                message = (f"{_describe(item.get('input'))} is not a date: write '1956-Q1' "
                           "(quarters), '1956-03' (months), '1956' (years) or "
                           "'1962-10-16' (weeks and days)")
            else:
                message = (f"{_describe(item.get('input'))} is not a valid id: use lower case "
                           "letters, digits and '_', starting with a letter")
            position = doc.position_of(path)
        elif kind == "no_value":
            message = str(item["msg"])
            position = doc.position_of(path, key=True)
        elif kind in {"value_error", "assertion_error"}:
            message = str(item["msg"]).removeprefix("Value error, ")
            position = doc.position_of(path)
        elif kind in _TYPE_ERRORS - {"literal_error"}:
            model = _model_at(root, loc) if kind in {"model_type", "model_attributes_type"} \
                else None
            message = _type_message(kind, item.get("input"), data_key, model)
            position = doc.position_of(path)
        elif kind in _LIMITS:
            limit = (item.get("ctx") or {}).get(_LIMITS[kind][1])
            message = f"must be {_LIMITS[kind][0]} {limit} (found {_found(item.get('input'))})"
            position = doc.position_of(path)
        elif kind == "string_too_short":
            message = ("must not be empty" if "silence" not in loc else
                       "the reason is empty: say why the item fails this check on purpose")
            position = doc.position_of(path)
        elif kind in {"too_short", "too_long"}:
            context = item.get("ctx") or {}
            found = context.get("actual_length")
            if kind == "too_short":
                message = f"needs at least {context.get('min_length')} items, found {found}"
            else:
                message = f"allows at most {context.get('max_length')} items, found {found}"
            position = doc.position_of(path)
        else:
            message = f"{item['msg'][0].lower()}{item['msg'][1:]}"
            message += f" (found {_describe(item.get('input'))})"
            position = doc.position_of(path)
        if field and kind not in {"extra_forbidden", "missing"}:
            message = f"'{field}': {message}"
        # Unions report once per member; one message per place is enough.
        dedupe = (path, kind if kind in {"extra_forbidden", "missing"} else "")
        if dedupe in seen and kind not in {"extra_forbidden", "missing"}:
            continue
        seen.add(dedupe)
        problems.append(Problem(position, message))
    return problems


def _found(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return _describe(value)


def _all_keys(doc: Document, path: Path) -> set[str]:
    current = doc.data
    parent_keys: set[str] = set()
    for part in path:
        if isinstance(current, dict):
            parent_keys = {k for k in current if isinstance(k, str)}
            current = current.get(part)
        elif isinstance(current, list) and isinstance(part, int):
            parent_keys = set()
            current = current[part]
    return parent_keys
