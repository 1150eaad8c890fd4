"""The timed figures of the review report: `render_review_report()` in each format and
language, over the six-month period (and, on request, the whole generated range)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.common import Figure, World, measure
from bench.review.generate import ensure_data
from bench.review.partnership import FIRST_DAY, LAST_DAY, PERIOD

TARGETS_S = {"docx": 5.0, "pdf": 15.0, "xlsx": 5.0}
FORMATS = tuple(TARGETS_S)


def measure_reports(
    partnership, *, formats, languages, repeats: int, period=PERIOD, label="six-month"
) -> list[Figure]:
    from liaison.cooperation.report import render_review_report

    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in formats:
            for language in languages:
                out = Path(tmp) / f"review-{language}.{fmt}"

                def run(_, fmt=fmt, language=language, out=out):
                    render_review_report(
                        partnership=partnership,
                        date_from=period[0],
                        date_to=period[1],
                        language=language,
                        fmt=fmt,
                        out=out,
                    )

                samples = measure(run, repeats=repeats, warmup=1)
                cpu = samples.cpu_median / 1000 if samples.cpu_median is not None else 0
                figures.append(
                    Figure(
                        f"{label} review report, {fmt.upper()}, {language}, median",
                        samples.median / 1000,
                        "s",
                        TARGETS_S[fmt],
                        note=f"CPU {cpu:.2f} s, {out.stat().st_size / 1024:,.0f} KiB, "
                        f"runs {', '.join(f'{v / 1000:.2f}' for v in samples.values)} s",
                    )
                )
    return figures


def run(
    *,
    world: World,
    incidents: int,
    messages: int,
    activities: int,
    repeats: int,
    formats: tuple[str, ...] = FORMATS,
    languages: tuple[str, ...] = ("vi", "lo"),
    whole_range: bool = False,
    progress=print,
) -> list[Figure]:
    partnership, figures = ensure_data(
        world, incidents=incidents, messages=messages, activities=activities, progress=progress
    )
    if formats:
        figures += measure_reports(
            partnership, formats=formats, languages=languages, repeats=repeats
        )
        if whole_range:
            # the strict reading: one report over ALL the generated data (every incident,
            # message and activity of the partnership falls in the period)
            figures += measure_reports(
                partnership,
                formats=formats,
                languages=languages,
                repeats=repeats,
                period=(FIRST_DAY, LAST_DAY),
                label="whole-data (two-year)",
            )
    return figures
