import random
import string

import polars as pl
import pytest

from peduli.core.names import name_key, name_key_expr, names_of_another_person, names_similar

TITLED_NAMES = [
    ("Hj. Siti Aminah", "siti aminah"),
    ("Hj Siti Aminah", "siti aminah"),
    ("Hajjah Siti Aminah", "siti aminah"),
    ("H. Ahmad Fauzi", "ahmad fauzi"),
    ("H Ahmad Fauzi", "ahmad fauzi"),
    ("HAJI AHMAD FAUZI", "ahmad fauzi"),
    ("Hadji Agus Salim", "agus salim"),
    ("KH. Ma'ruf Amin", "maruf amin"),
    ("Kyai Haji Abdul Ghofur", "abdul ghofur"),
    ("Ust. Abdul Somad, Lc., M.A.", "abdul somad"),
    ("Ustadz Yusuf Mansur", "yusuf mansur"),
    ("Dr. Ir. H. Bambang Susilo, M.M.", "bambang susilo"),
    ("Drs. Sutrisno", "sutrisno"),
    ("Dra. Endang Lestari", "endang lestari"),
    ("Ir Joko Widodo", "joko widodo"),
    ("Bpk. Sugiyono", "sugiyono"),
    ("Bapak Sugiyono", "sugiyono"),
    ("Ibu Sri Wahyuni", "sri wahyuni"),
    ("Ny. Kartini", "kartini"),
    ("Nn. Dewi Anggraini", "dewi angraini"),
    ("Sdr. Eko Prasetyo", "eko prasetyo"),
    ("Mbah Maridjan", "marijan"),
]

DEGREED_NAMES = [
    ("Siti Aminah, S.Pd.", "siti aminah"),
    ("Siti Aminah, S.Pd., M.Pd.", "siti aminah"),
    ("Rina Kurniawati, S.E.", "rina kurniawati"),
    ("Rina Kurniawati SE", "rina kurniawati"),
    ("Dwi Lestari, A.Md.", "dwi lestari"),
    ("Dwi Lestari A.Md.Kep", "dwi lestari"),
    ("Budi Santoso, S.Kom", "budi santoso"),
    ("Budi Santoso S.Kom", "budi santoso"),
    ("Agus Salim S.Pd.I", "agus salim"),
    ("Yusuf Hidayat S. H.", "yusuf hidayat"),
    ("dr. Rahmawati, Sp.A", "rahmawati"),
]

KEPT_INITIALS = [
    ("Budi H.", "budi h"),
    ("Siti Aminah S.", "siti aminah s"),
    ("Siti M.", "siti m"),
    ("Sri Dr", "sri dr"),
]

OLD_SPELLINGS = [
    ("Soekarno", "sukarno"),
    ("Soeharto", "suharto"),
    ("Oemar Bakri", "umar bakri"),
    ("Djoko Santoso", "joko santoso"),
    ("Tjahjo Kumolo", "cahyo kumolo"),
    ("Tjipto Mangoenkoesoemo", "cipto mangunkusumo"),
    ("Njoman Sudarsana", "nyoman sudarsana"),
    ("Sjahrir", "syahrir"),
    ("Chairul Tanjung", "khairul tanjung"),
    ("Chotimah", "khotimah"),
    ("Wahjudi", "wahyudi"),
    ("Tjandra Wijaya", "candra wijaya"),
]

CURRENT_SPELLINGS = [
    ("Panji Asmoro", "panji asmoro"),
    ("Anjani Putri", "anjani putri"),
    ("Joko Widodo", "joko widodo"),
    ("Chandra Wijaya", "candra wijaya"),
    ("Nyoman Sudarsana", "nyoman sudarsana"),
    ("Khairul Anwar", "khairul anwar"),
    ("Yahya Zakaria", "yahya zakaria"),
    ("Mahmud Yunus", "mahmud yunus"),
]

MUHAMMADS_AND_AHMADS = [
    ("Muhammad Hatta", "muhammad hata"),
    ("Muhamad Hatta", "muhammad hata"),
    ("Mohammad Hatta", "muhammad hata"),
    ("Mohamad Hatta", "muhammad hata"),
    ("Mochammad Hatta", "muhammad hata"),
    ("Mochamad Hatta", "muhammad hata"),
    ("Muchammad Hatta", "muhammad hata"),
    ("Mohamed Hatta", "muhammad hata"),
    ("Moh. Hatta", "muhammad hata"),
    ("Moch. Hatta", "muhammad hata"),
    ("Muh. Hatta", "muhammad hata"),
    ("Mhd. Hatta", "muhammad hata"),
    ("M. Hatta", "muhammad hata"),
    ("M.Hatta", "muhammad hata"),
    ("Hatta Muhamad", "hata muhammad"),
    ("Achmad Dahlan", "ahmad dahlan"),
    ("Akhmad Dahlan", "ahmad dahlan"),
    ("Ahmat Dahlan", "ahmad dahlan"),
]

SPELLING_HABITS = [
    ("Sitti Aminah", "siti aminah"),
    ("Abdullah", "abdulah"),
    ("Rudy Hartono", "rudi hartono"),
    ("Dedy Kurniawan", "dedi kurniawan"),
    ("Muhammad Rizky", "muhammad rizki"),
    ("José Rizal", "jose rizal"),
    ("Zaïnal Arifin", "zainal arifin"),
    ("Ｓｉｔｉ Ａｍｉｎａｈ", "siti aminah"),
    ("  siti   AMINAH  ", "siti aminah"),
    ("Siti-Aminah", "siti aminah"),
    ("SITI (AMINAH)", "siti aminah"),
    ("Nu’man Hakim", "numan hakim"),
    ("Siti Aminah binti Karto", "siti aminah binti karto"),
    ("Ahmad Fauzi bin Slamet", "ahmad fauzi bin slamet"),
]

EMPTY = ["", "   ", "H.", "Hj.", "Dr. H.", "Bapak", ", S.Pd.", "...", "1234"]


@pytest.mark.parametrize(("name", "key"), TITLED_NAMES)
def test_titles_before_the_name_are_ignored(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(("name", "key"), DEGREED_NAMES)
def test_degrees_after_the_name_are_ignored(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(("name", "key"), KEPT_INITIALS)
def test_initials_that_look_like_titles_are_kept_after_the_first_name(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(("name", "key"), OLD_SPELLINGS)
def test_old_spelling_is_read_as_current_spelling(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(("name", "key"), CURRENT_SPELLINGS)
def test_current_names_with_old_looking_letters_are_not_respelled(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(("name", "key"), MUHAMMADS_AND_AHMADS)
def test_spellings_and_abbreviations_of_muhammad_and_ahmad_are_one_word(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(("name", "key"), SPELLING_HABITS)
def test_doubles_final_y_accents_punctuation_and_spacing_do_not_matter(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize("name", EMPTY)
def test_empty_or_title_only_names_give_an_empty_key(name: str) -> None:
    assert name_key(name) == ""


REALISTIC_NAMES = (
    [
        name
        for table in (TITLED_NAMES, DEGREED_NAMES, KEPT_INITIALS, OLD_SPELLINGS, CURRENT_SPELLINGS)
        for name, _ in table
    ]
    + [name for name, _ in MUHAMMADS_AND_AHMADS + SPELLING_HABITS]
    + EMPTY
)


def _polars_keys(names: list[str | None]) -> list[str | None]:
    frame = pl.DataFrame({"name": names}, schema={"name": pl.String})
    return frame.select(name_key_expr(pl.col("name")))["name"].to_list()


def test_polars_expression_gives_name_key_for_realistic_names() -> None:
    assert len(REALISTIC_NAMES) >= 60
    assert _polars_keys(list(REALISTIC_NAMES)) == [name_key(name) for name in REALISTIC_NAMES]


def test_polars_expression_gives_name_key_for_random_strings() -> None:
    rng = random.Random(20251123)
    alphabet = string.ascii_letters + "  ..,,'" + "éÉüñçÖ"
    names = ["".join(rng.choices(alphabet, k=rng.randint(0, 30))) for _ in range(3000)]
    assert _polars_keys(list(names)) == [name_key(name) for name in names]


def test_polars_expression_gives_name_key_for_random_mixes_of_name_parts() -> None:
    # Uniform letters rarely spell "Moch." or "S.Pd"; these mixes hit every rule.
    rng = random.Random(7)
    parts = "H Hj Haji KH Dr Drs Ir Ibu Ny M Moch Muh Mochammad Achmad S Pd SE A Md Kep oe dj tj nj sj ch hj y".split()
    parts += "Siti Aminah Soekarno Djoko Tjahjo Njoman Chandra Rudy Sitti binti bin mm aaaa Zoë".split()
    names = [
        "".join(rng.choice(parts) + rng.choice(["", " ", ".", ". ", ", ", "-"]) for _ in range(rng.randint(0, 6)))
        for _ in range(3000)
    ]
    assert _polars_keys(list(names)) == [name_key(name) for name in names]


def test_polars_expression_keeps_missing_names_missing() -> None:
    assert _polars_keys([None, "Hj. Siti"]) == [None, "siti"]


SAME_PERSON = [
    ("siti aminah", "siti aminah"),
    ("siti aminah", "siti aminah binti karto"),
    ("aminah binti karto", "siti aminah binti karto"),
    ("sugiyono", "sugiyono hadi"),
    ("aminah siti", "siti aminah"),
    ("sugiyono", "sugiono"),
    ("sugiarto", "sugiharto"),
    ("sri wahyuni", "sriwahyuni"),
    ("nurhayati", "nur hayati"),
    ("dewi kartika sari", "dewi kartikasari"),
    ("fatimah azahra", "fatmah azahra"),
    ("rahmat hidayat", "rakhmat hidayat"),
    ("muhammad ali", "muhammad ali bin umar"),
]

DIFFERENT_PEOPLE = [
    ("siti aminah", "siti maryam"),
    ("agus", "bagus"),
    ("agus salim", "bagus salim"),
    ("budi santoso", "budi hartono"),
    ("rina", "rini"),
    ("nur hidayat", "nur hidayah"),
    ("suharto", "suharti"),
    ("yulianti", "yuliani"),
    ("wahyudi", "wahyuni"),
    ("kurniawan", "kurniawati"),
    ("ahmad sugianto", "ahmad sugiarto"),
    ("ahmad fauzi", "ahmad fauzan"),
    ("muhammad ali", "muhammad alwi"),
    ("ahmad", "siti binti ahmad"),
    ("siti aminah binti karto", "siti aminah binti slamet"),
]


@pytest.mark.parametrize(("a", "b"), SAME_PERSON)
def test_variants_of_one_persons_name_are_similar(a: str, b: str) -> None:
    assert names_similar(a, b)
    assert names_similar(b, a)


@pytest.mark.parametrize(("a", "b"), DIFFERENT_PEOPLE)
def test_clearly_different_people_are_not_similar(a: str, b: str) -> None:
    assert not names_similar(a, b)
    assert not names_similar(b, a)


@pytest.mark.parametrize(("a", "b"), [("", ""), ("", "siti"), ("siti", "")])
def test_an_empty_key_is_similar_to_nothing(a: str, b: str) -> None:
    assert not names_similar(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hj. Sitti Aminah, S.Pd.", "SITI AMINAH BINTI KARTO"),
        ("Moch. Soeharto", "Muhammad Suharto"),
        ("Bpk. Djoko Santoso S.E.", "Joko Santoso"),
        ("Tjahjo Kumolo", "Cahyo Kumolo"),
        ("Rudy Hartono", "Rudi Hartono, S.Kom"),
    ],
)
def test_registrations_of_one_person_written_differently_are_similar(a: str, b: str) -> None:
    assert names_similar(name_key(a), name_key(b))


# What an import refuses as "NIK milik orang lain?": far apart, not a slip.
ANOTHER_PERSON = [
    ("darsih aminah", "sudah ada"),
    ("siti aminah", "siti rahayu"),
    ("budi santoso", "bambang santoso"),
    ("siti aminah", "siti maryam"),
    ("mulyono", "mulyani"),
]
# A slip, or one person's name written another way: not another person
# (though a verified worker's name changes only through a correction batch).
NOT_ANOTHER_PERSON = [
    *SAME_PERSON,
    ("sugianto", "sugiarto"),
    ("budi santoso", "budi susanto"),
    ("agus", "bagus"),
    ("nur hidayat", "nur hidayah"),
    ("sri wahyuni", "sri wahyuningsih"),
]


@pytest.mark.parametrize(("a", "b"), ANOTHER_PERSON)
def test_names_far_apart_are_another_persons(a: str, b: str) -> None:
    assert names_of_another_person(a, b)
    assert names_of_another_person(b, a)


@pytest.mark.parametrize(("a", "b"), [*NOT_ANOTHER_PERSON, ("", "siti"), ("siti", "")])
def test_slips_and_variants_are_not_another_persons_name(a: str, b: str) -> None:
    assert not names_of_another_person(a, b)
    assert not names_of_another_person(b, a)
