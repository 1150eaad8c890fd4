"""The README documents what the code does: the demo logins table must match the demo."""

from pathlib import Path

from liaison.agencies.demo import DEMO_PASSWORD, logins_markdown

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_lists_the_current_demo_logins():
    text = README.read_text(encoding="utf-8")
    assert logins_markdown().strip() in text, (
        "README.md's demo logins are out of date: paste the output of "
        "`python -c 'from liaison.agencies.demo import logins_markdown as m; print(m())'`"
    )
    assert f"`{DEMO_PASSWORD}`" in text
