"""`pytest -m "not slow"` never builds the site: conftest.py fails a whole-site build without the marker."""

from __future__ import annotations

import pytest

from helpers import REPO

pytest_plugins = ["pytester"]

TESTS = '''
import subprocess

import pytest

import handbook.build


@pytest.fixture(scope="session")
def site():
    with pytest.raises(AttributeError):  # past the guard: the real build, given no configuration
        handbook.build.build(None)


@pytest.mark.slow
def test_marked_builds():
    with pytest.raises(AttributeError):
        handbook.build.build(None)


def test_unmarked_builds():
    handbook.build.build(None)


def test_unmarked_runs_a_build_process():
    subprocess.run(["true", "handbook", "build"], check=True)


def test_unmarked_asks_the_build_for_its_help():
    subprocess.run(["true", "handbook", "build", "--help"], check=True)


@pytest.mark.slow
def test_marked_uses_the_built_site(site):
    pass


def test_unmarked_uses_the_site_another_test_built(site):
    pass
'''


def test_an_unmarked_whole_site_build_fails_its_test(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HANDBOOK_REQUIRE_CORPUS", raising=False)  # the inner run has no corpus beside it
    pytester.makeconftest((REPO / "tests" / "conftest.py").read_text(encoding="utf-8"))
    pytester.makepyfile(helpers=(REPO / "tests" / "helpers.py").read_text(encoding="utf-8"), test_builds=TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-o", "markers=slow: builds the whole site")
    result.assert_outcomes(passed=3, failed=2, errors=1)
    result.stdout.fnmatch_lines_random([
        "*test_builds.py::test_unmarked_builds builds the whole site (handbook.build.build) but is not marked @pytest.mark.slow",
        "*test_builds.py::test_unmarked_runs_a_build_process builds the whole site (a `handbook build` process)*",
        "*test_builds.py::test_unmarked_uses_the_site_another_test_built uses site, which built the whole site*",
    ])
