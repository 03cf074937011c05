"""Temporal expressions in news text -> (start, end, date, date_end, precision, basis).

One call per article: ``resolve_dates(text, anchor)`` finds every temporal
expression, resolves it against the anchor (the publication date) and against
the date last narrated (for "two days later"), and returns them in text order,
non-overlapping, with ``text[e.start:e.end] == e.text``. Never "now": only the
anchor.

How it works (HeidelTime-style)
-------------------------------
1. Named pattern fragments (MON, DAY, YEAR, WDAY, NUM: month names and
   abbreviations, weekdays, ordinals, number words) are defined once and
   composed into one regex per rule (_RULES), all compiled into ONE master
   regex whose top-level named groups are the rule names.
2. A cheap trie regex finds trigger tokens (month/weekday names, unit words,
   digits); the master regex is tried only at the few word starts just before a
   trigger whose first word can open a rule. Every rule contains a trigger.
3. Each match passes a small context filter (_accept: is "May" a month here?
   is "2020" a year or a count?). A rejected match lets the later rules try
   the same position, so a rejection never hides another reading.
4. Candidates are resolved in text order: absolute ones directly, relative
   ones from the anchor, narrative ones from the last resolved point.
5. dateparser only normalises the rare odd-format candidates the regex found
   ("20-Jul-21", "Jul-20-2021", "2021.07.20"), strict and cached. Everything
   else is regex + tables: >10x faster than ``dateparser.search.search_dates``
   and without its false hits ("a 20% share" as January 20).

Field semantics
---------------
``date``/``date_end``: first/last day of the period; ``precision`` one of
PRECISIONS; ``basis`` "stated" when the text alone fixes the date (the year, or
an ISO/numeric date, is written), "inferred" when the anchor or the narrative
is needed. ``kind="duration"`` ("within 45 days", "within three months", "in
30 days' time", "no later than 60 days"): date fields and precision are None,
``duration_days`` / ``duration_months`` give the offset from the action (weeks
-> 7 days each, years -> 12 months each, hours -> whole days rounded up). Bare
durations ("for three years", "45 days", "a 45-day deadline", "in three
months") are never returned. ``rule`` names the rule that fired (RULE_NAMES
lists them all, for "rules that never fired" reports).

Documented choices
------------------
* Week precision is the ISO week: date = Monday, date_end = Sunday. "this
  week" / "earlier this week" = the anchor's week; "last week" = the week of
  anchor - 7 days; "N weeks ago" / "a fortnight ago" = the week containing
  anchor - 7N days; "the week of Aug. 9" = that ISO week; weekends ("this
  weekend", "over the weekend") = the ISO week that holds that Saturday.
* "N days ago" -> day; "N months ago" -> month; "N years/decades ago" -> year;
  "N hours ago" -> the anchor day.
* "mid-/early/late March", "the end of March", "the first week of March" ->
  month precision (March 1..31): precision is never invented.
* "the end of 2019", "early 2020", "mid-2020", "late 2020", "the beginning of
  2021" -> YEAR precision of that year (2019-01-01..2019-12-31): "end" is not a
  stated month. Likewise "earlier this year", "late last year" -> year.
* Decades "the 1990s", "the '90s", "the early 1990s" -> year precision of the
  decade's first year (1990-01-01..1990-12-31), so the first day is right.
* Seasons with a year or this/last/next ("summer 2020", "last summer") -> year
  precision of that year (winter is dated by the year it starts in). Bare
  seasons ("in the spring") are not resolved.
* Quarters/halves are calendar quarters/halves. Fiscal labels are read as the
  labelled calendar period: "the second half of the 2025 financial year" -> H2
  2025; "Q1FY22" -> Q1 2022; "fiscal 2021", "FY21" -> year 2021; "FY2020-21",
  "2020/21", "2019-2021" -> precision year, date = first year's Jan 1,
  date_end = last year's Dec 31. "the December quarter", "the April-June
  quarter" -> the calendar quarter holding that month.
* A bare 4-digit year counts unless it is a label or a count: "in 2020",
  "since 2020", "2020's", "Beijing's 2021 crackdown", "the 2020 election" ->
  year 2020, stated; rejected after money/label words ("$2020", "Section
  2020", "Regulation (EU) 2016/679") or a capitalised name ("Windows 2000",
  "Vision 2030", "Data Protection Act 2018"), and before count nouns ("2020
  employees", "about 2000 people").
* Numeric dates: ISO "2021-07-02" / "2021/07/02"; day-first "15.12.2020";
  slashed "25/12/2020" only when day and month cannot be swapped.
* Month or day without year: the year nearest the anchor; only when both the
  candidate before and the candidate after lie more than two months away does
  the sentence's direction decide. Direction: a deadline preposition right
  before the expression ("by", "until", "starting", "effective", "no later
  than", "extended to"; "from" only with a future verb) -> after; otherwise the
  nearest tense cue, first in the expression's clause, then in its sentence
  (will/would/could/shall/set to/due/deadline/scheduled/expected to/takes
  effect/expires/closes... -> after; said/was/had/-ed verbs/according to/ago
  -> before); no cue -> before (news mostly reports the past). In a range or
  list ("between November and February 2021", "from April to June") the first
  item takes its year from the last.
* Weekdays: "on Friday" is the nearest Friday in the sentence's direction, the
  anchor day included (past: on or before the anchor; future: on or after).
  "last Friday" is strictly before the anchor, "next Friday" strictly after,
  "this Friday" the coming one unless the sentence is past tense. "on a
  Friday", "every Monday", "the Sunday Times" are not dates. "Wednesday (July
  13)" and "Monday, July 19" are one expression with the explicit date.
* "last June" = the most recent June before the anchor's month; "next June" the
  first after it; "June last year" / "June 29 last year" = in anchor year - 1.
* Narrative chaining: "two days later", "the next day", "a day earlier", "the
  day before", "the following week/month/year", "that day/week/year", "hours
  later" resolve from the last narrated point: for day/week/month offsets the
  last point that is not year-only (year-only mentions are mostly background:
  "founded in 2015"); a coarser reference keeps its coarser precision. With
  nothing narrated yet, the anchor is the reference. "a day later, on August
  9" is merged into ONE expression whose date is the explicit August 9.
* Ranges: "July 2-4" -> one expression, precision day, date July 2, date_end
  July 4.
* "May" alone is a month only after strong date words ("in May", "since May",
  "early May", "scheduled for May") and not before a verb ("by May said"); the
  other month names need milder context ("in April", "as March", "April's");
  unambiguous names (January, July...) may stand alone. Abbreviations alone
  ("Sept.") need "in/since/by/until/from/during".
* Garbled month names from paraphrasing ("Might", "Could" for May, "Walk" for
  March) count only in strict date context ("in Might", "Might 12, 2020").
* Fixed-date holidays (Christmas Day/Eve, New Year's Day/Eve, Singles' Day,
  Boxing Day, Valentine's Day, Halloween; "Christmas" after before/by/until...)
  -> that day, year nearest the anchor.
"""
from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import json
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

PRECISIONS = ("day", "week", "month", "quarter", "half", "year")


@dataclass(frozen=True, slots=True)
class TemporalExpression:
    """One temporal expression found in a text.

    For kind == "point": date/date_end are the first/last day of the period.
    For kind == "duration" ("within 45 days"): date/date_end/precision are None
    and duration_days / duration_months say how far from the action it lies.
    """

    start: int
    end: int
    text: str
    date: dt.date | None
    date_end: dt.date | None
    precision: str | None
    basis: str  # "stated" | "inferred"
    kind: str = "point"  # "point" | "duration"
    duration_days: int | None = None
    duration_months: int | None = None
    rule: str = ""  # name of the rule that produced it (reports, debugging)


# ---------------------------------------------------------------------------
# Normalisation tables
# ---------------------------------------------------------------------------

MONTH_NUMBERS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
# Paraphrase/spinning garbles, accepted only in strict date context.
GARBLED_MONTHS = {"might": 5, "could": 5, "walk": 3}
# Full names that are also common words or first names: need date context
# when they stand alone (no day, no year).
AMBIGUOUS_MONTHS = {"march", "may", "april", "june", "august"}

WEEKDAY_NUMBERS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1,
    "wednesday": 2, "wed": 2, "thursday": 3, "thu": 3, "thur": 3, "thurs": 3,
    "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50,
    "sixty": 60, "ninety": 90, "a couple of": 2, "couple of": 2, "a single": 1,
}

ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
    "fourth": 4, "4th": 4, "final": -1, "last": -1,
}

# Fixed-date holidays (name prefix, lowercased, apostrophes as spaces) -> (month, day)
HOLIDAYS = {
    "christmas eve": (12, 24), "christmas": (12, 25), "new year s eve": (12, 31),
    "new year s day": (1, 1), "singles": (11, 11), "boxing day": (12, 26),
    "valentine s day": (2, 14), "halloween": (10, 31),
}

UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week",
         "month": "month", "months": "month", "year": "year", "years": "year",
         "decade": "decade", "decades": "decade", "weekend": "weekend",
         "quarter": "quarter", "quarters": "quarter"}

# ---------------------------------------------------------------------------
# Named pattern fragments (defined once)
# ---------------------------------------------------------------------------

_FULL_MONTHS = ["January", "February", "March", "April", "May", "June", "July",
                "August", "September", "October", "November", "December"]
_ABBR_MONTHS = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep",
                "Oct", "Nov", "Dec"]
_GARBLED = ["Might", "Could", "Walk"]


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted(set(words), key=lambda w: (-len(w), w)))


_MONTH_FULL_ALT = _alt(
    [m for m in _FULL_MONTHS]
    + [m.upper() for m in _FULL_MONTHS]
    + [m.lower() for m in _FULL_MONTHS if m.lower() not in AMBIGUOUS_MONTHS]
    + _GARBLED
)
_MONTH_ABBR_ALT = _alt(_ABBR_MONTHS + [m.upper() for m in _ABBR_MONTHS])
_WEEKDAY_FULL = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                 "Saturday", "Sunday"]
_WEEKDAY_FULL_ALT = _alt(_WEEKDAY_FULL + [w.upper() for w in _WEEKDAY_FULL])
_WEEKDAY_ABBR_ALT = _alt(["Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs",
                          "Fri", "Sat", "Sun"])
_NUM_ALT = _alt([w for w in NUMBER_WORDS])


def MON(g: str) -> str:
    """A month name or abbreviation ("Sept." keeps its dot)."""
    return rf"(?P<{g}>(?:{_MONTH_FULL_ALT})\b|(?:{_MONTH_ABBR_ALT})(?:\.|\b))"


def DAY(g: str) -> str:
    """Day of month 1..31 with optional ordinal suffix; not part of a number."""
    return (rf"(?P<{g}>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d\w])"
            r"(?![.,]\d)(?!\s*(?:%|per\s?cent))")


def YEAR(g: str) -> str:
    return rf"(?P<{g}>1[89]\d\d|20\d\d)(?!\w)(?![.,:]\d)(?!\s*%)"


def WDAY(g: str) -> str:
    """Full weekday, or an abbreviation (only used as a prefix to a date)."""
    return (rf"(?P<{g}>(?:{_WEEKDAY_FULL_ALT})\b|"
            rf"(?:{_WEEKDAY_ABBR_ALT})(?:\.|\b))")


def NUM(g: str) -> str:
    return rf"(?P<{g}>\d{{1,3}}|(?i:{_NUM_ALT}))"


_I = "(?i:{})".format  # scoped case-insensitivity for keyword fragments

_MOD = _I(r"early|mid|late|end|start|beginning|"
          r"the\s+(?:end|beginning|start|middle|close|turn|rest)\s+of|"
          r"(?:end|beginning|start|middle|close)\s+of|"
          r"the\s+(?:first|second|third|last|final|fourth)\s+week\s+of")

_RULES = [
    # 2021-07-02, 2021/07/02
    ("iso", r"(?<![\d/.-])(?P<iso_y>(?:19|20)\d\d)(?P<iso_s>[-/])"
            r"(?P<iso_m>0[1-9]|1[0-2])(?P=iso_s)(?P<iso_d>0[1-9]|[12]\d|3[01])"
            r"(?![\d])"),
    # 15.12.2020 (day first, European); 25/12/2020 or 12/25/2020 when unambiguous
    ("numeric", r"(?<![\w./-])(?P<nu_a>0?[1-9]|[12]\d|3[01])(?P<nu_s>[./])(?P<nu_b>0?[1-9]|[12]\d|3[01])"
                r"(?P=nu_s)(?P<nu_y>(?:19|20)\d\d)(?![\w/]|\.\d)"),
    # odd formats normalised by dateparser: 20-Jul-2021, 20-Jul-21, Jul-20-2021, 2021.07.20
    ("odd", rf"(?<![\w./-])(?:(?P<od_dmy>\d{{1,2}}-(?:{_MONTH_FULL_ALT}|{_MONTH_ABBR_ALT})\.?-(?:\d{{4}}|\d\d))"
            rf"|(?P<od_mdy>(?:{_MONTH_FULL_ALT}|{_MONTH_ABBR_ALT})\.?-\d{{1,2}}-(?:\d{{4}}|\d\d))"
            rf"|(?P<od_ymd>(?:19|20)\d\d\.(?:0?[1-9]|1[0-2])\.(?:0?[1-9]|[12]\d|3[01])))(?![\w/-]|\.\d)"),
    # (Monday,) July 2(-4)(, 2021)
    ("mdy", rf"(?P<mdy_wk>(?i:the\s+)?(?i:week)\s+(?i:of)\s+)?(?:{WDAY('mdy_wd')},?\s+)?{MON('mdy_m')}\s*(?:the\s+)?"
            rf"{DAY('mdy_d')}(?:\s*[-–]\s*{DAY('mdy_d2')})?"
            rf"(?:,?\s+{YEAR('mdy_y')}|\s+(?P<mdy_rel>(?i:this|last|next))\s+(?i:year)\b)?"),
    # (Monday,) (the) 2(nd)(-4) (of) July( 2021)
    ("dmy", rf"(?P<dmy_wk>(?i:the\s+)?(?i:week)\s+(?i:of)\s+)?(?:{WDAY('dmy_wd')},?\s+)?(?:the\s+)?(?<![\d$€£¥.,:/+-])"
            rf"{DAY('dmy_d')}(?:\s*[-–]\s*{DAY('dmy_d2')})?"
            rf"(?:\s+of)?\s+{MON('dmy_m')}(?:,?\s+{YEAR('dmy_y')}|\s+(?P<dmy_rel>(?i:this|last|next))\s+(?i:year)\b)?"),
    # the first quarter of 2023 / second half of the 2025 financial year
    ("qtr_words", rf"(?:(?i:the)\s+)?"
                  rf"(?P<qw_ord>(?i:first|second|third|fourth|1st|2nd|3rd|4th|final|last))"
                  rf"[\s-]+(?P<qw_unit>(?i:quarter|half))"
                  rf"(?:\s+(?i:of)\s+(?:(?:(?i:the|its|their)|[A-Za-z.&-]+['’]s)\s+){{0,2}}"
                  rf"(?:(?i:fiscal|financial)\s+(?:(?i:year)\s+)?)?"
                  rf"(?:{YEAR('qw_y')}(?:[-–/]\d\d(?!\d))?"
                  rf"(?:\s+(?i:fiscal|financial)(?:\s+(?i:year))?)?"
                  rf"|(?P<qw_rel>(?i:this|last|next|the\s+current|the\s+previous|the\s+same|the|that))"
                  rf"\s+(?:(?i:fiscal|financial)\s+)?(?i:year))"
                  rf"|,?\s+{YEAR('qw_y2')})?"),
    # the first six months of the year (= H1), the last three months of 2020 (= Q4)
    ("months_of", rf"(?i:the\s+)(?P<mo_pos>(?i:first|last|final))\s+(?P<mo_n>(?i:three|six|3|6))\s+(?i:months)\s+"
                  rf"(?i:of)\s+(?:{YEAR('mo_y')}|(?P<mo_rel>(?i:the|this|last|next))\s+(?i:year))\b"),
    # Q1 2023, Q1'23, 1Q23, H2 2024, 1H24, Q3 FY22
    ("qtr_code", r"(?<![\w-])(?:Q(?P<qc_q>[1-4])|(?P<qc_q2>[1-4])Q|H(?P<qc_h>[12])|(?P<qc_h2>[12])H)"
                 r"(?:(?:\s*(?:of\s+)?|\s*['’]|\s*/\s*|\s+(?:FY|fiscal\s+)\s*|\s*FY)"
                 r"(?P<qc_y>(?:19|20)\d\d|\d\d)(?![\d\w])|\s+(?:of\s+)?(?P<qc_rel>this|last|next)\s+year\b)?(?![\w-])"),
    # fiscal 2021, fiscal year 2021, FY2021, FY21, FY2020-21, the 2025 financial year
    ("fiscal", rf"(?:(?:(?i:fiscal|financial))\s+(?:(?i:year)\s+)?{YEAR('fy_y')}"
               rf"|(?<![\w-])FY\s?['’]?(?P<fy_y2>(?:19|20)\d\d|\d\d)"
               rf"|(?:(?i:the)\s+)?{YEAR('fy_y3')}(?=(?:[-–/]\d\d(?:\d\d)?)?\s+(?i:fiscal|financial)\s+(?i:year))"
               rf"(?:[-–/]\d\d(?:\d\d)?)?\s+(?i:fiscal|financial)\s+(?i:year))"
               rf"(?:[-–/](?P<fy_end>\d\d(?:\d\d)?))?(?![\d\w])"),
    # the 1990s, the '90s, the early 2000s
    ("decade", r"(?:(?i:the)\s+)?(?:(?P<dec_mod>(?i:early|mid|late))[\s-]+)?"
               r"(?:(?P<dec_y>1[89]\d0|20\d0)|['’](?P<dec_y2>\d0))['’]?s\b"),
    # mid-2020, the end of 2019, early 2020
    ("year_mod", rf"(?P<ym_mod>{_MOD})[\s-]+(?:(?i:the)\s+(?i:year)\s+)?{YEAR('ym_y')}"),
    # summer 2020, the summer of 2020, last summer
    ("season", rf"(?:(?P<se_rel>(?i:this|last|next|this\s+past|this\s+coming|early|late))\s+)?"
               rf"(?:(?i:the)\s+)?(?P<se>(?i:spring|summer|autumn|fall|winter))"
               rf"(?:\s+(?:(?i:of)\s+)?{YEAR('se_y')})?\b"),
    # the December quarter, the June 2021 quarter
    ("month_qtr", rf"(?:(?i:the)\s+)?(?:{MON('mq_m0')}\s*[-–]\s*)?{MON('mq_m')}(?:\s+{YEAR('mq_y')})?\s+(?i:quarter)\b"),
    # over the weekend
    ("weekend", r"(?<=\s)(?i:the\s+weekend)\b"),
    # (mid-)(last) July(, 2021 | this year)
    ("month", rf"(?:(?P<mm_mod>{_MOD})[\s-]+)?(?:(?P<mm_rel1>(?i:last|this|next|this\s+past|this\s+coming))\s+)?"
              rf"{MON('mm_m')}(?:,?\s+(?:of\s+)?{YEAR('mm_y')}"
              rf"|\s+(?P<mm_rel2>(?i:this|last|next))\s+(?i:year))?"),
    # 2020, 2019-2021, 2020-21
    ("year", rf"(?<![\w$€£¥#.,/+-]){YEAR('yr_y')}"
             rf"(?:\s*(?P<yr_sep>[-–/])\s*(?:(?P<yr_y2>(?:19|20)\d\d)|(?P<yr_y2s>\d\d))(?![\d\w]))?"),
    # Christmas Day, New Year's Eve, Singles' Day (fixed-date holidays)
    ("holiday", r"(?P<ho>Christmas\s+(?:Day|Eve)|New\s+Year['’]s\s+(?:Day|Eve)|Singles['’]?\s+Day|"
                r"Boxing\s+Day|Valentine['’]s\s+Day|Halloween|"
                r"(?:(?<=before\s)|(?<=after\s)|(?<=until\s)|(?<=since\s)|(?<=by\s)|(?<=on\s)|"
                r"(?<=at\s)|(?<=over\s))Christmas)"
                r"(?:\s+(?P<ho_y>(?:19|20)\d\d)(?!\w))?\b"),
    # today, yesterday, tomorrow, tonight, this morning, last night
    ("rel_day", _I(r"(?P<rd>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|"
                   r"today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)|last\s+night)")
                + r"\b"),
    # earlier in the week
    ("rel_in", _I(r"(?P<ri_mod>earlier|later)\s+in\s+the\s+(?P<ri_unit>week|month|year)") + r"\b"),
    # (earlier) this/last/next week|month|quarter|year, the following week, that year,
    # the end of the year
    ("rel_unit", r"(?:(?P<ru_mod>(?i:earlier|later|early|late|mid|the\s+(?:end|beginning|start|middle|rest)\s+of|(?:end|beginning|start|middle|rest)\s+of))[\s-]+)?"
                 r"(?P<ru_rel>(?i:this\s+past|this\s+coming|this|last|next|the\s+current|the\s+coming|the\s+previous|the\s+prior|the\s+preceding|the\s+following|the\s+next|the\s+same|that\s+same|that|(?<=of\s)the))"
                 r"\s+(?:(?P<ru_fis>(?i:fiscal|financial))\s+)?"
                 r"(?P<ru_unit>(?i:weekend|week|month|quarter|year))\b"),
    # by year-end
    ("year_end", _I(r"(?<=by\s|at\s)year[-\s]end|(?<=by\s|at\s)mid-year") + r"\b"),
    # two days ago, a week later, three months earlier
    ("ago", rf"{NUM('ag_n')}\s+(?P<ag_u>(?i:hours?|minutes?|days?|weeks?|fortnights?|months?|years?|decades?))"
            rf"\s+(?P<ag_dir>(?i:ago|later|earlier|after\s+that|before\s+that|on(?=,)|afterwards?|thereafter))\b"),
    # the next day, the day before, that day, hours later
    ("chain", _I(r"(?P<ch>the\s+(?:next|following|previous|prior|preceding)\s+(?:day|morning|afternoon|evening|night)|"
                 r"the\s+day\s+(?:after|before)(?=\s*[,.;)]|\s*$)|"
                 r"(?:later\s+|earlier\s+)?that\s+(?:same\s+)?(?:day|morning|afternoon|evening|night)|"
                 r"the\s+same\s+day|hours\s+later|"
                 r"the\s+(?:year|month|week)\s+(?:before|after)(?=\s*[,.;)]|\s*$))") + r"\b"),
    # (last) Monday (evening)
    ("weekday", rf"(?:(?P<wd_rel>(?i:this\s+past|this\s+coming|last|next|this|past|coming))\s+)?"
                rf"(?P<wd_d>(?:{_WEEKDAY_FULL_ALT}))\b"
                rf"(?:\s+(?P<wd_tod>morning|afternoon|evening|night)\b)?"),
    # within 45 days, in 30 days' time, no later than three months
    ("duration", rf"(?P<du_pre>(?i:within|no\s+later\s+than|not\s+later\s+than|in))\s+"
                 rf"(?:(?i:the\s+next|the\s+following|the\s+coming)\s+)?{NUM('du_n')}\s+"
                 rf"(?P<du_u>(?i:hours?|(?:business|working|calendar)\s+days?|days?|weeks?|months?|years?))\b"
                 rf"(?P<du_time>['’]s?\s+time|\s+time)?"),
]

_MASTER = re.compile("|".join(f"(?P<{name}>{pat})" for name, pat in _RULES))
# Each rule alone: when the context filter rejects the first rule matching at a
# position, the later rules are tried there too (rejection never hides them).
_RULE_RES = [(name, re.compile(f"(?P<{name}>{pat})")) for name, pat in _RULES]
_RULE_INDEX = {name: i for i, (name, _) in enumerate(_RULES)}
RULE_NAMES = tuple(name for name, _ in _RULES)  # for build reports: rules that never fired

# Sentence boundaries: terminator + space + capital/quote, or a line break.
_SENT_BOUNDARY = re.compile(r"[.!?…][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z])|\n")

# Direction cues. Future alternatives first so "expected to" beats "-ed".
_CUES = re.compile(
    r"(?P<fut>\b(?:(?:will|would|shall|must|may|might|could|should|can|to)\s+"
    r"(?:not\s+)?(?:be|have\s+been|get)\s+(?:[a-z]+ed|[a-z]+en|paid|held|made|"
    r"put|set|cut|hit|sent|sold|told|shut|brought|bought|struck|built|sought)|"
    r"will|won['’]t|shall|would|wo\s+n't|must|could|should|might|"
    r"(?:is|are|was|were)\s+(?:set|due|scheduled|slated|expected|poised|going)\s+to|"
    r"set\s+to|due\s+(?:to|by|on|in)|due|deadline|scheduled|slated|"
    r"expected\s+to|plans?\s+to|planning\s+to|intends?\s+to|going\s+to|"
    r"(?:is|are)\s+to|takes?\s+effect|comes?\s+into\s+(?:force|effect)|"
    r"enters?\s+into\s+force|effective|expires?|expiring|upcoming|"
    r"starting|from\s+\S+\s+\S+\s+on(?:wards?)?|no\s+later\s+than|ahead\s+of|"
    r"closes|opens|ends|begins|starts|resumes|kicks\s+off|applies|"
    r"goes\s+into\s+effect|runs\s+(?:until|till|through))\b|['’]ll\b)"
    r"|(?P<past>\b(?:according\s+to|said|told|was|were|had|did|ago|earlier|previously|"
    r"recently|took|made|came|went|gave|began|saw|won|lost|sent|brought|"
    r"bought|sold|paid|led|left|met|held|kept|wrote|spoke|rose|fell|struck|"
    r"ran|drew|grew|froze|sought|found|became|thought|withdrew|last|upheld|overturned|"
    r"struck|forbade|bid|shut|hit|cut|put|set\s+out|laid|slapped|won|read|sat|stood|"
    r"[a-z]{2,}ed)\b)",
    re.IGNORECASE,
)
_ED_NOT_PAST = {"need", "feed", "speed", "seed", "red", "bed", "hundred",
                "united", "limited", "related", "indeed", "proceed", "exceed",
                "succeed", "based", "listed", "shed", "embed", "breed", "weed",
                "greed", "deed", "creed", "interested", "concerned", "advanced",
                "detailed", "dedicated", "complicated", "sophisticated",
                "unprecedented", "expected", "scheduled", "planned", "proposed",
                "so-called", "called", "named", "required", "increased",
                "reduced", "owned", "backed", "led", "regulated", "registered",
                "centered", "centred", "sized"}
_FUT_PREP = re.compile(
    r"(?:\b(?:by|until|till|til|starting|beginning|effective|from|"
    r"no\s+later\s+than|not\s+later\s+than|ahead\s+of|deadline(?:\s+(?:of|is|was))?|"
    r"due(?:\s+(?:on|by|in))?|takes\s+effect(?:\s+on)?|expires(?:\s+on)?|"
    r"(?:extended|postponed|delayed|pushed\s+back|moved|deferred|adjourned)\s+(?:to|until|till))"
    r"(?:\s+(?:on|in|the|early|late|mid|end\s+of|the\s+end\s+of))*[\s-]*)$",
    re.IGNORECASE,
)
_WEAK_FUT_PREP = {"until", "till", "til", "from"}
_CLAUSE_MARKS = (",", ";", ":", "—", "–", "(", ")", "“", "”", '"')

# Context words that make a bare month name a month ("in April", "since June").
_MONTH_CONTEXT = re.compile(
    r"\b(?:in|since|by|until|till|til|from|through|throughout|during|before|"
    r"after|of|around|as\s+of|between|starting|beginning|ending|early|mid|late|"
    r"last|this|next|every|each|for|circa|as|"
    r"as\s+early\s+as|as\s+late\s+as|no\s+later\s+than)[\s-]*$",
    re.IGNORECASE,
)
# "May" needs a stronger context (modal verb, a surname).
_MAY_CONTEXT = re.compile(
    r"\b(?:in|since|by|until|till|til|during|through|throughout|from|early|mid|"
    r"late|last|this|next|between|as\s+of|as\s+early\s+as|no\s+later\s+than|"
    r"(?:half|part|end|beginning|start|middle|month|week|weeks|days|rest)\s+of|"
    r"(?:scheduled|set|planned|slated|due|expected|postponed|delayed|pencilled|penciled)\s+for)[\s-]*$",
    re.IGNORECASE,
)
_NAME_VERB_AFTER = re.compile(
    r"(?:['’]s\b|\s+(?:said|says|has|had|was|is|will|would|told|announced|"
    r"resigned|insisted|added|warned|wants|wanted|urged|called|met|spoke|"
    r"argued|promised|faced|failed|won|lost|did|does|government|cabinet|"
    r"administration)\b)")
# A month name (and a list word) right before: "April and May", "January-June".
_MONTH_LIST_BEFORE = re.compile(
    r"(?:" + _MONTH_FULL_ALT + r"|" + _MONTH_ABBR_ALT + r")\.?\s*(?:,\s*)?"
    r"(?:(?:and|or|to|through|until|till)\s+(?:early\s+|mid[-\s]|late\s+)?|[-–/]\s*)$")
_ABBR_LOWER = frozenset(m.lower() for m in _ABBR_MONTHS)
_ABBR_CONTEXT = re.compile(
    r"\b(?:in|since|until|by|from|during|early|mid|late)[\s-]*$", re.IGNORECASE)
_STRICT_GARBLE_CONTEXT = re.compile(
    r"\b(?:in|since|by|until|till|from|during|early|mid|late|last|next|"
    r"this|of|between|through)[\s-]*$",
    re.IGNORECASE,
)
_GARBLE_FOLLOW = re.compile(
    r"(?:\s*(?:$|[.,;:!?)\]\"”’—–-])|\s+(?:and|or|to|when|after|before|this|"
    r"last|next|of|at|the|a|an|it|its|their|his|her|they|we|he|she|but|"
    r"while|as|amid|following|that|which|with|for|on|in)\b|\s+(?:19|20)\d\d)"
)
# Year: words that make a following 4-digit number a label or amount.
_YEAR_LABEL_BEFORE = re.compile(
    r"(?:\b(?:section|sections|article|articles|rule|rules|no|nos|number|"
    r"numbers|model|models|version|versions|v|form|chapter|title|part|"
    r"paragraph|para|clause|annex|item|items|route|flight|room|page|pages|"
    r"code|codes|grade|level|stage|phase|batch|size|floor|suite|unit|lot|"
    r"exhibit|patent|serial|ticket|top|rs|inr|usd|eur|gbp|cny|rmb|hkd|jpy|"
    r"yuan|rupees|dollars|euros|pounds|yen|number|id|directive|"
    r"pin|zip|postcode|tel|phone|fax|ext|index|bill|bills|cap|ipo|sku|"
    r"total|additional|another|extra)\.?\s*|[$€£¥₹#+*×x]\s*|\d[\s-]|"
    r"\d,)$",
    re.IGNORECASE,
)
# Quantifiers: "about 2000 joined" is a count, "higher than 2019." a year.
_YEAR_QUANTIFIER_BEFORE = re.compile(
    r"\b(?:over|nearly|almost|roughly|approximately|about|some|than|least|"
    r"fewer|up\s+to|around)\s*$", re.IGNORECASE)
_YEAR_AFTER_QUANTIFIER_OK = re.compile(
    r"\s*(?:[.,;:)!?]|$|\s+(?:and|or|to|levels?|figures?|highs?|lows?|peaks?)\b)")
_DETERMINER_BEFORE = re.compile(
    r"(?:\b(?:the|its|their|his|her|our|your|my|this|that|these|those|"
    r"whose|a|an)|['’]s)\s*$",
    re.IGNORECASE,
)
_COUNT_AFTER = re.compile(
    r"\s*(?:%|[-–]?\s*(?:per\s?cent|percent|people|persons|staff|personnel|"
    r"crore|lakh|yuan|rmb|dollars?|euros?|pounds|rupees|won|yen|million|"
    r"billion|trillion|mln|bln|kg|km|kms|mw|gw|kw|mah|mph|feet|ft|metres|"
    r"meters|miles|tons|tonnes|units|children|men|women|times|hours|minutes|"
    r"seconds|points?|bps|basis\s+points|yards|acres|words|characters|"
    r"pages|votes|seats|cases|deaths|shares|users|employees|workers|jobs|"
    r"stores|apps|accounts|companies|firms|cars|vehicles|phones|devices|"
    r"items|products|outlets|branches|members|customers|subscribers|"
    r"students|patients|sq|square|barrels|bottles|copies|runs|goals|"
    r"of\s+(?:them|which|whom|those|these))\b)",
    re.IGNORECASE,
)
_LOWER_PLURAL_AFTER = re.compile(r"\s+([a-z]{3,}s)\b")
_YEAR_PLURAL_OK = {"was", "has", "is", "does", "says", "sees", "marks", "saw",
              "looks", "seems", "brings", "means", "begins", "ends", "gives",
              "shows", "remains", "proves", "becomes", "comes", "goes",
              "always", "whereas", "versus", "its", "thus", "plus", "as",
              "this", "his", "hers", "ours", "yes", "across", "less",
              "unless", "onwards", "towards", "afterwards", "sales",
              "results", "elections", "accounts", "earnings", "figures",
              "rules", "regulations", "guidelines", "olympics", "games",
              "levels", "numbers", "data", "talks", "protests", "sanctions",
              "amendments", "reforms", "policies", "laws", "acts", "filings",
              "statements", "reports", "forecasts", "estimates", "budgets",
              "targets", "goals", "plans", "accords", "riots", "polls",
              "midterms", "primaries", "financials", "revenues", "profits",
              "losses", "deadlines"}
_CAP_WORD_BEFORE = re.compile(r"(?<![\w'’])([A-Z][\w&.’'-]*)\s+$")
_NON_LABEL_CAPS = {
    "in", "since", "by", "until", "till", "from", "through", "during",
    "before", "after", "of", "around", "between", "starting", "beginning",
    "early", "mid", "late", "end", "for", "to", "and", "or", "than", "circa",
    "the", "its", "their", "his", "her", "our", "this", "that", "on", "at",
    "as", "fiscal", "financial", "fy", "summer", "winter", "spring",
    "autumn", "fall", "back", "also", "only", "not", "even", "until",
    "year", "years", "then", "unlike", "was", "is", "however", "but",
    "yet", "so", "while", "whereas", "now", "again", "ended",
} | set(MONTH_NUMBERS) | set(WEEKDAY_NUMBERS)
_DATE_CONTEXT_CAPS = _NON_LABEL_CAPS | {
    "last", "next", "this", "past", "coming", "late", "early", "said",
    "reported", "announced", "ap", "reuters", "bloomberg", "afp", "xinhua",
    "pti", "ians", "ani", "cnn", "bbc", "beijing", "washington", "london",
    "brussels", "new", "york", "delhi", "tokyo", "said,",
}
_WEEKDAY_NAME_AFTER = re.compile(
    r"\s+(?:Times|Express|Telegraph|Mirror|Post|Morning\s+Post|Herald|Independent|"
    r"Observer|Star|Mail|Standard|Sport|People|Business|Edition|Magazine|Review|"
    r"Live|Night|Tribune|Age|Guardian|Journal|Sun|Record|Ledger|Show|Club|School|"
    r"Service|Project|Group)\b")
_WEEKDAY_NAME_BEFORE = {"black", "cyber", "good", "super", "easter", "holy",
                        "ash", "giving", "manic", "blue", "bloody", "mad",
                        "maundy", "palm", "shrove", "fat", "casual", "man",
                        "girl", "his", "her", "my", "robinson", "crusoe"}


# ---------------------------------------------------------------------------
# Calendar helpers
# ---------------------------------------------------------------------------

def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def period_end(start: dt.date, precision: str) -> dt.date:
    """Last day of the period of `precision` that starts on `start`.

    The one definition (the schemas' date checks import it from here), so that the
    extractor starts without importing the table schemas (pandas, pandera)."""
    if precision == "day":
        return start
    if precision == "week":
        return start + dt.timedelta(days=6)
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[precision]
    m = start.month - 1 + months - 1
    y, m = start.year + m // 12, m % 12 + 1
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: dt.date, n: int) -> dt.date:
    total = d.year * 12 + (d.month - 1) + n
    y, m = divmod(total, 12)
    m += 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def add_duration(day: dt.date, e: "TemporalExpression") -> dt.date:
    """The day a duration expression ("within 45 days", "within six months") places after `day`."""
    return _add_months(day + dt.timedelta(days=e.duration_days or 0), e.duration_months or 0)


def _period(precision: str, d: dt.date) -> tuple[dt.date, dt.date]:
    """The period of `precision` that contains `d` as (first day, last day)."""
    if precision == "day":
        return d, d
    if precision == "week":
        mon = d - dt.timedelta(days=d.weekday())
        return mon, mon + dt.timedelta(days=6)
    if precision == "month":
        return d.replace(day=1), _month_end(d.year, d.month)
    if precision == "quarter":
        q0 = (d.month - 1) // 3 * 3 + 1
        return dt.date(d.year, q0, 1), _month_end(d.year, q0 + 2)
    if precision == "half":
        h0 = 1 if d.month <= 6 else 7
        return dt.date(d.year, h0, 1), _month_end(d.year, h0 + 5)
    return dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)


def _shift(d: dt.date, unit: str, n: int) -> dt.date:
    if unit == "day":
        return d + dt.timedelta(days=n)
    if unit in ("week", "weekend"):
        return d + dt.timedelta(days=7 * n)
    if unit == "month":
        return _add_months(d, n)
    if unit == "quarter":
        return _add_months(d, 3 * n)
    if unit == "half":
        return _add_months(d, 6 * n)
    if unit == "decade":
        return _add_months(d, 120 * n)
    return _add_months(d, 12 * n)


_PREC_RANK = {p: i for i, p in enumerate(PRECISIONS)}
_UNIT_PREC = {"day": "day", "week": "week", "weekend": "week", "month": "month",
              "quarter": "quarter", "year": "year", "decade": "year"}


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


# ---------------------------------------------------------------------------
# Candidates
# ---------------------------------------------------------------------------

@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    rule: str
    m: re.Match
    explicit: dict | None = None  # for merged "a day later, on August 9"
    year_link: "_Cand | None" = None  # "April" in "between April and June 2020"


def _num(s: str | None) -> int | None:
    if s is None:
        return None
    s = s.lower()
    if s.isdigit():
        return int(s)
    s = re.sub(r"\s+", " ", s)
    return NUMBER_WORDS.get(s)


def _year2(s: str, ref: int | None = None) -> int:
    """'21' -> 2021; four digits kept."""
    v = int(s)
    if len(s) == 2:
        century = (ref // 100 * 100) if ref else 2000
        v = century + v
        if ref and v < ref:
            v += 100
    return v


@functools.lru_cache(maxsize=4096)
def _dateparser_date(candidate: str, date_order: str) -> dt.date | None:
    """Normalise an odd-format candidate ("20-Jul-21", "2021.07.20") with
    dateparser (strict: day, month and year must all be present). Cached: news
    repeats the same datelines."""
    try:
        import dateparser  # lazy: only for the rare odd formats
    except ImportError:  # pragma: no cover
        return None
    parsed = dateparser.parse(candidate, languages=["en"], settings={
        "STRICT_PARSING": True, "DATE_ORDER": date_order,
        "RELATIVE_BASE": dt.datetime(2000, 1, 1)})
    return parsed.date() if parsed else None


def _month_of(token: str) -> int | None:
    t = token.rstrip(".").lower()
    return MONTH_NUMBERS.get(t) or GARBLED_MONTHS.get(t)


def _before(text: str, pos: int, width: int = 40) -> str:
    return text[max(0, pos - width):pos]


def _at_sentence_start(text: str, pos: int) -> bool:
    pre = text[max(0, pos - 4):pos]
    return pos == 0 or bool(re.search(r"(?:^|[.!?:\n\"“‘(\[—–-])\s*$", pre))


def _is_garbled(tok: str) -> bool:
    return tok.rstrip(".").lower() in GARBLED_MONTHS


def _garble_ok(text: str, m: re.Match, g: str, *, has_day: bool, has_year: bool) -> bool:
    """'Might'/'Could'/'Walk' as a month only in strict date context."""
    if has_year:
        return True  # "Might 2020", "Might 12, 2020"
    if _at_sentence_start(text, m.start(g)):
        return False  # "Might is right"
    if not _STRICT_GARBLE_CONTEXT.search(_before(text, m.start(g), 20)):
        return False
    return has_day or bool(_GARBLE_FOLLOW.match(text, m.end(g)))


def _month_alone_ok(text: str, m: re.Match, g: str, start: int) -> bool:
    """Is a month name with no day and no year a month here?"""
    tok = m.group(g)
    low = tok.rstrip(".").lower()
    if _is_garbled(tok):
        return _garble_ok(text, m, g, has_day=False, has_year=False)
    pre = _before(text, start, 30)
    if _MONTH_LIST_BEFORE.search(pre):
        return True  # "April and May", "January-June", "from April to June"
    if low in _ABBR_LOWER:
        # abbreviations alone only after a strong preposition: "in Sept."
        return bool(_ABBR_CONTEXT.search(pre))
    if low == "may":
        # "May" is also a modal and a surname: strong context, and not "May said"
        return bool(_MAY_CONTEXT.search(pre)) and not _NAME_VERB_AFTER.match(text, m.end(g))
    if _MONTH_CONTEXT.search(pre):
        return True
    if low not in AMBIGUOUS_MONTHS:
        # unambiguous names stand alone ("the January deal"), but not in a
        # name ("January Jones")
        nxt = re.match(r"\s+([A-Z][a-z]+)", text[m.end(g):m.end(g) + 20])
        return not (nxt and nxt.group(1).lower() not in MONTH_NUMBERS)
    # "April's figures" (possessive); "March's" stays ambiguous
    return text.startswith(("'s", "’s"), m.end(g)) and low != "march"


def _year_ok(text: str, start: int, end: int) -> bool:
    """Is a bare 4-digit number a year here?"""
    pre = _before(text, start, 30)
    if _YEAR_LABEL_BEFORE.search(pre):
        return False
    post = text[end:end + 30]
    if _YEAR_QUANTIFIER_BEFORE.search(pre) and not _YEAR_AFTER_QUANTIFIER_OK.match(post):
        return False
    if re.match(r"[-–]\d|\s+\d{2,}\b|\s*[)]?\s*[-–]\s*\d{3}", post):
        return False  # phone-like / code continues
    if _COUNT_AFTER.match(post):
        return False
    pl = _LOWER_PLURAL_AFTER.match(post)
    if pl and pl.group(1) not in _YEAR_PLURAL_OK and not _DETERMINER_BEFORE.search(pre):
        return False
    cap = _CAP_WORD_BEFORE.search(pre)
    if cap:
        word = cap.group(1).rstrip(".,").lower()
        word = word[:-2] if word.endswith(("'s", "’s")) else word
        if cap.group(1).endswith(("'s", "’s")):
            return True
        if word not in _NON_LABEL_CAPS and not _at_sentence_start(text, cap.start(1)):
            return False
        if word not in _NON_LABEL_CAPS and not re.search(r"[.!?]\s*$|^\s*$|\n\s*$",
                                                         pre[:cap.start(1)]):
            return False
    return True


def _weekday_ok(text: str, m: re.Match) -> bool:
    if _WEEKDAY_NAME_AFTER.match(text, m.end("wd_d")):
        return False  # "the Sunday Times", "on Sunday Express reports"
    if m.group("wd_rel"):
        return True
    if not m.group("wd_tod"):
        nxt = re.match(r"\s+([A-Z][a-z]+)", text[m.end("wd_d"):m.end("wd_d") + 20])
        if nxt and nxt.group(1).lower() not in MONTH_NUMBERS and \
                nxt.group(1) not in ("The", "A", "An", "I", "He", "She", "It", "We", "They") and \
                (_at_sentence_start(text, m.start("wd_d")) or
                 re.search(r"(?:\b(?:the|a|an)|['’]s)\s+$", text[max(0, m.start("wd_d") - 6):m.start("wd_d")], re.I)):
            # "the Sunday Times", "Monday Night Football": a name
            return False
    s = m.start("wd_d")
    if re.search(r"\b(?:a|an|every|each|any)\s+$", text[max(0, s - 7):s], re.I):
        return False  # "on a Saturday", "every Monday": not a particular day
    prev = re.search(r"([A-Za-z’']+)\W*$", text[max(0, s - 25):s])
    if prev:
        w = prev.group(1).lower()
        if w in _WEEKDAY_NAME_BEFORE:
            return False
    return True


def _accept(text: str, c: _Cand) -> bool:
    """Context filter: does the regex match denote a time here?"""
    m, r = c.m, c.rule
    if r in ("mdy", "dmy"):
        g = "mdy_m" if r == "mdy" else "dmy_m"
        tok = m.group(g)
        has_year = bool(m.group(r + "_y") or m.group(r + "_rel"))
        if _is_garbled(tok):
            if not _garble_ok(text, m, g, has_day=True, has_year=has_year):
                return False
        if _month_of(tok) is None:
            return False
        wd = m.group(r + "_wd")
        if wd and wd.rstrip(".").lower() in ("sun", "sat", "mon", "wed") and \
                not wd.endswith(".") and not re.match(r"\w+,", text[m.start(r + "_wd"):]):
            # "Sun July 4"? keep only "Sun., July 4" / "Sun, July 4"
            return False
        if r == "mdy" and not has_year:
            # "May 5" fine; "March 2 miles"? day followed by a unit word
            post = text[m.end():m.end() + 20]
            if re.match(r"\s+(?:people|percent|per\s?cent|million|billion|"
                        r"days|weeks|months|years|times|apps|companies)\b", post, re.I):
                return False
        if r == "dmy" and not has_year:
            pre = _before(text, c.start, 30)
            cap = _CAP_WORD_BEFORE.search(pre)
            if cap and cap.group(1).lower() not in _DATE_CONTEXT_CAPS and \
                    not _at_sentence_start(text, cap.start(1)) and \
                    not m.group("dmy_wd"):
                # "Windows 10 March update": a product number, not a date
                return False
        return True
    if r == "month":
        g = "mm_m"
        tok = m.group(g)
        if _month_of(tok) is None:
            return False
        has_year = bool(m.group("mm_y"))
        if _is_garbled(tok):
            if m.group("mm_mod") or m.group("mm_rel1"):
                # "early Might", "last Might": the modifier is the date context
                return has_year or bool(_GARBLE_FOLLOW.match(text, m.end(g)))
            return _garble_ok(text, m, g, has_day=False, has_year=has_year)
        if has_year or m.group("mm_rel2") or m.group("mm_mod") or m.group("mm_rel1"):
            return True
        return _month_alone_ok(text, m, g, c.start)
    if r == "year":
        if text.startswith("/", c.end) or m.group("yr_sep") == "/" and not (
                m.group("yr_y2s") and int(m.group("yr_y2s")) == (int(m.group("yr_y")) + 1) % 100):
            return False  # "Regulation (EU) 2016/679": a document number
        if m.group("yr_sep"):
            y = int(m.group("yr_y"))
            y2 = int(m.group("yr_y2")) if m.group("yr_y2") else _year2(m.group("yr_y2s"), y)
            if not (y < y2 <= y + 10):
                return False  # "2020-2019": a score, not a period
        if not _year_ok(text, c.start, c.end):
            return False
        return True
    if r == "year_mod":
        return True
    if r == "season":
        if not (m.group("se_y") or (m.group("se_rel") and m.group("se_rel").lower() in
                                    ("this", "last", "next", "this past", "this coming"))):
            return False
        return True
    if r == "numeric":
        a_, b_ = int(m.group("nu_a")), int(m.group("nu_b"))
        if re.search(r"\b(?:version|ver|v|release|build|rev|no|number|ip|ref)\.?\s*$",
                     _before(text, c.start, 12), re.I):
            return False
        if m.group("nu_s") == ".":
            return b_ <= 12  # day.month.year
        return (a_ > 12) != (b_ > 12)  # slash: only when unambiguous
    if r == "month_qtr":
        mon = _month_of(m.group("mq_m"))
        return mon in (3, 6, 9, 12) and not _is_garbled(m.group("mq_m"))
    if r == "weekend":
        return bool(re.search(r"\b(?:over|during|at|on|for|through|throughout)\s+$",
                              _before(text, c.start, 15), re.I))
    if r == "decade":
        # "2020's biggest IPO" is a possessive year; "the 2020's" a decade
        if not m.group("dec_y2") and re.search(r"['’]s$", m.group(0)) and \
                not re.match(r"(?i:the|early|mid|late)\b", m.group(0)):
            return False
        return True
    if r == "qtr_code":
        if m.group("qc_h") or m.group("qc_h2"):
            # "H1" alone is a heading/visa/chip name unless in date context
            return bool(m.group("qc_y") or m.group("qc_rel")) or bool(re.search(
                r"\b(?:in|during|for|by|since|of|until)\s+$", _before(text, c.start, 10), re.I))
        return True
    if r == "qtr_words":
        ordw = m.group("qw_ord").lower()
        has_of = bool(m.group("qw_y") or m.group("qw_y2") or m.group("qw_rel"))
        if ordw in ("last", "final") and not has_of:
            return False
        if m.group("qw_unit").lower() == "half" and not has_of:
            # "the second half" alone (sports, a film) is not a date; the
            # adjectival "first-half profit" is
            return "-" in m.group(0)
        return True
    if r == "rel_unit":
        rel = re.sub(r"\s+", " ", m.group("ru_rel").lower())
        mod = m.group("ru_mod")
        if rel == "the" and not mod:
            return False
        pre = _before(text, c.start, 25).lower()
        if not mod and rel in ("last", "next") and re.search(r"\bthe\s*$", pre):
            # "the last year", "the next week": a span of time, not a date
            return False
        if not mod and rel in ("the next", "the following", "the coming") and \
                re.search(r"\b(?:over|in|within|during|for|through|throughout)\s*$", pre):
            # "over the next year", "in the coming week": a span
            return False
        if not mod and rel in ("the previous", "the prior", "the preceding") and \
                re.search(r"\b(?:over|within|during|for|through|throughout)\s*$", pre):
            # "over the previous year" (but "in the previous year" is a date)
            return False
        return True
    if r == "weekday":
        return _weekday_ok(text, m)
    if r == "ago":
        n = _num(m.group("ag_n"))
        if n is None:
            return False
        d = m.group("ag_dir").lower()
        if d == "ago":
            return True
        # "later"/"earlier" chain; reject "a year earlier" after "from"/"than"
        # comparisons ("up 5% from a year earlier")
        pre = _before(text, c.start, 20).lower()
        if re.search(r"\b(?:from|than|over|versus|vs\.?|with)\s*$", pre):
            return False
        return True
    if r == "duration":
        n = _num(m.group("du_n"))
        if n is None:
            return False
        if m.group("du_pre").lower() == "in" and not m.group("du_time"):
            return False
        return True
    return True


_TRIGGER_WORDS = [
    "today", "tonight", "yesterday", "tomorrow", "morning", "afternoon",
    "evening", "night", "day", "days", "week", "weeks", "weekend", "month",
    "months", "quarter", "quarters", "half", "year", "years", "decade",
    "decades", "fortnight", "fortnights", "hour", "hours", "minute", "minutes", "spring", "summer", "autumn", "fall",
    "winter", "Christmas", "Year", "Singles", "Boxing", "Valentine", "Halloween",
]
def _trie(words: Iterable[str]) -> str:
    """A regex alternation of literal words as a trie (much faster to scan)."""
    root: dict = {}
    for w in set(words):
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


_TRIGGER = re.compile(
    r"(?=[A-Za-z0-9])(?:\b(?:" + _trie(
        _FULL_MONTHS + [m.upper() for m in _FULL_MONTHS]
        + [m.lower() for m in _FULL_MONTHS if m.lower() not in AMBIGUOUS_MONTHS]
        + _ABBR_MONTHS + [m.upper() for m in _ABBR_MONTHS] + _GARBLED
        + _WEEKDAY_FULL + [w.upper() for w in _WEEKDAY_FULL]
        + _TRIGGER_WORDS + [w.title() for w in _TRIGGER_WORDS]
        + [w.upper() for w in _TRIGGER_WORDS]
    ) + r")\b|\d+)"
)
# Where an expression may start: a word (or "'90s") start whose word can open
# one of the rules (checked against _STARTERS before running the rule regex).
_WORD_START = re.compile(r"(?<![\w'’])[\w'’]")
_WORD = re.compile(r"['’]?\w+")
_STARTERS = frozenset(
    """the a an early mid late end start beginning middle close this last next
    past coming that earlier later within no not in fiscal financial fy first
    second third fourth final 1st 2nd 3rd 4th today tonight yesterday tomorrow
    week year hours minutes spring summer autumn fall winter couple christmas new
    singles boxing valentine halloween""".split()
    + [w.split()[0].split("-")[0] for w in NUMBER_WORDS]
    + list(MONTH_NUMBERS) + list(GARBLED_MONTHS) + list(WEEKDAY_NUMBERS)
)
_CODE_PREFIXES = frozenset(("q1", "q2", "q3", "q4", "h1", "h2", "fy"))


def _may_start(text: str, s: int) -> bool:
    w = _WORD.match(text, s)
    if w is None:
        return False
    tok = w.group(0).lower()
    return (tok in _STARTERS or tok[0].isdigit() or tok[0] in "'’"
            or tok[:2] in _CODE_PREFIXES)
_LOOKBACK_CHARS = 60
_LOOKBACK_WORDS = 6


def _find_candidates(text: str) -> list[_Cand]:
    """Cheap trigger scan (month/weekday names, unit words, digits); the rule
    regex is then tried only at the few word starts just before a trigger.
    Every rule contains a trigger token, so nothing is missed, and a rejected
    match never hides a later candidate."""
    out: list[_Cand] = []
    consumed = 0
    match = _MASTER.match
    # start -> rule-regex match there (None: no expression can start there); the
    # lookback windows of neighbouring triggers overlap
    tried: dict[int, re.Match | None] = {}
    for tm in _TRIGGER.finditer(text):
        p = tm.start()
        if p < consumed:
            continue
        lo = max(consumed, p - _LOOKBACK_CHARS)
        starts = [w.start() for w in _WORD_START.finditer(text, lo, p)]
        starts = starts[-_LOOKBACK_WORDS:]
        if not starts or starts[-1] != p:
            starts.append(p)
        for s in starts:
            if s in tried:
                m = tried[s]
            else:
                m = tried[s] = match(text, s) if _may_start(text, s) else None
            c = None if m is None else _candidate(text, s, p, m.lastgroup, m)
            if c is None:
                continue
            if not _accept(text, c):
                c = _retry(text, s, p, _RULE_INDEX[m.lastgroup] + 1)
                if c is None:
                    continue
            out.append(c)
            consumed = c.end
            break
    return out


def _retry(text: str, s: int, p: int, first_rule: int) -> _Cand | None:
    """Try the rules after a rejected one at the same start position."""
    for name, rx in _RULE_RES[first_rule:]:
        c = _candidate(text, s, p, name, rx.match(text, s))
        if c is not None and _accept(text, c):
            return c
    return None


def _candidate(text: str, s: int, p: int, name: str | None, m) -> _Cand | None:
    """The match `m` at `s` as a candidate, if it still reaches past `p` once the trailing
    whitespace or dash a pattern may have eaten is trimmed."""
    if m is None or m.end() <= p:
        return None
    e = m.end()
    while e > s and text[e - 1] in " \t-–":
        e -= 1
    return _Cand(s, e, name, m) if e > p else None


_MERGE_GAP = re.compile(r"\s*,?\s*(?:(?:on|in)\s+)?(?:\(\s*)?$", re.IGNORECASE)
_RANGE_GAP = re.compile(r"\s*(?:[-–—]|and|or|to|through|until|till|&)\s*(?:early|mid|late|the\s+end\s+of\s+)?[\s-]*$",
                        re.IGNORECASE)


def _link(text: str, cands: list[_Cand]) -> list[_Cand]:
    """Merge "a day later, on August 9"; link "April" to "June 2020"."""
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        if nxt and c.rule in ("ago", "chain") and nxt.rule in ("mdy", "dmy", "iso") and \
                (c.rule == "chain" or c.m.group("ag_dir").lower() != "ago") and \
                nxt.start - c.end <= 8 and _MERGE_GAP.match(text[c.end:nxt.start]) and \
                text[c.end:nxt.start].strip(" ,(").lower() in ("", "on", "in"):
            merged = _Cand(c.start, nxt.end, nxt.rule, nxt.m)
            if text[merged.end:merged.end + 1] == ")" and "(" in text[c.end:nxt.start]:
                merged.end += 1
            out.append(merged)
            i += 2
            continue
        if nxt and c.rule == "weekday" and nxt.rule in ("mdy", "dmy", "iso") and \
                re.fullmatch(r"\s*\(\s*", text[c.end:nxt.start]) and \
                text[nxt.end:nxt.end + 1] == ")":
            # "on Wednesday (July 13)": the explicit date wins
            out.append(_Cand(c.start, nxt.end + 1, nxt.rule, nxt.m))
            i += 2
            continue
        out.append(c)
        i += 1
    for a, b in zip(out, out[1:]):
        if a.rule in ("month", "mdy", "dmy") and b.rule in ("month", "mdy", "dmy") and \
                b.start - a.end <= 20 and _RANGE_GAP.match(text[a.end:b.start]) and \
                text[a.end:b.start].strip() != "":
            a.year_link = b
    return out


# ---------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------

class _Ctx:
    __slots__ = ("text", "anchor", "_bounds", "refs")

    def __init__(self, text: str, anchor: dt.date):
        self.text = text
        self.anchor = anchor
        self._bounds: list[int] | None = None
        # latest narrated point per precision: precision -> (date, position)
        self.refs: dict[str, tuple[dt.date, int]] = {}

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        if self._bounds is None:
            self._bounds = [m.end() for m in _SENT_BOUNDARY.finditer(self.text)]
        b = self._bounds
        i = bisect.bisect_right(b, start)
        s = b[i - 1] if i else 0
        j = bisect.bisect_left(b, end)
        e = b[j] if j < len(b) else len(self.text)
        return s, e

    def direction(self, start: int, end: int, default: int = -1) -> int:
        """+1 future/deadline, -1 past; `default` when the sentence has no cue."""
        text = self.text
        s, e = self.sentence(start, end)
        pre = text[max(s, start - 60):start]
        fp = _FUT_PREP.search(pre)
        # the clause around the expression (commas, semicolons, dashes,
        # brackets, quotes) is searched first, then the whole sentence
        cs = max(text.rfind(ch, s, start) for ch in _CLAUSE_MARKS) + 1
        ce_list = [i for i in (text.find(ch, end, e) for ch in _CLAUSE_MARKS) if i >= 0]
        ce = min(ce_list) if ce_list else e
        cs = max(cs, s)
        best: tuple[int, int, int] | None = None  # (outside clause, distance, dir)
        for cm in _CUES.finditer(text, s, e):
            if cm.start() < end and cm.end() > start:
                continue
            if cm.lastgroup == "past":
                w = cm.group(0).lower()
                if w.endswith("ed") and w in _ED_NOT_PAST:
                    continue
                d = -1
            else:
                d = 1
            dist = start - cm.end() if cm.end() <= start else cm.start() - end
            outside = 0 if cs <= cm.start() and cm.end() <= ce else 1
            key = (outside, dist, d)
            if best is None or key < best:
                best = key
        best = (best[1], best[2]) if best else None
        if fp:
            word = fp.group(0).strip().split()[0].lower()
            if word == "from":
                if best is not None and best[1] > 0:
                    return 1  # "will apply from April"
            elif word not in _WEAK_FUT_PREP or best is None or best[1] > 0:
                return 1  # "by April"; "until April" unless past tense
        if best is None:
            return default
        return best[1]


def _nearest_year(ctx: _Ctx, make, start: int, end: int) -> tuple[dt.date, dt.date] | None:
    """Pick the candidate year nearest the anchor; if both neighbours are more
    than two months away, the sentence direction decides."""
    a = ctx.anchor
    lo, hi = _add_months(a, -2), _add_months(a, 2)
    cands = []
    for y in (a.year - 1, a.year, a.year + 1):
        p = make(y)
        if p is not None:
            cands.append(p)
    if not cands:
        return None

    def dist(p):
        s, e = p
        if s <= a <= e:
            return 0
        return (s - a).days if s > a else (a - e).days

    best = min(cands, key=dist)
    if best[0] <= hi and best[1] >= lo:
        return best
    if ctx.direction(start, end) > 0:
        after = [p for p in cands if p[1] >= a]
        return min(after, key=lambda p: p[0]) if after else best
    before = [p for p in cands if p[0] <= a]
    return max(before, key=lambda p: p[0]) if before else best


def _resolve_weekday(ctx: _Ctx, wd: int, rel: str | None, start: int, end: int) -> dt.date:
    a = ctx.anchor
    back = (a.weekday() - wd) % 7
    fwd = (wd - a.weekday()) % 7
    rel = (rel or "").lower()
    rel = re.sub(r"\s+", " ", rel)
    if rel in ("last", "past", "this past"):
        return a - dt.timedelta(days=back or 7)
    if rel in ("next", "coming", "this coming"):
        return a + dt.timedelta(days=fwd or 7)
    if back == 0:
        return a
    # "this Friday" leans to the coming one unless the sentence is past tense
    if ctx.direction(start, end, default=1 if rel == "this" else -1) > 0:
        return a + dt.timedelta(days=fwd)
    return a - dt.timedelta(days=back)


def _chain_ref(ctx: _Ctx, unit: str) -> tuple[dt.date, str]:
    """Reference for a narrative expression: the last narrated point."""
    prec = _UNIT_PREC.get(unit, unit)
    refs = [(pos, d, p) for p, (d, pos) in ctx.refs.items()]
    if prec != "year":
        # year-only mentions ("listed in 2015", "last year") are mostly
        # background; chain from the last narrated finer point when there is one
        finer = [r for r in refs if r[2] != "year"]
        refs = finer or refs
    if refs:
        _, d, p = max(refs)
        return d, p
    return ctx.anchor, "day"


def _chain(ctx: _Ctx, unit: str, n: int) -> tuple[dt.date, dt.date, str]:
    ref, ref_prec = _chain_ref(ctx, unit)
    target = _shift(ref, unit, n)
    prec = _UNIT_PREC.get(unit, unit)
    if _PREC_RANK[ref_prec] > _PREC_RANK[prec]:
        prec = ref_prec  # coarser reference: never invent precision
    s, e = _period(prec, target)
    return s, e, prec


def _unit_of(word: str) -> str:
    w = word.lower()
    return UNITS.get(w, w.rstrip("s"))


def _resolve(ctx: _Ctx, c: _Cand):
    """-> (date, date_end, precision, basis) or ("duration", days, months) or None."""
    m, r, a = c.m, c.rule, ctx.anchor
    g = m.group
    if r == "iso":
        d = _safe_date(int(g("iso_y")), int(g("iso_m")), int(g("iso_d")))
        return (d, d, "day", "stated") if d else None
    if r in ("mdy", "dmy"):
        mon = _month_of(g(r + "_m"))
        day = int(g(r + "_d"))
        day2 = int(g(r + "_d2")) if g(r + "_d2") else None
        if day2 is not None and day2 <= day:
            day2 = None
        if g(r + "_y"):
            y = int(g(r + "_y"))
            d = _safe_date(y, mon, day)
            if d is None:
                return None
            e = _safe_date(y, mon, day2) if day2 else d
            return d, e or d, "day", "stated"
        linked = _linked_year(ctx, c, mon)
        if g(r + "_rel"):
            linked = (a.year + {"this": 0, "last": -1, "next": 1}[g(r + "_rel").lower()],
                      "inferred")
        if linked is not None:
            y, basis = linked
            d = _safe_date(y, mon, day)
            if d is None:
                return None
            e = _safe_date(y, mon, day2) if day2 else d
            return d, e or d, "day", basis

        def make(y):
            d = _safe_date(y, mon, day)
            if d is None:
                return None
            e = _safe_date(y, mon, day2) if day2 else d
            return d, e or d
        p = _nearest_year(ctx, make, c.start, c.end)
        return (p[0], p[1], "day", "inferred") if p else None
    if r == "month":
        mon = _month_of(g("mm_m"))
        if g("mm_y"):
            y = int(g("mm_y"))
            return dt.date(y, mon, 1), _month_end(y, mon), "month", "stated"
        if g("mm_rel2"):
            off = {"this": 0, "last": -1, "next": 1}[g("mm_rel2").lower()]
            y = a.year + off
            return dt.date(y, mon, 1), _month_end(y, mon), "month", "inferred"
        rel1 = re.sub(r"\s+", " ", (g("mm_rel1") or "").lower())
        if rel1:
            if rel1 == "this":
                y = a.year
            elif rel1 in ("last", "this past"):
                y = a.year if mon < a.month else a.year - 1
            else:
                y = a.year if mon > a.month else a.year + 1
            return dt.date(y, mon, 1), _month_end(y, mon), "month", "inferred"
        linked = _linked_year(ctx, c, mon)
        if linked is not None:
            y, basis = linked
            return dt.date(y, mon, 1), _month_end(y, mon), "month", basis
        p = _nearest_year(ctx, lambda y: (dt.date(y, mon, 1), _month_end(y, mon)),
                          c.start, c.end)
        return p[0], p[1], "month", "inferred"
    if r == "odd":
        cand, order = ((g("od_dmy"), "DMY") if g("od_dmy") else
                       (g("od_mdy"), "MDY") if g("od_mdy") else (g("od_ymd"), "YMD"))
        d = _dateparser_date(cand, order)
        return (d, d, "day", "stated") if d else None
    if r == "numeric":
        a_, b_, y = int(g("nu_a")), int(g("nu_b")), int(g("nu_y"))
        day, mon = (a_, b_) if g("nu_s") == "." or a_ > 12 else (b_, a_)
        d = _safe_date(y, mon, day)
        return (d, d, "day", "stated") if d else None
    if r == "month_qtr":
        mon = _month_of(g("mq_m"))

        def make(y):
            return _period("quarter", dt.date(y, mon, 1))
        if g("mq_y"):
            s_, e_ = make(int(g("mq_y")))
            return s_, e_, "quarter", "stated"
        p = _nearest_year(ctx, make, c.start, c.end)
        return p[0], p[1], "quarter", "inferred"
    if r == "weekend":
        if a.weekday() >= 5:
            d = a
        elif ctx.direction(c.start, c.end) > 0:
            d = a + dt.timedelta(days=5 - a.weekday())
        else:
            d = a - dt.timedelta(days=a.weekday() + 1)
        s_, e_ = _period("week", d)
        return s_, e_, "week", "inferred"
    if r == "year":
        y = int(g("yr_y"))
        y2 = None
        if g("yr_y2"):
            y2 = int(g("yr_y2"))
        elif g("yr_y2s"):
            y2 = _year2(g("yr_y2s"), y)
        if y2 is not None and not (y < y2 <= y + 10):
            y2 = None
        return dt.date(y, 1, 1), dt.date(y2 or y, 12, 31), "year", "stated"
    if r == "year_mod":
        y = int(g("ym_y"))
        mod = g("ym_mod").lower()
        if "week" in mod:
            return None
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year", "stated"
    if r == "decade":
        if g("dec_y"):
            y = int(g("dec_y"))
        else:
            # "'90s" -> 1990s; "'10s" -> 2010s once that decade is over
            y = 1900 + int(g("dec_y2"))
            if y + 100 + 9 < a.year:
                y += 100
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year", "stated"
    if r == "season":
        if g("se_y"):
            y = int(g("se_y"))
            return dt.date(y, 1, 1), dt.date(y, 12, 31), "year", "stated"
        rel = re.sub(r"\s+", " ", g("se_rel").lower())
        se = g("se").lower()
        start_month = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}[se]
        if se == "winter":  # Dec-Feb, dated by the year it starts in
            in_winter = a.month in (12, 1, 2)
            cur = a.year if a.month == 12 else a.year - 1
            if rel == "this":
                y = cur if in_winter else a.year
            elif rel in ("last", "this past"):
                y = cur - 1 if in_winter else a.year - 1
            else:
                y = cur + 1 if in_winter else a.year
        elif rel == "this":
            y = a.year
        elif rel in ("last", "this past"):
            y = a.year if start_month + 2 < a.month else a.year - 1
        else:
            y = a.year if start_month > a.month else a.year + 1
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year", "inferred"
    if r in ("qtr_words", "qtr_code"):
        if r == "qtr_words":
            unit = g("qw_unit").lower()
            ordw = g("qw_ord").lower()
            k = ORDINALS[ordw]
            if k == -1:
                k = 4 if unit == "quarter" else 2
            if unit == "half" and k > 2:
                return None
            yv = g("qw_y") or g("qw_y2")
            rel = re.sub(r"\s+", " ", (g("qw_rel") or "").lower())
        else:
            unit = "quarter" if (g("qc_q") or g("qc_q2")) else "half"
            k = int(g("qc_q") or g("qc_q2") or g("qc_h") or g("qc_h2"))
            yv = g("qc_y")
            rel = (g("qc_rel") or "").lower()
        months = 3 if unit == "quarter" else 6
        m0 = (k - 1) * months + 1

        def make(y):
            return dt.date(y, m0, 1), _month_end(y, m0 + months - 1)
        if yv:
            y = _year2(yv) if len(yv) == 2 else int(yv)
            s, e = make(y)
            return s, e, unit, "stated"
        if rel:
            if rel in ("last", "the previous"):
                y = a.year - 1
            elif rel == "next":
                y = a.year + 1
            elif rel in ("the same", "that"):
                ref, _ = _chain_ref(ctx, "year")
                y = ref.year
            else:
                y = a.year
            s, e = make(y)
            return s, e, unit, "inferred"
        p = _nearest_year(ctx, make, c.start, c.end)
        return p[0], p[1], unit, "inferred"
    if r == "months_of":
        n = 3 if g("mo_n").lower() in ("three", "3") else 6
        unit = "quarter" if n == 3 else "half"
        first_month = 1 if g("mo_pos").lower() == "first" else 13 - n
        if g("mo_y"):
            y, basis = int(g("mo_y")), "stated"
        else:
            y = a.year + {"the": 0, "this": 0, "last": -1, "next": 1}[g("mo_rel").lower()]
            basis = "inferred"
        s_, e_ = _period(unit, dt.date(y, first_month, 1))
        return s_, e_, unit, basis
    if r == "fiscal":
        yv = g("fy_y") or g("fy_y2") or g("fy_y3")
        y = int(yv) if len(yv) == 4 else _year2(yv)
        y2 = None
        if g("fy_end"):
            y2 = _year2(g("fy_end"), y) if len(g("fy_end")) == 2 else int(g("fy_end"))
        else:
            rng = re.search(r"\d{4}[-–/](\d\d(?:\d\d)?)", c.m.group(0))
            if rng:
                y2 = _year2(rng.group(1), y) if len(rng.group(1)) == 2 else int(rng.group(1))
        if y2 is not None and not (y < y2 <= y + 2):
            y2 = None
        return dt.date(y, 1, 1), dt.date(y2 or y, 12, 31), "year", "stated"
    if r == "holiday":
        name = re.sub(r"[\s'’]+", " ", g("ho").lower())
        mon, day = next(v for k, v in HOLIDAYS.items() if name.startswith(k))
        if g("ho_y"):
            d = dt.date(int(g("ho_y")), mon, day)
            return d, d, "day", "stated"
        p = _nearest_year(ctx, lambda y: (dt.date(y, mon, day),) * 2, c.start, c.end)
        return p[0], p[1], "day", "inferred"
    if r == "rel_day":
        w = re.sub(r"\s+", " ", g("rd").lower())
        off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
               "the day before yesterday": -2, "the day after tomorrow": 2,
               "last night": -1}.get(w, 0)
        d = a + dt.timedelta(days=off)
        return d, d, "day", "inferred"
    if r == "rel_in":
        unit = g("ri_unit").lower()
        s, e = _period(unit, a)
        return s, e, unit, "inferred"
    if r == "rel_unit":
        rel = re.sub(r"\s+", " ", g("ru_rel").lower())
        unit = g("ru_unit").lower()
        prec = _UNIT_PREC[unit]
        if rel in ("this", "the current", "the", "this coming") and unit != "weekend":
            off = 1 if rel == "this coming" else 0
            s, e = _period(prec, _shift(a, unit, off))
            return s, e, prec, "inferred"
        if unit == "weekend":
            if rel in ("this", "the coming", "this coming"):
                d = a if a.weekday() >= 5 else a + dt.timedelta(days=5 - a.weekday())
            elif rel in ("last", "this past", "the previous", "the prior", "the preceding"):
                d = a - dt.timedelta(days=a.weekday() + 1)
                if rel in ("the previous", "the prior", "the preceding"):
                    ref, _ = _chain_ref(ctx, "day")
                    d = ref - dt.timedelta(days=ref.weekday() + 1)
            elif rel in ("next",):
                d = a + dt.timedelta(days=(5 - a.weekday()) % 7 or 7)
                if a.weekday() >= 5:
                    d = a + dt.timedelta(days=7)
            elif rel in ("the following", "the next"):
                ref, _ = _chain_ref(ctx, "day")
                d = ref + dt.timedelta(days=(5 - ref.weekday()) % 7 or 7)
            else:  # that weekend / the same weekend
                ref, _ = _chain_ref(ctx, "day")
                d = ref
            s, e = _period("week", d)
            return s, e, "week", "inferred"
        if rel in ("last", "this past"):
            s, e = _period(prec, _shift(a, unit, -1))
            return s, e, prec, "inferred"
        if rel in ("next", "the coming"):
            s, e = _period(prec, _shift(a, unit, 1))
            return s, e, prec, "inferred"
        n = {"the previous": -1, "the prior": -1, "the preceding": -1,
             "the following": 1, "the next": 1}.get(rel, 0)
        s, e, p = _chain(ctx, unit, n)
        return s, e, p, "inferred"
    if r == "year_end":
        s, e = _period("year", a)
        return s, e, "year", "inferred"
    if r == "ago":
        n = _num(g("ag_n"))
        unit = _unit_of(g("ag_u"))
        if unit == "fortnight":
            unit, n = "week", 2 * n
        elif unit in ("hour", "minute"):
            # "two hours ago" / "hours later": the same day (48 hours: 2 days)
            unit, n = "day", (n // 24 if unit == "hour" else 0)
        d = g("ag_dir").lower()
        if d == "ago":
            target = _shift(a, unit, -n)
            prec = _UNIT_PREC[unit]
            s, e = _period(prec, target)
            return s, e, prec, "inferred"
        sign = -1 if d in ("earlier", "before that") else 1
        s, e, p = _chain(ctx, unit, sign * n)
        return s, e, p, "inferred"
    if r == "chain":
        w = re.sub(r"\s+", " ", g("ch").lower())
        if w.startswith("the year"):
            unit, n = "year", (1 if w.endswith("after") else -1)
        elif w.startswith("the month"):
            unit, n = "month", (1 if w.endswith("after") else -1)
        elif w.startswith("the week"):
            unit, n = "week", (1 if w.endswith("after") else -1)
        elif any(k in w for k in ("next", "following", "after")):
            unit, n = "day", 1
        elif any(k in w for k in ("previous", "prior", "preceding", "before")):
            unit, n = "day", -1
        else:
            unit, n = "day", 0
        s, e, p = _chain(ctx, unit, n)
        return s, e, p, "inferred"
    if r == "weekday":
        wd = WEEKDAY_NUMBERS[g("wd_d").lower()]
        d = _resolve_weekday(ctx, wd, g("wd_rel"), c.start, c.end)
        return d, d, "day", "inferred"
    if r == "duration":
        n = _num(g("du_n"))
        u = g("du_u").lower()
        if u.startswith("hour"):
            return ("duration", max(1, -(-n // 24)), None)
        if "day" in u:
            return ("duration", n, None)
        if u.startswith("week"):
            return ("duration", 7 * n, None)
        if u.startswith("month"):
            return ("duration", None, n)
        return ("duration", None, 12 * n)
    return None


def _resolve_cand(ctx: _Ctx, c: _Cand):
    res = _resolve(ctx, c)
    if res and c.rule in ("mdy", "dmy") and c.m.group(c.rule + "_wk") and res[0] != "duration":
        s, e = _period("week", res[0])  # "the week of Aug. 9"
        return s, e, "week", res[3]
    return res


def _linked_year(ctx: _Ctx, c: _Cand, mon: int) -> tuple[int, str] | None:
    """Year given by the next item of a range/list: "April and June 2020"."""
    b = c.year_link
    if b is None:
        return None
    bg = b.m.group
    if b.rule not in ("month", "mdy", "dmy"):
        return None
    bmon = _month_of(bg("mm_m") if b.rule == "month" else bg(b.rule + "_m"))
    res = _resolve(ctx, b)  # the later item fixes the year of the range
    if bmon is None or not res or res[0] == "duration":
        return None
    y, basis = res[0].year, res[3]
    return (y if mon <= bmon else y - 1), basis


def resolve_dates(text: str, anchor: dt.date) -> list[TemporalExpression]:
    """All temporal expressions in `text`, resolved against `anchor`, in text order."""
    if isinstance(anchor, dt.datetime):
        anchor = anchor.date()
    if not text:
        return []
    cands = _link(text, _find_candidates(text))
    ctx = _Ctx(text, anchor)
    out: list[TemporalExpression] = []
    for c in cands:
        try:
            res = _resolve_cand(ctx, c)
        except (ValueError, OverflowError, KeyError, TypeError):
            res = None
        if res is None:
            continue
        span = text[c.start:c.end]
        if res[0] == "duration":
            out.append(TemporalExpression(c.start, c.end, span, None, None, None,
                                          "inferred", "duration", res[1], res[2], c.rule))
            continue
        d, e, prec, basis = res
        if d is None or e is None or e < d:
            continue
        out.append(TemporalExpression(c.start, c.end, span, d, e, prec, basis,
                                      rule=c.rule))
        ctx.refs[prec] = (d, c.start)
    return out


# ---------------------------------------------------------------------------
# Serialisation
# ---------------------------------------------------------------------------

def expression_to_dict(e: TemporalExpression) -> dict:
    """JSON-ready dict: start, end, text, date, date_end, precision, basis
    (+ kind, duration_days, duration_months for durations)."""
    d = {
        "start": e.start,
        "end": e.end,
        "text": e.text,
        "date": e.date.isoformat() if e.date else None,
        "date_end": e.date_end.isoformat() if e.date_end else None,
        "precision": e.precision,
        "basis": e.basis,
    }
    if e.kind == "duration":
        d["kind"] = e.kind
        d["duration_days"] = e.duration_days
        d["duration_months"] = e.duration_months
    return d


def resolve_jsonl(lines: Iterable[str]) -> Iterator[str]:
    """Read JSON lines {"id","anchor","text"}; yield {"id","expressions":[...]} lines."""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        rec = json.loads(line)
        anchor = dt.date.fromisoformat(str(rec["anchor"])[:10])
        exprs = resolve_dates(rec.get("text") or "", anchor)
        yield json.dumps({"id": rec.get("id"),
                          "expressions": [expression_to_dict(x) for x in exprs]},
                         ensure_ascii=False)
