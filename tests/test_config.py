"""mkdocs.yml is validated once, and every problem names its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import REPO, copy_project

from handbook.__main__ import main
from handbook.config import load_config
from handbook.errors import ConfigError


def _edited_config(tmp_path: Path, old: str, new: str) -> Path:
    config_file = tmp_path / "mkdocs.yml"
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert old in text
    config_file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return config_file


def _line_of(config_file: Path, needle: str) -> int:
    lines = config_file.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def test_repository_config_is_valid() -> None:
    config = load_config(REPO / "mkdocs.yml")
    assert config.source_language.code == "en"
    assert config.supply_request_url.startswith("https://")
    assert config.review_policy in ("critical-reviewed", "show-drafts", "english-fallback")


@pytest.mark.parametrize("bad", ["http://forms.example.org/x", "https://", "forms.example.org", "javascript:alert(1)"])
def test_supply_url_must_be_https(tmp_path: Path, bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    original = load_config(REPO / "mkdocs.yml").supply_request_url
    copy_project(tmp_path)
    config_file = _edited_config(tmp_path, original, bad)
    assert main(["-f", str(config_file), "build"]) == 2
    error = capsys.readouterr().err
    assert f"mkdocs.yml:{_line_of(config_file, 'supply_request_url:')}:" in error
    assert "supply_request_url must be an https://" in error
    assert not (tmp_path / "site").exists()


def test_unknown_language_code_names_its_line(tmp_path: Path) -> None:
    config_file = _edited_config(tmp_path, "- locale: en", "- locale: ../en")
    with pytest.raises(ConfigError) as caught:
        load_config(config_file)
    assert f"mkdocs.yml:{_line_of(config_file, 'locale: ../en')}: unknown language code '../en'" in str(caught.value)


def test_review_policy_is_checked(tmp_path: Path) -> None:
    config_file = _edited_config(tmp_path, "review_policy: critical-reviewed", "review_policy: sometimes")
    with pytest.raises(ConfigError, match="review_policy must be one of"):
        load_config(config_file)


def test_offline_must_follow_i18n(tmp_path: Path) -> None:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("  - offline\n", "")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(text.replace("plugins:\n", "plugins:\n  - offline\n"), encoding="utf-8")
    with pytest.raises(ConfigError, match="offline plugin must be listed after i18n"):
        load_config(config_file)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    config_file = _edited_config(tmp_path, "review_policy: critical-reviewed", "review_policy: sometimes")
    text = config_file.read_text(encoding="utf-8").replace("supply_request_url: https://", "supply_request_url: http://")
    config_file.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config_file)
    assert "review_policy" in str(caught.value) and "supply_request_url" in str(caught.value)


def test_overrides_folder_comes_from_theme_custom_dir(tmp_path: Path) -> None:
    config = load_config(_edited_config(tmp_path, "custom_dir: overrides", "custom_dir: theme-overrides"))
    assert config.overrides_dir == tmp_path / "theme-overrides"
    assert config.print_css == tmp_path / "theme-overrides" / "print.css"


@pytest.mark.parametrize(("old", "new", "needle", "message"), [
    ("review_policy: critical-reviewed", "review_policy: sometimes", "review_policy:",
     "extra.handbook.review_policy must be one of critical-reviewed, show-drafts, english-fallback, got 'sometimes'"),
    ("name: CC BY 4.0", "name: ''", "name: ''", "extra.handbook.licence.name must be a non-empty text, got ''"),
    ("name: CC BY 4.0", "name: 4", "name: 4", "extra.handbook.licence.name must be a non-empty text, got 4"),
    ("url: https://creativecommons.org", "url: http://creativecommons.org", "url: http://creativecommons",
     "extra.handbook.licence.url must be an https:// address, got 'http://creativecommons.org/licenses/by/4.0/'"),
    ("contribute_url: https://github.com", "contribute_url: github.com", "contribute_url:",
     "extra.handbook.contribute_url must be an https:// address, got 'github.com"),
    ("supply_request_url: https://forms.example.org/covid-handbook/supply-request",
     "supply_request_url: https://forms.example.org/supply request", "supply_request_url:",
     "extra.handbook.supply_request_url must be an https:// address, got 'https://forms.example.org/supply request'"),
    ("    licence:\n      name: CC BY 4.0\n      url: https://creativecommons.org/licenses/by/4.0/\n", "", "  handbook:",
     "extra.handbook.licence.name is missing"),
    ("epub_font_scripts: [Beng,", "epub_font_scripts: [Bengali,", "epub_font_scripts:",
     "extra.handbook.epub_font_scripts must be an ISO 15924 script code (Beng, Deva, Ethi...), got 'Bengali'"),
    ("epub_font_scripts: [Beng,", "epub_font_scripts: [Zzzq,", "epub_font_scripts:",
     "extra.handbook.epub_font_scripts must be an ISO 15924 script code (Beng, Deva, Ethi...), got 'Zzzq'"),
    ("review_policy: critical-reviewed", "review_polcy: critical-reviewed", "review_polcy:",
     "extra.handbook.review_polcy is not an option (known: supply_request_url, supply_request_sms, supply_request_email, licence, review_policy, contribute_url, changes_editions, epub_font_scripts)"),
])
def test_each_option_names_its_key_and_line(tmp_path: Path, old: str, new: str, needle: str, message: str) -> None:
    config_file = _edited_config(tmp_path, old, new)
    with pytest.raises(ConfigError) as caught:
        load_config(config_file)
    assert f"mkdocs.yml:{_line_of(config_file, needle)}: {message}" in str(caught.value)


def test_handbook_options_must_be_a_mapping(tmp_path: Path) -> None:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(text[: text.index("  handbook:")] + "  handbook: yes\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config_file)
    assert f"mkdocs.yml:{_line_of(config_file, 'handbook: yes')}: extra.handbook must be a mapping of options, got True" \
        in str(caught.value)


def test_epub_font_scripts_default_to_the_scripts_readers_often_lack(tmp_path: Path) -> None:
    from handbook.options import EPUB_FONT_SCRIPTS

    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines(keepends=True) if line.startswith("    epub_font_scripts:"))
    config = load_config(_edited_config(tmp_path, line, ""))
    assert config.epub_font_scripts == tuple(EPUB_FONT_SCRIPTS)
    assert {"Beng", "Deva", "Ethi", "Taml"} <= set(config.epub_font_scripts)
    assert not {"Latn", "Cyrl", "Grek", "Arab", "Hans", "Hant", "Jpan", "Kore"} & set(config.epub_font_scripts)


def test_contribute_url_may_be_left_out(tmp_path: Path) -> None:
    config = load_config(_edited_config(tmp_path, "    contribute_url: https://", "    # contribute_url: https://"))
    assert config.contribute_url == ""


def test_every_option_is_checked_where_mkdocs_would_stop_at_the_first(tmp_path: Path) -> None:
    config_file = _edited_config(tmp_path, "url: https://creativecommons.org", "url: http://creativecommons.org")
    text = config_file.read_text(encoding="utf-8").replace("supply_request_url: https://", "supply_request_url: http://")
    config_file.write_text(text.replace("contribute_url: https://", "contribute_url: http://"), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config_file)
    reported = [line.split(": ", 1)[1].split(" ", 1)[0] for line in str(caught.value).splitlines()]
    assert reported == ["extra.handbook.supply_request_url", "extra.handbook.licence.url", "extra.handbook.contribute_url"]


def test_a_config_error_shows_its_traceback_only_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config_file = _edited_config(tmp_path, "review_policy: critical-reviewed", "review_policy: sometimes")
    assert main(["-f", str(config_file), "extract"]) == 2
    plain = capsys.readouterr().err
    assert "Traceback" not in plain and plain.startswith("handbook: error: ")
    assert main(["--show-traceback", "-f", str(config_file), "extract"]) == 2
    shown = capsys.readouterr().err
    assert shown.startswith("Traceback (most recent call last):\n") and "in load_config\n" in shown
    assert shown.endswith("\n\n" + plain)


def _with_request_options(tmp_path: Path, sms: str, email: str) -> Path:
    config_file = _edited_config(tmp_path, '    # supply_request_sms: "+254700000000"\n', f"    supply_request_sms: {sms}\n")
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.replace("    # supply_request_email: requests@example.org\n",
                                        f"    supply_request_email: {email}\n"), encoding="utf-8")
    return config_file


def test_sms_and_email_are_left_out_of_the_shipped_config() -> None:
    config = load_config(REPO / "mkdocs.yml")
    assert config.supply_request_sms == "" and config.supply_request_email == ""


def test_sms_and_email_are_read_when_set(tmp_path: Path) -> None:
    config = load_config(_with_request_options(tmp_path, '"+254700000001"', "supply.desk@example.org"))
    assert config.supply_request_sms == "+254700000001" and config.supply_request_email == "supply.desk@example.org"


@pytest.mark.parametrize(("sms", "email", "key", "message"), [
    ('"0700 000 001"', "a@example.org", "supply_request_sms:",
     "extra.handbook.supply_request_sms must be a phone number in E.164 form (+ and the country code, no spaces), "
     "got '0700 000 001'"),
    ('"+0700000001"', "a@example.org", "supply_request_sms:", "got '+0700000001'"),
    ('"+1234567890123456"', "a@example.org", "supply_request_sms:", "got '+1234567890123456'"),
    ("254700000001", "a@example.org", "supply_request_sms:", "got 254700000001"),
    ('"+254700000001"', "requests.example.org", "supply_request_email:",
     "extra.handbook.supply_request_email must be an e-mail address (name@example.org), got 'requests.example.org'"),
    ('"+254700000001"', "a b@example.org", "supply_request_email:", "got 'a b@example.org'"),
    ('"+254700000001"', "a@localhost", "supply_request_email:", "got 'a@localhost'"),
    ('"+254700000001"', "a@example..org", "supply_request_email:", "got 'a@example..org'"),
])
def test_a_bad_sms_number_or_email_names_its_line(tmp_path: Path, sms: str, email: str, key: str, message: str) -> None:
    config_file = _with_request_options(tmp_path, sms, email)
    with pytest.raises(ConfigError) as caught:
        load_config(config_file)
    assert f"mkdocs.yml:{_line_of(config_file, '    ' + key)}: " in str(caught.value)
    assert message in str(caught.value)
    assert len(str(caught.value).splitlines()) == 1
