"""Hardening fixtures: the e2e shop fixtures, the `--long-hardening` switch, and the logged errors
every hardening test checks at the end (the checks themselves are in tests/fixtures/checks.py)."""

from __future__ import annotations

import logging

import pytest

from tests.e2e.conftest import distinct_intent_ids, emulator, shop, shop_any_mode  # noqa: F401

# Loggers whose ERROR records mean "a handler or a background loop failed unexpectedly".
WATCHED_LOGGERS = ("aiogram", "aiogram_dialog", "nanostore")


def pytest_addoption(parser) -> None:
    parser.addoption("--long-hardening", action="store_true", default=False,
                     help="run the hardening tests' long variants (more actions, more kills)")


@pytest.fixture
def long_run(request) -> bool:
    return request.config.getoption("--long-hardening")


@pytest.fixture
def scale(long_run) -> int:
    """How much more work the long variants do than the default, bounded runs."""
    return 10 if long_run else 1


@pytest.fixture
def errors_logged(caplog):
    """A callable returning the ERROR records of the shop's and aiogram's loggers so far."""
    caplog.set_level(logging.WARNING)

    def collect() -> list[logging.LogRecord]:
        return [record for record in caplog.records if record.levelno >= logging.ERROR
                and record.name.split(".")[0] in WATCHED_LOGGERS]

    return collect




# Default runs pair each transport with one database (polling on SQLite, webhook on
# PostgreSQL): the transport and the database are independent, so the crossed pairs add time,
# not cover. --long-hardening runs all four.
PAIRED = {("polling", "sqlite"), ("webhook", "postgres")}


def pytest_collection_modifyitems(config, items) -> None:
    if config.getoption("--long-hardening"):
        return
    kept, crossed = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        pair = (params.get("shop_any_mode"), params.get("database_backend"))
        in_here = "tests/hardening/" in str(item.fspath).replace("\\", "/")
        crossed_pair = in_here and None not in pair and pair not in PAIRED
        (crossed if crossed_pair else kept).append(item)
    if crossed:
        config.hook.pytest_deselected(items=crossed)
        items[:] = kept
