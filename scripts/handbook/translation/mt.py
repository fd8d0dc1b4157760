"""Machine pretranslation: shield Markdown from the model, translate in batches, cache the results.

Argos Translate (CTranslate2 + SentencePiece) is an optional extra: this module imports it only when
an engine is loaded, so the rest of the pipeline works without `pip install .[mt]`.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from handbook.errors import BuildError, SetupError
from handbook.fsutil import write_atomic

if TYPE_CHECKING:  # the optional extra; never imported at module load
    import ctranslate2
    from argostranslate.package import Package


# --- Placeholders -----------------------------------------------------------------------------
#
# Format: `{0}`, `{1}`, ... Argos models learn largely from OPUS data, which includes software
# strings with `{0}`-style arguments, so they tend to copy them; the characters are plain ASCII,
# present in every vocabulary (no <unk>), with no `_`, which argostranslate's decoder turns into a
# space.
# Restoring tolerates what a model may do to a copied placeholder: spaces inside the braces,
# full-width braces, and native digits (a Bengali model may write `{০}`).

PLACEHOLDER = re.compile(r"[{｛]\s*(\d+)\s*[}｝]")

_UNIT_SYMBOLS = r"%|‰|°\s?[CF]|mmHg|mcg|[µμ]g|mg|kg|g|mL|ml|dL|dl|L|l|mm|cm|km|m"

# What MT must not touch, first match wins at each position. Kept: code, link targets, HTML,
# URLs, numbers that a model may reformat, glossary terms. Translated: link text, unit words
# ("1 metre", "20 seconds"), plain integers (models copy them reliably; fewer placeholders means
# fewer rejected entries). Emphasis markers are kept too: argostranslate turns `_` into a space,
# and a model may drop a bare `**`; as placeholders, an accepted translation never loses one.
_PROTECTED_BEFORE_TERMS = (
    r"(?P<ticks>`+)[\s\S]*?(?<!`)(?P=ticks)(?!`)",  # inline code span
    r"<!--[\s\S]*?-->",  # HTML comment
    r"</?[A-Za-z][^<>]*>",  # HTML tag or <https://autolink>
    r"!?\[(?=[^\[\]]*\][(\[])",  # opening bracket of a link or image (its text stays translatable)
    r"\]\((?:[^()]|\([^()]*\))*\)",  # link target `](url "title")`
    r"\]\[[^\[\]]*\]",  # reference link target `][ref]`
    r"\[\^[^\[\]\s]+\]",  # footnote reference
    r"(?:https?|ftp)://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"]",  # bare URL, minus trailing punctuation
    r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # e-mail address
    r"&(?:[A-Za-z][A-Za-z0-9]*|#\d+|#[xX][0-9A-Fa-f]+);",  # HTML entity
    r"\\[!-/:-@\[-`{-~]",  # Markdown backslash escape
    r"\{\s*[:#.][^{}\n]*\}",  # attribute list `{#anchor .class}`
    PLACEHOLDER.pattern,  # text that already looks like a placeholder, so restore cannot confuse it
)
_PROTECTED_AFTER_TERMS = (
    rf"(?<!\w)\d+(?:[.,]\d+)*\s?(?:{_UNIT_SYMBOLS})(?!\w)",  # 60%, 37.5 °C, 5 ml
    r"(?<!\w)\d+(?:[.,:/]\d+)+(?!\w)",  # 0.1, 1,000, 1:49, 24/7
    r"\*+|_+|~~+|`+",  # emphasis and strike-through markers, stray backticks
)


@functools.lru_cache(maxsize=32)
def _protection_pattern(keep_terms: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation per glossary; longest terms first so `COVID-19 vaccine` beats `COVID-19`."""
    terms = sorted({term for term in keep_terms if term.strip()}, key=len, reverse=True)
    term_pattern = (rf"(?<!\w)(?:{'|'.join(map(re.escape, terms))})(?!\w)",) if terms else ()
    parts = _PROTECTED_BEFORE_TERMS + term_pattern + _PROTECTED_AFTER_TERMS
    return re.compile("|".join(f"(?:{part})" for part in parts))


def protect(text: str, keep_terms: Iterable[str] = ()) -> tuple[str, list[str]]:
    """Swap what MT must not change for `{n}` placeholders; adjacent pieces share one placeholder."""
    spans: list[list[int]] = []
    for match in _protection_pattern(tuple(keep_terms)).finditer(text):
        if spans and spans[-1][1] == match.start():
            spans[-1][1] = match.end()  # `**[` is one placeholder, not two for the model to keep
        else:
            spans.append([match.start(), match.end()])
    saved: list[str] = []
    pieces: list[str] = []
    position = 0
    for start, end in spans:
        pieces.append(text[position:start])
        pieces.append("{%d}" % len(saved))
        saved.append(text[start:end])
        position = end
    pieces.append(text[position:])
    return "".join(pieces), saved


def restore(text: str, saved: Sequence[str]) -> str | None:
    """Put protected pieces back; None unless every placeholder came back exactly once."""
    seen: list[int] = []

    def put_back(match: re.Match[str]) -> str:
        index = int(match.group(1))
        seen.append(index)
        return saved[index] if index < len(saved) else match.group(0)

    restored = PLACEHOLDER.sub(put_back, text)
    if sorted(seen) != list(range(len(saved))):
        return None
    return restored


def has_words(masked: str) -> bool:
    """A unit left with no letters once protected (`60%`, a code span) needs no model."""
    return any(character.isalpha() for character in PLACEHOLDER.sub("", masked))


# --- Engines -----------------------------------------------------------------------------------


class Engine(Protocol):
    """Anything that turns whole source units into target units, one output per input."""

    name: str
    model_id: str  # names model and version: cached translations are only reused for the same one

    def translate_batch(self, texts: list[str]) -> list[str]: ...


class MissingLanguagePair(SetupError):
    """No installed Argos package translates this pair; the message says how to install one."""

    def __init__(self, from_code: str, to_code: str, searched: Iterable[Path] = ()):
        name = f"translate-{from_code}_{to_code}"
        where = ", ".join(str(path) for path in searched)
        super().__init__(
            f"no machine translation model for {from_code}→{to_code} is installed"
            + (f" (looked in {where})" if where else "")
            + f". On a machine with internet: `argospm update && argospm install {name}`."
            + " Offline, with a downloaded file: `python -c \"import argostranslate.package;"
            + f" argostranslate.package.install_from_path('{name}.argosmodel')\"`."
        )
        self.from_code = from_code
        self.to_code = to_code


_SENTENCE_END = re.compile(r"(?<=[.!?।॥])\s+")
_EDGE_SPACE = re.compile(r"(\s*)(.*?)(\s*)", re.DOTALL)


@dataclass(frozen=True)
class _Line:
    """One line of a unit: the sentences the model sees, and the spaces around them it must not."""

    lead: str
    sentences: tuple[str, ...]
    trail: str

    @classmethod
    def split(cls, line: str) -> _Line:
        lead, core, trail = _EDGE_SPACE.fullmatch(line).groups()  # type: ignore[union-attr]
        return cls(lead, tuple(_SENTENCE_END.split(core)) if core else (), trail)

    def join(self, translation: str) -> str:
        return self.lead + translation + self.trail


@dataclass
class ArgosEngine:
    """An installed Argos package driven directly: one CTranslate2 call for a whole batch of units.

    argostranslate's own `translate()` handles one string at a time and splits sentences with
    MiniSBD or Stanza, which download models on first use; here sentences are split by a regex.
    """

    package: Package
    translator: ctranslate2.Translator
    beam_size: int
    model_id: str
    name: str = "argos"

    def translate_batch(self, texts: list[str]) -> list[str]:
        """Translate line by line, sentence by sentence, keeping blank lines and edge spaces."""
        layouts = [[_Line.split(line) for line in text.split("\n")] for text in texts]
        sentences = [sentence for layout in layouts for line in layout for sentence in line.sentences]
        translated = iter(self._translate_sentences(sentences))
        decode = self.package.tokenizer.decode
        return [
            "\n".join(
                line.join(decode([token for _ in line.sentences for token in next(translated)]).strip())
                for line in layout
            )
            for layout in layouts
        ]

    def _translate_sentences(self, sentences: list[str]) -> list[list[str]]:
        """Target tokens per sentence, with the package's target prefix (if any) removed."""
        if not sentences:
            return []
        tokenized = [self.package.tokenizer.encode(sentence) for sentence in sentences]
        prefix = self.package.target_prefix
        results = self.translator.translate_batch(
            tokenized,
            target_prefix=[[prefix]] * len(tokenized) if prefix else None,
            beam_size=self.beam_size,
            length_penalty=0.2,  # argostranslate's setting
            replace_unknowns=True,
            # A model stuck repeating itself stops at 3× the longest sentence, not 256 tokens each.
            max_decoding_length=3 * max(len(tokens) for tokens in tokenized) + 16,
        )
        hypotheses = [result.hypotheses[0] for result in results]
        return [tokens[1:] if prefix and tokens[:1] == [prefix] else tokens for tokens in hypotheses]


def _import_argos() -> tuple[Any, Any, Any]:
    """The optional extra, imported on demand; missing, it is a setup problem with a fix."""
    try:
        import argostranslate.package
        import argostranslate.settings
        import ctranslate2
    except ImportError as error:
        raise SetupError(
            f"machine translation needs the optional `mt` extra ({error.name} is missing): "
            "`pip install torch==2.13.0` (CPU build, first) then `pip install .[mt]`"
        ) from error
    return argostranslate.package, argostranslate.settings, ctranslate2


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(number) for number in re.findall(r"\d+", version))


def load_argos_engine(from_code: str, to_code: str) -> ArgosEngine:
    """Load the newest installed Argos package for the pair, through argostranslate's own loader."""
    package, settings, ctranslate2 = _import_argos()
    try:
        installed = package.get_installed_packages()
    except (OSError, ValueError) as error:  # a folder without metadata.json, or broken JSON
        raise SetupError(f"cannot read installed Argos packages: {error}") from error
    candidates = [
        pkg
        for pkg in installed
        if pkg.type == "translate" and pkg.from_code == from_code and pkg.to_code == to_code
    ]
    if not candidates:
        raise MissingLanguagePair(from_code, to_code, settings.package_dirs)
    pkg = max(candidates, key=lambda candidate: _version_key(candidate.package_version))
    if getattr(pkg, "tokenizer", None) is None:
        raise SetupError("Argos package has neither sentencepiece.model nor bpe.model", pkg.package_path)
    try:
        translator = ctranslate2.Translator(
            str(pkg.package_path / "model"),
            device=settings.device,
            inter_threads=settings.inter_threads,
            intra_threads=settings.intra_threads,
            compute_type=settings.compute_type,
        )
    except (RuntimeError, ValueError) as error:
        raise SetupError(f"cannot load the CTranslate2 model: {error}", pkg.package_path) from error
    version = f"-{pkg.package_version}" if pkg.package_version else ""
    return ArgosEngine(
        package=pkg,
        translator=translator,
        beam_size=settings.beam_size,
        model_id=f"argos:{package.argospm_package_name(pkg)}{version}",
    )


# --- Cache and orchestration -------------------------------------------------------------------


class TranslationCache:
    """Raw model outputs keyed by (model id, text sent to the model), in one JSON file.

    The key is the protected text, so changing the glossary or the protection rules re-translates
    only the units whose protected form changed. Written atomically: an interrupted run keeps
    every batch finished before it.
    """

    FORMAT = 1

    def __init__(self, path: Path):
        self.path = path
        self.hits = 0
        self.misses = 0
        self._entries: dict[str, dict[str, str]] = {}
        self._dirty = False
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if data.get("format") != self.FORMAT:
                    raise ValueError(f"unknown format {data.get('format')!r}")
                self._entries = data["translations"]
            except (ValueError, KeyError, AttributeError) as error:
                raise BuildError(f"unreadable MT cache ({error}); delete it to start over", path) from error

    @classmethod
    def for_model(cls, directory: Path, model_id: str) -> TranslationCache:
        """One file per model, e.g. `build/mt-cache/argos-translate-en_bn-1.9.json`."""
        return cls(directory / (re.sub(r"[^\w.-]+", "-", model_id) + ".json"))

    def get(self, model_id: str, source: str) -> str | None:
        translation = self._entries.get(model_id, {}).get(source)
        if translation is None:
            self.misses += 1
        else:
            self.hits += 1
        return translation

    def put(self, model_id: str, source: str, translation: str) -> None:
        self._entries.setdefault(model_id, {})[source] = translation
        self._dirty = True

    def save(self) -> None:
        """Write only when something changed; sorted keys keep the file diff-friendly."""
        if not self._dirty:
            return
        data = {"format": self.FORMAT, "translations": self._entries}
        write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        self._dirty = False

    def __len__(self) -> int:
        return sum(len(entries) for entries in self._entries.values())


def translate_units(
    engine: Engine,
    texts: list[str],
    cache: TranslationCache,
    keep_terms: Iterable[str] = (),
    batch_size: int = 32,
    progress: Callable[[int, int], None] | None = None,
) -> list[str | None]:
    """Translate whole units, sending only cache misses to the engine, `batch_size` per call.

    Returns one result per text: the translation, or None when the model lost, duplicated or
    mangled a placeholder (the caller flags that entry for a human). Units with no letters once
    protected are returned as they are; identical units are translated once. After each engine
    call, `progress(done, len(texts))` counts the units whose result is known.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    terms = tuple(keep_terms)
    masked = [protect(text, terms) for text in texts]
    units_per_source = Counter(source for source, _ in masked if has_words(source))
    raw: dict[str, str] = {}
    misses: list[str] = []
    for source in units_per_source:
        cached = cache.get(engine.model_id, source)
        if cached is None:
            misses.append(source)
        else:
            raw[source] = cached
    done = len(texts) - sum(units_per_source[source] for source in misses)
    for start in range(0, len(misses), batch_size):
        batch = misses[start : start + batch_size]
        outputs = engine.translate_batch(batch)
        if len(outputs) != len(batch):
            raise BuildError(f"{engine.name} returned {len(outputs)} translations for {len(batch)} texts")
        for source, output in zip(batch, outputs):
            raw[source] = output
            cache.put(engine.model_id, source, output)
        cache.save()
        done += sum(units_per_source[source] for source in batch)
        if progress is not None:
            progress(done, len(texts))
    return [
        restore(raw[source], saved) if source in raw else text
        for text, (source, saved) in zip(texts, masked)
    ]
