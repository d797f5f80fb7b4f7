"""The code base stays clean under the project's ruff configuration."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest
from sitebuild import PROJECT_ROOT

from common_ground_core import contract


@pytest.mark.parametrize(
    "command", [["check", "."], ["format", "--check", "."]], ids=["check", "format"]
)
def test_ruff_is_clean(command):
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# A path on the machine this project was made on, not in any clone of it.
OUTSIDE = b"/" + b"work/"


def test_no_source_file_points_outside_the_repository():
    tracked = subprocess.run(
        ["git", "ls-files", "-z", "*.py", "*.sh", "*.md", "Makefile", ".ci/*"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    outside = [
        name
        for name in tracked
        if name and OUTSIDE in (PROJECT_ROOT / name).read_bytes()
    ]
    assert outside == []


TOOLS = PROJECT_ROOT / "tools"


def _tree(path):
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _is_command(tree):
    """Return True for a module with a top-level `main` or a `__main__` guard."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "main":
            return True
        if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
            return True
    return False


def _module_name(path):
    parts = path.relative_to(TOOLS).with_suffix("").parts
    return ".".join(("common_ground_tools", *parts)).removesuffix(".__init__")


def _package(name, path):
    return name if path.name == "__init__.py" else name.rsplit(".", 1)[0]


def _imported(tree, module, package):
    """Yield the absolute names `module` imports (`from pkg import mod` gives both)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0]
                base = f"{anchor}.{base}".rstrip(".")
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def test_no_tool_imports_a_command():
    paths = {_module_name(path): path for path in TOOLS.rglob("*.py")}
    modules = {name: _tree(path) for name, path in paths.items()}
    commands = {name for name, tree in modules.items() if _is_command(tree)}
    assert "common_ground_tools.serve" in commands
    wrong = sorted(
        f"{name} imports the command {other}"
        for name, tree in modules.items()
        for other in set(_imported(tree, name, _package(name, paths[name]))) & commands
        if other != name
    )
    assert wrong == [], "\n".join(wrong)


CORE = PROJECT_ROOT / "core"


def test_core_never_imports_a_plugin():
    # Plugins and tools import the contract from core, never the other way.
    wrong = sorted(
        f"{path.name} imports {name}"
        for path in CORE.rglob("*.py")
        for name in _imported(_tree(path), "common_ground_core", "common_ground_core")
        if name.startswith("pelican.plugins.common_ground_")
    )
    assert wrong == [], "\n".join(wrong)


def _contract_values():
    """Return the literals that state a rule of common_ground_core.contract."""
    values = {
        contract.CONTROL.pattern,
        contract.COMMENT_ID.pattern,
        contract.COMMENT_ANCHOR_PREFIX,
        contract.PINGBACK_ANCHOR_PREFIX,
        f"{contract.COMMENT_ANCHOR_PREFIX}*",
        f"{contract.PINGBACK_ANCHOR_PREFIX}*",
    }
    tuples = {
        contract.POST_STATUSES,
        contract.COMMENT_STATUSES,
        contract.COMMENT_TYPES,
        contract.REACTIONS,
    }
    return values, tuples


def test_the_content_contract_is_stated_once():
    values, tuples = _contract_values()
    restated = []
    for folder in ("plugins", "tools", "core"):
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            if path.name == "contract.py" and folder == "core":
                continue
            for node in ast.walk(_tree(path)):
                if isinstance(node, ast.Constant) and node.value in values:
                    restated.append(f"{path.name}:{node.lineno}: {node.value!r}")
                elif isinstance(node, ast.Tuple) and all(
                    isinstance(item, ast.Constant) for item in node.elts
                ):
                    literal = tuple(item.value for item in node.elts)
                    if literal in tuples:
                        restated.append(f"{path.name}:{node.lineno}: {literal!r}")
    assert restated == [], "\n".join(restated)
