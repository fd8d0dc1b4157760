"""`handbook serve`: the live preview serves every language and re-stages when an English page changes."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from helpers import free_port, two_language_project

SENTINEL = "This sentence was added while the preview was running."


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, needle: str, process: subprocess.Popen, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"handbook serve exited with {process.returncode}"
        text = _fetch(url)
        if text is not None and needle in text:
            return text
        time.sleep(1)
    raise AssertionError(f"{url} never contained {needle!r} within {seconds} s")


@pytest.mark.slow
def test_serve_previews_languages_and_restages_on_edit(tmp_path: Path) -> None:
    config_file = two_language_project(tmp_path / "project")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "handbook", "-f", str(config_file), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path / "project", stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        supply = 'class="hb-supply__link"'
        english = _wait_for(f"{base}protect/masks.html", supply, process, 300)
        assert '<html lang="en"' in english and 'id="hb-lazy-scripts"' in english
        french = _wait_for(f"{base}fr/protect/masks.html", supply, process, 30)
        assert '<html lang="fr"' in french

        page = tmp_path / "project" / "docs" / "en" / "protect" / "masks.md"
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("\n## ", f"\n{SENTINEL}\n\n## ", 1), encoding="utf-8")
        _wait_for(f"{base}protect/masks.html", SENTINEL, process, 180)
        # Staged again for French too: the new, untranslated paragraph shows in English there.
        _wait_for(f"{base}fr/protect/masks.html", SENTINEL, process, 30)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
