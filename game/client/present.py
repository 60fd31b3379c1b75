"""What the screens say, computed from the public game state (no pygame here).

Meter groups and trends, the causes behind a meter's recent changes (from the
ledger), effect previews at the chosen detail, the chronicle, third-party
details, and the end-of-game comparison with history.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from game.engine import rules
from game.engine.model import ChoiceDef, EventDef, MeterDef, Op, PartyDef, Scenario
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
    """good, bad or neutral for the player, judged by the meter's higher_is and owner."""
    if delta == 0 or meter.higher_is not in ("good", "bad"):
        return "neutral"
    if meter.owner is not None and human is not None and meter.owner != human:
        return "neutral"
    up_is_good = meter.higher_is == "good"
    return "good" if (delta > 0) == up_is_good else "bad"


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
    history = state.history
    if not history:
        past = state.scenario.meters[slot].start
    else:
        past = history[max(0, len(history) - span)][slot]
    diff = state.values[slot] - past
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


def preview_effects(state: GameState, ops: tuple[Op, ...], detail: str,
                    limit: int = 6) -> list[EffectLine]:
    """Expected meter changes of a choice or action, at the detail the settings allow."""
    if detail == "hidden":
        return []
    deltas = rules.preview(state, ops)
    meters = state.scenario.meters
    items = sorted(deltas.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
    lines = []
    for slot, delta in items[:limit]:
        meter = meters[slot]
        name = effect_name(state.scenario, meter)
        if detail == "direction":
            text = f"{name} {UP if delta > 0 else DOWN}"
        else:
            text = f"{name} {signed(delta, decimals=True)}"
        lines.append(EffectLine(text, tone(meter, delta, state.human)))
    if len(items) > limit:
        lines.append(EffectLine(f"and {len(items) - limit} more", "neutral"))
    return lines


def preview_sentence(state: GameState, ops: tuple[Op, ...], detail: str) -> str:
    if detail == "hidden":
        return "Effects hidden (see Settings)."
    lines = preview_effects(state, ops, detail)
    if not lines:
        return "No immediate effect on the meters."
    return " \u00b7 ".join(line.text for line in lines)


def choice_lock_text(choice: ChoiceDef) -> str:
    if choice.requirement:
        return "Locked \u2014 " + choice.requirement
    return "Locked \u2014 requires " + (choice.condition_source or "conditions not met")


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
    return lines


_OPERATORS = {">=": "\u2265", "<=": "\u2264", "==": "=", "!=": "\u2260"}


def condition_text(scenario: Scenario, source: str) -> str:
    """A scenario condition in readable words: meter names instead of ids."""
    names = {m.id: m.name for m in scenario.meters}
    for side in scenario.sides:
        names[f"allies_{side.id}"] = f"third parties {side.short or side.name} controls"
    names.update({"turns_left": "turns left"})

    def word(match: re.Match[str]) -> str:
        function, argument, name = match.group(1), match.group(2), match.group(3)
        if function:
            label = {"flag": "", "fired": "event ", "active": ""}.get(function, "")
            text = scenario.flags.get(argument) if function == "flag" else None
            return text.rstrip(".") if text else f"{label}{argument.replace('_', ' ')}"
        return names.get(name, name)

    text = re.sub(r'\b(flag|fired|active)\("([a-z0-9_]+)"\)|\b([a-z_][a-z0-9_]*)\b', word, source)
    for operator, symbol in _OPERATORS.items():
        text = text.replace(operator, symbol)
    return text


def ending_summary(scenario: Scenario) -> list[str]:
    """Each ending's title, kind and condition, for the objectives page."""
    out = []
    for ending in scenario.endings:
        kind = "can end the game early" if ending.sudden else "at the end of the campaign"
        how = condition_text(scenario, ending.condition_source)
        out.append(f"{ending.title} ({kind}{': ' + how if how else ', if nothing else applies'})")
    return out


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
