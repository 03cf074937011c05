"""Article -> mentions of regulatory actions.

For each sentence, trigger phrases (lexicon/triggers.yml) propose an action of a
type. Each proposal is then checked and completed:

1. modality and polarity: threats, plans, speculation, negation and lifted bans
   are dropped (`modality.py`);
2. the authority: a named body or generic description from the gazetteer in
   subject position (or after "by" for passives), a country or capital standing
   for its government, a pronoun ("it", "the agency") resolved to the last
   authority named; a firm acting on its own drops the proposal;
3. the targets: organisations from the gazetteer or capitalised names in the
   object position (subject for passives), lists split into one row each,
   owners' possessives skipped ("ByteDance's TikTok" -> TikTok), descriptions
   and pronouns ("the company", "its") resolved to the last named firm; for
   rules and deadlines a class ("online platforms");
4. the amount (fines) nearest the trigger;
5. the date: the temporal expression of the trigger's clause nearest the
   trigger, else the sentence's when it has one action, else the publication
   date with basis `reported`. A future measure with a future date also gives a
   `deadline` row; "within N days" gives a deadline N days after the action.
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import logging

import yaml

from builder.corpus import Article
from builder.dates import TemporalExpression, add_duration, period_end, resolve_dates
from builder.extract.amounts import find_amounts
from builder.extract.sentences import split_clauses, split_sentences
from builder.extract.stats import ExtractionStats
from builder.gazetteer import EntityMatch, Gazetteer
from builder.model import Mention

LEXICON = Path(__file__).resolve().parent.parent / "lexicon"
log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Trigger:
    id: str
    type: str
    form: str
    agentive: bool
    strength: float
    class_target: bool
    regex: re.Pattern
    # lower-case strings one of which every match contains (a cheap prefilter); () = none known
    literals: tuple[str, ...] = ()


@cache
def load_triggers(path: Path = LEXICON / "triggers.yml") -> tuple[Trigger, ...]:
    entries = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    out = []
    for e in entries:
        rx = re.compile(e["pattern"], re.IGNORECASE)
        out.append(
            Trigger(
                id=e["id"],
                type=e["type"],
                form=e["form"],
                agentive=bool(e.get("agentive", False)),
                strength=float(e.get("strength", 0.7)),
                class_target=bool(e.get("class_target", False)),
                regex=rx,
                literals=_required_literals(rx),
            )
        )
    return tuple(out)


# --------------------------------------------------------------------------- trigger prefilter
#
# Running every trigger regex over every sentence dominated extraction time. Most
# sentences cannot match most triggers: each pattern needs one of a few literal
# strings ("fine", "ban", "investigat", ...). Those are read off the parsed pattern
# once; per article the lower-cased text is searched for them, and a trigger's regex
# runs (exactly as before, on the sentence's span) only in sentences holding one.

_MAX_FORMS = 64  # larger sets of exact strings are not worth enumerating


def _exact_forms(items) -> set[str] | None:
    """All strings a (sub)pattern can match, lower-cased, if they are few and plain ASCII; else None.

    Zero-width assertions (\\b, lookarounds) are ignored: the forms are then a superset."""
    from re import _constants as C

    forms = {""}
    for op, av in items:
        if op is C.LITERAL:
            alts = {chr(av).lower()} if av < 128 else None
        elif op is C.IN:
            alts = {chr(v).lower() for o, v in av if o is C.LITERAL and v < 128}
            if len(alts) != len(av):
                alts = None
        elif op is C.SUBPATTERN:
            alts = _exact_forms(av[3]) if not av[1] and not av[2] else None
        elif op is C.BRANCH:
            subs = [_exact_forms(a) for a in av[1]]
            alts = set().union(*subs) if all(x is not None for x in subs) else None
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[1] <= 2:
            body = _exact_forms(av[2])
            alts = None
            if body is not None:
                alts, power = set(), {""}
                for k in range(av[1] + 1):
                    if k >= av[0]:
                        alts |= power
                    power = {a + b for a in power for b in body}
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            alts = {""}
        else:
            alts = None
        if alts is None or len(forms) * len(alts) > _MAX_FORMS:
            return None
        forms = {f + a for f in forms for a in alts}
    return forms


def _necessary_literals(items) -> set[str] | None:
    """Strings (lower case) one of which every match of the sequence contains; None if unknown."""
    from re import _constants as C

    best: set[str] | None = None

    def consider(cand: set[str] | None) -> None:
        nonlocal best
        if cand and min(map(len, cand)) > (min(map(len, best)) if best else 0):
            best = cand

    run: set[str] = {""}  # exact strings of the items since the last inexact one
    for item in items:
        op, av = item
        if op is C.ASSERT and av[0] == 1:
            # a lookahead sees no further than the end of the span searched (the sentence);
            # it consumes nothing, so the run of exact strings goes on across it
            consider(_necessary_literals(av[1]))
            continue
        forms = _exact_forms([item])
        if forms is not None and len(run) * len(forms) <= _MAX_FORMS:
            run = {r + f for r in run for f in forms}
            continue
        consider(run)
        run = {""}
        if forms is not None:  # exact, but too many combinations with the run before it
            run = forms
        elif op is C.SUBPATTERN and not av[1] and not av[2]:
            consider(_necessary_literals(av[3]))
        elif op is C.BRANCH:
            subs = [_necessary_literals(a) for a in av[1]]
            if all(subs):
                consider(set().union(*subs))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT) and av[0] >= 1:
            consider(_necessary_literals(av[2]))
    consider(run)
    return best


def _required_literals(rx: re.Pattern) -> tuple[str, ...]:
    try:
        from re import _parser  # CPython internals; a miss only costs speed

        found = _necessary_literals(_parser.parse(rx.pattern, rx.flags))
    except Exception:  # pragma: no cover
        return ()
    if not found:
        return ()
    # a string containing another one adds nothing ("fine" covers "fines")
    return tuple(sorted(f for f in found if not any(g != f and g in f for g in found)))


# Characters re.IGNORECASE matches to an ASCII letter although str.lower() does not map them
# to it (dotted/dotless i, long s; found by checking every code point on CPython 3.11). A text
# holding one is not prefiltered.
_CASE_FOLD_EXTRA = re.compile("[\u0130\u0131\u017f]")


def _literal_trie(keys: list[str]) -> str:
    """A regex matching any of `keys` exactly, shaped as a trie: the longest key at a position wins."""
    root: dict = {}
    for k in keys:
        node = root
        for ch in k:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict) -> str:
        alts = [re.escape(ch) + render(node[ch]) for ch in sorted(c for c in node if c)]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0]
        return "(?:" + "|".join(alts) + ")" + ("?" if "" in node else "")

    return render(root)


@dataclass(frozen=True)
class _Prefilter:
    regex: re.Pattern | None  # any literal of any trigger, over lower-cased text
    implied: dict  # literal -> ((length, trigger indices), ...) of the literals it starts with, shortest first
    always: frozenset  # indices of triggers with no literal: they run everywhere


@cache
def _prefilter() -> _Prefilter:
    triggers = load_triggers()
    lits = sorted({lit for t in triggers for lit in t.literals})
    by_lit = {lit: tuple(i for i, t in enumerate(triggers) if lit in t.literals) for lit in lits}
    implied = {
        lit: tuple((len(k), by_lit[k]) for k in sorted((k for k in lits if lit.startswith(k)), key=len))
        for lit in lits
    }
    return _Prefilter(
        re.compile(_literal_trie(lits)) if lits else None,
        implied,
        frozenset(i for i, t in enumerate(triggers) if not t.literals),
    )


def _triggers_per_sentence(ctx: "ArticleContext") -> list[tuple[Trigger, ...]]:
    """For each sentence, the triggers (in lexicon order) whose regex may match inside it.

    All literals starting at one position are prefixes of the longest one there, which the
    trie regex finds; searching again one character further finds overlapping ones."""
    triggers = load_triggers()
    n = len(ctx.sentences)
    text = ctx.text
    low = text.lower()
    pf = _prefilter()
    if pf.regex is None or len(low) != len(text) or _CASE_FOLD_EXTRA.search(text):
        return [triggers] * n
    starts = ctx.sentence_starts
    ends = [s.end for s in ctx.sentences]
    hits: list[set[int]] = [set(pf.always) for _ in range(n)]
    search = pf.regex.search
    m = search(low, starts[0]) if n else None
    while m is not None:
        p = m.start()
        si = bisect.bisect_right(starts, p) - 1
        room = ends[si] - p
        for length, idx in pf.implied[m.group()]:
            if length > room:
                break
            hits[si].update(idx)
        m = search(low, p + 1)
    return [tuple(triggers[i] for i in sorted(h)) for h in hits]


# --------------------------------------------------------------------------- patterns

# Speculation, plans, threats, conditions: no row. Looked for between the clause
# start and the trigger (and "threat(s) to" anywhere before it in the clause).
MODAL = re.compile(
    r"\b(?:could|can|may|might|should|shall|must\s+not)\b(?!\s+(?:have\s+been|be\s+the))"
    r"|\bwould\b(?!\s+(?:be\s+)?(?:required|have\s+to))"
    r"|\b(?:consider(?:s|ed|ing)?|mull(?:s|ed|ing)?|weigh(?:s|ed|ing)?|contemplat\w+|explor(?:es|ed|ing))\b"
    r"|\b(?:plan(?:s|ned|ning)?|intend(?:s|ed)?|prepar(?:es|ed|ing)|seek(?:s|ing)?|sought|aim(?:s|ed|ing)?|want(?:s|ed)?|hope(?:s|d)?|threat(?:en(?:s|ed|ing)?|s)?|vow(?:s|ed)?|pledg(?:es|ed)|promis(?:es|ed))\s+(?:\S+\s+){0,3}?to\b"
    r"|\b(?:is|are|was|were)\s+(?:widely\s+)?(?:expected|likely|set|poised|due|unlikely)\s+to\b"
    r"|\b(?:calls?|called|calling|pushed|pushing|lobb\w+|petition\w*)\s+for\b"
    r"|\b(?:if|unless|whether|potential(?:ly)?|possible|possibly|likely|risk(?:s|ed)?\s+(?:of|being)|fears?\s+(?:of|that)|face\s+(?:a\s+)?(?:possible|potential))\b"
    r"|\b(?:rumou?r(?:s|ed)?|speculat\w+)\b",
    re.IGNORECASE,
)
# Types one decision often combines (a fine with an order to change conduct; a ban with an order).
ONE_DECISION = {frozenset(p) for p in (("fine", "order"), ("ban", "order"), ("order", "order"), ("fine", "fine"))}
# Markers that a sentence continues the decision just reported.
CONTINUATION = re.compile(r"\b(?:also|additionally|as\s+well\s+as|along\s+with|in\s+addition|further(?:more)?)\b", re.IGNORECASE)
# A sentence whose main clause speculates or predicts: nothing in it is an action.
SPECULATIVE_SENTENCE = re.compile(
    r"^\W*(?:\w+\W+){0,4}?(?:speculated|speculates|predicted|predicts|expects|expected|believes|believed|fears|feared|warned|warns|wonder(?:s|ed)?|suggested|suggests)\s+(?:that\s+)?",
    re.IGNORECASE,
)
NEGATION = re.compile(
    r"\b(?:not|never|no|n[o']t|without|against|avert\w*|dodg\w*|evad\w*|oppos\w+|criticis\w+|criticiz\w+|protest\w*|declined\s+to|refused\s+to|denied|avoid(?:ed|s)?|escap(?:ed|es)|won['’]t|didn['’]t|hasn['’]t|haven['’]t|wasn['’]t|weren['’]t|isn['’]t|aren['’]t)\b(?:\s+\S+){0,2}\s*$",
    re.IGNORECASE,
)
LIFTED = re.compile(r"\b(?:lift(?:ed|s|ing)?|end(?:ed|s|ing)?|revok(?:ed|es|ing)|overturn(?:ed|s)?|scrap(?:ped|s)|reversed?|drop(?:ped|s)|withdr[ae]w\w*|eas(?:ed|es|ing)|relax\w*|rescind\w*)\s+(?:\S+\s+){0,3}$", re.IGNORECASE)
PASSIVE_AUX = re.compile(r"\b(?:was|were|is|are|been|being|be|got|get|gets|getting|had\s+been|has\s+been|have\s+been)\s+(?:\w+ly\s+|also\s+|all\s+|now\s+|then\s+|since\s+)?$", re.IGNORECASE)

# Pronouns and descriptions that stand for a firm named earlier.
FIRM_ANAPHOR = re.compile(
    r"\b(?:its|it|the\s+(?:[\w-]+\s+){0,2}?(?:company|firm|giant|group|platform|app|startup|start-up|service|conglomerate|behemoth|titan|operator|maker|owner|retailer|marketplace|network|provider|business|chatbot|tool|website|site|exchange|bank|lender|insurer|carrier|messenger|browser|game|chipmaker|automaker|developer|unit|subsidiary|social\s+network)|the\s+latter|the\s+former)\b",
    re.IGNORECASE,
)
# Pronouns and descriptions that stand for an authority named earlier.
AUTHORITY_ANAPHOR = re.compile(
    r"\b(?:it|they|the\s+(?:same\s+)?(?:[\w-]+\s+){0,2}?(?:agency|regulator|watchdog|authority|authorities|regulators|commission|ministry|department|office|administration|court|judge|bureau|body|board|justice|tribunal|panel|council|prosecutors?))\b",
    re.IGNORECASE,
)
# Class targets (rules, deadlines, orders to a sector): up to four modifiers + a head noun.
CLASS_HEAD = (
    r"(?:platforms?|companies|firms|businesses|operators?|providers?|processors?|apps|applications|"
    r"sector|industry|investors|investments|issuers|lenders|banks|players|services|carriers|exchanges|"
    r"developers|publishers|retailers|sellers|merchants|gatekeepers|intermediaries|networks|"
    r"consoles|games|products|vendors|suppliers|makers|manufacturers|institutions|users|"
    r"nations|countries|entities)"
)
CLASS_NP = re.compile(
    r"\b((?:(?:any|all|large|big|major|foreign|domestic|online|internet|digital|tech|technology|"
    r"non-bank|payments?|financial|fintech|social|media|gaming|video|e-commerce|ecommerce|ride-hailing|"
    r"data|cloud|crypto|cryptocurrency|mobile|app|search|consumer|neighbou?ring|overseas|"
    r"[A-Z][a-z]+(?:ese|ian|ish|can|ean|i)|"
    r"[a-z]+-(?:based|listed|owned|funded)|[a-z]+(?:ic|al|ive)|[a-z]+\s+(?:market|payments?))\s+){1,4}"
    + CLASS_HEAD
    + r")\b"
)
# A class named as the object of a rule's verb: "guidelines requiring food delivery platforms to …".
CLASS_AFTER_VERB = re.compile(
    r"\b(?:requiring|requires?|regulat(?:e|es|ing)|govern(?:s|ing)?|cover(?:s|ing)|target(?:s|ing)|appl(?:y|ies)\s+to|"
    r"forc(?:e|es|ing)|oblig(?:e|es|ing)|prohibit(?:s|ing)?|bar(?:s|ring)?|restrict(?:s|ing)?)\s+"
    r"((?:(?!the\b|a\b|an\b|its\b|their\b)[a-z][\w-]*\s+){1,3}" + CLASS_HEAD + r")\b"
)
CAPNAME = re.compile(
    r"(?<![\w’'])(?:[A-Z][\w&.+-]*|[0-9]+[A-Za-z][\w-]*)(?:\s+(?:[A-Z][\w&.+-]*|of|de|du|&))*(?<![.,])"
)
NAME_STOP = {
    "The", "A", "An", "In", "On", "At", "By", "For", "From", "With", "And", "But", "Or", "As", "Of",
    "It", "Its", "This", "That", "These", "Those", "He", "She", "They", "We", "I", "His", "Her", "Their",
    "Meanwhile", "However", "Also", "Still", "Yet", "After", "Before", "Since", "While", "When", "Then",
    "Last", "Next", "Earlier", "Later", "Today", "Yesterday", "Tomorrow", "According", "Among", "Many",
    "Some", "Most", "All", "Both", "Each", "Other", "Another", "Such", "There", "Here", "Now", "Just",
    "Under", "Over", "About", "Following", "Despite", "Amid", "Although", "Though", "If", "Why", "What",
    "How", "Who", "Which", "Where", "Read", "Image", "Source", "Chinese", "American", "Indian", "European",
    "British", "Korean", "Japanese", "Western", "Asian", "Internet", "Government", "State", "Regulators",
    "Authorities", "Officials", "Ministry", "Department", "Commission", "Court", "President", "Prime",
    "Minister", "CEO", "Exclusive", "Update", "Updated", "Breaking", "Analysis", "Opinion", "Photo",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "IPO", "IPOs", "COVID", "COVID-19", "AI", "U.S.", "US", "UK", "EU", "Inc", "Co", "Ltd", "Group",
    "Daily", "Crunch", "Roundup", "Clean", "App", "Store", "Play", "Apps", "Nasdaq", "NYSE",
    "LEAD", "UPDATE", "URGENT", "WRAPUP", "Rs", "INR", "USD", "EUR", "RMB", "Firewall", "Great",
    "Himalayas", "Act", "Law", "Bill", "Code", "Section", "Article", "Regulation", "Directive",
}
WORD = re.compile(r"\w+")


@dataclass
class Party:
    """A candidate target found near a trigger."""

    name: str
    kind: str  # company | app | product | service | person | class | unknown
    start: int
    end: int
    confidence: float


@dataclass
class Proposal:
    """One trigger match, before it becomes mentions."""

    trigger: Trigger
    start: int
    end: int
    sentence: int
    match_end: int = 0  # end of the whole pattern match (the span may be the verb only)
    sentence_targets: tuple = ()  # targets of earlier actions in the same sentence ("... and ordered them to")


# --------------------------------------------------------------------------- article context


@dataclass
class ArticleContext:
    article: Article
    text: str
    anchor: dt.date
    sentences: list
    sentence_starts: list[int]
    dates: list[TemporalExpression]
    authorities: list[EntityMatch]
    organisations: list[EntityMatch]
    places: list[EntityMatch]
    jurisdiction: str | None
    gazetteer: Gazetteer
    amounts: list = dataclasses.field(default_factory=list)
    clauses: dict = dataclasses.field(default_factory=dict)  # sentence start -> clause spans in the text
    parties: dict = dataclasses.field(default_factory=dict)  # (start, end) -> _organisations_in result

    def within(self, items: list, start: int, end: int) -> list:
        return [x for x in items if x.start >= start and x.end <= end]


def _article_jurisdiction(auths: list[EntityMatch], places: list[EntityMatch], title: str, gaz: Gazetteer) -> str | None:
    """The jurisdiction an article is mostly about: specific authorities count double."""
    c: Counter[str] = Counter()
    for a in auths:
        if a.jurisdiction:
            c[a.jurisdiction] += 2 if a.specific else 1
    for p in places:
        if p.jurisdiction:
            c[p.jurisdiction] += 1
    for p in gaz.find_places(title):
        if p.jurisdiction:
            c[p.jurisdiction] += 2
    if not c:
        return None
    return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def build_context(article: Article) -> ArticleContext:
    gaz = Gazetteer.load()
    text = article.text
    sents = [s for s in split_sentences(text) if s.kind != "boilerplate"]
    auths = gaz.find_authorities(text)
    orgs = gaz.find_organisations(text)
    places = gaz.find_places(text)
    return ArticleContext(
        article=article,
        text=text,
        anchor=article.published,
        sentences=sents,
        sentence_starts=[s.start for s in sents],
        dates=resolve_dates(text, article.published),
        authorities=auths,
        organisations=orgs,
        places=places,
        jurisdiction=_article_jurisdiction(auths, places, article.title, gaz),
        gazetteer=gaz,
        amounts=find_amounts(text),
    )


# --------------------------------------------------------------------------- helpers


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _clause_of(ctx: ArticleContext, sent, pos: int) -> tuple[int, int]:
    spans = ctx.clauses.get(sent.start)
    if spans is None:
        spans = ctx.clauses[sent.start] = [(sent.start + c0, sent.start + c1, _clause_span(ctx, sent.start + c0, sent.start + c1))
                                           for c0, c1 in split_clauses(sent.text)]
    for c0, c1, span in spans:
        if c0 <= pos < c1:
            return span
    return sent.start, sent.end


def _clause_span(ctx: ArticleContext, a: int, b: int) -> tuple[int, int]:
    # a clause boundary never cuts a name ("Securities and Exchange Commission")
    for e in ctx.authorities + ctx.organisations:
        if e.start < a < e.end:
            a = e.start
        if e.start < b < e.end:
            b = e.end
    return a, b


def _is_modal(ctx: ArticleContext, c0: int, t0: int, t1: int) -> bool:
    before = ctx.text[c0:t0]
    # "said it would ban" reports a decision; "would" in other positions is hypothetical
    before_clean = re.sub(r"\b(?:said|says|announced|declared|confirmed|decided)\s+(?:that\s+)?(?:it|they|\w+)?\s*would\b", " ", before, flags=re.I)
    if MODAL.search(before_clean[-90:]):
        return True
    if NEGATION.search(before[-40:]):
        return True
    if LIFTED.search(before[-40:]):
        return True
    if re.search(r"\bthreats?\b[^.;]{0,80}$", before, re.I):
        return True
    return False


def _voice(ctx: ArticleContext, trig: Trigger, t0: int, t1: int) -> str:
    if trig.form == "passive":
        return "passive"
    if re.search(r"(?:sion|tion|ment|al|ive)$|-", ctx.text[t0:t1], re.I):
        return "noun"  # "ordered the suspension of X", "the removal of all apps"
    matched = ctx.text[t0:t1]
    before = ctx.text[max(0, t0 - 40):t0]
    if trig.form == "noun":
        verbish = re.fullmatch(r"\w+(?:ed|ing|ates|igate|obes)", matched, re.I) and not re.search(r"\b(?:the|a|an|its|their|his|her|this|that|ongoing|new|fresh|formal)\s+$", before, re.I)
        if not verbish:
            return "noun"
    if matched.lower().endswith("ed") and re.match(r"\s+(?:(?:today|yesterday|on\s+\w+|\w+day)\s+)?(?:include|includes|included)\b", ctx.text[t1:t1 + 40]):
        return "passive"  # "The apps blocked today include …"
    if matched.lower().endswith("ed") and re.search(r"(?:\b(?:the|these|those)\s+(?:\d[\d,]*\s+)?|\b\d[\d,]*\s+|\b(?:companies|firms|apps|platforms|businesses|banks|lenders|entities)\s+)$", before):
        return "passive"  # "the 59 blocked apps"
    if PASSIVE_AUX.search(before) and not matched.lower().endswith("ing"):
        return "passive"  # "was banned"; "was banning" is a progressive active
    if re.search(r"\bafter\s+being\s+$|\bbeing\s+$", before, re.I):
        return "passive"
    after = ctx.text[t1:t1 + 60]
    if re.match(r"\s+(?:in|from|by|for\s+\w+ing)\b", after) and re.search(r"ed$", ctx.text[t0:t1]):
        # "TikTok app was blocked in India", "apps blocked by India"
        prev = ctx.text[max(0, t0 - 30):t0]
        if not re.search(r"\b(?:has|have|had)\s+$", prev):
            return "passive"
    return "active"


def _organisations_in(ctx: ArticleContext, start: int, end: int) -> list[Party]:
    """Known organisations and unknown capitalised names between start and end, owners' possessives skipped."""
    found = ctx.parties.get((start, end))
    if found is None:
        found = ctx.parties[(start, end)] = _find_organisations_in(ctx, start, end)
    return list(found)


def _find_organisations_in(ctx: ArticleContext, start: int, end: int) -> list[Party]:
    gaz = ctx.gazetteer
    parties: list[Party] = []
    known = ctx.within(ctx.organisations, start, end)
    taken: list[tuple[int, int]] = []
    for o in known:
        taken.append((o.start, o.end))
        if re.match(r"-(?:backed|based|owned|funded|listed|linked|controlled|made)\b", ctx.text[o.end:o.end + 12]):
            continue  # "SoftBank-backed", "Beijing-based": a modifier, not a party
        if re.match(r"\s+(?:maker|makers|owner|parent|developer|creator)\b", ctx.text[o.end:o.end + 12]):
            # "the iPhone maker" is Apple, "TikTok's owner" is ByteDance
            info = gaz.organisation(o.canonical or o.text)
            owner = info.get("owner") if info else None
            if owner:
                parties.append(Party(owner, "company", o.start, o.end, 0.8))
            continue
        parties.append(Party(o.canonical or o.text, o.kind or "company", o.start, o.end, 0.9))
    blockers = [(x.start, x.end) for x in ctx.within(ctx.authorities, start, end)]
    blockers += [(x.start, x.end) for x in ctx.within(ctx.places, start, end)]
    blockers += [(x.start, x.end) for x in ctx.dates if x.start >= start and x.end <= end]
    for m in CAPNAME.finditer(ctx.text, start, end):
        s, e = m.start(), m.end()
        name = m.group(0)
        if re.search(r"\b(?:Act|Law|Bill|Code|Regulation|Directive|Agreement|Treaty|Convention|Rules)$", name):
            continue  # the name of a law is not a target
        # trim stop words at the edges
        words = name.split()
        while words and words[0] in NAME_STOP:
            s += len(words[0]) + (len(name[len(words[0]):]) - len(name[len(words[0]):].lstrip()))
            name = name[len(words[0]):].lstrip()
            words = name.split()
        while words and (words[-1] in NAME_STOP or words[-1] in {"of", "de", "du", "&"}):
            name = name[: name.rfind(words[-1])].rstrip()
            words = name.split()
        if not words:
            continue
        e = s + len(name)
        inner = [p for p in parties if p.kind != "unknown" and s <= p.start and p.end <= e and (p.start, p.end) != (s, e)]
        if len(inner) == 1 and not any(_overlaps(s, e, a, b) for a, b in blockers) and not any(
            _overlaps(s, e, a, b) for a, b in taken if (a, b) != (inner[0].start, inner[0].end)
        ) and inner[0].start == s and re.fullmatch(PRODUCT_SUFFIX, ctx.text[inner[0].end:e]):
            # a product named after its maker: "Baidu Express Edition", "PUBG MOBILE LITE"
            parties.remove(inner[0])
            parties.append(Party(name, "product", s, e, 0.7))
            continue
        if any(_overlaps(s, e, a, b) for a, b in taken + blockers):
            continue
        if len(name) < 2 or name.isdigit() or re.search(r"\d", name) or re.fullmatch(r"[A-Z]{2,6}", name):
            continue
        if _is_title_case_sentence(ctx, s):
            continue
        if re.match(r"\s+(?:maker|owner|operator|parent|founder|chief|executive|spokes\w+)\b", ctx.text[e:e + 20]):
            continue
        sent_start = ctx.sentence_starts[max(0, bisect.bisect_right(ctx.sentence_starts, s) - 1)]
        at_sentence_start = ctx.text[sent_start:s].strip() == ""
        if at_sentence_start and len(words) == 1 and not re.search(r"[A-Z].*[A-Z]|\d", name[1:]):
            # a single capitalised word opening a sentence is most often not a name
            continue
        if _is_place_name(gaz, name):
            continue
        parties.append(Party(name, "unknown", s, e, 0.5))
    parties.sort(key=lambda p: p.start)
    return _drop_owners(ctx, parties)


@lru_cache(maxsize=8192)
def _is_place_name(gaz: Gazetteer, name: str) -> bool:
    """Is the whole of `name` a place ("New Delhi")? Names recur across sentences and articles."""
    places = gaz.find_places(name)
    return bool(places) and len(places[0].text) == len(name)


@lru_cache(maxsize=8192)
def _names_authority(gaz: Gazetteer, name: str) -> bool:
    """Does `name` contain an authority's name?"""
    return gaz.find_authorities(name) != []


def _is_title_case_sentence(ctx: ArticleContext, pos: int) -> bool:
    """Headlines in title case capitalise every word: unknown names there are unreliable."""
    si = max(0, bisect.bisect_right(ctx.sentence_starts, pos) - 1)
    sent = ctx.sentences[si]
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", sent.text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) >= 0.7


def _drop_owners(ctx: ArticleContext, parties: list[Party]) -> list[Party]:
    """'ByteDance's TikTok' -> TikTok; 'Alibaba affiliate Ant Group' -> Ant Group."""
    keep = []
    for i, p in enumerate(parties):
        nxt = parties[i + 1] if i + 1 < len(parties) else None
        if nxt is not None:
            gap = ctx.text[p.end:nxt.start]
            if re.fullmatch(r"(?:\s+(?:Group|Inc\.?|Co\.?|Corp\.?|Holdings?|Ltd\.?|Limited))?[’']s\s+(?:[\w-]+\s+){0,2}", gap) and not re.search(r"\b(?:and|or|with|of|in|on|for|to|from|by|against|over)\b", gap):
                continue
            if re.fullmatch(r"\s+(?:affiliate|unit|subsidiary|owner|parent|sister|rival|app|platform|service|arm)\s+", gap):
                continue
        keep.append(p)
    return keep


# A target behind a head noun after the verb: "access to X", "the offices of X", "equipment from X".
OBJECT_VIA = re.compile(
    r"\s*(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,4}?(?:access\s+to|offices?\s+of|headquarters\s+of|premises\s+of|"
    r"(?:equipment|products?|devices?|apps?|services?|chips?|gear|software|goods|imports?|sales?|exports?)\s+(?:made\s+)?(?:from|by|of))\s+(?:the\s+)?",
    re.IGNORECASE,
)
# Between a verb and its object: determiners, numbers and modifiers only ("fined Alibaba",
# "ordered the Didi app", "put SoftBank-backed truck-sharing platform Full Truck Alliance").
OBJECT_GAP = re.compile(
    r"\s*(?:[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3}[’']s\s+)?(?:(?!(?:are|is|was|were|be|been|being|has|have|had|will|would|could|may|might|on|in|at|to|by|from|with|for|of|over|under|after|before|that|which|who|and|or|but)\b)(?:[a-z0-9][\w’'-]*|[A-Z][\w-]*-(?:backed|based|owned|listed|founded)|(?:[A-Z]\.){2,}|[A-Z]{2,3}|[A-Z][a-z]+(?:ese|ian|can|ish|ean|i))\s+){0,4}"
)
LIST_GAP = re.compile(
    r"^(?:\s*(?:,|and|&|or|as\s+well\s+as|plus|along\s+with)\s*)+(?:(?:the|its|their|rival|fellow)\s+)?"
    r"(?:[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3}[’']s\s+)?(?:(?:[a-z][\w-]*|[A-Z][a-z]+(?:ese|ian|can|ish|ean|i))\s+){0,4}$"
)


APPOSITIVE_GAP = re.compile(r"^\s*,\s*(?:the|a|an)\s+[^,;]{1,60},\s*(?:and|as\s+well\s+as)\s+(?:its|their|the)?\s*(?:[a-z][\w-]*\s+){0,3}$")


def _text_without(ctx: ArticleContext, start: int, end: int, spans: list, fill: str = "") -> str:
    """The text between start and end with the given spans (dates, amounts) replaced by `fill`."""
    out, pos = [], start
    for x in spans:
        if x.start >= start and x.end <= end:
            out.append(ctx.text[pos:x.start])
            out.append(fill)
            pos = x.end
    out.append(ctx.text[pos:end])
    return "".join(out)


def _without_amounts(ctx: ArticleContext, start: int, end: int) -> str:
    """The text between start and end with stated amounts removed."""
    return _text_without(ctx, start, end, ctx.amounts)


def _list_start(ctx: ArticleContext, parties: list[Party], idx: int) -> int:
    """Walk back from parties[idx] over a coordinated list ("Didi, Alibaba and Tencent") to its first member."""
    while idx > 0:
        gap = ctx.text[parties[idx - 1].end:parties[idx].start]
        if not (LIST_GAP.match(gap) or re.fullmatch(r"\s*,\s*", gap)):
            break
        idx -= 1
    return idx


def _with_list(ctx: ArticleContext, parties: list[Party], first: int, limit: int) -> list[Party]:
    """The party at index `first` and the ones coordinated with it ("Didi, Alibaba and Tencent")."""
    out = [parties[first]]
    i = first
    while i + 1 < len(parties) and parties[i + 1].end <= limit:
        if re.match(r"[’']s\b", ctx.text[parties[i + 1].end:parties[i + 1].end + 2]):
            break  # "YMTC, Micron's main rival": a possessive is a modifier, not a list member
        gap = _without_amounts(ctx, out[-1].end, parties[i + 1].start)
        if LIST_GAP.match(gap) or re.fullmatch(r"\s*,\s*", gap) or APPOSITIVE_GAP.match(gap):
            out.append(parties[i + 1])
            i += 1
        else:
            break
    return out


def _include_list(ctx: ArticleContext, start: int, end: int) -> list[Party]:
    """Members of an "include(s) X, Y; Z and W" list up to the sentence end: owners
    ("from Xiaomi", "Alibaba Group's apps") and names inside relative clauses skipped;
    the list ends where the main clause resumes (", had a combined …")."""
    stop = re.search(r",\s+(?:had|have|has|were|was|are|is|will|would|according\s+to)\b|\s[–—]\s", ctx.text[start:end])
    if stop:
        end = start + stop.start()
    out: list[Party] = []
    for p in _organisations_in(ctx, start, end):
        before = ctx.text[start:p.start]
        seg = re.split(r"[;,(]", before)[-1]
        if re.search(r"\b(?:which|who|whose|that)\b", seg):
            continue
        if re.search(r"\b(?:from|by|of|at|in)\s+(?:the\s+)?$", before):
            continue
        if re.match(r"[’']s\b", ctx.text[p.end:p.end + 2]):
            continue
        if p.name not in [o.name for o in out]:
            out.append(p)
    return out


def _salient_firm(ctx: ArticleContext, before: int, sentence_start: int) -> Party | None:
    """The firm a pronoun or description refers to: the last one named before `before`."""
    parties = _organisations_in(ctx, sentence_start, before)
    known = [p for p in parties if p.kind != "unknown"]
    if known:
        return known[-1]
    if parties:
        return parties[-1]
    # previous sentences: the last known organisation named
    prior = [o for o in ctx.organisations if o.end <= sentence_start]
    if prior:
        o = prior[-1]
        return Party(o.canonical or o.text, o.kind or "company", o.start, o.end, 0.6)
    return None


def _plural_head(name: str) -> str:
    """Classes are named in the plural ("any non-bank payments processor" -> "... processors")."""
    head = name.rsplit(" ", 1)[-1]
    if head.endswith(("s", "sector", "industry")) and not head.endswith(("ss", "us")):
        return name
    plural = head[:-1] + "ies" if head.endswith("y") and head[-2:-1] not in "aeiou" else head + "s"
    return name[: len(name) - len(head)] + plural


def _class_targets(ctx: ArticleContext, start: int, end: int, t0: int) -> list[Party]:
    found = []
    for m in CLASS_NP.finditer(ctx.text, start, end):
        name = m.group(1)
        name = re.sub(r"^(?:any|all|large|big|major)\s+", "", name)
        name = _plural_head(name)
        found.append(Party(name, "class", m.start(1), m.end(1), 0.6))
    for m in CLASS_AFTER_VERB.finditer(ctx.text, start, end):
        if not any(_overlaps(m.start(1), m.end(1), f.start, f.end) for f in found):
            found.append(Party(_plural_head(m.group(1)), "class", m.start(1), m.end(1), 0.55))
    found.sort(key=lambda p: (abs(p.start - t0), p.start))
    return found[:1]


# --------------------------------------------------------------------------- authority


@dataclass
class Authority:
    name: str
    text: str | None
    jurisdiction: str | None
    specific: bool
    start: int


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", name) if w[0].isupper())


def _resolve_authority(ctx: ArticleContext, m: EntityMatch, near: int) -> Authority | None:
    if m.canonical and m.jurisdiction and re.fullmatch(r"[A-Z]{2,6}", m.text) and ctx.jurisdiction and m.jurisdiction != ctx.jurisdiction:
        # Yonhap's "FTC" is the Korea Fair Trade Commission named elsewhere in the article
        local = [a for a in ctx.authorities if a.specific and a.jurisdiction == ctx.jurisdiction and a.canonical and _initials(a.canonical).endswith(m.text)]
        if local:
            return Authority(local[0].canonical, m.text, local[0].jurisdiction, True, m.start)
    if m.canonical and m.jurisdiction:
        return Authority(m.canonical, m.text, m.jurisdiction, m.specific, m.start)
    jur = m.jurisdiction or _jurisdiction_near(ctx, near)
    if jur is None:
        written = re.sub(r"^(?:the|a|an)\s+", "", m.text, flags=re.I)
        return Authority(written, m.text, None, False, m.start)
    resolved = ctx.gazetteer.resolve_role(m.role, jur)
    if resolved is None:
        if m.role == "court" or m.kind == "court":
            return Authority(re.sub(r"^(?:the|a|an)\s+", "", m.text, flags=re.I), m.text, jur, False, m.start)
        return Authority(m.canonical or ctx.gazetteer.government_of(jur), m.text, jur, False, m.start)
    return Authority(resolved[0], m.text, resolved[1], False, m.start)


def _jurisdiction_near(ctx: ArticleContext, pos: int) -> str | None:
    """The place named in the same sentence (nearest to pos), else the article's jurisdiction."""
    si = max(0, bisect.bisect_right(ctx.sentence_starts, pos) - 1)
    s = ctx.sentences[si] if ctx.sentences else None
    if s is not None:
        ps = [p for p in ctx.places if s.start <= p.start < s.end and p.jurisdiction]
        if ps:
            return min(ps, key=lambda p: abs(p.start - pos)).jurisdiction
    return ctx.jurisdiction


# Between a subject and its verb: auxiliaries, adverbs, reporting verbs, masked dates.
SUBJECT_GAP = re.compile(
    r"(?:\s*(?:,|has|have|had|also|later|then|now|recently|already|officially|formally|finally|"
    r"on|in|last|this|earlier|was|were|is|are|will|would|did|said|says|announced|it|they|that|"
    r"\w+ly|#)\s*)*\s*"
)
# Words that extend a maker's name into a product's ("Baidu Express Edition", "PUBG MOBILE LITE").
PRODUCT_SUFFIX = re.compile(
    r"(?:\s+(?:[A-Z]{2,}|Express|Edition|Lite|Pro|Plus|Go|Max|Mini|Pay|Music|Video|Call|Store|Cloud|Maps|"
    r"Search|Work|Browser|News|Live|Games?|Mobile|Wallet|Assistant|Drive|Mail|Messenger|Shopping))+"
)
# Between a passive verb and its subject: auxiliaries, adverbs, appositions, "app".
PASSIVE_SUBJECT_GAP = re.compile(
    r"(?:\s*(?:,|[’']s|has|have|had|was|were|is|are|been|being|be|get|got|will|would|shall|should|to|not|also|also|later|then|now|recently|already|"
    r"reportedly|allegedly|briefly|temporarily|officially|formally|\w+ly|and|app|apps|service|platform|#|"
    r"\([^)]*\)|,[^,;]{0,200},|—|–|-|(?:among|one\s+of)\s+(?:the\s+)?(?:\d+\s+)?(?:[\w-]+\s+){0,2}(?:companies|firms|apps|platforms|businesses|banks|lenders|entities)))*\s*"
)
GREAT_FIREWALL = re.compile(r"\bGreat Firewall\b")


def _mask_dates(ctx: ArticleContext, start: int, end: int) -> str:
    """The text between start and end with temporal expressions replaced by '#'."""
    return _text_without(ctx, start, end, ctx.dates, " # ")


def _place_as_government(ctx: ArticleContext, p: EntityMatch) -> Authority | None:
    if not p.jurisdiction:
        return None
    return Authority(ctx.gazetteer.government_of(p.jurisdiction), p.text, p.jurisdiction, False, p.start)


def _find_authority(ctx: ArticleContext, sent, c0: int, c1: int, t0: int, t1: int, voice: str, targets_start: int | None, trigger_type: str = "") -> Authority | None:
    """The authority acting: subject before the trigger, 'by X' after it, or the anaphor's antecedent."""
    after_auths = [a for a in ctx.within(ctx.authorities, t1, sent.end)]
    for a in after_auths:
        gap = ctx.text[t1:a.start]
        if re.search(r"\b(?:by|settle|settling|settled)\s+(?:the\s+|a\s+)?(?:\S+\s+){0,2}$", gap, re.I) and len(gap) < 120:
            return _resolve_authority(ctx, a, a.start)
        if voice in ("noun", "passive") and re.fullmatch(r"\s*(?:(?:from|of)\s+)?(?:the\s+)?", gap, re.I) and a.end <= c1 + 40:
            return _resolve_authority(ctx, a, a.start)
    # a noun inside a fronted phrase ("Following the call-off of Ant's IPO, the Chinese authorities …")
    if voice == "noun" and re.match(r"\s*(?:Following|After|Amid|Despite|With|Since)\b", ctx.text[sent.start:t0]):
        main = [a for a in after_auths if re.search(r",\s+(?:the\s+)?$", ctx.text[max(sent.start, a.start - 8):a.start])]
        if main:
            return _resolve_authority(ctx, main[0], main[0].start)
    before_auths = [a for a in ctx.within(ctx.authorities, sent.start, t0)]
    # the nearest authority before the trigger, not separated by another clause-level verb of a firm
    if before_auths:
        return _resolve_authority(ctx, before_auths[-1], before_auths[-1].start)
    # noun modifier: "a government probe", "an antitrust probe by ..." handled above
    mod = re.search(r"\b(government|state|regulatory|official|federal|antitrust)\s+$", ctx.text[max(0, t0 - 25):t0], re.I)
    if mod and voice == "noun":
        jur = _jurisdiction_near(ctx, t0)
        if jur:
            role = "competition" if mod.group(1).lower() == "antitrust" else "government"
            r = ctx.gazetteer.resolve_role(role, jur)
            name, jur2 = r if r else (ctx.gazetteer.government_of(jur), jur)
            return Authority(name, mod.group(1), jur2, False, t0)
    # a country or capital as subject ("India banned", "New Delhi blocked") or location of a passive
    places = [p for p in ctx.within(ctx.places, sent.start, c1) if p.jurisdiction]
    subj_places = [p for p in places if p.end <= t0 and p.start >= c0]
    if subj_places:
        p = subj_places[-1]
        between = _mask_dates(ctx, p.end, t0)
        if SUBJECT_GAP.fullmatch(between) and not re.match(r"[-‐]", ctx.text[p.end:p.end + 1]):
            return _place_as_government(ctx, p)
    if voice in ("passive", "noun"):
        loc = [p for p in places if p.start >= t1 and re.match(r"\s*(?:in|from|across|by)\s+(?:the\s+)?$", ctx.text[t1:p.start][-20:] or " ", re.I)]
        if loc:
            return _place_as_government(ctx, loc[0])
        loc = [p for p in places if p.start >= t1 and p.start - t1 < 40 and re.search(r"\bin\s+(?:the\s+)?$", ctx.text[max(t1, p.start - 10):p.start], re.I)]
        if loc:
            return _place_as_government(ctx, loc[0])
    # attribution: "…, the MIIT said", "according to the regulator"
    for a in ctx.within(ctx.authorities, sent.start, sent.end):
        if re.match(r"\s+(?:said|says|announced|stated|confirmed|added|noted|told)\b", ctx.text[a.end:a.end + 15]) or re.search(r"\baccording\s+to\s+(?:the\s+)?$", ctx.text[max(0, a.start - 20):a.start]):
            return _resolve_authority(ctx, a, a.start)
    if voice in ("passive", "noun"):
        prior = [a for a in ctx.authorities if a.end <= sent.start and a.start >= max(0, sent.start - 600) and a.specific]
        if prior:
            return _resolve_authority(ctx, prior[-1], prior[-1].start)
    if trigger_type == "deadline":
        # a deadline is set by the authority the article has been reporting on
        prior = [a for a in ctx.authorities if a.end <= sent.start and a.start >= max(0, sent.start - 1500)]
        if prior:
            return _resolve_authority(ctx, prior[-1], prior[-1].start)
        in_clause = [pl for pl in ctx.within(ctx.places, c0, c1) if pl.jurisdiction]
        if in_clause:
            return _place_as_government(ctx, in_clause[0])
    if GREAT_FIREWALL.search(sent.text):
        return Authority(ctx.gazetteer.government_of("CN"), "Great Firewall", "CN", False, t0)
    # anaphor subject: "it", "the same government agency"
    subj = ctx.text[c0:t0]
    reported = re.search(r"\b(?:said|says|added|stated|told\s+\w+)\s+(?:that\s+)?(?:it|they)\b", ctx.text[sent.start:t0])
    if reported and not ctx.within(ctx.authorities, sent.start, sent.start + reported.start()):
        return None  # "One seller said it suspended …": the pronoun is the speaker, not an authority
    if AUTHORITY_ANAPHOR.search(subj):
        prior = [a for a in ctx.authorities if a.end <= sent.start and a.start >= max(0, sent.start - 1500)]
        if prior:
            specific = [a for a in prior if a.specific]
            a = (specific or prior)[-1]
            return _resolve_authority(ctx, a, a.start)
    return None


# --------------------------------------------------------------------------- dates


def _pick_date(ctx: ArticleContext, sent, c0: int, c1: int, t0: int, t1: int, proposals_in_sentence: int, trigger_id: str = "") -> TemporalExpression | None:
    points = [d for d in ctx.dates if d.kind == "point" and d.start >= sent.start and d.end <= sent.end]
    fronted = re.match(r"\s*(?:Following|After|Amid|Despite|Since)\b[^,]*,", ctx.text[sent.start:sent.end])
    if fronted and t0 < sent.start + fronted.end():
        # a noun inside a fronted phrase: only dates inside that phrase date it
        inside = [d for d in points if d.end <= sent.start + fronted.end()]
        return min(inside, key=lambda d: abs(d.start - t0)) if inside else None
    in_clause = [d for d in points if d.start >= c0 and d.end <= c1]
    if not in_clause and re.match(r"\s*(?:and|or|but)\s+(?:also\s+|then\s+|later\s+)?\w+(?:ed|s)\b", ctx.text[c0:c1]):
        # "… fined Alibaba and also reviewed a Tencent acquisition": the coordinated verb shares the date
        in_clause = [d for d in points if d.end <= c0]
    reporting = [d for d in points if re.search(r"\b(?:said|says|announced|confirmed|stated|added|disclosed|revealed)\s+(?:on\s+)?$", ctx.text[max(sent.start, d.start - 16):d.start], re.I)]
    cands = in_clause or (points if proposals_in_sentence == 1 else []) or reporting
    if not cands:
        return None
    # skip dates that belong to another event noun ("its debut in early July", "since its IPO")
    def owned_elsewhere(d: TemporalExpression) -> bool:
        pre = ctx.text[max(sent.start, d.start - 40):d.start]
        return bool(re.search(r"\b(?:debut|IPO|listing|launch(?:ed)?|founded|birth|valuation|round|earnings|quarter|results|revenue|sales|users|downloads|subscribers|shares|stock)\s+(?:\w+\s+){0,2}(?:in|on|of|since)?\s*$", pre, re.I)) and not (d.start <= t0 <= d.end)

    halting = trigger_id == "ban.halted"
    cands = [d for d in cands if (halting and d.start > t0) or not owned_elsewhere(d)]
    cands = [d for d in cands if not (d.precision == "year" and re.fullmatch(r"\d{4}", d.text) and re.search(r"\b(?:its|their|the|a|an|his|her|this|that)\s+$", ctx.text[max(0, d.start - 8):d.start]) and re.match(r"\s+\w", ctx.text[d.end:d.end + 3]))]
    if not cands:
        return None
    return min(cands, key=lambda d: (abs((d.start + d.end) / 2 - (t0 + t1) / 2), d.start))


def _deadline_date(ctx: ArticleContext, sent, t0: int) -> TemporalExpression | None:
    """For a deadline: the date after the trigger introduced by by / until / before / on / is."""
    for d in ctx.dates:
        if d.kind == "point" and t0 <= d.start < sent.end:
            if re.search(r"\b(?:by|until|till|before|on|is|from|of|as\s+of|no\s+later\s+than|effective)\s+(?:the\s+end\s+of\s+)?$", ctx.text[max(sent.start, d.start - 25):d.start], re.I):
                return d
    return None


def _narrative_date(ctx: ArticleContext, si: int, auth: Authority) -> TemporalExpression | None:
    """An undated report right after a dated sentence about the same authority's country
    ("Last week, … India declared …. India said it would ban 59 apps …") takes that date."""
    jurs: set = set()
    for back in (1, 2):
        if si - back < 0:
            break
        prev = ctx.sentences[si - back]
        if prev.kind == "heading":
            break
        jurs |= {a.jurisdiction for a in ctx.authorities if prev.start <= a.start < prev.end}
        jurs |= {pl.jurisdiction for pl in ctx.places if prev.start <= pl.start < prev.end}
        points = [d for d in ctx.dates if d.kind == "point" and d.start >= prev.start and d.end <= prev.end]
        if not points:
            continue
        if len(points) != 1 or points[0].precision not in ("day", "week"):
            break
        if auth.jurisdiction in jurs:
            return points[0]
        break
    if si <= 3:
        # a news lede is often undated; the next sentences say when ("SAMR said Friday that …")
        for nxt in ctx.sentences[si + 1:si + 3]:
            for d in ctx.dates:
                if d.kind == "point" and nxt.start <= d.start < nxt.end and d.precision == "day" and re.search(
                    r"\b(?:said|says|announced|confirmed|stated)\s+(?:on\s+)?$", ctx.text[max(nxt.start, d.start - 16):d.start], re.I
                ):
                    jurs = {a.jurisdiction for a in ctx.authorities if nxt.start <= a.start < nxt.end}
                    if auth.jurisdiction in jurs:
                        return d
    return None


def _durations(ctx: ArticleContext, sent) -> list[TemporalExpression]:
    return [d for d in ctx.dates if d.kind == "duration" and d.start >= sent.start and d.end <= sent.end]


# --------------------------------------------------------------------------- main


def _proposals(ctx: ArticleContext) -> list[Proposal]:
    out = []
    per_sentence = _triggers_per_sentence(ctx)
    for si, s in enumerate(ctx.sentences):
        matches = [(m, trig) for trig in per_sentence[si] for m in trig.regex.finditer(ctx.text, s.start, s.end)]
        # among overlapping matches of one type the longest wins ("hit with a probe" over "probe")
        matches.sort(key=lambda mt: (-(mt[0].end() - mt[0].start()), mt[0].start(), mt[1].id))
        seen: list[tuple[int, int, str]] = []
        for m, trig in matches:
            if any(_overlaps(m.start(), m.end(), a, b) and t == trig.type for a, b, t in seen):
                continue
            seen.append((m.start(), m.end(), trig.type))
            end = m.end()
            if trig.form in ("verb", "clause"):
                w = re.match(r"\w+(?!-)", ctx.text[m.start():m.end()])
                end = m.start() + w.end() if w else end
            out.append(Proposal(trig, m.start(), end, si, m.end()))
    out.sort(key=lambda p: (p.start, p.trigger.type))
    return out


def _targets(ctx: ArticleContext, sent, c0: int, c1: int, p: Proposal, voice: str) -> list[Party]:
    t0, t1 = p.start, p.end
    trig = p.trigger
    if trig.type in ("rule", "deadline") or trig.class_target:
        cls = _class_targets(ctx, sent.start, sent.end, t0)
        named = _organisations_in(ctx, t1, c1)
        if trig.type == "deadline" and not cls:
            near = [b for b in _organisations_in(ctx, c0, c1)]
            if near:
                first = min(range(len(near)), key=lambda i: abs(near[i].start - t0))
                first = _list_start(ctx, near, first)
                return _with_list(ctx, near, first, c1)
            return []
        if cls:
            return cls
        if trig.type == "rule":
            on = re.search(r"\b(?:rules?|regulations?|laws?|guidelines?|framework|polic(?:y|ies)|measures)\s+(?:on|for|governing|regulating|covering|to\s+regulate)\s+((?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*s)\b", ctx.text[t0:sent.end])
            if on:
                a = t0 + on.start(1)
                return [Party(on.group(1), "class", a, a + len(on.group(1)), 0.5)]
            return []
        if named:
            return _with_list(ctx, named, 0, c1)
    incl = re.match(r"[^,;:]{0,30}?\b(?:include|includes|included)\s+|[^.;]{0,80}?\s[–—:]\s+(?=[A-Z])", ctx.text[t1:sent.end])
    if incl:
        members = _include_list(ctx, t1 + incl.end(), sent.end)
        if members and members[0].start - (t1 + incl.end()) < 40:
            return members
    if trig.form == "clause":
        after = [a for a in _organisations_in(ctx, t0, max(c1, p.match_end)) if a.start < p.match_end]
        return _with_list(ctx, after, 0, p.match_end) if after else []
    after = _organisations_in(ctx, t1, c1)
    before = _organisations_in(ctx, c0, t0)
    if trig.type == "ban" and voice == "active" and not after:
        prod = re.match(r"\s+(?:the\s+)?(?:sale|sales|import|imports|export|exports|use|production|distribution|manufacture)(?:\s+and\s+\w+)?\s+of\s+((?:[a-z][\w-]*\s+){0,3}[a-z][\w-]*s)\b", ctx.text[t1:c1])
        if prod:
            a = t1 + prod.start(1)
            return [Party(prod.group(1), "class", a, a + len(prod.group(1)), 0.6)]
    auth_spans = [(a.start, a.end) for a in ctx.authorities]
    before = [b for b in before if not any(_overlaps(b.start, b.end, a0, a1) for a0, a1 in auth_spans)]
    after = [b for b in after if not any(_overlaps(b.start, b.end, a0, a1) for a0, a1 in auth_spans)]
    if voice == "active":
        # object position: right after the verb ("fined Alibaba", "ordered the Didi app")
        follow = ctx.text[t1:c1]
        incl = re.match(r"[^,;:]{0,30}?\b(?:include|includes|included)\s+|[^,;:]{0,80}?,?\s+(?:including|such\s+as|like|among\s+them)\s+", follow)
        if incl:
            start = t1 + incl.end()
            members = _include_list(ctx, start, sent.end)
            if members and members[0].start - start < 40:
                return members
        if re.match(r"\s*(?:them|those\s+(?:companies|firms|platforms))\b", follow) and p.sentence_targets:
            return list(p.sentence_targets)
        ana = FIRM_ANAPHOR.match(follow.lstrip())
        if ana and (not after or after[0].start > t1 + (len(follow) - len(follow.lstrip())) + ana.end()):
            f = _salient_firm(ctx, t0, sent.start)
            return [f] if f else []
        if after:
            obj_text = ctx.text[t1:after[0].start]
            for pl in sorted((pl for pl in ctx.places if pl.start >= t1 and pl.end <= after[0].start), key=lambda x: -x.start):
                obj_text = obj_text[: pl.start - t1] + "x" * (pl.end - pl.start) + obj_text[pl.end - t1:]
            if len(obj_text) < 60 and OBJECT_GAP.fullmatch(obj_text.replace(".", "")):
                return _with_list(ctx, after, 0, c1)
        # "halted the $37 billion IPO of Ant Group", "blocked access to PayPal", "raided the offices of
        # Amazon Japan", "banned equipment from Huawei and ZTE": the target behind a head noun
        ipo = re.match(r"[^,;]{0,60}?\b(?:IPO|initial\s+public\s+offering|listing|flotation|float|offering|deal|merger|acquisition|takeover)\s+(?:of|by)\s+", follow, re.I) or OBJECT_VIA.match(follow)
        if ipo:
            cand = [a for a in after if a.start >= t1 + ipo.end() and a.start - (t1 + ipo.end()) < 40]
            if cand:
                return _with_list(ctx, after, after.index(cand[0]), c1)
        # relative clause: "UC Browser, Shareit and other apps that India has blocked"
        rel = re.search(r"(?:that|which)\s+[^,;]{1,60}?\s*$", ctx.text[sent.start:t0])
        if rel and not follow.strip()[:1].isalnum() or (rel and re.match(r"\s*(?:are|were|is|have|has|had|remain|,)", follow)):
            head_end = sent.start + rel.start()
            head = _organisations_in(ctx, sent.start, head_end)
            if head:
                return _with_list(ctx, head, _list_start(ctx, head, len(head) - 1), head_end)
        return []
    if voice == "passive":
        if before and trig.form == "verb" and not PASSIVE_SUBJECT_GAP.fullmatch(_mask_dates(ctx, before[-1].end, t0)):
            before = []  # "fined Google for failing to delete content banned in Russia"
        if not before and trig.form == "passive":
            to = re.match(r"\s*(?:to|against|on)\s+(?:the\s+)?", ctx.text[t1:c1], re.I)
            cand = [a for a in after if to and a.start == t1 + to.end()]
            if cand:
                return _with_list(ctx, after, after.index(cand[0]), c1)
        if before:
            last = before[-1]
            # walk back over a coordinated list ending at `last`
            return _with_list(ctx, before, _list_start(ctx, before, len(before) - 1), last.end)
        subj = ctx.text[c0:t0]
        if FIRM_ANAPHOR.search(subj):
            f = _salient_firm(ctx, c0, sent.start)
            return [f] if f else []
        # "Ant Group has been put on the spot and forced to restructure": the coordinated subject
        if re.match(r"\s*(?:and|or|but)\b", ctx.text[c0:t0]) or re.search(r"\band\s+(?:\w+\s+)?$", ctx.text[max(sent.start, t0 - 12):t0]):
            prev = [b for b in _organisations_in(ctx, sent.start, c0) if not any(_overlaps(b.start, b.end, a0, a1) for a0, a1 in auth_spans)]
            if prev:
                return [prev[0]]
        # "ordered the Didi app, which has ..., to be yanked": the object of the ordering verb
        earlier = [b for b in _organisations_in(ctx, sent.start, c0) if not any(_overlaps(b.start, b.end, a0, a1) for a0, a1 in auth_spans)]
        if earlier and re.search(r"\b(?:ordered|directed|told|asked|required|mandated|forced|wanted)\s+(?:the\s+)?$", ctx.text[max(sent.start, earlier[-1].start - 30):earlier[-1].start]):
            return [earlier[-1]]
        return []
    # noun: "probe into X", "ban on X", "fine against X"; else "X faces a probe"
    prep = re.match(r"\s*(?:\S+\s+){0,3}?(?:into|on|against|of|over|targeting|for|banning|directing|requiring|ordering|forcing|prohibiting|instructing|barring|alleging)\s+(?:that\s+|whether\s+)?", ctx.text[t1:c1], re.I)
    if not prep and trig.type == "order":
        prep = re.match(r"\s+to\s+\w+\s+", ctx.text[t1:c1])  # "a directive to reform the firm's business"
    if prep:
        rest = t1 + prep.end()
        cand = [a for a in after if a.start >= rest and a.start - rest < 30 and not re.search(r"\b(?:under|by|from|with|after)\b", ctx.text[rest:a.start])]
        ana = FIRM_ANAPHOR.match(ctx.text[rest:c1])
        if ana and (not cand or cand[0].start > rest + ana.end()):
            f = _salient_firm(ctx, t0, sent.start)
            return [f] if f else []
        if cand:
            return _with_list(ctx, after, after.index(cand[0]), c1)
    before = [b for b in before if b.kind != "unknown" or t0 - b.end < 30]
    if before:
        return _with_list(ctx, before, _list_start(ctx, before, len(before) - 1), before[-1].end)
    if after and after[0].start - t1 < 50:
        return _with_list(ctx, after, 0, c1)
    subj = ctx.text[max(c0, t0 - 45):t0]
    if re.search(r"\b(?:it|the\s+(?:[\w-]+\s+){0,2}?(?:company|firm|giant|group|platform|app|startup|service|conglomerate|behemoth|operator|maker))\s+(?:\w+\s+){0,5}$", subj, re.I):
        f = _salient_firm(ctx, t0, sent.start)
        return [f] if f else []
    return []


def _firm_subject(ctx: ArticleContext, c0: int, t0: int, auth: Authority | None) -> bool:
    """Is the clause's subject a firm acting on its own ("Apple and Google block ...")?"""
    parties = _organisations_in(ctx, c0, t0)
    if not parties:
        return False
    last = parties[-1]
    if auth is not None and auth.start > last.start:
        return False
    gap = ctx.text[last.end:t0]
    return len(gap) < 40 and not re.search(r"[’']s\b|\bon\b|\bagainst\b|\binto\b|\bof\b", gap)


def extract_article(article: Article, stats: ExtractionStats | None = None) -> list[Mention]:
    """All mentions of regulatory actions in one article (before in-article merging)."""
    stats = stats if stats is not None else ExtractionStats()
    ctx = build_context(article)
    for e in ctx.authorities + ctx.organisations + ctx.places:
        stats.gazetteer_fired[e.entry_id] += 1
    props = _proposals(ctx)
    for p in props:
        stats.triggers_fired[p.trigger.id] += 1
    per_sentence = Counter(p.sentence for p in props)
    amounts = ctx.amounts
    out: list[Mention] = []
    pending_durations: list[tuple[Mention, TemporalExpression]] = []
    sentence_targets: dict[int, list[Party]] = {}
    for p in props:
        sent = ctx.sentences[p.sentence]
        t0, t1 = p.start, p.end
        c0, c1 = _clause_of(ctx, sent, t0)
        log.debug("%s: %s %r clause=%r", article.article_id, p.trigger.id, ctx.text[t0:t1], ctx.text[c0:c1][:120])
        if _is_modal(ctx, c0, t0, t1) or SPECULATIVE_SENTENCE.match(sent.text):
            stats.dropped["modality or negation"] += 1
            continue
        voice = _voice(ctx, p.trigger, t0, t1)
        auth = _find_authority(ctx, sent, c0, c1, t0, t1, voice, None, p.trigger.type)
        if voice == "active" and _firm_subject(ctx, c0, t0, auth):
            stats.dropped["a firm acting on its own"] += 1
            continue
        if auth is None and sent.kind == "heading" and out:
            last = out[-1]
            auth = Authority(last.authority, None, last.jurisdiction, False, t0)
        if auth is None:
            stats.dropped["no public authority"] += 1
            continue
        p.sentence_targets = tuple(sentence_targets.get(p.sentence, ()))
        targets = _targets(ctx, sent, c0, c1, p, voice)
        if targets:
            sentence_targets.setdefault(p.sentence, [])
            sentence_targets[p.sentence] = [t for t in targets if t.kind != "class"] or sentence_targets[p.sentence]
        log.debug("   voice=%s authority=%s targets=%s", voice, auth.name, [t.name for t in targets])
        targets = [t for t in targets if not _names_authority(ctx.gazetteer, t.name) or t.kind == "class"]
        if not targets:
            span_end = c1 if p.trigger.type == "ban" else t0  # "the companies were ordered to …", "banned the apps"
            definite = re.search(r"\b(?:the|these|those)\s+(?:[\w-]+\s+){0,2}(?:apps|applications|companies|firms|services|platforms)\b", ctx.text[c0:span_end], re.I)
            if p.trigger.type == "deadline" or (p.trigger.type in ("ban", "order") and (_durations(ctx, sent) or definite)):
                targets = _inherit_targets([m for m in out if m.jurisdiction == auth.jurisdiction], p.trigger.type)
            if not targets:
                stats.dropped["no target"] += 1
                continue
        date = _pick_date(ctx, sent, c0, c1, t0, t1, per_sentence[p.sentence], p.trigger.id)
        if p.trigger.type == "deadline":
            date = _deadline_date(ctx, sent, t0) or date
        if date is None and p.trigger.type != "deadline":
            date = _narrative_date(ctx, p.sentence, auth)
        amount = None
        if p.trigger.type == "fine":
            cands = [a for a in amounts if a.start >= c0 and a.end <= c1] or [a for a in amounts if a.start >= sent.start and a.end <= sent.end]
            # comparisons and caps are not the fine: "far higher than the €…", "up to $…"
            cands = [a for a in cands if not re.search(r"\b(?:than|compared\s+(?:to|with)|versus|vs\.?|up\s+to|previous|earlier|last)\b(?:\s+\S+){0,3}\s*$", ctx.text[max(sent.start, a.start - 30):a.start], re.I)]
            if cands:
                amount = min(cands, key=lambda a: abs(a.start - t0))
        future = bool(re.search(r"\b(?:will|shall|to\s+be|is\s+set\s+to|are\s+set\s+to)\s+(?:\w+\s+){0,2}$", ctx.text[max(c0, t0 - 30):t0], re.I))
        etype = p.trigger.type
        rows: list[tuple[str, TemporalExpression | None]] = []
        if etype == "deadline":
            if date is None:
                continue
            rows.append(("deadline", date))
        elif future and date is not None and date.date is not None and date.date > ctx.anchor and etype in ("ban", "order", "rule"):
            rows.append((etype, None))
            rows.append(("deadline", date))
        else:
            rows.append((etype, date))
        durs = _durations(ctx, sent) if etype in ("ban", "order", "deadline") else []
        for ti, target in enumerate(targets):
            own = amount
            if p.trigger.type == "fine" and len(targets) > 1:
                # "fined Google 150 million euros and Facebook 60 million euros": each its own amount
                nxt = targets[ti + 1].start if ti + 1 < len(targets) else c1
                mine = [a for a in amounts if target.end <= a.start < nxt and a.end <= c1]
                own = mine[0] if mine else amount
            for rtype, rdate in rows:
                m = _mention(ctx, p, sent, target, auth, rtype, rdate, own if rtype == "fine" else None)
                out.append(m)
                stats.triggers_kept[p.trigger.id] += 1
                if target.kind == "unknown":
                    stats.unknown_targets[target.name] += 1
                if auth.name == auth.text and not auth.specific:
                    stats.unresolved_authorities[auth.name] += 1
                if durs and rtype in ("ban", "order"):
                    pending_durations.append((m, durs[0]))
    # rows from one decision share its date when their own sentence gives none
    # ("Meituan was also ordered to return …" after the dated fine)
    for i, m in enumerate(out):
        if m.date_basis != "reported" or not CONTINUATION.search(m.evidence):
            continue
        prior = [x for x in out[:i] if x.target == m.target and x.date_basis != "reported" and x.char_start < m.char_start
                 and frozenset((x.event_type, m.event_type)) in ONE_DECISION
                 and (x.jurisdiction == m.jurisdiction or x.jurisdiction is None or m.jurisdiction is None)]
        if prior:
            src = prior[-1]
            m.event_date, m.event_date_end, m.date_precision = src.event_date, src.event_date_end, src.date_precision
            m.date_basis, m.date_text = "inferred", src.date_text
    # "within 45 days" of the action: a deadline counted from the action's best date
    for m, d in pending_durations:
        same = [x for x in out if x.event_type == m.event_type and x.target == m.target and x.date_basis != "reported"]
        base = min(same, key=lambda x: (x.date_rank(), x.event_date)) if same else m
        day = add_duration(base.event_date, d)
        dl = dataclasses.replace(m, event_type="deadline", event_date=day, event_date_end=day, date_precision="day", date_basis="inferred", date_text=d.text, amount=None, currency=None, amount_per=None, trigger=m.trigger + "+duration")
        out.append(dl)
    return out


def _inherit_targets(previous: list[Mention], etype: str = "deadline") -> list[Party]:
    """A deadline, or "the apps", naming no target applies to the targets of the last action."""
    types = ("ban", "order", "rule") if etype == "deadline" else (etype,)
    acts = [m for m in previous if m.event_type in types] or [m for m in previous if m.event_type not in ("rule", "deadline")]
    if not acts:
        return []
    last_type = acts[-1].event_type
    names: list[Party] = []
    for m in acts:
        if m.event_type == last_type and m.target not in [n.name for n in names]:
            names.append(Party(m.target, m.target_kind or "unknown", m.char_start, m.char_end, 0.5))
    return names


def _mention(ctx: ArticleContext, p: Proposal, sent, target: Party, auth: Authority, etype: str, date: TemporalExpression | None, amount) -> Mention:
    if date is None or date.date is None:
        d0 = d1 = ctx.anchor
        precision, basis, dtext = "day", "reported", None
    else:
        d0, d1, precision, basis, dtext = date.date, date.date_end, date.precision, date.basis, date.text
        if d1 is None or period_end(d0, precision) != d1:
            d1 = period_end(d0, precision)
    conf = p.trigger.strength * (0.9 if auth.specific else 0.75) * target.confidence ** 0.5
    return Mention(
        article_id=ctx.article.article_id,
        event_type=etype,
        authority=auth.name,
        authority_text=auth.text,
        jurisdiction=auth.jurisdiction,
        target=target.name,
        target_kind=target.kind,
        event_date=d0,
        event_date_end=d1,
        date_precision=precision,
        date_basis=basis,
        date_text=dtext,
        amount=amount.value if amount else None,
        currency=amount.currency if amount else None,
        amount_per=(amount.per_unit if amount and amount.per_incident else None),
        evidence=sent.text,
        char_start=sent.start,
        char_end=sent.end,
        trigger=p.trigger.id,
        confidence=round(min(1.0, conf), 3),
        authority_specific=auth.specific and not auth.name.startswith("Government of"),
    )
