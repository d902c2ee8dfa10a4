"""What a question is about that its answer sentence must be about too, read with patterns at ask time.

A fan's question often names its topic in words a sentence embedder weighs less than the names around them: "is kim
soo hyun dating anyone" sits at cosine 0.55 to the cast list that names him. Here a question's **focus** (a love
life, ratings, music, a founding, what holds now, where to buy it, a price, a favourite, languages, a population, a
death or a birth, the weather, the source of a story "based on a webtoon": :data:`_FOCUS`) needs a sentence that
mentions it, or the answer is not covered (:func:`qa.asked.unnamed`) and, within a passage, a sentence that does is
preferred (:mod:`qa.rerank`). Some question kinds want a kind of sentence: what might happen ("what would season 2
be about": one that speculates), what the show is about (one giving its premise) or is based on, someone's age (one
stating an age), someone's job (one giving an occupation: the rerank puts passages without one below the others),
who got the most of something (one saying who led in it) and whether someone has family (one naming a relative); the
rerank weighs those (``speculation_bonus``, ``premise_bonus``, ``type_bonus``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from .answer_types import _AGE_ASKED, _AGE_STATED, _lower

__all__ = [
    "focus_check",
    "missed_focus",
    "off_focus",
    "speculation_check",
    "premise_check",
    "age_check",
    "job_check",
    "leader_check",
]


# What a question is about, and the words a sentence about it uses. "is kim soo hyun dating anyone" is not answered
# by the cast list that names him (MiniLM: cosine 0.55, the names weigh most), nor "is seo yea ji married"; audience
# ratings and the soundtrack likewise.
# What a sentence about a population says: the word, or a number of people.
_PEOPLE = (
    r"\b(population|populous|populated|inhabitants?|inhabited|residents?|census|home to|(live|lived|living) in)\b"
    r"|\d[\d.,]*\s*(million|thousand|billion)?\s*(people|persons)\b"
)
# A story's source: "based on the screenwriter's personal love story", "inspired by"; not "based on social media
# discussions" (which answered "what is the drama based on" at 0.75).
_ORIGIN_WORDS = (
    r"\bbased (loosely )?on (the |a |an |his |her |their |its )?([\w'\u2019-]+ ){0,3}?(stor(y|ies)|experiences?|life"
    r"|lives|events?|novels?|books?|webtoons?|manga|comics?|plays?|films?|series|memoirs?|people|person|incidents?"
    r"|history|legends?|myths?|tales?)\b|\bbased (loosely )?on (?-i:[A-Z])|\binspir\w*|\bdr[ae]w (on|from)\b"
    r"|\b(own|personal|real[- ]life) (experiences?|story|life)\b|\btrue story\b|\badapt\w*"
)
_FOCUS = [  # (what it is called in a reason, the question's words, a sentence's words)
    (  # not "release date", "a single season", "the single largest", "armies were engaged"
        "a love life",
        r"\b(dating|dated|married|marry|marriage|girlfriend|boyfriend|gf|bf|wife|wives|husband|spouse|divorced?|"
        r"in a relationship|got engaged|engaged to|go on a date)\b|\bsingle\s*\??$"
        # "did kim soo hyun n seo yea ji date irl"
        r"|\bdate (irl|in real life|each other|off[- ]?screen|for real)\b|\b(together|a couple) (irl|in real life)\b",
        r"\b(dat(e|es|ed|ing)|marri\w*|marry|wed\w*|girlfriends?|boyfriends?|wife|wives|husbands?|spouses?|"
        r"relationships?|romance|romantic|love\w*|engage\w*|couples?|partners?|divorc\w*|single)\b",
    ),
    (  # "what were its tv ratings in korea": audience figures, not "It topped the list of influential TV dramas".
        # TV ratings only: a fan's plain "ratings" is the IMDb score or the reviews ("does it have good ratings").
        "audience ratings",
        r"\b(viewership|tv ratings?|audience ratings?|viewer ratings?|nielsen|ratings? share)\b"
        r"|\bhow many (people|ppl|viewers|households) (watched|saw|tuned in)\b",
        # a figure: "a 6.5% nationwide share", "ratings of 8.2", "watched by 2 million"; not "for their worldwide
        # viewership" (hedged at 0.42 for "what were the viewership ratings in korea")
        r"\d\s?%|\b(per ?cent|audience share|nielsen)\b"
        r"|\b(ratings?|rated|share|peaked|averaged|viewership)\b[^.]{0,40}\d|\d[\d.,]*\s*(million )?viewers\b"
        # "drew an average audience of 4.9 million"
        r"|\b(audiences?|watched by|viewers) (of )?(more than |over |about |around |nearly |almost )?\d",
    ),
    (  # "what are the ratings like": a sentence about ratings ("high IMDb rating"), not "It topped the list of …"
        "ratings",
        r"\b(ratings|viewership|tv rating|audience rating|nielsen|imdb)\b",
        r"\b(ratings?|rated|viewership|viewers|watched|audience share|share|percent|per cent|nielsen)\b|\d\s?%",
    ),
    (  # "what songs are on the ost", "whats the name of the theme song": music, not the cast list
        "music",
        r"\b(songs?|ost|soundtrack|theme song|theme music|album)\b",
        # lowercase but for OST: "Moon Sang-Tae" has not sung, nor "River Song" or the "Song dynasty"
        r"(?-i:\b(songs?|OST|soundtracks?|music\w*|theme|tunes?|singers?|sang|sung|sings?|albums?|tracks?|scores?|"
        r"compos\w*|singles?|recordings?)\b(?!-))",
    ),
    (  # "when was harvard founded": not "Harvard's $37.6 billion endowment is the largest" (answered at 0.73)
        "a founding",
        r"^(when|whens|when's|what year|which year|in what year)\b.*"
        r"\b(founded|established|formed|set up|incorporated)\b",
        r"\b(found(ed|ing|er|ers)?|establish\w*|form(ed|ation)|set up|incorporat\w*|creat\w*|start\w*|began|begun|"
        r"launch\w*|open(ed|ing)|origins?|built|chartered|inaugurat\w*)\b",
    ),
    (  # "whos the current president of harvard", "who owns sky now": a sentence saying who holds it now ("is currently
        # Denver's Executive Vice President", or "is" the role asked: "Ted Sarandos is co-CEO", :func:`_said`; not
        # "The University is organized …"). Who-questions only, not about the cast: "whats the current status of
        # season 2" is answered by "has not yet been renewed", "who are the current cast" by the cast list.
        "the present",
        r"^(who|whos|who's)\b(?!.*\b(cast|stars?|in it|in the (show|drama|series))\b)"
        # "now" ends the question ("who owns sky now"); "the new judge now gus is gone" asks who replaced him
        r".*(\b(current|currently|nowadays|these days|presently)\b|\bnow\s*[?!.]*$)|^(who|whos|who's)\b.*\brn\s*\??$",
        r"\b(current(ly)?|now|today|nowadays|presently|at present|present-day|still|incumbent|as of)\b"
        r"|\b(is|are) (now |currently )?(owned|run|led|headed|managed|chaired|controlled) by\b",
    ),
    (  # "where can i buy a sonic screwdriver toy": a shop or a sale, not "He often finds events that pique his …"
        "where to buy it",
        r"\b(where )?(can|could|do|should|would) (i|you|u|we|one|fans|people) (buy|purchase|order)\b",
        r"\b(buy|bought|sold|sells?|selling|sales?|stores?|shops?|retail\w*|purchas\w*|merchandis\w*|on sale|"
        r"available (at|from|in|on|to buy)|(get|order) (it|them|one|the \w+) (on|at|from))\b",
    ),
    (  # "what was genghis khans favourite horse called": a preference, not "Genghis Khan did not conquer all …"
        "a favourite",
        r"\b(favou?rites?|fave|fav)\b",
        r"\b(favou?rites?|fave|lov(e|ed|es)|prefer\w*|beloved|lik(e|ed|es)|most popular|best[- ]known)\b",
    ),
    (  # "how many languages did tesla speak": a language, not "Marconi made his famous first-ever transmission"
        "languages",
        r"\blanguages?\b",
        r"\b(languages?|speak\w*|spoke|spoken|fluent\w*|tongues?|dialects?|bilingual|multilingual|polyglot|subtitle\w*"
        r"|dubbed|Latin|Greek|French|Dutch|Korean|German|Russian|Hindi|Hebrew|Swahili|Mandarin|Cantonese|Thai|Urdu"
        r"|Persian|Farsi|Czech|Norse|Gaelic|Welsh|Sanskrit|Yiddish|Arabic|Italian|Hungarian|Norwegian|Romanian"
        r"|Ukrainian|Indonesian|(?-i:[A-Z][a-z]+(ish|ese)))\b",
    ),
    (  # "how many ppl live in the amazon": a population, not "The Amazon represents over half of the rainforests
        # … 390 billion individual trees"
        "a population",
        r"\bhow many (people|ppl|persons|residents|inhabitants|citizens|humans) (live|lived|living|reside)\b",
        _PEOPLE,
    ),
    (  # "whats the population of warsaw today": that word, or a large figure (the Greater Los Angeles Area "at
        # 17,786,419"), not "Warsaw has been a multi-cultural city"
        "a population",
        r"\bpopulation\b",
        _PEOPLE + r"|\b\d{1,3}(,\d{3}){1,3}\b|\d (million|billion)\b",
    ),
    (  # "when did rollo die", "where did luther die": a death, not "Before Rollo's arrival, its populations did not
        # differ" (hedged at 0.47)
        "a death",
        # when, where or how someone died, not "how many people died of plague in baghdad" (a count)
        r"^(when|where|how|what year|which year|in what year|at what age)\b(?! many\b).*\b(die|died|dies|death|"
        r"pass away|passed away)\b|\bwhat did [\w' ]+ die (of|from)\b|\bcause of (his |her |their )?death\b",
        r"\b(di(e|es|ed)|death|deaths|dead|dying|kill\w*|passed away|executed|murdered|assassinat\w*|perish\w*|funeral|"
        r"buried|succumb\w*|slain|fatal\w*|mortal\w*|lethal|asphyxiat\w*|suffocat\w*|drown\w*|suicide|casualt\w*"
        r"|lost (his|her|their) li(fe|ves))\b",
    ),
    (  # "when was kublai khan born": a birth (not "where was he born": "Friedrich Ratzel of Germany" answers it)
        "a birth",
        r"^(when|what year|which year|in what year|what date)\b.*\b(born|birth)\b|\b(birthday|date of birth)\b",
        r"\b(born|birth\w*|native of)\b",
    ),
    (  # "how rainy is newcastle", "what is the weather in seoul today": the weather or climate, not "Newcastle
        # University is now one of the UK's leading international universities" (hedged at 0.61)
        "the weather",
        # not "the California Earthquake forecast" nor "Port Sunshine"; the climate only as the weather: not "the
        # political climate in kenya", "the climate for kdrama renewals" or "the panel on climate change"
        r"\b(weather|rain|rainy|rains|raining|rainfall|snow|snowy|snows|snowing|snowfall|sunny|humid|humidity|"
        r"monsoons?)\b|\b(what|whats|what's|how|hows|how's)( is| was)? the climate\b(?! (for|around|on|of|towards?)\b)"
        r"|\bclimate (like|there)\b",
        r"\b(weather|climat\w*|rain\w*|snow\w*|precipitation|sun(ny|shine)|humid\w*|temperatures?|degrees|wet|dry"
        r"|droughts?|storms?|winds?|monsoons?|frosts?|fog\w*|mild|tropical|temperate|arid)\b|\d\s?°",
    ),
    (  # "is the abc app free to download": a price or "free", not "ABC launched a web-based promotional campaign";
        # not "are the brothers free from their trauma"
        "a price",
        r"\b(is|are) ([\w'&-]+ ){1,4}?free\b(?! (from|of)\b)|\bfor free\b|\bfree to (download|watch|use|stream|join)\b",
        r"\bfree\b|\bcosts?\b|\bpric\w*|\bcharg\w*|\bpa(y|ys|id|ying)\b|\bsubscri\w*|[$£€]|\bfees?\b",
    ),
    (  # "is seoul ghost inn based on a webtoon": a sentence about where a story comes from, not the lede that names
        # the show (answered at 0.84). Only with a kind of source: "what is faunal succession based on" is no story.
        "what the story is based on",
        r"\bbased (off|on) (a |an |the )?(true|real|webtoons?|manga|comics?|books?|novels?|games?|plays?|films?|movies?"
        r"|story|stories|events?|life)\b|\badapt(ed|ation)\b",
        _ORIGIN_WORDS + r"|\bmodell?ed (after|on)\b",
    ),
]
_FOCUS_RULES = [(topic, re.compile(q), re.compile(s, re.I)) for topic, q, s in _FOCUS]


@lru_cache(maxsize=512)  # read once per question, asked by every stage
def focus_check(question: str) -> Callable[[str], bool] | None:
    """For a question with a focus (:data:`_FOCUS`: someone's love life, ratings, the soundtrack, a founding date, who
    holds something now, a price …), a test of whether a sentence misses it; None for other questions.

    >>> misses = focus_check("is kim soo hyun dating anyone irl")
    >>> misses("The drama stars Kim Soo-hyun and Seo Yea-ji."), misses("He was dating an actress.")
    (True, False)
    >>> focus_check("what was the netflix release date") is None
    True
    """
    said = _said(question)
    if not said:
        return None
    return lambda sentence: any(not s.search(sentence) for _, s in said)


def missed_focus(question: str, sentence: str) -> str:
    """The question's focus (:data:`_FOCUS`) that the sentence does not mention, as a reason names it ("a love
    life"); "" when none is missed.

    >>> missed_focus("is seo yea ji married", "The drama stars Seo Yea-ji."), missed_focus("whos in the cast", "x")
    ('a love life', '')
    """
    return next((topic for topic, said in _said(question) if not said.search(sentence)), "")


# The role a question about the present names ("the current president of harvard", "jacksonvilles mayor now"): a
# sentence that says someone "is" it states the present ("Ted Sarandos is co-CEO of Netflix").
_ROLE_NOW = re.compile(r"\b(?:current|the) ([a-z][a-z-]+)(?= of\b| in\b| at\b| now\b|\s*\??$)|\b([a-z][a-z-]+) now\b")


@lru_cache(maxsize=512)  # read once per question, by the rerank and the outcome
def _said(question: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each focus of the question (:data:`_FOCUS`) and what a sentence about it says."""
    q = _lower(question)
    out = []
    for topic, asked, said in _FOCUS_RULES:
        if not asked.search(q):
            continue
        role = _ROLE_NOW.search(q) if topic == "the present" else None
        if role:
            named = re.escape(role.group(1) or role.group(2))
            said = re.compile(rf"{said.pattern}|\b(is|are|remains|serves as) (the |a |an )?(\w+[- ])?{named}\b", re.I)
        out.append((topic, said))
    return tuple(out)


def off_focus(question: str, sentence: str) -> bool:
    """The question has a focus and the sentence does not mention it (:func:`missed_focus`).

    >>> off_focus("do they end up married", "The second season could explore their marriage.")
    False
    """
    return bool(missed_focus(question, sentence))


# "what would season 2 be about", "what could happen in s2", "if they make s2 what would it be about": a question
# about what has not happened is answered by a sentence that speculates ("The second season could explore their
# marriage", "potential storylines"), not by one that says it may not happen ("may not be necessary") or that fans
# await it. "What would need to remain constant" and "what would be Odinga's role" (XQuAD) are not such questions.
_HYPOTHETICAL = re.compile(
    r"\b(what|how)\b.*\b(would|could|might)\b.*\b(be about|happen\w*|explore|cover|focus on|include)\b"
)
# A modal before a verb, lowercase ("May 2020" is a month), not negated: "could explore", "might also return".
_SPECULATES = re.compile(
    r"\b(could|might|may|would) (also |well |still )?(?!not\b|be (of|the)\b)[a-z]+|\bpotential(ly)?\b"
)
# "what is it about", "whats the drama even about", "what's the plot", "premise": the sentence giving the premise
# ("follows the story of two brothers", "revolves around the romance"), not "the show incorporates mental health
# themes", which a sentence embedder ranks higher (cosine 0.36 against 0.18).
_SYNOPSIS = re.compile(
    r"^(?!(who|whos|who's|when|where|which|how many)\b).*"  # "who wrote the plot" asks for the writer
    r"(\bwhat(s|'s| is| was)? (it|this|this one|the (show|drama|series|k-?drama|film|movie|story|plot))"
    r" (\w+ )?about\b|\b(the|its|whats|what's) (plot|premise|storyline|synopsis)\b(?! of (land|ground))"
    r"|\b(premise|storyline|synopsis)\b"
    r"|\bwhat happens in (it|the (show|drama|series|film|movie))\b)"
)
_PREMISE = re.compile(
    r"\b(follows?|following) (the )?(story|life|lives|journey|adventures?)\b|\brevolves? around\b"
    r"|\bcent(er|re)s? (on|around)\b|\btells? the story\b|\bis about\b|\bthe story of\b|\bdepicts?\b",
    re.I,
)


@lru_cache(maxsize=512)  # read once per question, asked by every stage
def speculation_check(question: str) -> Callable[[str], bool] | None:
    """For a question about what might happen ("what would season 2 be about"), a test of whether a sentence
    speculates; None for other questions.

    >>> check = speculation_check("what would season 2 be about")
    >>> check("The second season could explore their marriage."), check("A second season may not be necessary.")
    (True, False)
    >>> speculation_check("what would need to remain constant") is None
    True
    """
    return _kind_test(question, (_HYPOTHETICAL, _SPECULATES))


# "is it based on a true story", "is the story based on real life": what the story comes
# from ("is based on the screenwriter's personal love story", "drew inspiration from her own experiences"), which
# MiniLM ranks below "It revolves around the romance …" and the answer then was "not covered".
# "Real life" only of the story: "are they friends in real life" asks about the actors.
_ORIGIN_QUESTION = re.compile(
    r"\b(based on|true story|real story|real events|really happen\w*|adapted|adaptation)\b"
    r"|\b(story|plot|show|drama|series|film|movie|it|this)\b.*\b(from|in|on) real[- ]life\b"
)
_ORIGIN = re.compile(_ORIGIN_WORDS, re.I)


# "what does the girl lead do for a living", "whats gang taes job": a sentence giving an occupation ("a caretaker at a
# psychiatric ward", "children's book author Ko Moon-Young"), not "All the characters in the series underwent healing"
_JOB_QUESTION = re.compile(
    # not "the occupation of the rhineland"
    r"\bdo(es)? for (a living|work)\b|^(what|whats|what's|which)\b.*\b(jobs?|occupations?|professions?)\b(?! of\b)"
    r"|^(where|what) (does|did|do|is|was) ([\w'-]+ ){1,4}?work(ing)?( as| at)?\s*\??$"
)
_JOB = re.compile(
    r"\b(work(s|ed|ing)? (as|at|for|in)|jobs?|employ\w*|profession(al|als)?\b|occupation\w*|hired)\b"
    r"|\b(authors?|writers?|caretakers?|nurses?|doctors?|teachers?|lawyers?|detectives?|police\w*|officers?|chefs?"
    r"|cooks?|actors?|actress(es)?|singers?|artists?|painters?|students?|professors?|engineers?|scientists?"
    r"|journalists?|reporters?|managers?|executives?|president|ceo|directors?|producers?|soldiers?|farmers?"
    r"|drivers?|pilots?|clerks?|secretar(y|ies)|accountants?|bankers?|guards?|caregivers?|therapists?"
    r"|psychiatrists?|surgeons?|physicians?|pharmacists?|technicians?|mechanics?|firefighters?|musicians?"
    r"|dancers?|designers?|architects?|programmers?|developers?|entrepreneurs?|owners?|workers?|employees?"
    r"|assistants?|coach(es)?|players?|athletes?|quarterbacks?|priests?|ministers?|monks?|judges?|servants?"
    r"|economists?|historians?|politicians?|physicists?|chemists?|biologists?|philosophers?|mathematicians?"
    r"|novelists?|poets?|playwrights?|composers?|photographers?|editors?|publishers?|lecturers?|researchers?"
    r"|analysts?|consultants?|brokers?|traders?|merchants?|senators?|governors?|mayors?|diplomats?"
    r"|inventors?|founders?|illustrators?|animators?|hosts?|presenters?|comedians?|models?|influencers?"
    r"|streamers?|youtubers?|bartenders?|waiters?|waitress(es)?|cleaners?|janitors?|carers?|veterinarians?|vets?"
    r"|dentists?|psychologists?|counsell?ors?|social workers?|civil servants?|librarians?|rowers?|swimmers?|runners?"
    r"|cyclists?|boxers?|golfers?|jockeys?|referees?|guitarists?|bassists?|drummers?|pianists?|violinists?|vocalists?"
    r"|front(man|men|woman|women)|songwriters?|bookkeepers?|grandmasters?|strikers?|goalkeepers?|defenders?)\b",
    re.I,
)


@lru_cache(maxsize=512)  # read once per question, asked by every stage
def premise_check(question: str) -> Callable[[str], bool] | None:
    """For a question about what the show is about ("whats the plot"), a test of whether a sentence gives its premise
    ("The series follows the story of two orphaned brothers"); for one about what the story is based on ("is it
    based on a true story"), whether it says so ("based on the screenwriter's personal love story"); for one about
    someone's job, whether it gives an occupation (:func:`job_check`); None for other questions.

    >>> premise_check("whats the drama even about")("It revolves around the romance between a caretaker and a writer.")
    True
    >>> premise_check("is the story based on real life")("It is based on the screenwriter's personal love story.")
    True
    >>> premise_check("what was the controversy about") is None
    True
    """
    return _kind_test(question, (_SYNOPSIS, _PREMISE), (_ORIGIN_QUESTION, _ORIGIN), (_JOB_QUESTION, _JOB))


@lru_cache(maxsize=512)  # read once per question, by the rerank
def job_check(question: str) -> Callable[[str], bool] | None:
    """For a question about someone's job ("whats the male leads job", "where does gang tae work"), a test of whether
    a sentence gives an occupation; None for other questions. The rerank puts the passages whose best sentence gives
    none below those that do: "the lead characters" had matched "the male lead" by its words alone.

    >>> job_check("what does the girl lead do for a living")("It follows a children's book author, Ko Moon-Young.")
    True
    >>> job_check("whats gang taes job")("All the characters underwent healing."), job_check("who plays gang tae")
    (False, None)
    """
    return _kind_test(question, (_JOB_QUESTION, _JOB))


@lru_cache(maxsize=512)  # read once per question, asked by every stage
def age_check(question: str) -> Callable[[str], bool] | None:
    """For a question about someone's age ("how old was manning in the big game"), a test of whether a sentence
    states an age; None for other questions.

    >>> age_check("how old was manning")("He is the oldest quarterback to play in a Super Bowl at age 39.")
    True
    >>> age_check("how old was manning")("He didn't throw any in their two playoff games."), age_check("who won")
    (False, None)
    """
    return _kind_test(question, (_AGE_ASKED, _AGE_STATED))


# "which panther got the most sacks": the sentence that says who led in them ("Kawann Short led the team in sacks"),
# not one that only mentions them ("the NFL's active career sack leader"); "the most popular / famous …" is no count.
_MOST_OF = re.compile(r"\b(got|had|has|have|made|scored|recorded|registered|won)( the)? most ([a-z]+)")
# "does the doctor have any family": a sentence that names a relative ("the Doctor has a granddaughter"), not one that
# says "his family"
_FAMILY_QUESTION = re.compile(
    r"^(does|did|do|has|had)\b.*\bhave (any )?(family|families|relatives|kids|children|siblings|parents)\b"
)
_KIN = re.compile(
    r"\b(grand)?(daughters?|sons?|child(ren)?|kids?|parents?|mothers?|fathers?|moms?|dads?|brothers?|sisters?"
    r"|siblings?|wife|wives|husbands?|cousins?|aunts?|uncles?|nieces?|nephews?|orphan\w*)\b",
    re.I,
)


@lru_cache(maxsize=512)  # read once per question, by the rerank
def leader_check(question: str) -> Callable[[str], bool] | None:
    """For "who got the most X", a test of whether a sentence says someone led in X; for "does X have any family",
    whether it names a relative; None for other questions.

    >>> leader_check("which panther got the most sacks")("Kawann Short led the team in sacks with 11.")
    True
    >>> leader_check("which panther got the most sacks")("Jared Allen was the NFL's active career sack leader.")
    False
    >>> leader_check("does the doctor have any family")("The first serial shows that the Doctor has a granddaughter.")
    True
    """
    q = _lower(question)
    most = _MOST_OF.search(q)
    if most:
        what = re.escape(most.group(3).rstrip("s"))
        led = re.compile(rf"\bled (the |his |her |their |all )?([\w-]+ ){{0,2}}in {what}", re.I)
        return lambda sentence: bool(led.search(sentence))
    return _kind_test(question, (_FAMILY_QUESTION, _KIN))


def _kind_test(question: str, *kinds: tuple[re.Pattern[str], re.Pattern[str]]) -> Callable[[str], bool] | None:
    """The sentence test of the first kind (question pattern, sentence pattern) the question is of; None for none."""
    q = _lower(question)
    said = next((said for asked, said in kinds if asked.search(q)), None)
    return None if said is None else lambda sentence: bool(said.search(sentence))
