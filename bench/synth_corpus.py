#!/usr/bin/env python3
"""Synthetic news corpus for the scale benchmark, with the gold events it planted.

    .venv/bin/python bench/synth_corpus.py --articles 20000 --seed 1 --out corpus.jsonl --gold gold.csv
    .venv/bin/python bench/synth_corpus.py --from corpus.jsonl --change-fraction 0.01 --change-seed 2 --out changed.jsonl

Load inputs: the project's gazetteers (builder/lexicon/authorities.yml, organisations.yml,
places.yml) for realistic names of regulators, courts, ministries and companies.
Process: one article at a time (streaming), each from its own `random.Random` seeded by
(seed, article index): a headline, 8-20 sentences in paragraphs, mixing
  - planted event sentences (several active/passive templates per event type, past tense,
    authorities of many jurisdictions, amounts in many currencies and formats, dates written
    in many ways or not at all) -> gold rows, dated by the annotation guidelines relative to
    the article's publication date;
  - background sentences (quotes, market context, company statements) and traps that are
    NOT events (threats, "could face a fine", "did not fine", firms' own decisions).
Output: rows `id, title, published, text, url, publisher` as JSONL, CSV or Parquet, and
optionally the gold CSV (the columns of tests/gold/seeds-gold.csv, without `note`).

The output is byte-identical for the same (articles, seed) and the same lexicon files; the
first N articles of a larger run are the N articles of a smaller one. `generate(n, seed)` and
`generate_with_gold(n, seed)` are the importable entry points; `change_rows` makes the
"1% of articles edited" variant (same ids; an appended non-event paragraph, so the gold of
the original corpus stays valid for the variant).
"""
from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import functools
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parents[1]
LEXICON = ROOT / "builder" / "lexicon"

FIRST_PUBLISHED = dt.date(2019, 1, 1)
LAST_PUBLISHED = dt.date(2025, 12, 31)
GOLD_COLUMNS = (
    "article_id", "event_type", "target", "authority", "jurisdiction", "event_date",
    "date_precision", "date_basis", "amount", "currency", "evidence",
)
ROW_COLUMNS = ("id", "title", "published", "text", "url", "publisher")

# Jurisdictions the issue names, drawn 85% of the time; the rest from every jurisdiction.
MAIN_JURISDICTIONS = ("CN", "US", "EU", "GB", "IN", "KR", "JP", "DE", "FR", "AU", "BR", "TR", "RU")
POSSESSIVE = {
    "CN": "China's", "US": "the U.S.", "EU": "the EU's", "GB": "Britain's", "IN": "India's",
    "KR": "South Korea's", "JP": "Japan's", "DE": "Germany's", "FR": "France's",
    "AU": "Australia's", "BR": "Brazil's", "TR": "Turkey's", "RU": "Russia's",
}
CURRENCY_OF = {
    "CN": "CNY", "US": "USD", "EU": "EUR", "DE": "EUR", "FR": "EUR", "IT": "EUR", "ES": "EUR",
    "NL": "EUR", "IE": "EUR", "BE": "EUR", "AT": "EUR", "PT": "EUR", "FI": "EUR", "GR": "EUR",
    "GB": "GBP", "IN": "INR", "KR": "KRW", "JP": "JPY", "BR": "BRL", "AU": "AUD", "TR": "TRY",
    "RU": "RUB",
}
# Which kinds of body take which action (authorities.yml `kind`).
KINDS_FOR = {
    "fine": ("regulator", "regulator", "state_agency"),
    "ban": ("government", "ministry", "regulator", "court"),
    "probe": ("regulator", "ministry", "state_agency", "prosecutor"),
    "order": ("regulator", "ministry", "government", "court"),
    "rule": ("legislature", "ministry", "regulator", "government"),
    "deadline": ("regulator", "ministry", "government"),
    "lawsuit": ("prosecutor", "regulator"),
    "ruling": ("court", "court", "court", "regulator"),
}
EVENT_TYPE_WEIGHTS = {
    "fine": 24, "probe": 20, "ban": 14, "order": 12, "lawsuit": 10, "rule": 8, "ruling": 7, "deadline": 5,
}
FAMOUS = (
    "Google", "Apple", "Meta Platforms", "Amazon", "Microsoft", "Alibaba Group", "Tencent", "ByteDance",
    "TikTok", "Didi Global", "Uber", "Ant Group", "Meituan", "Baidu", "JD.com", "Facebook", "WhatsApp",
    "Instagram", "Samsung Electronics", "Kakao", "Naver", "Flipkart", "Paytm", "Huawei Technologies",
    "Xiaomi", "X Corp", "Telegram", "Yandex", "Netflix", "Nvidia", "Qualcomm", "OpenAI", "Binance",
)
PUBLISHERS = (
    ("Reuters", "reuters.com"), ("Bloomberg", "bloomberg.com"), ("TechCrunch", "techcrunch.com"),
    ("Financial Times", "ft.com"), ("South China Morning Post", "scmp.com"), ("Caixin Global", "caixinglobal.com"),
    ("The Economic Times", "economictimes.indiatimes.com"), ("Yonhap", "en.yna.co.kr"),
    ("Kyodo News", "english.kyodonews.net"), ("Nikkei Asia", "asia.nikkei.com"),
    ("The Guardian", "theguardian.com"), ("Associated Press", "apnews.com"), ("CNBC", "cnbc.com"),
    ("The Verge", "theverge.com"), ("PYMNTS", "pymnts.com"), ("Deutsche Welle", "dw.com"),
    ("Anadolu Agency", "aa.com.tr"), ("The Moscow Times", "themoscowtimes.com"),
    ("Rest of World", "restofworld.org"), ("ABC News (Australia)", "abc.net.au"),
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
FIRST_NAMES = ("Sarah", "Wei", "Priya", "James", "Min-jun", "Yuki", "Lukas", "Claire", "Rafael", "Aylin",
               "Dmitri", "Olivia", "Arjun", "Hannah", "Tomás", "Mei", "Jonathan", "Amara")
LAST_NAMES = ("Whitfield", "Zhang", "Raman", "Okafor", "Park", "Tanaka", "Becker", "Moreau", "Costa",
              "Demir", "Volkov", "Hughes", "Mehta", "Lindqvist", "Alvarez", "Lin", "Carver", "Nwosu")
ANALYST_FIRMS = ("Bernstein", "Jefferies", "Morningstar", "Counterpoint Research", "Forrester",
                 "Gartner", "Third Bridge", "Mizuho Securities", "CLSA", "Macquarie")
CLASSES = ("online platforms", "ride-hailing companies", "app developers", "cryptocurrency exchanges",
           "social media companies", "online lenders", "online gaming companies", "e-commerce platforms",
           "short-video platforms", "generative AI providers", "data brokers", "food delivery platforms",
           "search engines", "messaging services", "fintech companies", "livestreaming platforms")
SECTORS = ("e-commerce", "ride-hailing", "online advertising", "cloud computing", "mobile payments",
           "social media", "online gaming", "food delivery", "search", "smartphone", "streaming",
           "digital lending", "short video", "app distribution")

FINE_REASONS = (
    "for abusing its dominant position in the {S} market", "over violations of data protection rules",
    "for failing to protect users' personal data", "for anticompetitive practices in {S}",
    "over misleading advertising", "for failing to report acquisitions for antitrust review",
    "for breaching consumer protection law", "over the handling of children's data",
    "for forcing merchants to sell exclusively on its platform", "for failing to remove illegal content",
    "over unfair terms imposed on app developers", "for collecting location data without consent",
    "for violations of anti-money laundering rules", "over price discrimination against regular customers",
)
PROBE_REASONS = (
    "over suspected monopolistic practices", "over its handling of user data",
    "over alleged abuse of its dominance in {S}", "over its advertising practices",
    "over possible breaches of competition law", "over the security of its data transfers abroad",
    "over allegations that it favoured its own services", "over its pricing of {S} services",
    "over complaints from merchants about unfair fees", "over its treatment of gig workers",
)
ORDER_ACTIONS = (
    "rectify its business practices", "stop forcing merchants to choose between platforms",
    "submit a self-examination report", "divest its stake in its payments unit",
    "unblock links to rival services", "delete personal data it had collected illegally",
    "overhaul its data handling procedures", "restructure its consumer lending business",
    "open its app store to third-party payment systems", "stop bundling its services",
    "disclose how its ranking algorithms work", "end exclusive deals with suppliers",
    "hand over records of its transactions", "change the terms it imposes on sellers",
)
BAN_REASONS = (
    "citing national security concerns", "citing concerns about user data", "saying it had hosted harmful content",
    "saying the service had not obtained a licence", "citing risks to minors",
    "for failing to store data locally", "after it failed to comply with earlier warnings",
)
LAWSUIT_CLAIMS = (
    "alleging that it illegally maintained a monopoly in {S}", "accusing it of deceiving consumers about its fees",
    "alleging that it misled investors", "accusing it of violating children's privacy laws",
    "alleging that it used unfair contract terms", "accusing it of tracking users without consent",
    "alleging that it colluded with rivals on prices",
)
RULING_FINDINGS = (
    "had abused its dominant position in {S}", "had violated competition law",
    "had breached data protection rules", "had infringed consumer rights",
    "had illegally restricted competition in {S}", "had violated the country's privacy law",
)
RULE_REQUIREMENTS = (
    "obtain user consent before collecting personal data", "store user data locally",
    "register their algorithms with regulators", "curb excessive fees charged to merchants",
    "verify the identity of their users", "limit the time minors spend on their services",
    "label AI-generated content", "share data with smaller rivals",
    "undergo a security review before listing abroad", "disclose how they rank products",
)


# ----------------------------------------------------------------------------- lexicon pools
@dataclass(frozen=True)
class Authority:
    name: str  # canonical (gold)
    text: str  # first mention in body text
    short: str  # later mentions
    head: str  # headline form
    jurisdiction: str
    kind: str


@dataclass(frozen=True)
class Org:
    name: str  # canonical (gold)
    text: str  # as written
    country: str

    @property
    def gold(self) -> str:
        return self.name if self.text == self.name else f"{self.name}|{self.text}"


@dataclass(frozen=True)
class Pools:
    authorities: dict[tuple[str, str], tuple[Authority, ...]]  # (jurisdiction, kind) -> bodies
    jurisdictions: tuple[str, ...]
    orgs: tuple[Org, ...]
    orgs_by_country: dict[str, tuple[Org, ...]]
    famous: tuple[Org, ...]
    countries: dict[str, str]  # code -> name


def _load_yaml(name: str) -> list[dict]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(LEXICON / name, encoding="utf-8") as f:
        return yaml.load(f, Loader=loader) or []


_SHORT_BY_KIND = {
    "regulator": "the regulator", "court": "the court", "ministry": "the ministry", "government": "the government",
    "state_agency": "the agency", "prosecutor": "prosecutors", "central_bank": "the central bank",
    "legislature": "lawmakers",
}


# Bodies whose remit is far from technology firms are not drawn (an aviation regulator fining an app).
OFF_TOPIC_ROLES = {
    "aviation", "drug", "health", "insurance", "pensions", "environment", "food_safety", "labour", "education",
    "transport", "defence", "vehicle_safety", "electoral", "culture", "planning", "state_assets", "audit",
    "foreign_affairs", "interior", "customs", "anti_corruption", "derivatives", "foreign_exchange", "head_of_state",
    "head_of_government", "science", "law_enforcement", "public_security", "national_security", "central_bank",
    "banking", "gambling", "tax", "financial_crime", "intellectual_property", "justice", "economy",
    "finance",
}


def _authority(entry: dict, demonyms: dict[str, str]) -> Authority | None:
    name, kind, jur = entry["name"], entry["kind"], entry["jurisdiction"]
    if kind == "head_of_state" or entry.get("role") in OFF_TOPIC_ROLES:
        return None
    guarded = set(entry.get("guarded") or [])
    aliases = [a for a in entry.get("aliases") or [] if a not in guarded and "(" not in a]
    acronyms = [a for a in entry.get("acronyms") or [] if a not in guarded]
    own = name.split(" (")[0]
    if kind == "government":
        if not aliases:
            return None
        text = aliases[0]
        body = text if text.split()[0] in ("the", "The") else f"the {text}"
        return Authority(name, body, "the government", text, jur, kind)
    single = " " not in own and own not in ("Bundestag",)
    article = "" if single else ("a " if own.endswith(" court") else "the ")
    if "(" in name:  # a shared name: only the country makes it specific
        prefix = POSSESSIVE.get(jur)
        if prefix is None:
            dem = demonyms.get(jur)
            if not dem:
                return None
            prefix = f"the {dem}"
        text = f"{prefix} {own}"
    else:
        text = article + own
    head = acronyms[0] if acronyms else own
    short = acronyms[0] if acronyms else _SHORT_BY_KIND.get(kind, "the authority")
    return Authority(name, text, short, head, jur, kind)


@functools.lru_cache(maxsize=1)
def pools() -> Pools:
    places = _load_yaml("places.yml")
    demonyms = {p["code"]: (p.get("demonyms") or [""])[0] for p in places if p.get("kind") in ("country", "bloc")}
    countries = {p["code"]: p["name"] for p in places if p.get("kind") == "country" and "(" not in p["name"]}
    by: dict[tuple[str, str], list[Authority]] = {}
    for e in sorted(_load_yaml("authorities.yml"), key=lambda e: e["id"]):
        a = _authority(e, demonyms)
        if a is not None:
            by.setdefault((a.jurisdiction, a.kind), []).append(a)
    orgs: list[Org] = []
    for e in sorted(_load_yaml("organisations.yml"), key=lambda e: e["id"]):
        if e.get("kind") not in ("company", "app", "service") or e.get("guarded"):
            continue
        name = e["name"]
        text = name
        if "(" in name:
            aliases = [a for a in e.get("aliases") or [] if "(" not in a]
            if not aliases:
                continue
            text = aliases[0]
        orgs.append(Org(name, text, e.get("country") or ""))
    by_country: dict[str, list[Org]] = {}
    for o in orgs:
        by_country.setdefault(o.country, []).append(o)
    famous = tuple(o for o in orgs if o.name in FAMOUS)
    return Pools(
        authorities={k: tuple(v) for k, v in by.items()},
        jurisdictions=tuple(sorted({j for j, _ in by})),
        orgs=tuple(orgs),
        orgs_by_country={k: tuple(v) for k, v in by_country.items()},
        famous=famous,
        countries=countries,
    )


# ----------------------------------------------------------------------------- dates
def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + delta
    return k // 12, k % 12 + 1


def _shift_months(d: dt.date, delta: int) -> dt.date:
    """The same day `delta` calendar months away (the month's last day when it is shorter)."""
    y, m = _add_months(d.year, d.month, delta)
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _months_between(a: dt.date, b: dt.date) -> int:
    """Whole calendar months from a's month to b's month."""
    return (b.year * 12 + b.month) - (a.year * 12 + a.month)


def resolve_day(month: int, day: int, anchor: dt.date, future: bool) -> dt.date | None:
    """The guideline's year for a day without one: nearest the anchor; when both candidates are more
    than two months away, the sentence's direction decides."""
    cands = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            cands.append(dt.date(y, month, day))
        except ValueError:
            pass
    if not cands:
        return None
    nearest = min(cands, key=lambda c: (abs((c - anchor).days), c))
    if _shift_months(anchor, -2) <= nearest <= _shift_months(anchor, 2):
        return nearest
    if future:
        after = [c for c in cands if c >= anchor]
        return min(after) if after else nearest
    before = [c for c in cands if c <= anchor]
    return max(before) if before else nearest


def resolve_month(month: int, anchor: dt.date, future: bool) -> dt.date:
    cands = [dt.date(y, month, 1) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    dist = {c: _months_between(anchor, c) for c in cands}
    nearest = min(cands, key=lambda c: (abs(dist[c]), c))
    if abs(dist[nearest]) <= 2:
        return nearest
    if future:
        return min(c for c in cands if dist[c] >= 0)
    return max(c for c in cands if dist[c] <= 0)


@dataclass(frozen=True)
class When:
    phrase: str  # "" when undated
    date: dt.date
    precision: str
    basis: str


def _day_text(d: dt.date, rng: Random, year: bool) -> str:
    if rng.random() < 0.6:
        s = f"{MONTHS[d.month - 1]} {d.day}"
        return f"{s}, {d.year}" if year else s
    s = f"{d.day} {MONTHS[d.month - 1]}"
    return f"{s} {d.year}" if year else s


PAST_FORMS = (
    ("undated", 22), ("weekday", 14), ("full", 12), ("md", 12), ("last_weekday", 4), ("in_month", 8),
    ("part_month", 3), ("earlier_this_month", 5), ("last_month", 6), ("this_week", 3), ("last_week", 3),
    ("earlier_this_year", 3), ("last_year", 3), ("in_year", 2),
)


def _weighted(rng: Random, pairs) -> str:
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for k, w in pairs:
        x -= w
        if x < 0:
            return k
    return pairs[-1][0]


def past_when(rng: Random, anchor: dt.date, allow_undated: bool = True) -> When:
    """A past date phrase and the date the guidelines give it, for a past-tense event sentence."""
    form = _weighted(rng, PAST_FORMS if allow_undated else PAST_FORMS[1:])
    if form == "undated":
        return When("", anchor, "day", "reported")
    if form == "weekday":
        d = anchor - dt.timedelta(days=rng.randint(0, 6))
        return When(f"on {WEEKDAYS[d.weekday()]}", d, "day", "inferred")
    if form == "last_weekday":
        d = anchor - dt.timedelta(days=rng.randint(1, 7))
        return When(f"last {WEEKDAYS[d.weekday()]}", d, "day", "inferred")
    if form in ("full", "md"):
        back = rng.choice((rng.randint(0, 40), rng.randint(0, 200), rng.randint(30, 1200)))
        d = anchor - dt.timedelta(days=back)
        if form == "md" and resolve_day(d.month, d.day, anchor, future=False) == d:
            return When(f"on {_day_text(d, rng, year=False)}", d, "day", "inferred")
        return When(f"on {_day_text(d, rng, year=True)}", d, "day", "stated")
    if form in ("in_month", "part_month"):
        y, m = _add_months(anchor.year, anchor.month, -rng.randint(0, 14))
        d = dt.date(y, m, 1)
        part = "" if form == "in_month" else rng.choice(("early ", "mid-", "late "))
        if resolve_month(m, anchor, future=False) == d and rng.random() < 0.7:
            return When(f"in {part}{MONTHS[m - 1]}", d, "month", "inferred")
        return When(f"in {part}{MONTHS[m - 1]} {y}", d, "month", "stated")
    if form == "earlier_this_month" and anchor.day > 3:
        return When("earlier this month", anchor.replace(day=1), "month", "inferred")
    if form == "last_month":
        y, m = _add_months(anchor.year, anchor.month, -1)
        return When("last month", dt.date(y, m, 1), "month", "inferred")
    if form == "this_week" and anchor.weekday() >= 2:
        return When(rng.choice(("this week", "earlier this week")), anchor - dt.timedelta(days=anchor.weekday()), "week", "inferred")
    if form == "last_week":
        return When("last week", anchor - dt.timedelta(days=anchor.weekday() + 7), "week", "inferred")
    if form == "earlier_this_year" and anchor.month > 2:
        return When("earlier this year", dt.date(anchor.year, 1, 1), "year", "inferred")
    if form == "last_year":
        return When("last year", dt.date(anchor.year - 1, 1, 1), "year", "inferred")
    if form == "in_year":
        y = anchor.year - rng.randint(1, 4)
        return When(f"in {y}", dt.date(y, 1, 1), "year", "stated")
    d = anchor - dt.timedelta(days=rng.randint(0, 6))  # a form that did not fit the anchor
    return When(f"on {WEEKDAYS[d.weekday()]}", d, "day", "inferred")


def future_when(rng: Random, anchor: dt.date) -> When:
    """A deadline / effective date after publication."""
    d = anchor + dt.timedelta(days=rng.randint(5, 200))
    if rng.random() < 0.55 and resolve_day(d.month, d.day, anchor, future=True) == d:
        return When(_day_text(d, rng, year=False), d, "day", "inferred")
    return When(_day_text(d, rng, year=True), d, "day", "stated")


# ----------------------------------------------------------------------------- amounts
def _fmt_num(x: Decimal, commas: bool = True) -> str:
    x = x.normalize()
    s = f"{x:f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    if commas and "." not in s and len(s) > 3:
        s = f"{int(s):,}"
    return s


def _mantissa(rng: Random, lo: int, hi: int, decimals: int) -> Decimal:
    d = rng.choice(range(decimals + 1))
    v = Decimal(rng.randint(lo * 10**d, hi * 10**d)) / Decimal(10**d)
    return v


def amount(rng: Random, currency: str) -> tuple[str, Decimal]:
    """Amount as a news article writes it, and its value."""
    B, M, K = Decimal(10**9), Decimal(10**6), Decimal(1000)
    scale = _weighted(rng, (("k", 2), ("m", 6), ("b", 2)))
    if scale == "b":
        v, unit = _mantissa(rng, 1, 9, 2), B
    elif scale == "m":
        v, unit = _mantissa(rng, 1, 950, 1), M
    else:
        v, unit = Decimal(rng.randint(5, 900) * 1000), Decimal(1)
    n = _fmt_num(v)
    word = {B: "billion", M: "million"}.get(unit)
    short = {B: "bn", M: "m"}.get(unit)
    pick = rng.random()
    if currency == "USD":
        text = (f"${n}{short}" if word and pick < 0.35 else f"US${n} {word}" if word and pick < 0.45
                else f"${n} {word}" if word else f"${n}")
    elif currency == "EUR":
        text = (f"€{n}{short}" if word and pick < 0.3 else f"{n} {word} euros" if word and pick < 0.5
                else f"€{n} {word}" if word else f"€{n}")
    elif currency == "GBP":
        text = f"£{n}{short}" if word and pick < 0.5 else f"£{n} {word}" if word else f"£{n}"
    elif currency == "CNY":
        if unit == M and v >= 100 and pick < 0.5:
            v, unit, n, word = v / 1000, B, _fmt_num(v / 1000), "billion"
        text = f"RMB {n} {word}" if word and pick < 0.2 else f"{n} {word} yuan" if word else f"{n} yuan"
    elif currency == "INR":
        crore = _mantissa(rng, 1, 2500, 2)
        if pick < 0.8:
            v, unit = crore, Decimal(10**7)
            text = f"{'₹' if pick < 0.3 else 'Rs '}{_fmt_num(crore)} crore"
        else:
            v, unit = Decimal(rng.randint(5, 99)), Decimal(10**5)
            text = f"Rs {_fmt_num(v)} lakh"
    elif currency == "KRW":
        v, unit = _mantissa(rng, 1, 999, 1), B
        text = f"₩{_fmt_num(v)} billion" if pick < 0.3 else f"{_fmt_num(v)} billion won"
        if pick > 0.9:
            v, unit = Decimal(rng.randint(11, 30)) / 10, Decimal(10**12)
            text = f"{_fmt_num(v)} trillion won"
    elif currency == "JPY":
        text = f"¥{n} {word}" if word and pick < 0.5 else f"{n} {word} yen" if word else f"{n} yen"
    elif currency == "BRL":
        text = f"R${n} {word}" if word and pick < 0.6 else f"{n} {word} reais" if word else f"R${n}"
    elif currency == "AUD":
        text = f"A${n}{short}" if word and pick < 0.4 else f"A${n} {word}" if word else f"A${n}"
    elif currency == "TRY":
        text = f"{n} {word} lira" if word and pick < 0.6 else f"{n} {word} Turkish lira" if word else f"{n} lira"
    elif currency == "RUB":
        spelling = "roubles" if pick < 0.5 else "rubles"
        text = f"{n} {word} {spelling}" if word else f"{n} {spelling}"
    else:  # pragma: no cover
        raise ValueError(currency)
    return text, v * unit


# Rough dollars per unit, for the "(about $X)" an article adds after a foreign amount.
USD_PER = {"EUR": 1.1, "GBP": 1.27, "CNY": 0.14, "INR": 0.012, "KRW": 0.00075, "JPY": 0.0068, "BRL": 0.19,
           "AUD": 0.66, "TRY": 0.035, "RUB": 0.011, "USD": 1.0}


def usd_equivalent(value: Decimal, currency: str) -> str:
    usd = float(value) * USD_PER[currency]
    if usd >= 1e9:
        return f"${usd / 1e9:.1f} billion"
    if usd >= 1e6:
        return f"${usd / 1e6:.0f} million" if usd >= 1e7 else f"${usd / 1e6:.1f} million"
    return f"${round(usd, -3):,.0f}"


def _gold_amount(v: Decimal) -> str:
    v = v.normalize()
    return f"{int(v)}" if v == v.to_integral_value() else f"{v:f}"


def _a(word: str) -> str:
    """'a' or 'an' before an amount or word."""
    w = word.lstrip("$€£¥₹")
    return "an" if w[:1] in "aeiou8" or w.startswith(("11 ", "11,", "18 ", "18,", "18.", "11.")) else "a"


# ----------------------------------------------------------------------------- article assembly
class _Ctx:
    """What one article has said so far (for coreference and for keeping gold rows unique)."""

    def __init__(self, rng: Random, art_id: str, published: dt.date):
        self.rng = rng
        self.id = art_id
        self.published = published
        self.introduced: set[str] = set()
        self.seen: set[tuple[str, str]] = set()  # (type, target canonical)
        self.gold: list[dict] = []

    def auth(self, a: Authority) -> str:
        if a.name in self.introduced:
            return a.short if self.rng.random() < 0.7 else a.text
        self.introduced.add(a.name)
        return a.text

    def add(self, etype: str, target: str, a: Authority, when: When, evidence: str,
            amt: Decimal | None = None, currency: str = "") -> None:
        self.gold.append({
            "article_id": self.id, "event_type": etype, "target": target, "authority": a.name,
            "jurisdiction": a.jurisdiction, "event_date": when.date.isoformat(), "date_precision": when.precision,
            "date_basis": when.basis, "amount": _gold_amount(amt) if amt is not None else "",
            "currency": currency if amt is not None else "", "evidence": evidence,
        })
        self.seen.add((etype, target.split("|")[0]))


_CAP_WORDS = {"the", "a", "an", "on", "in", "last", "earlier", "this", "prosecutors", "lawmakers"}


def _cap(s: str) -> str:
    """Capitalise a sentence that starts with a common word (never a brand such as "iFood" or "eBay")."""
    first = s.split(" ", 1)[0]
    return s[:1].upper() + s[1:] if first in _CAP_WORDS else s


def _fill(template: str, when: When | None, **kw: str) -> str:
    """Fill a template; {d} is the date phrase (dropped, with its comma, when undated)."""
    phrase = when.phrase if when else ""
    s = template
    if "{d}" in s:
        if not phrase:
            s = s.replace("{d}, ", "").replace(" {d},", ",").replace(" {d}", "").replace("{d} ", "")
        elif s.startswith("{d}"):
            s = s.replace("{d}", phrase[:1].upper() + phrase[1:], 1)
        else:
            s = s.replace("{d}", phrase)
    s = s.format(**kw)
    return _cap(" ".join(s.split()))


EVENT_TAILS = (
    ", according to a statement posted on its website",
    ", the latest in a series of actions against the country's technology sector",
    ", a move that sent the company's shares sharply lower",
    ", people familiar with the matter said",
    ", one of the largest actions of its kind",
)


def _efill(rng: Random, template: str, when: When | None, **kw: str) -> str:
    """An event sentence: the template filled, sometimes with a trailing clause that adds no event."""
    s = _fill(template, when, **kw)
    if rng.random() < 0.4 and s.endswith("."):
        s = s[:-1] + rng.choice(EVENT_TAILS) + "."
    return s


def _pick_authority(rng: Random, p: Pools, etype: str, jur: str | None = None) -> Authority:
    kinds = KINDS_FOR[etype]
    for _ in range(20):
        j = jur or (rng.choice(MAIN_JURISDICTIONS) if rng.random() < 0.85 else rng.choice(p.jurisdictions))
        options = [a for k in kinds for a in p.authorities.get((j, k), ())]
        if options:
            return rng.choice(options)
        jur = None
    options = [a for k in kinds for a in p.authorities.get(("US", k), ())]
    return rng.choice(options)


def _pick_org(rng: Random, p: Pools, jurisdiction: str, avoid: set[str]) -> Org:
    for _ in range(20):
        x = rng.random()
        local = p.orgs_by_country.get(jurisdiction, ())
        if x < 0.55 and local:
            o = rng.choice(local)
        elif x < 0.8 and p.famous:
            o = rng.choice(p.famous)
        else:
            o = rng.choice(p.orgs)
        if o.name not in avoid:
            return o
    return o


def _sector_fill(s: str, rng: Random) -> str:
    return s.replace("{S}", rng.choice(SECTORS))


FINE_TEMPLATES = (
    "{A} fined {T} {AMT} {d} {R}.",
    "{A} {d} fined {T} {AMT} {R}, the largest penalty of its kind.",
    "{d}, {A} fined {T} {AMT} {R}.",
    "{T} was fined {AMT} by {A} {d} {R}.",
    "{A} imposed {a_AMT} fine on {T} {d} {R}.",
    "{A} {d} slapped {T} with {a_AMT} penalty {R}.",
    "{A} levied {a_AMT} fine against {T} {d} {R}, according to a statement on its website.",
    "{T} agreed {d} to pay {AMT} to settle allegations by {A} that it had broken the rules.",
)
FINE_MULTI = "{A} {d} fined {T} and {T2} {AMT} each {R}."
PROBE_TEMPLATES = (
    "{A} opened an investigation into {T} {d} {R}.",
    "{A} {d} launched a probe into {T} {R}.",
    "{d}, {A} said it had opened an antitrust investigation into {T} {R}.",
    "{T} was hit with a probe by {A} {d} {R}.",
    "{T} came under investigation by {A} {d} {R}.",
    "{A} raided the offices of {T} {d} as part of an inquiry {R}.",
    "{A} summoned executives from {T} {d} to explain its practices {R}.",
)
PROBE_MULTI = "{A} {d} opened investigations into {T} and {T2} {R}."
BAN_TEMPLATES = (
    "{A} banned {T} {d}, {R}.",
    "{A} {d} blocked access to {T}, {R}.",
    "{T} was banned by {A} {d}, {R}.",
    "{A} ordered app stores to remove {T} {d}, {R}.",
    "{A} suspended the operating licence of {T} {d}, {R}.",
    "{d}, {A} blocked {Tpos} planned takeover of a smaller rival, saying the deal would harm competition.",
)
BAN_MULTI = "{A} {d} banned {T}, {T2} and dozens of other apps, {R}."
ORDER_TEMPLATES = (
    "{A} ordered {T} to {X} {d}.",
    "{A} {d} ordered {T} to {X}, according to a notice published on its website.",
    "{T} was ordered by {A} {d} to {X}.",
    "{A} {d} directed {T} to {X}.",
    "{d}, {A} issued an order requiring {T} to {X}.",
)
LAWSUIT_TEMPLATES = (
    "{A} sued {T} {d}, {R}.",
    "{A} {d} filed a lawsuit against {T}, {R}.",
    "{T} was sued by {A} {d} in a case {R}.",
    "{d}, {A} filed a complaint against {T}, {R}.",
)
RULING_TEMPLATES = (  # courts
    "{A} ruled {d} that {T} {R}.",
    "{A} {d} found that {T} {R}.",
    "In a ruling {d}, {A} said {T} {R}.",
    "{A} ruled against {T} {d}, finding that the company {R}.",
)
RULING_TEMPLATES_REGULATOR = (  # a regulator deciding a case
    "{A} {d} found that {T} {R}.",
    "{d}, {A} concluded that {T} {R}, at the end of a two-year case.",
)
RULE_TEMPLATES = (  # regulators, ministries, governments
    "{A} {d} unveiled draft rules requiring {C} to {X}.",
    "{A} published new regulations {d} that require {C} to {X}.",
    "{A} {d} issued guidelines for {C}, telling them to {X}.",
)
RULE_TEMPLATES_LEGISLATURE = (
    "{d}, {A} passed a law requiring {C} to {X}.",
    "{A} {d} approved legislation that requires {C} to {X}.",
)


def _lawsuit_claim(rng: Random) -> str:
    return _sector_fill(rng.choice(LAWSUIT_CLAIMS), rng)


def _event(ctx: _Ctx, p: Pools, etype: str, a: Authority, target: Org | None, lead: bool) -> str | None:
    """One planted event sentence (maybe two rows); None when the target was already used."""
    rng, pub = ctx.rng, ctx.published
    if target is not None and (etype, target.name) in ctx.seen:
        return None
    A = ctx.auth(a)
    when = past_when(rng, pub)
    if etype == "fine":
        cur = CURRENCY_OF.get(a.jurisdiction, "USD")
        text, val = amount(rng, cur)
        if cur != "USD" and rng.random() < 0.25:
            text = f"{text} ({usd_equivalent(val, cur)})"
        reason = _sector_fill(rng.choice(FINE_REASONS), rng)
        if not lead and rng.random() < 0.12:
            t2 = _pick_org(rng, p, a.jurisdiction, {target.name} | {t for _, t in ctx.seen})
            if ("fine", t2.name) in ctx.seen:
                return None
            s = _efill(rng, FINE_MULTI, when, A=A, T=target.text, T2=t2.text, AMT=text, R=reason)
            ctx.add("fine", target.gold, a, when, s, val, cur)
            ctx.add("fine", t2.gold, a, when, s, val, cur)
            return s
        tpl = rng.choice(FINE_TEMPLATES)
        s = _efill(rng, tpl, when, A=A, T=target.text, AMT=text, a_AMT=f"{_a(text)} {text}", R=reason)
        ctx.add("fine", target.gold, a, when, s, val, cur)
        if rng.random() < 0.25 and ("order", target.name) not in ctx.seen:
            # the same decision also orders the firm to act: a second row, the fine's date
            s += " " + _fill("The {who} also ordered the company to {X}.", None,
                             who=_SHORT_BY_KIND.get(a.kind, "authority").replace("the ", ""),
                             X=rng.choice(ORDER_ACTIONS)).replace("The prosecutors", "Prosecutors")
            ctx.add("order", target.gold, a, when, s)
        return s
    if etype == "probe":
        reason = _sector_fill(rng.choice(PROBE_REASONS), rng)
        if not lead and rng.random() < 0.12:
            t2 = _pick_org(rng, p, a.jurisdiction, {target.name} | {t for _, t in ctx.seen})
            if ("probe", t2.name) in ctx.seen:
                return None
            s = _efill(rng, PROBE_MULTI, when, A=A, T=target.text, T2=t2.text, R=reason)
            ctx.add("probe", target.gold, a, when, s)
            ctx.add("probe", t2.gold, a, when, s)
            return s
        s = _efill(rng, rng.choice(PROBE_TEMPLATES), when, A=A, T=target.text, R=reason)
        ctx.add("probe", target.gold, a, when, s)
        return s
    if etype == "ban":
        reason = rng.choice(BAN_REASONS)
        if not lead and rng.random() < 0.12:
            t2 = _pick_org(rng, p, a.jurisdiction, {target.name} | {t for _, t in ctx.seen})
            if ("ban", t2.name) in ctx.seen:
                return None
            s = _efill(rng, BAN_MULTI, when, A=A, T=target.text, T2=t2.text, R=reason)
            ctx.add("ban", target.gold, a, when, s)
            ctx.add("ban", t2.gold, a, when, s)
            return s
        s = _efill(rng, rng.choice(BAN_TEMPLATES), when, A=A, T=target.text, Tpos=_pos(target.text), R=reason)
        ctx.add("ban", target.gold, a, when, s)
        return s
    if etype == "order":
        s = _efill(rng, rng.choice(ORDER_TEMPLATES), when, A=A, T=target.text, X=rng.choice(ORDER_ACTIONS))
        ctx.add("order", target.gold, a, when, s)
        return s
    if etype == "lawsuit":
        s = _efill(rng, rng.choice(LAWSUIT_TEMPLATES), when, A=A, T=target.text, R=_lawsuit_claim(rng))
        ctx.add("lawsuit", target.gold, a, when, s)
        return s
    if etype == "ruling":
        s = _efill(rng, rng.choice(RULING_TEMPLATES if a.kind == "court" else RULING_TEMPLATES_REGULATOR), when, A=A, T=target.text, R=_sector_fill(rng.choice(RULING_FINDINGS), rng))
        ctx.add("ruling", target.gold, a, when, s)
        return s
    if etype == "rule":
        cls = rng.choice(CLASSES)
        if ("rule", cls) in ctx.seen:
            return None
        s = _efill(rng, rng.choice(RULE_TEMPLATES_LEGISLATURE if a.kind == "legislature" else RULE_TEMPLATES), when, A=A, C=cls, X=rng.choice(RULE_REQUIREMENTS))
        ctx.add("rule", cls, a, when, s)
        return s
    if etype == "deadline":
        return _deadline(ctx, p, a, A, target, when)
    raise ValueError(etype)  # pragma: no cover


def _deadline(ctx: _Ctx, p: Pools, a: Authority, A: str, target: Org, when: When) -> str | None:
    """Deadlines come with the action that set them: order+deadline, ban+deadline, rule+deadline,
    or a deadline stated on its own."""
    rng, pub = ctx.rng, ctx.published
    due = future_when(rng, pub)
    kind = rng.choice(("order", "order", "ban", "rule", "alone"))
    X = rng.choice(ORDER_ACTIONS)
    if kind == "order":
        if ("order", target.name) in ctx.seen or ("deadline", target.name) in ctx.seen:
            return None
        if when.precision == "day" and when.basis != "reported" and rng.random() < 0.3:
            n = rng.choice((10, 15, 30, 45, 60, 90))
            due = When(f"within {n} days", when.date + dt.timedelta(days=n), "day", "inferred")
            s = _efill(rng, "{A} {d} ordered {T} to {X} within {N} days.", when, A=A, T=target.text, X=X, N=str(n))
        else:
            s = _efill(rng, "{A} {d} ordered {T} to {X} by {DUE}.", when, A=A, T=target.text, X=X, DUE=due.phrase)
        ctx.add("order", target.gold, a, when, s)
        ctx.add("deadline", target.gold, a, due, s)
        return s
    if kind == "ban":
        if ("ban", target.name) in ctx.seen or ("deadline", target.name) in ctx.seen:
            return None
        s = _efill(rng, "{A} {d} announced a ban on {T} that will take effect on {DUE}.", when, A=A, T=target.text, DUE=due.phrase)
        ctx.add("ban", target.gold, a, when, s)
        ctx.add("deadline", target.gold, a, due, s)
        return s
    if kind == "rule":
        cls = rng.choice(CLASSES)
        if ("rule", cls) in ctx.seen or ("deadline", cls) in ctx.seen:
            return None
        s = _efill(rng, "{A} {d} adopted rules requiring {C} to {X}, which take effect on {DUE}.", when,
                  A=A, C=cls, X=rng.choice(RULE_REQUIREMENTS), DUE=due.phrase)
        ctx.add("rule", cls, a, when, s)
        ctx.add("deadline", cls, a, due, s)
        return s
    if ("deadline", target.name) in ctx.seen:
        return None
    s = _efill(rng, "{T} has until {DUE} to {X} under a deadline set by {A}.", None, A=A, T=target.text, X=X, DUE=due.phrase)
    ctx.add("deadline", target.gold, a, due, s)
    return s


# Background: no regulatory action. {T} main company, {T2} another, {A} the authority (short form),
# {C} a city of the country, {K} the country, {S} a sector.
BACKGROUND = (
    "Shares of {T} fell {PCT}% in {C} trading on {WD}, wiping billions of dollars off its market value, as investors "
    "weighed the prospect of tighter oversight of the {S} industry and slower growth in its core business.",
    "{T} reported revenue of {USD} for the three months to the end of the quarter, up {PCT}% from a year earlier and "
    "ahead of the average estimate of analysts polled by {F}, although profit margins narrowed.",
    "The company, founded in {Y} by a group of former engineers, says it has more than {N} million monthly active "
    "users in {K} and has been trying to diversify beyond its original {S} business.",
    "{T} employs about {N},000 people worldwide and has been expanding rapidly into {S}, a market in which it faces "
    "well-funded rivals both at home and abroad.",
    "\u201cWe take our obligations seriously and will continue to engage constructively with {A},\u201d {aT} {T} "
    "spokesperson said in an emailed statement, adding that the company had been working to address the concerns raised.",
    "\u201cThis is a market that rewards scale, and {T} has scale that few rivals can match,\u201d said {P}, an "
    "analyst at {F}, who expects the company's growth to slow over the next two years.",
    "The {S} sector has grown rapidly in recent years, with {N} million users in {K} alone, drawing a wave of "
    "investment from venture capital firms and established technology groups.",
    "{T2}, one of {Tpos} main rivals, has gained market share over the past year, according to data from {F}, "
    "helped by aggressive discounts and a push into smaller cities.",
    "{T} did not immediately respond to a request for comment sent outside regular business hours in {C}.",
    "Investors have been watching closely for signs of how far authorities in {K} are prepared to go in reining in "
    "the industry, after years in which the biggest platforms grew with little interference.",
    "The company's market value has roughly halved since its peak, according to data compiled by {F}, erasing "
    "gains made during the pandemic when demand for online services surged.",
    "{T} has said it complies with all applicable laws in the markets where it operates and that it competes fairly "
    "with both large and small rivals.",
    "Analysts at {F} estimate that {T} controls about {PCT}% of the {S} market in {K}, well ahead of its nearest "
    "competitor, {T2}.",
    "{Tpos} chief executive told employees in an internal memo seen by reporters that the company would stay focused "
    "on its customers and would not be distracted by short-term volatility in its share price.",
    "The case is being closely watched by other technology companies operating in {K}, many of which rely on "
    "similar business models built on data collected from their users.",
    "{T} launched its {S} service in {K} in {Y} and has since expanded to more than {N2} countries, although most of "
    "its revenue still comes from its home market.",
    "Consumer groups welcomed the move, saying it would give users more choice and put pressure on dominant platforms "
    "to lower the fees they charge to merchants and developers.",
    "Industry groups said the measures would raise compliance costs for smaller companies, which lack the legal "
    "teams of the largest platforms, and could slow the launch of new products in {K}.",
    "{T2} declined to comment on the matter when contacted on {WD}, citing a policy of not discussing competitors.",
    "The company has spent heavily on lobbying in {C} in recent years, disclosures show, hiring former officials and "
    "funding research on the economic benefits of the {S} industry.",
    "\u201cThe era of light-touch oversight is over,\u201d said {P}, a professor of competition law at a university "
    "in {C}, adding that other countries were likely to follow with measures of their own.",
    "Trading volumes in {Tpos} shares were about {N2} times their 30-day average, and the stock was among the most "
    "heavily traded on the exchange during the session.",
    "{T} is due to report its full-year results next month, when investors will look for guidance on how the "
    "company plans to offset slowing growth in {K}.",
    "The company has also been trying to expand its {S} business in Southeast Asia and Latin America, where "
    "smartphone adoption is rising quickly and competition is less intense.",
    "Several former employees said the company had grown faster than its internal controls, with teams under "
    "pressure to launch new features before rivals could copy them.",
    "The announcement came as {T} prepares to launch a new version of its flagship app, which it says will make it "
    "easier for users to manage their privacy settings.",
    "Its shares have gained {PCT}% so far this year, outperforming the broader market, as investors bet that the "
    "worst of the regulatory pressure on the sector has passed.",
    "Officials in {K} have repeatedly said they support the healthy development of the platform economy, even as "
    "they tighten rules on data, competition and consumer protection.",
    "{T} has invested more than {USD} in research and development over the past three years, much of it in "
    "artificial intelligence and cloud infrastructure.",
    "The dispute comes at a sensitive time for {T}, which has been negotiating with banks over a multibillion-dollar "
    "credit line and is weighing a secondary listing in {C}.",
)
# Traps: trigger words, but no event (threat, possibility, negation, a firm's own decision, a trend).
TRAPS = (
    "{T} could face a fine of up to {PCT2}% of its global annual turnover if it is found to have broken the rules, "
    "although such maximum penalties have rarely been imposed.",
    "Analysts said {T} may be banned in {K} if talks with officials over the storage of user data fail to produce "
    "an agreement in the coming months.",
    "{A} did not fine {T}, saying the company had cooperated fully and had already changed the practices that "
    "prompted the complaints.",
    "{A} has not yet decided whether to open a formal investigation into {T}, people familiar with the matter said, "
    "asking not to be named because the discussions are private.",
    "Opposition lawmakers have threatened to sue {T} over its handling of user complaints, but have not said when "
    "or in which court they would do so.",
    "{T} said it would appeal any ruling against it and denied wrongdoing, arguing that its practices benefit "
    "consumers and small businesses.",
    "Consumer groups have urged {A} to investigate {T2pos} pricing practices, saying the company had raised fees "
    "several times in the past year.",
    "{T} itself removed {N2} apps from its store last year for violating its own policies, the company said in its "
    "annual transparency report.",
    "A decision on whether to ban the service is expected in the coming weeks, according to two people briefed on "
    "the deliberations.",
    "The crackdown on the technology sector has wiped hundreds of billions of dollars off the value of listed "
    "companies, and investors remain wary of further surprises.",
    "Investors worry that further probes could follow as authorities step up scrutiny of the sector, which has "
    "become one of the largest employers of young graduates in {K}.",
    "Under the rules, companies that break the law can be fined up to {PCT2}% of their revenue, and repeat "
    "offenders can be forced to change their business models.",
    "{T} said it had not received any order from regulators and that its services were operating normally for "
    "users in {K}.",
    "Officials are considering new rules for {S} firms but have not published a draft, and it is unclear when any "
    "measures would be announced.",
    "Orders for {Tpos} new devices rose {PCT}% in the quarter, the company said, helped by strong demand in {K} "
    "ahead of the holiday season.",
    "{T2} is not under investigation, a spokesperson for the company said, adding that it had not been contacted "
    "by any authority.",
)
EDIT_LINES = (
    "This story has been updated to add comment from the company.",
    "This story has been updated with additional market reaction.",
    "Reporting by {P}; Additional reporting by {P2}; Editing by {P3}.",
    "Correction: an earlier version of this story misstated the company's share price movement.",
    "This article has been updated to include a response from an industry group.",
)


CITIES = {
    "CN": ("Beijing", "Shanghai", "Shenzhen", "Hangzhou", "Hong Kong"), "US": ("New York", "San Francisco", "Washington"),
    "IN": ("Mumbai", "Bengaluru", "New Delhi"), "GB": ("London",), "EU": ("Brussels", "Frankfurt", "Paris"),
    "DE": ("Berlin", "Frankfurt"), "FR": ("Paris",), "KR": ("Seoul",), "JP": ("Tokyo",), "AU": ("Sydney", "Melbourne"),
    "BR": ("Sao Paulo", "Brasilia"), "TR": ("Istanbul", "Ankara"), "RU": ("Moscow",),
}
DEFAULT_CITIES = ("London", "New York", "Singapore", "Hong Kong")


def _country_name(name: str) -> str:
    return f"the {name}" if name.startswith("United") or name in ("Netherlands", "Philippines", "Czech Republic") else name


def _person(rng: Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _pos(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _background(ctx: _Ctx, p: Pools, tpl: str, main: Org, other: Org, auth: Authority) -> str:
    rng = ctx.rng
    A = auth.short if auth.name in ctx.introduced else auth.text
    if "{A}" in tpl:
        ctx.introduced.add(auth.name)
    usd, _ = amount(rng, "USD")
    kw = {
        "T": main.text, "T2": other.text, "A": A, "aT": _a(main.text.lower()), "Tpos": _pos(main.text),
        "T2pos": _pos(other.text), "C": rng.choice(CITIES.get(auth.jurisdiction, DEFAULT_CITIES)),
        "K": _country_name(p.countries.get(auth.jurisdiction) or p.countries.get(main.country) or "China")
        if auth.jurisdiction != "EU" else "Europe",
        "S": rng.choice(SECTORS), "PCT": str(rng.randint(2, 40)), "PCT2": str(rng.choice((4, 6, 10, 20))),
        "N": str(rng.randint(2, 900)), "N2": str(rng.randint(2, 60)), "Y": str(rng.randint(1998, 2018)),
        "WD": rng.choice(WEEKDAYS[:5]), "USD": usd, "P": _person(rng), "F": rng.choice(ANALYST_FIRMS),
    }
    return _cap(tpl.format(**kw))


def _headline(ctx: _Ctx, first: dict | None, a: Authority | None, main: Org) -> str:
    rng = ctx.rng
    if first is None or a is None:
        return rng.choice((
            f"{main.text} shares slide as regulatory worries mount",
            f"{main.text} posts stronger-than-expected quarterly revenue",
            f"{main.text} bets on {rng.choice(SECTORS)} push as growth slows",
            f"Investors weigh outlook for {main.text} amid tougher rules",
        ))
    t = first["target"].split("|")[-1]
    h = a.head
    return {
        "fine": f"{h} fines {t} over {rng.choice(('data breaches', 'antitrust violations', 'unfair practices', 'privacy lapses'))}",
        "probe": f"{h} opens probe into {t}",
        "ban": f"{h} bans {t}" if a.kind != "court" else f"Court blocks {t}",
        "order": f"{h} orders {t} to change its practices",
        "lawsuit": f"{h} sues {t}",
        "ruling": f"{h} rules against {t}",
        "rule": f"{h} unveils new rules for {t}",
        "deadline": f"{t} faces deadline set by {h}",
    }[first["event_type"]]


def _article(seed: int, index: int) -> tuple[dict, list[dict]]:
    """Article number `index` (1-based) of the corpus with this seed, and its gold rows."""
    rng = Random(f"regtimeline-synth/{seed}/{index}")
    p = pools()
    published = FIRST_PUBLISHED + dt.timedelta(days=rng.randint(0, (LAST_PUBLISHED - FIRST_PUBLISHED).days))
    art_id = f"synth-{index:06d}"
    ctx = _Ctx(rng, art_id, published)
    n_sent = rng.randint(8, 20)
    n_events = 0 if rng.random() < 0.15 else _weighted(rng, ((1, 40), (2, 30), (3, 20), (4, 10)))
    types = list(EVENT_TYPE_WEIGHTS.items())
    main_type = _weighted(rng, types)
    main_auth = _pick_authority(rng, p, main_type) if n_events else None
    jur = main_auth.jurisdiction if main_auth else rng.choice(MAIN_JURISDICTIONS)
    main = _pick_org(rng, p, jur, set())
    other = _pick_org(rng, p, jur, {main.name})
    events: list[str] = []
    first_gold: dict | None = None
    for k in range(n_events):
        if k == 0:
            etype, a, target = main_type, main_auth, main
        else:
            etype = _weighted(rng, types)
            same_auth = rng.random() < 0.4
            a = (main_auth if same_auth and etype in ("fine", "probe", "order", "ban", "deadline")
                 else _pick_authority(rng, p, etype, jur if rng.random() < 0.7 else None))
            target = main if rng.random() < 0.5 else _pick_org(rng, p, a.jurisdiction, {main.name})
        before = len(ctx.gold)
        s = _event(ctx, p, etype, a, target, lead=k == 0)
        if s is None:
            continue
        if k == 0 and len(ctx.gold) > before:
            first_gold = ctx.gold[before]
        if k > 0 and s.startswith("The ") and rng.random() < 0.35:
            lead_in = rng.choice(("Separately, ", "In a related development, ", "Meanwhile, "))
            for g in ctx.gold[before:]:
                if g["evidence"].startswith(s[: len(g["evidence"])]) or s.startswith(g["evidence"]):
                    g["evidence"] = lead_in + "t" + g["evidence"][1:]
            s = lead_in + "t" + s[1:]
        events.append(s)
    n_back = max(n_sent - len(events), 4)
    n_traps = min(n_back, rng.choice((0, 1, 1, 2)))
    bg_auth = main_auth or _pick_authority(rng, p, "probe", jur)
    back = [_background(ctx, p, t, main, other, bg_auth) for t in rng.sample(BACKGROUND, n_back - n_traps)]
    traps = [_background(ctx, p, t, main, other, bg_auth) for t in rng.sample(TRAPS, n_traps)]
    rest = events[1:] + back + traps
    rng.shuffle(rest)
    sentences = events[:1] + rest
    paragraphs, i = [], 0
    while i < len(sentences):
        k = rng.choice((1, 2, 2, 3))
        paragraphs.append(" ".join(sentences[i : i + k]))
        i += k
    title = _headline(ctx, first_gold, main_auth, main)
    publisher, domain = rng.choice(PUBLISHERS)
    slug = "-".join(w.strip("'’.,").lower() for w in title.split()[:8] if w.strip("'’.,"))
    row = {
        "id": art_id,
        "title": title,
        "published": published.isoformat(),
        "text": "\n\n".join(paragraphs),
        "url": f"https://www.{domain}/technology/{published:%Y/%m/%d}/{slug}-{index}",
        "publisher": publisher,
    }
    return row, ctx.gold


def generate_with_gold(n: int, seed: int) -> Iterator[tuple[dict, list[dict]]]:
    """Articles 1..n with their gold rows, one at a time."""
    for i in range(1, n + 1):
        yield _article(seed, i)


def generate(n: int, seed: int) -> Iterator[dict]:
    """Rows id, title, published, text, url, publisher of articles 1..n (streaming)."""
    for row, _ in generate_with_gold(n, seed):
        yield row


# ----------------------------------------------------------------------------- changed variant
def change_rows(rows: Iterable[dict], n: int, fraction: float, seed: int) -> Iterator[dict]:
    """The same rows, with exactly round(fraction * n) of them edited (a non-event paragraph appended)."""
    rng = Random(f"regtimeline-synth-change/{seed}")
    k = round(fraction * n)
    chosen = set(rng.sample(range(n), k)) if k else set()
    for i, row in enumerate(rows):
        if i in chosen:
            r = Random(f"regtimeline-synth-change/{seed}/{row['id']}")
            line = r.choice(EDIT_LINES).format(P=_person(r), P2=_person(r), P3=_person(r))
            row = dict(row, text=row["text"].rstrip() + "\n\n" + line)
        yield row


# ----------------------------------------------------------------------------- I/O
def fmt_of(path: Path, fmt: str | None = None) -> str:
    if fmt:
        return fmt
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"jsonl": "jsonl", "ndjson": "jsonl", "json": "jsonl", "csv": "csv", "parquet": "parquet", "pq": "parquet"}.get(suffix, "jsonl")


def read_corpus(path: Path, fmt: str | None = None) -> Iterator[dict]:
    """Rows of a corpus file (JSONL, CSV or Parquet), streamed, values as strings."""
    path = Path(path)
    fmt = fmt_of(path, fmt)
    if fmt == "jsonl":
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)
    elif fmt == "csv":
        csv.field_size_limit(1 << 30)
        with open(path, newline="", encoding="utf-8") as f:
            yield from csv.DictReader(f)
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=2048):
            yield from batch.to_pylist()
    else:
        raise ValueError(f"unknown corpus format {fmt!r}")


def count_rows(path: Path, fmt: str | None = None) -> int:
    path = Path(path)
    if fmt_of(path, fmt) == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    return sum(1 for _ in read_corpus(path, fmt))


def write_rows(rows: Iterable[dict], path: Path, fmt: str | None = None) -> dict:
    """Write rows to a corpus file; returns counts and the mean text size in bytes."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fmt = fmt_of(path, fmt)
    n = size = 0
    if fmt == "jsonl":
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for r in rows:
                f.write(json.dumps({c: r[c] for c in ROW_COLUMNS}, ensure_ascii=False) + "\n")
                n += 1
                size += len(r["text"].encode("utf-8"))
    elif fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=ROW_COLUMNS, lineterminator="\n")
            w.writeheader()
            for r in rows:
                w.writerow({c: r[c] for c in ROW_COLUMNS})
                n += 1
                size += len(r["text"].encode("utf-8"))
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([(c, pa.string()) for c in ROW_COLUMNS])
        with pq.ParquetWriter(path, schema) as w:
            batch: list[dict] = []
            for r in rows:
                batch.append({c: r[c] for c in ROW_COLUMNS})
                n += 1
                size += len(r["text"].encode("utf-8"))
                if len(batch) == 2048:
                    w.write_table(pa.Table.from_pylist(batch, schema=schema))
                    batch = []
            if batch:
                w.write_table(pa.Table.from_pylist(batch, schema=schema))
    else:
        raise ValueError(f"unknown corpus format {fmt!r}")
    return {"articles": n, "mean_text_bytes": size / n if n else 0.0}


def write_corpus(path: Path, n: int, seed: int, fmt: str | None = None, gold_path: Path | None = None) -> dict:
    """Generate n articles into `path` (and their gold rows into `gold_path`); returns statistics."""
    types: Counter = Counter()
    gold_n = 0
    if gold_path:
        Path(gold_path).parent.mkdir(parents=True, exist_ok=True)
    gf = open(gold_path, "w", encoding="utf-8", newline="") if gold_path else None
    gw = csv.DictWriter(gf, fieldnames=GOLD_COLUMNS, lineterminator="\n") if gf else None
    if gw:
        gw.writeheader()

    def rows() -> Iterator[dict]:
        nonlocal gold_n
        for row, gold in generate_with_gold(n, seed):
            gold_n += len(gold)
            types.update(g["event_type"] for g in gold)
            if gw:
                gw.writerows(gold)
            yield row

    try:
        stats = write_rows(rows(), path, fmt)
    finally:
        if gf:
            gf.close()
    stats.update(gold_rows=gold_n, gold_by_type=dict(sorted(types.items())))
    return stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=20000, help="number of articles (default 20000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True, help="corpus file to write")
    ap.add_argument("--format", choices=("jsonl", "csv", "parquet"), help="default: from the --out suffix, else jsonl")
    ap.add_argument("--gold", type=Path, help="also write the planted events as a gold CSV")
    ap.add_argument("--from", dest="source", type=Path, help="with --change-fraction: the corpus to vary (default: generate --articles/--seed)")
    ap.add_argument("--change-fraction", type=float, help="edit this fraction of the articles (same ids)")
    ap.add_argument("--change-seed", type=int, default=2)
    args = ap.parse_args(argv)
    if args.change_fraction is not None:
        if not 0 <= args.change_fraction <= 1:
            ap.error("--change-fraction must be between 0 and 1")
        if args.source:
            n = count_rows(args.source)
            source: Iterable[dict] = read_corpus(args.source)
        else:
            n, source = args.articles, generate(args.articles, args.seed)
        stats = write_rows(change_rows(source, n, args.change_fraction, args.change_seed), args.out, args.format)
        stats["changed"] = round(args.change_fraction * n)
    else:
        stats = write_corpus(args.out, args.articles, args.seed, args.format, args.gold)
    print(json.dumps(stats), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
