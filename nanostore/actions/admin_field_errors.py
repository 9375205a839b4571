"""Admin forms name the wrong field: "The price must be more than zero", not "invalid value".

Services raise InvalidInput(field=..., reason=...); the shared `errors.invalid_input` text cannot
know which form it is in, so admin actions translate `<feature>.invalid.<field>` instead.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from nanostore.services.errors import InvalidInput
from nanostore.ui import ActionContext, Stay

from .replies import note


def explain_invalid_fields(feature: str) -> Callable:
    def decorate(function: Callable[[ActionContext], Awaitable[Any]]):
        @functools.wraps(function)
        async def explained(ctx: ActionContext) -> Any:
            try:
                return await function(ctx)
            except InvalidInput as error:
                field = str(error.params.get("field", "value"))
                note(ctx, f"{feature}.invalid.{field}", **error.params)
                return Stay()
        return explained
    return decorate
