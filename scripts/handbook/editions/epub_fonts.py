"""The fonts an EPUB carries: only for scripts e-readers often have no font for, subset to the book.

Which scripts those are is `extra.handbook.epub_font_scripts` (ISO 15924). A language written in one
of them gets its PDF font (fontconfig's choice, `handbook.fonts`), regular and bold, subset with
fontTools to the characters its book uses, with every OpenType layout feature kept: the conjuncts
and vowel signs of Bengali or Devanagari are glyphs that shaping picks, not characters. Any other
language relies on the reader's own fonts and carries none.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from handbook.config import HandbookConfig, Language
from handbook.errors import SetupError
from handbook.fonts import face_file, font_family

# The faces embedded, with their CSS weight: headings and <strong> are frequent, and a bold made up
# by the reader from the regular face smudges the strokes of these scripts.
FACES = (("Regular", "normal"), ("Bold", "bold"))
MEDIA_TYPES = {".ttf": "font/ttf", ".otf": "font/otf"}
# Name records kept in a subset: family, style, version, and the licence (OFL asks for it to travel).
NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 13, 14]


@dataclass(frozen=True)
class EmbeddedFace:
    family: str
    weight: str  # CSS font-weight
    source: Path  # the installed font file
    name: str  # its subset's path in the EPUB: "fonts/NotoSansBengali-Bold.ttf"

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.source.suffix.lower()]


def embedded_faces(config: HandbookConfig, language: Language) -> tuple[EmbeddedFace, ...]:
    """The faces the EPUB of `language` carries: none unless its script is one of `epub_font_scripts`."""
    if language.script not in config.epub_font_scripts:
        return ()
    family = font_family(language)
    if family is None:  # `check_fonts` stops the build before any edition is made
        raise SetupError(f"no installed font for {language.name} ({language.code}, script {language.script})",
                         config.config_file)
    faces = []
    for style, weight in FACES:
        path = face_file(family, style)
        if path is None:
            continue  # no bold face installed: the reader makes one up
        if path.suffix.lower() not in MEDIA_TYPES:
            raise SetupError(f"{path}: an EPUB can carry TrueType or OpenType files (.ttf, .otf), not {path.suffix}",
                             config.config_file)
        faces.append(EmbeddedFace(family, weight, path, f"fonts/{path.name}"))
    return tuple(faces)


def font_face_css(faces: tuple[EmbeddedFace, ...]) -> str:
    """`@font-face` rules for the embedded faces, and the body's font (the stylesheet is beside `fonts/`)."""
    if not faces:
        return ""
    rules = [f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; font-style: normal; '
             f'src: url("{face.name}"); }}' for face in faces]
    return "\n".join(rules) + f'\nbody {{ font-family: "{faces[0].family}", sans-serif; }}\n'


def subset_face(source: Path, text: str) -> bytes:
    """The font at `source` with only the glyphs `text` needs (shaping features and their glyphs kept)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = NAME_IDS
    options.notdef_outline = True
    options.recalc_timestamp = False  # the bytes depend on the font and the text only
    font = TTFont(source, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    output = io.BytesIO()
    font.save(output)
    return output.getvalue()
