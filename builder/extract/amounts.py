"""Money amounts in news text -> `Amount` (value in units, ISO 4217 currency).

Public contract: `Amount`, `find_amounts(text)`.

How an amount is read (regex only, no models):

1. A number: digits with "," thousands ("1,337.76"), Indian grouping ("1,33,776"),
   thin/no-break-space grouping ("1 490 000 000"), a decimal comma only right before a
   multiplier word ("€1,49 billion"), or number words followed by a multiplier
   ("five million", "half a billion", "one and a half billion", "a billion").
2. An optional multiplier right after it: thousand, million, billion, trillion, crore
   (1e7), lakh (1e5), "lakh crore" (1e12), short forms bn/mn/mln/bln/tn/cr (glued or
   spaced) and single letters k/m/b/t (glued only: "£4.1m", "$1bn", "$500M").
3. A currency marker before the number (symbol or code: "$", "US$", "C $", "€", "EUR",
   "Rs.", "₹", "RMB", "HK$", …) and/or a currency word or code after the multiplier
   ("yuan", "euros", "Hong Kong dollars", "USD"). No marker, no amount: "5,000 engineers",
   "20%", "2020", "4 percent of global turnover", "50 crore users" are not amounts. A
   number followed by "%"/"percent"/"per cent" is never an amount.
   The table of markers is `builder/lexicon/currencies.yml` (read once at import); its
   header documents the ambiguous markers ("¥" -> JPY unless Chinese cues nearby, "kr",
   "Rs", "pesos", …), the words that need a multiplier or a grouped number ("won",
   "dong", "rand"), and why a bare "$" is always USD. One-letter symbols ("R5 million"
   ZAR, "W207b" KRW) count only glued to a number with a multiplier or grouping;
   sentence-initial "A $5 billion" is the article + USD. A bare year with only a word
   after it ("in 2019 dollars") is not money; nor "5 million pounds of pork".
   The parts of an amount may be separated by spaces and at most one line break
   (hard-wrapped text). Digits are ASCII only.
4. A range shares the multiplier of its upper end: "$5-10 million" and "$5 to $10
   million" give an amount of 5,000,000 for "$5" (the upper end, when it has its own
   marker, is an amount of its own).
5. A conversion right after the stated amount is attached as `converted` and is not
   returned on its own: "18.2 billion yuan ($2.8 billion)", "(about US$2.8 billion)",
   "C $ 377 million, or $ 297 million", "12 billion yuan or $1.69 billion", ", about
   €1 billion". It must start right after the connector and be in another currency.
6. A unit after the amount (or after its conversion): "per incident", "for each
   violation", "per day", "a day", "a share", "apiece", "each", "annually" -> `per_unit`
   (singular, normalised: "offense" -> "offence", "annually"/"per annum" -> "year",
   "daily" -> "day"). `per_incident` is True when the unit is one that a penalty is
   repeated for: incident, violation, offence, breach, infringement, case, instance,
   count, deal, transaction, day, week, month, hour (PENALTY_UNITS). "$8 apiece",
   "HK$226 a share", "fined 500,000 yuan each" keep their unit but are not per-incident.

`find_amounts` never raises on any `str` and returns amounts in text order; each
`text` equals `haystack[start:end]` and spans do not overlap.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

LEXICON_PATH = Path(__file__).resolve().parent.parent / "lexicon" / "currencies.yml"

PENALTY_UNITS = frozenset(
    {
        "incident", "violation", "offence", "breach", "infringement", "case", "instance",
        "count", "deal", "transaction", "day", "week", "month", "hour",
    }
)


@dataclass(frozen=True, slots=True)
class Amount:
    """One money amount. `value` is in units of `currency` ("18.2 billion yuan" -> 1.82e10)."""

    start: int
    end: int
    text: str
    value: float
    currency: str  # ISO 4217
    per_incident: bool = False
    per_unit: str | None = None
    converted: "Amount | None" = None


# --------------------------------------------------------------------------- lexicon

SP = r"[ \t\u00a0\u2009\u202f]"  # spaces allowed inside an amount
# gap between the parts of an amount: spaces and at most one line break (hard-wrapped text)
GAP = SP + r"*(?:\r?\n" + SP + r"*)?"


def _load_lexicon(path: Path = LEXICON_PATH):
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    prefix: dict[str, str] = {}  # marker as written -> code or "?marker" (ambiguous)
    suffix_words: dict[str, str] = {}  # lower-cased word -> code or "?marker"
    codes: dict[str, str] = {}  # code-like token (case-sensitive) -> code
    strict: set[str] = set()
    for cur in data["currencies"]:
        code = cur["code"]
        codes[code] = code
        for a in cur.get("aliases") or []:
            codes[str(a)] = code
        for s in cur.get("symbols") or []:
            prefix[str(s)] = code
        for w in cur.get("words") or []:
            suffix_words[str(w).lower()] = code
        for w in cur.get("strict") or []:
            strict.add(str(w).lower())
    ambiguous: dict[str, tuple[str, dict[str, re.Pattern]]] = {}
    for amb in data.get("ambiguous") or []:
        marker = str(amb["marker"])
        key = "?" + marker
        cues = {
            code: re.compile(r"(?<![A-Za-z])(?:" + "|".join(re.escape(str(c)) for c in words) + r")(?![A-Za-z])")
            for code, words in (amb.get("cues") or {}).items()
        }
        ambiguous[key] = (str(amb["default"]), cues)
        pos = amb.get("position", "both")
        if pos in ("before", "both"):
            prefix[marker] = key
        if pos in ("after", "both"):
            suffix_words[marker.lower()] = key
    return prefix, suffix_words, codes, strict, ambiguous


_PREFIX, _SUFFIX_WORDS, _CODES, _STRICT, _AMBIGUOUS = _load_lexicon()
# full-width yen/yuan sign and dotted variants behave like their plain forms
_PREFIX.setdefault("￥", _PREFIX.get("¥", "JPY"))
if "kr" in _PREFIX:
    _PREFIX.setdefault("kr.", _PREFIX["kr"])
if "Rs" in _PREFIX:
    _PREFIX.setdefault("Rs.", _PREFIX["Rs"])
for _c, _v in list(_CODES.items()):
    _PREFIX.setdefault(_c, _v)


def _marker_regex(marker: str) -> str:
    # "C$" may be written "C $" (seen in scraped copy); "R$" is not spaced (ZAR "R" exists).
    if marker.endswith("$") and len(marker) > 1 and marker[-2] != " " and marker not in ("R$",):
        return re.escape(marker[:-1]) + SP + r"?\$"
    return re.escape(marker).replace(r"\ ", SP)


_alpha = sorted((m for m in _PREFIX if m[0].isalpha()), key=len, reverse=True)
_symb = sorted((m for m in _PREFIX if not m[0].isalpha()), key=len, reverse=True)
_PREFIX_RE = re.compile(
    r"(?:(?<![A-Za-z])(?P<a>" + "|".join(_marker_regex(m) for m in _alpha) + r")"
    r"|(?P<s>" + "|".join(_marker_regex(m) for m in _symb) + r"))"
    + SP + r"?\Z"
)
_MARKER_NORM = re.compile(SP)
_SP_CHARS = " \t\u00a0\u2009\u202f"
# one-letter symbols ("R5 million" ZAR, "W207b" KRW): glued, and with a multiplier or a grouped number
_LETTER_SYMBOLS = frozenset(m for m in _PREFIX if len(m) == 1 and m.isalpha())
_PREFIX_LAST = frozenset(m[-1] for m in _PREFIX)

_MAX_SUFFIX_WORDS = max(len(w.split()) for w in _SUFFIX_WORDS)
# up to 4 tokens after the number: letters, "." (U.S.), "$"; the currency is looked up longest first
_SUFFIX_TOKENS_RE = re.compile(GAP + r"((?:[^\W\d_]|\.)+)((?:" + SP + r"+(?:[^\W\d_]|\.)+){0,3})")
_TOKEN_SPLIT_RE = re.compile(r"[^ \t\u00a0\u2009\u202f]+")


class _Suffix:
    """A currency word or code after the number: `word` (lower-cased) or `code_token`, and its end."""

    __slots__ = ("word", "code_token", "end")

    def __init__(self, word: str | None, code_token: str | None, end: int):
        self.word, self.code_token, self.end = word, code_token, end


_FIRST_TOKEN_RE = re.compile(GAP + r"((?:[^\W\d_]|\.)+)")
_SUFFIX_FIRST = frozenset(w.split()[0] for w in _SUFFIX_WORDS) | frozenset(_CODES)


def _suffix_at(text: str, pos: int) -> _Suffix | None:
    f = _FIRST_TOKEN_RE.match(text, pos)
    if not f:
        return None
    tok = f.group(1)
    if tok not in _SUFFIX_FIRST and tok.lower() not in _SUFFIX_FIRST and tok.rstrip(".").lower() not in _SUFFIX_FIRST:
        return None  # cheap gate: "engineers", "apps", "in"
    m = _SUFFIX_TOKENS_RE.match(text, pos)
    if not m:
        return None
    base = m.start(1)
    phrase = text[base : m.end(2)]
    toks = [(t.start(), t.end()) for t in _TOKEN_SPLIT_RE.finditer(phrase)]
    for n in range(min(len(toks), _MAX_SUFFIX_WORDS), 0, -1):
        raw = phrase[: toks[n - 1][1]]
        words = " ".join(phrase[a:b] for a, b in toks[:n])
        for cand, cut in ((words, 0), (words.rstrip("."), len(words) - len(words.rstrip(".")))):
            if not cand:
                continue
            if cand.lower() in _SUFFIX_WORDS:
                return _Suffix(cand.lower(), None, base + len(raw) - cut)
            if n == 1 and cand in _CODES:
                return _Suffix(None, cand, base + len(raw) - cut)
    return None


# --------------------------------------------------------------------------- numbers

_NUM_RE = re.compile(
    r"(?<![0-9])(?:"
    r"(?P<grp>[0-9]{1,3}(?:,[0-9]{2}(?![0-9]))*(?:,[0-9]{3}(?![0-9]))+(?:\.[0-9]+)?)"
    r"|(?P<sgrp>[0-9]{1,3}(?:[\u00a0\u2009\u202f][0-9]{3}(?![0-9]))+|[0-9]{1,3}(?: [0-9]{3}(?![0-9])){2,})"
    r"|(?P<dcom>[0-9]{1,3},[0-9]{1,2}(?=" + SP + r"?(?:billion|million|trillion|bn|mn|mln|bln)(?![A-Za-z])))"
    r"|(?P<plain>[0-9]+(?:\.[0-9]+)?)"
    r")(?![0-9])"
)

_MAG_WORDS = {
    "thousand": 10**3, "million": 10**6, "millions": 10**6, "billion": 10**9, "billions": 10**9,
    "trillion": 10**12, "trillions": 10**12, "crore": 10**7, "crores": 10**7,
    "lakh": 10**5, "lakhs": 10**5, "lac": 10**5, "lacs": 10**5, "hundred": 100,
    "mn": 10**6, "mln": 10**6, "bn": 10**9, "bln": 10**9, "tn": 10**12, "trn": 10**12, "tr": 10**12,
    "cr": 10**7,
}
_MAG_LETTERS = {"k": 10**3, "K": 10**3, "m": 10**6, "M": 10**6, "b": 10**9, "B": 10**9, "t": 10**12, "T": 10**12}
_MAG_RE = re.compile(
    r"(?:(?:" + GAP + r"|-)(?P<w>(?i:thousand|millions?|billions?|trillions?|crores?|lakhs?|lacs?|mn|mln|bn|bln|trn|tn|tr|cr))"
    r"|(?P<l>[kKmMbBtT]))(?![A-Za-z])"
)
_MAG2_RE = re.compile(SP + r"+(?P<w>(?i:crores?|million|billion|trillion))(?![A-Za-z])")
_PERCENT_RE = re.compile(SP + r"?(?:%|％|(?i:per" + SP + r"?cent|pct|pc)(?![A-Za-z]))")

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_NW = "|".join(sorted(_UNITS, key=len, reverse=True))
_WORDNUM_RE = re.compile(
    r"(?<![A-Za-z0-9$])(?i:(?P<words>(?:half" + SP + r"+an?|an?|(?:" + _NW + r"))"
    r"(?:(?:" + SP + r"+|-)(?:and" + SP + r"+a" + SP + r"+half|" + _NW + r"|hundred|and))*)"
    r"(?:" + SP + r"+|-)(?P<mag>thousand|million|billion|trillion|crore|lakh))(?![A-Za-z])"
)

_ARTICLE_RE = re.compile(r"(?i:an?)" + SP + r"+")
_UNIT_WORD_RE = re.compile(r"(?i:" + _NW + r")(?![A-Za-z])")

_RANGE_RE = re.compile(
    SP + r"?(?:-|–|—|" + SP + r"(?:to|and|or)" + SP + r")" + SP + r"?(?P<mk>[^\s0-9]{0,4})" + SP + r"?"
    r"(?P<n>[0-9][0-9,.]*)"
)

_CONV_RE = re.compile(
    GAP + r"(?:(?P<paren>\(" + SP + r"*(?:(?i:about|around|approximately|approx\.?|roughly|some|nearly|almost|"
    r"over|more" + SP + r"than|less" + SP + r"than|under|just" + SP + r"over|just" + SP + r"under|at" + SP + r"least|"
    r"up" + SP + r"to|or|equivalent" + SP + r"to|equal" + SP + r"to|worth|c\.|ca\.)|~|≈)?" + SP + r"*)"
    r"|,?" + SP + r"*(?i:or(?:" + SP + r"+(?:about|around|roughly|approximately|nearly|almost|some))?|"
    r"about|around|roughly|approximately|equivalent" + SP + r"to|equal" + SP + r"to|worth(?:" + SP + r"+(?:about|around))?)"
    + SP + r"+)"
)
_CLOSE_PAREN_RE = re.compile(r"[^()\n]{0,60}?\)")

_PER_RE = re.compile(
    SP + r"*(?:,?" + SP + r"*)(?:"
    r"(?P<prep>(?i:per|an?|each|every|for" + SP + r"+each|for" + SP + r"+every))" + SP + r"+"
    r"(?:(?i:illegal|unapproved|separate|single|individual|affected|additional|further|such|reported|"
    r"infringing|unreported|non-compliant|violating|offending|undisclosed|late)" + SP + r"+)?"
    r"(?P<unit>(?i:incident|violation|offen[cs]e|breach|infringement|case|instance|count|deal|transaction|"
    r"day|week|month|hour|year|annum|share|user|person|customer|unit|item|vehicle|tonne|ton|barrel|head|"
    r"device|employee|account|passenger|ad|app|product)|ADS)(?:e?s)?"
    r"|(?P<solo>(?i:apiece|a" + SP + r"+piece|per" + SP + r"+annum|annually|daily|monthly|each(?!" + SP + r"+of\b))))"
    r"(?![A-Za-z])"
)
_UNIT_NORM = {
    "offense": "offence", "annum": "year", "ads": "share", "tons": "ton", "a piece": "apiece",
    "per annum": "year", "annually": "year", "daily": "day", "monthly": "month",
}
_TIME_OR_SHARE = {"day", "week", "month", "year", "hour", "share"}
# singular currency words that after a bare number are more often something else ("a 10 pound bag")
_SINGULAR_NEEDS_MAG = {"pound", "dollar", "euro", "franc", "peso", "rupee", "krone"}

_RELATIVE_AFTER = re.compile(SP + r"+(?i:after|before|later|earlier|ago|into|of)(?![A-Za-z])")
_CUE_WINDOW = 250
_MAX_DIGITS = 24


# --------------------------------------------------------------------------- parsing helpers


def _num_value(m: re.Match) -> tuple[Decimal, bool] | None:
    """Decimal value of a _NUM_RE match and whether it was digit-grouped."""
    raw = m.group(0)
    if m.group("dcom"):
        s, grouped = raw.replace(",", "."), False
    else:
        s = raw.replace(",", "").replace(" ", "").replace("\u00a0", "").replace("\u2009", "").replace("\u202f", "")
        grouped = bool(m.group("grp") or m.group("sgrp"))
    if len(s) > _MAX_DIGITS:
        return None
    try:
        return Decimal(s), grouped
    except InvalidOperation:
        return None


def _words_value(words: str) -> Decimal | None:
    toks = [t for t in re.split(r"[\s\u00a0\u2009\u202f-]+", words.lower()) if t]
    if len(toks) > 1 and toks[0] in ("a", "an") and toks[1] in _UNITS:
        toks = toks[1:]  # "a five million dollar fine": the article, not "one"
    total = Decimal(0)
    cur = Decimal(0)
    seen = False
    i = 0
    while i < len(toks):
        t = toks[i]
        if t == "half" and i + 1 < len(toks) and toks[i + 1] in ("a", "an"):
            cur += Decimal("0.5")
            seen = True
            i += 2
            continue
        if t == "and" and toks[i + 1 : i + 3] == ["a", "half"]:
            cur += Decimal("0.5")
            i += 3
            continue
        if t in ("a", "an"):
            cur += 1
            seen = True
        elif t in _UNITS:
            cur += _UNITS[t]
            seen = True
        elif t == "hundred":
            cur = (cur or 1) * 100
            seen = True
        elif t == "and":
            pass
        else:
            return None
        i += 1
    total += cur
    return total if seen and total > 0 else None


def _resolve(code: str, text: str, s: int, e: int) -> str:
    """ISO code for a marker; ambiguous ones ("?¥") by the context cues around [s, e).

    Each cue within _CUE_WINDOW characters scores 1 / (1 + distance / 100): many cues win,
    and among few, the nearer. No cues, or a tie, give the default.
    """
    if not code.startswith("?"):
        return code
    default, cues = _AMBIGUOUS.get(code, ("USD", {}))
    if not cues:
        return default
    lo = max(0, s - _CUE_WINDOW)
    hi = min(len(text), e + _CUE_WINDOW)
    best, best_score = default, 0.0
    for c, rx in cues.items():
        score = 0.0
        for m in rx.finditer(text, lo, hi):
            d = s - m.end() if m.end() <= s else max(0, m.start() - e)
            score += 1.0 / (1.0 + d / 100.0)
        if score > best_score + 1e-9:
            best, best_score = c, score
        elif abs(score - best_score) <= 1e-9 and score > 0:
            best = default
    return best


def _prefix_at(text: str, ns: int):
    """(start, marker, code) of a currency marker ending right before the number at ns."""
    if ns == 0:
        return None
    c = text[ns - 1]
    if c in _SP_CHARS and ns > 1:
        c = text[ns - 2]
    if c not in _PREFIX_LAST:
        return None  # cheap gate: no marker can end here
    lo = max(0, ns - 12)
    m = _PREFIX_RE.search(text, lo, ns)
    if not m:
        return None
    marker = m.group("a") or m.group("s")
    key = _MARKER_NORM.sub("", marker)
    if key not in _PREFIX:
        key = marker if marker in _PREFIX else None
        if key is None:
            return None
    code = _PREFIX[key]
    glued = m.end() == m.start() + len(marker)  # no space between marker and number
    if key == "A$" and marker != "A$":
        # spaced "A $": the Australian dollar only mid-sentence; "A $5 billion fine" is the article
        j = m.start() - 1
        while j >= 0 and text[j] in " \t\u00a0":
            j -= 1
        if j < 0 or not (text[j].isalnum() or text[j] in ",(;"):
            return (m.start() + marker.index("$"), "$", _PREFIX.get("$", "USD"), glued)
    return (m.start(), key, code, glued)


def _candidate(text: str, ns: int, ne: int, base: Decimal, grouped: bool, from_words: bool, mag_done: int | None):
    """Build (start, end, value, code, needs_check info) for a number at [ns, ne)."""
    # percent: never money
    if _PERCENT_RE.match(text, ne):
        return None
    pos = ne
    mult = 1
    has_mag = False
    if mag_done is not None:
        mult, has_mag = mag_done, True
    else:
        mm = _MAG_RE.match(text, pos)
        if mm:
            if mm.group("w"):
                mult = _MAG_WORDS[mm.group("w").lower()]
            else:
                mult = _MAG_LETTERS[mm.group("l")]
            has_mag = True
            pos = mm.end()
            if mm.group("w") and mm.group("w").lower() in ("thousand", "lakh", "lakhs", "lac", "lacs", "hundred"):
                m2 = _MAG2_RE.match(text, pos)
                if m2:
                    mult *= _MAG_WORDS.get(m2.group("w").lower(), 1)
                    pos = m2.end()
    # range "5-10 million": borrow the upper end's multiplier
    range_mult = None
    if not has_mag and not from_words:
        rm = _RANGE_RE.match(text, ne)
        if rm:
            mm2 = _MAG_RE.match(text, rm.end())
            if mm2 and (mm2.group("w") or mm2.group("l")):
                range_mult = _MAG_WORDS[mm2.group("w").lower()] if mm2.group("w") else _MAG_LETTERS[mm2.group("l")]
    pre = None if from_words else _prefix_at(text, ns)
    suf = _suffix_at(text, pos)
    suf_code = None
    if suf is not None:
        if suf.word is not None:
            w = suf.word
            suf_code = _SUFFIX_WORDS.get(w)
            if (w in _STRICT or w in _SINGULAR_NEEDS_MAG) and not (has_mag or grouped or range_mult):
                suf, suf_code = None, None
            elif w in ("pound", "pounds") and re.match(SP + r"+of(?![A-Za-z])", text[suf.end : suf.end + 6]):
                suf, suf_code = None, None
        else:
            suf_code = _CODES.get(suf.code_token)
            if suf_code is None:
                suf = None
    if pre is None and suf is None:
        return None
    start, end = ns, pos
    code = None
    if pre is not None:
        p_start, p_key, p_code, glued = pre
        if p_key in _LETTER_SYMBOLS and (not glued or not (has_mag or grouped or range_mult)):
            p_code = None
        if p_code is not None:
            start = p_start
            code = _resolve(p_code, text, p_start, pos)
    if suf is not None and suf_code is not None:
        s_code = _resolve(suf_code, text, ns, suf.end)
        if code is None:
            code, end = s_code, suf.end
        elif s_code == code:
            end = suf.end  # "$60 billion dollar", "US$5 billion dollars"
        elif code == "USD" and pre is not None and pre[1] == "$" and suf.word and "dollar" in suf.word:
            code, end = s_code, suf.end  # "$5 billion Hong Kong dollars"
    if code is None:
        return None
    if not (has_mag or grouped or range_mult or from_words) and code is not None and (pre is None or pre[2] is None):
        # a bare year with only a word after it: "in 2019 dollars", "Euro 2020" are not money
        if 1900 <= base <= 2100 and base == base.to_integral_value():
            return None
    mult_eff = mult if has_mag else (range_mult or 1)
    try:
        value = float(base * mult_eff)
    except (InvalidOperation, OverflowError):
        return None
    if not math.isfinite(value):
        return None
    return (start, end, value, code)


_DIGIT_RUN_RE = re.compile(r"[0-9][0-9.,]*")
_MAG_STEMS = ("illion", "housand", "crore", "lakh")
_NUMBER_WORDS = frozenset(_UNITS) | {"a", "an", "hundred", "half"}
_WORDNUM_LOOKBACK = 90


def _word_number_candidates(text: str) -> list[tuple[int, int, float, str]]:
    """Amounts written with number words ("five million dollars", "half a billion euros")."""
    low = text.lower()
    ends: set[int] = set()
    for stem in _MAG_STEMS:
        i = low.find(stem)
        while i >= 0:
            ends.add(i + len(stem))
            i = low.find(stem, i + 1)
    out = []
    for e in sorted(ends):
        prev = re.split(r"[\s\u00a0\u2009\u202f-]+", low[max(0, e - 40) : e])
        if len(prev) < 2 or prev[-2] not in _NUMBER_WORDS:
            continue  # cheap gate: the word before the multiplier must be a number word
        lo = max(0, e - _WORDNUM_LOOKBACK)
        for m in _WORDNUM_RE.finditer(text, lo, min(len(text), e + 1)):
            if m.end() != e:
                continue
            v = _words_value(m.group("words"))
            if v is None:
                continue
            mult = _MAG_WORDS[m.group("mag").lower()]
            ws = m.start()
            art = _ARTICLE_RE.match(text, ws)
            if art and _UNIT_WORD_RE.match(text, art.end()):
                ws = art.end()  # "a five million dollar fine": the article is not part of the amount
            # the words and the multiplier are one number
            c = _candidate(text, ws, m.end(), v, True, True, mult)
            if c:
                out.append(c)
    return out


def _scan(text: str) -> list[tuple[int, int, float, str]]:
    cands = _word_number_candidates(text)
    last = -1
    for r in _DIGIT_RUN_RE.finditer(text):
        ns = r.start()
        if ns < last:
            continue  # inside a number already read ("1,337.76")
        if ns > 0 and text[ns - 1] == "." and (ns < 2 or not text[ns - 2].isalpha()):
            continue  # "1.5.3", "$.5 million": not a number this reader can value safely ("Rs.500" is)
        m = _NUM_RE.match(text, ns)
        if not m:
            continue
        last = ne = m.end()
        nv = _num_value(m)
        if nv is None:
            continue
        base, grouped = nv
        c = _candidate(text, ns, ne, base, grouped, False, None)
        if c is None:
            continue
        # a letter glued before the number must be part of the marker ("RMB500", not "A320")
        if ns > 0 and text[ns - 1].isalpha() and c[0] == ns:
            continue
        cands.append(c)
    cands.sort(key=lambda c: (c[0], -c[1]))
    out: list[tuple[int, int, float, str]] = []
    last_end = -1
    for c in cands:
        if c[0] >= last_end:
            out.append(c)
            last_end = c[1]
    return out


def _per_unit(text: str, pos: int) -> str | None:
    m = _PER_RE.match(text, pos)
    if not m:
        return None
    if m.group("solo"):
        key = re.sub(r"\s+", " ", m.group("solo").lower())
        return _UNIT_NORM.get(key, key)
    unit = m.group("unit")
    unit = unit if unit == "ADS" else unit.lower()
    unit = _UNIT_NORM.get(unit.lower(), unit.lower())
    prep = re.sub(r"\s+", " ", m.group("prep").lower())
    if prep in ("a", "an", "each", "every"):
        if "," in m.group(0) or (prep in ("a", "an") and unit not in _TIME_OR_SHARE):
            return None
        if _RELATIVE_AFTER.match(text, m.end()):
            return None  # "a day after the ruling", "each month later"
    return unit


def find_amounts(text: str) -> list[Amount]:
    """Stated money amounts in `text`, in text order, conversions attached (see module doc)."""
    if not isinstance(text, str) or not text:
        return []
    cands = _scan(text)
    out: list[Amount] = []
    i = 0
    while i < len(cands):
        s, e, v, cur = cands[i]
        conv = None
        after = e
        if i + 1 < len(cands):
            cm = _CONV_RE.match(text, e)
            ns, ne, nv, ncur = cands[i + 1]
            if cm and cm.end() == ns and ncur != cur:
                conv = (ns, ne, nv, ncur)
                after = ne
                if cm.group("paren") is not None:
                    pm = _CLOSE_PAREN_RE.match(text, ne)
                    if pm:
                        after = pm.end()
                i += 1
        unit = _per_unit(text, after)
        per_inc = unit in PENALTY_UNITS if unit else False
        converted = None
        if conv:
            converted = Amount(conv[0], conv[1], text[conv[0] : conv[1]], conv[2], conv[3], per_inc, unit, None)
        out.append(Amount(s, e, text[s:e], v, cur, per_inc, unit, converted))
        i += 1
    return out
