"""Loading a scenario from disk: files → parsed YAML → validated → compiled.

``load_scenario(path)`` returns a compiled :class:`~game.engine.model.Scenario`
or raises :class:`ScenarioError` carrying every problem found, each with a
``file:line:col`` position. Nothing in a scenario file can crash it.
"""

from __future__ import annotations

import gc
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from game.content.compiler import Compiler, Located
from game.content.diagnostics import Position, Problem, ScenarioError
from game.content.schema import SECTIONS, ScenarioFile
from game.content.validation import problems_from_validation
from game.content.yaml_reader import Document, read_yaml
from game.engine.model import Scenario

MAX_FILE_BYTES = 8 * 1024 * 1024
SUFFIXES = (".yaml", ".yml")


MAX_FILES = 500
"""A scenario folder holds at most this many YAML files..."""
MAX_ENTRIES = 20_000
"""...and the walk through it looks at no more than this many entries (``validate /``
must not walk the whole disk)."""


def scenario_files(path: Path) -> list[Path]:
    """The YAML files that make up the scenario at ``path`` (folder or file).

    Raises ScenarioError if a folder holds more than MAX_FILES YAML files or MAX_ENTRIES
    entries in all (it is then not a scenario folder).
    """
    if not path.is_dir():
        return [path]
    found: list[Path] = []
    seen = 0
    for folder, subfolders, names in os.walk(path):
        subfolders.sort()
        seen += len(subfolders) + len(names)
        found.extend(Path(folder) / name for name in names if Path(name).suffix in SUFFIXES)
        if seen > MAX_ENTRIES or len(found) > MAX_FILES:
            raise ScenarioError([Problem(Position(_display_name(path), 1, 1),
                                         f"this folder holds too much to be a scenario "
                                         f"(over {MAX_FILES} YAML files or {MAX_ENTRIES:,} "
                                         "entries); name the scenario's own folder")])
    return sorted(p for p in found if p.is_file())


def _display_name(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class _NotAFile(Exception):
    pass


def _read_bounded(path: Path) -> bytes:
    """A file's bytes, refusing devices, pipes and anything over MAX_FILE_BYTES unread:
    /dev/zero or a pipe named like a scenario must not hang the loader."""
    if not stat.S_ISREG(path.stat().st_mode):
        raise _NotAFile("not a regular file (a device, pipe or socket)")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _NotAFile("not a regular file (a device, pipe or socket)")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    finally:
        os.close(fd)
    if len(raw) > MAX_FILE_BYTES:
        raise _NotAFile("file is larger than 8 MB")
    return raw


def parse_file(path: Path) -> tuple[Document | None, ScenarioFile | None, list[Problem], bytes]:
    """Read and validate one file. Returns (document, model, problems, raw bytes)."""
    name = _display_name(path)
    here = Position(name, 1, 1)
    try:
        raw = _read_bounded(path)
    except _NotAFile as exc:
        return None, None, [Problem(here, str(exc))], b""
    except OSError as exc:
        return None, None, [Problem(here, f"cannot read file: {exc.strerror or exc}")], b""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, None, [Problem(here, f"file is not UTF-8 text (byte {exc.start})")], raw
    doc, problems = read_yaml(text, name)
    if problems:
        return doc, None, problems, raw
    if doc.data is None:
        return doc, None, [Problem(here, "file is empty; write at least one section "
                                         "(scenario, sides, meters, events...)")], raw
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else "a single value"
        return doc, None, [Problem(here, f"the file holds {kind}; it must be a mapping of "
                                         "sections such as 'scenario:', 'meters:', 'events:'")], raw
    try:
        parsed = ScenarioFile.model_validate(doc.data)
    except ValidationError as exc:
        return doc, None, problems_from_validation(exc, doc, ScenarioFile), raw
    except RecursionError:
        return doc, None, [Problem(here, "file is nested too deeply")], raw
    return doc, parsed, [], raw


@dataclass(frozen=True)
class Sources:
    """Where each item of a loaded scenario was written, for tools that point at it (lint)."""

    items: dict[tuple[str, str], Located]
    """(section, id) -> the validated item and its place, e.g. ('events', 'secret_speech')"""
    info: Located
    scoring: Located | None

    def position(self, section: str, ident: str, *path: str | int, key: bool = False) -> Position:
        """The position of an item (or of a key or value inside it)."""
        return self.items[(section, ident)].pos(*path, key=key)


def load_scenario(path: str | Path) -> Scenario:
    """Load, check and compile a scenario folder or single file."""
    return load_with_sources(path)[0]


def load_with_sources(path: str | Path) -> tuple[Scenario, Sources]:
    """Load a scenario and keep where each of its items was written."""
    # Loading allocates tens of thousands of small acyclic objects; the cyclic
    # garbage collector would rescan them over and over (a third of the time,
    # and growing faster than the scenario), so it is paused while we load.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_scenario(Path(path))
    finally:
        if collecting:
            gc.enable()


def _load_scenario(root: Path) -> tuple[Scenario, Sources]:
    try:
        root.stat()
    except FileNotFoundError:
        raise ScenarioError([Problem(Position(str(root)[:300], 1, 1),
                                     "no such file or folder")]) from None
    except (OSError, ValueError) as exc:  # a name too long, a NUL byte, no permission
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ScenarioError([Problem(Position(str(root)[:300], 1, 1),
                                     f"cannot read it: {reason}")]) from None
    files = scenario_files(root)
    if not files:
        raise ScenarioError([Problem(Position(_display_name(root), 1, 1),
                                     "folder holds no .yaml files")])
    problems: list[Problem] = []
    located: dict[str, list[Located]] = {section: [] for section in SECTIONS}
    info: Located | None = None
    scoring: Located | None = None
    digest = hashlib.sha256()
    names: list[str] = []
    for file in files:
        doc, parsed, file_problems, raw = parse_file(file)
        relative = file.relative_to(root).as_posix() if root.is_dir() else file.name
        digest.update(relative.encode() + b"\0" + raw + b"\0")
        names.append(doc.file if doc else str(file))
        problems.extend(file_problems)
        if doc is None or parsed is None:
            continue
        if parsed.scenario is not None:
            if info is not None:
                problems.append(Problem(doc.position_of(("scenario",), key=True),
                                        f"a second 'scenario:' section (the first is in "
                                        f"{info.doc.file})"))
            else:
                info = Located(parsed.scenario, doc, ("scenario",))
        if parsed.scoring is not None:
            if scoring is not None:
                problems.append(Problem(doc.position_of(("scoring",), key=True),
                                        f"a second 'scoring:' section (the first is in "
                                        f"{scoring.doc.file})"))
            else:
                scoring = Located(parsed.scoring, doc, ("scoring",))
        for section in SECTIONS:
            for index, item in enumerate(getattr(parsed, section)):
                located[section].append(Located(item, doc, (section, index)))
    if problems:
        raise ScenarioError(problems)
    compiler = Compiler(located, info, tuple(names), digest.hexdigest(), scoring)
    try:
        scenario = compiler.run()
    except RecursionError:
        raise ScenarioError([Problem(Position(names[0], 1, 1),
                                     "effects are nested too deeply")]) from None
    if scenario is None:
        raise ScenarioError(compiler.problems)
    assert info is not None
    items = {(section, loc.item.id): loc for section, found in located.items() for loc in found}
    return scenario, Sources(items, info, scoring)


def check_paths(paths: list[Path]) -> list[Problem]:
    """Validate several scenario folders or files; return every problem."""
    problems: list[Problem] = []
    for path in paths:
        try:
            load_scenario(path)
        except ScenarioError as error:
            problems.extend(error.problems)
    return problems
