"""The second wall: a translated page that carries markup its English page lacks fails the build."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import set_translations, small_project

from handbook.__main__ import main
from handbook.errors import BuildError
from handbook.site.guard import CONTENT_END, CONTENT_START, content_of, new_features

ENGLISH = '<h2 id="masks">Masks</h2><p class="x">Read <a href="danger.html">this</a> <img alt="map" src="map.svg"></p>'


@pytest.mark.parametrize(
    ("translated", "kind"),
    [
        ('<h2 id="masques">Masques</h2><p class="x">Lisez <a href="danger.html" onclick="x()">ceci</a></p>', "event handler"),
        ('<p class="x">Lisez <a href="https://evil.example/">ceci</a></p>', "href target"),
        ('<p class="x">Lisez <img src="https://evil.example/x.png"></p>', "src target"),
        ('<p class="x" style="display:none">Lisez</p>', "style"),
        ('<p class="x hidden-dose">Lisez</p>', "class"),
        ('<p class="x" hidden>Lisez</p>', "attribute"),
        ('<p class="x">Lisez</p><script>alert(1)</script>', "element"),
        ('<form action="https://evil.example/"><input name="q"></form>', "element"),
        ('<p class="x">Lisez <iframe src="danger.html"></iframe></p>', "element"),
    ],
)
def test_markup_the_english_lacks_is_found(translated: str, kind: str) -> None:
    assert kind in [feature[0] for feature in new_features(ENGLISH, translated)]


def test_translated_text_ids_titles_and_same_page_links_are_allowed() -> None:
    translated = ('<h2 id="মাস্ক">মাস্ক</h2><p class="x" title="শিরোনাম">পড়ুন <a href="danger.html">এটি</a> '
                  '<a href="#মাস্ক">¶</a> <img alt="মানচিত্র" src="map.svg"></p>')
    assert new_features(ENGLISH, translated) == []


def test_the_marked_part_must_be_there_once(tmp_path: Path) -> None:
    page = f"<body>{CONTENT_START}<p>x</p>{CONTENT_END}</body>"
    assert content_of(page, tmp_path / "a.html") == "<p>x</p>"
    for broken in ("<p>x</p>", page.replace(CONTENT_END, CONTENT_END + CONTENT_END)):
        with pytest.raises(BuildError, match="exactly one marked Markdown part"):
            content_of(broken, tmp_path / "a.html")


@pytest.mark.slow
def test_a_hole_in_the_checks_still_fails_the_build_at_the_unit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With the build's security checks switched off, the rendered pages are still compared."""
    project = small_project(tmp_path)
    set_translations(project, {
        "Hand hygiene": ("হাতের পরিচ্ছন্নতা", False),
        "See the [danger signs](danger.md).": ('[বিপদের লক্ষণ](danger.md){ onclick="alert(1)" } দেখুন।', False),
    })
    config_file = str(project / "mkdocs.yml")
    assert main(["-q", "-f", config_file, "build"]) == 0  # the first wall: the unit falls back to English
    page = (project / "site" / "bn" / "index.html").read_text(encoding="utf-8")
    assert "হাতের পরিচ্ছন্নতা" in page and "onclick" not in page and CONTENT_START not in page

    monkeypatch.setattr("handbook.translation.policy.refuses", lambda severity, code: False)
    capsys.readouterr()
    assert main(["-q", "-f", config_file, "build", "--force"]) != 0
    message = capsys.readouterr().err
    line = next(entry.linenum for entry in __import__("polib").pofile(str(project / "translations/bn/index.po"))
                if entry.msgid.startswith("See the"))
    assert f"translations/bn/index.po:{line}: event handler" in message, message
    assert "onclick" not in (project / "site" / "bn" / "index.html").read_text(encoding="utf-8"), "the old site stays"
