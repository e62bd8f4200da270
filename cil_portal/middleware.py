from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers


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
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.arrived_at = timezone.now()
        return self.get_response(request)
