"""What the demo shop sells: plain data, so editors can read and extend it."""

from __future__ import annotations

from dataclasses import dataclass, field

from nanostore.db.models.enums import DeliveryType


@dataclass(frozen=True)
class DemoProduct:
    name: str
    price: int  # minor units
    description: str
    stock: int | None = None  # None: unlimited
    delivery_type: DeliveryType = DeliveryType.MANUAL
    keys: tuple[str, ...] = ()  # auto delivery: one key per unit sold
    stars_price: int | None = None


@dataclass(frozen=True)
class DemoCategory:
    name: str
    emoji: str
    color: str  # banner colour
    products: tuple[DemoProduct, ...] = field(default_factory=tuple)


CATEGORIES = (
    DemoCategory("Games", "🎮", "#6d28d9", (
        DemoProduct("Steam key", 999, "A <b>Steam</b> key for one indie game, delivered at once.",
                    stock=0, delivery_type=DeliveryType.AUTO,
                    keys=("STEAM-AAAA-1111", "STEAM-BBBB-2222", "STEAM-CCCC-3333",
                          "STEAM-DDDD-4444", "STEAM-EEEE-5555")),
        DemoProduct("Game coaching hour", 2500, "One hour with a coach; we write to you to book it."),
    )),
    DemoCategory("Software", "💻", "#0f766e", (
        DemoProduct("Antivirus licence", 1999, "One year, one device. Key by message.",
                    stock=0, delivery_type=DeliveryType.AUTO,
                    keys=("AV-2024-0001", "AV-2024-0002", "AV-2024-0003")),
        DemoProduct("Icon pack", 499, "<i>300 icons</i>, unlimited stock, sent by an admin."),
    )),
    DemoCategory("E-books", "📚", "#b45309", (
        DemoProduct("Python handbook", 1500, "A practical handbook, PDF.", stock=10),
    )),
)

PAYMENT_METHOD = ("Bank transfer", "🏦",
                  "Send the total to IBAN <code>DE00 1234 5678 9000</code> and upload the receipt.")
COUPON = ("WELCOME10", 10)  # code, percent
SETTINGS = {"bot_name": "NanoStore Demo", "currency": "$", "currency_code": "USD",
            "stars_per_unit": 2}  # 2 Stars per $1.00
