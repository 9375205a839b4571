"""Money for the loopback Crypto Pay: the assets and fiat currencies Crypto Pay knows, USD rates,
and the paid_* and fee_* fields of a paid invoice.

Amounts travel as decimal strings, as in the real API, and are computed with Decimal so a test
can compare "11.55" with what the shop stored without float noise.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# The assets Crypto Pay accepts (JET exists on testnet only), with the decimals it shows them in.
ASSET_PLACES = {"USDT": 6, "TON": 9, "BTC": 8, "ETH": 8, "LTC": 8, "BNB": 8, "TRX": 6, "USDC": 6,
                "JET": 6}
FIATS = ("USD", "EUR", "RUB", "BYN", "UAH", "GBP", "CNY", "KZT", "UZS", "GEL", "TRY", "AMD", "THB",
         "INR", "BRL", "IDR", "AZN", "AED", "PLN", "ILS")

# The price of one unit in USD: believable round numbers, not market data. A test passes its own
# `rates` to the fake to override any of them (crypto or fiat alike).
DEFAULT_RATES = {
    "USDT": "1", "USDC": "1", "TON": "5", "BTC": "60000", "ETH": "3000", "LTC": "80", "BNB": "600",
    "TRX": "0.12", "JET": "0.01",
    "USD": "1", "EUR": "1.1", "RUB": "0.011", "BYN": "0.31", "UAH": "0.024", "GBP": "1.27",
    "CNY": "0.14", "KZT": "0.0021", "UZS": "0.00008", "GEL": "0.37", "TRY": "0.031", "AMD": "0.0026",
    "THB": "0.028", "INR": "0.012", "BRL": "0.18", "IDR": "0.000062", "AZN": "0.59", "AED": "0.27",
    "PLN": "0.25", "ILS": "0.27",
}

# Crypto Pay keeps a 3% fee on paid invoices, in the asset paid.
FEE_SHARE = Decimal("0.03")
FIAT_PLACES = 2


def parse_amount(value: object) -> Decimal | None:
    """A positive finite decimal from a string or JSON number, or None. Clients send both:
    aiosend sends a JSON number, the docs show a string."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and amount > 0 else None


def text(amount: Decimal, places: int) -> str:
    """Rounded to `places` and written the way Crypto Pay writes amounts: no exponent, no trailing
    zeros ("11.55", "0.00018333", "10")."""
    rounded = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    written = format(rounded, "f")
    return written.rstrip("0").rstrip(".") if "." in written else written


def paid_fields(invoice: dict, asset: str, rates: dict[str, Decimal]) -> dict:
    """The fields a payment in `asset` adds to the invoice. For a fiat invoice the customer pays
    the fiat amount converted at the rates; for a crypto invoice, the amount itself."""
    usd_rate = rates[asset]
    places = ASSET_PLACES[asset]
    fields: dict[str, str] = {}
    paid = Decimal(invoice["amount"])
    if invoice["currency_type"] == "fiat":
        fiat_rate = rates[invoice["fiat"]]
        paid = paid * fiat_rate / usd_rate
        fields = {"paid_asset": asset, "paid_amount": text(paid, places),
                  "paid_fiat_rate": text(usd_rate / fiat_rate, 8)}
    fee = paid * FEE_SHARE
    return fields | {
        "paid_usd_rate": text(usd_rate, 8),
        "fee_asset": asset,
        "fee_amount": text(fee, places),
        "fee_in_usd": text(fee * usd_rate, FIAT_PLACES),
    }


def merged_rates(overrides: dict[str, str] | None) -> dict[str, Decimal]:
    rates = DEFAULT_RATES | (overrides or {})
    return {code: Decimal(value) for code, value in rates.items()}
