"""The phonetic skeleton and word-by-word name comparison."""

from __future__ import annotations

import pytest

from liaison.registry.matching.frequency import TermFrequencies
from liaison.registry.matching.keys import name_keys, person_record
from liaison.registry.matching.names import Level, NameWeights, compare_names, edit_similarity
from liaison.registry.matching.phonetic import romanize, skeleton

from .data.names import (
    KHMER_FAMILY,
    KHMER_GIVEN_FEMALE,
    KHMER_GIVEN_MALE,
    LAO_FAMILY,
    LAO_GIVEN_FEMALE,
    LAO_GIVEN_MALE,
)

WEIGHTS = NameWeights()


def sk(word: str) -> str:
    return skeleton(romanize(word))


@pytest.mark.parametrize(
    "spellings",
    [
        # Lao script and the romanizations seen on passports and in Vietnamese files
        ["ບົວພັນ", "Bouaphanh", "Bouaphan", "Buaphanh", "BOUAPHAN"],
        ["ອິນທະລາດ", "Inthalath", "Inthalat", "Inthalad"],
        ["ພົມມະຈັນ", "Phommachanh", "Phommachan", "Phomachanh"],
        ["ສົມພອນ", "Somphone", "Somphon", "Sompone"],
        ["ແກ້ວມະນີ", "Keomany", "Kaewmany", "Keomani", "Kaeomany"],
        ["ສອນໄຊ", "Sonexay", "Sonxay", "Sonesay"],
        ["ພອນສະຫວັນ", "Phonesavanh", "Phonsavan"],
        ["ໄຊຍະວົງ", "Xayavong", "Sayavong", "Xaiyavong"],
        ["ດວງປັນຍາ", "Douangpanya", "Duangpanya", "Douangpagna"],
        ["ບຸນເລີດ", "Bounleuth", "Bounleut", "Bounloet"],
        ["ແສງເດືອນ", "Sengdeuane", "Sengduean", "Saengdeuan"],
        ["ວຽງຄຳ", "Viengkham", "Viangkham"],
        ["ບຸນມີ", "Bounmy", "Bounmi", "Boonmee"],
        ["ຈັນທະວົງ", "Chanthavong", "Janthavong", "Chanthavongs"],
        ["ສົມສັກ", "Somsack", "Somsak"],
        # Khmer script and its popular spellings
        ["សុខ", "Sok", "Sokh"],
        ["ចាន់", "Chan", "Chann", "Chanh"],
        ["ពៅ", "Pov", "Pau", "Pao"],
        ["ស្រី", "Srey", "Sri", "Srei"],
        ["កែវ", "Keo", "Kaev"],
        ["ខៀវ", "Khiev", "Khieu", "Khiew"],
        ["ជា", "Chea"],
        ["វាសនា", "Veasna", "Veasnea"],
        ["ភក្តី", "Pheakdey"],
        ["ពិសិដ្ឋ", "Piseth", "Piset"],
        ["សុវណ្ណ", "Sovann", "Sovan"],
        ["ស្វាយ", "Svay", "Swai"],
        ["ចំរើន", "Chamroeun", "Chamreun"],
        # Vietnamese, and the same sound written the Lao way
        ["Thanh", "Thành", "THANH"],
        ["Quang", "ກວາງ", "Kouang", "Kwang"],
        ["Nguyễn", "Nguyen", "NGUYEN"],
    ],
)
def test_romanizations_of_one_name_share_a_skeleton(spellings):
    assert len({sk(s) for s in spellings}) == 1, {s: sk(s) for s in spellings}


@pytest.mark.parametrize(
    ("a", "b"),
    [("Hải", "Hà"), ("Dung", "Tung"), ("Hùng", "Hồng"), ("Sok", "Sao"), ("Lan", "Loan")],
)
def test_different_names_keep_different_skeletons(a, b):
    assert sk(a) != sk(b)


def test_most_hand_written_spellings_meet_their_script_form():
    """The name lists' spellings were written from usage, not from our romanizer."""
    total = same_skeleton = close = 0
    lists = [
        LAO_GIVEN_MALE, LAO_GIVEN_FEMALE, LAO_FAMILY,
        KHMER_FAMILY, KHMER_GIVEN_MALE, KHMER_GIVEN_FEMALE,
    ]  # fmt: skip
    for entries in lists:
        for native, common, others in entries:
            for spelling in (common, *others):
                if " " in spelling:
                    continue
                total += 1
                a, b = sk(native), sk(spelling)
                same_skeleton += a == b
                close += a == b or edit_similarity(a, b) > 0
    assert total > 350
    assert same_skeleton / total >= 0.88
    assert close / total >= 0.95
    # the common spelling itself almost always meets exactly
    commons = [(n, c) for entries in lists for n, c, _ in entries]
    assert sum(sk(n) == sk(c) for n, c in commons) / len(commons) >= 0.97


def compare(query: str, candidate: str, frequencies: TermFrequencies | None = None):
    return compare_names(
        name_keys(query), name_keys(candidate), frequencies or TermFrequencies(), WEIGHTS
    )


def test_word_order_does_not_matter():
    straight = compare("Trần Văn Hải", "Trần Văn Hải")
    for query in ["Hai Tran Van", "HẢI TRẦN VĂN", "Van Hai Tran"]:
        reordered = compare(query, "Trần Văn Hải")
        assert reordered.bits == pytest.approx(straight.bits)
        assert {p.level for p in reordered.pairings} <= {Level.EXACT, Level.FOLDED}
    khmer = compare("Samnang Sok", "សុខ សំណាង")
    assert khmer.similarity > 0.9 and not khmer.conflict


@pytest.mark.parametrize(
    ("query", "candidate"),
    [
        ("Nguyen Thanhhai", "Nguyễn Thanh Hải"),
        ("Nguyễn Thanh Hải", "NGUYEN THANHHAI"),
        ("Boua Phanh Inthalath", "ບົວພັນ ອິນທະລາດ"),
        ("Bouaphanh Inthalath", "Boua Phanh Inthalath"),
        ("Sok Sam Nang", "សុខ សំណាង"),
    ],
)
def test_merged_and_split_words_meet(query, candidate):
    comparison = compare(query, candidate)
    assert any(p.level is Level.MERGED for p in comparison.pairings)
    assert not any(p.level in (Level.MISSING, Level.EXTRA) for p in comparison.pairings)
    assert comparison.similarity > 0.85


def test_levels_say_how_words_met():
    levels = {
        (query, candidate): compare(query, candidate).pairings[0].level
        for query, candidate in [
            ("Hải", "Hải"),
            ("HAI", "Hải"),
            ("Hùng", "Hưng"),
            ("phommachan", "ພົມມະຈັນ"),
            ("Phommachanh", "ພົມມະຈັນ"),
            ("Phommachna", "ພົມມະຈັນ"),
        ]
    }
    assert list(levels.values()) == [
        Level.EXACT,
        Level.FOLDED,
        Level.DIACRITICS_DIFFER,
        Level.ROMANIZED,
        Level.SKELETON,
        Level.FUZZY,
    ]


def test_fuzzy_tolerance_depends_on_length():
    assert edit_similarity("phommachna", "phommachan") > 0.85  # transposition, long word
    assert edit_similarity("vna", "van") > 0  # transposition in a short word
    assert edit_similarity("kim", "kem") > 0  # similar vowels (Khmer ិ is e or i)
    assert edit_similarity("ha", "hai") == 0  # Hà / Hải are different names
    assert edit_similarity("dung", "dang") == 0
    assert edit_similarity("nuon", "kuon") == 0  # different first letter


def test_rare_words_count_more_than_common_ones():
    registry = [
        person_record(id=n, names=[f"Nguyễn Văn {given}"])
        for n, given in enumerate(["Hải", "Hùng", "Dũng", "Tuấn", "Nam", "Long", "Sơn"] * 30)
    ] + [person_record(id="x", names=["Inthalath Bouaphanh"])]
    frequencies = TermFrequencies.from_records(registry)
    nguyen = frequencies.info(sk("Nguyễn"))
    van = frequencies.info(sk("Văn"))
    hai = frequencies.info(sk("Hải"))
    inthalath = frequencies.info(sk("Inthalath"))
    assert nguyen < van < hai < inthalath
    assert nguyen < 2.5 and inthalath > 9.0
    # sharing only the common words is weak evidence; sharing the rare one is strong
    common_only = compare("Nguyễn Văn Hải", "Nguyễn Văn Hùng", frequencies)
    rare_only = compare("Nguyễn Văn Hải", "Trần Thị Hải", frequencies)
    assert common_only.bits < rare_only.bits
    assert common_only.conflict


def test_a_missing_word_costs_less_than_a_different_word():
    missing = compare("Nguyễn Hải", "Nguyễn Văn Hải")  # the query left out Văn
    different = compare("Nguyễn Đức Hải", "Nguyễn Văn Hải")
    assert not missing.conflict and different.conflict
    assert missing.bits > different.bits
