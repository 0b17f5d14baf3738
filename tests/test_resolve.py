"""Names that are words, and names no list knows, decided on real text with the real model (issue 4)."""

from __future__ import annotations

from anonymiser.detect import Detector
from anonymiser.lexicons import Lexicons
from anonymiser.models import Detection, Document, Mention
from anonymiser.resolve import DOUBT_SCORE, _edge_words, resolve, trim
from anonymiser.rules import Rules
from anonymiser.text import name_words


def _mentions(text: str, detector: Detector, rules: Rules, lexicons: Lexicons) -> dict[int, Mention]:
    document = Document("t.txt", "txt", text, b"", "utf-8", "")
    (detected,) = detector.detect([document])
    return {m.start: m for m in resolve(detected, rules, lexicons).mentions}


def _assert_names_and_words(
    text: str, mentions: dict[int, Mention], names: tuple[str, ...], words: tuple[str, ...]
) -> None:
    """Each phrase of ``names`` opens with a PERSON mention; no phrase of ``words`` opens with any mention."""
    for phrase in names:
        found = mentions.get(text.index(phrase))
        assert found is not None and found.label == "PERSON", phrase
    for phrase in words:
        assert text.index(phrase) not in mentions, phrase


def test_a_capitalised_word_no_list_knows_is_replaced_with_doubt(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    text = (
        "Dawn: The social worker was great, and Ugo fought for us at the meeting. "
        "We went on Monday with a Syrian family and a man from Facebook.\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    ugo = mentions[text.index("Ugo")]
    assert ugo.text == "Ugo" and ugo.label == "PERSON" and ugo.score < 0.6  # replaced, and queued for review
    for word in ("Monday", "Syrian", "Facebook"):  # proper nouns of the dictionary
        assert text.index(word) not in mentions, word


def test_in_lower_case_a_word_used_as_a_name_elsewhere_is_replaced_where_syntax_is_unsure(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    text = (
        "spk_1: okay so could you start by telling me a wee bit about who lives with you at the moment\n"
        "spk_2: right so its me and my two grace and ryan and grace is six and ryan is nine\n"
        "spk_2: when i had grace i was using then but i got clean after that\n"
        "spk_2: it was by the grace of god i got through it and i hope so anyway\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    sure = mentions[text.index("grace is six")]
    assert sure.text == "grace" and sure.score > DOUBT_SCORE
    doubtful = mentions[text.index("grace i was")]
    assert doubtful.text == "grace" and doubtful.score == DOUBT_SCORE
    assert text.index("grace of god") not in mentions
    assert text.index("hope so") not in mentions


def test_in_lower_case_a_name_word_joined_to_a_name_or_run_into_is_is_a_doubt_replaced(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """ "my two grace and will grace is six": "will" after "grace and", and "grace" between a modal
    and "is" (no verb after a modal is followed by "is"), are the names the file uses elsewhere."""
    text = (
        "spk_1: okay so could you start by telling me a wee bit about who lives with you at the moment\n"
        "spk_2: right so its me and my two grace and will grace is six and will is three\n"
        "spk_2: my partner he will be back i think but no yet we will see\n"
        "spk_1: and how have things been with the services since the last time we spoke about it all\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    joined = mentions[text.index("will grace")]
    run_in = mentions[text.index("grace is six")]
    assert (joined.text, run_in.text) == ("will", "grace") and joined.group == mentions[text.index("will is")].group
    assert text.index("will be back") not in mentions and text.index("will see") not in mentions


def test_a_lone_capitalised_ordinary_word_is_a_venue_in_speech_not_in_formal_prose(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    speech = "P07 (Tyler): Ar, she come to Spark and told us about it. Spark is good, there's pool and that.\n"
    spark = _mentions(speech, detector, default_rules, lexicons)[speech.index("Spark")]
    assert spark.text == "Spark" and spark.label in ("SERVICE", "LOCATION") and spark.score < 0.6
    prose = (
        "The Court notes that the applicant relied on Article 3 of the Convention. The Government, "
        "through their Agent, argued that the Protocol did not apply, and the Commission agreed with the "
        "Government that the Rule in Section 2 of the Act had been met under Article 6.\n"
    )
    found = _mentions(prose, detector, default_rules, lexicons)
    assert not any(m.source.endswith("capitalised_word") for m in found.values())


def test_a_name_that_is_a_word_opening_a_sentence_is_a_name_when_who_it_is_follows(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    text = "Ruth: A worker who saw the grief, not just the drinking. Grant, his worker, he'd lost his own dad young.\n"
    grant = _mentions(text, detector, default_rules, lexicons)[text.index("Grant")]
    assert grant.text == "Grant" and grant.label == "PERSON"
    plain = "Ruth: A worker who saw the grief. Grant funding for the project ran out.\n"
    assert plain.index("Grant") not in _mentions(plain, detector, default_rules, lexicons)


def test_a_diminutive_opening_a_sentence_is_the_name_beside_its_full_form_unless_syntax_says_word(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    text = "CERI: And then Megan, she'll be seven in May. Meg, we call her.\nRHYS: William came too. Will you stay?\n"
    mentions = _mentions(text, detector, default_rules, lexicons)
    assert mentions[text.index("Meg,")].text == "Meg"
    assert text.index("Will you") not in mentions


def test_trim_cuts_a_span_to_the_identifier() -> None:
    def trimmed(text: str, label: str = "SERVICE", source: str = "spacy:ner") -> str | None:
        result = trim(Detection(0, len(text), label, text, source, 0.7))
        return result.text if result else None

    assert trimmed("Court (Rule 21") == "Court"  # an unclosed bracket ends a name
    assert trimmed("Aberlour (Sycamore)") == "Aberlour (Sycamore)"
    assert trimmed("the Maryhill project", "LOCATION") == "Maryhill project"
    assert trimmed("Dr Okafor's", "PERSON") == "Okafor"
    assert trimmed("P07") is None  # a study code
    assert trimmed("s", "PERSON") is None  # one small letter is no name (a possessive's "s" had become a person)
    assert trimmed("X", "PERSON") == "X"  # "the applicant X" is someone
    road = trim(Detection(0, 2, "LOCATION", "A9", "StreetRecognizer:road_number", 0.7, "road"))
    assert road is not None and road.text == "A9"  # "down the A9": a road has a study code's shape
    # A pronoun is nobody's surname: once registered, "I'm" was propagated to every file.
    assert trimmed("I. I'm", "PERSON") is None
    assert trimmed("I. Kavanagh", "PERSON") == "I. Kavanagh"


def test_a_name_inside_an_allowed_phrase_is_kept(detector: Detector, lexicons: Lexicons, default_rules: Rules) -> None:
    text = "The court found, inter alia, that Alia Hussain had not been heard. Alia appealed."
    (detected,) = detector.detect([Document("a.txt", "txt", text, b"", "utf-8", "")])
    found = [(m.start, m.text) for m in resolve(detected, default_rules, lexicons).mentions]
    assert (text.index("Alia Hussain"), "Alia Hussain") in found
    assert (text.index("Alia appealed"), "Alia") in found
    assert not any(start == text.index("alia,") for start, _ in found)


def test_a_one_word_answer_that_is_a_name_in_the_file_is_replaced_with_doubt(
    detector: Detector, lexicons: Lexicons, default_rules: Rules
) -> None:
    text = (
        "INT: Who keeps you going?\nSHANNON: My sponsor Sunny, she's been clean eleven years.\n"
        "INT: And now, who helps?\nSHANNON: Sunny. And the kids, obviously.\n"
    )
    found = _mentions(text, detector, default_rules, lexicons)
    answer = text.index("Sunny. And")
    assert answer in found and found[answer].score == DOUBT_SCORE


def test_the_model_tagging_a_capitalised_word_does_not_hide_the_venue_verdict(
    detector: Detector, lexicons: Lexicons, default_rules: Rules
) -> None:
    text = (
        "SW2: For housing ours are Coastal or the council. Coastal have been alright with kinship carers, to be fair.\n"
    )
    found = [(m.start, m.label) for m in _mentions(text, detector, default_rules, lexicons).values()]
    assert (text.index("Coastal or"), "SERVICE") in found
    assert (text.index("Coastal have"), "SERVICE") in found


def test_a_name_keeps_neither_a_contraction_nor_half_a_double_barrelled_surname(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    text = "Notes: Ffion Rees-Jones\n\nSHANNON: Bill'll be five soon. Ask Bill, he knows.\n"
    mentions = _mentions(text, detector, default_rules, lexicons)
    persons = {m.text for m in mentions.values() if m.label == "PERSON"}
    assert "Ffion Rees-Jones" in persons and "Jones" not in persons and "Ffion Rees" not in persons
    bills = [m for m in mentions.values() if m.text.startswith("Bill")]
    assert [m.text for m in bills] == ["Bill", "Bill"] and len({m.group for m in bills}) == 1


def test_a_month_after_a_date_word_is_the_month_and_a_titled_surname_takes_the_name_said_after_it(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    text = (
        "SHANNON: For the kids, Mrs Okafor. Adaeze. She's lovely. He'll be five in June. I met June at the "
        "centre. Then Mr Brannigan. Kayleigh. She came too.\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    at = {text[m.start : m.end] + f"@{m.start}": m for m in mentions.values()}
    okafor, adaeze = at[f"Okafor@{text.index('Okafor')}"], at[f"Adaeze@{text.index('Adaeze')}"]
    assert okafor.group == adaeze.group
    assert at[f"June@{text.index('in June') + 3}"].label == "DATE"
    assert at[f"June@{text.index('met June') + 4}"].label == "PERSON"
    # A man's title and a woman's name: two people.
    assert at[f"Brannigan@{text.index('Brannigan')}"].group != at[f"Kayleigh@{text.index('Kayleigh')}"].group


def test_in_lower_case_a_known_name_the_model_also_reads_as_a_person_is_replaced_and_kin_lists_join(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """ "thank you bobby": the tagger reads an adverb, the model a person, the file has a Bobby: a doubt,
    replaced. "our two kids sunny and rose": the word joined to a name found by its kin noun is a doubt."""
    text = (
        "[00:00:18] speaker 2: yeah so im balvinder but everyone calls me bobby since school innit and we live "
        "with my partner and our two kids sunny and rose\n"
        "[00:04:22] speaker 2: the money aint great but the rent rose again so every bit helps to be honest\n"
        "[00:07:12] speaker 1: thank you bobby thats really brilliant ill stop it there now if thats okay\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    assert mentions[text.index("bobby thats")].text == "bobby"
    assert mentions[text.index("sunny and")].text == "sunny"
    assert mentions[text.index("rose\n")].text == "rose"
    assert text.index("rose again") not in mentions


def test_in_lower_case_syntax_refutes_the_taggers_reading_of_a_name_that_is_a_word(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """A modal after "is" or before "his", a past tense after "with" or "seeing", a bare noun's
    possessive: the tagger's reading cannot stand, so a name the file uses is replaced there.
    The word stays where its reading holds: "i will never forget", "what do you think will happen",
    "the rent rose again", "the joy of it"."""
    text = (
        "[00:00:10] speaker 2: my sponsor is will will mcgrath hes been clean twenty years and i will never "
        "forget what he said\n"
        "[00:00:31] speaker 2: our rose is seven and joy is the nurse at the clinic\n"
        "[00:01:02] speaker 2: i had contact with rose on saturday and im seeing rose again in june\n"
        "[00:01:40] speaker 2: aye so ryan is will his dad and he puts wee notes in rose's bag for her\n"
        "[00:02:10] speaker 2: can i say something about joy cos she got me in the same day\n"
        "[00:02:40] speaker 2: the rent rose again and the joy of it is gone what do you think "
        "will happen\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    _assert_names_and_words(
        text,
        mentions,
        names=("will will", "rose on", "rose again in", "will his", "rose's", "joy cos"),
        words=("will never", "rose again and", "joy of", "will happen"),
    )


def test_in_lower_case_a_name_word_before_the_pronoun_for_it_or_a_noun_after_a_pronoun_is_a_doubt(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """ "two weans grace she's nine": a name, then the pronoun for it; "never forget it joy was at her work":
    a noun after a pronoun is no verb. Both are the names the file uses; "social work said he", "i hope he's"
    and "it was pure joy" stay words."""
    text = (
        "[00:00:40] speaker 1: okay so could you start by telling me a wee bit about who lives with you the now\n"
        "[00:01:01] speaker 2: aye two weans grace she's nine and rory and grace is the oldest\n"
        "[00:02:10] speaker 2: i'll never forget it joy was at her work and joy is their maw\n"
        "[00:03:30] speaker 2: social work said he couldnae stay and i hope he's alright it was pure joy\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    _assert_names_and_words(text, mentions, names=("grace she's", "joy was"), words=("said he", "hope he's", "joy\n"))


def test_a_known_name_before_a_negation_is_the_verb(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """Once "Don" and "Shan" are people, "Don't" and "Shan't" still hold no name: a surrogate there
    ("Trevor't") read as a leak of its own to the gate, and mangled the text."""
    text = "CERI: Don was there. Don't say it like that! Shan said no. Shan't do it, she said. Don's van.\n"
    mentions = _mentions(text, detector, default_rules, lexicons)
    assert text.index("Don was") in mentions and text.index("Don's") in mentions
    assert text.index("Don't") not in mentions and text.index("Shan't") not in mentions


def test_two_lower_case_first_names_side_by_side_are_two_people(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """ "yeah dean kai his dad": the model reads one full name where the speaker names two people, Dean
    and Kai's dad; "dean holmes" is one ("holmes" is a surname), and so is "mary jane"."""
    text = (
        "[00:05:38] speaker 1: can i bring us back to dean cos last week you said you were worried about kai\n"
        "[00:05:41] speaker 2: yeah dean kai his dad hes out on the twenty eighth and dean holmes said so\n"
        "[00:05:52] speaker 2: and mary jane came too and we talked a lot about it all really\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    dean, kai = mentions[text.index("dean kai")], mentions[text.index("kai his")]
    assert (dean.text, kai.text) == ("dean", "kai") and dean.group != kai.group
    assert mentions[text.index("dean holmes")].text == "dean holmes"
    assert mentions[text.index("mary jane")].text == "mary jane"  # a double first name is one person


def test_a_lower_case_surname_then_a_first_name_is_two_people(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """Speech puts a first name first: where the model reads "sandhu archie" as one person, it is the
    doctor, then Archie; "archie sandhu" is one."""
    text = (
        "speaker 1: and who's the doctor now for the wee one, is it still the same practice\n"
        "speaker 3: sandhu archie doctor sandhu no sandy [laughs] she's been good she got the nurse coming out\n"
        "speaker 2: and archie sandhu the lad from the garage came round on the friday with his van\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    start = text.index("sandhu archie")
    assert start in mentions and mentions[start].text == "sandhu"
    assert mentions[text.index("archie doctor")].text == "archie"
    assert mentions[text.index("archie sandhu")].text == "archie sandhu"


def test_a_person_span_drops_a_word_without_letters(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """The model read "dan 24/7" as one person in a lower-case file: "24/7" then stood in the registry as a
    surname, and the gate found it in "we run a 24/7 helpline" elsewhere. No word without a letter is
    any part of a name."""
    detection = Detection(10, 18, "PERSON", "dan 24/7", "spacy:ner", 0.85, "person")
    trimmed = _edge_words(detection, lexicons, "i've been on dan 24/7 honestly he never stops")
    assert trimmed is not None and (trimmed.text, trimmed.start, trimmed.end) == ("dan", 10, 13)
    detection = Detection(0, 11, "PERSON", "Laura Jones", "spacy:ner", 0.85, "person")
    assert _edge_words(detection, lexicons, "Laura Jones came") == detection


def test_the_full_name_the_nickname_table_gives_for_a_first_name_said_alone_is_that_person(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """ "Archie Gilmour, well, Archibald if you're the polis": the table's full name for Archie links to
    him; a surname that merely starts like a first name ("Sandhu" and Sandy) does not."""
    text = (
        "Speaker 2: I'm Archie Gilmour, well, Archibald if you're the polis, and this is Sandy Gamble.\n"
        "Speaker 3: Our doctor is Sandhu at the surgery, and Archibald never misses a day.\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    archie = mentions[text.index("Archie Gilmour")]
    assert mentions[text.index("Archibald if")].group == archie.group
    assert mentions[text.index("Archibald never")].group == archie.group
    assert mentions[text.index("Sandhu")].group != mentions[text.index("Sandy Gamble")].group


def test_an_initial_the_file_knows_is_never_the_s_of_a_possessive(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """ "S. Hughes" makes "S." a known first name; the "s." that ends "Paget's." is a possessive."""
    text = "Dawn: I saw S. Hughes on Monday. Older people say Jimmy Paget's. Then S. came round.\n"
    mentions = _mentions(text, detector, default_rules, lexicons)
    assert text.index("s. Then") not in mentions
    assert mentions[text.index("S. came")].text == "S."


def test_the_words_of_a_name_include_it_typed_without_accents() -> None:
    """A surrogate must not be an original typed without its accents ("Yildiz" of "Yıldız")."""
    assert {"yıldız", "yildiz", "wiśniewska", "wisniewska", "o'neill", "neill"} <= name_words(
        "Yıldız Wiśniewska O'Neill"
    )


def test_a_service_known_in_full_is_found_by_its_name_proper_said_alone(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """ "little harbour family project" makes "little harbour" the project; "Laburnum Medical Practice"
    makes "Laburnum" an identifier wherever it stands; "City Hospital" makes no
    "city" a service, and "Possil Health Centre" leaves "Possil" the district it is."""
    lower = (
        "[00:04:02] speaker 2: yeah the little harbour family project on hessle road\n"
        "[00:05:18] speaker 1: and thats where little harbour came in wasnt it\n"
    )
    mentions = _mentions(lower, detector, default_rules, lexicons)
    assert mentions[lower.index("little harbour came")].text == "little harbour"
    cased = (
        "Dawn: My GP is at Laburnum Medical Practice, near City Hospital and Possil Health Centre. "
        "I'm back at Laburnum, then the city centre, then Possil.\n"
    )
    mentions = _mentions(cased, detector, default_rules, lexicons)
    assert mentions[cased.index("Laburnum,")].text == "Laburnum"
    assert cased.index("city centre") not in mentions
    assert mentions[cased.index("Possil.")].label == "LOCATION"


def test_a_known_name_of_several_words_takes_the_place_of_weaker_detections_inside_it(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """The model reads "Kettle and Key recovery café" once; where the café's name stands alone, a lone
    capitalised "Key" found there gives way to the whole name. A gazetteer name keeps its own "'s"."""
    text = (
        "Setting: interviewed in the back room of Kettle and Key recovery café, Walworth.\n"
        "EFUA: Here. Kettle and Key. I'm in most days.\n"
        "EFUA: Everybody still calls it Queen's, by the way, Queen's Medical Centre.\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    assert mentions[text.index("Kettle and Key. I'm")].text == "Kettle and Key"
    assert text.index("Key. I'm") not in mentions
    assert mentions[text.index("Queen's, by")].text == "Queen's"


def test_two_short_forms_of_one_name_said_alone_are_two_people(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """ "Bill" and "Will" are both short for William, but with no William in the file they are two men
    (brothers here); each still joins a full name whose short form it is."""
    text = (
        "P: Our Bill drives the van for the council. Then there's Will, his brother, who's at college. "
        "Bill says Will never helps.\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    bill, will = mentions[text.index("Bill drives")], mentions[text.index("Will,")]
    assert bill.group != will.group
    assert (
        mentions[text.index("Bill says")].group == bill.group and mentions[text.index("Will never")].group == will.group
    )
    full = "P: William Hulme is my brother. We call him Will, or Bill at work.\n"
    mentions = _mentions(full, detector, default_rules, lexicons)
    groups = {mentions[full.index(name)].group for name in ("William", "Will,", "Bill at")}
    assert len(groups) == 1


def test_in_lower_case_a_name_word_after_a_kin_title_is_replaced_with_doubt(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """The tagger reads "auntie" as an adjective and "auntie joy" as "pure joy"; a kin title makes the
    word a doubt, replaced where another detector reads a name there too. "my nan will" stays the verb,
    and a dialect word the model took in is no part of the name ("tae maggie")."""
    text = (
        "[00:03:42] speaker 5: she lives with my auntie joy in swinton and the kids call her auntie ruby "
        "and my nan will pick them up and i went tae maggie for a bit\n"
        "[00:03:50] speaker 2: yeah we just went home and had our tea like normal and then we went to bed "
        "and that was that really nothing else happened all week\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    for name in ("joy in", "ruby and"):
        assert mentions[text.index(name)].text == name.split()[0]
    assert text.index("will pick") not in mentions
    assert mentions[text.index("maggie")].text == "maggie"


def test_in_lower_case_a_modal_before_a_past_tense_a_verb_after_tell_or_a_name_thanked_is_the_name(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """A modal takes a verb's bare form, so "what will said" is Will speaking; "tell hope the forms"
    has no bare verb after "tell"; "thank you so much will" is said to Will. The words stay where
    their reading holds: "she will say", "says mark my words", "i hope so", "thanks, it will help"."""
    text = (
        "[00:00:05] speaker 2: will mensah is my brother and hope is his girlfriend\n"
        "[00:00:40] speaker 2: what will said really stuck with me and she will say the same\n"
        "[00:01:10] speaker 1: can you tell hope the forms are in the post i hope so anyway\n"
        "[00:01:50] speaker 2: okafor says mark my words thanks it will help\n"
        "[00:02:30] speaker 1: thank you so much will just before we finish\n"
        "[00:02:40] speaker 2: it got cut when will turned ten and will found her that night\n"
        "[00:02:50] speaker 1: and will [00:02:52] speaker 2: he's fine i said i will [00:02:55]\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    _assert_names_and_words(
        text,
        mentions,
        names=("will said", "hope the forms", "will just", "will turned", "will found", "will [00:02:52]"),
        words=("will say", "mark my", "hope so", "will help", "will [00:02:55]"),
    )


def test_in_lower_case_a_name_said_twice_ended_or_short_for_a_name_in_the_file_is_the_name(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """People say their name twice ("a guy sunny sunny baines"); a name ends a turn where the word
    cannot ("a good un will", "put you through to frank"); "will" is short for the file's William.
    The words stay where their reading holds: "she will", "i hope so", "no no", "to be frank"."""
    text = (
        "[00:00:05] speaker 2: nobody calls him william except his mum he's our sponsor\n"
        "[00:00:20] speaker 2: the cafe is run by a guy sunny sunny baines big lad and it's a sunny room\n"
        "[00:00:40] speaker 2: yeah hes a good un will\n"
        "[00:00:50] speaker 1: thank you so much will just before we finish and frank mcgrath helps\n"
        "[00:01:10] speaker 2: they'll put you through to frank\n"
        "[00:01:20] speaker 2: no no i said she will\n"
        "[00:01:30] speaker 2: to be frank i hope so\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    _assert_names_and_words(
        text,
        mentions,
        names=("sunny sunny", "sunny baines", "will\n", "will just", "frank\n"),
        words=("sunny room", "no no", "will\n[00:01:30]", "frank i hope", "hope so"),
    )


def test_in_lower_case_a_possessive_a_verb_after_a_modal_or_an_adjective_as_subject_makes_the_name(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """A modal has no possessive ("with it will's mam") and takes no "-ing" ("and will taking him"); an
    adjective is no subject ("the course like sunny did"); a name may follow an adjective before its
    pronoun ("she's lovely grace she's"); who one speaks to is a person ("i said to grace"); a possessive
    typed without its apostrophe before what a person has is the name's ("wills dad"). The words stay:
    "he will be taking", "a sunny day", "no will power", "the will's contents", "the wills were made"."""
    text = (
        "[00:00:05] speaker 2: before i married will mensah his sister sunny patel and grace okafor\n"
        "[00:00:20] speaker 2: you're expected to get on with it will's mam told me about the group\n"
        "[00:00:40] speaker 2: the rugby and will taking him fishing and he will be taking him again\n"
        "[00:00:50] speaker 2: i want to do the course like sunny did on a sunny day with no will power\n"
        "[00:01:10] speaker 2: the social worker she's lovely grace she's from lagos and the will's contents\n"
        "[00:01:20] speaker 2: i said to grace it would be fine and wills dad came round but the wills were made\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    _assert_names_and_words(
        text,
        mentions,
        names=("will's mam", "will taking", "sunny did", "grace she's", "grace it would", "wills dad"),
        words=("will be", "sunny day", "will power", "will's contents", "wills were"),
    )


def test_a_street_address_keeps_its_house_number_where_the_model_reads_across_it(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """The model reads "birkhill crescent broxburn" as one organisation; the address said with its house
    number is one mention and the town after it another."""
    text = (
        "speaker 1: and where's best to send the vouchers\n"
        "speaker 3: or post it to the house fourteen birkhill crescent broxburn e h fifty two six z x\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    address = mentions.get(text.index("fourteen"))
    assert address is not None and (address.text, address.label) == ("fourteen birkhill crescent", "CONTACT")
    town = mentions.get(text.index("broxburn"))
    assert town is not None and town.text == "broxburn"


def test_in_lower_case_idioms_and_described_nouns_keep_a_name_that_is_a_word_the_word(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """Where a Frank, a Grace, a Joy, a Will and a Bill are people of the file, "to be frank", "my saving
    grace", "nae joy", "will power" and "the electric bill is" are still the words; the people are found."""
    text = (
        "[00:00:05] speaker 2: frank is my sponsor and grace is six and joy is my sister and will is three\n"
        "[00:00:20] speaker 2: bill is my neighbour he comes round every day with his dog to see us\n"
        "[00:00:40] speaker 2: to be frank that place was my saving grace but there was nae joy wi the housing\n"
        "[00:01:10] speaker 1: people say its all will power and the electric bill is a joke these days\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    _assert_names_and_words(
        text,
        mentions,
        names=("frank is", "grace is", "joy is", "will is", "bill is"),
        words=("frank that", "grace but", "joy wi", "will power", "bill is a"),
    )


def test_in_lower_case_a_services_name_that_is_a_word_is_the_name_where_it_stands_bare(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """Once "anchor" is a service of the file, a bare "anchor" after a preposition or as a subject is the
    service (a common noun would take an article); "an anchor", "the anchor tattoo" stay words."""
    text = (
        "[00:03:47] participant: first he put me onto anchor its a dads group on a wednesday\n"
        "[00:04:10] participant: nobody asked me a thing until anchor and we all get it anchor is the only place\n"
        "[00:04:30] participant: he's got an anchor on his arm like a sailor\n"
        "[00:04:50] interviewer: and how are the kids getting on at school these days with everything\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    for phrase in ("anchor its", "anchor and", "anchor is"):
        found = mentions.get(text.index(phrase))
        assert found is not None and (found.text, found.label) == ("anchor", "SERVICE"), phrase
    assert text.index("anchor on") not in mentions


def test_capitalised_ordinary_words_opening_a_sentence_are_a_name_when_a_verb_follows(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """ "Second Chance were useless": a speaker does not capitalise two ordinary words in a row at a
    sentence's start for nothing. Generic services the allow list holds stay, capitalised or not."""
    text = (
        "INT: And where do you get support now, and who helps you with the kids?\n"
        "R1: Well, it's been a long road. Second Chance were useless to be honest. Social Work were "
        "involved from the start. Young Carers was good for him. The kids are alright, they go to school "
        "and that, and my mum has them at the weekend when I'm working.\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    found = mentions.get(text.index("Second Chance"))
    assert found is not None and (found.text, found.label) == ("Second Chance", "SERVICE")
    for phrase in ("Social Work", "Work were", "Young Carers", "Carers was", "The kids"):
        assert text.index(phrase) not in mentions, phrase


def test_an_unknown_word_opening_a_sentence_is_a_name_when_what_a_person_does_follows(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """ "Dobbo runs it": a word no list knows, capitalised at a sentence's start, then a verb of what
    someone does. A drug the allow list knows stays ("Buvidal is the injection"), and so does an
    unknown word opening a sentence with no such verb after it."""
    text = (
        "Darren (dad): And then there's the dads' group on a Thursday. Dobbo runs it, he's been clean "
        "twelve year. Buvidal is the injection I'm on now. Tiggywinkle, that's what we called the hamster.\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    found = mentions.get(text.index("Dobbo"))
    assert found is not None and (found.text, found.label) == ("Dobbo", "PERSON")
    for word in ("Buvidal", "Tiggywinkle"):
        assert text.index(word) not in mentions, word


def test_a_known_name_and_an_s_that_make_no_word_are_its_possessive_typed_without_the_apostrophe(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """ "after sunnys school rang": the name the file uses, without the apostrophe a speech recogniser
    dropped. "my hopes" and "wills" are words, whoever is called Hope or Will."""
    text = (
        "[00:00:01] speaker 1: so can you tell me a bit about your family and who lives at home with you\n"
        "[00:00:05] speaker 2: yeah its me and my two lads sunny is eight and jayden is ten and hope is my sister\n"
        "[00:00:09] speaker 2: the social worker come out after sunnys school rang and jaydens teacher was worried "
        "too but my hopes were low and wills were made\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    for phrase, name in (("sunnys school", "sunny"), ("jaydens teacher", "jayden")):
        found = mentions.get(text.index(phrase))
        assert found is not None and (found.text, found.label) == (name, "PERSON"), phrase
    for phrase in ("hopes were", "wills were"):
        assert text.index(phrase) not in mentions, phrase


def test_an_acronym_whose_letters_are_a_named_services_initials_is_that_service(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """Straight after the name, or anywhere in the file from three letters; never one the allow list keeps."""
    text = (
        "Priya (HV): Priya, health visitor with Blackpool Teaching Hospitals, BTH, for my sins.\n"
        "Declan (DSL): Our kids get born at Blackpool Victoria Hospital, for the transcript.\n"
        "Priya (HV): BVH, yes. And Child and Adolescent Mental Health Services, CAMHS, when they've room. "
        "BTH run the lot. The HMRC letters are another story.\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    for phrase in ("BTH, for", "BVH", "BTH run"):
        found = mentions.get(text.index(phrase))
        assert found is not None and found.text == phrase[:3], phrase
    for phrase in ("CAMHS", "HMRC"):
        assert text.index(phrase) not in mentions, phrase


def test_where_names_have_capitals_a_lower_case_name_word_after_a_noun_is_the_word(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """ "the gas bill" beside a Bill: the word, listed for review, not replaced; the name stays replaced,
    and so does a name in a text message typed in lower case ("tell hope i love her")."""
    text = (
        "SHANNON: Bill had the kids on Saturday. Then the gas bill came, don't get me started.\n"
        'SHANNON: He put "tell hope i love her" in the message. Hope cried.\n'
    )
    document = Document("t.txt", "txt", text, b"", "utf-8", "")
    (detected,) = detector.detect([document])
    resolved = resolve(detected, default_rules, lexicons)
    found = {m.start: m.text for m in resolved.mentions}
    assert found.get(text.index("Bill had")) == "Bill" and found.get(text.index("hope i love")) == "hope"
    assert text.index("bill came") not in found
    assert text.index("bill came") in {r.start for r in resolved.review}


def test_scots_ken_after_its_subject_or_before_what_is_known_is_the_verb(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    text = (
        "[00:00:10] speaker 1: and who else is around for you and the weans at the moment then\n"
        "[00:00:15] speaker 2: my uncle ken oot in fife he's good to us i ken it sounds daft but he is\n"
        "[00:00:21] speaker 2: she didnae ken nine nine nine and that place was brilliant ken you go in and "
        "there's soup and that\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    assert mentions.get(text.index("ken oot")) is not None
    for phrase in ("ken it", "ken nine", "ken you"):
        assert text.index(phrase) not in mentions, phrase


def test_a_surname_that_is_a_word_opening_a_sentence_before_a_modal_is_the_name(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """The tagger reads "Gamble" opening a sentence as an adjective; a modal after it makes it a subject."""
    text = (
        "BMcL: The daddy is Ciarán Gamble, and his da is Sandy Gamble from Strabane. And Sandy takes him to "
        "the football in Brandywell when Derry City are at home. Gamble would tell you himself he never set foot "
        "in the Bogside before that child. It was a gamble, and the gamble would pay off.\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    found = mentions.get(text.index("Gamble would"))
    assert found is not None and found.text == "Gamble"
    assert text.index("gamble would") not in mentions


def test_without_capitals_a_named_place_or_service_takes_the_head_said_after_it(
    detector: Detector, default_rules: Rules, lexicons: Lexicons
) -> None:
    """ "the high fields centre", "the lang toun recovery cafe": where nothing is capitalised the head is all
    that shows the name goes on, and it is replaced with the name."""
    text = (
        "[00:00:01] speaker 1: so where do you go for support and who helps you with the kids at the moment\n"
        "[00:00:05] speaker 2: we go to the high fields centre on a monday and the lang toun recovery cafe on a "
        "friday and that is about it really apart from my mum who has the kids on a saturday night\n"
    )
    mentions = _mentions(text, detector, default_rules, lexicons)
    for name in ("high fields centre", "lang toun recovery cafe"):
        found = mentions.get(text.index(name))
        assert found is not None and (found.text, found.label) == (name, "SERVICE"), name
