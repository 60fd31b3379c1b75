"""Turning pydantic validation errors into positioned, friendly problems."""

from __future__ import annotations

import types
import typing
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


def problems_from_validation(error: ValidationError, doc: Document,
                             root: type[BaseModel]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[Path, str]] = set()
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        kind = item["type"]
        path = _data_path(doc.data, loc)
        if kind == "extra_forbidden":
            key = loc[-1]
            model = _model_at(root, loc[:-1])
            hint = did_you_mean(str(key), _field_names(model)) if model else ""
            message = f"unknown key '{key}'{hint}"
            position = doc.position_of(path, key=True)
        elif kind == "missing":
            message = f"missing required key '{loc[-1]}'"
            position = doc.position_of(path)
        elif kind == "string_pattern_mismatch":
            message = (f"{_describe(item.get('input'))} is not a valid id: use lower case "
                       "letters, digits and '_', starting with a letter")
            position = doc.position_of(path)
        elif kind in {"value_error", "assertion_error"}:
            message = str(item["msg"]).removeprefix("Value error, ")
            position = doc.position_of(path)
        elif kind in {"model_type", "model_attributes_type", "dict_type"}:
            message = f"expected a mapping of keys, found {_describe(item.get('input'))}"
            position = doc.position_of(path)
        elif kind == "list_type":
            message = f"expected a list, found {_describe(item.get('input'))}"
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
            if kind not in {"too_short", "too_long"}:
                message += f" (found {_describe(item.get('input'))})"
            position = doc.position_of(path)
        field = next((p for p in reversed(loc) if isinstance(p, str) and p in _all_keys(doc, path)),
                     None)
        if field and kind not in {"extra_forbidden", "missing"}:
            message = f"'{field}': {message}"
        # Unions report once per member; one message per place is enough.
        dedupe = (path, kind if kind in {"extra_forbidden", "missing"} else "")
        if dedupe in seen and kind not in {"extra_forbidden", "missing"}:
            continue
        seen.add(dedupe)
        problems.append(Problem(position, message))
    return problems


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
