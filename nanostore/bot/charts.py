"""Charts for the back office, drawn off-screen (Agg) into PNG bytes.

Drawing takes tens of milliseconds of CPU: callers run `revenue_png` in a thread
(asyncio.to_thread) so other people's clicks are not held up.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

import matplotlib

matplotlib.use("Agg")  # no display on a server; must be chosen before pyplot is imported

from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402


def revenue_png(days: Sequence[date], amounts: Sequence[int], currency: str, title: str) -> bytes:
    """A bar chart of revenue per day; amounts are minor units."""
    # A Figure without pyplot keeps no global state, so concurrent threads do not collide.
    figure = Figure(figsize=(8, 4), dpi=100)
    axes = figure.subplots()
    axes.bar([day.strftime("%d.%m") for day in days], [amount / 100 for amount in amounts],
             color="#3b82f6")
    axes.set_title(title)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{currency}{value:,.0f}"))
    axes.tick_params(axis="x", labelrotation=60, labelsize=7)
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
