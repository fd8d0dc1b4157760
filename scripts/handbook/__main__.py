"""The `handbook` command: one verb per pipeline stage, each loading `mkdocs.yml` once."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from .config import load_config
from .errors import HandbookError


def _build(args: argparse.Namespace) -> int:
    from .build import build

    build(load_config(args.config))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve

    serve(load_config(args.config), args.dev_addr)
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="handbook", description=__doc__)
    parser.add_argument("-f", "--config", default="mkdocs.yml", help="the configuration file (default: mkdocs.yml)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    command = commands.add_parser("build", help="stage every language and build site/")
    command.set_defaults(run=_build)

    command = commands.add_parser("serve", help="live preview on a local port")
    command.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    command.set_defaults(run=_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s")
    try:
        return args.run(args)
    except HandbookError as error:
        print(f"handbook: error: {error}" if "\n" not in str(error) else f"handbook: errors:\n{error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("handbook: interrupted; nothing was half-written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
