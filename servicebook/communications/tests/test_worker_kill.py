"""The real worker, killed with SIGKILL in the middle of a send, loses no message (ADR 11).

Everything runs in separate processes on a database of the test's own: a SQLite file in a
temporary folder, migrated by ``servicebook migrate``, a huey SQLite queue beside it, and
the production settings (``config.settings.base``) pointed at a local SMTP server that
waits a moment before accepting each message. The messages are queued by ``email_queue``
in a ``servicebook shell`` process (so the tasks go through the real queue after the
commit); ``servicebook worker`` (one thread) starts sending; it is killed while the server
holds a message; a new worker is started and must finish the job: every message sent, and
only the one in flight at the kill may arrive twice — with the same Message-ID.

The test never touches pytest's database, so it does not depend on the database of the
run. On the PostgreSQL run (DATABASE_URL set) it is skipped: it would repeat the SQLite run
exactly. The lease under PostgreSQL row locks is tested by test_outbox_concurrency.py.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings

from servicebook.communications.tests.mailserver import smtp_server

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="runs on its own SQLite file; the SQLite run of the suite covers it",
)

MESSAGES = 6
LEASE_SECONDS = 2
DEADLINE = 45.0  # seconds for each wait; the whole test takes about 20

QUEUE_SCRIPT = f"""
from django.db import transaction
from servicebook.accounts.models import User
from servicebook.communications.services.outbox import email_queue

sender = User.objects.create_user(username="sender", full_name="发件人")
for n in range(1, {MESSAGES} + 1):
    with transaction.atomic():
        email_queue(
            actor=sender,
            project=None,
            recipients=[f"client{{n}}@client.example"],
            subject=f"客户服务周志 第{{n}}封",
            body="您好，请查收。",
        )
"""


@pytest.fixture
def workplace(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The worker's environment: its own database, queue, var/ folder, production settings."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        SERVICEBOOK_VAR_DIR=str(tmp_path),
        SQLITE_PATH=str(tmp_path / "servicebook.sqlite3"),
        HUEY_SQLITE_PATH=str(tmp_path / "huey.sqlite3"),
        SECRET_KEY="worker-test",
        DEBUG="0",
        TASKS_IMMEDIATE="0",
        DEFAULT_FROM_EMAIL="service@agency.example",
        OUTBOX_LEASE_SECONDS=str(LEASE_SECONDS),
        OUTBOX_RETRY_SECONDS="1",
        PYTHONUNBUFFERED="1",
    )
    yield env


def servicebook(env: dict[str, str], *args: str, timeout: float = 120) -> None:
    """Run ``servicebook ARGS`` to the end, failing with its output."""
    done = subprocess.run(
        [sys.executable, "-m", "servicebook.cli", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "servicebook.cli", "worker", "--workers", "1"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def statuses(database: str) -> list[tuple[str, str, str]]:
    """(message_id, status, last_error) of every message, read straight from the file."""
    with closing(sqlite3.connect(database, timeout=5)) as db:
        return db.execute(
            "select message_id, status, last_error from communications_outboxmessage"
        ).fetchall()


def wait_for(condition: Callable[[], bool], what: str, log: Path) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}\n{log.read_text(errors='replace')[-4000:]}")
        time.sleep(0.05)


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is not None and process.poll() is None:
        process.kill()
        process.wait(timeout=10)


def test_a_worker_killed_while_sending_loses_no_message_and_duplicates_at_most_the_one_in_flight(
    workplace, tmp_path
):
    env, log = workplace, tmp_path / "worker.log"
    database = env["SQLITE_PATH"]
    first = second = None
    with smtp_server(delay=1.0) as (mail, port):
        env.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(port), EMAIL_TIMEOUT="10")
        servicebook(env, "migrate", "--noinput")
        servicebook(env, "shell", "-c", QUEUE_SCRIPT)
        assert [s for _id, s, _e in statuses(database)] == ["queued"] * MESSAGES
        try:
            first = start_worker(env, log)
            # The second message has reached the server, which has not answered yet.
            wait_for(lambda: len(mail.received) >= 2, "the worker to be sending", log)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
            at_kill = statuses(database)
            in_flight = [i for i, s, _e in at_kill if s == "sending"]
            assert len(in_flight) <= 1, at_kill  # one thread: at most one message in hand
            assert sum(s == "queued" for _i, s, _e in at_kill) >= 2, at_kill  # left to do

            mail.delay = 0.05
            second = start_worker(env, log)
            wait_for(
                lambda: all(s in ("sent", "failed") for _i, s, _e in statuses(database)),
                "every message to be sent",
                log,
            )
        finally:
            stop(first)
            stop(second)

    rows = statuses(database)
    assert [s for _i, s, _e in rows] == ["sent"] * MESSAGES, rows
    arrived = mail.message_ids()
    assert set(arrived) == {message_id for message_id, _s, _e in rows}  # none lost
    duplicated = {message_id: n for message_id, n in arrived.items() if n > 1}
    assert set(duplicated) <= set(in_flight)  # only the one in flight at the kill
    assert all(n == 2 for n in duplicated.values())
    assert "waiting message(s) queued again" in log.read_text()
