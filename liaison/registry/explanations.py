"""Match explanations as whole translated sentences.

The engine (`registry/matching/explain.py`, no Django) returns each explanation as data:
a code and named parameters (names as written, their romanized forms, dates, document
numbers). This module maps the same codes to gettext sentences with named placeholders,
so translators see whole sentences and names stay in their original script. The API keeps
the structured form (`code`, `params`) beside the translated `message`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _


def _sentences() -> dict[str, str]:
    """Evaluated per call: gettext must run in the language active at that moment."""
    return {
        "names": _(
            "The name %(query)s (%(query_script)s) was compared with %(candidate)s "
            "(%(candidate_script)s)."
        ),
        "word_exact": _("%(query)s = %(candidate)s: the same word."),
        "word_folded": _("%(query)s = %(candidate)s: the same without diacritics or case."),
        "word_diacritics_differ": _(
            "%(query)s ≠ %(candidate)s: the same letters with different diacritics."
        ),
        "word_romanized": _(
            "%(query)s ≈ %(candidate)s: the same after romanization (%(query_romanized)s)."
        ),
        "word_skeleton": _(
            "%(query)s ≈ %(candidate)s: the same sound written in another romanization "
            "(%(query_romanized)s / %(candidate_romanized)s)."
        ),
        "word_merged": _("%(query)s ≈ %(candidate)s: the same when written together or apart."),
        "word_fuzzy": _(
            "%(query)s ~ %(candidate)s: a similar spelling, possibly a typo "
            "(%(query_romanized)s / %(candidate_romanized)s)."
        ),
        "word_missing": _("%(query)s is not in the candidate's name."),
        "word_extra": _("%(candidate)s is only in the candidate's name."),
        "dob_unknown": _("The birth date is not known on both sides."),
        "dob_same_day": _("Born on the same day (%(query)s)."),
        "dob_same_month": _("Born in the same month (%(query)s / %(candidate)s)."),
        "dob_same_year": _(
            "Born in the same year; nothing more is known (%(query)s / %(candidate)s)."
        ),
        "dob_swapped_day_month": _(
            "The birth dates have day and month swapped (%(query)s / %(candidate)s)."
        ),
        "dob_conflict_day": _(
            "Born in the same month but on a different day (%(query)s / %(candidate)s)."
        ),
        "dob_conflict_month": _(
            "Born in the same year but in a different month (%(query)s / %(candidate)s)."
        ),
        "dob_year_close": _("Born one year apart (%(query)s / %(candidate)s)."),
        "dob_years_apart": _("Born %(years)s years apart (%(query)s / %(candidate)s)."),
        "doc_same": _("The same %(type)s number: %(number)s."),
        "doc_same_number": _(
            "The same document number %(number)s (%(query_type)s / %(candidate_type)s)."
        ),
        "doc_conflict": _(
            "Different %(type)s numbers issued by %(country)s (%(query)s / %(candidate)s)."
        ),
        "nationality_same": _("The same nationality (%(countries)s)."),
        "nationality_different": _("A different nationality (%(query)s / %(candidate)s)."),
        "sex_different": _("A different sex (%(query)s / %(candidate)s)."),
        "capped_dob_years_apart": _("Not a match: born years apart."),
        "capped_name_conflict": _("Not a match without review: a word of the name differs."),
    }


def _display(value: Any) -> str:
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(v) for v in value) or "—"
    if value is None or value == "":
        return "—"
    return str(value)


def explanation_sentence(
    item: Mapping[str, Any], sentences: Mapping[str, str] | None = None
) -> str:
    """One explanation (`{"code", "params", ...}`) as a sentence in the active language.

    An unknown code or a sentence whose placeholders the parameters do not fill falls
    back to the engine's English message: an explanation is never lost."""
    sentences = sentences if sentences is not None else _sentences()
    template = sentences.get(str(item.get("code")))
    fallback = str(item.get("message") or item.get("code") or "")
    if template is None:
        return fallback
    params = {key: _display(value) for key, value in (item.get("params") or {}).items()}
    try:
        return template % params
    except (KeyError, TypeError, ValueError):
        return fallback


def translated_explanation(items: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The explanation items with `message` in the active language (code and params kept)."""
    sentences = _sentences()
    return [{**item, "message": explanation_sentence(item, sentences)} for item in items]


def translate_results(results: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Screening results (`screen_records`) with every candidate's explanation translated."""
    return [
        {
            **result,
            "candidates": [
                {**candidate, "explanation": translated_explanation(candidate["explanation"])}
                for candidate in result.get("candidates", ())
            ],
        }
        for result in results
    ]
