r"""Translation checks: a translated unit must keep the numbers, links and page structure of the English.

Translations come from volunteers we cannot vet and are read by patients and clinics, so a changed
dose, a swapped link or a smuggled script must be caught before the page is built.

- `registry`: every check declared once (code, severity, whether the build refuses it, what it
  catches and why); README.md's table of checks is `handbook check --list`.
- `unit.check_unit`: one English Markdown unit (msgid) against its translation (msgstr); pure.
- `po_file.check_catalog` and `check_all`: every unit of a PO file, of every catalog.
- One module per family of checks: `numbers` (numbers and units), `links`, `html`, `markdown`
  (attribute lists and Markdown structure), `invisible` (invisible controls), `copies`
  (placeholders and copies of the English); the glossary is `handbook.translation.glossary`.

Known limits: signs (`-5`) and Roman numerals are not read; the English is read with English
separators (`1,500` = 1500) while a translation's `1.500` may be 1.5 or 1500; a translated link to a
localised page (`fr.wikipedia.org`) is an url-changed error by design.
"""
