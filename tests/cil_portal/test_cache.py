"""The Redis cache backend: Django's, with one redis-py client per connection pool."""

import os
import threading

import pytest

from cil_portal.cache import RedisCache

IN_CI = bool(os.environ.get("CI"))


@pytest.fixture
def redis_cache(settings):
    if not settings.REDIS_URL:
        if IN_CI:
            pytest.fail("CI must set REDIS_URL")
        # A machine without Redis (make test on SQLite): only the server's round trips wait.
        pytest.skip("REDIS_URL is not set: these round trips need a Redis server")
    cache = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": "test-cache-backend"})
    yield cache
    cache.delete_many([f"k{i}" for i in range(40)] + ["page"])


def test_it_makes_one_client_and_reads_where_it_writes_without_asking_the_server():
    # redis-py connects on the first command only: no server is needed for this part.
    cache = RedisCache("redis://127.0.0.1:1/0;redis://127.0.0.1:2/0", {})
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    assert all(cache._cache.get_client() is client for _ in range(20))  # never a replica
    assert client.connection_pool.connection_kwargs["port"] == 1


def test_it_stores_reads_and_deletes_like_djangos(redis_cache):
    assert redis_cache.get("page") is None
    redis_cache.set("page", ("tables", b"\x1f\x8b gzip"), 30)
    assert redis_cache.get("page") == ("tables", b"\x1f\x8b gzip")
    assert redis_cache.add("page", "other", 30) is False
    assert redis_cache.get_many(["page", "k1"]) == {"page": ("tables", b"\x1f\x8b gzip")}
    redis_cache.delete("page")
    assert redis_cache.get("page") is None


def test_threads_share_the_client_safely(redis_cache):
    errors = []

    def work(n):
        try:
            for i in range(50):
                redis_cache.set(f"k{n}", (n, i), 30)
                assert redis_cache.get(f"k{n}") == (n, i)
        except Exception as e:  # noqa: BLE001 (reported below, with the thread's number)
            errors.append((n, e))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
