"""Django's Redis cache with one client per server for the life of the process.

Django's ``RedisCacheClient`` wraps its connection pool in a new ``redis.Redis`` for every cache operation, and
that constructor (response callbacks, driver information, options) costs 50–100 µs: the supervisor's home makes
21 cache calls a request (session, rate limits, queue generations, office figures), about 2 ms of its 25 ms of
Python (measured 1 Dec 2026). A ``redis.Redis`` is safe to share between threads for plain commands (each takes
a connection from the pool and gives it back), so one per pool serves every thread of the process; the pool
itself notices a fork and opens new connections in the child.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))  # the pools live as long as this object: their ids are stable
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
