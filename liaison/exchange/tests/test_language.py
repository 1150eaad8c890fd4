import pytest

from liaison.exchange.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đề nghị xác minh đối tượng Nguyễn Văn An", "vi"),
        ("Yêu cầu cung cấp thông tin về đường dây ma túy", "vi"),
        ("ຂໍໃຫ້ກວດສອບຕົວຕົນຂອງບຸກຄົນນີ້", "lo"),
        ("សូមផ្ទៀងផ្ទាត់អត្តសញ្ញាណ", "km"),
        ("Please verify the identity of this person", "en"),
        ("Café résumé about the shipment and the route to the border", "en"),
        # a Lao report quoting a Vietnamese name is Lao
        ("ກວດສອບ ທ້າວ Nguyễn Văn An ທີ່ເມືອງລະມາມ ແຂວງເຊກອງ", "lo"),
    ],
)
def test_detects_language_from_script(text, expected):
    assert detect_language(text) == expected


def test_default_when_no_letters():
    assert detect_language("12345 !!", default="lo") == "lo"
    assert detect_language("") == "en"
