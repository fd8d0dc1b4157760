"""A Content-Security-Policy on every page, so that an event handler that slipped through cannot run.

The policy is a `<meta http-equiv>` (it works on any static host and from `file://`, where no
server sends headers). Scripts may come from the site itself (`'self'`, which Chromium extends to
`file:` pages) and inline scripts only when their SHA-256 hash is listed: the page's own, hashed
here after the build. Inline event handlers (`onclick=`), `javascript:` links, plugins and a
changed `<base>` are refused by the browser. Styles and images are not restricted: Material sets
inline styles, and they cannot run code.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from pathlib import Path

from handbook.fsutil import write_atomic

log = logging.getLogger("handbook")

META_NAME = "Content-Security-Policy"
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_HEAD_START = re.compile(r"<head\b[^>]*>", re.I)
_CHARSET = re.compile(r"<meta\s+charset[^>]*>", re.I)
_JAVASCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript",
                     "application/ecmascript"}


def _runs(attributes: str) -> bool:
    """An inline script the browser executes (not JSON, not Material's deferred tags)."""
    if _SRC.search(attributes):
        return False
    found = _TYPE.search(attributes)
    return (found.group(1).lower() if found else "") in _JAVASCRIPT_TYPES


def script_hashes(html: str) -> list[str]:
    """CSP hash sources of the inline scripts of a page, in order, without repeats."""
    hashes = []
    for match in _SCRIPT.finditer(html):
        if _runs(match.group(1)):
            digest = base64.b64encode(hashlib.sha256(match.group(2).encode("utf-8")).digest()).decode()
            hashes.append(f"'sha256-{digest}'")
    return list(dict.fromkeys(hashes))


def policy(hashes: list[str]) -> str:
    scripts = " ".join(["'self'", *hashes])
    return f"script-src {scripts}; object-src 'none'; base-uri 'self'"


def with_policy(html: str) -> str:
    """The page with its policy first in `<head>` (after `<meta charset>`), so it covers every script."""
    if f'http-equiv="{META_NAME}"' in html:
        return html
    meta = f'<meta http-equiv="{META_NAME}" content="{policy(script_hashes(html))}">'
    anchor = _CHARSET.search(html) or _HEAD_START.search(html)
    if anchor is None:
        return html  # not a page (a fragment): nothing runs there on its own
    return html[:anchor.end()] + meta + html[anchor.end():]


def add_content_security_policy(site_dir: Path) -> int:
    """Give every HTML page under `site_dir` its policy; pages that have one are left alone."""
    changed = 0
    for path in sorted(site_dir.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        protected = with_policy(html)
        if protected != html:
            write_atomic(path, protected)
            changed += 1
    log.info("csp: a Content-Security-Policy on %d page(s)", changed)
    return changed
