"""Answer assembly: three outcomes from the calibrated confidence, hard rules first, quotes verbatim."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from qa.answer import CALIBRATION, Calibration, Features, make_answer
from qa.answer_types import (
    BITS,
    fine_question_type,
    gives_measure,
    numbers_covered,
    question_type,
    sentence_flags,
    wants_status,
)
from qa.asked import partial_name, uncast
from qa.types import Hit, Quote

TEXT = "The drama stars Kim Soo-hyun. It aired on Netflix in 2020."


def quote_of(hit: Hit) -> Quote:
    return Quote(TEXT, "doc", "Title", "2023-06-26", "Source", None, 10, 10 + len(TEXT), hit.score, hit.highlight)


def test_confidence_is_the_logistic_of_the_weighted_features() -> None:
    cal = Calibration(dense=2.0, sentence=1.0, coverage=0.5, known_coverage=1.0, bias=-1.0, answer=0.6, closest=0.3)
    f = Features(dense=0.5, sentence_score=0.2, coverage=0.4, known_coverage=0.5)
    assert math.isclose(cal.confidence(f), 1 / (1 + math.exp(-(1.0 + 0.2 + 0.2 + 0.5 - 1.0))))
    assert cal.confidence(Features(0.9, 0.9, 1.0, 1.0, missing=True)) == 0.0
    assert [cal.outcome(p) for p in (0.6, 0.59, 0.3, 0.29)] == ["answer", "closest", "closest", "not_covered"]
    for someone_else in (Features(0.9, 0.9, 1.0, 1.0, partial_name=True), Features(0.9, 0.9, 1.0, 1.0, unnamed=True)):
        capped = cal.confidence(someone_else)
        assert cal.outcome(capped) == "not_covered" and capped == 0.29  # shown as the nearest passage, not an answer
    low = Features(0.1, 0.1, 0.0, 0.0)
    lower = Features(0.0, 0.0, 0.0, 0.0, partial_name=True)
    assert cal.confidence(lower) == cal.confidence(replace(lower, partial_name=False)) < 0.29  # a low one stays
    # A count in the question's own unit is an answer; a high confidence stays as it is; a hard rule still wins.
    assert cal.outcome(cal.confidence(replace(low, counted=True))) == "answer"
    high = Features(0.9, 0.9, 1.0, 1.0)
    assert cal.confidence(replace(high, counted=True)) == cal.confidence(high) > 0.6
    assert cal.confidence(replace(low, counted=True, missing=True)) == 0.0
    # A sentence giving the premise of "what is it about" is at least the closest the articles come, never an answer.
    assert cal.outcome(cal.confidence(replace(low, premise=True))) == "closest"
    assert cal.confidence(replace(high, premise=True)) == cal.confidence(high)


def test_a_count_in_the_questions_unit() -> None:
    from qa.answer_types import counted

    assert counted("how many episodes are there", "It's Okay To Not Be Okay consists of 16 episodes and is based on")
    assert counted("how many seasons did it run", "It ran for two full seasons.")
    assert not counted("how many eps", "It consists of 16 episodes.")  # "eps" is not a unit the sentence names
    assert not counted("how many awards did it win", "It earned numerous awards in 2020.")  # no count of awards
    assert not counted("what is episode 16 about", "It consists of 16 episodes.")  # not a how-many question


PASSAGE = ("The first season provided closure as Moon Gang-Tae, played by Kim Soo-hyun, overcame his fear of "
           "butterflies. Another scene that sparked hope was Ko Mun-Yeong's visit to her mother.")
GANG_TAE = PASSAGE.split(". ")[0] + "."


@pytest.mark.parametrize("question,sentence,partial", [
    ("who plays ko moon young", GANG_TAE, True),  # only "Moon" of Ko Mun-Yeong: someone else
    ("who plays gang tae", GANG_TAE, False),  # the whole of what was asked of "Moon Gang-Tae"
    ("who plays ko moon young", PASSAGE.split(". ")[1], False),  # the sentence that names her in full
    ("what is the show about", GANG_TAE, False),  # no name asked
    ("is kim soo hyun in it", GANG_TAE, False),
    ("when did genghis khan die", "It grew after Genghis's death in 1227.", False),  # a short form of the same name
])
def test_partial_name_spots_an_answer_about_someone_else(question: str, sentence: str, partial: bool) -> None:
    assert partial_name(question, PASSAGE + " Genghis Khan ruled. " + sentence, sentence) is partial


def test_confident_answer_is_the_highlighted_sentence_verbatim() -> None:
    hits = [Hit(row=0, score=1.0, highlight=(30, len(TEXT)))]
    answer = make_answer("where can i watch it", hits, quote_of, Features(0.8, 0.8, 1.0, 1.0), [])
    assert answer.outcome == "answer" and not answer.abstained and answer.reason is None
    assert answer.answer == "It aired on Netflix in 2020." == answer.quotes[0].highlighted
    assert answer.confidence >= CALIBRATION.answer and answer.to_dict()["outcome"] == "answer"


def test_middle_band_hedges_with_the_closest_quote() -> None:
    hits = [Hit(row=0, score=1.0, highlight=(0, 29))]
    answer = make_answer("who is in it", hits, quote_of, Features(0.35, 0.35, 0.3, 1.0), [])
    assert CALIBRATION.closest <= answer.confidence < CALIBRATION.answer
    assert answer.outcome == "closest" and not answer.abstained and "closest" in (answer.reason or "")
    assert answer.answer == "The drama stars Kim Soo-hyun."
    named = make_answer("when does squid game come out", hits, quote_of, Features(0.35, 0.35, 0.3, 1.0), ["squid", "game"])
    assert named.outcome == "closest" and "never mention 'squid', 'game'" in (named.reason or "")


def test_low_confidence_is_not_covered_but_keeps_the_nearest_quote_and_names_unknown_words() -> None:
    hits = [Hit(row=0, score=0.1, highlight=(0, 29))]
    answer = make_answer("capital of peru", hits, quote_of, Features(0.05, 0.0, 0.0, 0.0), ["peru"])
    assert answer.abstained and answer.outcome == "not_covered" and answer.answer == ""
    assert "'peru'" in (answer.reason or "") and "not an answer" in (answer.reason or "")
    assert answer.quotes[0].text == TEXT


def test_an_answer_about_someone_else_is_not_covered_and_says_why() -> None:
    hits = [Hit(row=0, score=1.0, highlight=(0, 29))]
    high = Features(0.9, 0.9, 1.0, 1.0)
    other = make_answer("who plays ko moon young", hits, quote_of, replace(high, partial_name=True), [])
    assert other.outcome == "not_covered" and "about someone else" in (other.reason or "")
    role = make_answer("who plays sang tae", hits, quote_of, replace(high, unnamed=True), [])
    assert role.outcome == "not_covered" and "does not name who or what" in (role.reason or "")
    assert role.quotes[0].text == TEXT  # the nearest passage is still shown
    place = make_answer("where was it filmed", hits, quote_of, replace(high, unnamed=True, unnamed_why="names no place"), [])
    assert place.outcome == "not_covered" and "the nearest passage names no place" in (place.reason or "")


@pytest.mark.parametrize("question,sentence,why", [
    ("who directed it", "The drama stars Kim Soo-hyun.", "does not name who or what the question asks for"),
    ("where was it filmed", "The series was also streamed on Netflix.", "names no place"),
    ("is seo yea ji married", "The drama stars Seo Yea-ji.", "does not mention a love life"),
    ("what were its tv ratings", "It topped the list of TV dramas.", "does not mention audience ratings"),
    ("what korean network was it on", "South Korean series end after one season.",
     "names nothing the question does not name already"),
    ("who plays gang tae", "Moon Gang-Tae, played by Kim Soo-hyun.", ""),
])
def test_a_reason_says_what_the_nearest_passage_lacks(question: str, sentence: str, why: str) -> None:
    from qa.asked import what_is_missing

    assert what_is_missing(question, sentence) == why


@pytest.mark.parametrize("question,sentence,gives", [
    # A unit asked for by its kind: a download's size, a movie's running time (0.9.1); any number had done
    ("how many gb is the drowned kingdom download", "The expansion launches on April 24 for PC and PS5.", False),
    ("how many gb is the download", "The download is 45GB on PC.", True),
    ("how many tons of carbon does it absorb", "It absorbs 1.5 gigatons of carbon dioxide a year.", True),
    ("how long is the last ferry movie", "It has drawn 4.2 million viewers in its first 12 days.", False),
    ("how long is the hoshizora film", "The film runs 118 minutes, the studio's longest.", True),
    ("how long is each episode", "Each episode runs about an hour and ten minutes.", True),
    ("how long does the ride last", "The full ride lasts about four and a half minutes.", True),
    # "what time do doors open" asks a time of day, not any time (a blind news set, 0.9.2: "will close its doors for
    # good on December 20 after 38 years" had answered it at 0.73)
    ("what time do doors open on closing night", "It will close its doors on December 20 after 38 years.", False),
    ("what time do doors open", "Doors open at 7pm and the first band is on at 8.", True),
    # "when does X start" wants a time or a status, not a sentence about X that gives neither
    ("when does the comets presale start", "Fans will have access to an exclusive presale for further dates.", False),
    ("when does the presale start", "The presale starts on Tuesday at 10am.", True),
    ("when is season 2 coming out", "The show has not yet been renewed for a second season.", True),
    ("when does the price hike hit", "The new prices take effect immediately for new subscribers.", True),
    # the time something took answers "how fast"; an end date answers "how long is it on" (a third news set, blind)
    ("how fast did lanterns of vell get funded", "It hit its funding goal in just 52 minutes on Tuesday.", True),
    ("how long is saltwater hearts booking til", "The production is currently booking until 31 May 2025.", True),
    ("how long is the exhibit on for", "The museum recommends allowing about 90 minutes.", True),
    ("how long is saltwater hearts booking til", "The show opened at the Garrick Theatre.", False),
    # an age asked: an age stated, not any number (a third news set, blind: answered at 0.46 with "since 2016")
    ("how old is declan forde", "The show, hosted by comedian Declan Forde since 2016, asks 15 questions.", False),
    ("how old is martha", "Martha Ellison, 46, beat the previous record of £250,000.", True),
    ("how old was temujin when he got married", "Temujin married Borte when he was around 16.", True),
    ("how old are the fossils", "Fossils have been found as far back as about 515 million years ago.", True),
    ("how old was manning", "He is the oldest quarterback to play in a Super Bowl at age 39.", True),
    ("how old was nadia when she got the gm title", "She became a grandmaster at 15.", True),  # a fourth news set
    ("how old is the host", "The show starts at 9pm on Channel Six.", False),
    ("how old is sofia almeida", "Almeida served for the championship at 5-4 but was broken.", False),
    ("how old is the director", "The film was confirmed at 38 cinemas.", False),  # the review of 0.9.1
    ("how old is the golfer", "He finished at 12 under par.", False),
    ("how old is he", "He was born in a field.", False),
    ("how old is he", "He was born in 1990 in Leeds.", True),
])
def test_a_measure_of_the_kind_asked(question: str, sentence: str, gives: bool) -> None:
    assert gives_measure(question, int(sentence_flags([sentence])[0]), sentence) is gives


@pytest.mark.parametrize("question,sentence,uncast_", [
    ("who plays sang tae", "The series follows two brothers, Moon Gang-Tae and Moon Sang-Tae.", True),
    ("whos playing the main guy", "The drama stars Kim Soo-hyun, Seo Yea-ji and Oh Jung-se.", True),
    ("which actress played ko moon young", "Ko Mun-Yeong writes children's books.", True),
    ("who plays gang tae", "Moon Gang-Tae, played by Kim Soo-hyun, overcame his fear.", False),
    ("who played donna", "The companions were Rose Tyler (Billie Piper) and Donna Noble (Catherine Tate).", False),
    ("who is gang tae played by", "Kim Soo-hyun stars as Moon Gang-Tae.", False),
    ("who plays gang tae", "Kim Soo-hyun will reprise his role.", False),
    ("who played in super bowl 50", "The Denver Broncos defeated the Carolina Panthers.", False),  # sport, no role
    ("who plays for the panthers", "Cam Newton led the Panthers.", False),
    ("who stars in it", "The drama stars Kim Soo-hyun.", False),  # not a role question
    ("who directed it", "The drama stars Kim Soo-hyun and Seo Yea-ji.", True),  # who made it: the crew
    ("who sings the ost", "The drama stars Kim Soo-hyun.", True),
    ("whos the director", "It was directed by Park Shin-woo.", False),
    ("who sang the anthem", "Lady Gaga performed the national anthem.", False),
    ("who wrote the music", "Simpson's first score was Planet of Giants.", False),
    ("who won the super bowl", "Denver beat Carolina.", False),  # no role asked
    # Sport, records and job titles are not roles in a show.
    ("who played quarterback for the broncos", "Manning led the Broncos.", False),
    ("who played the most games", "Smith holds the record.", False),
    ("who produced the most goals", "Messi scored 50 goals.", False),
    ("who is the director of the fbi", "Comey heads the FBI.", False),
    ("who was the world's second largest oil producer", "Saudi Arabia pumped the most oil.", False),
    ("who plays gang tae", "Played by Kim Soo-hyun, Moon Gang-Tae is a caretaker.", False),  # any case
    ("who sings the ost", "The drama received excellent performances.", True),  # acting is not singing
    ("who wrote the show", "Screenwriter Jo Yong drew inspiration from her own experiences.", False),
    ("who wrote the show", "It follows a children's book author, Ko Moon-Young.", True),  # a character's job
    ("who wrote the 95 theses", "Luther posted them in 1517.", False),  # an author, not the show's writer
    ("who sang the ost", "The brothers Moon Gang-Tae and Moon Sang-Tae meet.", True),  # a name, not singing
    ("who did the music", "Song Hye-kyo stars in it.", True),  # a name, not a song
    ("who sang the ost", "IU sang the theme.", False),
    ("who created the show", "It was created by Park Hae-young.", False),
    ("who is the writer for the show", "The drama stars Kim Soo-hyun.", True),
    ("who is the writer", "These non-Marxist writers were prolific.", True),  # writers of anything
    # A song is sung or performed by someone, in either voice; a host and a showrunner are named as such (0.9.1)
    ("who sings the theme song", 'The theme song, "Afterglow Letter", is performed by the rock band Neon Tidepool.',
     False),
    ("who sings the theme song", "The band said Costello had been struggling with her voice.", True),
    ("whos hosting island of strangers", "Comedian Rhys Tanner returns as host for the third time.", False),
    ("whos hosting island of strangers", "Island of Strangers season 3 premieres on Sunday on Channel Six.", True),
    ("who's the showrunner on glass orchard", "The series will be written and run by Tom Farrant.", False),
    ("who's the showrunner on glass orchard", "Okafor's novel is being adapted by streamer Halcyon.", True),
    # Who made, designed or built it: a maker, not a sentence that only dates the thing (the dev set's "who made abcs
    # new look in 98" had been answered with "ABC is stopped with its 1998-2002 four-note jingles")
    ("who made abcs new look in 98", "In the fall of 2015, ABC stopped its 1998-2002 four-note jingles.", True),
    ("who made abcs new look in 98", "In 1998 it began using an identity designed by Pittard Sullivan.", False),
    ("who made the pictures in luthers bible", "It had woodcuts by Lucas Cranach.", False),
    ("who came up with the name", "The name was coined in 1777 by Antoine Lavoisier.", False),
    ("who made the show", "Screenwriter Jo Yong drew inspiration from her own experiences.", False),
    ("who made it to the final", "Denver beat Carolina.", False),  # an idiom, no maker asked
    ("who made the most tackles", "Miller led the team.", False),  # a record
    ("who did the art for lanterns of vell", '"Lanterns of Vell", a cooperative board game, hit its goal.', True),
    ("who did the art for lanterns of vell", "The cards are illustrated by Mira Holt.", False),
    # found by the review of 0.9.1: sport's "made the podium" and an event's host are no crew
    ("who made the podium at the portuguese gp", "Dassault completed the podium in third.", False),
    ("who hosted the cosplay championship final", "The final was held in Helsinki.", False),
    ("who painted the throne of embers cover", "The cover, painted by illustrator Tomas Ekberg, shows a crown.", False),
    ("who wrote the music for saltwater hearts", '"Saltwater Hearts", the new musical, opens tonight.', True),
    ("who wrote the music for saltwater hearts", "The score is by Cornish songwriter Bryn Tallack.", False),
])
def test_a_role_question_needs_a_sentence_that_casts(question: str, sentence: str, uncast_: bool) -> None:
    assert uncast(question, sentence) is uncast_


def test_no_hits_abstains_with_zero_confidence() -> None:
    answer = make_answer("anything", [], quote_of, None, [])
    assert answer.abstained and answer.confidence == 0.0 and answer.quotes == () and answer.outcome == "not_covered"


@pytest.mark.parametrize("question,person,date,number,place", [
    ("who plays gang tae", True, False, False, False), ("whos in the cast", True, False, False, False),
    ("when did it come out", False, True, True, False), ("what year did it air", False, True, True, False),
    ("how many eps", False, True, True, False), ("where can i watch it", False, False, False, True),
    ("what streaming service is it on", False, False, False, True), ("what is the show about", False, False, False, False),
    ("who is ko moon young", False, False, False, False), ("which korean channel did it air on", False, False, False, True),
    ("who watches it mostly", False, False, False, False), ("who is the main fanbase", False, False, False, False),
])
def test_question_types(question: str, person: bool, date: bool, number: bool, place: bool) -> None:

    t = question_type(question)
    when = BITS["DATE"] | BITS["POINT"]  # "when" asks for a point in time; "how many" accepts any date or span
    assert (bool(t & BITS["PERSON"]), bool(t & when), bool(t & BITS["NUM"]), bool(t & BITS["PLACE"])) == (
        person, date, number, place)


@pytest.mark.parametrize("sentence,point", [
    ("Since its debut on Netflix in the summer of 2020, news has been scarce.", True),
    ("It topped the list for several weeks.", False),  # a span of time, not when
    ("The drama ran for 16 weeks on tvN.", False),
    ("It was renewed last year.", True),
    ("Filming begins in September.", True),
    ("Two years later the sequel came out.", True),
])
def test_a_point_in_time_is_told_from_a_span(sentence: str, point: bool) -> None:
    from qa.answer_types import sentence_flags

    flags = int(sentence_flags([sentence])[0])
    assert bool(flags & BITS["POINT"]) is point and (not point or flags & BITS["DATE"])
    assert question_type("when did it air") & BITS["POINT"] and not question_type("when did it air") & BITS["DATE"]


def test_status_measurables_and_numbers() -> None:
    assert wants_status("is s2 confirmed") and wants_status("has netflix renewed it") and not wants_status("who plays him")
    assert wants_status("any news on season 2") and wants_status("latest on s2") and not wants_status("what is the show about")
    assert not wants_status("who plays the news anchor") and not wants_status("what is the latest episode about")
    # A reason, not a status: "why would netflix bother renewing it" -> "Netflix often renews successful shows".
    assert not wants_status("why would netflix bother renewing it")
    assert wants_status("how come s2 isnt confirmed") and wants_status("why hasnt netflix renewed it yet")  # a status
    # Who the audience is, whatever follows: "like what age" does not make it a question for a number.
    assert not fine_question_type("who mostly watches it, like what age") and not question_type("who mostly watches it")
    assert fine_question_type("how much did it cost to make") and fine_question_type("how long is each episode")
    assert fine_question_type("how many episodes are there") & BITS["NUM"]  # any figure (0.7: not none at all)
    # A price asked without "cost": "how much is tuition a year", "how much are tickets to the v&a" want money; each
    # was hedged with a sentence that names none. Not "how much co2 does it soak up".
    money = fine_question_type("how much did it cost to make")
    assert fine_question_type("how much is tuition a year") == money == fine_question_type("how much are tickets")
    assert fine_question_type("how much is a sky tv subscription a month") == money
    # A thing's price asked with nothing after the thing ("how much is the ashen crown dlc") wants money, and its
    # sentences are ranked for money, not any number ("a 200-megapixel camera" answered "how much is the phone").
    assert fine_question_type("how much is the orion pulse 3 pro") == money == question_type("how much is the phone")
    assert fine_question_type("how much money does harvard have") == money
    for other in ("how much is left", "how much of it is water", "how much more is needed", "how much is it",
                  "how much was the portuguese gp shortened", "how much is the level cap raised", "how much is known"):
        assert fine_question_type(other) != money and question_type(other) != money
    assert fine_question_type("how much co2 does it normally soak up") != money
    assert numbers_covered("what happened in 98", "It launched in 1998.") and not numbers_covered("season 3", "season 2")
    assert numbers_covered("is there going to be a season 2", "no renewal for a second season yet")
    # "first" as an adverb names no number: the passage about the debut is not "lacking season 1".
    assert numbers_covered("when did it first air", "Since its debut on Netflix in the summer of 2020")
    assert not numbers_covered("does the first season have a proper ending", "The show has not been renewed.")
    # A decimal or a number with thousands commas is one number on both sides: "4.2 million" holds no 2, and
    # "magnitude 8.0" asks for 8.0, not 8 and 0 (0.9: "is there gonna be a last ferry 2" was answered at 0.90).
    assert not numbers_covered("is there gonna be a last ferry 2", "It has drawn 4.2 million moviegoers.")
    assert numbers_covered("what fault can produce a magnitude 8.0 event", "a magnitude 8.0 earthquake")
    assert not numbers_covered("what area has a population of 5,105,786", "a population of 17,786,914")
    # A count may have a word before its noun: "the 4 broadcast packages" is met by "the remaining four".
    assert numbers_covered("how much did sky bid for the 4 broadcast packages", "Sky picked up the remaining four.")
    # An age is a number or a span of years: "how old is kim soo hyun" is not answered by a sentence that only names
    # him, and is answered by one that gives his age, however it is written.
    from qa.answer_types import sentence_flags

    wanted = fine_question_type("how old is kim soo hyun")
    assert wanted and wanted == fine_question_type("what age was he")
    ages = ["Kim Soo-hyun is 34 years old.", "The 33-year-old actor returns.", "He retired at age 39."]
    assert all(int(f) & wanted for f in sentence_flags(ages))
    assert not int(sentence_flags(["The drama stars Kim Soo-hyun and Seo Yea-ji."])[0]) & wanted
    # A span of years is a duration: "how long was the summer theatre open" was not covered for want of one.
    from qa.answer_types import gives_duration

    assert fine_question_type("how long was the summer theatre in the saxon garden open") & BITS["TIME"]
    assert gives_duration("It was in operation from 1870 to 1939.") and gives_duration("The war lasted 1914–1918.")
    assert not gives_duration("It opened in 1870 and closed in a storm.")
    # "what age group watches it" asks for a group ("young viewers"), not a number: it was abstained at confidence 0.
    assert not fine_question_type("what age group watches it most") and not question_type("what age range is it for")


def test_a_count_the_question_gives_in_digits_is_met_by_the_spelled_count() -> None:
    # Found by a blind set: "the 2 brothers" sank the passage naming "two orphaned brothers" below every other.
    assert numbers_covered("what are the 2 brothers called", "It follows two orphaned brothers, Moon Gang-Tae and …")
    assert numbers_covered("whats the bridge between the 2 campuses", "The bridge connecting both campuses.")
    assert not numbers_covered("is there a season 2", "Both seasons were filmed.")  # "season 2" names one season
    assert not numbers_covered("what are the 3 brothers called", "It follows two orphaned brothers.")


def test_a_name_the_article_gives_elsewhere_makes_the_sentence_partial() -> None:
    article = "The brothers Moon Gang-Tae and Moon Sang-Tae. Moon Gang-Tae, played by Kim Soo-hyun, is the lead."
    sentence = "Moon Gang-Tae, played by Kim Soo-hyun, is the lead."
    assert partial_name("who plays moon sang tae", article, sentence)
    assert not partial_name("who plays moon sang tae", sentence, sentence)  # the passage alone never names him
    assert not partial_name("who plays moon gang tae", article, sentence)


def test_status_flag_reads_negations_not_titles() -> None:
    from qa.answer_types import sentence_flags

    flags = sentence_flags([
        "However, some hints suggest the possibility of It's Okay To Not Be Okay Season 2.",
        "The show has not yet been renewed.", "No official confirmation exists.", "Why do fans want season 2?",
    ])
    status = [bool(f & BITS["STATUS"]) for f in flags]
    assert status == [False, True, True, False] and bool(flags[3] & BITS["QSHAPE"])


@pytest.mark.parametrize("sentence,note", [
    ("Stay tuned to Devdiscourse for more updates on K-dramas.", True),
    ("Follow us on Instagram for the latest news.", True),
    ("Also read: the ten best K-dramas of 2020", True),
    ("(With inputs from agencies)", True),
    ("Fans stayed loyal for more than a decade.", False),
    ("The series follows the story of two orphaned brothers.", False),
    ("Netflix renews shows that get more views.", False),
    ("Related to the first season, the sequel was announced in 2021.", False),
    ("The writer said fans should stay tuned for an announcement in March.", False),
    ("Netflix is hungry for more stories from Korea.", False),
])
def test_a_sites_call_to_action_is_flagged_as_a_note(sentence: str, note: bool) -> None:
    from qa.answer_types import sentence_flags

    assert bool(int(sentence_flags([sentence])[0]) & BITS["NOTE"]) is note


@pytest.mark.parametrize("question,sentence,other", [
    ("what other dramas is oh jung se in", "Kim Soo-hyun, Seo Yea-ji, Oh Jung-se, and Park Gyu-young delivered.", True),
    ("whats kim soo hyuns next drama", "The drama stars Kim Soo-hyun, Seo Yea-ji and Oh Jung-se.", True),
    ("any kdramas similar to it that u recommend", "Some K-dramas were renewed due to public demand.", True),
    ("whats kim soo hyuns next drama", "Kim Soo-hyun's new drama Queen of Tears tops the ratings.", False),
    # "is X in anything else coming up" asks for another work too (a blind news set, 0.9.2: answered at 0.81)
    ("is rory callan in anything else coming up", "Star Rory Callan said the cast had been told on a call.", True),
    ("is rory callan in anything else coming up", "Callan will next appear in the upcoming film Low Tide.", False),
    ("what else has kim soo hyun been in", "The actor, known to many fans for It's Okay To Not Be Okay, plays a lawyer.",
     False),
    ("what is the drama about", "The drama stars Kim Soo-hyun.", False),  # not about other work
    ("what other tv shows has she been in", "The drama stars Kim Soo-hyun.", True),
    ("what are some kdramas like this", "Some K-dramas were renewed due to public demand.", True),
    # Ordinary questions that only share a word with those (the first rule caught them; the articles answer them):
    ("what hints suggest a season 2", "Some hints suggest the possibility of Season 2.", False),
    ("have other kdramas been renewed", "Some K-dramas were renewed due to public demand.", False),
    ("does netflix renew other shows", "Netflix often renews successful shows.", False),
    ("what else happens in the show", "The drama stars Kim Soo-hyun.", False),
    ("did critics like it", "The drama received positive feedback from critics.", False),
    ("anything like it", "The drama received positive feedback from critics.", True),
    ("what other work did Luther produce in 1520", "Luther wrote three treatises in 1520.", False),
    ("What does the word prime generally suggest?", "Prime suggests indivisibility.", False),
    ("Besides the North Sea, what else was lowered", "The Baltic was lowered too.", False),
    ("who played the doctor in the new series", "Christopher Eccleston played the Ninth Doctor.", False),
    ("whats kim soo hyun doing next after this", "The drama stars Kim Soo-hyun, Seo Yea-ji and Oh Jung-se.", True),
    ("what happens next in the show", "The second season could explore their marriage.", False),
])
def test_a_question_for_other_work_needs_a_sentence_that_names_some(question: str, sentence: str, other: bool) -> None:
    from qa.asked import other_work, unnamed

    assert other_work(question, sentence) is other and unnamed(question, sentence) is other


@pytest.mark.parametrize("question,sentence,speculates", [
    ("what would season 2 be about", "The second season could explore Moon Gang-Tae and Ko Mun-Yeong's marriage.", True),
    ("if they make s2 what would it be about", "The scene indicates potential storylines for the brothers.", True),
    ("what could happen in season 2", "A second season may not be necessary.", False),  # whether, not what
    ("what would happen in a second season", "They eagerly await the possibility of a second season.", False),
    ("what might s2 focus on", "It might also return to the hospital.", True),
    ("what would season 2 be about", "It aired in May 2020.", False),  # a month, not a modal
])
def test_a_question_about_what_might_happen_wants_a_sentence_that_speculates(
    question: str, sentence: str, speculates: bool
) -> None:
    from qa.topics import speculation_check

    check = speculation_check(question)
    assert check is not None and check(sentence) is speculates


@pytest.mark.parametrize("question", [
    "What would need to remain constant in a multiplication algorithm?",  # XQuAD/SQuAD: "would" in a plain question
    "What would be Odinga's role in the government?", "how would one write T(n) in big O notation",
    "would it happen again", "is season 2 happening",
])
def test_plain_questions_are_not_hypothetical(question: str) -> None:
    from qa.topics import speculation_check

    assert speculation_check(question) is None


@pytest.mark.parametrize("question,sentence,premise", [
    ("whats the drama even about", "The series follows the story of two orphaned brothers.", True),
    ("what is the plot", "It revolves around the romance between a caretaker and an author.", True),
    ("what's it about", "The show incorporates mental health themes.", False),
    ("whats the premise", "The film centers on a family in Seoul.", True),
    ("is it based on a true story", "It is based on the screenwriter's personal love story.", True),
    ("is the story based on real life", "Jo Yong drew inspiration from her own experiences.", True),
    ("is it based on a true story", "It revolves around the romance between a caretaker and an author.", False),
])
def test_a_question_about_the_story_wants_its_premise(question: str, sentence: str, premise: bool) -> None:
    from qa.topics import premise_check

    check = premise_check(question)
    assert check is not None and check(sentence) is premise


@pytest.mark.parametrize("question", ["what was the controversy about", "how was the acting", "who wrote the plot"])
def test_other_questions_are_not_synopsis_questions(question: str) -> None:
    from qa.topics import premise_check

    assert premise_check(question) is None


@pytest.mark.parametrize("rule,question,sentence,misses", [
    # an answer names something the question does not
    ("names_nothing_new", "what network aired it in korea", "Traditionally, South Korean series tend to end.", True),
    ("names_nothing_new", "who is the current doctor in doctor who", "Doctor Who has appeared on stage.", True),
    ("names_nothing_new", "how many episodes does season 1 have", "Season 1 received praise for its portrayal.", True),
    ("names_nothing_new", "how many episodes does season 1 have", "Season 1 consists of 16 episodes.", False),
    ("names_nothing_new", "who won super bowl 50", "The Denver Broncos won Super Bowl 50.", False),
    ("names_nothing_new", "who plays gang tae", "Moon Gang-Tae, played by Kim Soo-hyun, overcame his fear.", False),
    ("names_nothing_new", "who watches it mostly", "The series has gained a following among young viewers.", False),
    ("names_nothing_new", "when is season 2 coming out", "Season 2 has not been announced in Korea.", False),  # status
    # a question for the name of a book, a song, a film … needs a sentence that gives a title (two authors asked it)
    ("untitled", "whats the name of moon youngs books in the show",
     "It follows children's book author Ko Moon-Young.", True),
    ("untitled", "whats the name of the ost song", "IU sang the theme song, called Ocean.", False),
    ("untitled", "what is the title of her first novel", "Her first novel was a bestseller in Korea.", True),
    ("untitled", "what is the title of her first novel", "Her first novel, Pachinko, was a bestseller.", False),
    # a question for a place needs a sentence that names one
    ("unplaced", "where was it filmed", "The series was also streamed on Netflix.", True),
    ("unplaced", "where did they shoot the drama", "The drama stars Kim Soo-hyun, Seo Yea-ji and Oh Jung-se.", True),
    ("unplaced", "where did they shoot the drama", "Most scenes were shot in Gangneung, on the east coast.", False),
    ("unplaced", "where was she born", "She was born at St Mary's Hospital.", False),
    ("unplaced", "where can i watch it", "The series was also streamed on Netflix.", False),  # the platform answers
    # a question about a love life needs a sentence about one
    ("off_focus", "is kim soo hyun dating anyone irl", "The drama stars Kim Soo-hyun, Seo Yea-ji and Oh Jung-se.", True),
    ("off_focus", "does seo yea ji have a bf", "The drama stars Kim Soo-hyun, Seo Yea-ji and Oh Jung-se.", True),
    ("off_focus", "do gang tae and moon young get married", "The second season could explore their marriage.", False),
    ("off_focus", "has moon young been in love before", "She is an author who is unfamiliar with love.", False),
    ("off_focus", "who was genghis khans wife", "Soon after Borte's marriage to Temujin, she was kidnapped.", False),
    ("off_focus", "whos in the cast", "The drama stars Kim Soo-hyun.", False),  # no love life asked about
    # a founding date needs a sentence about the founding, and what holds now one that says so (a blind set's
    # out-of-scope questions, each answered or hedged before)
    ("off_focus", "when was harvard founded", "Harvard's $37.6 billion endowment is the largest of any.", True),
    ("off_focus", "when was harvard founded", "Harvard was established in 1636 by vote of the legislature.", False),
    ("off_focus", "whos the current president of harvard", "Harvard College accepted 5.3% of applicants.", True),
    ("off_focus", "who owns sky now", "Sky was owned by BSkyB, controlled by News Corporation.", True),
    ("off_focus", "whats elways job now", "Elway is currently Denver's Executive Vice President.", False),
    ("off_focus", "whats the bad air idea called now", "Today, this is known as the Miasma theory.", False),
    ("off_focus", "where can i watch it now", "The series was also streamed on Netflix.", False),  # a fan's "now"
    ("off_focus", "who is jacksonvilles mayor now", "The city has had one direct hit since 1871.", True),  # not "since"
    # "now" ending a question asks what holds now; "now gus is gone" asks who took over (a blind news set)
    ("off_focus", "whos the new judge now gus is gone", "He was replaced by chef Wen Li Tan.", False),
    # where to buy something needs a shop or a sale, whether it is free a price (the dev set's out-of-scope questions)
    ("off_focus", "where can i buy a sonic screwdriver toy", "He often finds events that pique his curiosity.", True),
    ("off_focus", "where can i buy the ost", "The soundtrack album is sold on Melon and in record stores.", False),
    ("off_focus", "is the abc app free to download", "In 2000, ABC launched a web-based promotional campaign.", True),
    ("off_focus", "is it free to watch", "The series is free for Netflix subscribers.", False),
    ("off_focus", "did sky want to get rid of its freeview channels", "Sky replaced its free-to-air channels.", False),
    # a favourite, languages and a population are what the answer must be about (other-articles out-of-scope)
    ("off_focus", "what was genghis khans favourite horse called", "Genghis Khan did not conquer all the areas.", True),
    ("off_focus", "whats moon youngs fave book", "Ko Moon-Young loved the fairy tale most of all.", False),
    ("off_focus", "how many languages did tesla speak", "Marconi made his first transatlantic transmission.", True),
    ("off_focus", "how many languages did tesla speak", "Tesla could speak eight languages.", False),
    ("off_focus", "how many ppl live in the amazon", "The Amazon represents over half of the rainforests.", True),
    ("off_focus", "whats the population of warsaw", "Warsaw is home to 1.7 million people.", False),
    ("off_focus", "who did the anthem in sign language", "Marlee Matlin performed it in American Sign Language.", False),
])
def test_an_answer_names_what_the_question_asks_for(rule: str, question: str, sentence: str, misses: bool) -> None:
    import qa.asked
    import qa.topics

    check = getattr(qa.asked, rule, None) or getattr(qa.topics, rule)
    assert check(question, sentence) is misses and qa.asked.unnamed(question, sentence) is misses


def test_only_the_listed_topics_are_a_focus() -> None:
    from qa.topics import focus_check

    assert focus_check("is kim soo hyun dating anyone irl") and focus_check("does seo yea ji have a bf")
    assert focus_check("do gang tae and moon young get married") and focus_check("who was genghis khans wife")
    assert focus_check("whos in the cast") is None and focus_check("has moon young been in love before") is None


def test_a_cast_recording_is_music_and_an_audience_figure_a_rating() -> None:
    from qa.topics import missed_focus

    # a twelfth bundled set, blind: "did kim soo hyun n seo yea ji date irl" was answered at 0.73 by the cast list
    assert missed_focus("did kim soo hyun n seo yea ji date irl", "The drama stars Kim Soo-hyun and Seo Yea-ji.")

    recording = "The original London cast recording will be released digitally on 15 November."
    assert not missed_focus("when can i stream the cast album", recording)
    assert not missed_focus("how many ppl watched martha's ep", "The episode drew an average audience of 4.9 million.")
    assert missed_focus("how many ppl watched martha's ep", "The episode was the show's best in six years.")


def test_a_question_about_music_or_ratings_needs_a_sentence_about_it() -> None:
    from qa.topics import off_focus

    assert off_focus("what were the korean tv ratings for the finale", "South Korean series end after one season.")
    assert not off_focus("what were the ratings like", "The finale drew a 6.5% nationwide audience share.")
    # ratings are a figure, not a word: "for their worldwide viewership" hedged "what were the viewership ratings"
    assert off_focus("what were the viewership ratings in korea", "Netflix extends series for worldwide viewership.")
    assert not off_focus("what were its tv ratings", "Its ratings peaked at 8.2 in the last episode.")
    assert off_focus("what were its tv ratings in korea", "The service became available in 10 million homes.")
    assert off_focus("what songs are on the ost", "The series follows two brothers, Moon Gang-Tae and Moon Sang-Tae.")
    assert not off_focus("whats the name of the theme song", "IU sang the theme, a ballad called Ocean.")


# Found by the review of 0.6 (each was a right answer made "not covered", or a rule read where it does not apply).
@pytest.mark.parametrize("question,sentence", [
    ("whos the screenwriter", "Screenwriter Jo Yong drew inspiration from her own experiences."),  # Jo Yong is new
    ("who does moon young love", "Moon Gang-Tae loves her."),  # a shared family name is not the whole name
    ("who plays gang tae is it kim soo hyun", "Moon Gang-Tae, played by Kim Soo-hyun, overcame his fear."),  # a guess
    ("where can i watch it, netflix?", "The series was also streamed on Netflix."),
    ("who was the first president of kenya", "Jomo Kenyatta was the first president."),  # "Kenyatta" is not "Kenyan"
    ("who is the director", "Director Bong Joon-ho made it."),
    # "Sang-Tae" is a name, not someone singing: "who is sang tae" had to name a singer (a sixth author's set)
    ("who is sang tae", "The series follows two orphaned brothers, Moon Gang-Tae and Moon Sang-Tae."),
])
def test_an_answer_may_share_words_with_the_question(question: str, sentence: str) -> None:
    from qa.asked import unnamed

    assert not unnamed(question, sentence)


@pytest.mark.parametrize("question", [
    "what was the netflix release date", "is it a single season show", "what is the single largest religion in kenya",
    "which armies were engaged in the battle",
])
def test_dates_and_singles_are_not_a_love_life(question: str) -> None:
    from qa.topics import focus_check

    assert focus_check(question) is None


def test_born_and_located_are_not_filming_places() -> None:
    from qa.asked import unplaced

    assert not unplaced("where was andy taylor born", "He was born here in 1961.")
    assert not unplaced("where was the satellite located", "It sits at the 28.5E orbital position.")
    assert not unplaced("where was it shot", "It was shot on Jeju Island.")
    assert not unplaced("where was it filmed", "It was set in 19th-century Paris.")


def test_kinds_of_question_read_only_where_they_apply() -> None:
    from qa.answer_types import asks_about_it
    from qa.topics import premise_check, speculation_check

    assert speculation_check("how would you describe the show") is None
    assert speculation_check("what would you rate the show") is None
    # A plot of data is not a story: the question asks what it is based on, not for a synopsis.
    based = premise_check("what was the schematic plot based on")
    assert based is not None and not based("The series follows the story of two brothers.")
    # What a story is based on is a source ("a personal love story"), not any "based on" (a review found "It topped
    # the list … based on social media discussions" answering "what is the drama based on" at 0.75).
    story = premise_check("what is the drama based on")
    assert story is not None and story("It is based on the screenwriter's personal love story.")
    assert not story("It topped the list of influential TV dramas based on social media discussions.")
    assert premise_check("are they friends in real life") is None  # the actors, not the story
    assert premise_check("who owned the plot of land") is None and premise_check("whats the plot") is not None
    assert asks_about_it("has the series been renewed")  # one show, not what series usually do
    assert question_type("whos the main audience") == question_type("who's the target audience") == 0


# Found by the review of 0.7: each rule misfired on these (a right answer made "not covered", or a wrong sentence let
# through) and no longer does.
@pytest.mark.parametrize("question,sentence,missing", [
    # what holds now: who-questions only, not the show's status or the cast; "is" the role asked says it
    ("whats the current status of season 2", "The show has not yet been renewed for a second season.", False),
    ("what streaming service is it on now", "The series was also streamed on Netflix.", False),
    ("who are the current cast", "The drama stars Kim Soo-hyun, Seo Yea-ji and Oh Jung-se.", False),
    ("who is the current ceo of netflix", "Ted Sarandos is co-CEO of Netflix.", False),
    ("whos the current president of harvard", "The University is organized into eleven separate academic units.", True),
    ("who is jacksonvilles mayor now", "Jacksonville is the principal city of its metropolitan area.", True),
    # a title: the work must be what is named, and a title may stand bare
    ("whats the name of the character kim soo hyun plays", "Moon Gang-Tae, played by Kim Soo-hyun, overcame it.", False),
    ("whats the name of the author of the book in the show", "It follows children's book author Ko Moon-Young.", False),
    ("whats the name of moon youngs books", "Her books include The Cursed Castle and Zombie Kid.", False),
    ("what is the name of the film", "The film Spider-Man was a hit.", False),
    # other work: an actor's next project, not the show's future
    ("whats next for season 2", "The second season could explore their marriage.", False),
    ("is season 2 filming next year", "The second season could explore their marriage.", False),
    ("what is moon young doing next", "The second season could explore their marriage.", False),
    # ratings: a fan's "ratings" is any rating; TV ratings need a figure
    ("whats its imdb ratings", "Despite its popularity and high IMDb rating, it was not renewed.", False),
    ("which network moved to first place in the ratings", "ABC moved into first place in the ratings in 1976.", False),
    ("what were its tv ratings in korea", "The service became available in 10 million homes.", True),
    # languages, population, price, buying: the word is not needed where the thing is named
    ("in what language was most of the statement written", "The statement was in Latin.", False),
    ("what language is the show in", "The drama is in Korean with English subtitles.", False),
    ("how many languages did tesla speak", "In the years after these rumors, neither Tesla nor Edison won.", True),
    ("how many people live in seoul", "Seoul is a city of nearly 10 million people.", False),
    ("what is the population of the greater los angeles area", "The area's is at 17,786,419.", False),
    ("how many ppl live in the amazon", "It holds an estimated 390 billion individual trees.", True),
    ("are the brothers free from their trauma at the end", "All the characters underwent healing.", False),
    ("where can i buy her books", "Her books are available on Amazon and in stores.", False),
    # a name syllable is no demonym; "sang" before "tae" is a name
    ("who plays sang tae", "Oh Jung-se plays Moon Sang-Tae.", False),
    ("who does sang tae live with", "Sang-Tae lives with his brother Moon Gang-Tae.", False),
])
def test_found_by_the_review_of_0_7(question: str, sentence: str, missing: bool) -> None:
    from qa.asked import what_is_missing

    assert bool(what_is_missing(question, sentence)) is missing, what_is_missing(question, sentence)


def test_counts_durations_and_prices_found_by_the_review_of_0_7() -> None:
    from qa.answer_types import gives_duration
    from qa.asked import partial_name
    from qa.topics import premise_check

    assert not numbers_covered("what was decnet phase 2", "It connected two PDP-11 minicomputers.")  # an identifier
    assert not numbers_covered("is season 3 confirmed", "The three leads may return for a second season.")
    assert numbers_covered("dec had 3 layers but evolved into how many", "It grew from three layers to seven.")
    assert not gives_duration("Sometime between 1550 and 1580 they were known as Huguenots.")  # a point, unsure
    assert not gives_duration("It aired on 2020-06-26.") and gives_duration("From 2000 to 2010 it ran daily.")
    money = fine_question_type("how much does it cost")
    assert fine_question_type("how much did ticket sales drop") != money
    assert fine_question_type("how much of the tuition is covered by scholarships") != money
    assert fine_question_type("how much r tickets for a polonia warsaw game") == money
    assert partial_name("what does kim mi jae do", "Kim Mi-jae acts. Kim Min-jae sings.", "Kim Min-jae is an actor.")
    assert premise_check("are the actors close in real life") is None


def measured(question: str, sentence: str) -> bool:
    """Whether a sentence gives the measurable or time the question asks for, its flags tagged as a build tags them."""
    from qa.answer_types import gives_measure, sentence_flags

    return gives_measure(question, int(sentence_flags([sentence])[0]), sentence)


def test_a_count_a_number_or_a_temperature_needs_a_figure() -> None:
    # A seventh bundled set and a fourth XQuAD set, measured blind at 0.7: each of these was answered or hedged with a
    # sentence that gives no figure at all.
    def answers(question: str, sentence: str) -> bool:
        assert fine_question_type(question)
        return measured(question, sentence)

    assert not answers("how many people have lupus", "Common autoimmune diseases include Hashimoto's thyroiditis.")
    assert answers("how many people have lupus", "About 1.5 million Americans have lupus.")
    assert not answers("whats the atomic number of oxygen", "Common uses of oxygen include steel production.")
    assert answers("what percent of the air is oxygen", "Oxygen makes up 20.8% of the air.")
    assert not answers("at what temp does oxygen turn liquid", "Liquid oxygen was first produced in 1895.")
    assert answers("how many picks did the panthers d get", "Davis compiled four interceptions.")
    assert question_type("whats the capital of kenya") & BITS["PLACE"]
    # A count may be a word (SQuAD: "a single output"; "earned numerous awards"), and "how much of" a share in words
    # ("over half" the greenhouse effect) is not asked to be a figure.
    assert answers("how many outputs are expected for each input", "A single output is expected for every input.")
    assert answers("how many awards did it win", "It earned numerous awards.")
    assert not fine_question_type("how much of the greenhouse effect is due to carbon dioxide")
    # "what episode": a number or a named episode, not "The first season provided closure" (answered at 0.78)
    q = "what episode does gang tae get over the butterfly thing"
    assert not answers(q, "The first season provided closure as Moon Gang-Tae overcame his fear of butterflies.")
    assert answers(q, "He overcomes it in episode 16.") and answers(q, "He overcomes it in the finale.")
    assert answers("in what episode did he mention a brother", 'In "Smith and Jones" (2007), he said so.')  # XQuAD


def test_a_when_question_needs_a_time_and_a_weather_question_the_weather() -> None:
    # An eighth bundled set and a fifth XQuAD set, measured blind at 0.7: "when was luther born" was answered at 0.76
    # by a sentence that places nothing in time ("one of his" read as the number it asks for).
    from qa.topics import missed_focus

    assert not measured("when was luther born", "This early part of Luther's career was one of his most creative.")
    assert measured("when was luther born", "Martin Luther was born on 10 November 1483 in Eisleben.")
    assert measured("what year did it air", "It aired in the summer of 2020.")
    # A time in words, not a year the tagger reads (XQuAD and SQuAD answers that the rule must keep)
    assert measured("when was the rhineland subject to the treaty of versailles", "At the end of World War I, it was.")
    assert measured("when was europe totally covered in trees", "By 9000 BP, Europe was fully forested.")
    assert measured("when did the apollo 1 fire happen", "During this hold, an electrical fire began in the cabin.")
    assert measured("when was the duchy of normandy founded", "The Duchy, which began in 911 as a fiefdom, was founded.")
    # "by" places nothing in time unless a time follows (a sixth XQuAD set, blind: answered at 0.73)
    assert not measured("when did the embargo end", "The embargo hurt the economy by causing immediate demands.")
    # Found by the review of 0.8: times in words, and questions that only start with "when" or "what day"
    q = "when did gang tae overcome his fear of butterflies"
    assert measured(q, "The first season provided closure as Moon Gang-Tae overcame his fear of butterflies.")
    assert measured("when did ko mun yeong visit her mother", "It was her visit to her mother following her arrest.")
    assert measured("when did temujin marry borte", "Temujin married Borte when he was around 16.")
    for clause in ("when the amazon is logged does it rain less", "when a teacher spanks a student is it legal",
                   "what day to day tasks do pharmacy technicians do"):  # fmt: skip
        assert measured(clause, "The more rainforest is logged, the less it rains."), clause
    # Not a question for a time: a status ("not yet renewed" answers it), or a clause before the real question
    assert measured("when is season 2 coming out", "The show has not yet been renewed.")
    # ... which a sentence that gives neither a status nor a time does not answer (0.9.1; it had answered "when does
    # the presale start" with "Fans will have access to an exclusive presale")
    assert not measured("when can we expect season 2", "The more rainforest is logged, the less it rains.")
    assert measured("when can we expect season 2", "There has been no official confirmation of a second season.")
    assert measured("when many people are arrested, what is a common tactic", "Jail solidarity is a common tactic.")
    weather = "the weather"
    assert missed_focus("how rainy is newcastle", "Newcastle University is one of the UK's leading universities.")
    assert missed_focus("what is the weather in seoul today", "The drama stars Kim Soo-hyun.") == weather
    assert not missed_focus("how rainy is newcastle", "Newcastle has a temperate oceanic climate with mild rain.")
    assert not missed_focus("how hot does a locomotive firebox get", "The firebox reaches 1,000 degrees.")
    for figurative in ("what is the political climate in kenya", "whats the climate for kdrama renewals right now",
                       "who chairs the intergovernmental panel on climate change"):  # fmt: skip
        assert not missed_focus(figurative, "Kenya ranks low on the Corruption Perception Index."), figurative
    assert missed_focus("whats the climate like in fresno", "Fresno is the fifth-largest city in California.")
    # "hows the imdb score" is about a rating: not "The drama received positive feedback from critics" (cosine 0.48)
    assert missed_focus("hows the imdb score", "The drama received positive feedback from critics.") == "ratings"
    assert not missed_focus("hows the imdb score", "Despite its popularity and high IMDb rating, it was not renewed.")


def test_an_actors_part_a_death_a_birth_and_a_year_need_a_sentence_that_says_so() -> None:
    # A tenth bundled set and a seventh XQuAD set, measured blind at 0.8: these were hedged or answered.
    from qa.asked import uncast, untitled
    from qa.topics import missed_focus

    gang_tae = "The first season provided closure as Moon Gang-Tae, played by Kim Soo-hyun, overcame his fear."
    assert uncast("who does oh jung se play", gang_tae) and not uncast("who does kim soo hyun play", gang_tae)
    assert uncast("whats park gyu youngs characters name", "The drama stars Kim Soo-hyun and Park Gyu-young.")
    assert not uncast("who did john elway play for in super bowl xxxiii", "Elway played for the Broncos.")  # sport
    assert untitled("what are the names of moon youngs kids books", "It follows children's book author Ko Moon-Young.")
    assert missed_focus("when did rollo die", "Before Rollo's arrival, its populations did not differ.") == "a death"
    assert not missed_focus("where did harold ii die", "William conquered England, killing King Harold II.")
    assert not missed_focus("how many people died of plague in baghdad", "In Baghdad 100,000 perished.")  # a count
    assert missed_focus("when was kublai khan born", "Kublai Khan founded the Yuan dynasty.") == "a birth"
    assert not missed_focus("where was friedrich ratzel born", "Friedrich Ratzel of Germany supported imperialism.")

    # "what year" wants a year, not time in words; a causal "since" is no time
    assert not measured("what year was the edict of nantes signed", "They kept it until the rule of Louis XIV.")
    assert measured("when was the edict of nantes revoked", "They kept it until the rule of Louis XIV.")
    assert not measured("when did the holocene start", "Since the Quaternary is a very short period, it is expanded.")


def test_who_led_and_who_is_family() -> None:
    # Read from the dev set's highlight misses (0.9.1): "which panther got the most sacks" highlighted "the NFL's active
    # career sack leader", "does the doctor have any family" a sentence saying "his family"; both had the right passage
    from qa.topics import leader_check

    most = leader_check("who scored the most goals this season")
    assert most is not None and most("Ferraz led the league in goals.") and not most("He scored twice in the final.")
    family = leader_check("does gang tae have any family")
    assert family is not None and family("They are two orphaned brothers.") and not family("He has a big heart.")
    assert leader_check("what is the most popular song") is None and leader_check("who plays gang tae") is None
