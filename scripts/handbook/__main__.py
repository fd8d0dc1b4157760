"""The `handbook` command: one verb per pipeline stage, each loading `mkdocs.yml` once."""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Sequence

from handbook.config import load_config
from handbook.errors import HandbookError
from handbook.processes import JobsFailed


def _build(args: argparse.Namespace) -> int:
    from handbook.build import build

    build(load_config(args.config), force=args.force)
    return 0


def _extract(args: argparse.Namespace) -> int:
    from handbook.translation.extract import extract

    extract(load_config(args.config))
    return 0


def _add_language(args: argparse.Namespace) -> int:
    from handbook.addlang import add_language
    from handbook.fonts import font_family
    from handbook.translation.catalogs import Catalogs
    from handbook.translation.ui import needs_material_strings

    config = add_language(args.config, args.code, args.name)
    language = config.language(args.code)
    catalogs = Catalogs(config)
    folder = catalogs.language_dir(language.code).relative_to(config.root).as_posix()
    print(f"{language.code}: added to {config.config_file.name} as {language.name} ({language.direction}, "
          f"ISO 639-3 {language.iso639_3}, script {language.script}); catalogs in {folder}/")
    if font_family(language) is None:
        print(f"{language.code}: no installed font writes this language yet: `make build` will name the package")
    if needs_material_strings(config, language):
        site_catalog = catalogs.site(language.code).relative_to(config.root).as_posix()
        print(f"{language.code}: Material has no interface strings for it: translate the msgctxt \"material:...\" "
              f"entries of {site_catalog} (English until then)")
    return 0


def _pretranslate(args: argparse.Namespace) -> int:
    from handbook.translation.pretranslate import pretranslate

    counts = pretranslate(load_config(args.config), args.lang)
    print(f"{args.lang}: {counts['from_memory']} drafts from translation memory (reviewed units with the same "
          f"English), {counts['translated']} from the engine ({counts['cache_hits']} of them from its cache), "
          f"{counts['flagged']} left for a human (protected text damaged)")
    return 0


def _check(args: argparse.Namespace) -> int:
    from handbook.translation.checks.po_file import check_all
    from handbook.translation.checks.registry import markdown_table

    if args.list:
        print(markdown_table(), end="")
        return 0
    config = load_config(args.config)
    problems = check_all(config, args.lang or None)
    for problem in problems:
        print(problem)
    errors = sum(problem.severity == "error" for problem in problems)
    warnings = len(problems) - errors
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0


def _status(args: argparse.Namespace) -> int:
    from handbook.translation.status import as_json, as_text, collect

    rows = collect(load_config(args.config), args.lang or None)
    print(as_json(rows) if args.json else as_text(rows))
    return 0


def _review_changes(args: argparse.Namespace) -> int:
    from handbook.translation.review_changes import as_json, as_markdown, changes

    found = changes(load_config(args.config), args.base, args.lang or None)
    print(as_json(found) if args.json else as_markdown(found).rstrip("\n"))
    return 0


def _review_queue(args: argparse.Namespace) -> int:
    from handbook.translation.review_queue import as_json, as_text, collect

    items = collect(load_config(args.config), args.lang)
    print(as_json(args.lang, items, args.limit) if args.json else as_text(args.lang, items, args.limit))
    return 0


def _wrap(args: argparse.Namespace) -> int:
    from handbook.translation.wrap import FIX_COMMAND, wrap

    config = load_config(args.config)
    paths = wrap(config, args.lang or None, check=args.check)
    for path in paths:
        shown = path.relative_to(config.root) if path.is_relative_to(config.root) else path
        if args.check:
            print(f"{shown}: not in the project's line wrapping (an editor re-wrapped it); "
                  f"run `{FIX_COMMAND}` (or `.venv/bin/handbook wrap`) and commit the result")
        else:
            print(f"{shown}: re-wrapped")
    if args.check and paths:
        print(f"{len(paths)} catalog(s) to re-wrap: run `{FIX_COMMAND}`", file=sys.stderr)
        return 1
    return 0


def _serve(args: argparse.Namespace) -> int:
    from handbook.site.serve import serve

    serve(load_config(args.config), args.dev_addr)
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="handbook", description=__doc__)
    parser.add_argument("-f", "--config", default="mkdocs.yml", help="the configuration file (default: mkdocs.yml)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    parser.add_argument("--show-traceback", action="store_true",
                        help="on an error, also print where it happened: the traceback, a worker process's included")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    command = commands.add_parser("build", help="stage every language and build site/")
    command.add_argument("--force", action="store_true", help="build even when no input changed since the last build")
    command.set_defaults(run=_build)

    command = commands.add_parser("extract", help="update templates and every language's catalogs from docs/")
    command.set_defaults(run=_extract)

    command = commands.add_parser("add-language", help="add a language to mkdocs.yml and start its catalogs")
    command.add_argument("code", help="ISO 639 code, e.g. am, ur, km")
    command.add_argument("--name", help="name in the language switcher (default: its own name, from CLDR)")
    command.set_defaults(run=_add_language)

    command = commands.add_parser("pretranslate", help="fill empty entries with offline machine drafts (fuzzy)")
    command.add_argument("--lang", required=True, help="language code, e.g. bn")
    command.set_defaults(run=_pretranslate)

    command = commands.add_parser("check", help="check catalogs; exits 1 when any error is found")
    command.add_argument("--lang", action="append", help="only this language (repeatable)")
    command.add_argument("--list", action="store_true", help="print the table of checks (Markdown) and exit")
    command.set_defaults(run=_check)

    command = commands.add_parser("status", help="units in each review state, and critical units, per language and page")
    command.add_argument("--lang", action="append", help="only this language (repeatable)")
    command.add_argument("--json", action="store_true", help="machine-readable output")
    command.set_defaults(run=_status)

    command = commands.add_parser("review-queue", help="units to review next in one language, riskiest first")
    command.add_argument("--lang", required=True, help="language code, e.g. fr")
    command.add_argument("--json", action="store_true", help="machine-readable output")
    command.add_argument("--limit", type=int, default=0, help="only the first N units (default: all)")
    command.set_defaults(run=_review_queue)

    command = commands.add_parser("review-changes", help="units whose review state changed since a commit, and who signed")
    command.add_argument("--base", required=True, help="the commit to compare with (a pull request's base)")
    command.add_argument("--lang", action="append", help="only this language (repeatable)")
    command.add_argument("--json", action="store_true", help="machine-readable output")
    command.set_defaults(run=_review_changes)

    command = commands.add_parser("wrap", help="write every catalog in the project's one line wrapping (polib, 79 columns)")
    command.add_argument("--check", action="store_true", help="change nothing; exit 1 naming each catalog to re-wrap")
    command.add_argument("--lang", action="append", help="only this language (repeatable)")
    command.set_defaults(run=_wrap)

    command = commands.add_parser("serve", help="live preview on a local port")
    command.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    command.set_defaults(run=_serve)
    return parser


def error_report(error: HandbookError, show_traceback: bool = False) -> str:
    """What the user reads: the error's own lines; with `show_traceback`, where it happened first.

    A job that failed in a worker process is shown with the worker's traceback, not with the
    parent's, which only says that the job failed.
    """
    report = f"handbook: error: {error}" if "\n" not in str(error) else f"handbook: errors:\n{error}"
    if not show_traceback:
        return report
    if isinstance(error, JobsFailed):
        shown = [f"{label}, in its worker process:\n{text.rstrip()}" for label, text in error.tracebacks]
    else:
        shown = ["".join(traceback.format_exception(error)).rstrip()]
    return "\n\n".join([*shown, report])  # the report last, where a terminal leaves the eye


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s")
    # mkdocs-static-i18n logs every per-language override (our whole interface dictionary) at INFO.
    logging.getLogger("mkdocs.plugins.mkdocs_static_i18n").setLevel(logging.WARNING)
    try:
        return args.run(args)
    except HandbookError as error:
        print(error_report(error, args.show_traceback), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("handbook: interrupted; nothing was half-written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
