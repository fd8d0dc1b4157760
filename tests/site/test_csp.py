"""Every page carries a Content-Security-Policy that lets only its own scripts run."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from handbook.site.csp import add_content_security_policy, script_hashes, with_policy

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>x</title>
<script>var a = 1;</script>
<script id="__config" type="application/json">{"a": 1}</script>
<script type="handbook/deferred" data-src="assets/bundle.js"></script>
<script src="assets/x.js"></script>
</head><body><script>var a = 1;</script><script type="module">import "./m.js";</script></body></html>"""


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def test_only_inline_scripts_that_run_are_hashed_once() -> None:
    assert script_hashes(PAGE) == [_hash("var a = 1;"), _hash('import "./m.js";')]


def test_the_policy_comes_first_in_the_head_and_is_added_once() -> None:
    protected = with_policy(PAGE)
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', protected)
    assert meta and protected.index(meta.group()) < protected.index("<script")
    assert protected.index('<meta charset="utf-8">') < protected.index(meta.group())
    policy = meta.group(1)
    assert "script-src 'self' " + _hash("var a = 1;") in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert with_policy(protected) == protected


def test_every_page_of_a_folder_gets_its_own_policy(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "two.html").write_text(PAGE.replace("var a = 1;", "var b = 2;"), encoding="utf-8")
    assert add_content_security_policy(tmp_path) == 2
    assert _hash("var b = 2;") in (tmp_path / "two.html").read_text(encoding="utf-8")
    assert _hash("var b = 2;") not in (tmp_path / "a" / "one.html").read_text(encoding="utf-8")
    assert add_content_security_policy(tmp_path) == 0


@pytest.mark.slow
def test_every_built_page_has_a_policy_covering_its_inline_scripts(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        html = page.read_text(encoding="utf-8")
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert meta, f"{page.relative_to(built_site)} has no policy"
        for source in script_hashes(html):
            assert source in meta.group(1)
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html, re.I), f"{page}: an inline handler would be blocked"


# --- In Chromium: a handler planted past every check does not run ---------------------------------

PLANTED = ('<img src="data:," onerror="document.documentElement.dataset.pwned=\'img\'">'
           '<button id="hb-planted" onclick="document.documentElement.dataset.pwned=\'click\'">x</button>'
           '<a id="hb-planted-link" href="javascript:void(document.documentElement.dataset.pwned=\'link\')">y</a>')


def _plant(page: Path, keep_policy: bool = True) -> None:
    html = page.read_text(encoding="utf-8")
    if not keep_policy:
        html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    start = re.search(r"<article\b[^>]*>", html)
    page.write_text(html[:start.end()] + PLANTED + html[start.end():], encoding="utf-8")


def _planted_handlers_ran(browser, url: str, word: str | None) -> str | None:
    page = browser.new_page()
    page.goto(url)
    assert page.wait_for("document.readyState === 'complete' && !!document.getElementById('hb-planted')", 15)
    assert page.evaluate("document.documentElement.classList.contains('hb-js')"), "the page's own script did not run"
    page.evaluate("document.getElementById('hb-planted').click(); document.getElementById('hb-planted-link').click()")
    if word is not None:  # the site's own scripts still work under the policy: search finds the word
        assert page.search(word) > 0
    import time

    time.sleep(0.5)
    return page.evaluate("document.documentElement.dataset.pwned || null")


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("where", ["http", "bundle"])
def test_a_planted_handler_does_not_run(built_site: Path, tmp_path: Path, where: str) -> None:
    from browser import chromium, chromium_path, serve_directory

    if chromium_path() is None:
        pytest.skip("chromium is not installed (`make test` installs it: apt-get install chromium)")
    if where == "bundle":
        with zipfile.ZipFile(built_site / "downloads" / "handbook-ar-offline.zip") as bundle:
            bundle.extractall(tmp_path)
        root = next(path.parent for path in tmp_path.rglob("index.html") if path.parent.name == "ar")
    else:
        root = tmp_path / "site"
        shutil.copytree(built_site, root, ignore=shutil.ignore_patterns("downloads", "lite", "*.gz", "*.br"))
        root = root / "ar"
    target, control = root / "protect" / "masks.html", root / "protect" / "hand-hygiene.html"
    _plant(target)
    _plant(control, keep_policy=False)  # the same page without its policy: proves the handlers work
    with contextlib.ExitStack() as stack:
        browser = stack.enter_context(chromium())
        if where == "http":
            base = stack.enter_context(serve_directory(tmp_path / "site"))
            urls = [f"{base}ar/protect/{name}" for name in ("masks.html", "hand-hygiene.html")]
        else:
            urls = [target.as_uri(), control.as_uri()]
        assert _planted_handlers_ran(browser, urls[0], "اليدين") is None
        assert _planted_handlers_ran(browser, urls[1], None) is not None
