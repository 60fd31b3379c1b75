"""The play-depth bars of DESIGN.md, checked against a lab run.

Each finding states a bar, the figure measured, and whether it holds, so an
author sees at once what to fix:

* no one-line rule or single-action spam reaches its seat's best ending in more
  than 40% of games at normal difficulty;
* lookahead scores at least 10 more than greedy, greedy at least 25 more than random;
* skilled play (greedy and lookahead) sees at least 3 endings, each in 5% of its games;
* greedy's mean score falls strictly from easy to normal to hard.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.analysis.lab import CellReport

RULE_BEST_SHARE = 0.40
LOOKAHEAD_OVER_GREEDY = 10.0
GREEDY_OVER_RANDOM = 25.0
SKILLED_ENDINGS = 3
SKILLED_ENDING_SHARE = 0.05
SKILLED = ("greedy", "lookahead")
NOT_RULES = ("random", "historical", "greedy", "lookahead", "computer")


@dataclass(frozen=True)
class Finding:
    seat: str
    bar: str
    measured: str
    holds: bool

    def to_json(self) -> dict[str, object]:
        return {"seat": self.seat, "bar": self.bar, "measured": self.measured,
                "holds": self.holds}


def _cell(reports: list[CellReport], policy: str, seat: str, difficulty: str
          ) -> CellReport | None:
    for report in reports:
        c = report.cell
        if c.policy == policy and c.seat == seat and c.difficulty == difficulty:
            return report
    return None


def findings(reports: list[CellReport], seats: list[str], difficulty: str = "normal"
             ) -> list[Finding]:
    result: list[Finding] = []
    for seat in seats:
        rules = [r for r in reports if r.cell.seat == seat and r.cell.difficulty == difficulty
                 and r.cell.policy not in NOT_RULES]
        if rules:
            worst = max(rules, key=lambda r: r.best_share)
            result.append(Finding(
                seat, f"no one-line rule or spam reaches the best ending in > "
                      f"{RULE_BEST_SHARE:.0%} of games",
                f"highest: {worst.cell.policy} {worst.best_share:.0%}",
                worst.best_share <= RULE_BEST_SHARE))
        random_ = _cell(reports, "random", seat, difficulty)
        greedy = _cell(reports, "greedy", seat, difficulty)
        look = _cell(reports, "lookahead", seat, difficulty)
        if greedy and random_:
            gap = greedy.mean - random_.mean
            result.append(Finding(seat, f"greedy >= random + {GREEDY_OVER_RANDOM:g}",
                                  f"{greedy.mean:.1f} vs {random_.mean:.1f} ({gap:+.1f})",
                                  gap >= GREEDY_OVER_RANDOM))
        if greedy and look:
            gap = look.mean - greedy.mean
            result.append(Finding(seat, f"lookahead >= greedy + {LOOKAHEAD_OVER_GREEDY:g}",
                                  f"{look.mean:.1f} vs {greedy.mean:.1f} ({gap:+.1f})",
                                  gap >= LOOKAHEAD_OVER_GREEDY))
        for policy in SKILLED:
            cell = _cell(reports, policy, seat, difficulty)
            if cell is None or not cell.games:
                continue
            common = sorted((e for e, n in cell.endings.items()
                             if n / cell.games >= SKILLED_ENDING_SHARE))
            result.append(Finding(
                seat, f"{policy} sees >= {SKILLED_ENDINGS} endings each in >= "
                      f"{SKILLED_ENDING_SHARE:.0%} of games",
                f"{len(common)}: {', '.join(common) or 'none'}",
                len(common) >= SKILLED_ENDINGS))
        ladder = [_cell(reports, "greedy", seat, d) for d in ("easy", "normal", "hard")]
        if all(ladder):
            means = [c.mean for c in ladder if c is not None]
            result.append(Finding(
                seat, "greedy's score falls from easy to normal to hard",
                " > ".join(f"{m:.1f}" for m in means),
                means[0] > means[1] > means[2]))
    return result
