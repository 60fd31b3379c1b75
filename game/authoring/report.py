"""``simulate --report DIR``: the balance report as a page an author can read and share.

Writes ``index.html`` (tables of endings with their confidence intervals,
endings never reached, choices picked per event, actions taken, events that
never fired, and a chart per meter of its 10th, 50th and 90th percentiles over
the turns), the charts as PNG files beside it — drawn headless by the game's
own chart code, in the game's palette — and ``report.json`` with every figure.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path
from typing import Any

from game.engine.model import Scenario

CHART_SIZE = (760, 240)


def write_report(folder: Path, scenario: Scenario, report: dict[str, Any]) -> Path:
    """Write the page and its charts into ``folder``; returns the page's path."""
    folder.mkdir(parents=True, exist_ok=True)
    charts = _draw_charts(folder, scenario, report)
    page = folder / "index.html"
    page.write_text(_page(scenario, report, charts), encoding="utf-8")
    (folder / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return page


def _draw_charts(folder: Path, scenario: Scenario, report: dict[str, Any]) -> dict[str, str]:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from game.client import palette
    from game.client.charts import Series, draw_chart
    from game.client.layout import Metrics

    if not pygame.font.get_init():
        pygame.font.init()
    pal = palette.get("period")
    metrics = Metrics(1.0)
    over_time: dict[str, dict[str, list[int]]] = report["meters_over_time"]
    names: dict[str, str] = {}
    for meter in scenario.meters:
        rows = over_time.get(meter.id)
        if not rows or not rows["p50"]:
            continue
        surface = pygame.Surface(CHART_SIZE)
        surface.fill(palette.rgb(pal.paper))
        series = [Series("90th", rows["p90"], pal.ink_faint, 1),
                  Series("median", rows["p50"], pal.accent, 2),
                  Series("10th", rows["p10"], pal.ink_faint, 1)]
        draw_chart(surface, surface.get_rect().inflate(-8, -8),
                   f"{meter.name} ({meter.id}) as each turn begins", series,
                   _turn_labels(scenario, len(rows["p50"])), meter.lo, meter.hi, pal, metrics)
        name = f"meter_{meter.id}.png"
        pygame.image.save(surface, str(folder / name))
        names[meter.id] = name
    return names


def _turn_labels(scenario: Scenario, points: int) -> list[tuple[int, str]]:
    """A label at the first point and at each turn that opens a year (point i is the
    start of turn i; the last point may be the end of the game)."""
    cal = scenario.calendar
    labels = []
    for point in range(min(points, cal.turns)):
        year, sub = cal.date_of(point)
        if point == 0 or sub == 1:
            labels.append((point, str(year)))
    return labels


def _pct(share: float) -> str:
    return f"{100 * share:.1f}%"


def _page(scenario: Scenario, report: dict[str, Any], charts: dict[str, str]) -> str:
    e = html.escape
    games = int(report["games"])
    out = [
        "<!doctype html>", "<html lang='en'><head><meta charset='utf-8'>",
        f"<title>{e(scenario.title)}: balance report</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#2b2420;"
        "background:#f4ecd8}table{border-collapse:collapse;margin:0 0 1.5em}"
        "td,th{padding:.2em .6em;border-bottom:1px solid #d8cbb0;text-align:left}"
        "td.n{text-align:right}.bar{background:#a83a2c;height:.8em;display:inline-block}"
        ".warn{color:#a83a2c}</style></head><body>",
        f"<h1>{e(scenario.title)} ({e(scenario.id)} {e(scenario.version)}): balance report</h1>",
        f"<p>{games} games of the computer against itself, seed {report['seed']}, seat "
        f"{e(str(report['side']))}, difficulty {e(str(report['difficulty']))}. Same seed, same "
        "report. Made by <code>python -m game simulate --report</code>.</p>",
        "<h2>Endings</h2><table><tr><th>ending</th><th>kind</th><th class=n>games</th>"
        "<th>share (95% interval)</th><th></th></tr>",
    ]
    for row in report["endings_detail"]:
        low, high = row["ci95"]
        out.append(f"<tr><td>{e(row['title'])} <small>({e(row['ending'])})</small></td>"
                   f"<td>{row['kind']}</td><td class=n>{row['games']}</td>"
                   f"<td>{_pct(row['share'])} ({_pct(low)} to {_pct(high)})</td>"
                   f"<td><span class=bar style='width:{8 * row['share']:.2f}em'></span></td>"
                   "</tr>")
    out.append("</table>")
    never = report["endings_never_reached"]
    if never:
        out.append(f"<p class=warn>Endings never reached: {e(', '.join(never))}.</p>")
    fired = report["events_fired"]
    out += [f"<h2>Events</h2><p>{len(fired)} of {report['events_total']} fired at least "
            "once.</p>"]
    if report["events_never_fired"]:
        out.append(f"<p class=warn>Never fired: {e(', '.join(report['events_never_fired']))}"
                   ".</p>")
    outside = report.get("events_outside_band", {})
    if outside:
        out.append("<p>Outside 2 to 90% of games (neither rare nor an anchor): "
                   + e(", ".join(f"{k} {_pct(v)}" for k, v in outside.items())) + ".</p>")
    out += ["<h2>Choices picked</h2><table><tr><th>event</th><th class=n>answers</th>"
            "<th>choices (share of answers)</th></tr>"]
    for row in report["choices"]:
        parts = ", ".join(f"{e(c)} {_pct(v)}" + (" <span class=warn>never</span>" if not v
                                                 else "") for c, v in row["choices"].items())
        out.append(f"<tr><td>{e(row['event'])}</td><td class=n>{row['answered']}</td>"
                   f"<td>{parts}</td></tr>")
    out += ["</table>", "<h2>Actions taken</h2><table><tr><th>action</th><th>side</th>"
            "<th>share of games</th><th class=n>times per game</th></tr>"]
    for row in report["actions"]:
        mark = " class=warn" if not row["games"] else ""
        out.append(f"<tr{mark}><td>{e(row['action'])}</td><td>{e(row['side'])}</td>"
                   f"<td>{_pct(row['share'])}</td><td class=n>{row['per_game']}</td></tr>")
    out += ["</table>", "<h2>Meters over time</h2><p>The 10th, 50th and 90th percentile of "
            "each meter as each turn begins, over every game still running.</p>"]
    for meter in scenario.meters:
        name = charts.get(meter.id)
        if name:
            out.append(f"<p><img src='{e(name)}' alt='{e(meter.name)} over time' "
                       f"width={CHART_SIZE[0]} height={CHART_SIZE[1]}></p>")
    out += ["</body></html>", ""]
    return "\n".join(out)
