"""The GitHub workflows that strangers' pull requests run stay hardened: zizmor and the workflow schema, offline."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO

WORKFLOWS = REPO / ".github" / "workflows"
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = BIN / name
    if not path.is_file():
        pytest.fail(f"{name} is not installed in {BIN}: run `make .venv/.installed-test` (requirements/test.txt pins it)")
    return str(path)


def zizmor(folder: Path) -> subprocess.CompletedProcess[str]:
    """zizmor's default audits, offline (no GitHub API): permissions, pinning, credentials, injection."""
    return subprocess.run([_tool("zizmor"), "--offline", "--no-progress", "--format", "plain", str(folder)],
                          capture_output=True, text=True, timeout=120)


def test_workflows_exist() -> None:
    assert sorted(path.name for path in WORKFLOWS.glob("*.yml")) == ["deploy.yml", "pull-request.yml"]


def test_zizmor_finds_nothing() -> None:
    result = zizmor(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("weakening", "audit"),
    [
        (lambda text: text.replace("@11bd71901bbe5b1630ceea73d27597364c9af683", "@v4"), "unpinned-uses"),
        (lambda text: text.replace("          persist-credentials: false\n", ""), "artipacked"),
        (lambda text: text.replace("    permissions:\n      contents: read\n", "    permissions: write-all\n"),
         "excessive-permissions"),
        (lambda text: text.replace("permissions: {}\n", "").replace("    permissions:\n      contents: read\n", ""),
         "excessive-permissions"),
    ],
    ids=["unpinned", "credentials", "write-all", "default-permissions"],
)
def test_zizmor_would_catch_a_weakened_workflow(tmp_path: Path, weakening, audit: str) -> None:
    """The test above can fail: undo one hardening in a copy and zizmor reports it."""
    copy = tmp_path / ".github" / "workflows"
    shutil.copytree(WORKFLOWS, copy)
    target = copy / "pull-request.yml"
    weakened = weakening(target.read_text(encoding="utf-8"))
    assert weakened != target.read_text(encoding="utf-8")
    target.write_text(weakened, encoding="utf-8")
    result = zizmor(copy)
    assert result.returncode != 0 and audit in result.stdout + result.stderr


@pytest.mark.parametrize("workflow", sorted(WORKFLOWS.glob("*.yml")), ids=lambda path: path.name)
def test_workflow_matches_githubs_schema(workflow: Path) -> None:
    result = subprocess.run([_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(workflow)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_action_names_its_release_beside_the_commit() -> None:
    """A reviewer bumping an action sees which release a commit is; zizmor checks only the hash."""

    for workflow in WORKFLOWS.glob("*.yml"):
        for line in workflow.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40}\s+# v\d+\.\d+\.\d+$", line), f"{workflow.name}: {line}"
