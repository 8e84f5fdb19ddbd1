"""Bar charts drawn on the server as SVG: this module computes the geometry, the template
`staff/_chart.html` writes the elements (autoescaped, no script, no CDN).

Every chart also comes with its numbers as a table, for screen readers and for reading exact
values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import List, Sequence, Tuple

# Distinguishable for common colour-vision deficiencies (Okabe-Ito), each at least 3:1
# against white.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#7a5c00", "#56658a")


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    color: str
    title: str  # shown on hover, read by screen readers


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass
class Chart:
    title: str
    width: int
    height: int
    bars: List[Bar] = field(default_factory=list)
    labels: List[Label] = field(default_factory=list)
    gridlines: List[Tuple[float, float, float, float]] = field(default_factory=list)
    legend: List[Tuple[str, str]] = field(default_factory=list)  # (color, name)
    # The numbers behind the chart: header row, then one row per group.
    table: List[List[str]] = field(default_factory=list)


def nice_max(value: int) -> int:
    """A round axis maximum at or above `value` (1, 2, 5 times a power of ten)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def grouped_bars(title: str, groups: Sequence[str], series: Sequence[Tuple[str, Sequence[int]]],
                 width: int = 880, height: int = 300) -> Chart:
    """Vertical bars: one group per x label (a week), one bar per series (a stage)."""
    left, right, top, bottom = 44, 8, 12, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = nice_max(max((v for _, values in series for v in values), default=0))
    chart = Chart(title, width, height)
    for step in range(5):
        value = top_value * step / 4
        y = top + plot_h - plot_h * step / 4
        chart.gridlines.append((left, y, width - right, y))
        chart.labels.append(Label(left - 6, y + 4, _number(value), "end"))
    slot = plot_w / max(len(groups), 1)
    bar_w = slot * 0.8 / max(len(series), 1)
    for g, group in enumerate(groups):
        x0 = left + g * slot + slot * 0.1
        for s, (name, values) in enumerate(series):
            value = values[g]
            h = plot_h * value / top_value
            chart.bars.append(Bar(round(x0 + s * bar_w, 1), round(top + plot_h - h, 1),
                                  round(max(bar_w - 1, 1), 1), round(h, 1),
                                  PALETTE[s % len(PALETTE)], f"{group}: {name} {value}"))
        chart.labels.append(Label(round(left + g * slot + slot / 2, 1), height - bottom + 16,
                                  group))
    chart.legend = [(PALETTE[s % len(PALETTE)], name) for s, (name, _) in enumerate(series)]
    chart.table = [["", *[name for name, _ in series]]] + [
        [group, *[str(values[g]) for _, values in series]] for g, group in enumerate(groups)]
    return chart


def horizontal_bars(title: str, items: Sequence[Tuple[str, int]], width: int = 420,
                    bar_height: int = 22) -> Chart:
    """One horizontal bar per item, its count written after it."""
    left, right, gap = 150, 56, 8
    height = max(len(items), 1) * (bar_height + gap) + gap
    top_value = max((v for _, v in items), default=0) or 1
    chart = Chart(title, width, height)
    plot_w = width - left - right
    total = sum(v for _, v in items) or 1
    for i, (name, value) in enumerate(items):
        y = gap + i * (bar_height + gap)
        w = plot_w * value / top_value
        chart.bars.append(Bar(left, y, round(w, 1), bar_height, PALETTE[0],
                              f"{name}: {value}"))
        chart.labels.append(Label(left - 8, y + bar_height * 0.7, name, "end"))
        chart.labels.append(Label(round(left + w + 6, 1), y + bar_height * 0.7,
                                  f"{value} ({round(100 * value / total)}%)", "start"))
    chart.table = [["", "leads"]] + [[name, str(value)] for name, value in items]
    return chart


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"
