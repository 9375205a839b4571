"""Acting on the sandbox page's API as the page does: find a button by its label in the chat
JSON, press it by position."""

from __future__ import annotations


async def chat(client, persona: str = "customer") -> list[dict]:
    response = await client.get(f"/api/chat/{persona}")
    assert response.status == 200
    return (await response.json())["messages"]


def find_button(messages: list[dict], label: str) -> dict:
    """The newest message having a button with this label, and the button's position."""
    for message in reversed(messages):
        for row_index, row in enumerate(message["buttons"]):
            for column, button in enumerate(row):
                if button["text"] == label:
                    return {"message_id": message["id"], "row": row_index, "column": column}
    visible = [b["text"] for m in messages for row in m["buttons"] for b in row]
    raise AssertionError(f"no button {label!r}; buttons in the chat: {visible}")


def latest_text(messages: list[dict]) -> str:
    return messages[-1]["html"] if messages else ""


async def tap(client, label: str, persona: str = "customer") -> list[dict]:
    position = find_button(await chat(client, persona), label)
    response = await client.post(f"/api/chat/{persona}/tap", json=position)
    assert response.status == 200, await response.text()
    return await chat(client, persona)


async def send(client, text: str, persona: str = "customer") -> list[dict]:
    response = await client.post(f"/api/chat/{persona}/send", json={"text": text})
    assert response.status == 200, await response.text()
    return await chat(client, persona)
