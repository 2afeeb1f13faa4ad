"""The test Redis: TOFAILURE_TEST_REDIS_URL (set by .ci/run); tests that need it skip without.

Tests share that Redis with other runs: each uses its own key prefix (or bot id), never FLUSHDB.
"""

from __future__ import annotations

import os
import uuid

import pytest

REDIS_ENV = "TOFAILURE_TEST_REDIS_URL"

without_redis = pytest.mark.skipif(not os.environ.get(REDIS_ENV), reason=f"{REDIS_ENV} is not set")
needs_redis = [pytest.mark.redis, without_redis]  # as pytestmark; or both marks on a test


def redis_url() -> str:
    return os.environ[REDIS_ENV]


def unique_prefix() -> str:
    """A key prefix no other test or run uses."""
    return f"test-{uuid.uuid4().hex[:12]}"


def unique_bot_id() -> int:
    """A bot id (the budget's keys carry it) no other test or run uses."""
    return 10**9 + uuid.uuid4().int % 10**9
