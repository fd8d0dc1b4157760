"""MkDocs hook for every build of the handbook (`handbook build` and `handbook serve`).

mkdocs-static-i18n builds each language into the same web root, and each build writes the theme's
404.html there: the last language built would answer every missing page. The default language is
built first; its 404 page is kept and written again by the builds that follow.

It also gives the templates `absolute_url`, for the few links that must be full addresses
(hreflang alternates) while every other link stays relative, and keeps left-to-right runs (dates,
URLs, codes, numbers with units) in order on right-to-left pages (`bidi.py`); the lite edition,
PDFs, zips and ZIMs are made from these pages and inherit it.

Each page's Markdown part is marked, so `guard` compares exactly what came from the Markdown of a
translated page with its English page (the markers are removed once compared). The offline
editions' templates in `overrides/editions/` stay out of the site: they are not theme files.
"""

from __future__ import annotations

from urllib.parse import urljoin

from handbook.site.guard import CONTENT_END, CONTENT_START

_default_404: str | None = None


def on_post_page(output: str, page, config, **kwargs) -> str:
    from handbook.site.bidi import isolate_ltr_runs

    return isolate_ltr_runs(output)


def on_post_template(output_content: str, template_name: str, config, **kwargs) -> str:
    global _default_404
    if template_name != "404.html":
        return output_content
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.current_language == i18n.default_language:
        _default_404 = output_content
        return output_content
    return _default_404 if _default_404 is not None else output_content


def on_files(files, config, **kwargs):
    """`overrides/editions/` holds the offline editions' templates, not theme files: MkDocs would
    copy the ones it does not take for templates (a stylesheet) into the site."""
    from handbook.editions.templates import TEMPLATES

    for file in [file for file in files if file.src_dir in config.theme.dirs and file.src_uri.startswith(f"{TEMPLATES}/")]:
        files.remove(file)
    return files


def on_page_content(html: str, page, config, files, **kwargs) -> str:
    return CONTENT_START + html + CONTENT_END
def absolute_url(relative: str, page_url: str) -> str:
    """`relative`, as written on the page whose full address is `page_url`, as a full address."""
    return urljoin(page_url, relative)


def on_env(env, config, files, **kwargs):
    env.filters["absolute_url"] = absolute_url
    return env
