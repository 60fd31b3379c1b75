"""What the screens say, computed from the public game state (no pygame here).

Meter groups and trends, the causes behind a meter's recent changes (from the
ledger), effect previews at the chosen detail, the chronicle, third-party
details, and the end-of-game comparison with history.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from game.engine import outcome, rules
from game.engine.model import (
    ActionDef,
    ChoiceDef,
    EventDef,
    MeterDef,
    Op,
    PartyDef,
    Scenario,
)
from game.engine.state import Cause, GameState

MINUS = "\u2212"
UP, DOWN, FLAT = "\u25b2", "\u25bc", "\u2013"


# -- numbers --------------------------------------------------------------------


def signed(value: float, decimals: bool = False) -> str:
    """+5, −3 (a real minus sign), ±0; one decimal for small expected values."""
    small = decimals and 0 < abs(value) < 0.95
    text = f"{abs(value):.1f}" if small else str(round(abs(value)))
    if text in ("0", "0.0"):
        return "\u00b10"
    return ("+" if value > 0 else MINUS) + text


def tone(meter: MeterDef, delta: float, human: str | None) -> str:
    """good, bad or neutral for the viewing side, judged by the meter's higher_is and
    owner: what is good for the rival (its own meter rising) is bad for the viewer."""
    if delta == 0 or meter.higher_is not in ("good", "bad"):
        return "neutral"
    up_is_good = meter.higher_is == "good"
    if meter.owner is not None and human is not None and meter.owner != human:
        up_is_good = not up_is_good
    return "good" if (delta > 0) == up_is_good else "bad"


def change_over(state: GameState, slot: int, turns: int) -> int:
    """How far a meter has moved over the last ``turns`` turns (to now)."""
    history = state.history
    if len(history) >= turns:
        past = history[len(history) - turns][slot]
    else:
        past = state.scenario.meters[slot].start
    return state.values[slot] - past


# -- meters -----------------------------------------------------------------------


@dataclass(frozen=True)
class MeterGroup:
    key: str
    label: str
    meters: tuple[MeterDef, ...]


def group_label(scenario: Scenario, group: str) -> str:
    for side in scenario.sides:
        if side.id == group:
            return side.short or side.name
    return group.replace("_", " ").strip().title() or "Other"


def meter_groups(scenario: Scenario, human: str | None) -> list[MeterGroup]:
    """Visible meters by display group: shared groups, then the player's, then the rest."""
    groups: dict[str, list[MeterDef]] = {}
    for meter in scenario.meters:
        if meter.hidden:
            continue
        groups.setdefault(meter.group or "other", []).append(meter)
    side_ids = scenario.side_ids

    def rank(key: str) -> tuple[int, int]:
        if key == human:
            return (1, 0)
        if key in side_ids:
            return (2, side_ids.index(key))
        return (0, 0)

    ordered = sorted(groups, key=lambda k: (rank(k), list(groups).index(k)))
    return [MeterGroup(key, group_label(scenario, key),
                       tuple(sorted(groups[key], key=lambda m: (m.order, m.slot))))
            for key in ordered]


def meter_label(meter: MeterDef) -> str:
    return meter.short or meter.name


def distinct_labels(scenario: Scenario, meters: Sequence[MeterDef]) -> list[str]:
    """Short labels for meters shown together; when two would read alike (each side's
    "Points"), each says whose it is."""
    names = [meter_label(mt) for mt in meters]
    if len(set(names)) == len(names):
        return names
    return [f"{side_short(scenario, mt.owner)} {name[:1].lower() + name[1:]}" if mt.owner
            else name for mt, name in zip(meters, names, strict=True)]


def previous_values(state: GameState) -> Sequence[int]:
    """Meter values at the end of the previous turn (the start values on the first)."""
    if state.history:
        return state.history[-1]
    return tuple(m.start for m in state.scenario.meters)


def change_since_last_turn(state: GameState, slot: int) -> int:
    before = previous_values(state)
    return state.values[slot] - before[slot] if slot < len(before) else 0


def trend(state: GameState, slot: int, span: int = 4) -> str:
    """rising, falling or steady over the last ``span`` turns."""
    diff = change_over(state, slot, span)
    if diff >= 3:
        return "rising"
    if diff <= -3:
        return "falling"
    return "steady"


def side_short(scenario: Scenario, side_id: str) -> str:
    try:
        side = scenario.side(side_id)
    except KeyError:
        return side_id.upper()
    return side.short or side.name


def _event_title(scenario: Scenario, event_id: str) -> str:
    try:
        return scenario.event(event_id).title
    except KeyError:
        return event_id


def _action_name(scenario: Scenario, action_id: str) -> str:
    try:
        return scenario.action(action_id).name
    except KeyError:
        return action_id


def _modifier_name(scenario: Scenario, modifier_id: str) -> str:
    for modifier in scenario.modifiers:
        if modifier.id == modifier_id:
            return modifier.name
    return modifier_id


def cause_text(scenario: Scenario, cause: Cause, human: str | None) -> str:
    """Plain words for a cause: "your answer to 'The Secret Speech'"."""
    yours = cause.side != "" and cause.side == human
    who = "your" if yours else (side_short(scenario, cause.side) + "'s" if cause.side else "")
    if cause.kind == "choice":
        title = _event_title(scenario, cause.source)
        return f"{who} answer to '{title}'".strip()
    if cause.kind == "action":
        name = _action_name(scenario, cause.source)
        return f"{who} action '{name}'".strip()
    if cause.kind == "event":
        return f"'{_event_title(scenario, cause.source)}'"
    if cause.kind == "modifier":
        return f"'{_modifier_name(scenario, cause.source)}' (ongoing)"
    if cause.kind == "income":
        return f"{who} income for the turn".strip() if cause.side else "income"
    if cause.kind == "drift":
        return "drift over time"
    if cause.kind == "scoring":
        moments = scenario.scoring.moments if scenario.scoring is not None else ()
        name = next((m.name for m in moments if m.id == cause.source), cause.source)
        return f"{name} ({cause.detail})" if cause.detail else name
    return cause.kind


def meter_causes(state: GameState, slot: int, turns: int = 4, limit: int = 8) -> list[str]:
    """Lines naming the causes of this meter's recent changes, newest first."""
    scenario = state.scenario
    meter = scenario.meters[slot]
    first_turn = state.turn - turns + 1
    totals: dict[tuple[str, int, str, str, str], int] = {}
    order: list[tuple[str, int, str, str, str]] = []
    for change in reversed(state.ledger):
        cause = change.cause
        if cause.turn < first_turn:
            break
        if change.slot != slot:
            continue
        key = (cause.kind, cause.turn, cause.side, cause.source, cause.detail)
        if key not in totals:
            totals[key] = 0
            order.append(key)
        totals[key] += change.delta
    lines = []
    for key in order:
        delta = totals[key]
        if delta == 0:
            continue
        kind, turn, side, source, detail = key
        text = cause_text(scenario, Cause(kind, turn, side, source, detail), state.human)
        lines.append(f"{meter_label(meter)} {signed(delta)} \u2014 {text}, "
                     f"{scenario.calendar.label(turn)}")
        if len(lines) >= limit:
            break
    return lines


# -- previews -------------------------------------------------------------------------


@dataclass(frozen=True)
class EffectLine:
    text: str
    tone: str


def effect_name(scenario: Scenario, meter: MeterDef) -> str:
    """A meter's name in a preview: influence meters name their party and side."""
    if meter.group == "third_parties":
        for party in scenario.parties:
            for side, slot in party.influence_slots.items():
                if slot == meter.slot:
                    return f"{party.name} ({side_short(scenario, side)} influence)"
    return meter.name


def _odds(p: float, detail: str) -> str:
    if detail == "exact":
        percent = p * 100
        return f"{percent:.0f}%" if percent >= 1 or percent == 0 else "<1%"
    if p >= 0.85:
        return "Very likely"
    if p >= 0.6:
        return "Likely"
    if p > 0.4:
        return "Even odds"
    if p > 0.15:
        return "Unlikely"
    return "A small chance"


def _amount_text(name: str, delta: float, detail: str, decimals: bool = False) -> str:
    if detail == "direction":
        return f"{name} {UP if delta > 0 else DOWN}"
    return f"{name} {signed(delta, decimals=decimals)}"


def _meter_texts(state: GameState, changes: Sequence[outcome.MeterChange], detail: str,
                 short: bool = False) -> list[tuple[str, float, MeterDef]]:
    """Merged changes per meter, in first-mention order: (text, delta, meter)."""
    scenario = state.scenario
    totals: dict[int, int] = {}
    asked: dict[int, float] = {}
    for change in changes:
        totals[change.slot] = totals.get(change.slot, 0) + change.amount
        asked[change.slot] = asked.get(change.slot, 0.0) + change.requested
    out = []
    for slot, delta in totals.items():
        meter = scenario.meters[slot]
        name = meter_label(meter) if short else effect_name(scenario, meter)
        if delta == 0:
            if abs(asked[slot]) >= 0.5:
                out.append((f"{name} already at its limit", 0.0, meter))
            continue
        out.append((_amount_text(name, delta, detail), float(delta), meter))
    return out


def _reader_text(reader: outcome.Reader) -> str:
    if reader.kind == "event":
        return f"\u2018{reader.name}\u2019"
    if reader.kind == "choice":
        return f"the answer \u2018{reader.name}\u2019"
    if reader.kind == "action":
        return f"the action \u2018{reader.name}\u2019"
    if reader.kind == "ending":
        return f"the ending \u2018{reader.name}\u2019"
    return f"\u2018{reader.name}\u2019"


def _readers_text(readers: Sequence[outcome.Reader], limit: int = 3) -> str:
    names = [_reader_text(r) for r in readers[:limit]]
    if len(readers) > limit:
        names.append(f"{len(readers) - limit} more")
    return ", ".join(names)


def _flag_text(state: GameState, item: outcome.FlagChange) -> str:
    what = item.description.rstrip(".") or item.flag.replace("_", " ")
    head = f"Now: {what}" if item.raised else f"No longer: {what}"
    live = [r for r in (*item.opens, *item.closes) if _live_reader(state, r)]
    opens = [r for r in item.opens if r in live and r.kind not in ("likelier", "less_likely")]
    closes = [r for r in item.closes if r in live and r.kind not in ("likelier", "less_likely")]
    likelier = [r for r in live if r.kind == "likelier"]
    parts = [head]
    if opens:
        parts.append("opens " + _readers_text(opens))
    if closes:
        parts.append("closes " + _readers_text(closes))
    if likelier and item.raised:
        parts.append("makes " + _readers_text(likelier) + " likelier")
    return " \u2014 ".join(parts[:1]) + ("; " + "; ".join(parts[1:]) if parts[1:] else "")


def _when_text(delay: int) -> str:
    return "next turn" if delay <= 0 else f"in {delay + 1} turns"


_RANK = {"cost": 0, "meter": 1, "modifier": 2, "chance": 3, "when": 4, "flag": 5, "follow": 6}


def _live_reader(state: GameState, reader: outcome.Reader) -> bool:
    """False for what can no longer happen (an event that has fired for good)."""
    if reader.kind in ("event", "choice", "likelier", "less_likely"):
        try:
            event = state.scenario.event(reader.id.split("/")[0])
        except KeyError:
            return True
        return event.repeatable or event.index not in state.last_fired
    return True


def _condition_clause(scenario: Scenario, source: str, holds: bool) -> str:
    words = condition_text(scenario, source) if source else "it applies"
    negated = words.startswith("not ")
    if negated:
        words = words[4:]
    return ("Since " if holds != negated else "Unless ") + words


def outcome_lines(state: GameState, effects: Sequence[outcome.Outcome], detail: str,
                  prefix: str = "") -> list[EffectLine]:
    """Every effect of an outcome tree in words: cost, meters, then the rest."""
    scenario = state.scenario
    human = state.human
    ranked: list[tuple[int, int, EffectLine]] = []

    def add(rank: str, line: EffectLine) -> None:
        ranked.append((_RANK[rank], len(ranked), line))

    meters = [item for item in effects if isinstance(item, outcome.MeterChange)]
    for text, delta, meter in _meter_texts(state, meters, detail):
        add("meter", EffectLine(prefix + text, tone(meter, delta, human)))
    for item in effects:
        if isinstance(item, outcome.MeterChange):
            continue
        if isinstance(item, outcome.CapitalCost):
            if item.amount:
                cost = f"{-item.amount}" if detail == "exact" else "some"
                add("cost", EffectLine(f"{prefix}Costs {cost} political capital", "neutral"))
        elif isinstance(item, outcome.TimedModifier):
            per = _meter_texts(state, item.per_turn, detail)
            effects_text = ", ".join(text for text, _d, _m in per) or "no meter changes"
            head = "Restarts" if item.restarts else "Starts"
            text = (f"{prefix}{head} \u2018{item.name}\u2019: each turn for {item.turns} "
                    f"turns, {effects_text}")
            totals = item.totals()
            if detail == "exact" and item.turns > 1 and any(totals.values()):
                moved = [(slot, total) for slot, total in totals.items() if total]
                total_text = ", ".join(
                    (f"{meter_label(scenario.meters[slot])} " if len(moved) > 1 else "")
                    + signed(total) for slot, total in moved)
                text += f" ({total_text} in all)"
            add("modifier", EffectLine(text, _worst_tone([tone(m, d, human)
                                                          for _t, d, m in per])))
        elif isinstance(item, outcome.ModifierEnded):
            if item.was_active:
                left = f" ({item.turns_left} turn{'s' if item.turns_left != 1 else ''} left)"
                add("modifier", EffectLine(f"{prefix}Ends \u2018{item.name}\u2019{left}",
                                           "neutral"))
        elif isinstance(item, outcome.FlagChange):
            if item.changes:
                add("flag", EffectLine(prefix + _flag_text(state, item), "neutral"))
        elif isinstance(item, outcome.FollowUp):
            if item.spent:
                continue
            text = f"{prefix}May lead to \u2018{item.title}\u2019 {_when_text(item.delay)}"
            if item.condition:
                words = condition_text(scenario, item.condition)
                text += f", if {words}" + (" (so now)" if item.holds_now else " (not so now)")
            add("follow", EffectLine(text, "neutral"))
        elif isinstance(item, outcome.Chance):
            odds = _odds(item.p, detail)
            label = f" \u2014 {item.label}" if item.label else ""
            inner = outcome_lines(state, item.then, detail)
            then = "; ".join(line.text for line in inner) or "nothing more"
            add("chance", EffectLine(f"{prefix}{odds}{label}: {then}", _worst(inner)))
            other = outcome_lines(state, item.otherwise, detail)
            if other:
                add("chance", EffectLine(f"{prefix}Otherwise: " +
                                         "; ".join(line.text for line in other), _worst(other)))
        elif isinstance(item, outcome.Conditional):
            live = item.then if item.holds else item.otherwise
            inner = outcome_lines(state, live, detail)
            if inner:
                head = _condition_clause(scenario, item.condition, item.holds)
                add("when", EffectLine(f"{prefix}{head}: " +
                                       "; ".join(line.text for line in inner), _worst(inner)))
        else:  # pragma: no cover - the tree's kinds are closed
            raise TypeError(f"no words for {item!r}")
    return [line for _rank, _order, line in sorted(ranked, key=lambda r: (r[0], r[1]))]


def _worst_tone(tones: Sequence[str]) -> str:
    return "bad" if "bad" in tones else "good" if "good" in tones else "neutral"


def _worst(lines: Sequence[EffectLine]) -> str:
    return _worst_tone([line.tone for line in lines])


def preview_lines(state: GameState, preview: outcome.Preview, detail: str) -> list[EffectLine]:
    """A whole preview in words at the detail the settings allow."""
    if detail == "hidden":
        return [EffectLine("Effects hidden (see Settings).", "neutral")]
    lines = outcome_lines(state, preview.effects, detail)
    if not lines:
        return [EffectLine("No effect on the meters.", "neutral")]
    return lines


def preview_effects(state: GameState, ops: tuple[Op, ...], detail: str,
                    limit: int = 6) -> list[EffectLine]:
    """Bare effects (an event's own) in words, at the detail the settings allow."""
    if detail == "hidden":
        return []
    lines = outcome_lines(state, outcome.of_ops(state, ops).effects, detail)
    if len(lines) > limit:
        lines = [*lines[:limit], EffectLine(f"and {len(lines) - limit} more", "neutral")]
    return lines


def preview_text(state: GameState, preview: outcome.Preview, detail: str) -> str:
    """The whole preview as one sentence (tooltips, the action detail, replays)."""
    return " \u00b7 ".join(line.text for line in preview_lines(state, preview, detail))


def choice_preview(state: GameState, choice: ChoiceDef) -> outcome.Preview:
    return outcome.of_choice(state, choice)


def action_preview(state: GameState, action: ActionDef) -> outcome.Preview:
    return outcome.of_action(state, action)


def lock_text(scenario: Scenario, lock: outcome.Lock) -> str:
    """Why an action is locked, in full words."""
    if isinstance(lock, outcome.Cooldown):
        n = lock.turns_left
        return f"Recovering: ready in {n} turn{'s' if n != 1 else ''}"
    if isinstance(lock, outcome.AlreadyTaken):
        return "Already taken (once per campaign)"
    if isinstance(lock, outcome.Unmet):
        words = lock.requirement or condition_text(scenario, lock.condition)
        return "Needs: " + words.rstrip(".")
    return f"Costs {lock.cost} political capital; you have {lock.capital}"


def lock_badge(lock: outcome.Lock | None, cost: int) -> str:
    """The short tag an action row carries: its cost, or why it is locked."""
    if lock is None:
        return f"{cost} PC"
    if isinstance(lock, outcome.Cooldown):
        return f"wait {lock.turns_left}"
    if isinstance(lock, outcome.AlreadyTaken):
        return "done"
    if isinstance(lock, outcome.Unmet):
        return "locked"
    return f"{cost} PC"


def lock_short(scenario: Scenario, lock: outcome.Lock) -> str:
    """A few words for the action row itself."""
    if isinstance(lock, outcome.Cooldown):
        n = lock.turns_left
        return f"ready in {n} turn{'s' if n != 1 else ''}"
    if isinstance(lock, outcome.AlreadyTaken):
        return "taken once already"
    if isinstance(lock, outcome.Unmet):
        words = lock.requirement or condition_text(scenario, lock.condition)
        return words.rstrip(".")
    return f"you have {lock.capital}"


def choice_lock_text(scenario: Scenario, choice: ChoiceDef) -> str:
    if choice.requirement:
        return "Locked \u2014 " + choice.requirement
    words = condition_text(scenario, choice.condition_source) if choice.condition_source \
        else "conditions not met"
    return "Locked \u2014 requires " + words


# -- chronicle and history -----------------------------------------------------------


def decision_text(scenario: Scenario, kind: str, source: str, detail: str) -> str:
    if kind == "choice":
        try:
            event = scenario.event(source)
        except KeyError:
            return f"{source}: {detail}"
        label = next((c.label for c in event.choices if c.id == detail), detail)
        return f"{event.title}: {label}"
    return _action_name(scenario, source)


def chronicle_lines(state: GameState, limit: int = 400) -> list[tuple[str, str, str, bool]]:
    """(date, side short, text, historical) for each decision, newest first."""
    scenario = state.scenario
    out = []
    for decision in reversed(state.chronicle[-limit:]):
        out.append((scenario.calendar.label(decision.turn), side_short(scenario, decision.side),
                    decision_text(scenario, decision.kind, decision.source, decision.detail),
                    decision.historical))
    return out


@dataclass(frozen=True)
class Comparison:
    date: str
    event: str
    yours: str
    historical: str
    same: bool
    known: bool = True
    """False when the event records no historical choice"""


def historical_choice(event: EventDef) -> ChoiceDef | None:
    return next((c for c in event.choices if c.historical), None)


def compare_with_history(state: GameState, side: str | None) -> list[Comparison]:
    """The player's answers to events beside what really happened, in order."""
    scenario = state.scenario
    rows = []
    for decision in state.chronicle:
        if decision.kind != "choice" or (side is not None and decision.side != side):
            continue
        try:
            event = scenario.event(decision.source)
        except KeyError:
            continue
        mine = next((c for c in event.choices if c.id == decision.detail), None)
        real = historical_choice(event)
        rows.append(Comparison(
            date=scenario.calendar.label(decision.turn), event=event.title,
            yours=mine.label if mine else decision.detail,
            historical=real.label if real else "(no historical choice recorded)",
            same=bool(mine and real and mine.id == real.id), known=real is not None))
    return rows


# -- third parties ---------------------------------------------------------------------


def party_lines(state: GameState, party: PartyDef) -> list[str]:
    """Details of a third party: both influences, independence and who controls it."""
    scenario = state.scenario
    lines = []
    for side_id, slot in party.influence_slots.items():
        lines.append(f"{side_short(scenario, side_id)} influence: {state.values[slot]}")
    lines.append(f"Independence: {party.independence:g} (lead needed to control it)")
    owner = rules.controller(state, party.id)
    if owner is None:
        lines.append("Controlled by: nobody")
    else:
        lines.append(f"Controlled by: {side_short(scenario, owner)}")
    by_importance, as_ally = party_scoring(scenario, party)
    if by_importance or as_ally:
        where = f" ({party.region.replace('_', ' ').capitalize()})" if party.region else ""
        lines.append(f"Importance {party.importance}{where}. Whoever controls it scores at "
                     + "; ".join(part for part in (
                         f"{', '.join(by_importance)} (by importance)" if by_importance else "",
                         f"{', '.join(as_ally)} (as an ally)" if as_ally else "") if part)
                     + ".")
    return lines


def party_scoring(scenario: Scenario, party: PartyDef) -> tuple[list[str], list[str]]:
    """The scoring moments that count a third party for whoever controls it: (those that
    weigh the board by importance, those that count allies), by name."""
    if scenario.scoring is None:
        return [], []
    board: set[int] = set()
    allies: set[int] = set()
    for side in scenario.side_ids:
        for name in (f"board_{side}", f"board_{side}_{party.region}"):
            if name in scenario.builtin_slots:
                board.add(scenario.builtin_slots[name])
        if f"allies_{side}" in scenario.builtin_slots:
            allies.add(scenario.builtin_slots[f"allies_{side}"])
    by_importance, as_ally = [], []
    for moment in scenario.scoring.moments:
        read: set[int] = set()
        for award in moment.awards:
            read |= scenario.reads.get(award.points, (frozenset(), frozenset()))[0] \
                if callable(award.points) else set()
        if read & board and party.importance:
            by_importance.append(moment.name)
        elif read & allies:
            as_ally.append(moment.name)
    return by_importance, as_ally


_OPERATORS = {">=": "at least", "<=": "at most", "==": "is", "!=": "is not", ">": "above",
              "<": "below"}
_OPERATOR = re.compile(r"\s*(>=|<=|==|!=|>|<)\s*")


def condition_text(scenario: Scenario, source: str) -> str:
    """A scenario condition in readable words: meter names instead of ids."""
    names = {m.id: m.name for m in scenario.meters}
    for side in scenario.sides:
        names[f"allies_{side.id}"] = f"third parties {side.short or side.name} controls"
    names.update({"turns_left": "turns left"})

    parties = {p.id: p.name for p in scenario.parties}

    def word(match: re.Match[str]) -> str:
        if match.group(3):
            party, side = match.group(3), match.group(4)
            return f"{side_short(scenario, side)} controls {parties.get(party, party)}"
        function, argument, name = match.group(1), match.group(2), match.group(5)
        if function == "flag":
            text = scenario.flags.get(argument)
            return text.rstrip(".") if text else argument.replace("_", " ")
        if function == "fired":
            return f"\u2018{_event_title(scenario, argument)}\u2019 has happened"
        if function == "active":
            return f"\u2018{_modifier_name(scenario, argument)}\u2019 is running"
        return names.get(name, name)

    text = re.sub(r'\b(flag|fired|active)\("([a-z0-9_]+)"\)'
                  r'|\bcontrols\(\s*"([a-z0-9_]+)"\s*,\s*"([a-z0-9_]+)"\s*\)'
                  r'|\b([a-z_][a-z0-9_]*)\b', word, source)
    return _OPERATOR.sub(lambda match: f" {_OPERATORS[match.group(1)]} ", text)


def marker_details(state: GameState, key: str) -> tuple[str, list[str]]:
    """Title and lines for a board marker's tooltip ('side:<id>' or a party id)."""
    scenario = state.scenario
    if key.startswith("side:"):
        side = scenario.side(key[5:])
        lines = [side.leader] if side.leader else []
        if side.description:
            lines.append(side.description)
        return side.name, lines
    party = next(p for p in scenario.parties if p.id == key)
    lines = [party.description] if party.description else []
    lines += party_lines(state, party)
    return party.name, lines


def chart_groups(scenario: Scenario, human: str | None,
                 limit: int) -> list[tuple[str, list[MeterDef]]]:
    """The main meters by display group, capitals left out, at most ``limit`` per chart."""
    out = []
    for group in meter_groups(scenario, human):
        meters = list(group.meters)
        if group.key in scenario.side_ids:
            capital = scenario.side(group.key).capital_slot
            meters = [mt for mt in meters if mt.slot != capital]
        if meters:
            out.append((group.label, meters[:limit]))
    return out


# -- since last quarter ------------------------------------------------------------------


@dataclass(frozen=True)
class Briefing:
    """What happened since the player's last turn, for the start-of-turn briefing."""

    date: str
    rival_moves: tuple[str, ...]
    events: tuple[str, ...]
    changes: tuple[EffectLine, ...]
    started: tuple[str, ...]
    ended: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.rival_moves or self.events or self.changes or self.started
                    or self.ended)


def briefing(state: GameState, limit: int = 5) -> Briefing:
    """The other side's visible moves, the events that fired, the biggest meter
    changes with their main cause, and the timed effects that started or ended,
    since the player's previous turn (from the chronicle and the ledger)."""
    scenario = state.scenario
    human = state.human
    turn = state.turn
    since = turn - 1
    rival = tuple(
        f"{side_short(scenario, d.side)}: {decision_text(scenario, d.kind, d.source, d.detail)}"
        for d in state.chronicle if d.turn >= since and d.side != human)
    events = []
    for fired_turn, index in state.fired_log:
        if fired_turn == turn:
            event = scenario.events[index]
            sides = [s for s in event.sides if s != human]
            who = f" (for {', '.join(side_short(scenario, s) for s in sides)})" \
                if sides and human not in event.sides else ""
            events.append(f"{event.title}{who}")
    totals: dict[int, int] = {}
    causes: dict[int, dict[Cause, int]] = {}
    ticked: dict[int, set[str]] = {since: set(), turn: set()}
    own_this_turn: set[Cause] = set()
    for change in reversed(state.ledger):
        cause = change.cause
        if cause.turn < since:
            break
        if cause.kind == "modifier":
            ticked.setdefault(cause.turn, set()).add(cause.source)
        # The player's own decisions last turn are already known to them.
        if cause.turn == since and cause.side == human and cause.kind in ("choice", "action"):
            continue
        if cause.turn == turn and cause.kind in ("choice", "action"):
            continue
        if cause in own_this_turn or cause.kind == "income":
            continue
        totals[change.slot] = totals.get(change.slot, 0) + change.delta
        per = causes.setdefault(change.slot, {})
        per[cause] = per.get(cause, 0) + change.delta
    meters = scenario.meters
    capitals = {side.capital_slot for side in scenario.sides}
    ranked = sorted(((slot, delta) for slot, delta in totals.items()
                     if delta and slot < len(meters) and not meters[slot].hidden
                     and slot not in capitals),
                    key=lambda kv: (-abs(kv[1]), kv[0]))
    changes = []
    for slot, delta in ranked[:limit]:
        meter = meters[slot]
        main = max(causes[slot].items(), key=lambda kv: abs(kv[1]))[0]
        text = (f"{effect_name(scenario, meter)} {signed(delta)}, mostly "
                f"{cause_text(scenario, main, human)}")
        changes.append(EffectLine(text, tone(meter, delta, human)))
    active = {scenario.modifiers[i].id for i in state.modifiers}
    started = tuple(_modifier_name(scenario, m) for m in sorted(active)
                    if turn > 0 and m not in ticked.get(since, set()))
    ended = tuple(_modifier_name(scenario, m) for m in sorted(ticked.get(since, set())
                                                             | ticked.get(turn, set()))
                  if m not in active)
    return Briefing(scenario.calendar.label(turn), rival, tuple(events), tuple(changes),
                    started, ended)


def running_modifiers(state: GameState) -> list[tuple[str, str, int, str]]:
    """(id, name, turns left, description) of each running timed effect, soonest to end first."""
    scenario = state.scenario
    out = []
    for index, left in state.modifiers.items():
        modifier = scenario.modifiers[index]
        out.append((modifier.id, modifier.name, left, modifier.description))
    return sorted(out, key=lambda item: (item[2], item[1]))


def modifier_lines(state: GameState, modifier_id: str, detail: str) -> list[str]:
    """A running modifier's description and what it does each turn, for its tooltip."""
    scenario = state.scenario
    modifier = next(m for m in scenario.modifiers if m.id == modifier_id)
    left = state.modifiers.get(modifier.index, 0)
    lines = [modifier.description] if modifier.description else []
    effects = outcome.of_ops(state, modifier.ops)
    words = [line.text for line in outcome_lines(state, effects.effects, detail)]
    if words and detail != "hidden":
        lines.append("Each turn: " + ", ".join(words))
    lines.append(f"{left} more turn{'s' if left != 1 else ''} to run.")
    return lines


# -- the glossary --------------------------------------------------------------------------

GLOSSARY_KINDS = (("term", "The game's terms"), ("person", "People"), ("place", "Places"),
                  ("word", "Words of the period"))


def _glossary_pattern(scenario: Scenario) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    cached = scenario.extra.get("glossary_pattern")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    names: dict[str, str] = {}
    for entry in scenario.glossary:
        for name in (entry.term, *entry.aliases):
            if len(name) >= 2:
                names[name.casefold()] = entry.id
    if not names:
        result: tuple[re.Pattern[str] | None, dict[str, str]] = (None, {})
    else:
        alternatives = sorted(names, key=len, reverse=True)
        pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in alternatives)
                             + r")(?![\w-])", re.IGNORECASE)
        result = (pattern, names)
    scenario.extra["glossary_pattern"] = result
    return result


def glossary_terms(scenario: Scenario, text: str) -> list[str]:
    """Ids of the glossary entries a text mentions, in order of first mention."""
    pattern, names = _glossary_pattern(scenario)
    if pattern is None:
        return []
    out: list[str] = []
    for match in pattern.finditer(text):
        ident = names[match.group(1).casefold()]
        if ident not in out:
            out.append(ident)
    return out


def link_glossary(scenario: Scenario, escaped: str, linked: set[str]) -> str:
    """Escaped text with the first mention of each glossary entry made a link
    (``gl:<id>``); ``linked`` carries the entries already linked across paragraphs."""
    pattern, names = _glossary_pattern(scenario)
    if pattern is None:
        return escaped

    def link(match: re.Match[str]) -> str:
        ident = names[match.group(1).casefold()]
        if ident in linked:
            return match.group(0)
        linked.add(ident)
        return f"<a href='gl:{ident}'>{match.group(0)}</a>"

    return pattern.sub(link, escaped)


def glossary_entry(scenario: Scenario, ident: str) -> object | None:
    return next((e for e in scenario.glossary if e.id == ident), None)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


_IDENT = re.compile(r"\b([a-z_][a-z0-9_]*)\b")


def deciding_causes(state: GameState, ending_id: str, limit: int = 3) -> list[str]:
    """The causes (decisions, events, timed effects) that moved the meters the
    ending's condition reads the most over the campaign, from the ledger."""
    scenario = state.scenario
    try:
        ending = scenario.ending(ending_id)
    except KeyError:
        return []
    index = scenario.meter_index
    slots = {index[name] for name in _IDENT.findall(ending.condition_source) if name in index}
    if not slots:
        # The fallback ending reads nothing: take the meters every ending reads.
        for other in scenario.endings:
            slots |= {index[name] for name in _IDENT.findall(other.condition_source)
                      if name in index}
    totals: dict[tuple[str, str, str, str], dict[int, int]] = {}
    first_turn: dict[tuple[str, str, str, str], int] = {}
    for change in state.ledger:
        cause = change.cause
        if change.slot not in slots or cause.kind in ("income", "drift", "start"):
            continue
        key = (cause.kind, cause.side, cause.source, cause.detail)
        per = totals.setdefault(key, {})
        per[change.slot] = per.get(change.slot, 0) + change.delta
        first_turn.setdefault(key, cause.turn)
    ranked = sorted(totals.items(), key=lambda kv: (-sum(abs(v) for v in kv[1].values()),
                                                    first_turn[kv[0]]))
    lines = []
    for (kind, side, source, detail), per in ranked[:limit]:
        cause = Cause(kind, first_turn[(kind, side, source, detail)], side, source, detail)
        moved = ", ".join(f"{effect_name(scenario, scenario.meters[slot])} {signed(delta)}"
                          for slot, delta in sorted(per.items(), key=lambda kv: -abs(kv[1]))
                          if delta)
        text = cause_text(scenario, cause, state.human)
        when = scenario.calendar.label(cause.turn)
        lines.append(f"{text[0].upper() + text[1:]} ({when}): {moved}")
    return lines


def decision_previews(start: GameState, commands: Sequence[object],
                      detail: str) -> list[str]:
    """For a turn replayed from ``start``: the preview each choice or action showed
    before it was taken (the same words as the card and the action detail), in
    the order of the turn's decisions."""
    from game.engine.commands import Act, Choose

    state = start.copy()
    out = []
    for command in commands:
        if isinstance(command, Choose):
            event = state.scenario.event(command.event)
            choice = next(c for c in event.choices if c.id == command.choice)
            out.append(preview_text(state, outcome.of_choice(state, choice), detail))
        elif isinstance(command, Act):
            action = state.scenario.action(command.action)
            out.append(preview_text(state, outcome.of_action(state, action), detail))
        try:
            rules.apply(state, command)  # type: ignore[arg-type]
        except Exception:
            break
    return out
