"""The websocket accepts only the app's own origins (a foreign page cannot drive it)."""

from __future__ import annotations

import asyncio
import uuid

import pytest
import socketio

from .conftest import LiveServer

pytestmark = pytest.mark.e2e


async def _connects(url: str, origin: str) -> bool:
    client = socketio.AsyncClient(reconnection=False)
    try:
        await asyncio.wait_for(
            client.connect(
                f"{url}?token={uuid.uuid4()}",
                socketio_path="/_event",
                namespaces=["/_event"],
                transports=["websocket"],
                headers={"Origin": origin},
            ),
            timeout=10,
        )
    except (socketio.exceptions.ConnectionError, TimeoutError):
        return False
    await client.disconnect()
    return True


def test_foreign_origin_is_refused(live_server: LiveServer) -> None:
    assert asyncio.run(_connects(live_server.url, live_server.url))
    assert not asyncio.run(_connects(live_server.url, "https://evil.example"))
