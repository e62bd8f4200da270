"""Django's Redis cache, keeping one redis-py client per connection pool.

Django's RedisCacheClient makes a new `redis.Redis` for every cache operation; redis-py's
constructor (it builds its table of response callbacks each time) cost about as much as
the round trip of a small GET itself, and every page served from the page cache asks the
cache at least once.
A `redis.Redis` is safe to share between threads: each command takes a connection from
the pool and gives it back; the pool notices a fork (gunicorn's workers) and starts anew.
With several servers in LOCATION, everything is read from the first, where it is written.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def _get_connection_pool_index(self, write):
        # Reads too go to the first server: Django would read from a random replica, and
        # the page cache must never read a table generation older than a write it made.
        return 0

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            # Two threads may both make one here; either is as good, and both stay valid.
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
