"""The engine and content packages stay pure: no pygame, no clock, no disk in the engine."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN_IN_ENGINE = {"pygame", "pygame_gui", "time", "datetime", "os", "pathlib", "io",
                       "socket", "shutil", "tempfile", "threading", "subprocess", "pickle"}


def test_importing_engine_and_content_loads_no_pygame() -> None:
    code = ("import sys, game.engine.rules, game.engine.ai, game.engine.session, "
            "game.engine.simulation, game.engine.policies, game.engine.scoring, "
            "game.engine.evaluation, game.analysis.lab, game.analysis.checks, "
            "game.analysis.targets, game.content.loader, game.content.discovery; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('pygame', 'pygame_gui')]; "
            "print(bad); raise SystemExit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_engine_modules_import_no_clock_disk_or_ui() -> None:
    offenders = []
    for path in sorted([*(ROOT / "game" / "engine").glob("*.py"),
                        *(ROOT / "game" / "analysis").glob("*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                  and node.func.id in {"open", "eval", "exec"}):
                offenders.append(f"{path.name}:{node.lineno} calls {node.func.id}()")
            for name in names:
                if name.split(".")[0] in FORBIDDEN_IN_ENGINE:
                    offenders.append(f"{path.name}:{node.lineno} imports {name}")
    assert not offenders, "\n".join(offenders)


def test_engine_never_uses_module_level_random() -> None:
    for path in sorted([*(ROOT / "game" / "engine").glob("*.py"),
                        *(ROOT / "game" / "analysis").glob("*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id == "random" and node.attr != "Random"):
                raise AssertionError(f"{path.name}:{node.lineno} uses random.{node.attr}")
