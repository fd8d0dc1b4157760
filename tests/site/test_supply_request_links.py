"""The `sms:` and `mailto:` links beside the supply-request link: on every full and lite page, prefilled
with the form's text in the page's language, when mkdocs.yml sets a number and a mailbox; absent
when it does not (as shipped)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from helpers import REPO, scan_html, scan_text, small_project

from handbook.__main__ import main
from handbook.config import load_config
from handbook.translation.supply_form import request_links
from handbook.translation.ui import strings_for

SMS, EMAIL = "+254700000001", "supply.desk@example.org"
PAGES = {"en": ("index.html", "danger.html"), "fr": ("fr/index.html", "fr/danger.html")}
LITE = {"en": ("lite/en/index.html", "lite/en/danger.html"), "fr": ("lite/fr/index.html", "lite/fr/danger.html")}


def _request_links(page: Path) -> list[str]:
    return [link for link in scan_html(page).links if link.startswith(("sms:", "mailto:"))]


@pytest.mark.slow
def test_no_sms_or_mailto_link_when_none_is_configured(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 100
    offending = [page for page in pages if _request_links(page) or "hb-supply__sms" in page.read_text(encoding="utf-8")]
    assert offending == []
    lite = (built_site / "lite" / "fr" / "index.html").read_text(encoding="utf-8")
    assert '<details class="hb-supply__message">' in lite  # the text to send by hand is there all the same


@pytest.mark.slow
def test_sms_and_mailto_links_are_prefilled_in_the_pages_language(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    shutil.copy2(REPO / "translations" / "fr" / "_site.po", project / "translations" / "fr" / "_site.po")
    config_file = project / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    text = text.replace('    # supply_request_sms: "+254700000000"\n', f'    supply_request_sms: "{SMS}"\n')
    config_file.write_text(text.replace("    # supply_request_email: requests@example.org\n",
                                        f"    supply_request_email: {EMAIL}\n"), encoding="utf-8")
    assert main(["-q", "-f", str(config_file), "build"]) == 0
    config, site = load_config(config_file), project / "site"
    for code in ("en", "fr"):
        language = config.language(code)
        expected = request_links(strings_for(config, language).form, SMS, EMAIL)
        if code == "fr":
            assert expected["message"].startswith("DEMANDE DE MATÉRIEL MÉDICAL\nÉtablissement de santé")
        for page in PAGES[code] + LITE[code]:
            links = _request_links(site / page)
            assert links == [expected["sms"], expected["email"]], page
            text = (site / page).read_text(encoding="utf-8")
            assert "&amp;body=" in text and not re.search(r'href="(?:sms|mailto):[^"]*[\s<>]', text), page
            sms, email = urlsplit(links[0]), urlsplit(links[1])
            assert sms.path == SMS and parse_qs(sms.query)["body"] == [expected["message"]]
            assert email.path == EMAIL and parse_qs(email.query)["subject"] == [strings_for(config, language).form.title]
    with zipfile.ZipFile(site / "downloads" / "handbook-fr-offline.zip") as archive:
        readme = archive.read("handbook-fr/README.txt").decode("utf-8")
        assert SMS in readme and EMAIL in readme
        assert _links_in(archive.read("handbook-fr/fr/danger.html").decode("utf-8")) == [
            request_links(strings_for(config, config.language("fr")).form, SMS, EMAIL)[kind] for kind in ("sms", "email")]


def _links_in(text: str) -> list[str]:
    return [link for link in scan_text(text).links if link.startswith(("sms:", "mailto:"))]
