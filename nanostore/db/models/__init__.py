"""Tortoise models, one module per feature; the app label is `models`."""

from .admin_alerts import AdminAlert
from .audit import AuditEntry
from .broadcast import Broadcast, BroadcastRecipient
from .catalog import Category, DeliveryItem, Product, ProductFaq, ProductMedia
from .cart import CartLine
from .content import ForceJoinChannel, ScreenContent, Setting
from .coupons import Coupon, CouponRedemption
from .orders import Order, OrderLine
from .outbox import OutboxMessage
from .payments import PaymentMethod, PaymentProof, StarsPayment
from .support import Ticket, TicketMessage
from .users import Referral, RewardClaim, User
from .wallet import LedgerEntry, WalletTopUp

__all__ = [
    "AdminAlert", "AuditEntry", "Broadcast", "BroadcastRecipient", "CartLine", "Category", "Coupon",
    "CouponRedemption", "DeliveryItem", "ForceJoinChannel", "LedgerEntry", "Order", "OrderLine", "OutboxMessage",
    "PaymentMethod", "PaymentProof", "Product", "ProductFaq", "ProductMedia", "Referral",
    "RewardClaim", "ScreenContent", "Setting", "StarsPayment", "Ticket", "TicketMessage", "User",
    "WalletTopUp",
]
