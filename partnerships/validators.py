"""Validators for national identifiers: the unique pupil number (UPN), the NHS number and UK postcodes."""

import re

from django.core.exceptions import ValidationError

# DfE "Unique pupil numbers (UPN): guidance": character 1 is a check letter computed from characters
# 2 to 13 weighted 2 to 13, modulo 23, mapped onto this alphabet (letters I, O and S are not used).
UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_check_letter(body: str) -> str:
    """The check letter for the 12 characters after it (the 13th may be a letter for temporary UPNs)."""
    total = 0
    for weight, char in enumerate(body, start=2):
        value = int(char) if char.isdigit() else UPN_CHECK_LETTERS.index(char)
        total += value * weight
    return UPN_CHECK_LETTERS[total % 23]


def validate_upn(value: str) -> None:
    upn = (value or "").strip().upper()
    if not upn:
        return
    if len(upn) != 13:
        raise ValidationError(
            "A unique pupil number must be 13 characters, like A801200123456", code="upn_length"
        )
    body = upn[1:]
    if not body[:11].isdigit() or not (body[11].isdigit() or body[11] in UPN_CHECK_LETTERS):
        raise ValidationError(
            "A unique pupil number must be a letter followed by 12 digits (the last may be a letter)",
            code="upn_format",
        )
    if upn[0] != upn_check_letter(body):
        raise ValidationError(
            "This unique pupil number is not valid: check it has been copied correctly", code="upn_check"
        )


def validate_nhs_number(value: str) -> None:
    """NHS numbers are 10 digits; the last is a modulus 11 check digit."""
    digits = (value or "").replace(" ", "")
    if not digits:
        return
    if len(digits) != 10 or not digits.isdigit():
        raise ValidationError("An NHS number must be 10 digits, like 943 476 5919", code="nhs_format")
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10 or check != int(digits[9]):
        raise ValidationError(
            "This NHS number is not valid: check it has been copied correctly", code="nhs_check"
        )


def validate_date_of_birth(value) -> None:
    """A child's date of birth: not in the future, and within the 0 to 25 age range the law covers."""
    from django.utils import timezone

    today = timezone.localdate()
    if value > today:
        raise ValidationError("Date of birth must be today or in the past", code="dob_future")
    if value < today.replace(year=today.year - 26, day=1):
        raise ValidationError(
            "Date of birth must be within the last 26 years: the service covers children and young people up to 25",
            code="dob_too_old",
        )


# A UK postcode: outward code (area, district) and inward code (sector, unit), per the Royal Mail format.
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


def normalise_postcode(value: str) -> str:
    """Upper case with one space before the inward code ('ls11ab' -> 'LS1 1AB'); '' stays ''."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if len(compact) > 4:
        return f"{compact[:-3]} {compact[-3:]}"
    return compact


def validate_postcode(value: str) -> None:
    if not value:
        return
    if not POSTCODE.match(normalise_postcode(value)):
        raise ValidationError("Enter a real postcode, like LS1 1AB", code="postcode")
