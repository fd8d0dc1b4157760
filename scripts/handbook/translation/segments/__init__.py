"""Split a Markdown page into translatable units, and put translations back in their place.

Units are found with markdown-it-py's token line maps (`extraction`), and cut where Python-Markdown
(which renders the site) sees structure in a block's line breaks (`paragraphs`): a hard break, a
block attribute list on its own line, one term per line, a `#heading` or reference line inside a
paragraph. A translated page is the ORIGINAL text with each translated unit's span replaced
(`substitution`), so everything that is not a unit stays byte for byte (admonitions, tabs,
attribute lists, line breaks, HTML, code). Translations come from volunteers: before a translation
goes in it is made inert (`inert`), so it can never change the structure of the page
(tests/translation/test_roundtrip.py checks both against Python-Markdown). `page` holds what they
share: the unit type, the parser and the page's lines.
"""
