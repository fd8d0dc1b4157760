"""Every command README.md, CONTRIBUTING.md and the CI workflows show works as written: make targets and `handbook` verbs."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO

from handbook.__main__ import make_parser

DOCUMENTS = [REPO / "README.md", REPO / "CONTRIBUTING.md"]
WORKFLOWS = REPO / ".github" / "workflows"
_INLINE_CODE = re.compile(r"(?<!`)`([^`]+)`(?!`)")
_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)


def _commands(text: str) -> list[str]:
    """Shell commands shown in fenced blocks (one a line, comments dropped) and in inline code."""
    found = []
    for block in _FENCE.findall(text):
        found += [line.split(" #")[0].strip() for line in block.splitlines()]
    prose = _FENCE.sub("", text)
    found += [" ".join(code.split()) for code in _INLINE_CODE.findall(prose)]  # inline code may wrap a line
    return [command for command in found if command]


def _workflow_commands(path: Path) -> list[str]:
    """The lines of every `run:` step of a GitHub workflow: CI must call targets that exist too."""
    import yaml

    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    return [line.strip() for step in steps for line in str(step.get("run", "")).splitlines()]


def documented(program: re.Pattern[str]) -> list[tuple[str, str]]:
    """(document, command) for each distinct command the documents and workflows show that runs `program`."""
    seen: dict[str, str] = {}
    sources = [(path.name, _commands(path.read_text(encoding="utf-8"))) for path in DOCUMENTS]
    sources += [(path.name, _workflow_commands(path)) for path in sorted(WORKFLOWS.glob("*.yml"))]
    for document, commands in sources:
        for command in commands:
            for part in re.split(r"\s*(?:&&|;|\bor:)\s*", command):
                if program.match(part):
                    seen.setdefault(part, document)
    return sorted((name, command) for command, name in seen.items())


MAKE_COMMANDS = documented(re.compile(r"make\s+[a-z]"))
HANDBOOK_COMMANDS = documented(re.compile(r"(?:\.venv/bin/)?handbook\s+[a-z]"))


def test_the_documents_show_commands() -> None:
    targets = {command.split()[1] for _, command in MAKE_COMMANDS if len(command.split()) > 1}
    assert {"build", "test", "check", "status", "wrap", "extract", "pretranslate"} <= targets
    verbs = {shlex.split(command)[1] for _, command in HANDBOOK_COMMANDS}
    assert {"build", "extract", "pretranslate", "check", "status", "wrap", "serve"} <= verbs


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize(("document", "command"), MAKE_COMMANDS, ids=[command for _, command in MAKE_COMMANDS])
def test_make_command_exists(document: str, command: str) -> None:
    """`make -n` resolves the target and its variables without running anything."""
    result = subprocess.run(["make", "-n", "-C", str(REPO), *shlex.split(command)[1:]],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"{document}: `{command}`: {result.stderr}"
    recipe = [line for line in result.stdout.splitlines() if not line.startswith("make")]
    assert recipe, f"{document}: `{command}` runs nothing"


@pytest.mark.parametrize(("document", "command"), HANDBOOK_COMMANDS, ids=[command for _, command in HANDBOOK_COMMANDS])
def test_handbook_command_parses(document: str, command: str) -> None:
    """The documented verb and options exist (`[--x]` marks an option as optional) and `--help` works."""
    arguments = [word.strip("[]") for word in shlex.split(command)[1:] if word.strip("[]")]
    try:
        make_parser().parse_args(arguments)
    except SystemExit as error:
        pytest.fail(f"{document}: `{command}` is not a valid handbook command (exit {error.code})")
    result = subprocess.run([sys.executable, "-m", "handbook", arguments[0], "--help"],
                            capture_output=True, text=True, timeout=60, cwd=REPO)
    assert result.returncode == 0 and "usage: handbook" in result.stdout, result.stderr


def test_make_pretranslate_without_a_language_says_how() -> None:
    result = subprocess.run(["make", "-n", "-C", str(REPO), "pretranslate"], capture_output=True, text=True,
                            timeout=60, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    assert result.returncode != 0 and "make pretranslate LANG=" in result.stderr
