"""The handbook pipeline: English Markdown -> PO catalogs -> staged languages -> site and downloads."""

__version__ = "0.1.0"
