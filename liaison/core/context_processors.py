from django.conf import settings


def shell(request):
    """What the base template needs on every page."""
    return {
        "liaison_languages": [
            (code, settings.LANGUAGE_NATIVE_NAMES[code]) for code, _ in settings.LANGUAGES
        ],
    }
