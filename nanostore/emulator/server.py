"""The HTTP side: /bot<token>/<method> answering Bot API envelopes, /file/bot<token>/<path>
serving downloads. Every call passes fault injection and is recorded for tests.

A call faulted to get no answer (disconnect, hang) ends with the connection closed and not a
byte written, which aiohttp's client reports as ServerDisconnectedError.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass

from aiohttp import web

from nanostore.emulator import telegram_errors as errors
from nanostore.emulator.core import Core
from nanostore.emulator.faults import Faults, NoAnswer
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
        except NoAnswer as no_answer:
            return await self._no_answer(request, no_answer)
        except errors.TelegramError as error:
            return web.json_response(error.envelope(), status=error.status)
        except Exception:
            # An emulator bug must look like a Telegram outage to the bot, and be loud here.
            logger.exception("emulator failed on %s", request.match_info["method"])
            self.crashes += 1
            return web.json_response(errors.server_error().envelope(), status=500)
        return web.json_response({"ok": True, "result": result})

    async def _no_answer(self, request: web.Request, no_answer: NoAnswer) -> web.Response:
        """Holds a hanging request, then closes the connection unanswered. The response
        returned cannot be written to the closed transport, and aiohttp takes that quietly
        for a client that went away. A client giving up first closes the connection, and
        aiohttp (handler_cancellation) cancels this wait."""
        with self.core.activity.request(request.match_info["method"]):
            await self.faults.hold(no_answer)
        if request.transport is not None:
            request.transport.close()
        return web.Response(status=204)

    async def call(self, method: str, handler, params: Params):
        record = CallRecord(method, dict(params.values) | {k: "<file>" for k in params.uploads})
        self.calls.append(record)
        with self.core.activity.request(method):
            try:
                result = await self._faulted(method, handler, params)
            except (errors.TelegramError, NoAnswer) as error:
                record.ok, record.error = False, error.description
                raise
            for observer in self.observers:
                observer(method, params.values)
            return result

    async def _faulted(self, method: str, handler, params: Params):
        """Runs the handler unless a fault stops it; a NoAnswer is raised after the handler
        when the call is to take effect with its answer lost (whatever the answer was)."""
        no_answer = await self.faults.apply(method, params)
        if no_answer is None:
            return await handler(self.core, params)
        if no_answer.executed:
            # Its error envelope is lost with the connection, as a result would be.
            with contextlib.suppress(errors.TelegramError):
                await handler(self.core, params)
        raise no_answer

    async def execute_reply(self, method: str, values: dict) -> None:
        """Runs a method a webhook answered with; its result goes nowhere, as on Telegram."""
        handler = find_method(method)
        if handler is None:
            return
        try:
            await self.call(method, handler, Params(values=values))
        except (errors.TelegramError, NoAnswer) as error:
            # Nobody waits for this answer, so a lost one is just logged, never held.
            logger.info("webhook reply %s failed: %s", method, error.description)

    async def handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(errors.unauthorized().envelope(), status=401)
        stored = find_by_path(self.core.state, request.match_info["path"])
        if stored is None:
            return web.json_response(errors.method_not_found().envelope(), status=404)
        return web.Response(body=stored.content, content_type=stored.mime_type)
