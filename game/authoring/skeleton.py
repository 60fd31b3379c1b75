"""``python -m game new ID``: a small, valid, playable scenario to start writing from.

The skeleton is one commented ``scenario.yaml`` (a calendar, two sides, meters,
a third party, a scoring section, four events — one a crisis ladder, one a
follow-up, one triggered by chance — six actions and four endings) and the
JSON Schema beside it, named in the file's first line so that editors
complete and check it as it is typed. It validates, lints clean and plays to
an end; tests keep it so.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from game.content.schema import ID_PATTERN, json_schema

SCHEMA_FILE = "scenario.schema.json"
_DATES = {
    "quarter": {"start": "1950-Q1", "end": "1952-Q4", "open_to": "1950-Q2",
                "crisis_from": "1950-Q3", "crisis_to": "1951-Q4", "turn": "quarter",
                "turns": "12 quarters"},
    "month": {"start": "1950-01", "end": "1950-12", "open_to": "1950-02",
              "crisis_from": "1950-03", "crisis_to": "1950-08", "turn": "month",
              "turns": "12 months"},
}


class SkeletonError(Exception):
    def __init__(self, message: str, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


def write_skeleton(parent: Path, ident: str, sides: list[str], period: str) -> Path:
    """Write the skeleton into ``parent/ident/``; returns that folder."""
    if not re.match(ID_PATTERN, ident) or len(ident) > 60:
        raise SkeletonError(f"'{ident}' is not a valid id: use lower case letters, digits and "
                            "'_', starting with a letter", usage=True)
    if len(sides) != 2 or sides[0] == sides[1]:
        raise SkeletonError("--sides takes two different side ids, e.g. --sides east,west",
                            usage=True)
    for side in sides:
        if not re.match(ID_PATTERN, side) or len(side) > 20 or side in ("both",):
            raise SkeletonError(f"'{side}' is not a valid side id: use lower case letters, "
                                "digits and '_', starting with a letter", usage=True)
    if period not in _DATES:
        raise SkeletonError(f"--period is quarter or month, not '{period}'", usage=True)
    folder = parent / ident
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise SkeletonError(f"{folder} already exists and is not empty; choose another id or "
                            "--dir")
    text = skeleton_text(ident, sides, period)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / SCHEMA_FILE).write_text(json.dumps(json_schema(), indent=2) + "\n",
                                          encoding="utf-8")
        (folder / "scenario.yaml").write_text(text, encoding="utf-8")
    except OSError as exc:
        raise SkeletonError(f"cannot write {folder}: {exc.strerror or exc}") from None
    return folder


def _name(ident: str) -> str:
    if len(ident) <= 4:
        return ident.upper()   # usa -> USA, prc -> PRC
    return " ".join(word.capitalize() for word in ident.split("_"))


def skeleton_text(ident: str, sides: list[str], period: str) -> str:
    a, b = sides
    dates = _DATES[period]
    return _TEMPLATE.format(id=ident, title=_name(ident), a=a, b=b, A=_name(a), B=_name(b),
                            schema=SCHEMA_FILE, period=period, **dates)


_TEMPLATE = """\
# yaml-language-server: $schema={schema}
# A scenario skeleton written by 'python -m game new'. Everything here is an
# example to replace: rename, rewrite, add. After each change run
#   python -m game validate <this folder>   errors, as file:line:col
#   python -m game lint <this folder>       warnings (unused flags, dead events...)
#   python -m game simulate <this folder> --games 500 --report report/
# and read scenarios/FORMAT.md (every key) and scenarios/README.md (the guide).

scenario:
  id: {id}                       # the folder's name; saves record it
  title: {title}
  version: "1"                   # text: quote it
  description: Two powers compete for standing and for a borderland, one crisis at a time.
  calendar: {{start: {start}, end: {end}, period: {period}}}   # {turns}

sides:
  - id: {a}
    name: {A}
    short: {A}
    capital_meter: {a}_capital    # political capital, spent on actions
    income: "1 + {a}_standing // 30"   # an amount: a number or an expression
    objectives:
      - Lead the standing table without letting the crisis end in war.
      - Win the borderland over.
  - id: {b}
    name: {B}
    short: {B}
    capital_meter: {b}_capital
    income: "1 + {b}_standing // 30"
    objectives:
      - Lead the standing table without letting the crisis end in war.
      - Win the borderland over.

meters:
  - id: tension
    name: Tension
    start: 30
    description: How close the two powers are to open conflict.
    display: {{group: rivalry, higher_is: bad}}
  - {{id: {a}_capital, name: {A} capital, owner: {a}, start: 3, max: 12,
     display: {{group: {a}}}}}
  - {{id: {b}_capital, name: {B} capital, owner: {b}, start: 3, max: 12,
     display: {{group: {b}}}}}
  - {{id: {a}_standing, name: {A} standing, owner: {a}, start: 50, display: {{group: {a}}}}}
  - {{id: {b}_standing, name: {B} standing, owner: {b}, start: 50, display: {{group: {b}}}}}
  # Victory points: the scoring section below pays them; the endings read them.
  - {{id: {a}_vp, name: {A} points, owner: {a}, start: 0, min: -100, max: 100,
     display: {{group: score}}}}
  - {{id: {b}_vp, name: {B} points, owner: {b}, start: 0, min: -100, max: 100,
     display: {{group: score}}}}

# A third party gets an influence meter per side (borderland_{a}, borderland_{b});
# a side controls it when its influence leads by 'independence'.
third_parties:
  - id: borderland
    name: The Borderland
    position: {{x: 0.5, y: 0.5}}
    independence: 15
    influence: {{{a}: 30, {b}: 30}}
    importance: 2

flags:
  - id: talks_open
    description: The two powers have opened talks.

modifiers:
  - id: war_scare
    name: War scare
    description: Both capitals expect the worst; tension feeds on itself.
    turns: 2
    each_turn:
      - add: {{tension: 5}}

# Points are paid at scoring moments, at the end of a turn.
scoring:
  points: {{{a}: {a}_vp, {b}: {b}_vp}}
  draw_margin: 2
  moments:
    - id: review
      name: The review
      description: Every fourth turn each side scores its standing and the borderland.
      when: turn % 4 == 0
      awards:
        - {{side: {a}, label: Standing, points: "({a}_standing - 50) / 10"}}
        - {{side: {b}, label: Standing, points: "({b}_standing - 50) / 10"}}
        - {{side: {a}, label: The borderland, points: board_{a}}}
        - {{side: {b}, label: The borderland, points: board_{b}}}

events:
  - id: opening
    title: The First Note
    side: {a}
    from: {start}
    to: {open_to}
    date_text: The first {turn}
    anchor: scheduled to open every game (simulate then does not list it as too common)
    text: >-
      A note arrives from {B}: it proposes talks on the borderland, and hints that
      refusing them would be taken as an answer.
    history: >-
      What really happened, and when: write it here. Players read it after they
      decide (Settings can show it before).
    choices:
      - id: accept_talks
        label: Accept the talks
        text: Tension falls; the borderland, and opinion abroad, take note.
        historical: true
        effects:
          - add: {{tension: -8, {a}_standing: 2, borderland_{a}: 10}}
          - set_flag: talks_open
      - id: refuse
        label: Refuse, and say why in public
        text: Standing rises at home; tension rises, and the borderland leans away.
        effects:
          - add: {{tension: 10, {a}_standing: 3, borderland_{b}: 4}}

  - id: crisis
    title: Crisis in the Borderland
    side: {b}
    from: {crisis_from}
    to: {crisis_to}
    crisis: borderland_crisis      # shown as a CRISIS stamp; steps form a ladder
    anchor: the crisis every game turns on
    text: >-
      Troops of both powers face each other across the borderland. Pressing on wins
      standing and risks an incident; backing down costs standing now.
    history: >-
      What really happened, and when: write it here.
    choices:
      - id: press_on
        label: Press on
        text: Standing rises; an incident may follow, and a war scare.
        effects:
          - add: {{tension: 12, {b}_standing: 4, borderland_{b}: 4}}
          - chance:
              p: "0.2 + tension / 150"
              label: a war scare
              then: [{{start_modifier: war_scare}}]
        follow_ups: [{{event: incident, delay: 0}}]
      - id: back_down
        label: Back down
        text: Tension falls, and the borderland thanks the peacemaker; standing suffers.
        historical: true
        effects:
          - add: {{tension: -10, {b}_standing: -3, borderland_{b}: 5}}

  - id: incident
    title: Shots at the Line
    side: {a}
    follow_up_only: true            # fires only when a choice queues it
    condition: tension >= 40
    text: >-
      Shots have been exchanged at the line. {B} says its patrols were fired on first.
    history: >-
      What really happened, and when: write it here.
    choices:
      - id: retaliate
        label: Retaliate in kind
        text: Standing rises; tension climbs toward war.
        effects:
          - add: {{tension: 15, {a}_standing: 5}}
      - id: protest
        label: Protest, and hold fire
        text: Tension eases a little; standing suffers.
        historical: true
        effects:
          - add: {{tension: -4, {a}_standing: -3}}

  - id: rumour
    title: Rumours of Mobilisation
    side: both                      # each side answers its own copy
    repeatable: true
    cooldown: 2
    chance: 0.3                     # per turn while it can fire
    anchor: a recurring rumour, expected in every game
    factors:
      - {{when: "tension >= 50", factor: 2, reason: the capitals are already on edge}}
    text: >-
      Reports of troops on the move reach the capital. Nobody can say whether they
      are true.
    history: >-
      What really happened, and when: write it here.
    choices:
      - id: calm
        label: Calm the press
        text: Tension falls; you look weak to some.
        effects:
          - when:
              condition: flag("talks_open")
              then: [{{add: {{tension: -6}}}}]
              otherwise: [{{add: {{tension: -3}}}}]
      - id: mobilise
        label: Mobilise a division
        text: The borderland notices; so does the rival.
        historical: true
        effects:
          - add: {{tension: 6}}
          - chance:
              p: 0.5
              label: the borderland is impressed
              then: [{{add: {{borderland_{a}: 4, borderland_{b}: 4}}}}]
          - chance:                 # risk the computer cannot wish away
              p: "tension / 600"
              label: a clash between patrols
              then: [{{add: {{tension: 12}}}}]

actions:
  - id: {a}_rally
    name: Rally the faithful
    side: {a}
    category: propaganda
    description: A campaign at home and abroad lifts your standing and the tension.
    cost: 3
    effects: [{{add: {{{a}_standing: 4, tension: 3}}}}]
  - id: {a}_aid
    name: Aid to the Borderland
    side: {a}
    category: aid
    description: Money and advisers win friends there.
    cost: 3
    cooldown: 1
    effects: [{{add: {{borderland_{a}: 8}}}}]
  - id: {a}_envoy
    name: Send an envoy
    side: {a}
    category: diplomacy
    description: Talks lower the tension, at some cost in standing.
    cost: 1
    effects: [{{add: {{tension: -6, {a}_standing: -2}}}}]
  - id: {b}_rally
    name: Rally the faithful
    side: {b}
    category: propaganda
    description: A campaign at home and abroad lifts your standing and the tension.
    cost: 3
    effects: [{{add: {{{b}_standing: 4, tension: 3}}}}]
  - id: {b}_aid
    name: Aid to the Borderland
    side: {b}
    category: aid
    description: Money and advisers win friends there.
    cost: 3
    cooldown: 1
    effects: [{{add: {{borderland_{b}: 8}}}}]
  - id: {b}_envoy
    name: Send an envoy
    side: {b}
    category: diplomacy
    description: Talks lower the tension, at some cost in standing.
    cost: 1
    effects: [{{add: {{tension: -6, {b}_standing: -2}}}}]

# Sudden endings are checked at the end of every turn, in order; final ones at
# the end of the last turn: the first that holds wins, and the last final
# ending (with no condition) is the fallback.
endings:
  - id: war
    title: War
    kind: sudden
    condition: tension >= 85
    score: 0
    epilogue: The crisis ended in war, and both powers lost what they had fought for.
    history: Write here what really happened, and when.
    # The computer plays for its score and so steers clear of war; a player
    # who gambles can still reach it. Say so, or lint warns that no game did.
    silence: {{never_reached: "a loss for both that the computer avoids on purpose"}}
  - id: {a}_ahead
    title: {A} Ahead
    kind: final
    condition: {a}_vp - {b}_vp >= 3
    score: {{{a}: "clamp(60 + ({a}_vp - {b}_vp) * 2, 0, 100)", {b}: 30}}
    epilogue: {A} came out of the rivalry with the greater standing.
    history: Write here what really happened, and when.
  - id: {b}_ahead
    title: {B} Ahead
    kind: final
    condition: {b}_vp - {a}_vp >= 3
    score: {{{a}: 30, {b}: "clamp(60 + ({b}_vp - {a}_vp) * 2, 0, 100)"}}
    epilogue: {B} came out of the rivalry with the greater standing.
    history: Write here what really happened, and when.
  - id: stalemate
    title: Stalemate
    kind: final
    score: 45
    epilogue: Neither power gained a lasting edge.
    history: Write here what really happened, and when.
    historical: true
"""
