import unicodedata

from liaison.exchange.textsearch import fold, query_terms, search_document


def test_vietnamese_diacritics_and_d_bar_fold_away():
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert fold("đường dây") == "duong day"


def test_decomposed_input_folds_like_composed():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn")
    assert fold(decomposed) == fold("Nguyễn Văn") == "nguyen van"


def test_lao_marks_are_kept():
    lao = "ສົມພອນ ແກ້ວມະນີ"
    folded = fold(lao)
    # vowel signs and tone marks (combining characters outside the Latin block) survive
    assert "\u0ebb" in folded and "\u0ec9" in folded
    assert folded == unicodedata.normalize("NFC", lao)
    assert fold("ແກ້ວ") != fold("ແກວ")


def test_khmer_marks_are_kept():
    khmer = "នាយកដ្ឋានប្រឆាំងគ្រឿងញៀន"
    assert fold(khmer) == khmer
    assert "\u17d2" in fold(khmer)  # coeng (subscript) sign


def test_whitespace_and_case():
    assert fold("  HEROIN\n\tTablets ") == "heroin tablets"


def test_query_terms_fold_and_keep_phrases():
    assert query_terms('Nguyen "Van Đuc" nguyễn') == ["nguyen", "van duc"]
    assert query_terms("   ") == []


def test_search_document_joins_parts():
    assert search_document("Tiêu đề", "", "Nội dung") == "tieu de\nnoi dung"
