"""The worker's queue: a SQLite file by default, Redis when REDIS_URL is set (ADR 11)."""

from __future__ import annotations

import os
import socket
from unittest import mock

import pytest
from huey import RedisHuey, SqliteHuey
from huey.utils import load_class

from config.settings.base import huey_config

REDIS = ("127.0.0.1", 6379)


def _redis_up() -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(REDIS) == 0


def _queue(config: dict) -> object:
    settings = dict(config)
    settings.pop("consumer")
    return load_class(settings.pop("huey_class"))(settings.pop("name"), **settings)


def test_without_redis_url_the_queue_is_a_sqlite_file(tmp_path):
    env = {"HUEY_SQLITE_PATH": str(tmp_path / "q.sqlite3")}
    with mock.patch.dict(os.environ, env, clear=False):
        os.environ.pop("REDIS_URL", None)
        config = huey_config()
    assert config["huey_class"] == "huey.SqliteHuey"
    queue = _queue(config)
    assert isinstance(queue, SqliteHuey)


@pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379")
def test_with_redis_url_tasks_go_through_redis():
    with mock.patch.dict(os.environ, {"REDIS_URL": "redis://127.0.0.1:6379/15"}):
        config = huey_config()
    assert config["huey_class"] == "huey.RedisHuey"
    queue = _queue(config)
    assert isinstance(queue, RedisHuey)
    queue.flush()

    @queue.task()
    def add(a: int, b: int) -> int:
        return a + b

    result = add(2, 3)
    assert len(queue) == 1  # enqueued in Redis, waiting for a worker
    task = queue.dequeue()
    queue.execute(task)
    assert result.get() == 5
    queue.flush()
