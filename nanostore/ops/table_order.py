"""Which table to fill first: every table after the tables its foreign keys point to.

A foreign key to the table itself (users.referrer_id) cannot be ordered that way; such
columns are filled in a second pass, once every row of the table exists.
"""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter

from tortoise.fields.relational import ForeignKeyFieldInstance
from tortoise.models import Model

from nanostore.ops import OpsError


def _keys(model: type[Model]) -> list[ForeignKeyFieldInstance]:
    """The model's foreign keys, one-to-one keys included (they are foreign keys too)."""
    meta = model._meta
    fields = [meta.fields_map[name] for name in meta.fk_fields | meta.o2o_fields]
    return [field for field in fields if isinstance(field, ForeignKeyFieldInstance)]


def referenced_models(model: type[Model]) -> set[type[Model]]:
    return {field.related_model for field in _keys(model)}


def self_reference_columns(model: type[Model]) -> list[str]:
    columns = [field.source_field for field in _keys(model) if field.related_model is model]
    return sorted(column for column in columns if column is not None)  # a key names its column


def dependency_order(models: list[type[Model]]) -> list[type[Model]]:
    # Sorted by table name first so the order (and the printed report) is the same every run.
    models = sorted(models, key=lambda model: model._meta.db_table)
    graph = {model: referenced_models(model) - {model} for model in models}
    sorter = TopologicalSorter(graph)
    try:
        return list(sorter.static_order())
    except CycleError as error:
        tables = ", ".join(model._meta.db_table for model in error.args[1])
        raise OpsError(f"foreign keys form a cycle ({tables}); copy needs a new rule for it") from None
