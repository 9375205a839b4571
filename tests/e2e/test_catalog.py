"""The shop: categories -> products (paged) -> card with stock, FAQ, media; add to cart;
hidden products and categories stay shut, even to old buttons."""

from nanostore.db.models import CartLine
from nanostore.db.models.enums import MediaKind
from nanostore.services import categories, product_content, products
from nanostore.services import settings as shop_settings
from tests.fixtures.people import open_shop


async def test_categories_show_emoji_counts_and_admin_order_only_active(shop):
    games = await categories.create("Games", emoji="🎮")
    soft = await categories.create("Software", emoji="💿")
    hidden = await categories.create("Secret")
    await products.create(games.id, "Steam key", 999)
    await products.create(games.id, "Old game", 100)
    await products.toggle((await products.create(games.id, "Hidden game", 100)).id)
    await products.create(hidden.id, "Secret thing", 100)
    await categories.toggle(hidden.id)
    await categories.reorder([soft.id, games.id, hidden.id])
    ann = shop.person(1001)
    await open_shop(ann)
    assert "Choose a category" in ann.screen.text
    labels = ann.screen.labels
    assert labels.index("💿 Software (0)") < labels.index("🎮 Games (2)")
    assert not any("Secret" in label for label in labels)


async def test_product_card_shows_description_price_stock_and_faq(shop):
    games = await categories.create("Games", emoji="🎮")
    key = await products.create(games.id, "Steam key", 1250, description="<b>Instant</b> delivery",
                                stock=2)
    await product_content.add_faq(key.id, "Which region?", "Global <any>")
    ann = shop.person(1001)
    await open_shop(ann)
    await ann.tap("🎮 Games (1)")
    assert "Games" in ann.screen.text and "1 product" in ann.screen.text
    await ann.tap("⚠️ Steam key · $12.50")
    text = ann.screen.text
    assert "Steam key" in text and "$12.50" in text and "Instant delivery" in text
    assert "Low stock: only 2 left" in text
    await ann.tap("❓ FAQ (1)")
    assert "Which region?" in ann.screen.text and "Global <any>" in ann.screen.text
    await ann.tap("⬅️ Back")
    assert "Steam key" in ann.screen.text


async def test_stock_labels_follow_the_threshold(shop):
    await shop_settings.update("low_stock_threshold", 5)
    games = await categories.create("Games")
    await products.create(games.id, "Plenty", 100, stock=50)
    await products.create(games.id, "Few", 100, stock=5)
    await products.create(games.id, "None", 100, stock=0)
    await products.create(games.id, "Endless", 100)
    ann = shop.person(1001)
    await open_shop(ann)
    await ann.tap("Games (4)")
    labels = ann.screen.labels
    assert "Plenty · $1.00" in labels and "⚠️ Few · $1.00" in labels
    assert "❌ None · $1.00" in labels and "Endless · $1.00" in labels
    await ann.tap("❌ None · $1.00")
    assert "Out of stock" in ann.screen.text
    assert "🛒 Add to cart" not in ann.screen.labels
    await ann.tap("⬅️ Back")
    await ann.tap("Plenty · $1.00")
    assert "In stock (50)" in ann.screen.text
    await ann.tap("⬅️ Back")
    await ann.tap("Endless · $1.00")
    assert "Unlimited" in ann.screen.text


async def test_products_are_paged_eight_at_a_time(shop):
    games = await categories.create("Games")
    for number in range(1, 20):
        await products.create(games.id, f"Game {number:02d}", 100)
    ann = shop.person(1001)
    await open_shop(ann)
    await ann.tap("Games (19)")
    assert "Game 01 · $1.00" in ann.screen.labels and "Game 09 · $1.00" not in ann.screen.labels
    assert "1" in ann.screen.labels and "19 products" in ann.screen.text
    await ann.tap(">")
    assert "Game 09 · $1.00" in ann.screen.labels and "Game 01 · $1.00" not in ann.screen.labels
    await ann.tap(">>")
    assert ann.screen.labels[:3] == ["Game 17 · $1.00", "Game 18 · $1.00", "Game 19 · $1.00"]


async def test_add_to_cart_confirms_and_leads_to_the_cart(shop_any_mode):
    shop = shop_any_mode
    games = await categories.create("Games")
    key = await products.create(games.id, "Steam key", 999)
    ann = shop.person(1001)
    await open_shop(ann)
    await ann.tap("Games (1)")
    await ann.tap("Steam key · $9.99")
    await ann.tap("🛒 Add to cart")
    assert "Added to your cart (you have 1)" in ann.screen.text
    await ann.tap("🛒 Add to cart")
    assert "you have 2" in ann.screen.text
    assert (await CartLine.get(user_id=1001, product_id=key.id)).quantity == 2
    await ann.tap("🛒 Cart (2)")
    assert "Your cart" in ann.screen.text and "Steam key" in ann.screen.text


async def test_adding_more_than_in_stock_is_refused_clearly(shop):
    games = await categories.create("Games")
    await products.create(games.id, "Rare key", 999, stock=1)
    ann = shop.person(1001)
    await open_shop(ann)
    await ann.tap("Games (1)")
    await ann.tap("⚠️ Rare key · $9.99")
    await ann.tap("🛒 Add to cart")
    await ann.tap("🛒 Add to cart")
    assert "only 1 left in stock" in ann.screen.text
    assert (await CartLine.get(user_id=1001)).quantity == 1


async def test_media_gallery_sends_every_kind_then_the_card_again(shop):
    games = await categories.create("Games")
    key = await products.create(games.id, "Steam key", 999, protect_content=True)
    emu = shop.emulator
    for kind in (MediaKind.PHOTO, MediaKind.VIDEO, MediaKind.DOCUMENT, MediaKind.VOICE):
        file_id = emu.upload(b"media-" + kind.value.encode(), kind=kind.value,
                             file_name=f"{kind.value}.bin")
        await product_content.add_media(key.id, kind, file_id, caption=f"{kind.value} caption")
    ann = shop.person(1001)
    await open_shop(ann)
    await ann.tap("Games (1)")
    await ann.tap("Steam key · $9.99")
    card = ann.screen.message
    await ann.tap("🎞 Media (4)")
    kinds = [message.media_kind for message in ann.inbox if message.message_id > card.message_id]
    assert kinds[:4] == ["photo", "video", "document", "voice"]
    assert "Steam key" in ann.screen.text and "🛒 Add to cart" in ann.screen.labels
    assert all(call.params.get("protect_content") in (True, "true")
               for call in emu.calls_of("sendVideo"))


async def test_product_image_is_shown_on_the_card(shop):
    games = await categories.create("Games", image_file_id=shop.emulator.upload(b"banner"))
    await products.create(games.id, "Steam key", 999, image_file_id=shop.emulator.upload(b"key"))
    ann = shop.person(1001)
    await open_shop(ann)
    await ann.tap("Games (1)")
    assert ann.screen.media_kind == "photo"
    await ann.tap("Steam key · $9.99")
    assert ann.screen.media_kind == "photo" and "Steam key" in ann.screen.text


async def test_hidden_product_is_refused_to_an_old_card(shop):
    games = await categories.create("Games")
    key = await products.create(games.id, "Steam key", 999)
    ann = shop.person(1001)
    await open_shop(ann)
    await ann.tap("Games (1)")
    await ann.tap("Steam key · $9.99")
    card = ann.screen.message
    await products.toggle(key.id)
    await ann.tap("🛒 Add to cart", message=card)
    assert "no longer available" in ann.screen.text
    assert "🛒 Add to cart" not in ann.screen.labels
    assert not await CartLine.filter(user_id=1001).exists()


async def test_hidden_product_is_refused_from_the_old_list(shop):
    games = await categories.create("Games")
    key = await products.create(games.id, "Steam key", 999)
    await products.create(games.id, "Other", 100)
    ann = shop.person(1001)
    await open_shop(ann)
    await ann.tap("Games (2)")
    await products.toggle(key.id)
    await ann.tap("Steam key · $9.99")
    assert "no longer available" in ann.screen.text
    assert "Steam key · $9.99" not in ann.screen.labels


async def test_hidden_category_is_refused_from_the_old_list(shop):
    games = await categories.create("Games")
    await products.create(games.id, "Steam key", 999)
    ann = shop.person(1001)
    await open_shop(ann)
    await categories.toggle(games.id)
    await ann.tap("Games (1)")
    assert "no longer exists" in ann.screen.text
    assert not any("Games" in label for label in ann.screen.labels)


async def test_russian_catalog(shop):
    games = await categories.create("Игры", emoji="🎮")
    await products.create(games.id, "Ключ Steam", 999, stock=10)
    ivan = shop.person(1002, "Иван", language_code="ru")
    await ivan.command("start")
    await ivan.tap("🛍 Открыть магазин")
    await ivan.tap("🛍 Магазин")
    assert "Выберите категорию" in ivan.screen.text
    await ivan.tap("🎮 Игры (1)")
    assert "1 товар" in ivan.screen.text
    await ivan.tap("Ключ Steam · $9.99")
    assert "В наличии (10)" in ivan.screen.text
    await ivan.tap("🛒 В корзину")
    assert "Добавлено в корзину" in ivan.screen.text


async def test_empty_shop_says_so_and_home_returns_to_the_hub(shop):
    ann = shop.person(1001)
    await open_shop(ann)
    assert "nothing for sale yet" in ann.screen.text
    await ann.tap("🏠 Home")
    assert "Choose a section" in ann.screen.text
