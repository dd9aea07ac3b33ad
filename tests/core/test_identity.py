from datetime import date

import pytest

from peduli.core.errors import ApplicationError
from peduli.core.identity import identity_cell_text, parse_nip

TODAY = date(2026, 11, 23)


def test_pns_nip_is_parsed_into_its_parts() -> None:
    info = parse_nip("19850317 201003 1 004", today=TODAY)
    assert (info.nip, info.employment_type, info.birth_date) == ("198503172010031004", "PNS", date(1985, 3, 17))
    assert (info.appointment_year, info.appointment_month, info.sex, info.serial) == (2010, 3, "L", 4)


def test_pppk_nip_is_recognised_by_its_2_and_digit() -> None:
    info = parse_nip("199001012022" + "21" + "2" + "015", today=TODAY)
    assert (info.employment_type, info.appointment_year, info.appointment_month, info.sex) == ("PPPK", 2022, None, "P")


@pytest.mark.parametrize(
    ("nip", "kwargs", "code", "field"),
    [
        ("19850317201003100", {}, "nip_length", "nip"),
        ("1985031720100310O4", {}, "nip_not_digits", "nip"),
        ("198502302010031004", {}, "nip_birth_date", "nip"),
        ("198503172010131004", {}, "nip_appointment", "nip"),
        ("198503172030031004", {}, "nip_appointment", "nip"),
        ("198503171999031004", {}, "nip_appointment", "nip"),
        ("198503172010033004", {}, "nip_sex", "nip"),
        ("198503172010031000", {}, "nip_serial", "nip"),
        ("198503172010031004", {"sex": "P"}, "nip_sex", "sex"),
        ("198503172010031004", {"birth_date": date(1985, 3, 18)}, "nip_birth_date", "birth_date"),
        ("198503172010031004", {"employment_type": "PPPK"}, "nip_employment_type", "nip"),
    ],
)
def test_each_nip_fault_has_its_own_message(nip: str, kwargs: dict, code: str, field: str) -> None:
    with pytest.raises(ApplicationError) as caught:
        parse_nip(nip, today=TODAY, **kwargs)
    assert (caught.value.code, caught.value.field) == (code, field)
    assert caught.value.message  # Indonesian text for the clerk


@pytest.mark.parametrize("value", [198503172010031004, 1.98503172010031e17, "1.98503E+17"])
def test_identity_numbers_that_excel_turned_into_numbers_are_refused(value: object) -> None:
    with pytest.raises(ApplicationError, match="Teks"):
        identity_cell_text(value, label="NIP")


def test_identity_number_as_text_passes_through() -> None:
    assert identity_cell_text(" 198503172010031004 ", label="NIP") == "198503172010031004"
