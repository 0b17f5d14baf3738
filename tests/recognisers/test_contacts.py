"""UK contact recognisers: each positive paired with a near miss."""

from __future__ import annotations

import pytest

from anonymiser.lexicons import Lexicons
from anonymiser.recognisers import (
    AddressRecognizer,
    HealthNumberRecognizer,
    NinoRecognizer,
    OnlineRecognizer,
    ReferenceCodeRecognizer,
    SpokenPhoneRecognizer,
    UkPhoneRecognizer,
    UkPostcodeRecognizer,
)


def _found(recogniser: object, text: str) -> list[str]:
    return [text[r.start : r.end] for r in recogniser.analyze(text, [])]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "07700900123",
        "077009 00123",
        "+44 7700 900123",
        "+44 (0)7700 900123",
        "0044 7700 900123",
        "0141 496 0123",
        "0141-496-0123",
        "(0161) 496 0999",
        "020 7946 0123",
        "0800 123 4567",
    ],
)
def test_uk_phone_finds_every_spacing(number: str) -> None:
    assert _found(UkPhoneRecognizer(), f"ring me on {number} tomorrow") == [number]


@pytest.mark.parametrize(
    "text", ["case 12345", "in 2019 and 2020", "0.07700", "order 1234567890123", "dial 0044 for the UK"]
)
def test_uk_phone_near_misses(text: str) -> None:
    assert _found(UkPhoneRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at G22 5AB now", "G22 5AB"),
        ("M23 9XY", "M23 9XY"),
        ("postcode eh4 4ab ok", "eh4 4ab"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("methil k y eight three q zed and if", "k y eight three q zed"),
        ("up bransholme h u six nine q x yeah", "h u six nine q x"),
        ("it's e c one a, one b b", "e c one a, one b b"),
        ("g twenty one, four double u x", "g twenty one, four double u x"),
    ],
)
def test_uk_postcode(text: str, expected: str) -> None:
    assert expected in _found(UkPostcodeRecognizer(), text)


@pytest.mark.parametrize(
    "text",
    [
        "G22",
        "the A77 road",
        "M8 motorway",
        "call 5ab",
        "i was in a b one two a day",  # no postcode area "I"; a day is no unit
        "there were q x eight three a b",  # QX is no postcode area
        "s one two a c",  # no unit ends in C
    ],
)
def test_uk_postcode_near_misses(text: str) -> None:
    assert _found(UkPostcodeRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("943 476 5919", True),
        ("943 476 5918", False),
        ("1203884362", True),
        ("120388 4362", True),
        ("1203884363", False),
    ],
)
def test_health_numbers_checksum(text: str, valid: bool) -> None:
    assert bool(_found(HealthNumberRecognizer(), f"number {text} here")) is valid


def test_a_health_number_after_its_name_counts_whatever_its_check_digit() -> None:
    # 943 476 5918 fails the check; said as her NHS number it still points to her.
    assert _found(HealthNumberRecognizer(), "to get her NHS number, 943 476 5918, attached") == ["943 476 5918"]
    assert _found(HealthNumberRecognizer(), "she owed 943 476 5918 in total") == []
    # A few words may come between, in the same sentence: "I know her NHS number by heart, ...".
    said = "I know her NHS number by heart, 999 123 4567. And"
    assert _found(HealthNumberRecognizer(), said) == ["999 123 4567"]
    assert _found(HealthNumberRecognizer(), "No NHS number on the form. She owed 943 476 5918.") == []
    # Northern Ireland's Health and Care number.
    said = "the form wanted Hope's H&C number, 482 193 7760, and her date of birth"
    assert _found(HealthNumberRecognizer(), said) == ["482 193 7760"]
    assert _found(HealthNumberRecognizer(), "Case ref 12, and her NHS no. 485 777 3456.") == ["485 777 3456"]
    # Where nothing is capitalised or stops a sentence, the number may come a little further on.
    said = "they wanted his nhs number off me for the transfer and i had to ring grace for it it's 485 237 1906 "
    assert _found(HealthNumberRecognizer(), said * 3) == ["485 237 1906"] * 3
    said = "They wanted his NHS number off me for the transfer, and I had to ring Grace for it, 485 237 1906. "
    assert _found(HealthNumberRecognizer(), said) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("QQ 12 34 56 C", False),  # a prefix no number is given, with nothing to say what it is
        ("my NI number is QQ 12 34 56 C", True),  # after its name, any two letters: a number written down
        ("national insurance: qq123456c", True),
        ("NI AB 12 34 56 C", True),
        ("ab123456c", True),
        ("AB1234567", False),
        ("my national insurance is q q one two three four five six c aye", True),  # said letter by letter
        ("national insurance is a big bill for one or two of us", False),
    ],
)
def test_nino(text: str, found: bool) -> None:
    assert bool(_found(NinoRecognizer(), text)) is found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail dawn.m@example.org.", "dawn.m@example.org"),
        ("see www.example.org/x.", "www.example.org/x"),
        ("on https://example.com/a?b=1 ok", "https://example.com/a?b=1"),
        ("follow @dawnie_84 on", "@dawnie_84"),
        # Without the "@", after the network's name, when it holds a digit or an underscore.
        ("she's on Instagram and TikTok, leanneb90.", "leanneb90"),
        ("on insta, jo_b_x and on snapchat as kerrybee22", "kerrybee22"),
    ],
)
def test_online_contacts(text: str, expected: str) -> None:
    assert expected in _found(OnlineRecognizer(), text)


def test_a_network_named_before_an_ordinary_word_is_no_handle() -> None:
    said = "She's on facebook and instagram and on TikTok a lot, snap is fine, twitter is where she moans."
    assert _found(OnlineRecognizer(), said) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("she stays at 14 Ashgrove Road now", ["14 Ashgrove Road"]),
        ("she stays at 14 ashgrove road now", ["14 ashgrove road"]),
        ("flat 2, 9 ash grove", ["flat 2, 9 ash grove"]),
        ("on 19 July 2001 the court amended its order", []),
        ("back in 2019 the park was shut", []),
        ("number 3 of my close friends", []),
        ("its twenty three balgonie place methil", ["twenty three balgonie place"]),
        ("Forge Recovery, Unit 3, 58 Dudley Port, Tipton.", ["Unit 3, 58 Dudley Port"]),  # no street type
        ("Unit 4 was shut, and Room 12, 3 People came", []),
        ("a two hour drive away", []),
        ("it's one safe place for them", []),
        ("three more streets down", []),
        ("the one way street", []),
        ("It's number fourteen Acklam Road, near the school.", ["number fourteen Acklam Road"]),
        ("we lived at twenty-two Parliament Road before", ["twenty-two Parliament Road"]),
        ("We're at 48 Kentmere Approach now", ["48 Kentmere Approach"]),  # street types of the North too
        ("she moved to 7 Halton Dene in May", ["7 Halton Dene"]),
        ("post it tae mine its flat two eleven glen prosen court dundee", ["flat two eleven glen prosen court"]),
        # A street named in one word by its ending, where the lists say it is no word, name or country.
        ("she's at 112a Kirkgate now, not 9 Broadway", ["112a Kirkgate", "9 Broadway"]),
        ("they came at 3 Midway through and I got 2 Norway spruces", []),
        # Welsh streets name their type first.
        ("or post it to me 7 maes y deri cwmbach aberdare", ["7 maes y deri"]),
        ("she lives at 12 Heol Las, Caerphilly, and 3 Ffordd yr Afon", ["12 Heol Las", "3 Ffordd yr Afon"]),
        ("we had 2 plates and 4 maes of it", []),
        # A Glasgow flat position said aloud before the address.
        ("aye flat zero stroke two 27 muiryhall street coat bridge", ["flat zero stroke two 27 muiryhall street"]),
    ],
)
def test_street_address_with_a_number(text: str, found: list[str], lexicons: Lexicons) -> None:
    assert _found(AddressRecognizer(lexicons), text) == found
    if "Kirkgate" in text:  # without the lists, no street in one word
        assert _found(AddressRecognizer(), text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("her case number is NLC/CF/22/10457 I think", ["NLC/CF/22/10457"]),
        ("ref 2021-004471 on the letter", ["2021-004471"]),
        ("application no. 36110/97", ["36110/97"]),
        ("applications nos. 60525/00, 60933/00 and 63701/00 were joined", ["60525/00", "60933/00", "63701/00"]),
        ("she was P12 in the study, FG2-M1 the group", []),
        ("on 12/05 and 13/05", []),
        ("my case number wi with you is f k four seven seven one nine, hope said", ["f k four seven seven one nine"]),
        ("my case number is on the letter from two weeks ago", []),
        (
            "the case number is on the top of everything s a two two c oh oh four one seven",
            ["s a two two c oh oh four one seven"],
        ),
        ("the case number is on a letter i got in the post from them last week or two", []),
        ("appointment 02.05.23, hospital no. RCX 448 1093. He has", ["RCX 448 1093"]),
        ("the case number 12 was lost", []),
        ("the case number is f four two one and", []),  # too short to point to anyone
        ("My case number's MB stroke 4471 stroke 22. Got that?", ["MB stroke 4471 stroke 22"]),
        ("it was a one stroke two stroke three thing", []),
        # Read out in words, as speech recognition writes it; five digits at least, and no "a" or "i".
        (
            "on every letter e c slash two two slash oh four four one seven i ken it",
            ["e c slash two two slash oh four four one seven"],
        ),
        (
            "its the nlc slash cf slash two two slash one oh four five seven",
            ["nlc slash cf slash two two slash one oh four five seven"],
        ),
        ("it was a slash b or one slash two and fifty fifty slash either way", []),
        ("my reference is a b one two three four five on the letter", ["a b one two three four five"]),
        ("and the reference on aw the kinship letters is k c 2 0 4 1 7 if you need it", ["k c 2 0 4 1 7"]),
        ("its got the reference on it k c oh four seven seven one i ken it", ["k c oh four seven seven one"]),
        ("the case was that one or two of us were five minutes late", []),
        # Typed in lower case, letters first: not a measure, a vitamin or a year.
        ("the reference on the order is mt23c00418 i know it", ["mt23c00418"]),
        ("took 10000mg of it, b12 and covid2019 and mp3 in 2nd", []),
    ],
)
def test_reference_codes(text: str, found: list[str]) -> None:
    assert sorted(_found(ReferenceCodeRecognizer(), text)) == sorted(found)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "text me, oh seven seven double oh, nine double oh, one four six.",
            ["oh seven seven double oh, nine double oh, one four six"],
        ),
        (
            "my mobile's oh-seven-seven-double-oh, nine hundred, seven-three-eight.",
            ["oh-seven-seven-double-oh, nine hundred, seven-three-eight"],
        ),
        ("it was one two three, then four five six", []),  # counting, too few digits
        ("nine hundred people came", []),
        ("her number's o1632 960 four four one if", ["o1632 960 four four one"]),  # figures and words mixed
        (
            'said slowly: "oh one six three two, nine six oh, one one four".',
            ["oh one six three two, nine six oh, one one four"],
        ),
        ("in 2019 2020 2021 2022 we moved", []),  # years, not a number
        ("ring 0141 496 0123", []),  # figures alone are the written recogniser's
        (
            "phone me on oh seven nine five six, treble four, double two, one eight, any time",
            ["oh seven nine five six, treble four, double two, one eight"],
        ),
    ],
)
def test_spoken_phone_numbers(text: str, found: list[str]) -> None:
    assert _found(SpokenPhoneRecognizer(), text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "E-mail is shan dot vowles ninety-three at hotmail dot co dot uk, but",
            ["shan dot vowles ninety-three at hotmail dot co dot uk"],
        ),
        ("it's jo underscore b at gmail dot com", ["jo underscore b at gmail dot com"]),
        ("or camau.referrals@nptfamilies.org.uk", ["camau.referrals@nptfamilies.org.uk"]),
        ("we met at the centre dot dot dot", []),
        ("she stays at home now", []),
    ],
)
def test_email_addresses_written_or_spoken(text: str, found: list[str]) -> None:
    assert _found(OnlineRecognizer(), text) == found


@pytest.mark.parametrize(
    ("recogniser", "text", "found"),
    [
        (
            UkPhoneRecognizer(),
            "Team number's 0115 496 0732, extension 2214. Or post.",
            ["0115 496 0732, extension 2214"],
        ),
        (UkPhoneRecognizer(), "ring 0115 496 0732 ext. 22 after ten", ["0115 496 0732 ext. 22"]),
        (UkPhoneRecognizer(), "ring 0115 496 0732, extra time", ["0115 496 0732"]),
        (
            SpokenPhoneRecognizer(),
            "It's oh seven seven, double oh... nine double oh... four, four, two. Or",
            ["oh seven seven, double oh... nine double oh... four, four, two"],
        ),
        (
            SpokenPhoneRecognizer(),
            "its oh seven seven double oh um nine double oh four one seven",
            ["oh seven seven double oh um nine double oh four one seven"],
        ),
        (SpokenPhoneRecognizer(), "we had one, two... um, three of them, four at most", []),
    ],
)
def test_phone_numbers_keep_their_extension_and_run_on_through_pauses(
    recogniser: object, text: str, found: list[str]
) -> None:
    assert _found(recogniser, text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "[reads] folake dot adeyinka at lorrimore recovery dot org dot uk.",
            ["folake dot adeyinka at lorrimore recovery dot org dot uk"],
        ),
        (
            "thats b o b b y dot d h a l i w a l eight four yeah",
            ["b o b b y dot d h a l i w a l eight four"],
        ),
        ("we went to the l r i for a bit and then a b c", []),
    ],
)
def test_spoken_email_with_a_two_word_domain_or_spelt_letter_by_letter(text: str, found: list[str]) -> None:
    assert _found(OnlineRecognizer(), text) == found
