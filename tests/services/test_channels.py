import pytest

from nanostore.services import channels
from nanostore.services.errors import AlreadyExists, InvalidInput, NotFound


async def test_add_list_remove(db):
    await channels.add(-1001, "@news", "News", None)
    await channels.add(-1002, None, "Private club", "https://t.me/+abc")
    listed = await channels.list_channels()
    assert [(c.chat_id, c.username, c.invite_link) for c in listed] == [
        (-1001, "news", None), (-1002, None, "https://t.me/+abc")]
    await channels.remove(-1001)
    assert [c.chat_id for c in await channels.list_channels()] == [-1002]


async def test_same_channel_twice_is_refused(db):
    await channels.add(-1001, "news")
    with pytest.raises(AlreadyExists):
        await channels.add(-1001, "news_again")
    assert len(await channels.list_channels()) == 1


@pytest.mark.parametrize("username, link", [
    (None, None), ("", "  "), ("x" * 65, None), (None, "javascript:alert(1)"),
    (None, "https://t.me/" + "x" * 250),
])
async def test_bad_input_is_refused(db, username, link):
    with pytest.raises(InvalidInput):
        await channels.add(-1001, username, "T", link)
    assert await channels.list_channels() == []


async def test_remove_unknown(db):
    with pytest.raises(NotFound):
        await channels.remove(-42)
