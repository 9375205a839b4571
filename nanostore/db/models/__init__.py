"""Tortoise models, one module per feature; the app label is `models`.

Each relation is declared with its type (`user: fields.ForeignKeyRelation[User]`), the related
model imported under TYPE_CHECKING. Tortoise also gives every instance the key of each relation
as `<name>_id` (`order.user_id`), created at run time; the models declare these as bare class
annotations (`user_id: int`, `int | None` for a nullable one) so type checkers know them. A bare
annotation makes no class attribute, so Tortoise sees exactly what it saw before.
"""

from .admin_alerts import AdminAlert
from .audit import AuditEntry
from .broadcast import Broadcast, BroadcastRecipient
from .cart import CartLine
from .catalog import Category, DeliveryItem, Product, ProductFaq, ProductMedia
from .content import ForceJoinChannel, JobLease, ScreenContent, Setting
from .coupons import Coupon, CouponRedemption
from .orders import Order, OrderLine
from .outbox import OutboxMessage
from .payments import CardPayment, CryptoInvoice, PaymentMethod, PaymentProof, StarsPayment
from .reviews import Review, StockAlert
from .subscriptions import Subscription, SubscriptionPeriod, SubscriptionPlan
from .support import Ticket, TicketMessage
from .users import Referral, RewardClaim, User
from .wallet import LedgerEntry, WalletTopUp

__all__ = [
    "AdminAlert", "AuditEntry", "Broadcast", "BroadcastRecipient", "CardPayment", "CartLine",
    "Category", "Coupon", "CouponRedemption", "CryptoInvoice", "DeliveryItem", "ForceJoinChannel",
    "JobLease", "LedgerEntry", "Order", "OrderLine", "OutboxMessage", "PaymentMethod",
    "PaymentProof", "Product", "ProductFaq", "ProductMedia", "Referral", "Review", "RewardClaim",
    "ScreenContent", "Setting", "StarsPayment", "StockAlert", "Subscription",
    "SubscriptionPeriod", "SubscriptionPlan", "Ticket", "TicketMessage", "User", "WalletTopUp",
]
