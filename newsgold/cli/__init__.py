"""The ``newsgold`` command line.

Each concern registers its own sub-commands from its own module (listed in
``COMMAND_MODULES``); this module only owns the top-level parser and the
error policy: bad input is one line on stderr and a non-zero exit, never a
traceback (set NEWSGOLD_DEBUG=1 to see one).
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from ..io import InputError

# Exit codes: 0 ok, 1 invalid data or failed check, 2 usage error, 3 internal error.
EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 1, 2, 3

COMMAND_MODULES = (
    "newsgold.cli.data",      # validate, stats, compile, decompile, agreement
    "newsgold.cli.build",     # build (Hugging Face data files)
    "newsgold.cli.score",     # score
    "newsgold.cli.systems",   # systems, clean, extract, bench
    "newsgold.cli.ls",        # ls (Label Studio)
)


class UsageError(Exception):
    """A command was called wrongly; exit 2."""


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="newsgold",
        description="NewsGold: raw news pages with gold boilerplate, entity and claim-attribution "
                    "layers; validate the corpus, build its data files, run and score cleaners and extractors.",
        epilog="Run 'newsgold COMMAND --help' for a command's options. Exit codes: 0 ok, 1 invalid input "
               "or failed check, 2 usage error, 3 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"newsgold {__version__}")
    parser.add_argument("--corpus", metavar="DIR",
                        help="corpus folder (default: $NEWSGOLD_CORPUS or the checkout's corpus/)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name == name:
                continue  # that part of the tool is not installed in this build
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    previous_corpus = os.environ.get("NEWSGOLD_CORPUS")
    if args.corpus:
        os.environ["NEWSGOLD_CORPUS"] = args.corpus
    try:
        return _dispatch(args)
    finally:
        # main() is also called in-process (tests, notebooks): leave the environment as it was.
        if args.corpus:
            if previous_corpus is None:
                os.environ.pop("NEWSGOLD_CORPUS", None)
            else:
                os.environ["NEWSGOLD_CORPUS"] = previous_corpus


def _dispatch(args) -> int:
    try:
        return int(args.func(args) or 0)
    except UsageError as e:
        print(f"newsgold {args.command}: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except InputError as e:
        print(f"newsgold: error: {e}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("newsgold: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); silence the flush at exit too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as e:
        # A path the user gave that cannot be read or written (a folder, a missing parent, no permission):
        # the user's input, not our bug. Writers are atomic, so nothing half-written is left behind.
        # os.replace(tmp, target) names the target second: that is the path the user gave.
        where = e.filename2 or e.filename or "<path>"
        print(f"newsgold: error: {where}: cannot read or write ({e.strerror or e})", file=sys.stderr)
        return EXIT_INVALID
    except Exception as e:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get("NEWSGOLD_DEBUG"):
            raise
        print(f"newsgold: internal error: {type(e).__name__}: {e} (set NEWSGOLD_DEBUG=1 for a traceback)",
              file=sys.stderr)
        return EXIT_INTERNAL


def run() -> None:
    sys.exit(main())
