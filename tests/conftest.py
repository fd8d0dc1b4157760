"""Shared fixtures. The MT ones build a tiny real `.argosmodel` and install it with argostranslate.

The model has random weights (it translates into gibberish in the target vocabulary) but it is a
genuine package: a SentencePiece model, a CTranslate2 Transformer saved by CTranslate2's own
converter machinery, `metadata.json`, zipped and installed by `argostranslate.package`. Nothing
is downloaded: argostranslate is pointed at temporary folders, and the network is refused.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import io
import json
import os
import functools
import random
import shlex
import socket
import sys
import zipfile
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import pytest

# Test modules `import helpers`; --import-mode=importlib does not put tests/ on sys.path for them.
# scripts/ too, for `devtools`, the bench's and the tests' code that is not part of the package.
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from helpers import CORPUS, CORPUS_MISSING  # noqa: E402


def pytest_sessionstart(session: pytest.Session) -> None:
    """CI must run the corpus tests: stop at once when it asks for the corpus and it is not there."""
    if os.environ.get("HANDBOOK_REQUIRE_CORPUS") and not CORPUS.is_dir():
        raise pytest.UsageError(CORPUS_MISSING)

# --- Whole-site builds carry @pytest.mark.slow -----------------------------------------------------
# So that `pytest -m "not slow"` never builds the site: a test fails when it builds the whole site
# (handbook.build.build, or `handbook build` / `make build` in a process of its own) without the
# marker, and so does a test using a fixture that built it (the session's `built_site` is built
# once, by whichever test asks first; every later one must be marked too).

_TESTS_RUNNING: list[pytest.Item] = []
_FIXTURES_SETTING_UP: list[pytest.FixtureDef] = []
_FIXTURES_THAT_BUILT: set[tuple[str, str]] = set()  # (baseid, name) of each fixture that built the site


def _refuse_unless_slow(how: str) -> None:
    _FIXTURES_THAT_BUILT.update((fixture.baseid, fixture.argname) for fixture in _FIXTURES_SETTING_UP)
    item = _TESTS_RUNNING[-1] if _TESTS_RUNNING else None
    if item is not None and item.get_closest_marker("slow") is None:
        pytest.fail(f"{item.nodeid} builds the whole site ({how}) but is not marked @pytest.mark.slow", pytrace=False)


def _is_site_build(command: object) -> bool:
    """`handbook ... build` or `make build` (not `--help`, not `make -n`), as a subprocess runs it."""
    words = shlex.split(command) if isinstance(command, str) else [os.fsdecode(word) for word in command or ()]
    runs = {Path(word).name for word in words[:3]}
    return "build" in words and "--help" not in words and ("handbook" in runs or ("make" in runs and "-n" not in words))


def _audit_subprocesses(event: str, args: tuple) -> None:
    if event == "subprocess.Popen" and _TESTS_RUNNING and _is_site_build(args[1]):
        _refuse_unless_slow("a `handbook build` process")


def pytest_configure(config: pytest.Config) -> None:
    import handbook.build

    build = handbook.build.build

    @functools.wraps(build)
    def build_if_marked_slow(*args: object, **kwargs: object) -> None:
        _refuse_unless_slow("handbook.build.build")
        return build(*args, **kwargs)

    handbook.build.build = build_if_marked_slow
    sys.addaudithook(_audit_subprocesses)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, object, object]:
    _TESTS_RUNNING.append(item)
    try:
        return (yield)
    finally:
        _TESTS_RUNNING.pop()


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: pytest.FixtureDef, request: pytest.FixtureRequest) -> Generator[None, object, object]:
    _FIXTURES_SETTING_UP.append(fixturedef)
    try:
        return (yield)
    finally:
        _FIXTURES_SETTING_UP.pop()


def pytest_runtest_setup(item: pytest.Item) -> None:
    built = sorted(name for baseid, name in _FIXTURES_THAT_BUILT
                   if name in item.fixturenames and item.nodeid.startswith(baseid))
    if built and item.get_closest_marker("slow") is None:
        pytest.fail(f"{item.nodeid} uses {', '.join(built)}, which built the whole site, "
                    "but is not marked @pytest.mark.slow", pytrace=False)


# Words the tokenizer learns from: enough of each script that any handbook text encodes without
# <unk>, including the ASCII a placeholder such as `{12}` is made of.
SAMPLE_WORDS = {
    "en": "wash your hands with soap and water for twenty seconds wear a mask when you are ill "
    "keep one metre away from others call a health worker if breathing is difficult drink clean "
    "water rest at home cover coughs and sneezes open windows fever oxygen vaccine",
    "bn": "সাবান ও পানি দিয়ে হাত ধুয়ে নিন অসুস্থ হলে মাস্ক পরুন অন্যদের থেকে এক মিটার দূরে থাকুন "
    "শ্বাসকষ্ট হলে স্বাস্থ্যকর্মীকে ডাকুন পরিষ্কার পানি পান করুন বাড়িতে বিশ্রাম নিন জ্বর টিকা",
    "fr": "lavez vos mains avec du savon et de l'eau portez un masque si vous êtes malade "
    "restez à un mètre des autres appelez un soignant si la respiration est difficile fièvre",
}
ASCII_COVERAGE = "0123456789 {} [] () <> ` * _ % . , ; : ! ? / - + = # & @ ' \" ABCDEFGHIJKLMNOPQRSTUVWXYZ"

MODEL_WIDTH = 16  # tiny on purpose: the fixture must build in well under a second
FEED_FORWARD_WIDTH = 32


# --- Network guard ------------------------------------------------------------------------------


@contextlib.contextmanager
def network_refused() -> Iterator[None]:
    """Make any attempt to reach a host fail loudly (a model download would otherwise be silent)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "create_connection", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        yield


@pytest.fixture
def no_network() -> Iterator[None]:
    with network_refused():
        yield


# --- Building a tiny package ----------------------------------------------------------------------


def _training_sentences(from_code: str, to_code: str) -> list[str]:
    """Shuffled word sequences in both languages, seeded so every build is the same."""
    rng = random.Random(f"{from_code}-{to_code}")
    sentences = [ASCII_COVERAGE] * 4
    for code in (from_code, to_code):
        words = SAMPLE_WORDS.get(code, SAMPLE_WORDS["en"]).split()
        sentences += [" ".join(rng.sample(words, 8)) + rng.choice(".!?") for _ in range(60)]
    return sentences


def _train_sentencepiece(sentences: list[str]) -> bytes:
    import sentencepiece

    model = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences),
        model_writer=model,
        model_type="unigram",
        vocab_size=250,
        hard_vocab_limit=False,  # the small corpus may support fewer pieces; that is fine
        character_coverage=1.0,  # every character seen becomes a piece
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


def _random_transformer(vocabulary: list[str], seed: int = 0):  # -> ctranslate2.specs.TransformerSpec
    """A 1-layer Transformer with small random weights and a vocabulary shared by both sides."""
    import numpy as np
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    width, size = MODEL_WIDTH, len(vocabulary)

    def weights(*shape: int):
        return (rng.standard_normal(shape) * 0.2).astype(np.float32)

    def linear(spec, outputs: int, inputs: int) -> None:
        spec.weight = weights(outputs, inputs)
        spec.bias = np.zeros(outputs, np.float32)

    def norm(spec) -> None:
        spec.gamma = np.ones(width, np.float32)
        spec.beta = np.zeros(width, np.float32)

    spec = transformer_spec.TransformerSpec.from_config(num_layers=1, num_heads=2)
    spec.encoder.embeddings[0].weight = weights(size, width)
    spec.decoder.embeddings.weight = weights(size, width)
    linear(spec.decoder.projection, size, width)
    for stack in (spec.encoder, spec.decoder):
        norm(stack.layer_norm)
        for layer in stack.layer:
            norm(layer.self_attention.layer_norm)
            linear(layer.self_attention.linear[0], 3 * width, width)  # fused query, key, value
            linear(layer.self_attention.linear[1], width, width)
            if hasattr(layer, "attention"):  # decoder: attention over the encoder output
                norm(layer.attention.layer_norm)
                linear(layer.attention.linear[0], width, width)  # query
                linear(layer.attention.linear[1], 2 * width, width)  # fused key, value
                linear(layer.attention.linear[2], width, width)
            norm(layer.ffn.layer_norm)
            linear(layer.ffn.linear_0, FEED_FORWARD_WIDTH, width)
            linear(layer.ffn.linear_1, width, FEED_FORWARD_WIDTH)
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    return spec


def _save_ctranslate2_model(spec, output_dir: Path) -> None:
    """Through CTranslate2's converter base class: it validates, optimizes and saves like a real one."""
    from ctranslate2.converters import Converter

    class RandomWeights(Converter):
        def _load(self):
            return spec

    RandomWeights().convert(str(output_dir), force=True)


def build_argos_package(directory: Path, from_code: str = "en", to_code: str = "bn", version: str = "1.0") -> Path:
    """Build `translate-<from>_<to>.argosmodel` in `directory` and return its path."""
    import sentencepiece

    name = f"translate-{from_code}_{to_code}"
    root = directory / f"{name}-{version.replace('.', '_')}"  # the folder inside the zip
    (root / "model").mkdir(parents=True)
    tokenizer = _train_sentencepiece(_training_sentences(from_code, to_code))
    (root / "sentencepiece.model").write_bytes(tokenizer)
    processor = sentencepiece.SentencePieceProcessor(model_proto=tokenizer)
    vocabulary = [processor.id_to_piece(index) for index in range(processor.get_piece_size())]
    _save_ctranslate2_model(_random_transformer(vocabulary), root / "model")
    metadata = {
        "package_version": version,
        "argos_version": "1.11.0",
        "from_code": from_code,
        "from_name": from_code,
        "to_code": to_code,
        "to_name": to_code,
        "type": "translate",
        "links": [],
    }
    (root / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    (root / "README.md").write_text("Random weights, for tests only.\n", encoding="utf-8")
    # No stanza/ or minisbd/ folder: sentence splitting is the engine's regex, never a model.

    archive = directory / f"{name}.argosmodel"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(root.rglob("*")):
            zipped.write(path, path.relative_to(directory))
    return archive


# --- Installing it into an isolated argostranslate ------------------------------------------------


@pytest.fixture(scope="session")
def argos_packages_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Point argostranslate at temporary folders, for the whole session.

    argostranslate.settings reads its environment once, at import, and creates its data, config
    and cache folders then; so the variables are set before the first import, and kept for the
    session so that subprocesses (a CLI run) see the same isolated install. The package index URL
    points at a closed local port: anything that tries to fetch fails at once.
    """
    if importlib.util.find_spec("argostranslate") is None:
        pytest.skip("argostranslate is not installed (pip install .[mt])")
    root = tmp_path_factory.mktemp("argos")
    environment = {
        "XDG_DATA_HOME": root / "data",
        "XDG_CONFIG_HOME": root / "config",
        "XDG_CACHE_HOME": root / "cache",
        "ARGOS_PACKAGES_DIR": root / "packages",
        "ARGOS_DEVICE_TYPE": "cpu",
        "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/",
        "ARGOS_DEBUG": "0",
    }
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, str(value))
        settings = importlib.import_module("argostranslate.settings")
        if Path(settings.package_data_dir) != root / "packages":
            pytest.fail(
                "argostranslate was imported before the argos_packages_dir fixture; "
                f"it would use {settings.package_data_dir}"
            )
        yield root / "packages"


@pytest.fixture(scope="session")
def install_argos_package(
    argos_packages_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str, str], Path]:
    """Build and install a tiny package for any pair: `install_argos_package("en", "fr")`."""
    import argostranslate.package

    def install(from_code: str, to_code: str) -> Path:
        archive = build_argos_package(tmp_path_factory.mktemp(f"{from_code}_{to_code}"), from_code, to_code)
        with network_refused():
            argostranslate.package.install_from_path(archive)
        return archive

    return install


@pytest.fixture(scope="session")
def tiny_argos_package(install_argos_package: Callable[[str, str], Path]) -> Path:
    """The en→bn package, installed once per session; returns the `.argosmodel` file."""
    return install_argos_package("en", "bn")


# --- A built copy of the project ------------------------------------------------------------------


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project, copied and built once per test session; returns the copy's root."""
    from helpers import copy_project

    from handbook.__main__ import main

    root = tmp_path_factory.mktemp("project")
    config_file = copy_project(root)
    assert main(["-q", "-f", str(config_file), "build"]) == 0
    return root


@pytest.fixture(scope="session")
def built_site(built_project: Path) -> Path:
    return built_project / "site"
