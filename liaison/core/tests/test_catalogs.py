"""Every UI string is translated in all four languages, and catalogs match the source."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from liaison.core.catalogs import msgids, problems

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGS = [code for code, _ in settings.LANGUAGES]


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_is_complete(lang):
    po = LOCALE / lang / "LC_MESSAGES" / "django.po"
    assert po.exists(), f"missing catalog {po}"
    found = problems(po)
    assert not found, "\n".join(found[:40]) + f"\n({len(found)} problems)"


def test_catalogs_cover_every_source_string(tmp_path):
    """Extract the strings afresh (as makemessages does) and compare with the catalogs."""
    if not shutil.which("xgettext"):
        pytest.fail("gettext tools are required (apt-get install gettext)")
    copy = tmp_path / "liaison"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns("locale", "__pycache__", "tests", "static", "*.pyc"),
    )
    (copy / "locale").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "vi", "--no-location"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    fresh = msgids(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po")
    for lang in LANGS:
        committed = msgids(LOCALE / lang / "LC_MESSAGES" / "django.po")
        missing = fresh - committed
        assert not missing, (
            f"{lang}: {len(missing)} strings are not in the catalog; run `make catalogs` "
            f"and translate them: {sorted(m for _, m in missing)[:10]}"
        )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("vi", "Trường này là bắt buộc."),
        ("lo", "ຕ້ອງປ້ອນຂໍ້ມູນໃສ່ຊ່ອງນີ້."),
        ("km", "ចាំបាច់បំពេញទិន្នន័យកន្លែងនេះ។"),
        ("en", "This field is required."),
    ],
)
def test_framework_messages_are_translated(lang, expected):
    with translation.override(lang):
        assert translation.gettext("This field is required.") == expected


def test_lao_is_a_known_language():
    info = translation.get_language_info("lo")
    assert info["name_local"] == "ລາວ"
