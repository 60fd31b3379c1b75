"""Turning the pydantic models' JSON Schema into one that editors report as the game does.

Pydantic writes an optional field as ``anyOf: [X, {type: null}]`` and a union as
``anyOf: [...]``. Editors report a mistake inside an ``anyOf`` at the key that
holds it, not at the bad key within, and the ``null`` branch accepts a key
written with no value, which the game refuses. So:

* ``null`` branches are dropped (the game refuses a key with no value);
* a union of plain types becomes one ``type: [...]`` with each member's
  keywords side by side (JSON Schema keywords apply only to their own type:
  ``pattern`` to text, ``minimum`` to numbers, ``items`` to lists);
* a member that is a model is checked through ``if: {type: object}`` /
  ``then: {$ref: ...}``, so errors inside it point at the bad key.
"""

from __future__ import annotations

from typing import Any

_TYPE_KEYWORDS = {
    "string": {"pattern", "minLength", "maxLength", "format"},
    "number": {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"},
    "integer": {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"},
    "array": {"items", "minItems", "maxItems", "prefixItems", "uniqueItems"},
    "object": {"properties", "additionalProperties", "required", "propertyNames",
               "minProperties", "maxProperties", "patternProperties"},
    "boolean": set(),
}
_WORDS = {"title", "description", "examples"}


def tidy(schema: dict[str, Any]) -> dict[str, Any]:
    """The editor-friendly form of a pydantic JSON Schema (a new object)."""
    defs = schema.get("$defs", {})
    result = _tidy(schema, defs)
    assert isinstance(result, dict)
    return result


def _tidy(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_tidy(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: (_tidy(value, defs) if key not in ("enum", "const", "default", "required")
                  else value) for key, value in node.items()}
    if "anyOf" in node:
        node = _union(node, defs)
    return node


def _members(node: dict[str, Any]) -> list[dict[str, Any]]:
    members: list[dict[str, Any]] = []
    for member in node["anyOf"]:
        if set(member) - _WORDS == {"anyOf"}:
            members.extend(_members(member))
        elif member.get("type") != "null":
            members.append(member)
    return members


def _types_of(member: dict[str, Any], defs: dict[str, Any]) -> list[str] | None:
    if "$ref" in member:
        target = defs.get(member["$ref"].rsplit("/", 1)[-1], {})
        return [str(target.get("type", "object"))]
    kind = member.get("type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [str(k) for k in kind]
    if "enum" in member or "const" in member:
        return ["string"]
    return None


def _union(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    members = _members(node)
    outer = {key: value for key, value in node.items() if key != "anyOf"}
    if outer.get("default", 0) is None:
        del outer["default"]
    if len(members) == 1:
        member = {k: v for k, v in members[0].items() if k not in _WORDS or k not in outer}
        return {**member, **outer}
    typed = [(member, _types_of(member, defs)) for member in members]
    if any(kinds is None for _member, kinds in typed):
        outer["anyOf"] = members   # not a union by type: leave it as pydantic wrote it
        return outer
    every = [kind for _member, kinds in typed for kind in (kinds or [])]
    if not _distinct(every):
        outer["anyOf"] = members   # not a union by type: leave it as pydantic wrote it
        return outer
    merged: dict[str, Any] = dict(outer)
    kinds: list[str] = []
    guarded: list[dict[str, Any]] = []
    for member, member_kinds in typed:
        assert member_kinds is not None
        member_kinds = [k for k in member_kinds if not (k == "integer" and "number" in every)]
        if not member_kinds:
            continue  # a number already allows whole numbers (with the same bounds)
        kinds.extend(member_kinds)
        if "$ref" in member:
            guarded.append({"if": {"type": member_kinds[0]}, "then": {"$ref": member["$ref"]}})
            continue
        allowed = set().union(*(_TYPE_KEYWORDS.get(k, set()) for k in member_kinds))
        for key, value in member.items():
            if key in _WORDS or key == "type":
                continue
            if key not in allowed or key in merged:
                # A keyword that would bind other types too: keep it behind its type.
                condition = {"type": member_kinds[0] if len(member_kinds) == 1
                             else member_kinds}
                guarded.append({"if": condition, "then": {key: value}})
                continue
            merged[key] = value
    merged["type"] = kinds
    if guarded:
        merged["allOf"] = guarded
    return merged


def _distinct(kinds: list[str]) -> bool:
    """Whether no type repeats, counting integer and number (which merge) as one."""
    rest = [k for k in kinds if k not in ("integer", "number")]
    return len(set(rest)) == len(rest)
