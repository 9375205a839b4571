"""The HTTP side: /bot<token>/<method> answering Bot API envelopes, /file/bot<token>/<path>
serving downloads. Every call passes fault injection and is recorded for tests."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from aiohttp import web

from nanostore.emulator import telegram_errors as errors
from nanostore.emulator.core import Core
from nanostore.emulator.faults import Faults
from nanostore.emulator.files import find_by_path
from nanostore.emulator.methods import find_method
from nanostore.emulator.params import Params
from nanostore.emulator.request_body import read_params

logger = logging.getLogger(__name__)


@dataclass
class CallRecord:
    method: str
    params: dict
    ok: bool = True
    error: str | None = None


class ApiServer:
    def __init__(self, core: Core, faults: Faults, token: str) -> None:
        self.core = core
        self.faults = faults
        self.token = token
        self.calls: list[CallRecord] = []
        # Called with (method, params) after each successful call: benchmarks time replies here.
        self.observers: list = []
        self.crashes = 0
        self.app = web.Application(client_max_size=60 * 1024 * 1024)
        self.app.router.add_route("*", "/bot{token}/{method}", self.handle_method)
        self.app.router.add_get("/file/bot{token}/{path:.+}", self.handle_file)

    async def handle_method(self, request: web.Request) -> web.Response:
        try:
            if request.match_info["token"] != self.token:
                raise errors.unauthorized()
            handler = find_method(request.match_info["method"])
            if handler is None:
                raise errors.method_not_found()
            params = await read_params(request)
            result = await self.call(request.match_info["method"], handler, params)
        except errors.TelegramError as error:
            return web.json_response(error.envelope(), status=error.status)
        except Exception:
            # An emulator bug must look like a Telegram outage to the bot, and be loud here.
            logger.exception("emulator failed on %s", request.match_info["method"])
            self.crashes += 1
            return web.json_response(errors.server_error().envelope(), status=500)
        return web.json_response({"ok": True, "result": result})

    async def call(self, method: str, handler, params: Params):
        record = CallRecord(method, dict(params.values) | {k: "<file>" for k in params.uploads})
        self.calls.append(record)
        with self.core.activity.request(method):
            try:
                await self.faults.apply(method, params)
                result = await handler(self.core, params)
            except errors.TelegramError as error:
                record.ok, record.error = False, error.description
                raise
            for observer in self.observers:
                observer(method, params.values)
            return result

    async def execute_reply(self, method: str, values: dict) -> None:
        """Runs a method a webhook answered with; its result goes nowhere, as on Telegram."""
        handler = find_method(method)
        if handler is None:
            return
        try:
            await self.call(method, handler, Params(values=values))
        except errors.TelegramError as error:
            logger.info("webhook reply %s failed: %s", method, error.description)

    async def handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(errors.unauthorized().envelope(), status=401)
        stored = find_by_path(self.core.state, request.match_info["path"])
        if stored is None:
            return web.json_response(errors.method_not_found().envelope(), status=404)
        return web.Response(body=stored.content, content_type=stored.mime_type)
