"""expo.tabular's fast paths give what the plain checks give: stripping, email addresses, cells."""

import random
import sys

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from expo.tabular import BLANK, INVISIBLE, Header, ImportFailed, email_is_valid, stripped


def stripped_slowly(text: str) -> str:
    """What stripped did before: whitespace, then invisible characters, until nothing changes."""
    previous = None
    while text != previous:
        previous, text = text, text.strip().strip(INVISIBLE)
    return text


def django_accepts(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def test_blank_holds_every_character_that_str_strip_takes_off():
    whitespace = {c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()}
    assert whitespace <= set(BLANK)
    assert set(BLANK) == whitespace | set(INVISIBLE)


def test_stripped_takes_off_spaces_and_invisible_characters_in_any_mix():
    rng = random.Random(7)
    ends = [*BLANK, "a", "中", "-", "\u00a0", "\u3000", "\u200b", "\ufeff"]
    samples = ["", " ", "\u200b", " \u200b x \ufeff\u3000", "\u00ad\t名字\u2060 "]
    samples += ["".join(rng.choices(ends, k=rng.randint(0, 8))) for _ in range(5000)]
    for text in samples:
        assert stripped(text) == stripped_slowly(text), repr(text)


ADDRESSES = [
    "kim.min-jun@seoulfoods.example.kr",
    "VISITOR0@Visitors.Example",
    "a@b.co",
    "a@b.c",
    "a@b",
    "a@localhost",
    "a@[127.0.0.1]",
    "a@[::1]",
    "a@[999.1.1.1]",
    '"quoted local"@example.com',
    "a..b@example.com",
    ".a@example.com",
    "a.@example.com",
    "a b@example.com",
    "a@b@example.com",
    "a@example..com",
    "a@-example.com",
    "a@example-.com",
    "a@example.com-",
    "a@example.123",
    "a@example.xn--p1ai",
    "a@xn--80ak6aa92e.com",
    "用户@例子.测试",
    "a@例子.测试",
    "ünïcode@example.com",
    "a@example.com\n",
    "a@example.com.",
    "!#$%&'*+/=?^_`{}|~-@example.org",
    "a@" + "b" * 63 + ".com",
    "a@" + "b" * 64 + ".com",
    "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".com",
    "a" * 310 + "@example.com",
    "a" * 300 + "@example.com",
    "kim min-jun@seoulfoods.example.kr",
    "not-an-email",
    "",
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_email_is_valid_agrees_with_django(address):
    assert email_is_valid(address) is django_accepts(address)


def random_address(rng: random.Random) -> str:
    """Mostly plausible addresses, each character now and then an awkward one."""

    def text(common: str, rare: str, k: int) -> str:
        return "".join(rng.choice(rare) if rng.random() < 0.08 else rng.choice(common) for _ in range(k))

    local = text("ab9._+-", "'\"é例 @[", rng.randint(1, 6))
    labels = [text("ab9x", "-é例_", rng.randint(1, 5)) for _ in range(rng.randint(1, 3))]
    return local + "@" + ".".join(labels) + rng.choice(["", "", ".", "\n", "]", ".com", ".中国", ".c"])


def test_email_is_valid_agrees_with_django_on_random_addresses():
    rng = random.Random(11)
    accepted = 0
    for _ in range(20_000):
        address = random_address(rng)
        valid = email_is_valid(address)
        assert valid is django_accepts(address), repr(address)
        accepted += valid
    assert 2_000 < accepted < 18_000  # both answers are tried often


def test_header_cells_of_picks_the_columns_in_their_order():
    header = Header(["Email", "name", "extra", "country"], 1, ("name", "country", "email"))

    assert header.cells_of(["a@b.co", "Kim", "x", "KR"]) == (("Kim", "KR", "a@b.co"), [])
    assert header.cells_of(["a@b.co", "Kim"]) == (("Kim", "", "a@b.co"), [])
    values, problems = header.cells_of(["a@b.co", "K\x00m", "x", "KR", "surplus"])
    assert values == ("K\x00m", "KR", "a@b.co")
    assert len(problems) == 2
    assert header.cells_of(["a@b.co", "Kim", "x", "KR", ""]) == (("Kim", "KR", "a@b.co"), [])


def test_header_values_names_the_required_columns_left_empty(english):
    header = Header(["name", "country"], 1, ("name", "country"))

    assert header.values(["Kim", ""], required=("name", "country")) == (
        {"name": "Kim", "country": ""},
        ["country is required."],
    )


def test_header_with_a_missing_column_fails():
    with pytest.raises(ImportFailed):
        Header(["name"], 1, ("name", "country"))
