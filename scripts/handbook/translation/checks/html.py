"""Raw HTML: a translation may only carry the tags the English has, balanced as it has them.

Anything that can run code (a script-like element, an `on*=` handler, a `javascript:` link hidden
by entities or tabs) is a `script` error; any other tag the English lacks is `raw-html`.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from html.parser import HTMLParser

from handbook.translation.checks.registry import Finding, finding
from handbook.translation.checks.text import AUTOLINK, EMAIL_AUTOLINK, without_code


_SCRIPT_LINK = re.compile(r"(?:java|vb)script:|(?<=[(<=\"'])data:")
_DANGEROUS_TAGS = set("script iframe frame frameset object embed applet style base meta link form svg".split())
_DANGEROUS_TEXT = re.compile(rf"<\s*/?\s*({'|'.join(sorted(_DANGEROUS_TAGS))})\b", re.I)


class _TagCollector(HTMLParser):
    """Collect tags, attributes and comments with the same parser rules a browser roughly follows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, tuple(sorted((name, value or "") for name, value in attrs))))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(("/" + tag, ()))

    def handle_comment(self, data: str) -> None:
        self.tags.append(("!--", (("text", data),)))

    handle_decl = handle_pi = unknown_decl = handle_comment


def _tags(text: str) -> list[tuple[str, tuple]]:
    parser = _TagCollector()
    text = EMAIL_AUTOLINK.sub(" ", AUTOLINK.sub(" ", without_code(text)))  # autolinks are links, not tags
    # `</ b>` and a `</b` cut short are text to Markdown and browsers (Python's parser would read them as tags).
    parser.feed(re.sub(r"</(?=\s)|</[A-Za-z][^<>]*$", "&lt;/", text))
    parser.close()
    return parser.tags


def _script_links(text: str) -> list[str]:
    """Script URLs, even hidden by entities, tabs or case (`JaVa&#x09;script:`), outside code spans."""
    squeezed = re.sub(r"[\s\x00-\x1f]", "", html.unescape(without_code(text))).lower()
    return _SCRIPT_LINK.findall(squeezed)


_VOID_TAGS = set("area base br col embed hr img input link meta param source track wbr".split())


def _tag_balance(tags: list[tuple[str, tuple]]) -> Counter:
    """Open minus closed elements per tag name: what would swallow the rest of the page if not zero."""
    balance: Counter = Counter()
    for tag, _ in tags:
        name = tag.lstrip("/")
        if name in _VOID_TAGS or name == "!--":
            continue
        balance[name] += -1 if tag.startswith("/") else 1
    return balance


def check_html(msgid: str, msgstr: str) -> list[Finding]:
    """Raw HTML may only be what the English already has, balanced as it is; anything that can run code is refused."""
    findings: list[Finding] = []
    english_tags, translated_tags = _tags(msgid), _tags(msgstr)
    english = Counter(english_tags)
    for tag, attrs in translated_tags:
        if english[(tag, attrs)] > 0:
            english[(tag, attrs)] -= 1
        elif tag.lstrip("/") in _DANGEROUS_TAGS or any(name.startswith("on") for name, _ in attrs):
            message = f"<{tag.lstrip('/')}> can run code or restyle the page and is not in the English"
            findings.append(finding("script", message))
        else:
            shown = " ".join([tag] + [name for name, _ in attrs])
            findings.append(finding("raw-html", f"HTML <{shown}> is not in the English"))
    for (tag, _), count in sorted(english.items()):
        if count > 0 and not tag.startswith("!"):
            findings.append(finding("html-dropped", f"HTML <{tag}> of the English is missing"))
    english_balance, translated_balance = _tag_balance(english_tags), _tag_balance(translated_tags)
    for name in sorted(set(english_balance) | set(translated_balance)):
        if english_balance[name] != translated_balance[name]:
            message = f"<{name}> is left open or closed twice (the rest of the page would be inside it)"
            findings.append(finding("html-unbalanced", message))
    dangerous = [len(_DANGEROUS_TEXT.findall(without_code(text))) for text in (msgid, msgstr)]
    if not findings and dangerous[1] > dangerous[0]:
        findings.append(finding("script", "an unfinished <script>-like tag is not in the English"))
    if len(_script_links(msgstr)) > len(_script_links(msgid)):
        findings.append(finding("script", f"a {_script_links(msgstr)[0]} link runs code in the reader's browser"))
    return list(dict.fromkeys(findings))
