"""Cross-script person-name matching for the registry. Pure Python, no Django.

Pipeline: `name_keys()` derives per word the folded form, a romanization and a phonetic
skeleton (`text`, `lao`, `khmer`, `phonetic`); `MatchIndex` generates candidates from
blocking keys (`index`); `score_candidate()` weighs names (term-frequency weighted,
`names`, `frequency`), birth dates, documents, nationality and sex into a 0–1 score and
a decision with a structured explanation (`scoring`, `explain`); `evaluation` measures
precision and recall on a labelled set.
"""

from .explain import Explanation
from .frequency import TermFrequencies
from .index import MatchIndex, query_plan, record_keys
from .keys import (
    Document,
    NameKeys,
    PartialDate,
    PersonRecord,
    WordKeys,
    name_keys,
    normalize_document_number,
    person_record,
)
from .names import Level, NameWeights, compare_names
from .phonetic import romanize, skeleton
from .scoring import DEFAULT_CONFIG, Decision, MatchConfig, ScoredCandidate, score_candidate
from .text import Script, detect_script, fold, tokenize

__all__ = [
    "DEFAULT_CONFIG",
    "Decision",
    "Document",
    "Explanation",
    "Level",
    "MatchConfig",
    "MatchIndex",
    "NameKeys",
    "NameWeights",
    "PartialDate",
    "PersonRecord",
    "ScoredCandidate",
    "Script",
    "TermFrequencies",
    "WordKeys",
    "compare_names",
    "detect_script",
    "fold",
    "name_keys",
    "normalize_document_number",
    "person_record",
    "query_plan",
    "record_keys",
    "romanize",
    "score_candidate",
    "skeleton",
    "tokenize",
]
