"""Production defaults that tests override must still be right in the settings module."""

from liaison import settings as production


def test_passwords_are_hashed_with_argon2():
    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_debug_is_off_unless_asked():
    assert production.DEBUG is False


def test_sqlite_uses_wal_and_a_busy_timeout():
    db = production.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
        assert "busy_timeout" in db["OPTIONS"]["init_command"]


def test_secret_key_is_kept_under_var(tmp_path):
    assert len(production.SECRET_KEY) >= 40


def test_time_zone_and_languages():
    assert production.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert [code for code, _ in production.LANGUAGES] == ["vi", "lo", "km", "en"]
