"""Strings outside the pages: the templates' notices and links, nav section titles, site name.

They are translated like pages, through one more catalog per language, `translations/<lang>/_site.po`
(msgctxt = where the string is used), used under the pages' rule (`policy`: a refused entry shows
English and is reported by the build), and handed to each language's build through
mkdocs-static-i18n's per-language `extra`, `nav_translations`, `site_name` and `site_description`.

Material's own interface (search box, menus, "Skip to content") comes from its
`partials/languages/<lang>.html`, which it ships for about 60 languages. For a language it lacks
(and `overrides/partials/languages/` does not provide), Material's English strings join that
language's `_site.po` (msgctxt `material:<key>`), and the build writes the partial from them, with
the language's code and direction; the build warns while any of them is still English.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from handbook.translation.catalog import TemplateUnit, load_catalog
from handbook.translation.catalogs import SITE_PAGE, Catalogs
from handbook.translation.critical import Criticality
from handbook.translation.policy import SHOW_DRAFTS, PageReport, translation_to_use
from handbook.translation.review import STATE_LABELS
from handbook.translation.supply_form import SupplyForm, form_units, translated_form
from handbook.config import HandbookConfig, Language

MATERIAL_CONTEXT = "material:"
# Keys of Material's language partials that are settings, not text to translate.
MATERIAL_SETTINGS = ("language", "direction", "search.config.")

log = logging.getLogger("handbook")

# Keys used by the templates in overrides/ (`config.extra.ui[key]`) and by generated pages.
UI_STRINGS: dict[str, str] = {
    "supply.link": "Request medical supplies",
    "supply.hint": "for a health facility: masks, gloves, oxygen and more",
    "supply.sms": "Request by SMS",
    "supply.email": "Request by e-mail",
    "notice.title": "Translation not fully reviewed",
    "notice.reviewed": "{percent}% of this page is reviewed by a human translator.",
    "notice.drafts": "Some parts are drafts that no one has checked yet.",
    "notice.fallback": "Some parts are still in English.",
    "notice.critical": "{count} safety-critical passages are shown in English until a translator and a health worker have checked them.",
    "notice.states": "Units of this page:",
    "notice.help": "Help review this translation",
    "footer.reviewed": "Content last revised:",
    "clinical.none": "No clinician has reviewed this page yet. If you are unsure, ask a health worker.",
    "clinical.done": "Clinical review: {name}, {date}.",
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
    "downloads.epub": "E-book for phones and e-readers: text that reflows to the screen (EPUB)",
    "downloads.form": "Supply request form to print and fill in by hand (PDF)",
    "downloads.xlsform": "Supply request form for KoboToolbox or ODK Central, every language in one file (XLSForm)",
    "downloads.handouts": "Handouts",
    "downloads.handouts.intro": "Each card and summary on its own: a web page to save or share that opens without internet (HTML), and a poster in large type for a wall (PDF, A4).",
    "downloads.handout": "Handout",
    "downloads.handout.html": "Web page (HTML)",
    "downloads.handout.poster": "Poster (PDF, A4)",
    "downloads.checksums": "SHA-256 checksums of all files, to check a copy is complete",
    "downloads.current": "Current edition: {code}",
    "downloads.current.hint": "Every offline copy prints its edition on its cover or at the foot of its pages. If yours shows another edition, download it again: the advice may have changed.",
    "downloads.box": "Offline editions:",
    "downloads.box.pdf": "PDF",
    "downloads.box.booklet": "booklet",
    "downloads.box.all": "all downloads",
    "edition.date": "Edition of {date}",
    "edition.code": "Edition {code}",
    "edition.current": "Is this copy current? The Downloads page names the current edition:",
    "edition.cover.draft": "Draft translation, not reviewed",
    "edition.page.draft": "Draft translation: parts of this page have not been reviewed yet.",
    "edition.contents": "Contents",
    "edition.online": "Read online, with the latest updates:",
    "bundle.readme.title": "COVID-19 Prevention and Care Handbook: offline edition",
    "bundle.readme.open": "Open index.html in a web browser. No internet connection is needed.",
    "bundle.readme.pdf": "The same handbook as a PDF, to read or print:",
    "bundle.readme.online": "Online edition, with the latest updates:",
    "form.intro": "For health facilities without internet: fill in this form, sign it, and send it by hand, phone or message.",
    "form.required": "Fields marked * must be filled in.",
    "form.date": "Date",
    "form.signature": "Signature",
    "form.online": "With internet, use the online form:",
    "form.message": "No internet? Copy this text, fill it in and send it by SMS or e-mail:",
    "status.title": "Translation status",
    "status.intro": "How much of each language a human translator has reviewed. Drafts are machine or volunteer translations that nobody has checked yet; untranslated parts are shown in English.",
    "status.language": "Language",
    "status.units": "Units",
    "status.critical": "Critical",
    "changes.title": "Changes",
    "changes.intro": "What changed in each edition of this handbook, newest first: the passages whose English text or translation changed. Removed words are struck through, added words are underlined.",
    "changes.date": "Edition date: {date}",
    "changes.uncommitted": "These edits are not yet recorded in the handbook's history: they are compared with the last recorded edition.",
    "changes.first": "The first edition in the handbook's history: there is no earlier edition to compare it with.",
    "changes.shallow": "The history before this edition was not fetched with the copy this was built from, so its changes cannot be listed.",
    "changes.count": "Passages changed: {count}",
    "changes.none": "No passage changed (other files did: images or data).",
    "changes.more": "{count} more changed passages of this edition are not listed here.",
    "changes.older": "Older editions are kept in the history of the handbook's source repository.",
    "changes.no_history": "This copy was built without the history of the handbook's source repository, so the changes between editions cannot be listed here.",
    "changes.english": "English",
    "changes.translation": "Translation",
    "changes.changed": "changed",
    "changes.added": "added",
    "changes.removed": "removed",
    "changes.deleted": "deleted text:",
    "changes.inserted": "inserted text:",
    "changes.numbers": "Numbers changed: {before} → {after}",
    "changes.state": "Review: {state}",
    "changes.interface": "Menus and other interface text",
    "changes.pdf.title": "Changes in this edition",
    "changes.pdf.intro": "What changed since the previous edition.",
    "changes.pdf.online": "Every change, and older editions:",
    # The review states (`review.STATES`), named alike on pages, the PDF cover and the status page.
    **{f"state.{state}": label for state, label in STATE_LABELS.items()},
}


@dataclass(frozen=True)
class SiteStrings:
    """One language's strings, English wherever no usable translation exists."""

    ui: dict[str, str]
    nav: dict[str, str]
    site_name: str
    site_description: str
    report: PageReport  # what the language's `_site.po` gave: counts, and entries the build refused
    form: SupplyForm  # the supply-request form (data/supply-request-form.yml) in this language


def _material_partials() -> Path:
    from importlib.resources import files

    return Path(str(files("material") / "templates" / "partials" / "languages"))


@functools.cache
def material_english() -> dict[str, str]:
    """Material's interface strings in English, read from its own `partials/languages/en.html`."""
    import json

    text = (_material_partials() / "en.html").read_text(encoding="utf-8")
    pairs = re.findall(r'^\s*("[^"]+")\s*:\s*("(?:[^"\\]|\\.)*")', text, re.M)
    strings = {json.loads(key): json.loads(value) for key, value in pairs}
    return {key: value for key, value in strings.items() if not key.startswith(MATERIAL_SETTINGS)}


def needs_material_strings(config: HandbookConfig, language: Language) -> bool:
    """Whether neither Material nor `overrides/` has interface strings for `language`."""
    name = f"{language.code}.html"
    return not (_material_partials() / name).is_file() and not (config.overrides_dir / "partials" / "languages" / name).is_file()


def material_units(config: HandbookConfig, language: Language | None = None) -> list[TemplateUnit]:
    """Material's strings as catalog units: for `language` if it needs them; with no language, for
    the template when any configured language needs them."""
    wanted = [language] if language is not None else list(config.translated_languages)
    if not any(needs_material_strings(config, each) for each in wanted):
        return []
    reference = (("mkdocs-material: partials/languages/en.html", "1"),)
    return [TemplateUnit(text, f"{MATERIAL_CONTEXT}{key}", "interface", reference) for key, text in material_english().items()]


def site_units(config: HandbookConfig) -> list[TemplateUnit]:
    reference = (("mkdocs.yml", "1"),)
    units = [TemplateUnit(config.site_name, "site_name", "site", reference)]
    description = config.site_description
    if description:
        units.append(TemplateUnit(description, "site_description", "site", reference))
    units += [TemplateUnit(title, "nav", "nav section", reference) for title in config.nav_sections]
    units += [TemplateUnit(text, f"ui:{key}", "interface", (("scripts/handbook/translation/ui.py", "1"),))
              for key, text in UI_STRINGS.items()]
    return units + form_units(config.root)


def _translations(config: HandbookConfig, language: str | None,
                  policy: str) -> tuple[dict[tuple[str, str], str], PageReport]:
    """(msgctxt, msgid) -> usable translation in the language's `_site.po` (`policy`'s rule, as for
    pages), and the report of what was used, drafted, left in English or refused. Interface strings
    stand on no page: they are critical only by their own text (a number, a unit)."""
    translations: dict[tuple[str, str], str] = {}
    report = PageReport(SITE_PAGE, language or "")
    if language is not None:
        path = Catalogs(config).site(language)
        if path.exists():
            catalog_file = path.relative_to(config.root)
            for entry in load_catalog(path).po:
                if entry.obsolete:
                    continue
                critical = bool(Criticality().of_entry(entry))
                text = translation_to_use(entry, report, catalog_file=catalog_file, policy=policy, critical=critical)
                if text is not None:
                    translations[(entry.msgctxt or "", entry.msgid)] = text
    return translations, report


def site_strings(config: HandbookConfig, language: str | None, policy: str = SHOW_DRAFTS) -> SiteStrings:
    """The strings for one language (None: the English source), under a review policy."""
    translations, report = _translations(config, language, policy)

    def pick(context: str, text: str) -> str:
        return translations.get((context, text), text)

    return SiteStrings(
        ui={key: pick(f"ui:{key}", text) for key, text in UI_STRINGS.items()},
        nav={title: pick("nav", title) for title in config.nav_sections if pick("nav", title) != title},
        site_name=pick("site_name", config.site_name),
        site_description=pick("site_description", config.site_description),
        report=report,
        form=translated_form(config.root, pick),
    )


def strings_for(config: HandbookConfig, language: Language) -> SiteStrings:
    """The strings a built page, PDF or bundle of `language` shows, under the configured review policy."""
    return site_strings(config, None if language.default else language.code, config.review_policy)


def material_strings(config: HandbookConfig, language: Language) -> tuple[dict[str, str], int]:
    """Material's interface for `language` from its `_site.po`, English where untranslated; and
    how many are still English."""
    translations, _ = _translations(config, language.code, config.review_policy)
    strings, english = {}, 0
    for key, text in material_english().items():
        translated = translations.get((f"{MATERIAL_CONTEXT}{key}", text))
        english += translated is None
        strings[key] = translated or text
    return strings, english


def interface_partials(config: HandbookConfig, warn: bool = False) -> Path:
    """Write Material's language partial for every language it lacks into `build/theme/`, a theme
    folder searched after `overrides/`; with `warn`, say which languages still show English."""
    import json

    from handbook.fsutil import write_if_changed

    folder = config.build_dir / "theme"
    catalogs = Catalogs(config)
    for language in config.languages:
        if not needs_material_strings(config, language):
            continue
        strings, english = material_strings(config, language)
        if warn and english:
            log.warning("%s: Material has no interface strings for %s (%s): %d of %d shown in English; translate "
                        "the msgctxt \"material:...\" entries of %s", language.code, language.name, language.code,
                        english, len(strings), catalogs.site(language.code).relative_to(config.root))
        entries = {"language": language.code, "direction": language.direction, **strings}
        body = ",\n".join(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in entries.items())
        source = catalogs.site(language.code).relative_to(config.root).as_posix()
        text = ("{#- Written by the handbook build (scripts/handbook/translation/ui.py) from "
                f"{source}: edit the catalog, not this file. -#}}\n"
                f"{{% macro t(key) %}}{{{{ {{\n{body}\n}}[key] }}}}{{% endmacro %}}\n")
        write_if_changed(folder / "partials" / "languages" / f"{language.code}.html", text)
    return folder
