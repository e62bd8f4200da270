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

import functools
import gzip
import hashlib
import re
import secrets
import threading
from collections import OrderedDict
from datetime import datetime, time, timedelta

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.signals import connection_created
from django.db.models import Count, FloatField, Func, Max, Min, Sum, Value
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.regex_helper import _lazy_re_compile
from django.utils.translation import get_language

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


def cached_entry(key: str) -> tuple[datetime | None, bytes] | None:
    """The gzipped document stored under `key` with its expiry, unless missing or past it."""
    entry = cache.get(key)
    if entry is not None and (entry[0] is None or timezone.now() < entry[0]):
        return entry
    return None


def cached_document(key: str) -> bytes | None:
    """The gzipped document stored under `key`, unless missing or past its expiry."""
    entry = cached_entry(key)
    return entry[1] if entry is not None else None


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
    not accept gzip. It keeps the gzipped copy, for the page cache to store as it is."""
    if _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        response = HttpResponse(packed, content_type=content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(packed), content_type=content_type)
    response.packed_document = packed
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


# --- whole pages for anonymous visitors -------------------------------------------------
# A public page is the same for every visitor who is not signed in, so it is kept whole,
# gzipped once, and served without a single query. Two things say until when it holds:
#
# - the data: every SQL statement goes through _track() (a database execute wrapper),
#   which gives each table a generation in the cache, renewed by every INSERT, UPDATE or
#   DELETE on it once it is committed (at once in autocommit, else when the transaction
#   commits); inside a transaction its own writes also change the generations it sees
#   (a mark kept on the connection), so that it reads its own changes. Building a page
#   records the tables its queries read (the fingerprints' queries among them, so the
#   fragments it took from the cache count too); the page holds while none of their
#   generations moved. The generations are read before the page reads its data, so a
#   change committed in between can only store newer data under older generations.
#   Only writes made through Django are seen: a change made in psql shows after the
#   page's expiry (PAGE_LONGEST at most).
# - time: the page holds until the next moment the public pages change on their own (a
#   call opening or closing, a sign-up opening or closing, a training or an event
#   beginning or ending, midnight in Europe/Warsaw), or earlier when the view says so
#   (page_holds_until: a call's "3 days left").

PAGE_LONGEST = 3600
EVERY_TABLE = "*"  # renewed by a write whose table the wrapper cannot tell
_WRITE = _lazy_re_compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"([^"]+)"', re.I)
_TABLES_READ = _lazy_re_compile(r'\b(?:FROM|JOIN)\s+"([^"]+)"', re.I)
_READS = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "SET ", "SHOW", "EXPLAIN", "BEGIN")
_reading = threading.local()

# The moments at which public pages change without any row changing, by what they show.
CALL_TIMES = (("grants.Call", ("opens_at", "closes_at", "results_published_at")),)
SIGNUP_TIMES = (("signups.SignupList", ("opens_at", "closes_at", "starts_at")),)
TRAINING_TIMES = (*SIGNUP_TIMES, ("trainings.Session", ("starts_at", "ends_at")))
EVENT_TIMES = (*SIGNUP_TIMES, ("events.Event", ("starts_at", "ends_at")))
ALL_TIMES = (*CALL_TIMES, *TRAINING_TIMES, ("events.Event", ("starts_at", "ends_at")))


def _generation_key(table: str) -> str:
    return f"pagecache:table:{table}"


def _renew(table: str) -> None:
    cache.set(_generation_key(table), secrets.token_hex(8), None)


class _Renew:
    """The on_commit callback that renews a table's generation, once the write is there
    for every connection to read."""

    def __init__(self, db, table: str):
        self.db, self.table = db, table

    def __call__(self):
        _renew(self.table)
        self.db.__dict__.get("_pagecache_written", {}).pop(self.table, None)


def _written_in_transaction(db, table: str) -> None:
    """Mark the open transaction's write on `table` and renew its generation when the
    transaction commits: one callback per table, found again as long as the list of
    callbacks is the same (a commit or a savepoint rolled back makes a new one)."""
    db.__dict__.setdefault("_pagecache_written", {})[table] = secrets.token_hex(4)
    waiting = db.__dict__.get("_pagecache_waiting")
    if waiting is None or waiting[0] is not db.run_on_commit:
        waiting = db._pagecache_waiting = (db.run_on_commit, set())
    if table not in waiting[1]:
        db.on_commit(_Renew(db, table))
        waiting[1].add(table)


def _own_writes() -> dict[str, str]:
    """The marks of the tables this connection's open transaction wrote."""
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself, not its proxy
    written = db.__dict__.get("_pagecache_written")
    if not written:
        return {}
    if not db.in_atomic_block:
        written.clear()  # rolled back, or committed with the callbacks dropped
        return {}
    return written


def _track(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    text = sql if isinstance(sql, str) else str(sql)
    # A union's parts are in parentheses: "(SELECT …) UNION ALL (SELECT …)".
    if text.lstrip(" \t\n(")[:9].upper().startswith(_READS):
        tables = getattr(_reading, "tables", None)
        if tables is not None:
            tables.update(_TABLES_READ.findall(text))
        return result
    match = _WRITE.match(text)
    table = match[1] if match else EVERY_TABLE
    if (
        match
        and not many
        and text.lstrip()[:6].upper() in ("UPDATE", "DELETE")
        and "RETURNING" not in text.upper()
        and getattr(context["cursor"], "rowcount", -1) == 0
    ):
        # An UPDATE or DELETE that found no row changed nothing. (Not an INSERT: with
        # RETURNING, SQLite's rowcount stays 0 until the new row's id is fetched.)
        return result
    db = context["connection"]
    if db.in_atomic_block:
        _written_in_transaction(db, table)
    else:
        _renew(table)
    return result


def track_writes(connection, **kwargs) -> None:
    """Put _track on a database connection (connection_created; front's ready())."""
    # First, not last: connection.execute_wrapper() pops the last one when it ends, and
    # this may be added while one is active (the connection opens inside it).
    if _track not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _track)


connection_created.connect(track_writes, dispatch_uid="cil_portal.caching.track_writes")


@functools.cache
def _known_tables() -> tuple[str, ...]:
    tables = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    return (EVERY_TABLE, *sorted(tables))


def _generations() -> dict[str, str]:
    """Every table's generation now, each given one first if the cache has none."""
    keys = {_generation_key(t): t for t in _known_tables()}
    found = cache.get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        for key in missing:
            cache.add(key, secrets.token_hex(8), None)
        found.update(cache.get_many(missing))
    generations = {keys[k]: v for k, v in found.items()}
    for table, mark in _own_writes().items():
        if table in generations:
            generations[table] += ":" + mark
    return generations


def next_local_midnight(now: datetime) -> datetime:
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time()))


def next_page_time(now: datetime, times=ALL_TIMES) -> datetime:
    """The next moment (from `now` on) at which a page showing `times` changes by itself:
    midnight, or the first of those columns still ahead. One query, none without times."""
    parts = []
    for label, fields in times:
        model = apps.get_model(label)
        for name in fields:
            parts.append(
                model._default_manager.order_by()
                .filter(**{f"{name}__gte": now})
                .annotate(_all=Value(1))
                .values("_all")
                .annotate(moment=Min(name))
                .values_list("moment", flat=True)
            )
    if not parts:
        return next_local_midnight(now)
    moments = [m for m in parts[0].union(*parts[1:], all=True) if m is not None]
    return min([next_local_midnight(now), *moments])


def page_holds_until(request, moment: datetime | None) -> None:
    """Tell the page cache that the page being built changes at `moment` by itself."""
    if moment is not None:
        request._page_holds_until = min(moment, getattr(request, "_page_holds_until", moment))


def _page_key(request, query: tuple[str, ...] | None = None) -> str:
    """The page's key: its address, the query's parameters (only those in `query`, when
    the view names the ones it reads) and the language."""
    params = request.GET.lists()
    if query is not None:
        params = [(name, values) for name, values in params if name in query]
    return "pagecache:page:" + digest(
        request.scheme,
        request.get_host(),
        request.path,
        sorted(params),
        get_language(),
    )


def _may_serve_cached(request) -> bool:
    cookies = request.COOKIES
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _may_store(request, response) -> bool:
    """A response that is the same for every anonymous visitor: not one that sets a
    cookie, shows a message, carries a CSRF token or a session, or is not a plain 200."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Set-Cookie"):
        return False
    if response.has_header("Content-Encoding") and not hasattr(response, "packed_document"):
        return False  # compressed by the view in a way the cache does not know
    control = response.get("Cache-Control", "").lower()
    if "private" in control or "no-store" in control or "no-cache" in control:
        return False
    meta = request.META
    if meta.get("CSRF_COOKIE_NEEDS_UPDATE") or meta.get("CSRF_COOKIE_USED"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and len(storage):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


# The view's own headers a stored page keeps: a calendar's file name, an open data
# document's public lifetime (otherwise browsers are told to ask again each time).
KEPT_HEADERS = ("Content-Disposition", "Cache-Control")


def _page_response(request, entry) -> HttpResponse:
    _tables, _expires, etag, packed, content_type, headers = entry
    known = parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))
    # The weak comparison of If-None-Match (RFC 9110, 13.1.2).
    if "*" in known or etag.removeprefix("W/") in {t.removeprefix("W/") for t in known}:
        response = HttpResponseNotModified()
    else:
        response = document_response(request, packed, content_type=content_type)
    response["ETag"] = etag
    # Browsers keep it but ask again each time (answered 304 while it holds).
    response["Cache-Control"] = "no-cache"
    for name, value in headers:
        response[name] = value
    if response.status_code != 304:
        response["Content-Length"] = str(len(response.content))  # CommonMiddleware's, if early
    patch_vary_headers(response, ("Accept-Encoding", "Cookie", "Accept-Language"))
    return response


class _LocalPages:
    """The kept pages this process served last, so that a page served again costs one
    round trip to the cache (its tables' generations) instead of two (the page, then its
    generations): the page itself is read from the shared cache only when this process
    has none, or when its copy no longer holds. A copy holds exactly when the shared one
    would, since whether a page holds is told by the shared generations and the clock.
    At most `limit` bytes of pages, the least recently served dropped first."""

    def __init__(self, limit: int = 32 * 1024 * 1024):
        self.limit, self.size = limit, 0
        self.entries: OrderedDict[str, tuple] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry) -> None:
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old[3])
            self.entries[key] = entry
            self.size += len(entry[3])
            while self.size > self.limit and len(self.entries) > 1:
                _key, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped[3])


_local_pages = _LocalPages()


def _kept_page(key: str, now: datetime):
    """The kept page under `key` if it still holds: this process's copy, else the cache's."""
    entry = _local_pages.get(key)
    if entry is not None and _still_holds(entry, now):
        return entry
    entry = cache.get(key)
    if entry is not None and _still_holds(entry, now):
        _local_pages.put(key, entry)
        return entry
    return None


def _still_holds(entry, now: datetime) -> bool:
    tables, expires = entry[0], entry[1]
    if now >= expires:
        return False
    current = cache.get_many([_generation_key(t) for t, _ in tables])
    own = _own_writes()
    return all(
        (current.get(_generation_key(t)) or "") + (":" + own[t] if t in own else "") == generation
        for t, generation in tables
    )


def page_cache(view=None, *, times=ALL_TIMES, query: tuple[str, ...] | None = None):
    """Serve the view's page to anonymous visitors from the cache while it holds (see
    above); `times` are the columns whose moments change what the page shows (none:
    only midnight); `query`, the query parameters the view reads, if it names them (any
    other is left out of the key: `?x=1`, `?x=2`… are one page, not one entry each).
    Signed-in visitors, and a page that cannot be shared, get the view itself."""
    if view is None:
        return functools.partial(page_cache, times=times, query=query)

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _may_serve_cached(request):
            return view(request, *args, **kwargs)
        key = _page_key(request, query)
        now = timezone.now()
        if getattr(request, "_page_cache_missed", None) != key:  # PageCacheMiddleware looked
            entry = _kept_page(key, now)
            if entry is not None:
                return _page_response(request, entry)
        generations = _generations()
        _reading.tables = read = set()
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()  # a TemplateResponse reads its data while rendering
            if not _may_store(request, response):
                return response
            expires = min(
                next_page_time(now, times),
                getattr(request, "_page_holds_until", now + timedelta(seconds=PAGE_LONGEST)),
                now + timedelta(seconds=PAGE_LONGEST),
            )
        finally:
            _reading.tables = None
        if not read <= generations.keys():
            return response  # a table no model names: nothing would tell its changes
        packed = getattr(response, "packed_document", None)
        if packed is None:
            packed = gzip.compress(response.content, compresslevel=6, mtime=0)
        tables = tuple((t, generations[t]) for t in sorted(read | {EVERY_TABLE}))
        # The view's own ETag where it has one (an open data document's version), weak:
        # the same ETag is sent with the gzipped and the plain body.
        etag = response.get("ETag") or f'"{hashlib.sha256(packed).hexdigest()[:32]}"'
        etag = etag if etag.startswith("W/") else "W/" + etag
        headers = tuple((h, response[h]) for h in KEPT_HEADERS if response.has_header(h))
        entry = (tables, expires, etag, packed, response["Content-Type"], headers)
        timeout = seconds_until(expires, longest=PAGE_LONGEST)
        if timeout > 0:
            cache.set(key, entry, timeout)
            _local_pages.put(key, entry)
        return _page_response(request, entry)

    wrapped.page_cache_query = query  # for PageCacheMiddleware, through outer decorators
    return wrapped


def _page_cached_view(path: str):
    """The view at `path` if page_cache keeps its pages, else None."""
    try:
        view = resolve(path).func
    except Resolver404:
        return None
    return view if hasattr(view, "page_cache_query") else None


class PageCacheMiddleware:
    """Serves a page that page_cache kept before the rest of the stack runs: no session,
    user or CSRF for a request that will get the kept page anyway.

    In MIDDLEWARE after the middleware whose headers every page carries (security,
    X-Frame-Options, the language: it sets the language the key holds) and before the
    session. It looks only for the pages of views that page_cache keeps (any other
    request, /healthz among them, never waits for the cache); on a miss the view's
    page_cache does the rest without asking again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _may_serve_cached(request):
            view = _page_cached_view(request.path_info)
            if view is not None:
                key = _page_key(request, view.page_cache_query)
                entry = _kept_page(key, timezone.now())
                if entry is not None:
                    return _page_response(request, entry)
                request._page_cache_missed = key
        return self.get_response(request)
