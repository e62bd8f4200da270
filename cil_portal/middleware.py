import logging
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)

# How long a request may have waited between the proxy and the portal, at the most (a
# busy evening's queue is seconds long): an older stamp is not believed (a proxy's clock
# behind, which would otherwise lengthen every deadline), and the portal's own time counts.
LONGEST_WAIT = timedelta(minutes=1)


class PolishFirstLocaleMiddleware(LocaleMiddleware):
    """Polish unless the visitor chose another language with the switcher.

    Django's own middleware follows the browser's Accept-Language, which would show a
    municipal site in English to every resident whose browser happens to be set so; here
    only the explicit choice (the language cookie) counts.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # The language comes from the cookie: a shared cache must keep the versions apart.
        patch_vary_headers(response, ("Cookie",))
        return response


class ArrivalTimeMiddleware:
    """Notes when the request reached the portal, before anything can hold it up.

    A deadline is judged by the moment the applicant pressed "Submit", not by when the
    request got its turn: behind a lock, or in a busy worker, it may be processed seconds
    later. First in MIDDLEWARE, so that no other middleware's work counts against them.
    Behind a reverse proxy that stamps each request (REQUEST_START_HEADER), the proxy's
    stamp counts: it also covers the wait for a free worker, which the portal cannot see.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = timezone.now()
        request.arrived_at = now
        if settings.REQUEST_START_HEADER:
            stamped = proxy_stamp(request, now)
            if stamped is not None:
                request.arrived_at = stamped
        return self.get_response(request)


def proxy_stamp(request, now: datetime) -> datetime | None:
    """The proxy's "t=1764604800.123" (seconds, as nginx's $msec; milliseconds or
    microseconds as other proxies write it), if it is a moment of the last few minutes."""
    name = "HTTP_" + settings.REQUEST_START_HEADER.upper().replace("-", "_")
    raw = request.META.get(name, "").strip()
    if not raw:
        return None
    try:
        value = float(raw.removeprefix("t="))
    except ValueError:
        logger.warning("%s is not a time: %r", settings.REQUEST_START_HEADER, raw)
        return None
    for unit in (1, 1e3, 1e6):  # seconds, milliseconds, microseconds since 1970
        if value / unit < 1e11:
            break
    try:
        stamped = datetime.fromtimestamp(value / unit, tz=UTC)
    except (OverflowError, OSError, ValueError):
        stamped = None
    if stamped is None or not now - LONGEST_WAIT <= stamped <= now + timedelta(seconds=1):
        logger.warning(
            "%s=%r is not within %s before now: the portal's own time counts",
            settings.REQUEST_START_HEADER, raw, LONGEST_WAIT,
        )  # fmt: skip
        return None
    return min(stamped, now)  # a proxy's clock a little ahead never moves it later
