"""Zip files that are the same bytes every time: the offline zip, the EPUB, the XLSForm.

Entries in the order given, every date the edition's (zip cannot store one before 1980), Unix
permissions that every unzip reads, deflate at its highest level, and the names in `stored` kept
uncompressed (an EPUB's `mimetype`, which its readers expect first and plain).
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Collection, Iterable

ZIP_EPOCH = 315532800  # 1980-01-01, the earliest date a zip entry holds


def reproducible_zip(entries: Iterable[tuple[str, bytes]], epoch: int, stored: Collection[str] = ()) -> bytes:
    """A zip of `entries` (name, data), in their order, dated `epoch`."""
    stamp = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o100644 << 16
            info.create_system = 3  # Unix, so the permissions above are read everywhere
            if name in stored:
                archive.writestr(info, data, compress_type=zipfile.ZIP_STORED)
            else:
                archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return output.getvalue()
