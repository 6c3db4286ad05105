"""The Redis cache keeps one client per server: every operation of the process goes through it, values round-trip
as with Django's own backend, and threads share it."""

import threading

from tamkeen.core.rediscache import RedisCache


def redis_cache() -> RedisCache:
    cache = RedisCache("redis://127.0.0.1:6379/12", {"KEY_PREFIX": "rediscache-test"})
    cache.clear()
    return cache


def test_one_client_serves_every_operation():
    cache = redis_cache()
    client = cache._cache.get_client(write=True)
    cache.set("figures", {"empowered": 12}, 60)
    assert cache.get("figures") == {"empowered": 12}
    assert cache.get_many(["figures", "absent"]) == {"figures": {"empowered": 12}}
    cache.set_many({"a": 1, "b": 2}, 60)
    assert cache.incr("a") == 2
    cache.delete("b")
    assert cache.get("b") is None
    assert cache._cache.get_client() is client and cache._cache.get_client(write=True) is client


def test_threads_share_the_client_safely():
    cache = redis_cache()
    failures = []

    def work(n: int) -> None:
        for i in range(50):
            cache.set(f"k{n}-{i}", i, 60)
            if cache.get(f"k{n}-{i}") != i:
                failures.append((n, i))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(cache._cache._clients) == 1
