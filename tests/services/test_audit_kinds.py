"""Every action the code audits belongs to one kind an owner can filter by (services/audit.py),
so a new audited action does not silently vanish from every filtered view."""

from __future__ import annotations

import re
from pathlib import Path

import nanostore
from nanostore.services import audit

# audit.record(admin, "order.status", ...) and helpers like _audit(admin, "payment_method.create", ...)
RECORDED = re.compile(r"(?:audit\.record|_audit|_record)\([^,()]+,\s*f?\"([a-z_]+)\.")


def audited_subjects() -> set[str]:
    root = Path(nanostore.__file__).parent
    return {match for path in root.rglob("*.py") for match in RECORDED.findall(path.read_text())}


def test_each_audited_subject_has_exactly_one_kind():
    subjects = [subject for kind in audit.KINDS for subject in kind.subjects]
    assert len(subjects) == len(set(subjects))
    found = audited_subjects()
    assert {"order", "product", "wallet", "settings"} <= found  # the scan sees the code
    assert found <= set(subjects), f"audited but in no kind: {sorted(found - set(subjects))}"


def test_known_kind_accepts_only_defined_kinds():
    assert audit.known_kind("orders") == "orders"
    assert audit.known_kind("refunds") is None
    assert audit.known_kind(None) is None and audit.known_kind(["orders"]) is None
