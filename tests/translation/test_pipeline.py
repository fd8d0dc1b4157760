"""The translation pipeline end to end on a small project: extract, pretranslate, check, status, build."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import set_translations, small_project

from handbook.__main__ import main
from handbook.translation.catalog import load_catalog, save_catalog
from handbook.config import load_config
from handbook.translation.catalogs import Catalogs
from handbook.translation.extract import extract
from handbook.translation.pretranslate import pretranslate


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A two-page handbook with the real configuration, theme and glossary."""
    return small_project(tmp_path)


def _catalog(project: Path, language: str = "bn", page: str = "index.po") -> polib.POFile:
    return load_catalog(project / "translations" / language / page).po


_set = set_translations


def test_extract_writes_a_template_and_a_catalog_per_language_and_page(project: Path) -> None:
    config = load_config(project / "mkdocs.yml")
    assert (project / "translations" / "templates" / "index.pot").is_file()
    for language in config.translated_languages:
        for page in ("index.po", "danger.po", "_site.po"):
            assert (project / "translations" / language.code / page).is_file()
    entries = {entry.msgid: entry for entry in _catalog(project)}
    wrapped = "Wash your hands with soap and water for at least 40 seconds. Rub every part of both hands."
    assert wrapped in entries  # paragraphs are unwrapped
    assert entries[wrapped].occurrences == [("docs/en/index.md", "9")]
    assert "Seek care now" in entries and "Soap and water" in entries
    assert not any("https://" in msgid and msgid.startswith("<") for msgid in entries)


def test_extract_again_keeps_translations_and_marks_changes(project: Path) -> None:
    _set(project, {"Rub every part of both hands.": ("x", False),
                   "See the [danger signs](danger.md).": ("[বিপদের লক্ষণ](danger.md) দেখুন।", False),
                   "Hand hygiene": ("হাতের পরিচ্ছন্নতা", False)}, reviewed_by="Ana")
    source = project / "docs" / "en" / "index.md"
    source.write_text(source.read_text(encoding="utf-8")
                      .replace("See the [danger signs](danger.md).", "See the list of [danger signs](danger.md).")
                      .replace("## Sources", "A brand new paragraph about ventilation.\n\n## Sources"), encoding="utf-8")
    extract(load_config(project / "mkdocs.yml"))
    entries = {entry.msgid: entry for entry in _catalog(project)}
    changed = entries["See the list of [danger signs](danger.md)."]
    assert changed.fuzzy and changed.previous_msgid == "See the [danger signs](danger.md)."
    assert changed.msgstr == "[বিপদের লক্ষণ](danger.md) দেখুন।"
    assert entries["A brand new paragraph about ventilation."].msgstr == ""
    assert entries["Hand hygiene"].msgstr == "হাতের পরিচ্ছন্নতা" and not entries["Hand hygiene"].fuzzy
    assert entries["Hand hygiene"].tcomment == "reviewed-by: Ana 2026-01-15"  # unchanged English: still signed
    assert "reviewed-by" not in changed.tcomment


def test_extract_clears_both_signoffs_when_the_english_changes(project: Path) -> None:
    """A reviewed and clinically reviewed unit whose English changes is a fuzzy draft again, with its
    previous English, no sign-off line, and its other comments."""
    before = "Call a health worker if breathing is hard."
    _set(project, {before: ("শ্বাস নিতে কষ্ট হলে স্বাস্থ্যকর্মীকে ডাকুন।", False)},
         reviewed_by="Ana Rahman", clinical_review="Dr. Karim")
    catalog = load_catalog(project / "translations" / "bn" / "index.po")
    signed = next(entry for entry in catalog.po if entry.msgid == before)
    signed.tcomment = "Checked with the nurses of Khulna.\n" + signed.tcomment
    save_catalog(catalog)
    config = load_config(project / "mkdocs.yml")
    from handbook.translation.review import CLINICALLY_REVIEWED, OUTDATED_DRAFT, unit_state

    assert unit_state(signed, critical=True) == CLINICALLY_REVIEWED
    source = project / "docs" / "en" / "index.md"
    source.write_text(source.read_text(encoding="utf-8").replace(before, "Call a health worker at once if breathing is hard."),
                      encoding="utf-8")
    extract(config)
    changed = next(entry for entry in _catalog(project) if entry.msgid == "Call a health worker at once if breathing is hard.")
    assert changed.fuzzy and changed.previous_msgid == before
    assert changed.msgstr == "শ্বাস নিতে কষ্ট হলে স্বাস্থ্যকর্মীকে ডাকুন।"
    assert changed.tcomment == "Checked with the nurses of Khulna."
    assert unit_state(changed, critical=True) == OUTDATED_DRAFT
    text = (project / "translations" / "bn" / "index.po").read_text(encoding="utf-8")
    assert "reviewed-by" not in text and "clinical-review" not in text


@pytest.mark.slow
def test_translated_build_renders_text_notices_and_fallback(project: Path) -> None:
    """Under the default policy (critical-reviewed) drafts are shown, but not a critical unit that
    lacks its clinical review: that one shows the English, and the notice counts it."""
    _set(project, {"Hand hygiene": ("হাতের পরিচ্ছন্নতা", False)}, reviewed_by="Ana")
    _set(project, {
        "Seek care now": ("এখনই চিকিৎসা নিন", True),  # a draft, inside a warning box: critical
        "Call a health worker if breathing is hard.": ("শ্বাস নিতে কষ্ট হলে স্বাস্থ্যকর্মীকে ডাকুন।", False),
        "Soap and water": ("সাবান ও পানি", True),  # a draft, not critical
    }, reviewed_by="Ana")  # the warning's text: a translator signed, no health worker yet
    _set(project, {"Request medical supplies": ("চিকিৎসা সামগ্রীর অনুরোধ করুন", True)}, page="_site.po")
    _set(project, {"Part 2": ("দ্বিতীয় অংশ", False)}, page="_site.po",  # a number: critical
         reviewed_by="Ana", clinical_review="Dr. Karim")
    assert load_config(project / "mkdocs.yml").review_policy == "critical-reviewed"  # the default
    assert main(["-q", "-f", str(project / "mkdocs.yml"), "build"]) == 0
    page = (project / "site" / "bn" / "index.html").read_text(encoding="utf-8")
    assert "হাতের পরিচ্ছন্নতা" in page and "সাবান ও পানি" in page
    assert "এখনই চিকিৎসা নিন" not in page and "Seek care now" in page
    assert "শ্বাস নিতে কষ্ট হলে" not in page and "Call a health worker if breathing is hard." in page
    assert "Rub every part of both hands." in page  # untranslated: English
    assert "hb-translation-notice" in page and "Some parts are drafts" in page and "still in English" in page
    assert "2 safety-critical passages are shown in English until a translator and a health worker" in page
    # the notice's states: the title and the heading, and the warning's text signed by a translator
    assert "Untranslated: 10 · Human draft: 2 · Reviewed: 3" in " ".join(page.split())
    assert "চিকিৎসা সামগ্রীর অনুরোধ করুন" in page and "দ্বিতীয় অংশ" in page
    english = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "hb-translation-notice" not in english and "Request medical supplies" in english


@pytest.mark.slow
def test_a_critical_unit_is_shown_once_a_translator_and_a_health_worker_signed(project: Path) -> None:
    _set(project, {
        "Seek care now": ("এখনই চিকিৎসা নিন", False),
        "Call a health worker if breathing is hard.": ("শ্বাস নিতে কষ্ট হলে স্বাস্থ্যকর্মীকে ডাকুন।", False),
    }, reviewed_by="Ana", clinical_review="Dr. Karim")
    assert main(["-q", "-f", str(project / "mkdocs.yml"), "build"]) == 0
    page = (project / "site" / "bn" / "index.html").read_text(encoding="utf-8")
    assert "এখনই চিকিৎসা নিন" in page and "শ্বাস নিতে কষ্ট হলে স্বাস্থ্যকর্মীকে ডাকুন।" in page
    assert "safety-critical" not in page and "Clinically reviewed: 2" in page


@pytest.mark.slow
def test_fully_reviewed_page_has_no_notice(project: Path) -> None:
    catalog = load_catalog(project / "translations" / "fr" / "danger.po")
    for entry in catalog.po:
        entry.msgstr = {"Danger signs": "Signes de danger", "Seek care now if the lips turn blue.":
                        "Consultez tout de suite si les lèvres deviennent bleues.", "Sources": "Sources"}.get(
            entry.msgid, entry.msgid)
        # Signed by both: a critical unit (the reference's numbers) needs the health worker too.
        entry.tcomment = "reviewed-by: Ana 2026-01-15\nclinical-review: Dr. Karim 2026-01-16"
    save_catalog(catalog)
    assert main(["-q", "-f", str(project / "mkdocs.yml"), "build"]) == 0
    assert "hb-translation-notice" not in (project / "site" / "fr" / "danger.html").read_text(encoding="utf-8")
    assert "hb-translation-notice" in (project / "site" / "fr" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_english_fallback_policy_hides_drafts(project: Path) -> None:
    config_file = project / "mkdocs.yml"
    config_file.write_text(config_file.read_text(encoding="utf-8").replace(
        "review_policy: critical-reviewed", "review_policy: english-fallback"), encoding="utf-8")
    _set(project, {"Hand hygiene": ("হাতের পরিচ্ছন্নতা", False), "Seek care now": ("এখনই চিকিৎসা নিন", True)},
         reviewed_by="Ana")
    assert main(["-q", "-f", str(config_file), "build"]) == 0
    page = (project / "site" / "bn" / "index.html").read_text(encoding="utf-8")
    assert "হাতের পরিচ্ছন্নতা" in page and "এখনই চিকিৎসা নিন" not in page and "Seek care now" in page


@pytest.mark.slow
def test_build_refuses_unsafe_units_even_without_check(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    _set(project, {
        "Soap and water": ('সাবান <script>alert(1)</script>', False),
        "See the [danger signs](danger.md).": ("[বিপদ](javascript:alert(1))", False),
    })
    assert main(["-f", str(project / "mkdocs.yml"), "build"]) == 0
    page = (project / "site" / "bn" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page and "javascript:" not in page
    assert "Soap and water" in page
    refused = [record.getMessage() for record in caplog.records if "refused" in record.getMessage()]
    assert len(refused) == 2 and all("translations/bn/index.po:" in message for message in refused)


def test_a_refused_interface_string_falls_back_to_english_and_is_reported(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Interface strings follow the pages' rule: a unit a check refuses shows English, and the build says so."""
    from handbook.build import stage_all
    from handbook.translation.ui import strings_for

    _set(project, {"Request medical supplies": ("<script>alert(1)</script> অনুরোধ করুন", False)}, page="_site.po",
         reviewed_by="Ana")
    _set(project, {"Part 2": ("দ্বিতীয় অংশ", False)}, page="_site.po", reviewed_by="Ana", clinical_review="Dr. Karim")
    config = load_config(project / "mkdocs.yml")
    strings = strings_for(config, config.language("bn"))
    assert strings.ui["supply.link"] == "Request medical supplies"
    assert strings.nav == {"Part 2": "দ্বিতীয় অংশ"}  # the other entries are still used
    line = next(entry.linenum for entry in _catalog(project, page="_site.po") if entry.msgid == "Request medical supplies")
    assert strings.report.refused == [f"translations/bn/_site.po:{line}: <script> can run code or restyle the page "
                                      "and is not in the English (English used instead)"]
    assert strings.report.reviewed == 1 and strings.report.fallback == strings.report.total - 1
    with caplog.at_level("WARNING", logger="handbook"):
        stage_all(config, workers=1)
    refused = [record.getMessage() for record in caplog.records if record.getMessage().startswith("refused: ")]
    assert refused == [f"refused: {strings.report.refused[0]}"]


def test_check_reports_file_and_line_and_fails(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _set(project, {"Wash your hands with soap and water for at least 40 seconds. Rub every part of both hands.":
                   ("সাবান ও পানি দিয়ে অন্তত 30 সেকেন্ড হাত ধুয়ে নিন। দুই হাতের সব জায়গা ঘষুন।", True)})
    assert main(["-f", str(project / "mkdocs.yml"), "check", "--lang", "bn"]) == 1
    out = capsys.readouterr().out
    path = project / "translations" / "bn" / "index.po"
    lines = path.read_text(encoding="utf-8").splitlines()
    found = next(index for index, text in enumerate(lines) if "30 সেকেন্ড" in text)
    line = next(index for index in range(found, 0, -1) if lines[index].startswith("msgstr")) + 1
    assert f"{path}:{line}: error: numbers differ" in out
    _set(project, {"Wash your hands with soap and water for at least 40 seconds. Rub every part of both hands.":
                   ("সাবান ও পানি দিয়ে অন্তত ৪০ সেকেন্ড হাত ধুয়ে নিন। দুই হাতের সব জায়গা ঘষুন।", True)})
    assert main(["-f", str(project / "mkdocs.yml"), "check", "--lang", "bn"]) == 0


def test_status_counts_every_state_and_critical_units(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One unit (or two) in each review state: `status --json` counts each, per page and language,
    and counts critical units by state apart."""
    from handbook.translation.review import STATES

    path = project / "translations" / "bn" / "index.po"
    catalog = load_catalog(path)
    signed = "reviewed-by: Ana 2026-01-15"
    for entry in catalog.po:
        if entry.msgid == "Soap and water":  # machine draft
            entry.msgstr, entry.flags = "সাবান ও পানি", ["fuzzy"]
            entry.tcomment = "Machine draft (argos, model translate-en_bn-1_9, 2026-01-10): not reviewed by a human."
        elif entry.msgid == "Seek care now":  # human draft, critical (a warning box)
            entry.msgstr, entry.flags = "এখনই চিকিৎসা নিন", ["fuzzy"]
        elif entry.msgid == "Method":  # outdated draft
            entry.msgstr, entry.flags, entry.previous_msgid = "পদ্ধতি", ["fuzzy"], "Methods"
        elif entry.msgid == "See the [danger signs](danger.md).":  # unsigned
            entry.msgstr = "[বিপদের লক্ষণ](danger.md) দেখুন।"
        elif entry.msgid in ("Hand hygiene", "Call a health worker if breathing is hard."):  # reviewed (2 + 1 critical)
            entry.msgstr, entry.tcomment = "অনুবাদ", signed
        elif entry.msgid == "Hand rub with at least 60% alcohol":  # clinically reviewed, critical (a number)
            entry.msgstr = "কমপক্ষে 60% অ্যালকোহলযুক্ত হ্যান্ড রাব"
            entry.tcomment = signed + "\nclinical-review: Dr. Karim 2026-01-16"
    save_catalog(catalog)
    (project / "translations" / "sw" / "danger.po").unlink()  # a missing catalog: all untranslated
    assert main(["-f", str(project / "mkdocs.yml"), "status", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["states"] == list(STATES)
    index = next(row for row in data["pages"] if row["page"] == "index" and row["language"] == "bn")
    entries = [entry for entry in _catalog(project) if not entry.obsolete]
    assert index["states"] == {
        "untranslated": len(entries) - 8, "machine-draft": 1, "human-draft": 1, "outdated-draft": 1,
        "unsigned": 1, "reviewed": 3, "clinically-reviewed": 1,
    }
    assert (index["total"], index["reviewed"], index["draft"], index["untranslated"]) == (
        len(entries), 4, 4, len(entries) - 8)
    critical = index["critical_states"]
    assert (critical["human-draft"], critical["reviewed"], critical["clinically-reviewed"]) == (1, 1, 1)
    assert critical["machine-draft"] == critical["outdated-draft"] == critical["unsigned"] == 0
    assert critical["untranslated"] >= 3  # "40 seconds", "20 seconds", the 40-second hand wash
    assert index["critical"] == sum(critical.values())
    bn = data["languages"]["bn"]
    bn_pages = [row for row in data["pages"] if row["language"] == "bn"]
    assert bn["states"] == {state: sum(row["states"][state] for row in bn_pages) for state in STATES}
    assert bn["critical"] == sum(row["critical"] for row in bn_pages) and bn["reviewed"] == 4
    danger = next(row for row in data["pages"] if row["page"] == "danger" and row["language"] == "sw")
    assert danger["total"] > 0 and danger["states"]["untranslated"] == danger["total"]
    assert main(["-f", str(project / "mkdocs.yml"), "status"]) == 0
    table = capsys.readouterr().out
    assert "index" in table and "(all pages)" in table and "sw" in table
    assert "mach = machine draft" in table and "clin = clinically reviewed" in table
    bn_index = next(line.split() for line in table.splitlines() if line.startswith("bn") and " index " in line)
    assert bn_index[2:10] == [str(len(entries)), str(len(entries) - 8), "1", "1", "1", "1", "3", "1"]

    from handbook.translation.status import as_markdown, collect
    from handbook.translation.ui import UI_STRINGS

    page = as_markdown(collect(load_config(project / "mkdocs.yml"), ["bn"]), {"bn": "Bangla"}, UI_STRINGS)
    assert ("| Language | Units | Untranslated | Machine draft | Human draft | Outdated draft | Unsigned | Reviewed "
            "| Clinically reviewed | Critical | % |") in page
    assert f"| Bangla (bn) | {bn['total']} | {bn['states']['untranslated']} | 1 | 1 | 1 | 1 | 3 | 1 | {bn['critical']} |" in page


# ---------------------------------------------------------------- machine pretranslation


class CountingEngine:
    """The real tiny-model engine, counting its calls; optionally interrupted like a Ctrl-C."""

    def __init__(self, interrupt_at_call: int | None = None) -> None:
        from handbook.translation.mt import load_argos_engine

        self.inner = load_argos_engine("en", "bn")
        self.name, self.model_id, self.calls = self.inner.name, self.inner.model_id, 0
        self.interrupt_at_call = interrupt_at_call

    def translate_batch(self, texts: list[str]) -> list[str]:
        self.calls += 1
        if self.calls == self.interrupt_at_call:
            raise KeyboardInterrupt
        return self.inner.translate_batch(texts)


@pytest.mark.mt
def test_pretranslate_fills_only_empty_entries(project: Path, tiny_argos_package: Path, no_network: None) -> None:
    human = {"Hand hygiene": ("হাতের পরিচ্ছন্নতা", False), "Seek care now": ("এখনই চিকিৎসা নিন", True)}
    _set(project, human)
    config = load_config(project / "mkdocs.yml")
    counts = pretranslate(config, "bn")
    assert counts["translated"] + counts["flagged"] == counts["units"] > 0
    entries = {entry.msgid: entry for entry in _catalog(project)}
    every = [entry for path in (project / "translations" / "bn").rglob("*.po") for entry in load_catalog(path).po]
    for msgid, (msgstr, fuzzy) in human.items():
        assert entries[msgid].msgstr == msgstr and entries[msgid].fuzzy == fuzzy
        assert "Machine draft" not in (entries[msgid].tcomment or "")
    drafts = [entry for entry in every if "Machine draft" in (entry.tcomment or "")]
    assert len(drafts) == counts["translated"]
    for entry in drafts:
        assert entry.fuzzy and entry.msgstr
        assert "argos" in entry.tcomment and "translate-en_bn" in entry.tcomment
    for entry in every:
        if "damaged protected text" in (entry.tcomment or ""):
            assert entry.msgstr == ""  # flagged for a human, never a broken draft


@pytest.mark.mt
def test_pretranslate_restores_protected_text_or_flags(project: Path, tiny_argos_package: Path, no_network: None) -> None:
    pretranslate(load_config(project / "mkdocs.yml"), "bn")
    entries = {entry.msgid: entry for entry in _catalog(project)}
    link = entries["See the [danger signs](danger.md)."]
    assert link.msgstr == "" or "](danger.md)" in link.msgstr
    percent = entries["Hand rub with at least 60% alcohol"]
    assert percent.msgstr == "" or "60%" in percent.msgstr


@pytest.mark.mt
def test_pretranslate_rerun_uses_the_cache(project: Path, tiny_argos_package: Path, no_network: None) -> None:
    config = load_config(project / "mkdocs.yml")
    first = CountingEngine()
    pretranslate(config, "bn", engine=first)
    assert first.calls > 0
    # Empty the drafts again: the same sources must come from the cache with no model call.
    for path in (project / "translations" / "bn").rglob("*.po"):
        catalog = load_catalog(path)
        for entry in catalog.po:
            if "Machine draft" in (entry.tcomment or ""):
                entry.msgstr, entry.flags, entry.tcomment = "", [], ""
        save_catalog(catalog)
    again = CountingEngine()
    counts = pretranslate(config, "bn", engine=again)
    assert again.calls == 0 and counts["cache_hits"] > 0


@pytest.mark.mt
def test_pretranslate_missing_pair_names_it(project: Path, tiny_argos_package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-f", str(project / "mkdocs.yml"), "pretranslate", "--lang", "sw"]) == 3
    error = capsys.readouterr().err
    assert "en→sw" in error and "argospm install translate-en_sw" in error


@pytest.mark.mt
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choices=st.lists(st.sampled_from(["empty", "human", "draft"]), min_size=1, max_size=40),
       texts=st.lists(st.text(min_size=1, max_size=30), min_size=40, max_size=40))
def test_pretranslate_never_changes_a_non_empty_entry(
    project: Path, tiny_argos_package: Path, choices: list[str], texts: list[str]
) -> None:
    """Property: over random mixes of human, draft and empty entries, only empty ones change."""
    config = load_config(project / "mkdocs.yml")
    paths = sorted((project / "translations" / "bn").rglob("*.po"))
    before: dict[tuple[str, str | None, str], tuple[str, list[str]]] = {}
    position = 0
    for path in paths:
        catalog = load_catalog(path)
        for entry in catalog.po:
            kind = choices[position % len(choices)]
            entry.msgstr = "" if kind == "empty" else texts[position % len(texts)].replace("\x00", "")
            entry.flags = ["fuzzy"] if kind == "draft" else []
            entry.tcomment = ""
            position += 1
            if entry.msgstr:
                before[(path.name, entry.msgctxt, entry.msgid)] = (entry.msgstr, list(entry.flags))
        save_catalog(catalog)
    pretranslate(config, "bn")
    for path in paths:
        for entry in load_catalog(path).po:
            if (path.name, entry.msgctxt, entry.msgid) in before:
                assert (entry.msgstr, entry.flags) == before[(path.name, entry.msgctxt, entry.msgid)]


@pytest.mark.mt
def test_interrupted_pretranslate_leaves_valid_catalogs(project: Path, tiny_argos_package: Path) -> None:
    config = load_config(project / "mkdocs.yml")
    with pytest.raises(KeyboardInterrupt):
        pretranslate(config, "bn", engine=CountingEngine(interrupt_at_call=2))
    for path in (project / "translations" / "bn").rglob("*.po"):
        load_catalog(path)  # every file still parses
    assert not list((project / "translations").rglob("*.tmp"))
    pretranslate(config, "bn")
    assert Catalogs(config).page("bn", Path("index.md")).is_file()


def test_catalog_saved_with_a_byte_order_mark_passes_check_and_stages(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Notepad saves UTF-8 with a BOM: check and build read catalogs the same way, and both accept it."""
    from handbook.build import stage_all
    from handbook.site.stage import staged_root

    _set(project, {"Hand hygiene": ("হাতের পরিচ্ছন্নতা", False), "Soap and water": ("সাবান ও পানি", False)},
         reviewed_by="Ana")
    _set(project, {"Request medical supplies": ("চিকিৎসা সামগ্রীর অনুরোধ করুন", False)}, page="_site.po",
         reviewed_by="Ana")
    for page in ("index.po", "_site.po"):
        path = project / "translations" / "bn" / page
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert main(["-f", str(project / "mkdocs.yml"), "check", "--lang", "bn"]) == 0
    assert "po-syntax" not in capsys.readouterr().out
    config = load_config(project / "mkdocs.yml")
    stage_all(config, workers=1)
    staged = (staged_root(config) / "bn" / "index.md").read_text(encoding="utf-8")
    assert "# হাতের পরিচ্ছন্নতা" in staged and "সাবান ও পানি" in staged
    from handbook.translation.ui import strings_for

    assert strings_for(config, config.language("bn")).ui["supply.link"] == "চিকিৎসা সামগ্রীর অনুরোধ করুন"
    # A later save (extract, pretranslate, an edit) writes the catalog back without the BOM.
    catalog = load_catalog(project / "translations" / "bn" / "index.po")
    catalog.po[0].msgstr = "x"
    save_catalog(catalog)
    assert not (project / "translations" / "bn" / "index.po").read_bytes().startswith(b"\xef\xbb\xbf")
