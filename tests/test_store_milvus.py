"""Milvus store logic that needs no server: connect retries (the server-backed tests are in test_store.py)."""

from __future__ import annotations

import pymilvus
import pytest

from qa.errors import StoreUnavailable
from qa.store import milvus


class _FlakyClient:
    """Stands in for pymilvus.MilvusClient: fails ``failures`` times, then connects."""

    calls = 0
    failures = 0

    def __init__(self, uri: str, timeout: float) -> None:
        type(self).calls += 1
        assert timeout == milvus.CONNECT_TIMEOUT_S
        if type(self).calls <= type(self).failures:
            raise pymilvus.MilvusException(code=2, message="Fail connecting to server on 127.0.0.1:1")


@pytest.fixture
def flaky(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    slept: list[float] = []
    _FlakyClient.calls = 0
    monkeypatch.setattr(pymilvus, "MilvusClient", _FlakyClient)
    monkeypatch.setattr(milvus.time, "sleep", slept.append)
    return slept


def test_connect_retries_with_backoff_after_a_missed_connect(flaky: list[float]) -> None:
    _FlakyClient.failures = milvus.CONNECT_ATTEMPTS - 1
    assert isinstance(milvus._connect("http://127.0.0.1:19530"), _FlakyClient)
    assert _FlakyClient.calls == milvus.CONNECT_ATTEMPTS
    assert flaky == [milvus.CONNECT_BACKOFF_S * 2**i for i in range(milvus.CONNECT_ATTEMPTS - 1)]


def test_connect_gives_up_with_a_clear_error(flaky: list[float]) -> None:
    _FlakyClient.failures = 99
    with pytest.raises(StoreUnavailable, match="not reachable after 3 tries .*--store faiss") as caught:
        milvus._connect("http://user:secret@127.0.0.1:19530")
    assert "secret" not in str(caught.value)
    assert _FlakyClient.calls == milvus.CONNECT_ATTEMPTS
