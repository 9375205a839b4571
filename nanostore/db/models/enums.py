"""Closed sets of states stored as short strings (readable in SQL, stable across migrations)."""

from enum import StrEnum


class StockMode(StrEnum):
    UNLIMITED = "unlimited"
    COUNTED = "counted"


class DeliveryType(StrEnum):
    AUTO = "auto"
    MANUAL = "manual"


class MediaKind(StrEnum):
    PHOTO = "photo"
    VIDEO = "video"
    DOCUMENT = "document"
    VOICE = "voice"
    ANIMATION = "animation"


class ItemKind(StrEnum):
    TEXT = "text"
    FILE = "file"


class OrderStatus(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    PROCESSING = "processing"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


class PaymentStatus(StrEnum):
    UNPAID = "unpaid"
    AWAITING_REVIEW = "awaiting_review"
    PAID = "paid"
    REFUNDED = "refunded"


class ReviewStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class LedgerReason(StrEnum):
    TOPUP = "topup"
    TOPUP_BONUS = "topup_bonus"
    ORDER_PAYMENT = "order_payment"
    ORDER_REFUND = "order_refund"
    DAILY_REWARD = "daily_reward"
    REFERRAL_REWARD = "referral_reward"
    ADMIN_ADJUSTMENT = "admin_adjustment"


class TicketStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class StarsPaymentStatus(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    ORPHAN = "orphan"
    REFUNDED = "refunded"


class CardPaymentStatus(StrEnum):
    RECEIVED = "received"  # recorded, not applied yet (a crash in between: applied at start-up)
    APPLIED = "applied"  # paid its order or credited its top-up
    DUPLICATE = "duplicate"  # a second charge for an order already paid: refund at the provider
    ORPHAN = "orphan"  # matches no order of the payer: an admin looks into it


class CryptoInvoiceStatus(StrEnum):
    ACTIVE = "active"  # waiting to be paid in the customer's Crypto Bot
    APPLIED = "applied"  # paid its order or credited its top-up
    DUPLICATE = "duplicate"  # paid for an order already paid another way: refund by hand
    MISMATCH = "mismatch"  # paid, but not what we invoiced (amount, currency, payer): an admin looks
    EXPIRED = "expired"  # Crypto Pay let it lapse unpaid: the customer makes a new one
    CANCELLED = "cancelled"  # withdrawn unpaid (its order was paid another way or cancelled)


class BroadcastStatus(StrEnum):
    DRAFT = "draft"
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    CANCELLED = "cancelled"


class RecipientStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"


class SubscriptionAccess(StrEnum):
    CHANNEL = "channel"  # membership of a private channel or group, by a one-person invite link
    KEY = "key"  # a fresh item from the product's delivery pool each period


class SubscriptionStatus(StrEnum):
    ACTIVE = "active"  # renews each period at Telegram
    CANCELED = "canceled"  # will not renew (cancelled through the bot): runs to its end
    LAPSED = "lapsed"  # its period ended without a renewal: access removed
