"""The four languages of Liaison, each named in its own script.

Used for a user's interface language and for the language a text was written in.
"""

from django.db import models


class Language(models.TextChoices):
    VI = "vi", "Tiếng Việt"
    LO = "lo", "ພາສາລາວ"
    KM = "km", "ភាសាខ្មែរ"
    EN = "en", "English"
