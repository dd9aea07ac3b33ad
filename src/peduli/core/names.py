"""Name keys: spotting probable duplicate registrations of the same worker.

Clerks in every village type names their own way: "Hj. SITI AMINAH, S.Pd.",
"Siti Aminah", "Sitti Aminah binti Karto"; old identity cards still carry the
pre-1972 spelling ("Soekarno", "Djoko"). `name_key` reduces a name to a key that
is equal for such variants, `name_key_expr` computes the very same key for a
whole polars column (imports of 10⁵–10⁶ rows), and `names_similar` compares two
keys. A match only proposes a duplicate for a person to review; it decides
nothing on its own.

The key is built by one pipeline of regular expressions written in the subset
that Python's `re` and Rust's `regex` (under polars) read alike: no look-around,
no back-references, and `\\b` only over ASCII letters and spaces.
"""

import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

if TYPE_CHECKING:
    import polars as pl

# Accents go with NFKD; quotes and apostrophes join ("Ma'ruf" = "Maruf").
_STRIP_MARKS = r"[^\x00-\x7f]|['`]"
# By convention a comma introduces the degrees ("Siti Aminah, S.Pd., M.Pd."),
# so everything after the first comma goes.
_AFTER_COMMA = r"(?s),.*"
# Dots, hyphens, digits and runs of spaces all become one token break, so "H."
# and "H" or "S.Pd." and "SPd" end up alike. From here on the text is words of
# a-z between single spaces, with maybe a space at either end.
_NON_LETTERS = r"[^A-Za-z]+"
# Honorifics and titles, lowercased, only where they lead the name: the same
# words inside a name are names or initials ("Budi H." is Budi Hartono). Old
# spellings are listed because titles go before the spelling is modernised.
_TITLES = (
    "h hj haji hadji hajah hajjah hadjah kh kyai kiai nyai njai ust ustad ustadz ustaz ustadzah ustazah "
    "prof dr drs dra drg ir bpk bapak pak ibu bu ny nyonya njonja nn nona sdr sdri saudara saudari tn tuan mbah"
).split()
_LEADING_TITLES = rf"^ ?(?:(?:{'|'.join(_TITLES)})(?: |$))+"
# Degrees written after the name without a comma ("Budi Santoso S.Kom"), with
# or without dots; only trailing and never the first token.
_TRAILING_DEGREES = (
    r"(?: (?:s ?(?:pd ?i|pd|e|h|t|si|sos|kom|ag|ip|kep|ked|km|farm|hi|th|hum|ak)"
    r"|m ?(?:pd|si|m|h|t|kes|ag|kom|sc|hum)|a ?md(?: ?(?:kep|keb|kom))?|a ?ma|amk|lc))+ ?$"
)
# Old (Soewandi) spelling to current. Not mapped: old "j" = current "y" in
# general, because "j" is also current spelling (Joko, Panji); only "hj", which
# current spelling never has (Tjahjo, Wahjudi). "ch" was the Arabic kha
# (Chairul, Chotimah), except in the Sanskrit "Chandra", still common as such.
_OLD_SPELLING = {"oe": "u", "dj": "j", "tj": "c", "sj": "sy", "chandr": "candr", "ch": "kh", "hj": "hy"}
# "nj" is old only at a word's start (Njoman); inside it is current (Panji, Tanjung).
_OLD_NJ = r"\bnj"
# Doubled letters are a spelling habit, not a difference (Muhammad, Sitti,
# Abdullah). Two passes of pair-collapsing flatten runs of up to four letters.
_DOUBLES = {c + c: c for c in "abcdefghijklmnopqrstuvwxyz"}
# A final "y" is a stylish "i" (Rudy, Dedy, Rizky).
_FINAL_Y = r"y\b"
# Muhammad in all its spellings once doubles are gone and "ch" is "kh"; a lone
# "M" only when another name follows (a final "M." is an initial).
_MUHAMMAD = r"\b(?:m[ou]k?ham[ae][dt]|mhd|mohd|moh|muh|mokh|mukh)(?: |$)|\bm \b"
_AHMAD = r"\bak?hma[dt]\b"

# The steps after the text is lowercased and tokenised, in order; a dict is a
# table of literal replacements, earlier entries first where two could match.
_STEPS: tuple[tuple[str, str] | dict[str, str], ...] = (
    (_LEADING_TITLES, ""),
    (_TRAILING_DEGREES, ""),
    _OLD_SPELLING,
    (_OLD_NJ, "ny"),
    _DOUBLES,
    _DOUBLES,
    (_FINAL_Y, "i"),
    (_MUHAMMAD, "muhammad "),
    (_AHMAD, "ahmad"),
)
_CLEAN = ((_STRIP_MARKS, ""), (_AFTER_COMMA, ""), (_NON_LETTERS, " "))


def _python_step(step: tuple[str, str] | dict[str, str]) -> Callable[[str], str]:
    if isinstance(step, dict):
        table = step
        alternatives = re.compile("|".join(map(re.escape, table)))
        return lambda text: alternatives.sub(lambda match: table[match[0]], text)
    pattern, replacement = re.compile(step[0]), step[1]
    return lambda text: pattern.sub(replacement, text)


_PYTHON_CLEAN = tuple(map(_python_step, _CLEAN))
_PYTHON_STEPS = tuple(map(_python_step, _STEPS))


def name_key(name: str) -> str:
    """Return the comparison key of a person's name.

    The key is lowercase ASCII words separated by single spaces, without titles,
    degrees or punctuation, in current spelling, with doubled letters single and
    every Muhammad and Ahmad spelled alike. "bin"/"binti" and the father's name
    stay; everything after the first comma is taken for degrees. A name that is
    empty or only titles gives "". `name_key_expr` gives the same key.
    """
    text = unicodedata.normalize("NFKD", name)
    for step in _PYTHON_CLEAN:
        text = step(text)
    text = text.lower()
    for step in _PYTHON_STEPS:
        text = step(text)
    return text.strip(" ")


def name_key_expr(column: "pl.Expr") -> "pl.Expr":
    """Return a polars expression giving `name_key` of every string in `column`.

    The result equals `name_key(x)` for every string x (null stays null); only
    for characters newer than Python's Unicode tables may NFKD differ.
    """
    text = column.str.normalize("NFKD")
    for pattern, replacement in _CLEAN:
        text = text.str.replace_all(pattern, replacement)
    text = text.str.to_lowercase()
    for step in _STEPS:
        if isinstance(step, dict):
            # leftmost=True is the Python alternation's first-listed-wins rule.
            text = text.str.replace_many(step, leftmost=True)
        else:
            text = text.str.replace_all(*step)
    return text.str.strip_chars(" ")


# fuzz.ratio of the words two keys do not share, from which on they are one
# name mistyped. One letter more in a name of five scores 90.9 (Sugiono/Sugiyono
# scores 93.3); in a name of four 88.9, and there it is another name
# (Agus/Bagus). One changed letter scores 87.5 even in a name of eight
# (Sugianto/Sugiarto). Running words together ("Sri Wahyuni"/"Sriwahyuni")
# scores 95.
SIMILARITY_THRESHOLD = 90
# Javanese and Arabic names mark sex in their ending (Suharto/Suharti,
# Hidayat/Hidayah, Yulianti/Yuliani), so differing endings are never a slip.
_ENDING = 2
_PARENT_MARKERS = frozenset({"bin", "binti"})


def _own_and_parent(key: str) -> tuple[set[str], set[str]]:
    tokens = key.split()
    for index, token in enumerate(tokens):
        if token in _PARENT_MARKERS:
            return set(tokens[:index]), set(tokens[index + 1 :])
    return set(tokens), set()


def _nested(first: set[str], second: set[str]) -> bool:
    return first <= second or second <= first


def names_similar(a: str, b: str) -> bool:
    """Say whether two keys from `name_key` probably name the same person.

    True when the keys are equal; when one key's own names (the words before
    "bin"/"binti") are all among the other's, which covers people known by one
    name, and their fathers' names, if both give one, nest the same way; or when
    the words the keys do not share are one typing slip apart: same last two
    letters and fuzz.ratio at least SIMILARITY_THRESHOLD. An empty key is
    similar to nothing.
    """
    if not a or not b:
        return False
    if a == b:
        return True
    own_a, parent_a = _own_and_parent(a)
    own_b, parent_b = _own_and_parent(b)
    if own_a and own_b and _nested(own_a, own_b) and (not parent_a or not parent_b or _nested(parent_a, parent_b)):
        return True
    # Compare only what differs: shared words would inflate the score, so that
    # "ahmad sugianto" and "ahmad sugiarto" would pass at 92.9.
    tokens_a, tokens_b = a.split(), b.split()
    only_a = " ".join(token for token in tokens_a if token not in tokens_b)
    only_b = " ".join(token for token in tokens_b if token not in tokens_a)
    return only_a[-_ENDING:] == only_b[-_ENDING:] and fuzz.ratio(only_a, only_b) >= SIMILARITY_THRESHOLD


# fuzz.token_sort_ratio of two keys below which they name another person
# altogether, not this one mistyped: "Darsih Aminah"/"Sudah Ada" 54.5, "Siti
# Aminah"/"Siti Rahayu" 63.6, "Budi Santoso"/"Bambang Santoso" 66.7, while a
# slip stays above (Sugianto/Sugiarto 87.5, Budi Santoso/Budi Susanto 83.3).
ANOTHER_PERSON_BELOW = 75


def names_of_another_person(a: str, b: str) -> bool:
    """Say whether two keys from `name_key` clearly name two different people:
    not `names_similar`, and far apart even with their words sorted. An empty
    key names nobody, so it differs from nothing."""
    if not a or not b or names_similar(a, b):
        return False
    return fuzz.token_sort_ratio(a, b) < ANOTHER_PERSON_BELOW
