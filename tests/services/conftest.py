"""Service-test fixtures; the builders they use are in tests/fixtures/ledger.py."""

from __future__ import annotations

import pytest

from tests.fixtures.ledger import assert_balances_match_ledger


@pytest.fixture
async def ledger_stays_balanced(db):
    """Used by every test of the money modules (`pytestmark = pytest.mark.usefixtures(...)`):
    each test ends with balances equal to the sum of their ledger rows, whatever it did."""
    yield
    await assert_balances_match_ledger()
