"""Three real bot instances fan out summaries under one send budget in Redis, against a fake
Bot API that refuses (429) what Telegram would: no second over the limit, no 429, and people
logging sets meanwhile still get their replies at once. bench/send_budget.py runs it full size."""

from __future__ import annotations

import os

import pytest

from tests.dbs import POSTGRES_ENV
from tests.e2e.fanout_run import run_fanout
from tests.redis_env import needs_redis, redis_url

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} is not set"),
    *needs_redis,
]

USERS = 600  # 3 instances x 200 summaries: about 25 s of fan-out at the full rate
LIMIT = 30


def test_three_instances_share_one_budget_and_replies_go_first() -> None:
    result = run_fanout(users=USERS, instances=3, redis_url=redis_url(), rate_limit=LIMIT)
    print("\n" + result.summary())
    assert not result.errors, result.errors[0][-3000:]
    assert (result.delivered, result.duplicates) == (USERS, 0)
    assert result.refused_429 == 0
    assert result.peak_1s <= LIMIT
    # The budget, not the machine, set the pace: near its 21 messages/s all through the fan-out.
    assert result.message_rate >= 0.5 * LIMIT
    # Replies to people did not queue behind the summaries (a queue of 600 at 27/s would mean
    # tens of seconds); what is left is the reply path itself on a machine running 3 bots.
    assert len(result.reply_delays) >= 20
    assert result.delay(0.5) < 0.5 and result.delay(0.95) < 1.5
