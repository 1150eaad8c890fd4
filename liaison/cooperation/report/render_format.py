"""Formatting shared by the review-report renderers (DOCX, PDF, charts): numbers in the
report's language, roman section numbers, the few captions the renderers add themselves,
and where the vendored fonts live.

The compiler translates every label it puts into `ReviewContent`; the captions the
renderers add (number, previous period, recipients...) are translated here in the
report's language, unless `content.labels` gives its own text for one.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext, pgettext

import liaison.core

FONTS_DIR = Path(liaison.core.__file__).resolve().parent / "static" / "fonts"

# Font family names as the vendored files declare them (Word and Pango look them up by name)
FONT_LATIN = "Noto Sans"
FONT_LAO = "Noto Sans Lao"
FONT_KHMER = "Noto Sans Khmer"

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(number: str | int) -> str:
    """'1' -> 'I', '4' -> 'IV'; a number that is not an integer is returned as given."""
    try:
        value = int(number)
    except (TypeError, ValueError):
        return str(number)
    if value <= 0:
        return str(number)
    parts = []
    for arabic, numeral in _ROMAN:
        count, value = divmod(value, arabic)
        parts.append(numeral * count)
    return "".join(parts)


def _separators(language: str) -> tuple[str, str]:
    """(thousands, decimal) separators: Vietnamese writes 1.234,56, the others 1,234.56."""
    return (".", ",") if language == "vi" else (",", ".")


def format_number(
    value: int | float | Decimal, *, language: str, decimals: int | None = None
) -> str:
    """An int with thousands separators; a Decimal/float with `decimals` places (2 unless
    told), rounded half-up, in the separators of the language."""
    thousands, decimal_sep = _separators(language)
    if isinstance(value, bool):
        value = int(value)
    if decimals is None:
        decimals = 0 if isinstance(value, int) else 2
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"  # 1,234.56
    return text.replace(",", "\x00").replace(".", decimal_sep).replace("\x00", thousands)


def format_date(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def format_cell(value: object, *, language: str) -> str:
    """A table cell as text: numbers in the language's format (Decimal = kg, 2 places),
    dates dd/mm/yyyy, None as a dash, text as written."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return format_date(value.date())
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return format_number(value, language=language)
    return str(value)


def is_numeric(value: object) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def numeric_columns(table) -> frozenset[int]:
    """Indexes of the columns holding numbers (right-aligned, including their empty cells)."""
    rows = [*table.rows, *([table.total_row] if table.total_row else [])]
    return frozenset(
        index
        for index in range(len(table.columns))
        if any(index < len(row) and is_numeric(row[index]) for row in rows)
    )


def column_weights(table, *, language: str) -> list[float]:
    """Relative column widths by the length of what the columns hold (first 50 rows),
    so renderers can use fixed table layouts (fast) that still look balanced."""
    sample = [table.columns, *table.rows[:50], *([table.total_row] if table.total_row else [])]
    weights = []
    for index, title in enumerate(table.columns):
        longest = max(
            (len(format_cell(row[index], language=language)) for row in sample if index < len(row)),
            default=4,
        )
        # A column is never narrower than its header's longest word, nor than a date
        longest_word = max((len(word) for word in str(title).split()), default=0)
        weight = min(max(longest, longest_word, 8), 40) + 3
        # Dates and numbers do not wrap: give them room for their widest digits
        atomic = any(
            index < len(row) and isinstance(row[index], (date, int, float, Decimal))
            for row in sample[1:]
        )
        weights.append(weight * 1.5 if atomic else weight)
    return weights


def format_figure(figure, *, language: str, previous_label: str) -> str:
    """'label: value unit (previous: x)'."""
    value = format_number(figure.value, language=language)
    text = f"{figure.label}: {value}"
    if figure.unit:
        text += f" {figure.unit}"
    if figure.previous is not None:
        previous = format_number(figure.previous, language=language)
        text += f" ({previous_label}: {previous})"
    return text


def captions(content) -> dict[str, str]:
    """The captions the renderers add themselves, in the report's language."""
    with translation.override(content.language):
        fallback = {
            "number": gettext("No."),
            "previous": gettext("previous period"),
            # the "Nơi nhận" block of an administrative document, not a message's recipients
            "recipients": pgettext("administrative document", "Recipients"),
            "period": gettext("Period"),
            "previous_period": gettext("Previous period"),
            "figures": gettext("Figures"),
            "summary": gettext("Summary"),
            "value": gettext("Value"),
            "unit": gettext("Unit"),
            "parties": gettext("Parties"),
        }
    return {key: content.labels.get(key) or text for key, text in fallback.items()}
