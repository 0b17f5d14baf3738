"""Named services by the shape of their names.

"Bridges Family Project", "St Anne's Primary", "Hillhead High", "Oakfield
Academy", "Possil Health Centre", "University of Dundee", "HMP Barlinnie",
"Fife Council"; and "the Maryhill project", where only the proper name is
the identifier (../shared/ANNOTATION.md). A name made only of generic words
("the Community Addiction Team", "Child Protection") is a role, not a service.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from ..lexicons import Lexicons
from ..text import HABITUAL_CALLERS, fold, is_sentence_start, lower_case_document
from .base import RegexRecognizer, Rx

HEADS = (
    "Project|Projects|Centre|Center|Services?|Trust|Foundation|Hospital|Infirmary|Clinic|Practice"
    "|Surgery|Medical Centre|Health Centre|Primary School|Primary|Infants|Juniors|High School|High|Academy|Nursery"
    "|College|University|School|Church|Chapel|Mosque|Temple|Partnership|Team|Group|Association"
    "|Society|Network|Hub|Housing|Council|Prison|Initiative|Programme|Collective|Alliance|Recovery"
    "|Café|Cafe|House|Lodge|Unit|Ward|Garage|Bakery|Pharmacy|Chemist|Club|Community Centre|Church Hall"
    "|Colleges|Schools|Academies|Centres|Practices"  # "Newcastle and Stafford Colleges"
    "|Masjid|Gurdwara|Tyres|Motors|Taxis|Builders|Roofing|Scaffolding|Haulage|Couriers"  # "Pennine Tyres"
    "|Inn|Arms|Tavern|Hotel"  # "the Ship Inn", "the Duffryn Arms"
)
_CAP = r"(?:St\.?[ \t]|Saint[ \t])?[A-Z][\w'’&-]*"
_JOIN = r"(?:[ \t](?:of|and|&|for|the|on|in|upon|de)[ \t]|[ \t])"
# Lazy, so "St Anne's Primary and Bridges Family Project" is two names, while
# trailing head words still join: "Glasgow Alcohol and Drug Recovery Services".
_NAMED = re.compile(rf"(?P<id>{_CAP}(?:{_JOIN}{_CAP}){{0,5}}?[ \t](?:{HEADS})(?:[ \t](?:{HEADS}))*)\b")
_OF_FORM = re.compile(
    r"(?P<id>(?:University|Royal Infirmary|Royal Hospital|Bank|College|Council|Borough|County|Diocese|Church)"
    r"[ \t]of[ \t](?:the[ \t])?[A-Z][\w'’-]+(?:[ \t](?:and[ \t])?[A-Z][\w'’-]+){0,3})"
)
# A place of worship named after what it is: "Masjid Bilal", "Jamia Masjid Ghausia", "Gurdwara Guru Nanak Sahib".
_WORSHIP_FIRST = re.compile(
    r"(?P<id>\b(?:Jamia[ \t])?(?:Masjid|Gurdwara|Gurudwara|Mandir|Madrasa|Madrassa|Jamia)(?:[ \t][A-Z][\w'’-]+){1,4})"
)
_SAINT = re.compile(r"(?P<id>\bSt\.?[ \t][A-Z][a-z]+['’]s)(?![ \t]+(?:Day|day|Eve|eve))")
# Lower case (machine transcripts): up to three words before a head noun, not starting with a
# function word: "rushey fields surgery", "taylor road primary", "phoenix fellowship".
_LOWER_LEAD = (
    r"(?!(?:the|a|an|at|to|in|on|of|my|our|his|her|their|your|from|and|or|like|with|up|down|for|about|into|round"
    r"|cos|cause|because|wi|wae|fae|tae|aboot|doon|don't|dont|didn't|didnt|is|was|are|were|it|its|i|me|we|he|she"
    r"|they|that|this|so|but|then|just|now|off|aff|by|near|over|out|past|via|through|onto|no|not|all|some|any|be"
    r"|been|has|have|had|do|does|did|get|got|go|went|say|says|said|when|where|who|what|which|if|as|than|one|two)\b)"
)
_LOWER_NAMED = re.compile(
    rf"\b(?P<id>(?:{_LOWER_LEAD}[a-z][a-z'’-]+[ \t]){{1,3}}(?:primary|infants|juniors|academy|high school|council|college|university|uni"
    r"|infirmary|hospital|health centre|medical centre|surgery|nursery|practice|fellowship|centre|project|clinic"
    r"|trust|foundation|hub|church|mosque|gurdwara|temple|logistics|solicitors|pharmacy|recovery service|housing"
    r"|homes|food bank|foodbank|masjid|tyres|motors|taxis|builders|roofing|scaffolding|haulage|couriers"
    r"|inn|arms|tavern|hotel|high|larder|pantry))\b"
)
# A school a child goes to is named by any words: "she goes to oak tree primary", "hes at holy cross high".
_SCHOOL_HEADS = frozenset("primary infants juniors academy nursery high".split())
_GOES_TO = re.compile(
    r"\b(?:goes|go|going|went|gone|started|starts|start|moved|moving|sent|send|transferred|been|is|was|s|shes|hes"
    r"|theyre|still|now|in|year)(?:[ \t]+(?:her|him|them|me|us|up|over|back|off|across|still|now|into))?[ \t]+(?:to|at)[ \t]+$"
)
# Where nothing is capitalised, these heads make a name of ordinary words too: "tigers trust", "estuary homes",
# "kingdom housing", "castle gate logistics"; not "lost trust", "social housing", "care homes".
_ORGANISATION_HEADS = frozenset(
    "trust housing homes logistics solicitors foundation fellowship foodbank inn arms tavern larder pantry".split()
)
_NOT_A_NAME_BEFORE_HEAD = frozenset(
    """lost losing lose build building built gain gained earn earned earning mutual break broke broken no much more
    less any some all every sheltered supported temporary affordable private council social their people both open
    folded strong broken bare crossed outstretched""".split()
)


# Where nothing is capitalised, a name then its initials spelt out: "tay families together t f t".
def _name_then_initials(n: int, report: str) -> re.Pattern[str]:
    """The pattern of ``n`` words then their initials, spelt or as one word; ``report`` ("name" or "acr")
    is the part named ``id``, the span reported."""
    name, acr = ("id", "acr") if report == "name" else ("name", "id")
    return re.compile(
        rf"\b(?P<{name}>[a-z]+(?:[ \t][a-z]+){{{n - 1}}})[ \t]+(?P<{acr}>[a-z](?:[ \t][a-z]){{{n - 1}}}|[a-z]{{{n}}})"
        r"(?![\w'’-]|[ \t][a-z]\b)"
    )


_NAME_THEN_INITIALS = tuple(_name_then_initials(n, part) for n in (2, 3, 4) for part in ("name", "acr"))
# An acronym spelt letter by letter, as speech recognition writes one: "the l r i", "c g l".
_SPELT_ACRONYM = re.compile(r"(?<![\w'’-])(?<!\b[a-z] )(?P<id>[a-z](?: [a-z]){2,3})(?![\w'’-]| [a-z]\b)")
# A hospital by the short name everybody local uses: "born at the Royal", "the royal is a joke", not "the
# royal family"; "the General" only after a preposition ("in the General"), as a general is also a soldier.
_AFTER_SHORT_NAME = (
    r"(?=[ \t]*(?:[,.;:!?)\n]|$|(?:and|for|with|when|where|after|before|because|cause|till?|until|on|in|at|they"
    r"|she|he|i|we|the|a|was|is|were|are|did|didnt|does|doesnt|had|has|have|said|says|kept|sent|told|rang|wouldnt"
    r"|couldnt|wont|then|again|last|this|that|but|so|yesterday|today|um|er|like|innit|no|yeah)\b))"
)
_ROYAL = re.compile(rf"\b[Tt]he[ \t](?P<id>[Rr]oyal){_AFTER_SHORT_NAME}")
_GENERAL = re.compile(
    rf"\b(?:at|in|to|from|into|outside|up|down|round|near)[ \t]the[ \t](?P<id>[Gg]eneral){_AFTER_SHORT_NAME}"
)
_PRISON = re.compile(r"(?P<id>\b(?:HMP|HMYOI|HMP/YOI|HMP[ \t]&[ \t]YOI)[ \t][A-Z][\w'’-]+(?:[ \t][A-Z][\w'’-]+)?)")
# "the Maryhill project", "the Wear Kitchen recovery café", "of Kettle and Key recovery café": a name, then
# what it is in lower case (../shared/ANNOTATION.md: the name alone is the identifier).
_LOWER_HEAD = re.compile(
    r"\b(?:the|at|from|to|of|in|with|into)[ \t](?P<id>[A-Z][\w'’-]+(?:(?:[ \t](?:and|&|of|on))?[ \t][A-Z][\w'’-]+){0,3})"
    r"[ \t](?:(?:recovery|community|family|families|youth|women's|men's|peer|support|parenting|carers'?|kinship)"
    r"[ \t])?(?:project|centre|service|team|group|clinic|hub|unit|ward|house|programme|café|cafe|drop-in|surgery"
    r"|practice|nursery|school|primary|academy|hospital|room|charity)\b"
)
# A name of capitalised words, and what kind of organisation a speaker says it is.
_CAPITALISED_NAME = rf"(?P<id>{_CAP}(?:{_JOIN}{_CAP}){{0,4}})"
_KIND_OF_SERVICE = (
    r"charity|project|organisation|organization|company|firm|agency|social enterprise|housing association|café|cafe"
)
# A name, then what it is: "Kin Together, it's a kinship carers' charity", "Salix, they're a housing association".
_DESCRIBED = re.compile(
    rf"{_CAPITALISED_NAME},?[ \t]+(?:it's|it’s|it is|that's|that’s|which is|they're|they’re|they are)"
    rf"[ \t]+(?:a|an)[ \t]+(?:[\w'’-]+[ \t]+){{0,3}}?(?:{_KIND_OF_SERVICE}|recovery service|drug service|support group)\b"
)

_TWO_WORD_HEADS = frozenset(
    tuple(head.split())
    for head in (
        "medical practice",
        "medical centre",
        "health centre",
        "recovery service",
        "recovery centre",
        "family centre",
        "community centre",
        "high school",
        "food bank",
    )
)
_PLAIN = frozenset(
    """big small good bad nice new old other same local nearest usual own little great lovely private free main
    different proper right wrong whole first last next best worst closest one two that this these those some any
    every each another rubbish crap shite useless brilliant amazing decent awful terrible really very quite pretty
    dead""".split()
)

GENERIC = frozenset(
    """social work child children children's protection community addiction addictions recovery
    family families drug drugs alcohol mental health housing support parenting early years youth
    local primary care specialist homeless homelessness outreach harm reduction needle exchange
    methadone criminal justice integrated substance misuse service services team adult adults women's
    men's the a an of and & for in on this that our my your their his her new old main general
    intensive crisis home treatment assessment duty intake day night emergency national public
    nhs council prison hospital clinic centre group project unit ward house school high nursery
    st saint maternity neonatal paediatric psychiatric rehab detox residential sure start job
    jobcentre plus benefits citizens advice bureau food bank foodbank church police court
    hearing hearings panel tenancy sustainment peer naloxone opioid substitution therapy focus
    parents parent mums dads carers carer young people steering advisory reference working study
    research user users lived experience expert experts pilot evaluation interview interviews colleges schools
    academies centres practices kinship""".split()
)

# What a full name says a service is, after the name proper: "Laburnum | Medical Practice", "Estuary | Homes".
_DESCRIBING = (
    GENERIC
    | frozenset(w.casefold() for w in re.findall(r"[A-Za-zé]+", HEADS.replace("s?", "s")) + sorted(_ORGANISATION_HEADS))
    | {"medical", "to", "work"}
)
# Words that are never a service's name said alone ("City" of "City Hospital", "North" of "North Fife CAT").
_NOT_A_SHORT_NAME = frozenset(
    """city county district borough royal general central north south east west upper lower great greater
    national regional united new st saint st. mount""".split()
)
_JOINING = frozenset("of and & for the on in upon de".split())


def short_name(full: str, lexicons: Lexicons) -> str:
    """The name proper of a service, which people say alone once the full name is known; "" if none.

    "Laburnum" of "Laburnum Medical Practice", "little harbour" of "little
    harbour family project", "Way Fairer" of "Way Fairer Recovery Service".
    Not a place the gazetteer knows by itself ("Possil" of "Possil Health
    Centre" is a district), nor a word that names no one thing ("City").
    """
    words = full.split()
    name = list(words)
    while name and fold(name[-1]) in _DESCRIBING and fold(name[-1]) not in _JOINING:
        name.pop()
    if not name or len(name) == len(words) or name[-1].casefold() in _JOINING:
        return ""
    folded = [fold(w) for w in name]
    if all(w in GENERIC or w in _PLAIN or w in _NOT_A_SHORT_NAME for w in folded):
        return ""
    short = " ".join(name)
    if sum(c.isalpha() for c in short) < 4 or fold(short) in lexicons.gazetteer:
        return ""
    if len(name) == 1 and (folded[0] in lexicons.allow or folded[0] in lexicons.not_names):
        return ""
    return short


# A name, then what it is set beside it: "Second Time Around, the kinship carers' group".
_APPOSED = re.compile(
    rf"{_CAPITALISED_NAME},[ \t]+(?:the|a|an|our)[ \t]+(?:[\w'’-]+[ \t]+){{0,3}}?(?:{_KIND_OF_SERVICE}|group|drop-in)\b"
)
# A group named like a title, after a word that puts one there: "a peer mentor with Mums on the Mend",
# "I go to Dads in the Park" (the model takes only the last word).
_TITLED = re.compile(
    r"\b(?:with|at|to|from|for|through|via|called|joined|join|runs|run)[ \t]+(?:the[ \t]+)?"
    r"(?P<id>[A-Z][a-z'’]+(?:[ \t][A-Z][a-z'’]+)?[ \t](?:on|in|of|for|at|by|and|under)[ \t]the[ \t][A-Z][a-z'’]+"
    r"(?:[ \t][A-Z][a-z'’]+)?)\b"
)
# Where nothing is capitalised, a name after a preposition and what it is said to be, set beside it or
# after "it's": "put me onto anchor its a dads group", "i go to the brew stop the recovery cafe".
_LABEL = r"(?:\[[\d:.]+\][ \t]*)?[a-z][\w ]{0,20}"  # a turn's opening label: "spk_2:", "[00:01:02] speaker 1:"
_LOWER_WORD = (
    r"(?!(?:its|it's|it’s|thats|that's|that’s|theyre|they're|they’re|which|the|a|an|and|or|at|to|in|on|of|for|with"
    r"|from|by|up|down|over|round|he|she|i|we|they|you|it|that|this|is|was|are|were|does|do|did|has|have|had|says|said"
    r"|yeah|yes|no|well|so|but|um|er|like|right|okay|ok|aye|anyway|just|really)\b)[a-z][a-z'’-]*(?<!ly)\b"
)
_LOWER_DESCRIBED = re.compile(
    rf"(?:\b(?:to|onto|at|with|from|into|in|through|via|called|about|aboot|that's|thats|that’s)|^[^\S\n]*{_LABEL}:)"
    r"[ \t]+(?:the[ \t]+)?"
    rf"(?P<id>{_LOWER_LEAD}{_LOWER_WORD}(?:[ \t]{_LOWER_WORD}){{0,2}})"
    r"[ \t]+(?:(?:its|it's|it’s|thats|that's|that’s|which is|theyre|they're|they’re)[ \t]+)?(?:a|an|the)[ \t]+"
    rf"(?P<what>(?:[\w'’-]+[ \t]+){{0,3}}?)(?:{_KIND_OF_SERVICE}|group|drop[ -]in|service|centre|place|club|hostel|team"
    r"|hospital|surgery|school|nursery|clinic)\b",
    re.MULTILINE,
)
# Where nothing is capitalised, who someone is and where they are from: "a worker from young carers salford
# cos", "my worker at we are with you", "a lady from cafcass cymru who wrote". The name runs to the first
# word that cannot be in one.
_NAME_ENDS = (
    r"(?=[ \t]+(?:who|which|that|thats|cos|because|and|but|does|did|do|is|was|were|are|has|had|have|said|says|came"
    r"|come|rang|wrote|the|a|an|in|on|at|to|for|from|with|of|he|she|they|we|i|you|it|its|my|her|his|their|our"
    r"|your|about|when|where|if|so|then|now|every|last|this|yeah|like|every|too|as|might|could|would|will|can|should"
    r"|must|wont|cant|[a-z]+ing)\b|[ \t]*(?:$|[.,?!:;\[\n]))"
)
_WORKER_FROM = re.compile(
    r"\b(?:worker|workers|keyworker|counsellor|mentor|nurse|midwife|volunteer|volunteers|lady|fella|bloke|woman"
    r"|man|lad|someone|somebody|coordinator|manager)[ \t]+(?:from|at)[ \t]+(?:the[ \t]+)?"
    rf"(?P<id>{_LOWER_WORD}(?:[ \t]{_LOWER_WORD}){{0,3}}?){_NAME_ENDS}",
    re.MULTILINE,
)
# What a place or group is called: "a group called bridges that helps", "the kebab shop called the star",
# "a charity called Kin Together". The name runs to the first word that cannot be in one.
_KIND_CALLED = re.compile(
    r"\b(?i:group|groups|place|shop|charity|project|service|centre|center|club|cafe|café|pub|bar|team|company|firm"
    r"|organisation|organization|takeaway|restaurant|gym|hostel|agency|programme|scheme|outfit|nursery|school"
    r"|academy|college|surgery|practice|clinic|church|chapel|mosque|home|unit|ward)[ \t]+(?:called|named|cawed)"
    rf"[ \t]+(?:[Tt]he[ \t]+)?(?P<id>{_CAP}(?:{_JOIN}{_CAP}){{0,4}}(?![\w'’-])"
    rf"|{_LOWER_WORD}(?:[ \t]{_LOWER_WORD}){{0,3}}?{_NAME_ENDS})",
    re.MULTILINE,
)
# What everyone calls a place or group: "everybody calls it the thorn", "we call it the hub".
_IT_CALLED = re.compile(
    rf"\b(?i:{HABITUAL_CALLERS}|we|they|the[ \t]+kids|locals)[ \t]+(?:all[ \t]+|just[ \t]+)?"
    rf"(?:calls?|called|cries)[ \t]+it[ \t]+(?:[Tt]he[ \t]+)?(?P<id>{_CAP}(?:[ \t]{_CAP})?(?![\w'’-])"
    rf"|{_LOWER_WORD}(?:[ \t]{_LOWER_WORD})?{_NAME_ENDS})",
    re.MULTILINE,
)
# Where nothing is capitalised, a group or project named by one ordinary word: "the anchor project",
# "the kites group"; not what it does ("the cooking group", "the art project") nor what it is.
_THE_WORD_HEAD = re.compile(r"\bthe[ \t]+(?P<id>[a-z][a-z'’-]{3,})[ \t]+(?:project|group|club|hub|cafe|café)\b")
_ACTIVITIES = frozenset(
    """art arts drama music dance craft crafts film football rugby boxing cricket sport sports fitness yoga
    gym baby babies toddler toddlers mothers fathers kids teens teenagers women womens mens girls boys lads
    elders grandparents bible prayer faith homework breakfast lunch dinner coffee cooking food garden walking
    running book reading writing poetry computer digital jobs work employment skills training education english
    maths study therapy counselling anger trauma grief bereavement abstinence relapse aftercare whatsapp
    facebook online zoom phone video chat women’s other whole same entire bigger smaller weekly monthly
    evening morning afternoon lunchtime weekend summer winter holiday holidays""".split()
)
# Words of size: they open names as they open talk ("wee acorns the nursery"), and end no surname.
SIZE_WORDS = frozenset("big wee little small tall old young new good nice lovely great".split())
_NOT_CALLED = frozenset(
    """me him her them us my his their our your back off out up time today yesterday again police social about
    ahead home first last twice once every all everyone everybody someone somebody anyone nobody""".split()
)
_NOT_WHERE_FROM = frozenset(
    """night nights home work next door weekend weekends end start back front top bottom minute moment time first
    doctors doctor's dentist dentists shop shops pub pubs bookies chemist chemists library""".split()
)
_EVALUATIVE = frozenset("nice lovely great good brilliant safe better worse weird horrible scary busy quiet".split())
# Where nothing is capitalised, whom a speaker was sent to, is with or works for is an organisation, said in up
# to three words before a function word: "they referred me to turning points", "put me on tae aber lower", "i'm
# with step forward salford and", "i'd lost me job at boots in beeston".
_SENT_TO_WORD = (
    r"(?!(?:the|a|an|and|or|but|in|at|on|for|of|to|tae|fae|from|with|wi|my|his|her|their|our|your|me|him|them|us"
    r"|it|you|that|this|they|she|he|we|i|is|was|about|because|cos|so|then|when|every|all|some|like|just|now|its"
    r"|up|down|there|here|out|off|over|again|too|as|home|night|nights|weekends|days|myself|himself|herself"
    r"|nothing|free|least|first|last|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty"
    r"|forty|fifty|half|years|year|months|weeks|hours|same|different|minimum|till|until|ages)\b)[a-z][a-z'’]+"
)
_SENT_TO = re.compile(
    r"(?:\b(?:job|jobs|work|works|working|worked|shift|shifts|start|started)[ \t]+(?:at|for)"
    r"|\b(?:referred|put|got|signed|passed|sent)[ \t]+(?:me|him|her|us|them)[ \t]+(?:on[ \t]+|up[ \t]+|over[ \t]+)?"
    r"(?:to|tae|onto|ontae|with|wi)|(?<![\w'’])(?:i'?m|i[ \t]+was|we'?re|we[ \t]+were|she'?s|shes|he'?s|hes)[ \t]+(?:with|wi))"
    rf"[ \t]+(?P<id>{_SENT_TO_WORD}(?:[ \t]{_SENT_TO_WORD}){{0,2}})\b"
)
# Not who or what one is sent to or with: "put me on to methadone", "i'm with child", "referred me to camhs".
_NOT_SENT_TO = frozenset(
    """methadone subutex espranor buprenorphine script meds medication tablets pills child kids baby bairn bairns
    weans wean mum mam dad gran nan granny nana partner boyfriend girlfriend husband wife fella family friends
    mates pals someone somebody anyone everyone nobody people psychiatrist counsellor counselling doctor doctors
    gp nurse worker workers camhs ssd social services police court judge magistrates probation panel hearing
    hospital school college work jail prison rehab detox meetings meeting groups group courses course""".split()
)

CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december christmas easter""".split()
)


class NamedServiceRecognizer(RegexRecognizer):
    """Organisations named by the shape of the name: SERVICE / organisation, school..."""

    LABEL = "SERVICE"
    PATTERNS = (
        Rx("service_named", _NAMED, 0.75, "organisation"),
        Rx("service_of_form", _OF_FORM, 0.8, "organisation"),
        Rx("service_prison", _PRISON, 0.9, "prison"),
        Rx("service_worship", _WORSHIP_FIRST, 0.75, "place of worship"),
        Rx("service_the_x_project", _LOWER_HEAD, 0.7, "organisation"),
        Rx("service_saint", _SAINT, 0.6, "organisation"),
        Rx("service_described", _DESCRIBED, 0.7, "organisation"),
        Rx("service_apposed", _APPOSED, 0.6, "organisation"),
        Rx("service_titled", _TITLED, 0.6, "organisation"),
        Rx("service_lower_described", _LOWER_DESCRIBED, 0.6, "organisation"),
        Rx("service_worker_from", _WORKER_FROM, 0.5, "organisation"),
        Rx("service_kind_called", _KIND_CALLED, 0.6, "organisation"),
        Rx("service_it_called", _IT_CALLED, 0.55, "nickname"),
        Rx("service_the_word_head", _THE_WORD_HEAD, 0.55, "organisation"),
        Rx("service_lower_named", _LOWER_NAMED, 0.55, "organisation"),
        Rx("service_sent_to", _SENT_TO, 0.5, "organisation"),
        Rx("service_spelt_acronym", _SPELT_ACRONYM, 0.5, "organisation"),
        *(Rx("service_name_then_initials", rx, 0.6, "organisation") for rx in _NAME_THEN_INITIALS),
        Rx("service_hospital_royal", _ROYAL, 0.6, "hospital"),
        Rx("service_hospital_general", _GENERAL, 0.6, "hospital"),
    )

    def __init__(self, lexicons: Lexicons) -> None:
        self.lexicons = lexicons
        super().__init__()

    def validate(self, match: re.Match[str], rx: Rx) -> float | None:
        if rx.name == "service_sent_to":
            return self._sent_to(match, rx)
        if rx.name == "service_name_then_initials":  # the letters are the words' initials, in order
            if "acr" in match.re.groupindex:  # the name is reported
                name, acr = match.group("id"), match.group("acr")
            else:  # the initials are
                name, acr = match.group("name"), match.group("id")
            words = name.split()
            if "".join(w[0] for w in words) != acr.replace(" ", "").replace("\t", ""):
                return None
            if all(w in STOP_WORDS or w in GENERIC for w in words):
                return None
            if " " not in acr and self.lexicons.is_common_word(acr):
                return None  # "good old boy gob": initials that spell a word are the word
            if len(words) == 2 and all(self.lexicons.is_common_word(w) for w in words):
                return None  # "you know y k": two words of talk; three in a row with their initials are a name
            return rx.score
        if rx.name == "service_spelt_acronym":
            return self._unknown_acronym(match.group("id").replace(" ", ""), rx.score)
        if rx.name.startswith("service_hospital"):
            return rx.score  # the context made the ordinary word a name
        words = re.findall(r"[\w'’&]+", match.group("id").casefold())
        if all(w in GENERIC or re.sub(r"['’]s$", "", w) in self.lexicons.not_names for w in words):
            return None  # "the Family Centre", "at Nan's house": no name in it
        if rx.name == "service_the_x_project" and words[-1].endswith(("'s", "’s")) and match.group(0).endswith("house"):
            return None  # "at Dawn's house" is a person's home
        if rx.name == "service_apposed" and (
            CALENDAR & set(words) or (is_sentence_start(match.string, match.start("id")) and len(words) < 2)
        ):
            return None  # "On Monday, the group met"; "Honestly, the group was..."
        if rx.name == "service_described" and (
            is_sentence_start(match.string, match.start("id")) and all(self.lexicons.is_common_word(w) for w in words)
        ):
            return None  # "Honestly, it's a good service": a capital of the sentence, no name
        if rx.name == "service_lower_described":
            return self._lower_described(match, words, rx.score)
        if rx.name == "service_the_word_head":
            word = words[0]
            lex = self.lexicons
            if not lower_case_document(match.string) or word.endswith(("ing", "ly", "'s", "’s")):
                return None  # "the walking group", "the weekly group", "the women's group"
            if word in GENERIC or word in _PLAIN or word in _EVALUATIVE or word in _ACTIVITIES or word in CALENDAR:
                return None
            place = (entry := lex.gazetteer.get(word)) is not None and entry.label == "LOCATION"
            if word in STOP_WORDS or word in lex.not_names or place or word in lex.countries:
                return None  # "the leeds group" is a place's group: the place is found as a place
            return rx.score
        if rx.name == "service_it_called":  # "everybody calls it the thorn"; not "we call it a day", "calls it rubbish"
            if words[0] in STOP_WORDS or words[0] in _NOT_CALLED or any(w in _PLAIN or w in _EVALUATIVE for w in words):
                return None
            return None if match.group("id").islower() and not lower_case_document(match.string) else rx.score
        if rx.name == "service_kind_called":  # not "the school called me back", "the surgery called Dawn"
            if words[0] in _NOT_CALLED or (len(words) == 1 and self.lexicons.is_name(words[0])):
                return None
            if match.group("id").islower() and not lower_case_document(match.string):
                return None  # with capitals about, a name would have one
            return None if all(w in GENERIC or w in _PLAIN or w in self.lexicons.not_names for w in words) else rx.score
        if rx.name == "service_worker_from":
            if not lower_case_document(match.string) or set(words) & _NOT_WHERE_FROM:
                return None  # "a worker at night", "the lady from next door"
            if any(w in self.lexicons.not_names for w in words) or all(w in GENERIC or w in _PLAIN for w in words):
                return None  # "a worker from the council", "a lady from my mum's"
            return rx.score
        goes_to = rx.name == "service_lower_named" and _GOES_TO.search(
            match.string, max(0, match.start() - 40), match.start()
        )
        if rx.name == "service_lower_named" and words[-1] == "high" and not goes_to:
            return None  # "high" alone ends a school's name only where a child goes to it: not "really high"
        if rx.name == "service_lower_named" and not any(self._proper(w) for w in words[:-1]):
            if words[-1] in _SCHOOL_HEADS and goes_to:
                plain = (
                    w in GENERIC or w in _PLAIN or w in _NOT_A_NAME_BEFORE_HEAD or w.endswith("ing") for w in words[:-1]
                )
                return None if any(plain) else 0.55
            # "the local primary", "a good college", "the family centre" are no names; before a head
            # of two words, any word but a plain adjective is one ("laburnum medical practice").
            if tuple(words[-2:]) in _TWO_WORD_HEADS:
                return None if all(w in GENERIC or w in _PLAIN for w in words[:-2]) else 0.5
            if words[-1] in _ORGANISATION_HEADS and lower_case_document(match.string):
                plain = (w in GENERIC or w in _PLAIN or w in _NOT_A_NAME_BEFORE_HEAD or "'" in w for w in words[:-1])
                return None if any(plain) else 0.5
            return None
        return rx.score

    def _sent_to(self, match: re.Match[str], rx: Rx) -> float | None:
        """Where nothing is capitalised, an organisation one was sent to or is with; not a drug, a person
        or the plain words for a service ("the drug team", "my worker")."""
        if not lower_case_document(match.string):
            return None
        words = match.group("id").casefold().split()
        if words[0] in _NOT_SENT_TO or words[0] in CALENDAR or (len(words) == 1 and self.lexicons.is_name(words[0])):
            return None
        if all(w in GENERIC or w in _PLAIN or w in _NOT_SENT_TO or w in STOP_WORDS for w in words):
            return None
        return rx.score

    def _lower_described(self, match: re.Match[str], words: list[str], score: float) -> float | None:
        """A lower-case name a speaker says what it is of: not "to school, it's a good place", "with them the group"."""
        if not lower_case_document(match.string):
            return None
        what = match.group("what").casefold().split()
        if any(w in _PLAIN or w in _EVALUATIVE for w in what):
            return None  # "the gym, it's a nice place": an opinion, not what a named thing is
        lex = self.lexicons
        if match.group(0).startswith(("that", "about", "aboot")) and len(words) < 2 and lex.is_common_word(words[0]):
            # "that's mad the project shut", "about the kids it's a group thing": one word of talk names nothing
            return None
        if any((w in lex.not_names and w not in SIZE_WORDS) or w in CALENDAR for w in words):
            return None  # a kin word or a day is no part of a name: "to my mum the group", "on monday the group"
        if all(w in GENERIC or w in _PLAIN or w.isdigit() for w in words):
            return None
        return score

    def _unknown_acronym(self, acronym: str, score: float) -> float | None:
        """A spelt acronym no list keeps (NHS, GP, CAMHS) and that spells no word or name is a local body."""
        lex = self.lexicons
        if (
            acronym in lex.allow
            or acronym in lex.national_bodies
            or lex.is_common_word(acronym)
            or lex.is_name(acronym)
        ):
            return None
        return score

    def _proper(self, word: str) -> bool:
        """A word that makes a lower-case phrase a name: one no dictionary has, or a known name."""
        lex = self.lexicons
        if word in GENERIC or word in lex.not_names or len(word) < 3:
            return False
        if word.endswith("s") and (lex.is_common_word(word[:-1]) or lex.is_name(word[:-1])):
            return False  # "kasias school", "the kids centre": a possessive typed without its apostrophe
        return not lex.is_common_word(word) or lex.is_name(word)


def service_kind(text: str) -> str:
    """A descriptor kind for a service name, from its head word."""
    lowered = text.casefold()
    for needle, kind in (
        ("primary", "primary school"),
        ("high school", "secondary school"),
        (" high", "secondary school"),
        ("academy", "secondary school"),
        ("nursery", "nursery"),
        ("school", "school"),
        ("university", "university"),
        ("college", "college"),
        ("hospital", "hospital"),
        ("infirmary", "hospital"),
        ("clinic", "clinic"),
        ("practice", "GP practice"),
        ("surgery", "GP practice"),
        ("health centre", "health centre"),
        ("medical centre", "GP practice"),
        ("hmp", "prison"),
        ("hmyoi", "prison"),
        ("prison", "prison"),
        ("council", "council"),
        ("church", "church"),
        ("mosque", "place of worship"),
        ("pharmacy", "pharmacy"),
        ("project", "project"),
        ("team", "team"),
        ("group", "group"),
        ("centre", "centre"),
        ("trust", "organisation"),
    ):
        if needle in lowered:
            return kind
    return "organisation"
