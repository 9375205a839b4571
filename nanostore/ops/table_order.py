"""Which table to fill first: every table after the tables its foreign keys point to.

A foreign key to the table itself (users.referrer_id) cannot be ordered that way; such
columns are filled in a second pass, once every row of the table exists.
"""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter

from tortoise.models import Model

from nanostore.ops import OpsError


def referenced_models(model: type[Model]) -> set[type[Model]]:
    meta = model._meta
    return {meta.fields_map[name].related_model for name in meta.fk_fields | meta.o2o_fields}


def self_reference_columns(model: type[Model]) -> list[str]:
    meta = model._meta
    return sorted(meta.fields_map[name].source_field for name in meta.fk_fields | meta.o2o_fields
                  if meta.fields_map[name].related_model is model)


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
