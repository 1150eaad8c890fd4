"""Bar charts of the review report as PNG, drawn with Pillow.

Text is shaped with HarfBuzz (Pillow's RAQM layout) on the vendored Noto fonts. A label is
cut into runs by script — Lao runs in Noto Sans Lao, Khmer runs in Noto Sans Khmer, the
rest (Latin, Vietnamese, digits, punctuation, which the Lao/Khmer fonts lack) in Noto Sans —
so names stay in their script and no glyph is drawn as a box.

The chart is horizontal (categories down the left, bars to the right): category names are
long (provinces, drugs, agencies in three scripts) and read better on their own line.
Output is deterministic: same chart, same bytes.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .content import Chart
from .render_format import FONTS_DIR, format_number

SCRIPT_LATIN = "latin"
SCRIPT_LAO = "lao"
SCRIPT_KHMER = "khmer"

_FONT_STEMS = {
    SCRIPT_LATIN: "NotoSans",
    SCRIPT_LAO: "NotoSansLao",
    SCRIPT_KHMER: "NotoSansKhmer",
}

SERIES_COLOURS = ((31, 78, 121), (160, 174, 192))  # this period, previous period
TEXT_COLOUR = (33, 37, 41)
GRID_COLOUR = (222, 226, 230)
AXIS_COLOUR = (108, 117, 125)


def char_script(char: str) -> str | None:
    """The script a character needs a font for; None for a space (any font has it)."""
    code = ord(char)
    if 0x0E80 <= code <= 0x0EFF:
        return SCRIPT_LAO
    if 0x1780 <= code <= 0x17FF or 0x19E0 <= code <= 0x19FF:
        return SCRIPT_KHMER
    if char == " ":
        return None
    return SCRIPT_LATIN


def font_path(script: str, *, bold: bool = False) -> Path:
    """The vendored font file for a script (tests patch this to prove glyphs are drawn)."""
    return FONTS_DIR / f"{_FONT_STEMS[script]}-{'Bold' if bold else 'Regular'}.ttf"


@lru_cache(maxsize=64)
def _load_font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


def _font(script: str, size: int, bold: bool) -> ImageFont.FreeTypeFont:
    return _load_font(font_path(script, bold=bold), size)


def script_runs(text: str) -> list[tuple[str, str]]:
    """[(script, text)] — consecutive characters of one script; spaces join the run
    they sit in so words are shaped together."""
    runs: list[list] = []
    for char in text:
        script = char_script(char)
        if runs and (script is None or script == runs[-1][0]):
            runs[-1][1] += char
        else:
            runs.append([script or SCRIPT_LATIN, char])
    return [(script, chunk) for script, chunk in runs]


class _Writer:
    """Draws text made of several script runs, measuring each with its own font."""

    def __init__(self, draw: ImageDraw.ImageDraw) -> None:
        self.draw = draw

    def width(self, text: str, size: int, *, bold: bool = False) -> float:
        return sum(
            _font(script, size, bold).getlength(chunk) for script, chunk in script_runs(text)
        )

    def text(
        self,
        xy: tuple[float, float],
        text: str,
        size: int,
        *,
        bold: bool = False,
        fill=TEXT_COLOUR,
        anchor: str = "l",  # l: x is the left edge, r: the right edge, m: the middle
    ) -> None:
        x, y = xy
        total = self.width(text, size, bold=bold)
        if anchor == "r":
            x -= total
        elif anchor == "m":
            x -= total / 2
        for script, chunk in script_runs(text):
            font = _font(script, size, bold)
            # "ls": left/baseline, so runs in different fonts share one baseline
            self.draw.text((x, y), chunk, font=font, fill=fill, anchor="ls")
            x += font.getlength(chunk)

    def fit(self, text: str, size: int, max_width: float, *, bold: bool = False) -> str:
        """The text, shortened with an ellipsis to fit max_width."""
        if self.width(text, size, bold=bold) <= max_width:
            return text
        while text and self.width(text + "…", size, bold=bold) > max_width:
            text = text[:-1]
        return text + "…"


def _nice_step(maximum: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5, 5 × 10^n) covering maximum in about `ticks` steps."""
    if maximum <= 0:
        return 1.0
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _value_text(value: float, *, language: str, integral: bool) -> str:
    if integral:
        return format_number(round(value), language=language)
    return format_number(Decimal(str(value)), language=language)


def bar_chart_png(chart: Chart, *, language: str, width_px: int = 1200) -> bytes:
    """The chart as PNG bytes: title, legend, horizontal grouped bars (1–2 series) with
    their values, value axis with grid lines."""
    scale = width_px / 1200
    title_size = round(34 * scale)
    label_size = round(26 * scale)
    small_size = round(22 * scale)
    margin = round(24 * scale)
    bar_height = round(26 * scale)
    bar_gap = round(4 * scale)
    group_gap = round(16 * scale)

    series = chart.series[:2] or (("", tuple(0.0 for _ in chart.categories)),)
    categories = chart.categories or ("–",)
    values = [[float(v or 0) for v in values] for _, values in series]
    integral = all(float(v).is_integer() for row in values for v in row)
    maximum = max([v for row in values for v in row] + [0.0])
    step = _nice_step(maximum)
    axis_max = step * max(1, -(-maximum // step)) if maximum > 0 else step * 5

    # Measure once with a throwaway canvas to size the label column
    probe = _Writer(ImageDraw.Draw(Image.new("RGB", (1, 1))))
    label_column = min(
        width_px * 0.35,
        max(probe.width(c, label_size) for c in categories) + margin,
    )
    group_height = len(series) * bar_height + (len(series) - 1) * bar_gap + group_gap
    header_height = margin + title_size + round(14 * scale) + label_size + round(18 * scale)
    plot_top = header_height
    plot_height = len(categories) * group_height
    height = plot_top + plot_height + round(44 * scale) + margin

    image = Image.new("RGB", (width_px, int(height)), "white")
    draw = ImageDraw.Draw(image)
    writer = _Writer(draw)

    # Title
    title = chart.title + (f" ({chart.unit})" if chart.unit else "")
    writer.text(
        (margin, margin + title_size),
        writer.fit(title, title_size, width_px - 2 * margin, bold=True),
        title_size,
        bold=True,
    )
    # Legend (only when there is something to tell apart)
    legend_y = margin + title_size + round(14 * scale) + label_size
    x = margin
    for index, (label, _) in enumerate(series):
        if not label:
            continue
        box = round(20 * scale)
        draw.rectangle((x, legend_y - box, x + box, legend_y), fill=SERIES_COLOURS[index % 2])
        x += box + round(8 * scale)
        writer.text((x, legend_y), label, small_size)
        x += writer.width(label, small_size) + round(28 * scale)

    plot_left = margin + label_column
    plot_right = width_px - margin - round(110 * scale)  # room for the value of the longest bar
    plot_width = max(1.0, plot_right - plot_left)
    plot_bottom = plot_top + plot_height

    # Grid and value axis
    tick = 0.0
    while tick <= axis_max + 1e-9:
        tx = plot_left + plot_width * tick / axis_max
        draw.line((tx, plot_top, tx, plot_bottom), fill=GRID_COLOUR, width=1)
        writer.text(
            (tx, plot_bottom + round(26 * scale)),
            _value_text(tick, language=language, integral=float(step).is_integer()),
            small_size,
            fill=AXIS_COLOUR,
            anchor="m",
        )
        tick += step
    draw.line((plot_left, plot_top, plot_left, plot_bottom), fill=AXIS_COLOUR, width=2)
    draw.line((plot_left, plot_bottom, plot_right, plot_bottom), fill=AXIS_COLOUR, width=1)

    # Bars
    for row, category in enumerate(categories):
        top = plot_top + row * group_height + group_gap / 2
        middle = top + (group_height - group_gap) / 2
        writer.text(
            (margin, middle + label_size * 0.35),
            writer.fit(category, label_size, label_column - margin),
            label_size,
        )
        for index, row_values in enumerate(values):
            value = row_values[row] if row < len(row_values) else 0.0
            y0 = top + index * (bar_height + bar_gap)
            x1 = plot_left + plot_width * value / axis_max
            if value > 0:
                draw.rectangle(
                    (plot_left + 1, y0, max(x1, plot_left + 1), y0 + bar_height),
                    fill=SERIES_COLOURS[index % 2],
                )
            writer.text(
                (x1 + round(6 * scale), y0 + bar_height * 0.8),
                _value_text(value, language=language, integral=integral),
                small_size,
            )

    buffer = io.BytesIO()
    # Fast compression: charts are flat colours, level 1 is already small
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()
