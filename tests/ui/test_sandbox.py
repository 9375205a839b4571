"""Admin-edited texts: plain data only, a sandbox, a length cap, friendly errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from nanostore.ui.sandbox import SafeTextRenderer


class Model:
    deleted = False

    def delete(self):
        Model.deleted = True


def test_renders_plain_data_escaped():
    result = SafeTextRenderer().render("Hi {{ user.name }} {{ tags | join(',') }}",
                                       {"user": {"name": "<Ann>"}, "tags": ("a", "b")})
    assert result.ok and result.text == "Hi &lt;Ann&gt; a,b"


def test_converts_dates_and_decimals():
    result = SafeTextRenderer().render("{{ d }} {{ p }}", {"d": dt.date(2024, 1, 2), "p": Decimal("1.5")})
    assert result.text == "2024-01-02 1.5"


def test_refuses_objects_so_their_methods_cannot_run():
    result = SafeTextRenderer().render("{{ obj.delete() }}", {"obj": Model()})
    assert not result.ok and "not plain data" in result.error and not Model.deleted


def test_immutable_sandbox_blocks_mutation_and_internals():
    renderer = SafeTextRenderer()
    assert not renderer.render("{{ items.append(1) }}", {"items": []}).ok
    assert not renderer.render("{{ ''.__class__.__mro__ }}").ok


def test_length_cap_and_errors_are_messages():
    renderer = SafeTextRenderer(max_length=10)
    assert renderer.render("{% for i in range(100) %}xx{% endfor %}").error == \
        "the result is longer than 10 characters"
    assert renderer.render("{{ missing }}").error.startswith("unknown name")
    assert renderer.render("{% if %}").error.startswith("template error")
    assert renderer.render("{{ 1 / 0 }}").error.startswith("cannot render: ZeroDivisionError")
