"""A reader's whole phrase is cut the way the index was: Chinese against jieba's words in the index."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

PHRASE = "给婴儿换尿布"  # "change a baby's nappy", as a reader types it: no spaces, three words in the index


@pytest.mark.slow
def test_the_chinese_phrase_is_several_words_in_the_index(built_site: Path) -> None:
    index = json.loads((built_site / "zh" / "search" / "search_index.json").read_text(encoding="utf-8"))
    separator = re.compile(index["config"]["separator"])
    tokens = {token for doc in index["docs"] for token in separator.split(doc["title"] + " " + doc["text"])}
    assert PHRASE not in tokens
    assert any(token and token in PHRASE and len(token) < len(PHRASE) for token in tokens)


@pytest.mark.slow
@pytest.mark.browser
def test_a_chinese_phrase_finds_its_page(built_site: Path) -> None:
    from browser import chromium, chromium_path, serve_directory

    if chromium_path() is None:
        pytest.skip("chromium is not installed (`make test` installs it: apt-get install chromium)")
    with serve_directory(built_site) as base, chromium() as browser:
        page = browser.new_page()
        page.goto(f"{base}zh/protect/masks.html")
        assert page.search(PHRASE) > 0
        links = page.evaluate("[...document.querySelectorAll('.md-search-result__link')].map(a => a.href)")
        assert all("/zh/" in link for link in links), links
        # The page's result highlights the words the phrase was cut into: several, all from the phrase.
        highlighted = [parse_qs(urlsplit(link).query).get("h", [""])[0].split() for link in links
                       if "/zh/protect/hand-hygiene.html" in link]
        assert any(len(words) >= 2 and all(word in PHRASE for word in words) for words in highlighted), links
