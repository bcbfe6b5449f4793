"""The websocket accepts only the app's own origins (a foreign page cannot drive it)."""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor

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


def _connects_from(url: str, origin: str) -> bool:
    # Its own thread: Playwright's sync API keeps an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _connects(url, origin)).result()


def test_foreign_origin_is_refused(live_server: LiveServer) -> None:
    assert _connects_from(live_server.url, live_server.url)
    assert not _connects_from(live_server.url, "https://evil.example")
