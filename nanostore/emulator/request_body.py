"""Reads a Bot API request's parameters from the query string and a JSON, urlencoded or
multipart body, keeping multipart file parts as uploads."""

from __future__ import annotations

from aiohttp import web

from nanostore.emulator import telegram_errors as errors
from nanostore.emulator.params import Params, Upload


async def read_params(request: web.Request) -> Params:
    params = Params(values=dict(request.query))
    if not request.can_read_body:
        return params
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise errors.bad_request("can't parse JSON request body") from None
        if not isinstance(body, dict):
            raise errors.bad_request("request body must be a JSON object")
        params.values.update(body)
        return params
    form = await request.post()
    for name, value in form.items():
        if isinstance(value, web.FileField):
            params.uploads[name] = Upload(value.filename or name, value.file.read(),
                                          value.content_type)
        else:
            params.values[name] = value
    return params
