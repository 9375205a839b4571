"""The revenue chart reads on a phone (issue 20): drawn 1080 px wide, large fonts, at most a
handful of date labels that do not overlap (today always labelled), amounts with the shop's
currency, nothing cut off at the edges. Checked on matplotlib's own objects, not on pixels."""

from __future__ import annotations

import random
import struct
from datetime import date, timedelta

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from nanostore.bot.charts import WIDTH_PX, revenue_figure, revenue_png
from tests.fixtures.admin import open_panel
from tests.fixtures.orders import seed_activity

TODAY = date(2025, 6, 5)
MIN_FONT_POINTS = 14  # at 150 dpi, about 8 pt once Telegram fits 1080 px into a phone's width


def period(days: int) -> list[date]:
    return [TODAY - timedelta(days=days - 1 - offset) for offset in range(days)]


def png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG")
    return struct.unpack(">II", png[16:24])


def drawn(days: int, amounts: list[int], currency: str = "$"):
    figure = revenue_figure(period(days), amounts, currency, f"Revenue, last {days} days")
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return figure, figure.axes[0], canvas.get_renderer()


@pytest.mark.parametrize("days", [7, 30, 90])
def test_the_chart_is_phone_sized_with_few_large_readable_labels(days):
    rng = random.Random(days)
    amounts = [rng.choice([0, rng.randint(0, 2_000_000)]) for _ in range(days)]
    figure, axes, renderer = drawn(days, amounts)
    assert png_size(revenue_png(period(days), amounts, "$", "Revenue")) == (WIDTH_PX, 810)
    dates = [label for label in axes.get_xticklabels() if label.get_text()]
    assert 4 <= len(dates) <= 8
    assert dates[-1].get_text() == "5.06"  # today is labelled
    if days == 7:
        assert len(dates) == 7  # a week has room for every day
    amounts_shown = [label for label in axes.get_yticklabels() if label.get_text()]
    assert all(label.get_text().startswith("$") for label in amounts_shown)
    assert amounts_shown[0].get_text() == "$0"
    top_tick = max(axes.get_yticks())
    assert top_tick >= max(amounts) / 100  # the tallest bar has an amount at or above it
    for label in [*dates, *amounts_shown]:
        assert label.get_fontsize() >= MIN_FONT_POINTS
        assert label.get_rotation() == 0
    title = next(text for text in axes.get_children()
                 if getattr(text, "get_text", None) and text.get_text().startswith("Revenue"))
    assert title.get_fontsize() > MIN_FONT_POINTS
    boxes = [label.get_window_extent(renderer) for label in dates]
    assert not any(left.overlaps(right) for left, right in zip(boxes, boxes[1:], strict=False))
    canvas_box = figure.bbox
    for text in [*dates, *amounts_shown, title]:
        box = text.get_window_extent(renderer)
        assert (box.x0 >= 0 and box.y0 >= 0 and box.x1 <= canvas_box.x1
                and box.y1 <= canvas_box.y1), f"{text.get_text()!r} is cut off: {box}"


def test_axis_amounts_use_one_short_unit():
    _figure, axes, _renderer = drawn(30, [0] * 29 + [2_000_000])  # $20,000 on the last day
    assert [label.get_text() for label in axes.get_yticklabels()] == [
        "$0", "$4k", "$8k", "$12k", "$16k", "$20k"]
    _figure, axes, _renderer = drawn(7, [0, 0, 0, 0, 0, 0, 125_000], "€")
    assert [label.get_text() for label in axes.get_yticklabels()][-1] == "€1,250"


def test_an_empty_period_reads_zero_not_a_negative_axis():
    _figure, axes, _renderer = drawn(30, [0] * 30)
    assert [label.get_text() for label in axes.get_yticklabels()] == ["$0"]
    assert axes.get_ylim() == (0, 1)


async def test_the_admin_receives_the_phone_sized_chart(shop):
    await seed_activity()
    admin = await open_panel(shop)
    await admin.tap("📈 Revenue chart")
    photo = next(message for message in admin.inbox if message.media_kind == "photo")
    assert photo.caption == "📈 Revenue of paid orders, last 30 days: $22.00"
    assert png_size(photo.file.content) == (WIDTH_PX, 810)
    assert "Admin panel" in admin.screen.text
