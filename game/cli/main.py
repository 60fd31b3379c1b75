"""The command line: ``red-schism`` and ``python -m game``.

Subcommands: play (the default), validate, lint, simulate, analyze, replay,
schema, scenarios, new. Each prints friendly messages and exits with a status code; no
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


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("red-schism")
    except Exception:  # running from a source tree that was never installed
        from game import __version__

        return __version__


EXIT_CODES = ("exit status: 0 success; 1 problems found (scenario errors, lint warnings, a "
              "replay that diverges); 2 bad usage (unknown option, scenario or side); "
              "3 an unexpected error (please report it)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="red-schism",
                     description="Red Schism: the Sino-Soviet split, 1953-1964. Without a "
                                 "command, opens the game at the title screen.",
                     epilog="A SCENARIO is a scenario id (see 'scenarios') or the path of its "
                            "folder or file; without one, the shipped campaign is used. "
                            + EXIT_CODES + ".")
    parser.add_argument("--version", action="version", version=f"red-schism {_version()}",
                        help="print the version and exit")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    play = sub.add_parser(
        "play", help="start or load a campaign in a window",
        description="Start or load a campaign in the game window.",
        epilog="Exits 2, before any window opens, when --scenario or --side names nothing "
               "that exists; a scenario that exists but fails to load is explained on the "
               "title screen (with --autoplay or --tour: exit 1).")
    play.add_argument("--scenario", metavar="ID|PATH",
                      help="scenario to play: an id or the path of a folder or file "
                           "(default: the shipped campaign)")
    play.add_argument("--side", metavar="SIDE",
                      help="the side you play, e.g. prc or ussr (default: the first side)")
    play.add_argument("--difficulty", choices=["easy", "normal", "hard"],
                      help="the computer's strength (default normal)")
    play.add_argument("--seed", type=_seed, metavar="N",
                      help="seed of the campaign's luck (default: a random one)")
    play.add_argument("--load", metavar="SAVE", help="load a saved game file")
    play.add_argument("--watch", action="store_true",
                      help="for authors: reload the scenario whenever one of its files "
                           "changes, replay your moves on it and show where the game now "
                           "differs (or what is wrong with the files)")
    play.add_argument("--autoplay", action="store_true",
                      help="the computer plays your side through the window (for tests)")
    play.add_argument("--tour", action="store_true",
                      help="visit every screen and state and screenshot each (with "
                           "--screenshot DIR)")
    play.add_argument("--size", type=_size, metavar="WxH",
                      help="window size, e.g. 1280x720 (default: from the settings)")
    play.add_argument("--screenshot", metavar="DIR", help="save a PNG of each new screen")
    play.add_argument("--exit-after-frames", type=_positive, metavar="N",
                      help="close the window after N frames and exit 0 (for tests and "
                           "benchmarks)")

    validate = sub.add_parser(
        "validate", help="check scenarios for errors",
        description="Check scenarios and print every problem as file:line:col: message.",
        epilog="A folder that holds several scenarios is checked as several. Exit 0 when "
               "clean, 1 when problems are found (with --strict: also lint warnings), 2 for "
               "bad usage.")
    validate.add_argument("paths", nargs="+", metavar="SCENARIO",
                          help="scenario id, or the path of a scenario folder or file, or "
                               "of a folder of scenarios")
    validate.add_argument("--strict", action="store_true",
                          help="also run lint and count its warnings as problems")

    lint = sub.add_parser(
        "lint", help="warnings beyond errors: unused flags, events that never fire, "
                     "unreachable endings, dominated choices, anachronisms...",
        description="Warnings about scenarios that load but have flaws: flags never set or "
                    "read, events and follow-ups that can never fire, actions never "
                    "affordable, endings unreachable or never reached in a quick simulation, "
                    "epilogues or scores missing a side, dominated choices, meters read by "
                    "nothing, missing history notes, text too long for the card, "
                    "anachronisms. Silence one on purpose in the scenario with "
                    "'silence: {check: reason}'.",
        epilog="Exit 0 when there is no warning left unsilenced, 1 when there are warnings "
               "(or errors), 2 for bad usage.")
    lint.add_argument("scenarios", nargs="*", metavar="SCENARIO",
                      help="scenario ids or paths (default: the shipped campaign)")
    lint.add_argument("--games", type=_count, default=200, metavar="N",
                      help="games of the quick simulation that looks for endings never "
                           "reached (default 200; 0 skips it)")
    lint.add_argument("--seed", type=_seed, default=1, metavar="S",
                      help="seed of the quick simulation (default 1)")
    lint.add_argument("--all", action="store_true",
                      help="also show the warnings the scenario silences, with their reasons")
    lint.add_argument("--json", action="store_true", help="one JSON object on stdout")

    simulate = sub.add_parser(
        "simulate", help="play AI-vs-AI campaigns headless: a balance report",
        description="Play campaigns with the computer on every side and report endings (with "
                    "95%% confidence intervals), endings never reached, choices picked, "
                    "actions taken, events that never fired and meters over time.",
        epilog="Exit 0 on success, 1 when the scenario has problems, 2 for bad usage.")
    simulate.add_argument("scenario", nargs="?", metavar="SCENARIO",
                          help="scenario id or path (default: the shipped campaign)")
    simulate.add_argument("--games", type=_positive, required=True, metavar="N",
                          help="number of campaigns to play")
    simulate.add_argument("--seed", type=_seed, default=1, metavar="S",
                          help="seed of the first game; the same seed gives the same report "
                               "(default 1)")
    simulate.add_argument("--side", default="both", metavar="SIDE",
                          help="the seat each game is played from: a side id, or both "
                               "(alternating; default)")
    simulate.add_argument("--difficulty", choices=["easy", "normal", "hard"], default="normal",
                          help="the computer's strength (default normal)")
    simulate.add_argument("--jobs", type=_positive, default=1, metavar="J",
                          help="processes to use (default 1)")
    simulate.add_argument("--json", action="store_true", help="one JSON object on stdout")
    simulate.add_argument("--report", metavar="DIR",
                          help="also write a page for authors (index.html with charts) into "
                               "DIR")

    analyze = sub.add_parser(
        "analyze", help="the balance lab: scripted players against the computer",
        description="Plays named policies against the computer from each seat and reports "
                    "mean scores, endings, the play-depth bars, dominated choices, meters read "
                    "by nothing and actions never worth taking.",
        epilog="Exit 0 on success, 1 when the scenario has problems, 2 for bad usage.")
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
    analyze.add_argument("--seed", type=_seed, default=1, help="seed of the games (default 1)")
    analyze.add_argument("--jobs", type=_positive, default=1, help="processes to use")
    analyze.add_argument("--json", action="store_true", help="one JSON object on stdout")

    replay = sub.add_parser(
        "replay", help="re-run a save's commands",
        description="Re-run a save's commands and print its turns.",
        epilog="Exit 0 when the save replays (with --verify: every turn's hash matches and "
               "the computer's moves are the computer's), 1 when it diverges or cannot be "
               "read.")
    replay.add_argument("save", metavar="SAVE", help="a saved game file")
    replay.add_argument("--verify", action="store_true",
                        help="check every turn's hash and that the computer's moves are the "
                             "ones the computer plays; name the first turn or move that "
                             "differs")
    replay.add_argument("--hashes-only", action="store_true",
                        help="with --verify, check the hashes but not the computer's moves "
                             "(which costs what the computer's thinking cost)")
    replay.add_argument("--scenario", metavar="ID|PATH",
                        help="the scenario to replay on (a save never makes the game read "
                             "files outside the scenario folders by itself)")
    replay.add_argument("--json", action="store_true", help="one JSON object on stdout")

    schema = sub.add_parser(
        "schema", help="print the scenario JSON Schema",
        description="Print the JSON Schema of scenario files, for editors (see README.md: "
                    "'Writing scenarios').")
    schema.add_argument("--out", metavar="FILE",
                        help="write it to FILE instead (with --reference: replace the tables "
                             "between the markers of FILE, e.g. scenarios/FORMAT.md)")
    schema.add_argument("--reference", action="store_true",
                        help="print the reference tables of every section (Markdown, as in "
                             "scenarios/FORMAT.md) instead")

    sub.add_parser("scenarios", help="list built-in and user scenarios",
                   description="List the built-in and user scenarios, which user copy "
                               "replaces a built-in one, and any that fail to load and why.")

    new = sub.add_parser(
        "new", help="write a small playable scenario skeleton to start from",
        description="Write a small, valid, playable scenario with comments: a calendar, two "
                    "sides, meters, a scoring section, a few events and actions and endings.",
        epilog="Exit 0 when written, 1 when the folder exists and is not empty, 2 for bad "
               "usage.")
    new.add_argument("id", metavar="ID", help="the new scenario's id (lower case letters, "
                                              "digits and '_'), also its folder's name")
    new.add_argument("--sides", default="east,west", metavar="A,B",
                     help="ids of the two sides (default east,west)")
    new.add_argument("--period", choices=["quarter", "month"], default="quarter",
                     help="length of a turn (default quarter)")
    new.add_argument("--dir", metavar="FOLDER",
                     help="where to write the scenario's folder (default: your user "
                          "scenarios folder, shown by 'scenarios')")
    return parser


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


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
        "lint": commands.lint,
        "new": commands.new,
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
