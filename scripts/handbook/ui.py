"""Strings outside the pages: the templates' notices and links, nav section titles, site name.

They are translated like pages, through one more catalog per language, `translations/<lang>/_site.po`
(msgctxt = where the string is used), and handed to each language's build through
mkdocs-static-i18n's per-language `extra`, `nav_translations`, `site_name` and `site_description`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .catalog import TemplateUnit, load_catalog
from .checks import check_unit, is_security_problem
from .config import HandbookConfig, Language

SITE_CATALOG = Path("_site.po")

# Keys used by the templates in overrides/ (`config.extra.ui[key]`) and by generated pages.
UI_STRINGS: dict[str, str] = {
    "supply.link": "Request medical supplies",
    "supply.hint": "for a health facility: masks, gloves, oxygen and more",
    "notice.title": "Translation not fully reviewed",
    "notice.reviewed": "{percent}% of this page is reviewed by a human translator.",
    "notice.drafts": "Some parts are drafts that no one has checked yet.",
    "notice.fallback": "Some parts are still in English.",
    "notice.help": "Help review this translation",
    "footer.reviewed": "Last reviewed:",
    "footer.licence": "Text licensed under",
    "footer.care": "Not a substitute for professional medical care.",
    "lite.link": "Lite version (for slow connections)",
    "lite.full": "Full version",
    "lite.contents": "Contents",
    "downloads.title": "Downloads",
    "downloads.intro": "Offline editions of the handbook, for reading and printing without internet.",
    "downloads.none": "No offline edition has been built yet.",
    "downloads.edition": "Edition",
    "downloads.file": "File",
    "downloads.size": "Size",
    "downloads.pdf": "Reading edition to read on screen or print (PDF, A4)",
    "downloads.booklet": "Booklet to print on both sides and fold (PDF, A5 pages on A4 sheets)",
    "downloads.zip": "Offline website: unzip and open index.html in a browser (ZIP)",
    "downloads.zim": "For the Kiwix reader app (ZIM)",
    "downloads.form": "Supply request form to print and fill in by hand (PDF)",
    "downloads.checksums": "SHA-256 checksums of all files, to check a copy is complete",
    "downloads.box": "Offline editions:",
    "downloads.box.pdf": "PDF",
    "downloads.box.booklet": "booklet",
    "downloads.box.all": "all downloads",
    "edition.date": "Edition of {date}",
    "edition.cover.draft": "Draft translation, not reviewed",
    "edition.page.draft": "Draft translation: parts of this page have not been reviewed yet.",
    "edition.contents": "Contents",
    "edition.online": "Read online, with the latest updates:",
    "bundle.readme.title": "COVID-19 Prevention and Care Handbook: offline edition",
    "bundle.readme.open": "Open index.html in a web browser. No internet connection is needed.",
    "bundle.readme.pdf": "The same handbook as a PDF, to read or print:",
    "bundle.readme.online": "Online edition, with the latest updates:",
    "form.title": "Medical supply request",
    "form.intro": "For health facilities without internet: fill in this form, sign it, and send it by hand, phone or message.",
    "form.facility": "Health facility (name and place)",
    "form.contact": "Contact person and phone number",
    "form.date": "Date",
    "form.signature": "Signature",
    "form.item": "Item",
    "form.quantity": "Quantity (units)",
    "form.stock_days": "Days of stock left",
    "form.urgency": "Urgency (high / medium / low)",
    "form.online": "With internet, use the online form:",
    "status.title": "Translation status",
    "status.intro": "How much of each language a human translator has reviewed. Drafts are machine or volunteer translations that nobody has checked yet; untranslated parts are shown in English.",
    "status.language": "Language",
    "status.units": "Units",
    "status.reviewed": "Reviewed",
    "status.drafts": "Drafts",
    "status.untranslated": "Untranslated",
}


@dataclass(frozen=True)
class SiteStrings:
    """One language's strings, English wherever no usable translation exists."""

    ui: dict[str, str]
    nav: dict[str, str]
    site_name: str
    site_description: str


def site_units(config: HandbookConfig) -> list[TemplateUnit]:
    reference = (("mkdocs.yml", "1"),)
    units = [TemplateUnit(config.site_name, "site_name", "site", reference)]
    description = config.site_description
    if description:
        units.append(TemplateUnit(description, "site_description", "site", reference))
    units += [TemplateUnit(title, "nav", "nav section", reference) for title in config.nav_sections]
    units += [TemplateUnit(text, f"ui:{key}", "interface", (("scripts/handbook/ui.py", "1"),))
              for key, text in UI_STRINGS.items()]
    return units


def site_strings(config: HandbookConfig, language: str | None, show_drafts: bool = True) -> SiteStrings:
    """The strings for one language (None: the English source)."""
    translations: dict[tuple[str, str], str] = {}
    if language is not None:
        path = config.translations_dir / language / SITE_CATALOG
        if path.exists():
            for entry in load_catalog(path).po:
                if entry.obsolete or not entry.msgstr.strip() or (entry.fuzzy and not show_drafts):
                    continue
                problems = check_unit(entry.msgid, entry.msgstr, target_lang=language)
                if any(severity == "error" and is_security_problem(code) for severity, code, _ in problems):
                    continue
                translations[(entry.msgctxt or "", entry.msgid)] = entry.msgstr

    def pick(context: str, text: str) -> str:
        return translations.get((context, text), text)

    return SiteStrings(
        ui={key: pick(f"ui:{key}", text) for key, text in UI_STRINGS.items()},
        nav={title: pick("nav", title) for title in config.nav_sections if pick("nav", title) != title},
        site_name=pick("site_name", config.site_name),
        site_description=pick("site_description", config.site_description),
    )


def strings_for(config: HandbookConfig, language: Language) -> SiteStrings:
    """The strings a built page, PDF or bundle of `language` shows, under the configured review policy."""
    return site_strings(config, None if language.default else language.code, config.review_policy == "show-drafts")
