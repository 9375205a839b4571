"""Charts for the back office, drawn off-screen (Agg) into PNG bytes sized for a phone.

Telegram shows a photo across the chat's width: on a phone that is about 1080 px, scaled down
to roughly 400 points. So the chart is drawn 1080 px wide with fonts large enough to survive
that scaling, few date labels (today always among them), amounts with the shop's currency, and
a constrained layout so no label is cut off at the edges.

Drawing takes tens of milliseconds of CPU: callers run `revenue_png` in a thread
(asyncio.to_thread) so other people's clicks are not held up.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from datetime import date

import matplotlib

matplotlib.use("Agg")  # no display on a server; must be chosen before pyplot is imported

from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.ticker import FuncFormatter, MaxNLocator

WIDTH_PX, HEIGHT_PX, DPI = 1080, 810, 150   # 4:3, a phone's width
TITLE_SIZE, LABEL_SIZE = 20, 15             # points at DPI: ~11 and ~8 pt once on a phone
MAX_DATE_LABELS = 7                         # "31.12" × 7 fits the width without rotation
MAX_AMOUNT_TICKS = 5
EDGE_PAD = 0.12                             # inches kept free around the labels
BAR_COLOR, GRID_ALPHA = "#3b82f6", 0.3


def revenue_png(days: Sequence[date], amounts: Sequence[int], currency: str, title: str) -> bytes:
    """A bar chart of revenue per day as PNG bytes; amounts are minor units."""
    buffer = io.BytesIO()
    revenue_figure(days, amounts, currency, title).savefig(buffer, format="png")
    return buffer.getvalue()


def revenue_figure(days: Sequence[date], amounts: Sequence[int], currency: str,
                   title: str) -> Figure:
    # A Figure without pyplot keeps no global state, so concurrent threads do not collide.
    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI,
                    layout=ConstrainedLayoutEngine(w_pad=EDGE_PAD, h_pad=EDGE_PAD))
    axes = figure.subplots()
    positions = range(len(days))
    axes.bar(positions, [amount / 100 for amount in amounts], width=0.8, color=BAR_COLOR)
    axes.set_title(title, fontsize=TITLE_SIZE, loc="left", pad=22)
    shown = date_label_positions(len(days))
    axes.set_xticks(shown, [f"{days[i].day}.{days[i].month:02d}" for i in shown])
    axes.set_xlim(-0.6, len(days) - 0.4)
    top = max(amounts, default=0) / 100
    ticks = amount_ticks(top)
    axes.set_yticks(ticks)
    axes.set_ylim(0, ticks[-1] if top else 1)  # an empty period reads "0", not a negative axis
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: money_tick(value, currency, top)))
    axes.tick_params(labelsize=LABEL_SIZE, length=0, pad=8)
    axes.grid(axis="y", alpha=GRID_ALPHA)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    return figure


def date_label_positions(count: int) -> list[int]:
    """At most MAX_DATE_LABELS evenly spaced days, counted back from the last (today)."""
    if count <= 0:
        return []
    step = max(1, math.ceil(count / MAX_DATE_LABELS))
    return list(range(count - 1, -1, -step))[::-1]


def amount_ticks(top: float) -> list[float]:
    """Round amounts from 0 to at least the highest bar, so the tallest bar has a label above it."""
    if top <= 0:
        return [0.0]
    ticks = MaxNLocator(nbins=MAX_AMOUNT_TICKS, min_n_ticks=2).tick_values(0, top)
    return [float(tick) for tick in ticks if tick >= 0]


def money_tick(value: float, currency: str, top: float) -> str:
    """An axis amount short enough for a phone, in one unit for the whole axis (chosen by the
    highest bar, `top`): $250 · $1,200 · $15k · $1.5M; cents only on a tiny axis ($0.50)."""
    if value == 0:
        return f"{currency}0"
    if top >= 1_000_000:
        return f"{currency}{value / 1_000_000:,.1f}M".replace(".0M", "M")
    if top >= 10_000:
        return f"{currency}{value / 1000:,.0f}k"
    if value == int(value):
        return f"{currency}{value:,.0f}"
    return f"{currency}{value:,.2f}"
