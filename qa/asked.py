"""Whether a sentence names who or what a question asks for, beyond its answer type.

A "who" question is typed as wanting a person (:mod:`qa.answer_types`), and
the cast list holds persons; but "who plays sang tae" wants the actor of
that part, "who directed it" the director, "what other dramas is oh jung se
in" another title, "who plays ko moon young" someone the sentence about
Moon Gang-Tae's actor is not about. Each rule here reads the question once,
in microseconds, and the sentence with a pattern; a sentence that fails is
not covered as an answer (:mod:`qa.answer`) and, for roles, ranks below one
that passes (:mod:`qa.rerank`). Sport, records and job titles are not roles
("who played quarterback", "who produced the most goals", "the director of
the fbi"). What a sentence must be about rather than name (a love life,
ratings, music; speculation, a premise) is in :mod:`qa.topics`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from .answer_types import _lower, question_type, wants_status
from .entity_rules import _NAME, rule_types
from .lexical import terms
from .topics import missed_focus

__all__ = [
    "partial_name",
    "role_check",
    "role_question",
    "uncast",
    "other_work",
    "unnamed",
    "names_nothing_new",
    "unplaced",
    "what_is_missing",
]


# "who plays sang tae", "who is ko moon young played by", "which actress played donna"; not "who played in the
# final", "who played quarterback", "who played the most games" or "who played a part in it" (sport, idiom).
_NOT_A_ROLE = (
    r"(?!\s+(in|for|against|at|with|on|a part|a role|a big|an important|football|soccer|basketball|baseball|hockey|"
    r"tennis|golf|quarterback|qb|goalkeeper|goalie|keeper|pitcher|catcher|striker|forward|midfield\w*|defen[cs]e|"
    r"offen[cs]e|linebacker|center|centre|guard|shortstop|most|more|best|better|worse|worst|well|badly|first|last|"
    r"longest|the most|the best|the longest|the first|the last)\b)"
)
_CAST_QUESTION = re.compile(
    r"^(who|whos|who's|which (actor|actress))\b.*\b(play(s|ed|ing)?|portray(s|ed|ing)?|voice[sd]?)\b" + _NOT_A_ROLE
)
# The other way round, an actor's part: "who does oh jung se play", "whats park gyu youngs characters name", "what
# character does kim soo hyun play". The sentence must cast that actor: "Moon Gang-Tae, played by Kim Soo-hyun" does
# not answer "who does oh jung se play" (hedged at 0.33), nor the cast list "whats park gyu youngs characters name".
_PART_QUESTION = re.compile(  # a name of up to four words; not "who did john elway play for", "what part does … play"
    r"^(who|whos|who's|what character|which character|what role|which role) (does|did|is) "
    r"(?P<actor>[\w'-]+(?: [\w'-]+){0,3}?) (play|plays|playing|portray|portrays|voice)\b"
    + _NOT_A_ROLE
    + r"|^(what|whats|what's|what is) (?P<owner>[\w'-]+(?: [\w'-]+){0,3}?)(?:'s|s)? (character|role)('s|s)? names?\b"
)
# A sentence that gives a role: "Moon Gang-Tae, played by Kim Soo-hyun", "Kim as Gang-Tae", "reprise their roles",
# "Donna Noble (Catherine Tate)", "cast as", "portrays" (any case: "Played by Kim, …").
_CASTING = re.compile(
    r"(?i:\b(play(s|ed|ing)?|portray(s|ed|al|ing)?|voice[sd]?|cast|roles?)\b)|\bas (the )?[A-Z]"
    r"|\([A-Z][\w'.-]+(?:[ -][A-Z][\w'.-]*)+\)"
)


# Who made it: "who directed it" is not answered by the cast list, "who sings the ost" not by the plot. Not a job title
# ("the director of the fbi": only "the director" alone or "of / for the show") and not a record ("who sang first").
_WORK = r"\s*(\?|$|(of|for|on) (it|this|the (show|drama|series|film|movie|episode|ost|soundtrack))\b)"
# The evidence is case-sensitive past a sentence's first letter: "Moon Sang-Tae", "Song Hye-kyo" and "Director's Cut"
# are names and titles, not someone singing or a song.
_CREW = [  # (the role in the question, what a sentence naming whoever has it says)
    (r"\b(directed|directs|directing)\b|\bthe director" + _WORK, r"\b[Dd]irect|\b[Hh]elm"),
    (r"\b(produced|produces|producing)\b|\bthe producer" + _WORK, r"\b[Pp]roduc"),  # not "the largest oil producer"
    (  # "Lady Gaga performed the national anthem"; not "excellent performances"
        # "sang" after "is", "was", "and", "moon" … is a name ("who is sang tae"), not someone singing
        r"\b(sing|sings|sung|singing)\b|(?<!\bis )(?<!\bwas )(?<!\bwhos )(?<!\bwho's )(?<!\band )(?<!\bmoon )"
        r"\bsang\b(?![ -]?(tae|woo|wook|hyun|min|hoon|jin|yoon|hee|chul|soo|ho|il|jun)\b)"
        r"|\bthe singer" + _WORK,
        r"\b([Ss]ing|[Ss]ings|sang|sung|[Ss]ingers?|[Vv]ocals?)\b(?!-)"
        r"|\b[Pp]erform(s|ed|ing)? (the|a|an|his|her|their)\b[\w' -]{0,30}\b(song|anthem|theme|track|single|OST)"
        r"|\b(performed|sung) by\b",  # "The theme song is performed by the rock band Neon Tidepool"
    ),
    # Who made, designed or built something ("who made abcs new look in 98" -> "designed by Pittard Sullivan"): a
    # sentence that gives a maker; not "who made it to the final" (an idiom) nor a record ("who made the most").
    (
        r"^(who|whos|who's) (made|makes|designed|designs|created|creates|built|builds|developed|develops|founded"
        r"|invented|came up with)\b(?! (it |their way )?(to|into|through|out|up|sure)\b)"
        # sport: "who made the podium / the final" asks who qualified
        r"(?! (the |a )?(podium|finals?|semis?|semi-?finals?|cut|team|squad|playoffs?|list|top \d+|history|grade)\b)",
        r"\b(made|designed|created|built|developed|founded|invented|produced|directed|written|composed|penned|"
        r"established) by\b|\b([Ss]creenwriter|[Ww]riter|[Dd]irector|[Cc]reator|[Pp]roducer|[Dd]esigner|[Dd]eveloper"
        r"|[Ss]tudio|[Ff]ounder|[Ii]nventor|[Aa]rchitect)s?\b|\b(founded|invented|designed|built|created|developed|coined)\b"
        r"|\bby (the )?[A-Z][a-z]",  # "woodcuts by Lucas Cranach"
    ),
    # Who drew it: "who did the art for lanterns of vell" is not answered by the lede that names the game
    (
        r"\b(did|drew|draws|made|painted|illustrated|designed) the ([\w'-]+ ){0,4}?(art|artwork|illustrations?"
        r"|drawings|cover( art)?)\b"
        r"|\b(the )?(artist|illustrator)s?" + _WORK,
        r"\b([Aa]rt(work)?|[Aa]rtists?|[Ii]llustrat\w*|[Dd]rawn|[Dd]rew|[Pp]ainted|[Pp]ainter)\b",
    ),
    # A reality show's host, a series' showrunner: "who hosts it" is not answered by the premiere date
    (  # not who hosted an event ("who hosted the cosplay championship final": a city or a venue)
        r"\b(host|hosts|hosted|hosting|presents|presenting|presenter)\b(?! (the |this |next |last )?([\w'-]+ ){0,3}"
        r"(finals?|championships?|tournament|olympics|games|world cup|event|race|summit|festival|party|concert|gp"
        r"|grand prix|match|conference|awards|ceremony|show(case)?s? in)\b)",
        r"\b([Hh]ost|[Pp]resent(s|ed|er)|[Ff]ronted)",
    ),
    (r"\bshow ?runners?\b", r"\b([Ss]howrunner|run by|runs the (show|series))\b"),
    (  # the show's writer ("who wrote the show"), not any author the articles quote ("who wrote the 95 theses")
        r"\b(wrote|writes|written|created|creates) "
        r"(it|this|the (show|drama|series|script|story|film|movie|episode))\b"
        r"|\b(the )?(writer|screenwriter|scriptwriter|creator)s?" + _WORK,
        # Not "book author Ko"; not plural "writers" (of anything: "non-Marxist writers" answered "who is the writer")
        r"\b(wrote|written|writes|[Ww]riter|[Ss]creenwriter'?s?|[Ss]criptwriter|[Ss]cript|[Ss]creenplay|penned|"
        r"created by|[Cc]reator|[Ss]cribe)\b",
    ),
    (
        r"\b(wrote|write|writes|did|made|composed|composes|compose)\b.*\b(music|score|soundtrack|ost|theme song)\b"
        r"|\bthe composer" + _WORK,
        r"\b([Cc]ompos|[Ss]core|[Mm]usic(?!als?\b)|[Ss]oundtrack|OST|song)",  # not "the new musical"
    ),
]
_CREW_QUESTION = re.compile(r"^(who|whos|who's)\b|^which (director|producer|singer|composer|band|artist)\b")
_RECORD = re.compile(r"\b(the )?(most|best|first|last|more|fewest|least|longest)\b")
_CREW_RULES = [(re.compile(q), re.compile(s)) for q, s in _CREW]


def _crew_asked(question: str) -> list[re.Pattern[str]]:
    """What a sentence must say for each crew role the (lowercased) question asks who had."""
    if not _CREW_QUESTION.search(question) or _RECORD.search(question):
        return []
    return [named for asked, named in _CREW_RULES if asked.search(question)]


@lru_cache(maxsize=512)  # read once per question, asked by every stage
def role_check(question: str) -> Callable[[str], bool] | None:
    """For a question about who plays a role or who made the show ("who plays sang tae", "who directed it", "who sang
    the anthem"), a test of whether a sentence names no one in that role (:func:`uncast`); None for other questions.
    The question is read once: the rerank tests every sentence of the candidate pool with it."""
    q = _lower(question)
    part = _PART_QUESTION.search(q)
    actor = set(terms(part.group("actor") or part.group("owner"))) if part else set()
    cast, crew = bool(_CAST_QUESTION.search(q)) or bool(actor), _crew_asked(q)
    if not cast and not crew:
        return None

    def names_no_one(sentence: str) -> bool:
        if cast and not _CASTING.search(sentence):
            return True
        if actor and not actor <= set(terms(sentence)):  # casts someone, but not the actor asked about
            return True
        return bool(crew) and not any(named.search(sentence) for named in crew)

    return names_no_one


def role_question(question: str) -> bool:
    """Who plays a role or who made the show ("who plays sang tae", "who directed it", "who sang the anthem")."""
    return role_check(question) is not None


def uncast(question: str, sentence: str) -> bool:
    """A question for who plays a role or who made the show, and a sentence that names no one in that role ("who
    plays sang tae" -> "The series follows two brothers, Moon Gang-Tae and Moon Sang-Tae"; "who directed it" ->
    "The drama stars Kim Soo-hyun"): it is about the show, not the person asked for. Naming any role the question
    asks for is enough ("who wrote and sang the ost" -> "IU sang it").

    >>> uncast("who plays sang tae", "It follows Moon Gang-Tae and Moon Sang-Tae."), uncast("who played donna",
    ...     "Donna Noble (Catherine Tate) returned."), uncast("who played in the final", "Denver beat Carolina.")
    (True, False, False)
    >>> uncast("who directed it", "The drama stars Kim Soo-hyun."), uncast("who sang", "Gaga performed the anthem.")
    (True, False)
    """
    check = role_check(question)
    return check is not None and check(sentence)


# An actor's other work ("what other dramas is oh jung se in", "whats kim soo hyuns next drama", "what else has she
# been in") or a recommendation ("any kdramas similar to it"): this show's cast list does not answer it.
_SCREEN = r"(k-?)?(dramas?|kdramas?|shows?|movies?|films?|roles?|projects?)"
_OTHER_WORK = re.compile(
    r"\bwhat (other|else) (\w+ )?" + _SCREEN + r"\b"  # "what other (tv) dramas is oh jung se in"
    r"|\b(next|new|upcoming|latest|previous) " + _SCREEN + r"\b"  # "kim soo hyuns next drama"; not "the new series"
    r"|\bwhat else (has|is|was|did|does) .*\b(been in|starred in|appeared in|acted in|in)\s*\??$"
    r"|\b(doing|up to|working on) next (after|besides) (this|it|the (show|drama|series))\b"  # "… doing next after this"
    r"|\bfilmography\b|\brecommend (me|any|some|a|an|other|similar)\b|\bany recommendations\b"
    # "is rory callan in anything else coming up", "any other projects": another work of the actor's
    r"|\b(in|doing|starring in|filming|working on|got) anything (else|new)\b|\bany other (projects|roles|work)\b"
    r"|\b(similar to|(anything|something|more|others?) like) (it|this|this one|the show|the drama)\b"
    r"|\b\w*(dramas|shows) (like|similar to)\b"  # not "did critics like it"
)
_NAMES_OTHER_WORK = re.compile(
    r"\b(other|new|next|upcoming|previous|earlier|latest|another|similar|recommend\w*|starred in|appeared in|"
    r"known (to \w+ \w+ )?(for|from)|fans of|such as)\b",
    re.I,
)


def other_work(question: str, sentence: str) -> bool:
    """A question for an actor's other work or for something like the show, and a sentence that names no other work
    ("what other dramas is oh jung se in" -> "The drama stars Kim Soo-hyun, …, Oh Jung-se").

    >>> other_work("what other dramas is oh jung se in", "The drama stars Oh Jung-se."), other_work(
    ...     "whats kim soo hyuns next drama", "Kim Soo-hyun's new drama Queen of Tears tops the ratings.")
    (True, False)
    """
    return bool(_OTHER_WORK.search(_lower(question))) and not _NAMES_OTHER_WORK.search(sentence)


# "whats the name of moon youngs books in the show": a title ("called …", "titled …", in quotes, or after the noun:
# "the song Ocean", "her novel, Pachinko,"; a hyphenated Korean name is a person, not a title), not "children's book
# author Ko Moon-Young" (answered at 0.86 in two authors' sets).
_WORK_NOUN = r"(books?|novels?|songs?|albums?|singles?|films?|movies?|episodes?|webtoons?|poems?|paintings?)"
# The work must be what is named: "the name of moon youngs books", not "the name of the character kim soo hyun plays"
# or "the name of the author of the book".
_TITLE_QUESTION = re.compile(
    r"\b(names?|titles?) of (the |a |an |her |his |their |its |this |that )?((?!of\b)[\w']+ ){0,3}?"
    + _WORK_NOUN
    + r"\b"
)
_TITLED = re.compile(
    r"\b(called|titled|entitled|named)\b|[\"“‘][^\"”’]{2,80}[\"”’]|\*[^*]{2,80}\*"
    r"|(?i:\b" + _WORK_NOUN + r"),?\s+(?!(?:[A-Z][\w'-]*\s+)+(?:[A-Z][\w'-]*-[A-Za-z]))[A-Z]"  # not "Kim Soo-hyun"
    r"|[a-z,] (The|A|An) [A-Z]"  # "He wrote The Boy Who Fed on Nightmares"
)


def untitled(question: str, sentence: str) -> bool:
    """A question for the name of a work (a book, a song, a film …) and a sentence that gives no title.

    >>> q = "whats the name of moon youngs books in the show"
    >>> untitled(q, "It follows children's book author Ko Moon-Young."), untitled(q, "Her book, The Boy, is dark.")
    (True, False)
    >>> untitled(q, 'Her first book is called "The Boy Who Fed on Nightmares".'), untitled(q, "the song Ocean")
    (False, False)
    """
    return bool(_TITLE_QUESTION.search(_lower(question))) and not _TITLED.search(sentence)


def unnamed(question: str, sentence: str) -> bool:
    """The sentence does not name who or what the question asks for: a role (:func:`uncast`), other work, a place
    (:func:`unplaced`), the question's focus (:func:`qa.topics.missed_focus`) or anything of the asked type beyond what
    the question names (:func:`names_nothing_new`)."""
    return bool(what_is_missing(question, sentence))


def what_is_missing(question: str, sentence: str) -> str:
    """Why the sentence does not answer (the end of "the nearest passage …" in a reason); "" when it may.

    >>> what_is_missing("where was it filmed", "It streamed on Netflix.")
    'names no place'
    >>> what_is_missing("is seo yea ji married", "The drama stars Seo Yea-ji.")
    'does not mention a love life'
    """
    if uncast(question, sentence) or other_work(question, sentence):
        return "does not name who or what the question asks for"
    if unplaced(question, sentence):
        return "names no place"
    if untitled(question, sentence):
        return "names no title"
    focus = missed_focus(question, sentence)
    if focus:
        return f"does not mention {focus}"
    if names_nothing_new(question, sentence):
        return "names nothing the question does not name already"
    return ""


# "where was it filmed", "where did they shoot the drama": a place, named after "in", "at", "near" … ("filmed in
# Gangneung", "shot on Jeju Island"); not the platform it streams on ("streamed on Netflix") or a cast list. Not
# "where was he born" or "where was it located": "born here in 1961" and "at the 28.5°E orbital position" answer those.
_WHERE_PLACE = re.compile(r"^where\b.*\b(film\w*|shoot\w*|shot)\b|\bfilming locations?\b")
# "filmed in Gangneung", "shot on Jeju Island", "set in 19th-century Paris", "in south-west England"
_IN_A_PLACE = re.compile(
    r"\b(in|at|near|around|across|outside|from|to)\s+(the\s+)?([\w-]+\s+)?[A-Z]"
    r"|\bon\s+(the\s+)?[A-Z]\w*\s+(Island|Isle|Coast|Peninsula|Mountain|Beach)"  # not "streamed on Netflix"
    # "a private island off the coast of Fiji", "the streets of Busan"
    r"|\b(coast|island|islands|outskirts|city|town|village|region|province|state|county|streets|suburbs|capital) of"
    r"\s+(the\s+)?[A-Z]"
)


def unplaced(question: str, sentence: str) -> bool:
    """A question for where something was filmed, and a sentence that names no place.

    >>> unplaced("where was it filmed", "It streamed on Netflix."), unplaced("where was it filmed", "Shot in Seoul.")
    (True, False)
    >>> unplaced("where do they film it", "It was filmed on a private island off the coast of Fiji.")
    False
    """
    return bool(_WHERE_PLACE.search(_lower(question))) and not _IN_A_PLACE.search(sentence)


_ASKED_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_DEMONYM = ("n", "an", "ian", "ese", "ish", "i")  # korea-n, japan-ese, brit-ish, iraq-i
_QUALIFIERS = frozenset(
    "South North East West Central Southern Northern Eastern Western New Old Great Upper Lower".split()
)
# A question that offers its own answer ("who plays gang tae is it kim soo hyun", "where can i watch it, netflix?",
# "denver or carolina"): the answer may name just what the question does.
_GUESS = re.compile(r",\s*\w[\w' -]*\??$|\b(is it|isnt it|isn't it|is that|right|or)\b")


def names_nothing_new(question: str, sentence: str) -> bool:
    """The sentence holds the answer type the question asks for only in what the question names itself: "who is the
    current doctor in doctor who" -> "Doctor Who has appeared on stage numerous times" (a name, but the one asked
    about), "how many episodes does season 1 have" -> "Season 1 received praise" (a number, the question's own). An
    answer names something new. A sentence without the type at all is left to the calibration (it may describe:
    "who watches it" -> "young viewers"), and so is a status question ("when is season 2 coming out" -> "not yet").

    >>> names_nothing_new("who is the current doctor in doctor who", "Doctor Who has appeared on stage many times.")
    True
    >>> names_nothing_new("who plays gang tae", "Moon Gang-Tae, played by Kim Soo-hyun, overcame his fear.")
    False
    """
    wanted = question_type(question)
    if not wanted or wants_status(question) or _GUESS.search(_lower(question)):
        return False
    asked = set(terms(question))

    def own(word: str) -> bool:  # "korea" names the "Korean" of a sentence too, not "Kenyatta"
        return any(t in asked or any(t == a + end for a in asked for end in _DEMONYM) for t in terms(word))

    def unasked(m: re.Match[str]) -> str:
        # Word by word: "Screenwriter Jo Yong" for "whos the screenwriter" keeps Jo Yong, "Moon Gang-Tae" for "who
        # does moon young love" keeps Gang-Tae; what only qualifies a name is dropped with it ("South" Korean).
        words = m.group(0).split()
        kept = [w for w in words if not own(w)]
        if len(kept) == len(words):
            return m.group(0)
        return "x " + " ".join(kept) if any(w not in _QUALIFIERS for w in kept) else " x "  # never a first word

    masked = _NAME.sub(unasked, sentence)
    for number in set(_ASKED_NUMBER.findall(question)):
        masked = re.sub(rf"(?<![\d,.]){re.escape(number)}(?!\d)", " x ", masked)
    # Nothing of the question's own in the sentence (most answers): no need to read its types (~60 us each).
    return masked != sentence and bool(rule_types(sentence) & wanted) and not rule_types(masked) & wanted


_NAME_RUN = re.compile(r"\b[A-Z][\w'\u2019]*(?:[\s-]+[A-Z][\w'\u2019]*)+")


def partial_name(question: str, article: str, sentence: str) -> bool:
    """The question names someone the article names in full ("ko moon young" ~ "Ko Mun-Yeong"), and the answer
    sentence holds only part of that name ("Moon Gang-Tae, played by Kim Soo-hyun"): it is about someone else.

    >>> gang_tae = "Moon Gang-Tae, played by Kim."
    >>> partial_name("who plays ko moon young", gang_tae + " Ko Mun-Yeong's mother.", gang_tae)
    True
    >>> partial_name("who plays gang tae", gang_tae, gang_tae)
    False
    >>> partial_name("how much did they pull out of south africa", "South Africa.", "South African holdings fell.")
    False
    """
    asked = set(terms(question))
    # The sentence's own full names that share a word with the question and have words it does not ask for
    # ("Moon Gang-Tae" for "moon sang tae"). Without one the answer cannot be about someone else, and the article
    # is not read at all: most questions stop here. A demonym is the place asked about ("South African" for "south
    # africa": that answer was "about someone else").
    others = [o for o in (_as_asked(n, asked) for n in _names(sentence)) if o & asked and o - asked]
    if not others:
        return False
    have = set(_as_asked(frozenset(terms(sentence)), asked))
    for name in _names(article):
        named = asked & name
        if len(named) >= 2 and named & have and not named <= have:
            # The shared word belongs to another full name ("Moon" of "Moon Gang-Tae"), not a short form of the
            # same one ("after Genghis's death" for "genghis khan").
            if any(o & named for o in others):
                return True
    return False


def _as_asked(words: frozenset[str], asked: set[str]) -> frozenset[str]:
    """Terms with each demonym of an asked place read as the place ("african" -> "africa" when "africa" is asked); not
    for a short name syllable ("min" is not a demonym of "mi")."""
    return frozenset(next((a for a in asked for end in _DEMONYM if len(a) >= 4 and t == a + end), t) for t in words)


@lru_cache(maxsize=128)
def _names(text: str) -> tuple[frozenset[str], ...]:
    """The terms of each run of capitalised words in ``text``, once per text (an article is read once, not per
    question: a 200 kB article takes about 10 ms)."""
    return tuple(dict.fromkeys(frozenset(terms(m.group(0))) for m in _NAME_RUN.finditer(text)))
