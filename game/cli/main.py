"""The command line: ``red-schism`` and ``python -m game``.

Subcommands: play (the default), validate, simulate, replay, schema,
scenarios. Each prints friendly messages and exits with a status code; no
traceback ever reaches the user.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from game.cli import commands

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{_short(text)}' is not a size like 1280x800") from None
    # A size below the window's minimum is raised to it (with a message) by the game.
    if not (1 <= width <= 10000 and 1 <= height <= 10000):
        raise argparse.ArgumentTypeError(f"size {_short(text)} is out of range (1 to 10000 each "
                                         "way)")
    return width, height


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{_short(text)}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{_short(text)}' is not a whole number") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="red-schism",
                     description="Red Schism: the Sino-Soviet split, 1953-1964.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    play = sub.add_parser("play", help="start or load a campaign in a window")
    play.add_argument("--scenario", metavar="ID|PATH")
    play.add_argument("--side")
    play.add_argument("--difficulty", choices=["easy", "normal", "hard"])
    play.add_argument("--seed", type=_seed)
    play.add_argument("--load", metavar="SAVE")
    play.add_argument("--autoplay", action="store_true",
                      help="the AI plays the human side through the UI")
    play.add_argument("--tour", action="store_true",
                      help="visit every screen and state and screenshot each (with "
                           "--screenshot DIR)")
    play.add_argument("--size", type=_size, metavar="WxH")
    play.add_argument("--screenshot", metavar="DIR", help="save a PNG of each new screen")
    play.add_argument("--exit-after-frames", type=_positive, metavar="N")

    validate = sub.add_parser("validate", help="check scenario folders or files")
    validate.add_argument("paths", nargs="+", metavar="PATH")

    simulate = sub.add_parser("simulate", help="play AI-vs-AI campaigns headless")
    simulate.add_argument("scenario", nargs="?", metavar="SCENARIO")
    simulate.add_argument("--games", type=_positive, required=True)
    simulate.add_argument("--seed", type=_seed, default=1)
    simulate.add_argument("--side", default="both")
    simulate.add_argument("--difficulty", choices=["easy", "normal", "hard"], default="normal")
    simulate.add_argument("--jobs", type=_positive, default=1)
    simulate.add_argument("--json", action="store_true")

    analyze = sub.add_parser(
        "analyze", help="the balance lab: scripted players against the computer",
        description="Plays named policies against the computer from each seat and reports "
                    "mean scores, endings, the play-depth bars, dominated choices, meters read "
                    "by nothing and actions never worth taking.")
    analyze.add_argument("scenario", nargs="?", metavar="SCENARIO",
                         help="scenario id or path (default: the shipped campaign)")
    analyze.add_argument("--games", type=_positive, default=400,
                         help="games per policy, seat and difficulty (default 400)")
    analyze.add_argument("--lookahead-games", type=_positive, metavar="N",
                         help="games for the (slow) lookahead policy (default games/8)")
    analyze.add_argument("--hard-games", type=_positive, metavar="N",
                         help="games for greedy against the hard computer (default: --games)")
    analyze.add_argument("--policies", metavar="A,B,...",
                         help="policies to run (default: random, historical, greedy, "
                              "lookahead, max_own, dove, min:/max: of each shared meter)")
    analyze.add_argument("--seats", metavar="SIDE,...", help="seats to play (default: all)")
    analyze.add_argument("--difficulty", choices=["easy", "normal", "hard"], default="normal",
                         help="the computer's difficulty for the tables (default normal)")
    analyze.add_argument("--no-ladder", dest="ladder", action="store_false",
                         help="skip greedy against easy and hard")
    analyze.add_argument("--spam", action="store_true",
                         help="also play spam:<action> for every action of each seat")
    analyze.add_argument("--spam-games", type=_positive, default=100, metavar="N",
                         help="games per spam policy (default 100)")
    analyze.add_argument("--checks-only", action="store_true",
                         help="only the static checks (dominated choices, unread meters)")
    analyze.add_argument("--seed", type=_seed, default=1)
    analyze.add_argument("--jobs", type=_positive, default=1, help="processes to use")
    analyze.add_argument("--json", action="store_true", help="one JSON object on stdout")

    replay = sub.add_parser("replay", help="re-run a save's commands")
    replay.add_argument("save", metavar="SAVE")
    replay.add_argument("--verify", action="store_true",
                        help="check every turn's hash, and that the computer's moves are "
                             "the ones the computer plays")
    replay.add_argument("--hashes-only", action="store_true",
                        help="with --verify, check the hashes but not the computer's moves "
                             "(which costs what the computer's thinking cost)")
    replay.add_argument("--scenario", metavar="ID|PATH",
                        help="the scenario to replay on (a save never makes the game read "
                             "files outside the scenario folders by itself)")
    replay.add_argument("--json", action="store_true")

    schema = sub.add_parser("schema", help="print the scenario JSON Schema")
    schema.add_argument("--out", metavar="FILE")

    sub.add_parser("scenarios", help="list built-in and user scenarios")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = {
        None: commands.play,
        "play": commands.play,
        "validate": commands.validate,
        "simulate": commands.simulate,
        "analyze": commands.analyze,
        "replay": commands.replay,
        "schema": commands.schema,
        "scenarios": commands.scenarios,
    }[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        print(f"red-schism: unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("Please report this, with the command you ran.", file=sys.stderr)
        return 3
