"""Gazetteer: public authorities, places and organisations named in news text.

One row per lexicon entry in the data files under ``builder/lexicon/``:

- ``authorities.yml``      named public bodies (one entry per body)
- ``authority_roles.yml``  generic descriptions ("antitrust regulators", "the
  government") and the table (role, jurisdiction) -> canonical authority
- ``places.yml``           countries, blocs, states/provinces and cities, with
  demonyms and metonyms ("Beijing" standing for the Chinese government)
- ``organisations.yml``    targets: companies, apps, products, services, people

Load inputs: the four YAML files (strictly validated: an unknown field is an error).
Process: compile one trie-shaped regular expression per table (names are matched
case-sensitively, generic role phrases case-insensitively except their acronyms),
then combine places and role phrases ("China's antitrust regulator",
"regulators in India") and resolve them through the role table.
Save outputs: ``EntityMatch`` spans in text order, longest match wins, no overlaps.

Offsets always refer to the text passed in: normalisation (curly apostrophes,
non-breaking spaces, Unicode hyphens) maps one character to one character.

What find_authorities returns (decisions the extractor can rely on):

- named bodies (authorities.yml): specific=True, canonical and jurisdiction set;
- generic descriptions (authority_roles.yml): specific=False. With a place before
  ("China's antitrust regulator", "U.S. federal regulators", "Texas attorney general")
  or after ("regulators in China", "the government of India") the match spans the place
  and is resolved through the role table; without one, canonical and jurisdiction are
  None (courts keep the place's jurisdiction but no canonical). A generic phrase that is
  part of a longer proper name never fires on its own; when it spans exactly a named body
  resolving to the same canonical, the named body is returned;
- metonyms: a capital ("Beijing", "New Delhi", "Brussels", "Washington") is a government
  match (role "government", specific=False) unless the context shows a location ("in
  Beijing", "Beijing-based", "Beijing time", "Washington Post", "Tokyo Electron"); the
  names of about 30 regulating countries and of the EU are government matches only when
  a verb of acting follows ("India banned", "The European Union on Friday fined");
- stop phrases ("news agency", "state media", "company officials") swallow the shorter
  role phrase inside them and are dropped.
"""
from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"

AUTHORITY_KINDS = frozenset(
    {
        "regulator",
        "court",
        "government",
        "ministry",
        "legislature",
        "head_of_state",
        "prosecutor",
        "central_bank",
        "state_agency",
    }
)
ORGANISATION_KINDS = frozenset({"company", "app", "product", "service", "person"})
PLACE_KINDS = frozenset({"country", "bloc", "state", "city"})

# --------------------------------------------------------------------------- text

# One character for one character, so that offsets survive normalisation.
_TRANSLATION = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark (curly apostrophe)
        "\u2018": "'",
        "\u02bc": "'",  # modifier letter apostrophe
        "\u2032": "'",  # prime
        "\u00b4": "'",  # acute accent used as apostrophe
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",  # no-break space
        "\u2002": " ",
        "\u2003": " ",
        "\u2004": " ",
        "\u2005": " ",
        "\u2006": " ",
        "\u2007": " ",
        "\u2008": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u202f": " ",  # narrow no-break space
        "\u205f": " ",
        "\u3000": " ",
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2212": "-",  # minus sign
        "\uff07": "'",
    }
)
_WS = re.compile(r"\s+")


_NEEDS_TRANSLATION = re.compile("[" + "".join(re.escape(chr(c)) for c in _TRANSLATION) + "]")


def normalize_text(text: str) -> str:
    """Same-length copy of `text` with apostrophes, spaces and hyphens unified."""
    if _NEEDS_TRANSLATION.search(text) is None:
        return text
    return _NEEDS_TRANSLATION.sub(lambda m: _TRANSLATION[ord(m.group())], text)


def _key(s: str) -> str:
    return _WS.sub(" ", normalize_text(s)).strip()


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _split_top(body: str) -> list[str]:
    """Split a group body on '|' outside nested parentheses."""
    parts, depth, cur = [], 0, []
    for ch in body:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def expand_phrase(phrase: str) -> list[str]:
    """'antitrust regulator(s)' -> both forms; 'authorit(y|ies)' -> authority, authorities.

    Groups nest: "(regulator(s)|authorit(y|ies))". A group with one alternative is optional.
    """
    start = phrase.find("(")
    if start == -1:
        return [phrase]
    depth = 0
    for i in range(start, len(phrase)):
        if phrase[i] == "(":
            depth += 1
        elif phrase[i] == ")":
            depth -= 1
            if depth == 0:
                end = i
                break
    else:
        raise ValueError(f"unbalanced parentheses in phrase {phrase!r}")
    alts = _split_top(phrase[start + 1 : end])
    if len(alts) == 1:
        alts = ["", alts[0]]
    head, tail = phrase[:start], expand_phrase(phrase[end + 1 :])
    out: list[str] = []
    for alt in alts:
        for a in expand_phrase(alt):
            out.extend(head + a + t for t in tail)
    return list(dict.fromkeys(out))


def _trie_pattern(keys: Iterable[str]) -> str:
    """A regex matching any of `keys`, shaped as a trie so that matching is fast.

    Continuations are tried before an entry ends (greedy), so that together with the
    trailing word-boundary assertion the longest key at a position wins. A space in a
    key matches any run of whitespace (line breaks inside names).

    Rendered from the sorted keys (a run of keys sharing a prefix is one trie node, a
    chain of single-child nodes one literal), which is much faster than walking a
    nested-dict trie character by character.
    """
    ks = sorted(set(keys))
    atoms: dict[str, str] = {}

    def lit(chain: str) -> str:
        out = []
        for ch in chain:
            a = atoms.get(ch)
            if a is None:
                a = atoms[ch] = r"\s+" if ch == " " else re.escape(ch)
            out.append(a)
        return "".join(out)

    def render(lo: int, hi: int, depth: int) -> str:
        # keys[lo:hi] share their first `depth` characters
        optional = len(ks[lo]) == depth  # the sorted prefix comes first
        if optional:
            lo += 1
        alts = []
        i = lo
        while i < hi:
            ch = ks[i][depth]
            j = i + 1
            while j < hi and ks[j][depth] == ch:
                j += 1
            first, last = ks[i], ks[j - 1]
            end = depth + 1  # the common prefix of the group: a chain of single-child nodes
            n = min(len(first), len(last))
            while end < n and first[end] == last[end]:
                end += 1
            alts.append(lit(first[depth:end]) + render(i, j, end))
            i = j
        if not alts:
            return ""
        if len(alts) == 1 and not optional:
            return alts[0]
        return "(?:" + "|".join(alts) + ")" + ("?" if optional else "")

    return render(0, len(ks), 0) if ks else ""


def _acronym_mask(alias: str) -> tuple[int, ...]:
    """Positions of characters that belong to ALL-CAPS tokens ("U.S.", "EU", "SEC")."""
    mask = []
    for m in re.finditer(r"\S+", alias):
        tok = m.group(0)
        letters = [c for c in tok if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            mask.extend(i for i in range(m.start(), m.end()) if alias[i].isalpha())
    return tuple(mask)


# ----------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class EntityMatch:
    start: int
    end: int
    text: str  # text == haystack[start:end]
    canonical: str | None  # canonical name (None for a generic role with no jurisdiction yet)
    jurisdiction: str | None  # ISO alpha-2 / "EU" / "HK" ... (None when unknown)
    kind: str
    role: str | None
    specific: bool  # True for a named body, False for a generic description or metonym
    entry_id: str  # "<table>:<id>" of the lexicon entry that fired


# ----------------------------------------------------------------------- matcher


@dataclass(slots=True)
class _Alias:
    alias: str  # normalised alias text as written in the lexicon
    payload: object  # the entry it belongs to
    guarded: bool = False  # fires only when one of the entry's cues is in the text
    mask: tuple[int, ...] = ()  # for case-insensitive aliases: chars whose case must match
    exclude: tuple = ()  # ((before_regex, after_regex), ...)


class _Matcher:
    """All aliases of one table: a case-sensitive and a case-insensitive trie regex."""

    def __init__(self) -> None:
        self._cs: dict[str, _Alias] = {}
        self._ci: dict[str, list[_Alias]] = {}
        self._patterns: list[tuple[re.Pattern, str, object]] = []
        self._re_cs: re.Pattern | None = None
        self._re_ci: re.Pattern | None = None
        self._compiled = False

    def add(self, alias: str, payload, *, case_sensitive: bool = True, guarded: bool = False,
            exclude: tuple = ()) -> None:
        key = _key(alias)
        if not key:
            raise ValueError(f"empty alias for {payload!r}")
        item = _Alias(key, payload, guarded, (), exclude)
        if case_sensitive:
            prev = self._cs.get(key)
            if prev is not None and prev.payload != payload:
                raise ValueError(f"alias {key!r} is used by two entries: {_ident(prev.payload)} and {_ident(payload)}")
            self._cs[key] = item
        else:
            item.mask = _acronym_mask(key)
            bucket = self._ci.setdefault(key.lower(), [])
            for prev in bucket:
                if prev.alias == key:
                    if prev.payload != payload:
                        raise ValueError(f"alias {key!r} is used by two entries: {_ident(prev.payload)} and {_ident(payload)}")
                    return
            bucket.append(item)

    def add_pattern(self, pattern: str, payload) -> None:
        """A regex alias; a group named `span` (if any) gives the matched span.

        The longest literal the regex cannot match without is used as a cheap prefilter:
        the regex only runs on texts that contain it.
        """
        rx = re.compile(r"(?<!\w)(?:" + pattern + r")(?!\w)")
        self._patterns.append((rx, _required_literal(rx.pattern), payload))

    def aliases(self) -> Iterable[_Alias]:
        yield from self._cs.values()
        for bucket in self._ci.values():
            yield from bucket

    def compile(self) -> None:
        """Build the trie regexes (once; scanning compiles on first use)."""
        if self._compiled:
            return
        self._compiled = True
        if self._cs:
            self._re_cs = re.compile(r"(?<!\w)(?:" + _trie_pattern(self._cs) + r")(?!\w)")
        if self._ci:
            # case-insensitive aliases are matched against a lower-cased copy of the text
            # (much faster than re.IGNORECASE); the keys are already lower case
            self._re_ci = re.compile(r"(?<!\w)(?:" + _trie_pattern(self._ci) + r")(?!\w)")

    def scan(self, norm: str, cues: "_Cues") -> list[tuple[int, int, _Alias | None, object]]:
        """Candidates (start, end, alias, payload); overlapping candidates are allowed."""
        self.compile()
        out = []
        for ci in (False, True):
            rx = self._re_ci if ci else self._re_cs
            if rx is None:
                continue
            hay = norm
            if ci:
                hay = cues.lower()
                if len(hay) != len(norm):  # rare: a character whose lower case is longer
                    rx = re.compile(rx.pattern, re.IGNORECASE)
                    hay = norm
            for m in rx.finditer(hay):
                s, e = m.span()
                found = _WS.sub(" ", norm[s:e])
                if ci:
                    item = None
                    for cand in self._ci.get(found.lower(), ()):
                        if all(found[i] == cand.alias[i] for i in cand.mask):
                            item = cand
                            break
                else:
                    item = self._cs.get(found)
                if item is None or not self._accept(item, norm, s, e, cues):
                    continue
                out.append((s, e, item, item.payload))
        for rx, literal, payload in self._patterns:
            group = "span" if "span" in rx.groupindex else 0
            for m in _pattern_matches(rx, literal, norm):
                out.append((m.start(group), m.end(group), None, payload))
        return out

    @staticmethod
    def _accept(item: _Alias, norm: str, s: int, e: int, cues: "_Cues") -> bool:
        if item.guarded and not cues.present(item.payload):
            return False
        for before, after in item.exclude:
            if before is not None and not before.search(norm, max(0, s - 80), s):
                continue
            if after is not None and not after.match(norm, e, min(len(norm), e + 80)):
                continue
            return False
        return True


_WINDOW = 160


def _pattern_matches(rx: re.Pattern, literal: str, norm: str) -> list[re.Match]:
    """Matches of `rx`, searched only in windows around occurrences of its required literal."""
    if not literal:
        return list(rx.finditer(norm))
    out: dict[tuple[int, int], re.Match] = {}
    pos = norm.find(literal)
    while pos != -1:
        lit_end = pos + len(literal)
        for m in rx.finditer(norm, max(0, pos - _WINDOW), min(len(norm), lit_end + _WINDOW)):
            if m.start() <= pos and m.end() >= lit_end:
                out[m.span()] = m
        pos = norm.find(literal, pos + 1)
    return [out[k] for k in sorted(out)]


def _required_literal(pattern: str) -> str:
    """Longest run of literal characters every match of `pattern` must contain ("" if none)."""
    try:
        from re import _constants as C, _parser  # CPython internals; a miss only costs speed
        parsed = _parser.parse(pattern)
    except Exception:  # pragma: no cover
        return ""
    runs: list[str] = []

    def walk(items) -> None:
        cur: list[str] = []
        for op, av in items:
            if op is C.LITERAL:
                cur.append(chr(av))
                continue
            runs.append("".join(cur))
            cur = []
            if op is C.SUBPATTERN and not av[1] and not av[2]:  # plain group, no flags
                walk(av[3])
        runs.append("".join(cur))

    walk(parsed)
    best = max(runs, key=len, default="")
    return best if len(best.strip()) >= 4 else ""


def _ident(payload) -> str:
    return getattr(payload, "entry_id", repr(payload))


class _Cues:
    """Per-text cache: does the text contain one of an entry's cue strings?"""

    def __init__(self, norm: str) -> None:
        self.norm = norm
        self._seen: dict[str, bool] = {}
        self._lower: str | None = None

    def lower(self) -> str:
        if self._lower is None:
            self._lower = self.norm.lower()
        return self._lower

    def present(self, entry) -> bool:
        eid = entry.entry_id
        hit = self._seen.get(eid)
        if hit is None:
            hit = any(c in self.norm for c in entry.cues)
            self._seen[eid] = hit
        return hit


def _compile_excludes(patterns: Iterable[str]) -> tuple:
    """'Model {}' / '{}-ray': regexes around the alias; `{}` marks where the alias is."""
    out = []
    for p in patterns:
        if p.count("{}") != 1:
            raise ValueError(f"exclude pattern needs exactly one '{{}}': {p!r}")
        before, after = p.split("{}")
        out.append(
            (
                re.compile("(?:" + before + r")\Z") if before else None,
                re.compile(after) if after else None,
            )
        )
    return tuple(out)


def _select(cands: list[tuple[int, int, int, object]]) -> list[tuple[int, int, int, object]]:
    """Longest first (then priority, then leftmost); drop candidates overlapping a chosen one."""
    chosen: list[tuple[int, int, int, object]] = []
    starts: list[int] = []
    for c in sorted(cands, key=lambda c: (-(c[1] - c[0]), c[2], c[0])):
        s, e = c[0], c[1]
        i = bisect.bisect_left(starts, s)
        if i > 0 and chosen[i - 1][1] > s:
            continue
        if i < len(chosen) and chosen[i][0] < e:
            continue
        chosen.insert(i, c)
        starts.insert(i, s)
    return chosen


# ----------------------------------------------------------------------- entries


@dataclass(slots=True, eq=False)
class _Entry:
    table: str
    id: str
    name: str
    data: dict
    cues: tuple[str, ...] = ()

    @property
    def entry_id(self) -> str:
        return f"{self.table}:{self.id}"


@dataclass(slots=True, eq=False)
class _Description:
    id: str
    role: str
    kind: str
    requires_place: bool
    place_kinds: tuple[str, ...]
    jurisdiction: str | None
    place_position: str = "any"  # "before" | "after" | "any"

    @property
    def entry_id(self) -> str:
        return f"authority_roles:{self.id}"


@dataclass(slots=True)
class _RoleInfo:
    fallback: str = "government"  # "government" | "none"
    federal: bool = False
    template: str | None = None


@dataclass(slots=True)
class _PlaceHit:
    start: int
    end: int
    entry: _Entry
    form: str  # "name" | "demonym"


_FIELDS = {
    "authorities": (
        {"id", "name", "jurisdiction", "kind", "role"},
        {"acronyms", "aliases", "officials", "parent", "guarded", "cues", "exclude", "patterns", "note"},
    ),
    "organisations": (
        {"id", "name", "kind", "country"},
        {"aliases", "owner", "guarded", "cues", "exclude", "note"},
    ),
    "places": (
        {"id", "name", "kind", "code"},
        {"aliases", "demonyms", "subdivision", "metonym", "government", "exclude", "note"},
    ),
    "descriptions": (
        {"id", "role", "kind"},
        {"phrases", "phrases_cs", "requires_place", "place_position", "place_kinds", "jurisdiction", "note"},
    ),
    "mappings": ({"role", "jurisdiction", "authority"}, {"note"}),
    "roles": ({"role"}, {"fallback", "federal", "template", "note"}),
}


def _check_fields(table: str, item: dict) -> None:
    required, optional = _FIELDS[table]
    if not isinstance(item, dict):
        raise ValueError(f"{table}: entry is not a mapping: {item!r}")
    missing = required - item.keys()
    unknown = item.keys() - required - optional
    if missing or unknown:
        raise ValueError(f"{table}: entry {item.get('id', item)!r}: missing {sorted(missing)} unknown {sorted(unknown)}")


def _load_yaml(path: Path):
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


# Words that, right after a capital used as a metonym, show it is a location or
# part of a proper name ("Beijing time", "Washington Post", "London Stock Exchange").
_LOCATION_NEXT = re.compile(
    r"\s+(?:time|capital|daily|post|times|journal|stock|exchange|metal|airport|university|"
    r"school|olympics|winter|summer|games|office|offices|headquarters|hq|bureau|district|"
    r"municipality|city|residents|area|region|suburbs?|metro|subway|marathon|zoo|hospital|"
    r"consensus|summit|declaration|accord|convention|correspondent|station|street|road|"
    r"campus|branch|club|fc|united|zone|metropolitan|stadium|airports?|heathrow|gatwick|"
    r"bridge|square|plaza|hotel|council|mayor|police|metropolis|skyline|traffic|"
    r"restaurant|restaurants|apartment|property|housing|real estate|startup|startups|"
    r"investors|tech|ecosystem|d\.?c\.?)(?![\w])",
    re.IGNORECASE,
)
_LOCATION_PREV = re.compile(
    r"(?:\b(?:in|at|from|to|into|near|around|outside|across|via|of|visit|visited|visiting|"
    r"visits|based|headquartered|located|landed|arrived|flew|trip|downtown|central|"
    r"suburban|greater|across)\s+|[-/])\Z",
    re.IGNORECASE,
)
# After a country name, a word that makes the country the actor ("India banned", "China has
# ordered", "The European Union on Friday fined").
_SUBJECT_NEXT = re.compile(
    r"(?:,?\s+(?:on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"(?:last|this|next)\s+(?:week|month|year|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"in\s+(?:January|February|March|April|May|June|July|August|September|October|November|December|\d{4})|"
    r"earlier|later|recently|also|now|then|first|formally|officially|finally|previously|already|"
    r"subsequently|yesterday|today|quickly|abruptly|effectively|reportedly),?)*"
    r"\s+(?:said|says|say|has|had|have|is|was|will|would|could|should|may|might|must|can|cannot|"
    r"plans|planned|wants|wanted|fined|fines|fine|ordered|orders|banned|bans|ban|blocked|blocks|"
    r"block|barred|bars|sued|sues|charged|approved|approves|rejected|adopted|adopts|passed|agreed|"
    r"announced|announces|launched|launches|opened|opens|told|tells|asked|asks|urged|urges|warned|"
    r"warns|imposed|imposes|introduced|introduces|proposed|proposes|unveiled|unveils|issued|issues|"
    r"designated|added|adds|placed|put|suspended|suspends|revoked|revokes|restricted|restricts|"
    r"required|requires|demanded|demands|summoned|summons|raided|probed|investigated|accused|"
    r"amended|amends|extended|extends|lifted|lifts|tightened|tightens|forced|forces|halted|halts|"
    r"froze|freezes|retaliated|sanctioned|sanctions|prohibited|prohibits|enacted|enacts|"
    r"mandated|mandates|directed|directs|decided|decides|moved|moves|began|begins|started|"
    r"starts|intends|intended|needs|expects|expected|considers|considered|threatened|threatens)\b",
    re.IGNORECASE,
)
_LOCAL = re.compile(r"\b(?:municipal|city|provincial|local|state)\b", re.IGNORECASE)
_TITLE_WORD = re.compile(r"[A-Za-z][\w'-]*")


def _titlecase_line(norm: str, pos: int) -> bool:
    ls = norm.rfind("\n", 0, pos) + 1
    le = norm.find("\n", pos)
    line = norm[ls : le if le != -1 else len(norm)]
    words = [w for w in _TITLE_WORD.findall(line) if len(w) > 3]
    if len(words) < 3:
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= 0.7


class Gazetteer:
    """Loader + matcher over the four lexicon tables."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._authorities: dict[str, _Entry] = {}  # by id
        self._authority_by_name: dict[str, _Entry] = {}
        self._organisations: dict[str, _Entry] = {}
        self._org_by_name: dict[str, _Entry] = {}
        self._org_by_alias: dict[str, _Entry] = {}
        self._places: dict[str, _Entry] = {}
        self._place_by_name: dict[str, _Entry] = {}
        self._place_by_code: dict[str, _Entry] = {}  # country/bloc code and subdivision code
        self._descriptions: dict[str, _Description] = {}
        self._roles: dict[str, _RoleInfo] = {}
        self._mappings: dict[tuple[str, str], str] = {}
        self._modifiers: re.Pattern | None = None
        self._m_auth = _Matcher()
        self._m_org = _Matcher()
        self._m_place = _Matcher()
        self._m_role = _Matcher()
        self._last_place_hits: tuple[str, tuple[_PlaceHit, ...]] | None = None
        self._last_text: tuple[str, str, _Cues] | None = None
        self._load_places()
        self._load_authorities()
        self._load_roles()
        self._load_organisations()

    def compile(self) -> None:
        """Compile the matchers now rather than at the first scan (a process that forks workers
        does it once for all of them); loading alone is enough for `entry_ids` and lookups."""
        for m in (self._m_auth, self._m_org, self._m_place, self._m_role):
            m.compile()

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, directory: Path | None = None) -> "Gazetteer":
        if directory is None:
            return _default_gazetteer()
        return cls(Path(directory))

    def _entries(self, filename: str, table: str) -> list[dict]:
        data = _load_yaml(self.directory / filename) or []
        if not isinstance(data, list):
            raise ValueError(f"{filename}: expected a list of entries")
        seen = set()
        for item in data:
            _check_fields(table, item)
            if item["id"] in seen:
                raise ValueError(f"{filename}: duplicate id {item['id']!r}")
            seen.add(item["id"])
        return data

    def _load_places(self) -> None:
        for item in self._entries("places.yml", "places"):
            if item["kind"] not in PLACE_KINDS:
                raise ValueError(f"places: {item['id']}: bad kind {item['kind']!r}")
            if item.get("metonym") not in (None, True, "subject"):
                raise ValueError(f"places: {item['id']}: metonym must be true or 'subject'")
            e = _Entry("places", item["id"], item["name"], item)
            self._places[e.id] = e
            self._place_by_name[e.name] = e
            if item["kind"] in ("country", "bloc"):
                self._place_by_code[item["code"]] = e
            if item.get("subdivision"):
                self._place_by_code[item["subdivision"]] = e
            excl = _compile_excludes(item.get("exclude") or ())
            names = [item["name"], *(item.get("aliases") or ())] if "(" not in item["name"] else list(item.get("aliases") or ())
            for n in dict.fromkeys(names):
                self._m_place.add(n, _PlaceForm(e, "name"), exclude=excl)
            for n in dict.fromkeys(item.get("demonyms") or ()):
                self._m_place.add(n, _PlaceForm(e, "demonym"), exclude=excl)

    def _named_entry(self, table: str, item: dict, kinds, by_id: dict, by_name: dict) -> tuple["_Entry", set, tuple]:
        """Check and register one authority or organisation: (entry, guarded aliases, excludes)."""
        if item["kind"] not in kinds:
            raise ValueError(f"{table}: {item['id']}: bad kind {item['kind']!r}")
        e = _Entry(table, item["id"], item["name"], item, tuple(item.get("cues") or ()))
        by_id[e.id] = e
        if e.name in by_name:
            raise ValueError(f"{table}: two entries named {e.name!r}")
        by_name[e.name] = e
        guarded = set(item.get("guarded") or ())
        if guarded and not e.cues:
            raise ValueError(f"{table}: {e.id}: guarded aliases need cues")
        return e, guarded, _compile_excludes(item.get("exclude") or ())

    def _load_authorities(self) -> None:
        for item in self._entries("authorities.yml", "authorities"):
            e, guarded, excl = self._named_entry("authorities", item, AUTHORITY_KINDS, self._authorities, self._authority_by_name)
            names = list(item.get("acronyms") or ()) + list(item.get("aliases") or ()) + list(item.get("officials") or ())
            if "(" not in e.name:
                names.insert(0, e.name)
            unknown_guarded = guarded - set(names)
            if unknown_guarded:
                raise ValueError(f"authorities: {e.id}: guarded {sorted(unknown_guarded)} are not aliases")
            for n in dict.fromkeys(names):
                self._m_auth.add(n, e, guarded=n in guarded, exclude=excl)
            for p in item.get("patterns") or ():
                self._m_auth.add_pattern(p, e)

    def _load_roles(self) -> None:
        data = _load_yaml(self.directory / "authority_roles.yml") or {}
        unknown = data.keys() - {"modifiers", "roles", "descriptions", "mappings"}
        if unknown:
            raise ValueError(f"authority_roles.yml: unknown sections {sorted(unknown)}")
        mods = sorted({m for w in data.get("modifiers") or () for m in expand_phrase(w)}, key=len, reverse=True)
        mod_alt = "|".join(r"\s+".join(map(re.escape, m.split())) for m in mods)
        self._modifiers = re.compile(
            r"(?:'s|')?(?:\s+(?:" + mod_alt + r")(?:\s*,)?)*\s+\Z", re.IGNORECASE
        )
        for item in data.get("roles") or ():
            _check_fields("roles", item)
            self._roles[item["role"]] = _RoleInfo(
                item.get("fallback", "government"), bool(item.get("federal")), item.get("template")
            )
        for item in data.get("mappings") or ():
            _check_fields("mappings", item)
            key = (item["role"], item["jurisdiction"])
            if key in self._mappings:
                raise ValueError(f"authority_roles: duplicate mapping {key}")
            if item["authority"] not in self._authority_by_name:
                raise ValueError(f"authority_roles: mapping {key} -> unknown authority {item['authority']!r}")
            self._mappings[key] = item["authority"]
        seen = set()
        for item in data.get("descriptions") or ():
            _check_fields("descriptions", item)
            if item["id"] in seen:
                raise ValueError(f"authority_roles: duplicate description id {item['id']!r}")
            seen.add(item["id"])
            d = _Description(
                item["id"], item["role"], item["kind"], bool(item.get("requires_place")),
                tuple(item.get("place_kinds") or ()), item.get("jurisdiction"),
                item.get("place_position", "any"),
            )
            if d.place_position not in ("before", "after", "any"):
                raise ValueError(f"authority_roles: {d.id}: bad place_position {d.place_position!r}")
            self._descriptions[d.id] = d
            self._roles.setdefault(d.role, _RoleInfo())
            for p in item.get("phrases") or ():
                for x in expand_phrase(p):
                    self._m_role.add(x, d, case_sensitive=False)
            for p in item.get("phrases_cs") or ():
                for x in expand_phrase(p):
                    self._m_role.add(x, d, case_sensitive=True)

    def _load_organisations(self) -> None:
        for item in self._entries("organisations.yml", "organisations"):
            e, guarded, excl = self._named_entry("organisations", item, ORGANISATION_KINDS, self._organisations, self._org_by_name)
            for n in dict.fromkeys([e.name, *(item.get("aliases") or ())]):
                self._m_org.add(n, e, guarded=n in guarded, exclude=excl)
                self._org_by_alias.setdefault(_key(n), e)

    # ------------------------------------------------------------------ lookups

    def entry_ids(self) -> list[str]:
        ids = [e.entry_id for t in (self._authorities, self._organisations, self._places) for e in t.values()]
        ids += [d.entry_id for d in self._descriptions.values()]
        return sorted(ids)

    def government_of(self, jurisdiction: str) -> str:
        """'CN' -> 'Government of China'; 'EU' -> 'European Commission'; 'US-TX' -> 'Government of Texas'."""
        place = self._place_by_code.get(jurisdiction)
        if place is None or not place.data.get("government"):
            raise KeyError(f"no government known for jurisdiction {jurisdiction!r}")
        return place.data["government"]

    def organisation(self, canonical: str) -> dict | None:
        e = self._org_by_name.get(canonical) or self._org_by_alias.get(_key(canonical))
        if e is None:
            return None
        d = e.data
        return {
            "id": e.id,
            "name": e.name,
            "kind": d["kind"],
            "country": d.get("country"),
            "owner": d.get("owner"),
            "aliases": list(d.get("aliases") or ()),
        }

    def authority(self, canonical: str) -> dict | None:
        """Entry details of a named authority (kind, role, jurisdiction, parent name, aliases)."""
        e = self._authority_by_name.get(canonical)
        if e is None:
            return None
        d = e.data
        parent = self._authorities.get(d.get("parent") or "")
        return {
            "id": e.id,
            "name": e.name,
            "jurisdiction": d["jurisdiction"],
            "kind": d["kind"],
            "role": d["role"],
            "parent": parent.name if parent else None,
            "acronyms": list(d.get("acronyms") or ()),
            "aliases": list(d.get("aliases") or ()),
            "officials": list(d.get("officials") or ()),
        }

    def place(self, name: str) -> dict | None:
        """Entry details of a place by canonical name or code ('Texas', 'US-TX', 'CN')."""
        e = self._place_by_name.get(name) or self._place_by_code.get(name)
        if e is None:
            return None
        d = e.data
        return {
            "id": e.id,
            "name": e.name,
            "kind": d["kind"],
            "code": d["code"],
            "subdivision": d.get("subdivision"),
            "government": d.get("government"),
            "metonym": bool(d.get("metonym")),
        }

    def resolve_role(self, role: str | None, jurisdiction: str | None) -> tuple[str, str] | None:
        """(role, jurisdiction) -> (canonical authority, country code), or None.

        `jurisdiction` is an ISO 3166-1 alpha-2 code, "EU", or an ISO 3166-2
        subdivision code ("US-CA") for state-level bodies.
        """
        if not role or not jurisdiction:
            return None
        place = self._place_by_code.get(jurisdiction)
        if place is None:
            return None
        return self._resolve(role, place)

    def _resolve(self, role: str, place: _Entry, local: bool = False) -> tuple[str, str] | None:
        code = place.data["code"]
        info = self._roles.get(role, _RoleInfo())
        sub = place.data.get("subdivision")
        national = place.data["kind"] in ("country", "bloc") or (place.data.get("metonym") and not local)
        if not national:
            # a state, province or city
            if sub and (role, sub) in self._mappings:
                return self._mappings[(role, sub)], code
            if info.template:
                return info.template.format(place=place.name), code
            if info.federal and (role, code) in self._mappings:
                return self._mappings[(role, code)], code
            if info.fallback == "government" and place.data.get("government"):
                return place.data["government"], code
            return None
        if (role, code) in self._mappings:
            return self._mappings[(role, code)], code
        if info.fallback == "government":
            country = self._place_by_code.get(code)
            if country is not None and country.data.get("government"):
                return country.data["government"], code
        return None

    def _kind_of(self, canonical: str | None, default: str) -> str:
        e = self._authority_by_name.get(canonical or "")
        if e is not None:
            return e.data["kind"]
        if canonical and canonical.startswith("Government of"):
            return "government"
        return default

    # ------------------------------------------------------------------ finding

    def _place_hits(self, norm: str, cues: _Cues) -> tuple[_PlaceHit, ...]:
        # find_authorities and find_places are called on the same text one after the
        # other (the extractor does): the places of the last text are kept
        last = self._last_place_hits
        if last is not None and last[0] == norm:
            return last[1]
        hits = []
        for s, e, _item, form in self._m_place.scan(norm, cues):
            hits.append(_PlaceHit(s, e, form.entry, form.form))
        chosen = tuple(c[3] for c in _select([(h.start, h.end, 0, h) for h in hits]))
        self._last_place_hits = (norm, chosen)
        return chosen

    def _prepared(self, text: str) -> tuple[str, "_Cues"]:
        # the find_* methods are called on the same text one after the other (the
        # extractor does): the normalised text and its cue cache are kept for the last text
        last = self._last_text
        if last is not None and last[0] == text:
            return last[1], last[2]
        norm = normalize_text(text)
        cues = _Cues(norm)
        self._last_text = (text, norm, cues)
        return norm, cues

    def find_places(self, text: str) -> list[EntityMatch]:
        norm, cues = self._prepared(text)
        out = []
        for h in self._place_hits(norm, cues):
            d = h.entry.data
            out.append(
                EntityMatch(h.start, h.end, text[h.start : h.end], h.entry.name, d["code"], d["kind"],
                            None, True, h.entry.entry_id)
            )
        return out

    def find_organisations(self, text: str) -> list[EntityMatch]:
        norm, cues = self._prepared(text)
        cands = [(s, e, 0, p) for s, e, _i, p in self._m_org.scan(norm, cues)]
        out = []
        for s, e, _prio, entry in _select(cands):
            d = entry.data
            out.append(EntityMatch(s, e, text[s:e], entry.name, d.get("country"), d["kind"], None, True, entry.entry_id))
        return out

    def find_authorities(self, text: str) -> list[EntityMatch]:
        norm, cues = self._prepared(text)
        cands: list[tuple[int, int, int, EntityMatch]] = []

        # 1. named bodies
        named_spans: dict[tuple[int, int], str] = {}
        for s, e, _item, entry in self._m_auth.scan(norm, cues):
            named_spans[(s, e)] = entry.name
            d = entry.data
            cands.append((s, e, 0, EntityMatch(s, e, text[s:e], entry.name, d["jurisdiction"], d["kind"],
                                                d["role"], True, entry.entry_id)))

        places = self._place_hits(norm, cues)
        by_start = {p.start: p for p in places}
        ends = [p.end for p in places]

        # 2. generic descriptions, alone or with a place before or after
        for s, e, _item, desc in self._m_role.scan(norm, cues):
            if desc.role == "none":  # stop phrase: competes for the span, then dropped
                cands.append((s, e, -1, None))
                continue
            if any(ns <= s and e <= ne and ne - ns > e - s for ns, ne in named_spans):
                # part of a longer proper name ("State Administration for Market Regulation")
                continue
            place, ps, pe = (None, 0, 0)
            if desc.place_position != "after":
                place, ps, pe = self._place_before(norm, s, places, ends)
            if place is None and desc.place_position != "before":
                place, ps, pe = self._place_after(norm, e, by_start)
            if place is not None and desc.place_kinds and place.entry.data["kind"] not in desc.place_kinds:
                place = None
            if place is not None and desc.place_position == "after" and _LOCATION_PREV.search(
                re.sub(r"(?i)\bthe\s+\Z", "", norm[max(0, s - 34) : s])
            ):
                continue  # "in the state of Texas": a location
            if place is None:
                if desc.requires_place:
                    continue
                canonical = None
                jur = desc.jurisdiction
                if jur:
                    r = self.resolve_role(desc.role, jur)
                    canonical = r[0] if r else None
                cands.append((s, e, 2, EntityMatch(s, e, text[s:e], canonical, jur, self._kind_of(canonical, desc.kind),
                                                    desc.role, False, desc.entry_id)))
                continue
            if pe > s:  # place after the phrase: "regulators in China"
                local = bool(_LOCAL.search(norm, s, e))
            else:  # place before: "Beijing municipal government"
                local = bool(_LOCAL.search(norm, pe, e))
            r = self._resolve(desc.role, place.entry, local=local)
            canonical, jur = (r if r else (None, place.entry.data["code"]))
            if canonical is not None and named_spans.get((s, e)) == canonical:
                continue  # "Hong Kong's Securities and Futures Commission": the named body says it all
            ms, me = min(ps, s), max(pe, e)
            cands.append((ms, me, 1, EntityMatch(ms, me, text[ms:me], canonical, jur, self._kind_of(canonical, desc.kind),
                                                  desc.role, False, desc.entry_id)))

        # 3. metonyms: a capital standing for its government
        named_starts = {s for s, _e in named_spans}
        for p in places:
            d = p.entry.data
            if not d.get("metonym") or p.form != "name":
                continue
            if d["metonym"] == "subject":
                if not _SUBJECT_NEXT.match(norm, p.end) or _LOCATION_PREV.search(norm, max(0, p.start - 30), p.start):
                    continue
            elif not self._metonym_context(norm, p.start, p.end):
                continue
            m = re.match(r"'s\s+", norm[p.end : p.end + 6])
            if m and p.end + m.end() in named_starts:
                continue  # "Moscow's Tagansky District Court": a location qualifying a named body
            gov = self.government_of(d["code"])
            cands.append((p.start, p.end, 3, EntityMatch(p.start, p.end, text[p.start : p.end], gov, d["code"],
                                                          "government", "government", False, p.entry.entry_id)))
        return [c[3] for c in _select(cands) if c[3] is not None]

    def _place_before(self, norm: str, s: int, places: list[_PlaceHit], ends: list[int]):
        """The place right before a role phrase: "China's", "Chinese", "U.S. federal", "Texas"."""
        i = bisect.bisect_right(ends, s) - 1
        if i < 0:
            return None, 0, 0
        p = places[i]
        gap = norm[p.end : s]
        if len(gap) > 60 or "\n" in gap or not self._modifiers.fullmatch(gap):
            return None, 0, 0
        return p, p.start, p.end

    _AFTER = re.compile(r"\s+(?:in|of|from|for)\s+(?:the\s+)?", re.IGNORECASE)

    def _place_after(self, norm: str, e: int, by_start: dict[int, _PlaceHit]):
        m = self._AFTER.match(norm, e)
        if not m or "\n" in m.group(0):
            return None, 0, 0
        p = by_start.get(m.end())
        if p is None or p.form != "name" or norm.startswith("'s", p.end):
            # "official from China's Ministry …": the possessive belongs to what follows
            return None, 0, 0
        return p, p.start, p.end

    @staticmethod
    def _metonym_context(norm: str, s: int, e: int) -> bool:
        if e < len(norm) and norm[e] == "-":
            return False
        if _LOCATION_PREV.search(norm, max(0, s - 30), s):
            return False
        if _LOCATION_NEXT.match(norm, e):
            return False
        if re.match(r",\s+(?:D\.?C\.?|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s*(?:[,.;)]|$))", norm[e : e + 40]):
            # "Beijing, China," / "Washington, D.C." -- a dateline or an address
            nxt = norm[e : e + 40]
            if re.match(r",\s+(?:D\.?C\.?|China|India|Japan|Korea|South Korea|Russia|Turkey|Brazil|Belgium|England|UK|"
                        r"Britain|Germany|France|Indonesia|Vietnam|Pakistan|Nigeria|Kenya|Canada|Australia)\b", nxt):
                return False
        if e < len(norm) and norm[e] == " " and re.match(r" [A-Z][a-z]", norm[e : e + 3]):
            # "Tokyo Electron", "Moscow Exchange": part of a proper name (unless a title-case headline)
            nxt = re.match(r" ([A-Z][a-z]+)", norm[e:]).group(1)
            if nxt not in _METONYM_VERBS and not _titlecase_line(norm, s):
                return False
        return True


# Capitalised words that may follow a metonym in running text ("Beijing Says" in a headline
# is handled by the title-case check; these are for sentence-initial forms).
_METONYM_VERBS = frozenset(
    {"And", "But", "Or", "Has", "Had", "Is", "Was", "Will", "Would", "Said", "Says", "Bans", "Fines",
     "Orders", "Blocks", "Probes", "Sues", "Warns", "Wants", "Moves", "Plans", "Could", "May", "Must"}
)


@dataclass(frozen=True, slots=True)
class _PlaceForm:
    entry: _Entry
    form: str

    @property
    def entry_id(self) -> str:
        return self.entry.entry_id


@functools.cache
def _default_gazetteer() -> Gazetteer:
    return Gazetteer(LEXICON_DIR)
