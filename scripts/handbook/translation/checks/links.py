"""Links: every place a translated unit can send a reader must be one the English sends them to."""

from __future__ import annotations

from handbook.translation.checks.registry import Finding, finding
from handbook.translation.checks.text import link_targets


def check_urls(msgid: str, msgstr: str) -> list[Finding]:
    """Every target in the translation must be one of the English targets, byte for byte."""
    english, translated = link_targets(msgid), link_targets(msgstr)
    added, removed = sorted(translated - english), sorted(english - translated)
    findings = [finding("url-changed", f"link target {old!r} changed to {new!r}") for old, new in zip(removed, added)]
    findings += [finding("url-added", f"link target {new!r} is not in the English") for new in added[len(removed):]]
    findings += [finding("url-removed", f"link target {old!r} is missing") for old in removed[len(added):]]
    return findings
