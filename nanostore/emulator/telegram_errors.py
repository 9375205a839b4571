"""Every error the emulator can answer with, worded as the real Bot API words it.

Kept in one module so the texts that bots match on (aiogram-dialog matches substrings such as
"message is not modified") are reviewed in one place against Telegram's own wording.
"""

from __future__ import annotations


class TelegramError(Exception):
    """An error envelope: ``{"ok": false, "error_code": status, "description": ...}``."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def envelope(self) -> dict:
        body: dict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(reason: str) -> TelegramError:
    return TelegramError(400, f"Bad Request: {reason}")


UNAUTHORIZED = (401, "Unauthorized")
NOT_FOUND = (404, "Not Found")

MESSAGE_TOO_LONG = "message is too long"
MESSAGE_TEXT_EMPTY = "message text is empty"
CAPTION_TOO_LONG = "message caption is too long"
BUTTON_DATA_INVALID = "BUTTON_DATA_INVALID"
MESSAGE_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
NO_TEXT_TO_EDIT = "there is no text in the message to edit"
NO_CAPTION_TO_EDIT = "there is no caption in the message to edit"
MESSAGE_TO_EDIT_NOT_FOUND = "message to edit not found"
MESSAGE_TO_DELETE_NOT_FOUND = "message to delete not found"
MESSAGE_TO_COPY_NOT_FOUND = "message to copy not found"
MESSAGE_TO_FORWARD_NOT_FOUND = "message to forward not found"
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
CHAT_NOT_FOUND = "chat not found"
USER_NOT_FOUND = "user not found"
MEMBER_LIST_INACCESSIBLE = "member list is inaccessible"
WRONG_FILE_IDENTIFIER = "wrong file identifier/HTTP URL specified"
INVALID_FILE_ID = "invalid file_id"
UNSUPPORTED_PARSE_MODE = "unsupported parse_mode"
MEDIA_GROUP_SIZE = "Too few media in the group: 2-10 expected"
STARS_ONE_PRICE = "STARS_INVOICE_INVALID"
CURRENCY_TOTAL_AMOUNT_INVALID = "CURRENCY_TOTAL_AMOUNT_INVALID"
PAYMENT_PROVIDER_INVALID = "PAYMENT_PROVIDER_INVALID"  # a fiat invoice without a provider token
CHARGE_ID_INVALID = "CHARGE_ID_INVALID"
CHARGE_ALREADY_REFUNDED = "CHARGE_ALREADY_REFUNDED"
SUBSCRIPTION_PERIOD_INVALID = "SUBSCRIPTION_PERIOD_INVALID"
SUBSCRIPTION_PRICE_INVALID = "SUBSCRIPTION_PRICE_INVALID"
SUBSCRIPTION_MAX_STARS = 10000  # the most a subscription may cost per period
SUBSCRIPTION_NOT_CANCELED = "SUBSCRIPTION_NOT_CANCELED"  # re-enabling one the bot did not cancel
USER_NOT_PARTICIPANT = "USER_NOT_PARTICIPANT"
CANT_REMOVE_CHAT_OWNER = "can't remove chat owner"
NOT_ENOUGH_RIGHTS_INVITE = "not enough rights to manage chat invite link"
NOT_ENOUGH_RIGHTS_RESTRICT = "not enough rights to restrict/unrestrict chat member"
INVITE_LINK_EXPIRED = "INVITE_HASH_EXPIRED"
BAD_WEBHOOK_URL = "bad webhook: An HTTPS URL must be provided for webhook"
BAD_WEBHOOK_SECRET = "secret token contains unallowed characters"
BAD_COMMAND = "BOT_COMMAND_INVALID"
BLOCKED_BY_USER = "Forbidden: bot was blocked by the user"
TERMINATED_BY_OTHER_POLL = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
WEBHOOK_IS_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)


def parameter_missing(name: str) -> TelegramError:
    return bad_request(f"{name} is required")


def parameter_invalid(name: str, detail: str) -> TelegramError:
    return bad_request(f"invalid {name} specified: {detail}")


def cant_parse_entities(detail: str) -> TelegramError:
    return bad_request(f"can't parse entities: {detail}")


def unauthorized() -> TelegramError:
    return TelegramError(*UNAUTHORIZED)


def method_not_found() -> TelegramError:
    return TelegramError(*NOT_FOUND)


def forbidden_blocked() -> TelegramError:
    return TelegramError(403, BLOCKED_BY_USER)


def conflict_terminated() -> TelegramError:
    return TelegramError(409, TERMINATED_BY_OTHER_POLL)


def conflict_webhook_active() -> TelegramError:
    return TelegramError(409, WEBHOOK_IS_ACTIVE)


def too_many_requests(retry_after: int) -> TelegramError:
    return TelegramError(429, f"Too Many Requests: retry after {retry_after}", retry_after)


def server_error(status: int = 500) -> TelegramError:
    texts = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}
    return TelegramError(status, texts.get(status, "Internal Server Error"))
