"""Which watched tables changed: in this process (engine hooks) and in others (Redis).

An in-process cache of database rows (the sessions checked on every event, see
services/accounts/session_cache.py) must drop what it holds the moment a write to its tables
commits, in every process. A cache `watch`es a topic (a set of tables) and stores a value
only while the topic is `settled`, tagged with its `generation`; the value is good while the
generation is unchanged.

- In this process, SQLAlchemy's hooks see every INSERT, UPDATE and DELETE on a watched table
  (ORM flushes and Core statements alike). When that transaction commits, the generation is
  raised and the topic is unsettled until the connection goes back to the pool (after the
  database commit has finished), when it is raised again: a value read while the write was
  committing is never stored.
- Other processes learn of it through Redis pub/sub when REFLEX_REDIS_URL is set (the
  scale-out path). Until this process's subscription is live, and again after it drops,
  topics are never settled, so caches are bypassed rather than trusted.
- A statement executed with `execution_options(**QUIET)` is not reported (recording a
  session's activity every minute changes nothing a cache holds).

Writes made outside the app's processes without Redis (SQL typed by hand) are not seen;
caches bound the age of what they hold for that case.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Iterable

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.sql.dml import UpdateBase

from licensure_app import settings

log = logging.getLogger("licensure.change_feed")

CHANNEL = "licensure:changes"
QUIET = {"licensure_change_feed_quiet": True}
_PENDING = "licensure_change_feed_pending"  # written in the open transaction
_COMMITTING = "licensure_change_feed_committing"  # committed, connection not yet back
# A commit whose connection never came back (an invalidated connection) stops unsettling
# its topics after this long.
_INFLIGHT_LIMIT_SECONDS = 60.0

_lock = threading.Lock()
_topic_of: dict[str, str] = {}  # table name -> topic
_generations: dict[str, int] = {}
_inflight: dict[int, tuple[float, frozenset[str]]] = {}  # id(connection info) -> topics
# None: no Redis (one process). False: Redis configured, subscription not live.
_remote_live: bool | None = None


def watch(topic: str, tables: Iterable[str]) -> None:
    """Report committed writes to `tables` under `topic`."""
    with _lock:
        for table in tables:
            _topic_of[table] = topic
        _generations.setdefault(topic, 0)


def generation(topic: str) -> int:
    return _generations.get(topic, 0)


def settled(topic: str) -> bool:
    """No write to `topic` is committing, and other processes' writes would be heard."""
    if _remote_live is False:
        return False
    if not _inflight:
        return True
    now = time.monotonic()
    with _lock:
        for key, (started, topics) in list(_inflight.items()):
            if now - started > _INFLIGHT_LIMIT_SECONDS:
                del _inflight[key]
            elif topic in topics:
                return False
    return True


def changed(topics: Iterable[str]) -> None:
    """Raise the generation of `topics` (a write committed, here or elsewhere)."""
    with _lock:
        for topic in topics:
            _generations[topic] = _generations.get(topic, 0) + 1


def _changed_everything() -> None:
    changed(list(_generations))


# ------------------------------------------------------------------ engine hooks


def install(engine: Engine) -> None:
    """Report `engine`'s committed writes to watched tables (once per engine)."""
    if event.contains(engine, "after_execute", _after_execute):
        return
    event.listen(engine, "after_execute", _after_execute)
    event.listen(engine, "commit", _on_commit)
    event.listen(engine, "rollback", _on_rollback)
    event.listen(engine.pool, "checkin", _on_checkin)
    if settings.redis_url() and _remote_live is None:
        _set_remote_live(False)


def _set_remote_live(value: bool | None) -> None:
    global _remote_live
    _remote_live = value


def _after_execute(conn, clause, _multi, _params, options, _result) -> None:  # noqa: ANN001
    if not isinstance(clause, UpdateBase) or options.get("licensure_change_feed_quiet"):
        return
    topic = _topic_of.get(getattr(clause.table, "name", ""))
    if topic is not None:
        conn.info.setdefault(_PENDING, set()).add(topic)


def _on_commit(conn) -> None:  # noqa: ANN001
    # Runs just before the database commits: stop caches from storing what they read now.
    topics = conn.info.pop(_PENDING, None)
    if not topics:
        return
    committing = frozenset(topics) | conn.info.get(_COMMITTING, frozenset())
    conn.info[_COMMITTING] = committing
    with _lock:
        _inflight[id(conn.info)] = (time.monotonic(), committing)
    changed(committing)


def _on_rollback(conn) -> None:  # noqa: ANN001
    conn.info.pop(_PENDING, None)


def _on_checkin(_dbapi_connection, record) -> None:  # noqa: ANN001
    # The connection is back in the pool: its commit has finished.
    topics = record.info.pop(_COMMITTING, None) if record.info else None
    if not topics:
        return
    with _lock:
        _inflight.pop(id(record.info), None)
    changed(topics)
    _publish(topics)


# ------------------------------------------------------------------ across processes


def _publish(topics: frozenset[str]) -> None:
    url = settings.redis_url()
    if not url:
        return
    try:
        _redis(url).publish(CHANNEL, json.dumps(sorted(topics)))
    except Exception:  # noqa: BLE001  (the others' caches then expire by age)
        log.exception("could not tell the other processes of a change to %s", sorted(topics))


_clients: dict[str, object] = {}


def _redis(url: str):  # noqa: ANN202
    if url not in _clients:
        import redis

        _clients[url] = redis.Redis.from_url(url, socket_timeout=2)
    return _clients[url]


async def listen_forever() -> None:
    """A lifespan task: hear other processes' changes while the server runs (with Redis)."""
    url = settings.redis_url()
    if not url:
        return
    import redis.asyncio as aioredis

    while True:
        client = aioredis.Redis.from_url(url)
        try:
            async with client.pubsub() as pubsub:
                await pubsub.subscribe(CHANNEL)
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        changed(json.loads(message["data"]))
                    elif message.get("type") == "subscribe":
                        # Heard from now on; anything may have changed while nobody listened.
                        _changed_everything()
                        _set_remote_live(True)
        except asyncio.CancelledError:
            raise
        except Exception:  # noqa: BLE001
            log.exception("lost the change feed; caches are bypassed until it is back")
        finally:
            _set_remote_live(False)
            await client.aclose()
        await asyncio.sleep(1)
