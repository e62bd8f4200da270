"""Caching that stays correct: keys built from what the data are now.

A page part is cached under a key that holds a fingerprint of the rows it shows: every
row added, changed or removed changes the fingerprint, so the next request builds the
part anew instead of reading the old one; where time changes what a part says (a
sign-up that closes, an entry that leaves the calendar), the key or the entry's expiry
says until when it holds. The fingerprint is read before the data, so a change
committed in between can only store newer data under an older key, never older data
under a newer one. This works alike with Redis (shared by every process) and with the
per-process memory cache, where each process keeps its own copies.
"""

import gzip
import hashlib
from datetime import datetime

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, FloatField, Func, Max, Sum, Value
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile

# GZipMiddleware's own test of Accept-Encoding.
_ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")
DAY = 24 * 3600


class Epoch(Func):
    """A datetime as a number that moves with every save: microseconds since 1970 as an
    integer on PostgreSQL (summed exactly, and much faster than EXTRACT's numeric);
    seconds on SQLite, to a fraction of a millisecond."""

    template = "CAST(DATE_PART('epoch', %(expressions)s) * 1000000 AS BIGINT)"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="(julianday(%(expressions)s) * 86400.0)", **extra
        )


class Fingerprint:
    """The rows of some querysets, as a digest that changes whenever one of them is
    added, removed or saved (`field` is an auto_now timestamp). One query.

    The row count tells additions and removals; the sum of the timestamps, not only the
    newest, tells a save that committed after a later one did (its timestamp is older
    than the newest, but it still moves the sum). The query is compiled once, on first
    use: the pages ask for it on every request.
    """

    def __init__(self, *querysets, field: str = "updated_at"):
        self.querysets, self.field = querysets, field
        self._sql = None

    def _compile(self):
        parts = [
            qs.order_by()
            .annotate(_all=Value(1))
            .values("_all")
            .annotate(n=Count("pk"), newest=Max(self.field), total=Sum(Epoch(self.field)))
            .values_list(Value(i), "n", "newest", "total")
            for i, qs in enumerate(self.querysets)
        ]
        rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        return rows.query.sql_with_params()

    def __call__(self) -> str:
        if self._sql is None:
            self._sql = self._compile()
        with connection.cursor() as cursor:
            cursor.execute(*self._sql)
            return digest(sorted(cursor.fetchall()))


def digest(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def seconds_until(moment: datetime | None, *, longest: int = DAY) -> int:
    """A cache timeout that ends at `moment` (a time boundary), at most `longest`."""
    if moment is None:
        return longest
    return max(0, min(longest, int((moment - timezone.now()).total_seconds())))


def cached_document(key: str) -> bytes | None:
    """The gzipped document stored under `key`, unless missing or past its expiry."""
    entry = cache.get(key)
    if entry is not None and (entry[0] is None or timezone.now() < entry[0]):
        return entry[1]
    return None


def store_document(key: str, body: bytes, *, expires: datetime | None = None) -> bytes:
    """Compress `body` once, rather than GZipMiddleware on every request, and keep it
    under `key` until `expires`, the moment it stops being true (None: until a change of
    the data changes the key). Returns the compressed document."""
    packed = gzip.compress(body, compresslevel=6, mtime=0)
    timeout = seconds_until(expires)
    if timeout > 0:
        cache.set(key, (expires, packed), timeout)
    return packed


def document_response(request, packed: bytes, *, content_type: str) -> HttpResponse:
    """A response with the gzipped document as it is, or unpacked for a client that does
    not accept gzip."""
    if _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        response = HttpResponse(packed, content_type=content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(packed), content_type=content_type)
    patch_vary_headers(response, ("Accept-Encoding",))
    return response
