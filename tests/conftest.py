"""Shared fixtures: real Pelican builds of small content trees and of the showcase."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sitebuild import PROJECT_ROOT, SHOWCASE_CONTENT, BuildResult, build_site

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixture_content(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a fixture tree into tmp_path so a test may change it freely."""

    def copy(name: str) -> Path:
        target = tmp_path / "content"
        shutil.copytree(FIXTURES / name, target)
        return target

    return copy


@pytest.fixture
def site_builder(tmp_path: Path) -> Callable[..., BuildResult]:
    """Build a content tree into tmp_path/output with the project's settings."""

    def build(content: Path, **kwargs: Any) -> BuildResult:
        return build_site(content, tmp_path / "output", **kwargs)

    return build


@pytest.fixture(scope="session")
def showcase(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Build the project's own content/ once per test session."""
    output = tmp_path_factory.mktemp("showcase") / "output"
    return build_site(SHOWCASE_CONTENT, output)


@pytest.fixture(scope="session")
def project_root() -> Path:
    """Return the repository root."""
    return PROJECT_ROOT
