"""Two webhook instances on the local PostgreSQL behind nginx (when it is installed; else the
fake Telegram sends to both in turn, as a load balancer would), updates sent through the fake
Bot API: both serve, each chat's lines are read in order, nothing is stored or answered twice.

Run from a fresh clone: deploy/check_two_instances.sh (it sets up .venv first).
PostgreSQL: TOFAILURE_CHECK_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres);
a scratch database is created there and dropped afterwards.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.dbquery import query, scratch_database, stored_messages  # noqa: E402
from tests.e2e.fake_bot_api import BotProcess, FakeBotApi  # noqa: E402
from tests.e2e.webhooks import free_port, request, start_webhook  # noqa: E402

USERS = list(range(9001, 9031))
LINES = [
    ("bench 80x8", "Bench Press 80 kg × 8"),
    ("85x6", "Bench Press 85 kg × 6"),
    ("squat 100x5", "Back Squat 100 kg × 5"),
    ("105x3", "Back Squat 105 kg × 3"),
]
NGINX_CONF = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    upstream tofailure_webhook {{
        server 127.0.0.1:{a} max_fails=2 fail_timeout=10s;
        server 127.0.0.1:{b} max_fails=2 fail_timeout=10s;
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location = /telegram {{
            proxy_pass http://tofailure_webhook;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_next_upstream error timeout http_502 http_503 non_idempotent;
        }}
    }}
}}
"""


@contextmanager
def nginx_in_front(a: int, b: int, use: bool) -> Iterator[int | None]:
    """nginx on a free port balancing both instances; None when nginx is not installed."""
    binary = (
        None
        if not use
        else shutil.which("nginx")
        or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    )
    if binary is None:
        yield None
        return
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(NGINX_CONF.format(tmp=tmp, a=a, b=b, port=port))
        proc = subprocess.Popen([binary, "-c", str(conf), "-p", tmp, "-g", "daemon off;"])
        try:
            time.sleep(0.5)
            if proc.poll() is not None:
                print((Path(tmp) / "error.log").read_text())
                raise RuntimeError("nginx did not start")
            yield port
        finally:
            proc.terminate()
            proc.wait(10)


def redis_env() -> dict[str, str]:
    """Point the instances at the local Redis when one answers (the shared send budget)."""
    cli = shutil.which("redis-cli")
    if (
        cli
        and subprocess.run([cli, "ping"], capture_output=True, text=True).stdout.strip() == "PONG"
    ):
        return {"TOFAILURE_REDIS_URL": "redis://127.0.0.1:6379/0"}
    return {}


def main() -> int:
    use_nginx = "--no-nginx" not in sys.argv[1:]
    admin = os.environ.get(
        "TOFAILURE_CHECK_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    a, b = free_port(), free_port()
    with (
        scratch_database(admin, "tofailure_check") as url,
        FakeBotApi() as api,
        nginx_in_front(a, b, use_nginx) as lb,
    ):
        public = f"http://127.0.0.1:{lb or a}/telegram"
        env = {
            "DATABASE_URL": url,
            "TOFAILURE_LOG_LEVEL": "INFO",
            "TOFAILURE_WEBHOOK_URL": public,
            **redis_env(),
        }
        print(f"PostgreSQL: scratch database on {admin.rsplit('@', 1)[-1].rsplit('/', 1)[0]}")
        print(f"Redis: {'yes' if 'TOFAILURE_REDIS_URL' in env else 'not answering (skipped)'}")
        print(
            f"Load balancer: {'nginx on port ' + str(lb) if lb else 'none (the fake alternates)'}"
        )
        instances: list[BotProcess] = []
        try:
            for port in (a, b):
                instances.append(start_webhook(api, port, env))
            if lb is None:
                api.set_webhook_targets([f"http://127.0.0.1:{p}/telegram" for p in (a, b)])
            started = time.monotonic()
            for line, _ in LINES:
                for user in USERS:
                    api.user_sends(user, line)
            api.wait_for(lambda: all(api.bot_message_count(u) >= len(LINES) for u in USERS), 120)
            time.sleep(1.0)  # anything answered twice would show up now
            seconds = time.monotonic() - started
            healthy = [request(p, "GET", "/healthz")[0] for p in (a, b)]
        finally:
            for bot in instances:
                bot.close()
        served = [len(re.findall(r"200 POST /telegram", bot.output())) for bot in instances]
        replies = {u: [m["text"].split("\n", 1)[0] for m in api.bot_messages(u)] for u in USERS}
        wrong = [
            (u, expected, got)
            for u in USERS
            for (_, expected), got in zip(LINES, replies[u], strict=False)
            if expected not in got
        ]
        extra = sum(len(r) - len(LINES) for r in replies.values())
        rows = stored_messages(url)
        doubled = sum(n != 1 for *_, n in rows)
        waiting = query(url, "SELECT count(*) FROM inbox WHERE answered_at IS NULL")[0][0]
    sent = len(USERS) * len(LINES)
    print(f"instance A (port {a}): {served[0]} updates served, health {healthy[0]}")
    print(f"instance B (port {b}): {served[1]} updates served, health {healthy[1]}")
    print(
        f"messages sent {sent}, stored {len(rows)}, stored twice {doubled}, "
        f"answered {sent + extra - len(wrong)}, extra answers {extra}, out of order {len(wrong)}, "
        f"left unanswered in the inbox {waiting}, {seconds:.1f} s"
    )
    ok = (
        min(served) > 0
        and healthy == [200, 200]
        and len(rows) == sent
        and doubled == 0
        and extra == 0
        and not wrong
        and waiting == 0
    )
    print("OK: both instances served, nothing lost, duplicated or out of order" if ok else "FAILED")
    for user, expected, got in wrong[:5]:
        print(f"  chat {user}: expected {expected!r}, got {got!r}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
