"""Category banners drawn on the spot (Agg PNG), so the demo needs no downloaded images."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display in the sandbox or on a server

from matplotlib.figure import Figure


def banner_png(title: str, color: str) -> bytes:
    """A 640×240 banner: the title in white on a flat colour band."""
    figure = Figure(figsize=(6.4, 2.4), dpi=100, facecolor=color)
    figure.text(0.5, 0.55, title, color="white", fontsize=34, weight="bold",
                ha="center", va="center")
    figure.text(0.5, 0.22, "NanoStore demo", color="white", fontsize=13, alpha=0.8,
                ha="center", va="center")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=color)
    return buffer.getvalue()
