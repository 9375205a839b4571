"""The whitespace detector: every line break Jinja's whitespace control takes away between two
lines of text is found, and the uses authors rely on are left alone.

Each glued case is also rendered with the shop's settings, to show the finding is what a person
would really read.
"""

from __future__ import annotations

import pytest
from jinja2 import Environment

from nanostore.ui.check_whitespace import GluedLine, glued_lines

SHOP_ENV = Environment(trim_blocks=True, lstrip_blocks=True)


def render(source: str, **data) -> str:
    return SHOP_ENV.from_string(source).render(**data)


def where(source: str, **settings) -> list[tuple[int, int, int, int]]:
    """(line, next_line, marker_line, column) of each finding."""
    return [(g.line, g.next_line, g.marker_line, g.column)
            for g in glued_lines(source, **settings)]


# --- the glued texts people were sent, each reduced to a small template ---------------------

CHECKOUT = ("Subtotal: {{ subtotal }}\n"
            "{%- if coupon %}\n"
            "🎟 Coupon {{ coupon }}\n"
            "{%- endif %}\n"
            "To pay: {{ due }}\n")


def test_checkout_coupon_line_runs_into_subtotal_and_to_pay():
    assert render(CHECKOUT, subtotal="$15.00", coupon="SAVE20", due="$12.00") == \
        "Subtotal: $15.00🎟 Coupon SAVE20To pay: $12.00"
    assert where(CHECKOUT) == [(1, 3, 2, 3), (3, 5, 4, 3)]
    first, second = glued_lines(CHECKOUT)
    assert first.message == "line 1 runs into line 3: the '-' in '{%- if coupon %}' removes the line break"
    assert second.message == "line 3 runs into line 5: the '-' in '{%- endif %}' removes the line break"


def test_order_detail_without_discount_runs_subtotal_into_to_pay():
    source = ("Subtotal: {{ subtotal }}\n{%- if discount %}\nDiscount: −{{ discount }}\n"
              "{%- endif %}\nTo pay: {{ due }}")
    assert render(source, subtotal="$9.99", discount=0, due="$9.99") == "Subtotal: $9.99To pay: $9.99"
    assert [(g.line, g.next_line) for g in glued_lines(source)] == [(1, 3), (3, 5)]


def test_pay_screen_wallet_line_runs_into_amount_due():
    source = ("Amount due: <b>{{ due }}</b>\n{%- if wallet %}\nAlready paid from wallet: {{ wallet }}\n"
              "{%- endif %}\n\n{% if methods %}Choose how to pay:{% endif %}")
    assert render(source, due="$12.00", wallet="$3.00", methods=[]).startswith(
        "Amount due: <b>$12.00</b>Already paid from wallet: $3.00")
    assert where(source) == [(1, 3, 2, 3)]


@pytest.mark.parametrize("source, data, glued", [
    ("✅ Your top-up has been credited.\n{%- if bonus %}\n🎁 Bonus: +{{ bonus }}\n{%- endif %}\n"
     "💰 Balance: {{ balance }}", {"bonus": 0, "balance": "$8.50"},
     "✅ Your top-up has been credited.💰 Balance: $8.50"),
    ("❌ Your proof was not accepted.\n{%- if reason %}\n📝 Reason: {{ reason }}\n{%- endif %}\n"
     "You can send a new proof…", {"reason": "Wrong amount on screenshot"},
     "❌ Your proof was not accepted.📝 Reason: Wrong amount on screenshotYou can send a new proof…"),
])
def test_notices_run_their_lines_together(source, data, glued):
    assert render(source, **data) == glued
    assert where(source) == [(1, 3, 2, 3), (3, 5, 4, 3)]


def test_support_thread_header_runs_into_the_message_through_trim_blocks():
    source = ("{% for m in messages %}\n"
              "<b>{{ m.who }}</b>{% if m.at %} · {{ m.at }}{% endif %}\n"
              "{{ m.text }}\n"
              "{% endfor %}")
    assert render(source, messages=[{"who": "👤 You", "at": "2026-12-06 17:30 UTC",
                                     "text": "My key shows error 42"}]) == \
        "<b>👤 You</b> · 2026-12-06 17:30 UTCMy key shows error 42\n"
    [glued] = glued_lines(source)
    column = source.splitlines()[1].index("%}", 40) + 1  # the end of '{% endif %}', where '+' goes
    assert (glued.line, glued.next_line, glued.marker_line, glued.column) == (2, 3, 2, column)
    assert glued.message == ("line 2 runs into line 3: trim_blocks removes the line break after "
                             "'{% endif %}' on line 2; write '{% endif +%}' to keep it")


def test_admin_product_card_price_runs_into_stock():
    source = ("💰 Price: <b>{{ price }}</b>{% if stars %} · ⭐ {{ stars }} Stars{% endif %}\n"
              "📦 Stock: <b>{{ stock }}</b>\n"
              "🚚 Delivery")
    assert render(source, price="$10.00", stars=0, stock=50).startswith(
        "💰 Price: <b>$10.00</b>📦 Stock: <b>50</b>")
    assert [(g.line, g.next_line) for g in glued_lines(source)] == [(1, 2)]


def test_admin_stock_line_with_elif_runs_into_delivery():
    source = ("📦 Stock: {% if unlimited %}♾ unlimited{% elif stock %}<b>{{ stock }}</b>"
              "{% else %}❌ out of stock{% endif %}\n🚚 Delivery")
    assert render(source, unlimited=False, stock=50) == "📦 Stock: <b>50</b>🚚 Delivery"
    assert [(g.line, g.next_line) for g in glued_lines(source)] == [(1, 2)]


def test_admin_users_list_and_detail_lines_run_together():
    users = ("<b>👥 Users</b>{% if query %} · 🔎 “{{ query }}”{% endif %}\n"
             "{{ total }} people.")
    assert render(users, query="", total=5) == "<b>👥 Users</b>5 people."
    detail = ("<b>👤 Alice</b>{% if username %} · @{{ username }}{% endif %}\n"
              "🆔 {{ id }}{% if language %} · 🌐 {{ language }}{% endif %}\n"
              "🗓 joined")
    assert render(detail, username="alice", id=2002, language="en") == \
        "<b>👤 Alice</b> · @alice🆔 2002 · 🌐 en🗓 joined"
    assert [(g.line, g.next_line) for g in glued_lines(users)] == [(1, 2)]
    assert [(g.line, g.next_line) for g in glued_lines(detail)] == [(1, 2), (2, 3)]


def test_admin_proof_sent_line_runs_into_the_first_order_line():
    source = ("🗓 sent {{ sent }}{% if decided %} · decided {{ decided }}{% endif %}\n"
              "{% for line in lines %}• {{ line }} × 1\n"
              "{% endfor %}")
    assert render(source, sent="… UTC", decided=None, lines=["Icon pack"]) == \
        "🗓 sent … UTC• Icon pack × 1\n"
    assert [(g.line, g.next_line) for g in glued_lines(source)] == [(1, 2)]


# --- other ways a break goes missing ---------------------------------------------------------

def test_each_kind_of_minus_is_found_at_its_sign():
    assert where("A\n{#- note #}\nB") == [(1, 3, 2, 3)]
    assert where("A\n{%- if x -%}\n\nB{% endif %}") == [(1, 4, 2, 3)]
    assert where("A {{ x }}\n  {{ y -}}  \n\n  {% if z %}{% endif %}B") == []  # '-}}' ends text: on purpose
    assert where("A\n  {{ '' }}\n\n{{- y }}") == []  # a line that starts with '{{-' joins on purpose


def test_a_tag_only_line_with_minus_between_two_text_lines():
    source = "A\n{%- if x %}\nB\n{% endif %}"
    assert render(source, x=True) == "AB\n"
    assert where(source) == [(1, 3, 2, 3)]


def test_a_comment_or_set_that_ends_a_text_line_loses_its_break_to_trim_blocks():
    assert render("A {# note #}\nB") == "A B"
    assert [g.message for g in glued_lines("A {# note #}\nB")] == [
        "line 1 runs into line 2: trim_blocks removes the line break after '{# note #}' on "
        "line 1; write '{# note +#}' to keep it"]
    assert where("A{% set x = 1 %}\nB") == [(1, 2, 1, 15)]


def test_else_branches_run_into_what_follows_the_block():
    source = "{% if x %}\nA\n{%- else %}\nB\n{%- endif %}\nC"
    assert render(source, x=True) == "AC" and render(source, x=False) == "BC"
    assert where(source) == [(2, 6, 3, 3), (4, 6, 5, 3)]


def test_loop_body_that_runs_into_its_next_pass():
    source = "{% for x in xs %}\n{{ x }}\n{%- endfor %}"
    assert render(source, xs=[1, 2]) == "12"
    [glued] = glued_lines(source)
    assert (glued.line, glued.next_line) == (2, 2)
    assert "on the loop's next pass" in glued.message


def test_windows_line_endings_keep_line_numbers():
    assert where("A\r\n{%- if x %}\r\nB\r\n{% endif %}\r\n") == [(1, 3, 2, 3)]


def test_a_long_tag_is_cut_in_the_message():
    source = "A\n{%- if " + " and ".join(f"flag_{n}" for n in range(20)) + " %}\nB\n{% endif %}"
    [glued] = glued_lines(source)
    assert "…' removes the line break" in glued.message and len(glued.message) < 120


# --- legitimate whitespace control: nothing to report ----------------------------------------

@pytest.mark.parametrize("source", [
    # trim_blocks and lstrip_blocks make tag-only lines disappear
    "A\n{% if x %}\nB\n{% endif %}\nC",
    "A\n  {% for x in xs %}\n  • {{ x }}\n  {% endfor %}\nC",
    # '-' that only removes indentation, or the break of a tag-only line
    "{% for x in xs -%}\n    {{ x }}\n{% endfor %}",
    "A\n{% if x -%}\n    B\n{% endif %}",
    "A\n{# a note -#}\nB",
    # '-' at the very start or the very end
    "{%- if not order -%}\nGone\n{%- else -%}\nOrder\n{%- endif %}",
    "A\n{% if x %}\nB\n{%- endif %}",
    # a line that starts with '{%-' and has text of its own is joined on purpose
    "Total: {{ total }}\n{%- if discount %} (−{{ discount }}){% endif %}",
    "{{ a }}\n{{- b }}",
    # branches never run into each other
    "{% if x %}\nA\n{%- elif y %}\nB\n{%- else %}\nC\n{%- endif %}",
    # the fix for a block tag that ends a text line
    "A{% if x %} · B{% endif +%}\nC",
    "Left: {{ n }}{% if manual +%}\n⚠️ Manual{% endif +%}\n\nSend",
    # the old shop idiom without the '-' that glued it
    "Subtotal: {{ s }}\n{% if c %}\n🎟 Coupon {{ c }}\n{% endif %}\nTo pay: {{ p }}",
    # a loop whose lines each end with their own break
    "{% for line in lines %}• {{ line }}\n{% endfor %}{% if note %}📝 {{ note }}{% endif %}",
    # a macro's body is not written where it is defined
    "{% macro shown(v) -%}\n{%- if v %}{{ v }}\n{%- else %}—{% endif -%}\n{%- endmacro %}\n"
    "Value: {{ shown(1) }}\nNext",
    "{% set body %}\nA\n{%- endset %}\nB: {{ body }}",
    # one-line texts and raw blocks
    "✅ Imported {{ count }}.{% if new %} New: {{ new }}.{% endif %}",
    "write {% raw %}{{ balance | money }}{% endraw %}",
    # not Jinja at all: the syntax check reports it
    "A {% if x %}\nB",
])
def test_legitimate_uses_are_not_reported(source):
    assert glued_lines(source) == []


def test_without_trim_blocks_the_minus_idiom_keeps_its_breaks():
    source = "A\n{%- if x %}\nB\n{%- endif %}\nC"
    assert Environment().from_string(source).render(x=True) == "A\nB\nC"
    assert glued_lines(source, trim_blocks=False, lstrip_blocks=False) == []
    assert where(source) == [(1, 3, 2, 3), (3, 5, 4, 3)]


def test_findings_are_plain_values():
    [glued] = glued_lines("A{% if x %}{% endif %}\nB")
    assert isinstance(glued, GluedLine) and glued.line == 1 and glued.next_line == 2
