"""Domain errors: each has a stable `code` that locales turn into a clear message.

Screens look up `errors.<code>` in the person's language and pass `params` to it, so the
wording lives in locales/ and a service never formats text for people.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    code = "domain_error"

    def __init__(self, **params: Any):
        super().__init__(f"{self.code}: {params}" if params else self.code)
        self.params = params


class NotFound(DomainError):
    code = "not_found"


class AccessDenied(DomainError):
    code = "access_denied"


class InvalidInput(DomainError):
    """Bad value typed by a person: params name the field and the reason."""

    code = "invalid_input"


class OutOfStock(DomainError):
    code = "out_of_stock"


class ProductUnavailable(DomainError):
    code = "product_unavailable"


class CartEmpty(DomainError):
    code = "cart_empty"


class BelowMinimumOrder(DomainError):
    code = "below_minimum_order"


class InsufficientBalance(DomainError):
    code = "insufficient_balance"


class CouponInvalid(DomainError):
    code = "coupon_invalid"


class CouponExpired(DomainError):
    code = "coupon_expired"


class CouponExhausted(DomainError):
    code = "coupon_exhausted"


class CouponAlreadyUsed(DomainError):
    code = "coupon_already_used"


class OrderNotPayable(DomainError):
    code = "order_not_payable"


class OrderNotCancellable(DomainError):
    code = "order_not_cancellable"


class SubscriptionOnly(DomainError):
    """The product is sold as a monthly subscription, not through the cart (params: product)."""

    code = "subscription_only"


class TooManyUnpaidOrders(DomainError):
    """The customer already has as many unpaid orders open as the shop allows (params: limit)."""

    code = "too_many_unpaid_orders"


class InvalidTransition(DomainError):
    code = "invalid_transition"


class DeliveringUnpaid(DomainError):
    """An unpaid order marked delivered: allowed only once the admin confirms it stays unpaid."""

    code = "delivering_unpaid"


class AlreadyDecided(DomainError):
    """A proof or top-up was already approved or rejected (double tap, second admin)."""

    code = "already_decided"


class RewardNotReady(DomainError):
    code = "reward_not_ready"


class TopUpDisabled(DomainError):
    code = "topup_disabled"


class AmountOutOfRange(DomainError):
    code = "amount_out_of_range"


class SelfReferral(DomainError):
    code = "self_referral"


class AlreadyExists(DomainError):
    code = "already_exists"


class TicketClosed(DomainError):
    code = "ticket_closed"


class UserBanned(DomainError):
    code = "user_banned"


class PaymentMismatch(DomainError):
    code = "payment_mismatch"


class CategoryNotEmpty(DomainError):
    """Params give the number of products, so the admin can move them or deactivate instead."""

    code = "category_not_empty"


class StarsUnavailable(DomainError):
    """Neither the products nor the shop set a price in Telegram Stars."""

    code = "stars_unavailable"


class CardsUnavailable(DomainError):
    """Pay by card is switched off (the setting, or no provider token in the environment)."""

    code = "cards_unavailable"


class CryptoUnavailable(DomainError):
    """Pay with crypto is switched off (the setting, or no Crypto Pay token in the environment),
    or the shop's currency is one Crypto Pay cannot price invoices in."""

    code = "crypto_unavailable"


class CryptoPayUnavailable(DomainError):
    """Crypto Pay did not answer, or refused the call (params: method, reason)."""

    code = "crypto_pay_unavailable"


class RewardDisabled(DomainError):
    """The daily reward is switched off (its amount is 0 in the settings)."""

    code = "reward_disabled"


class ReviewNotAllowed(DomainError):
    """Only a customer who received the product (a delivered order of it) may review it."""

    code = "review_not_allowed"


class InvalidRating(DomainError):
    """A rating outside 1..5 (params: rating)."""

    code = "invalid_rating"


class ReviewTooLong(DomainError):
    """A review's text over the limit (params: length, limit)."""

    code = "review_too_long"


class InStockNow(DomainError):
    """A back-in-stock alert asked for a product that can be bought now."""

    code = "in_stock_now"


class AlreadySubscribed(DomainError):
    """The customer's subscription to this product still runs (params: product_id)."""

    code = "already_subscribed"


class NotASubscription(DomainError):
    """The product is not sold as a subscription, or its plan is incomplete (params: product_id)."""

    code = "not_a_subscription"
