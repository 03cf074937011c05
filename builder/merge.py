"""Mentions -> merged mentions (per article) -> events (across articles), with stable IDs.

Grain: after `collapse_article_mentions`, one mention per (article, action, target);
after `merge_events`, one event per (type, target, jurisdiction, compatible dates).

Dates are compatible when their periods overlap (and two different stated
amounts, or two different named authorities, are never the same action). A `reported` date (no date in the
text; the publication date read as "on or before") is compatible with any period
that starts on or before it; such a mention joins the latest compatible group.

IDs are hashes of the grouping key plus the group's rank among groups with the same
(type, target, …) ordered by date: they do not depend on other targets, other
articles' text, or the order of inputs, and survive a better date for an event
that is the only one of its kind.
"""
from __future__ import annotations

import dataclasses
import functools
import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from builder.model import PRECISION_RANK, Mention


@functools.lru_cache(maxsize=1 << 16)
def normalise_name(name: str) -> str:
    """Key for comparing names: case, punctuation, possessives and legal suffixes ignored."""
    s = unicodedata.normalize("NFKC", name).casefold().replace("’", "'")
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    s = re.sub(r"\b(the|inc|ltd|limited|co|corp|corporation|company|plc|llc|group|holdings?)\b", " ", s)
    return " ".join(s.split())


def _hash(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def _same_authority(a: Mention, b: Mention) -> bool:
    """Two named bodies must be the same body; a government or generic description fits any
    authority of its jurisdiction ("Chinese regulators" and SAMR; not the FTC and the SEC)."""
    if a.authority == b.authority:
        return True
    if a.authority_specific and b.authority_specific:
        return False
    return a.jurisdiction is None or b.jurisdiction is None or a.jurisdiction == b.jurisdiction


def _same_amount(a: Mention, b: Mention) -> bool:
    """Equal currency and values within 1% (a headline rounds "Rs 936.44 crore" to "Rs 936 crore")."""
    return a.currency == b.currency and abs(a.amount - b.amount) <= 0.01 * max(a.amount, b.amount)


def _compatible(a: Mention, b: Mention) -> bool:
    if not _same_authority(a, b):
        return False
    if a.amount is not None and b.amount is not None and not _same_amount(a, b):
        return False  # two different stated amounts are two decisions
    if a.date_basis == "reported" and b.date_basis == "reported":
        return True
    if a.date_basis == "reported":
        return b.event_date <= a.event_date
    if b.date_basis == "reported":
        return a.event_date <= b.event_date
    return a.event_date <= b.event_date_end and b.event_date <= a.event_date_end


class _Group:
    """Members of one group and what compatibility with all of them depends on, kept up to date.

    `_compatible(m, x)` for every member x is decided from a few summaries instead of the
    members themselves (so grouping is linear in the mentions, not quadratic): the distinct
    (authority, specific, jurisdiction) of the members, their distinct stated amounts, and the
    latest start and earliest end of their dated periods. `accepts` gives exactly the answer
    of `all(_compatible(m, x) for x in members)` (tests/test_merge.py checks this against the
    member-by-member definition on random mentions).
    """

    __slots__ = ("members", "authorities", "amounts", "max_start", "min_end", "best", "_best_key", "has_reported")

    def __init__(self, first: Mention):
        self.members: list[Mention] = []
        self.authorities: set[tuple[str, bool, str | None]] = set()
        self.amounts: set[tuple[str | None, float]] = set()
        self.max_start: dt.date | None = None  # over dated members
        self.min_end: dt.date | None = None
        self.best: Mention = first
        self._best_key = _best_key(first)
        self.has_reported = False
        self.add(first)

    def add(self, m: Mention) -> None:
        self.members.append(m)
        self.authorities.add((m.authority, m.authority_specific, m.jurisdiction))
        if m.amount is not None:
            self.amounts.add((m.currency, m.amount))
        if m.date_basis == "reported":
            self.has_reported = True
        else:
            self.max_start = m.event_date if self.max_start is None else max(self.max_start, m.event_date)
            self.min_end = m.event_date_end if self.min_end is None else min(self.min_end, m.event_date_end)
        key = _best_key(m)
        if key < self._best_key:
            self.best, self._best_key = m, key

    def accepts(self, m: Mention) -> bool:
        for authority, specific, jurisdiction in self.authorities:
            if authority != m.authority and (
                (specific and m.authority_specific)
                or (m.jurisdiction is not None and jurisdiction is not None and m.jurisdiction != jurisdiction)
            ):
                return False
        if m.amount is not None:
            for currency, amount in self.amounts:
                if currency != m.currency or abs(m.amount - amount) > 0.01 * max(m.amount, amount):
                    return False
        if m.date_basis == "reported":
            # dated members must start on or before it; reported members always fit
            return self.max_start is None or self.max_start <= m.event_date
        if self.has_reported and not self._reported_fit(m):
            return False
        if self.max_start is None:
            return True
        return m.event_date <= self.min_end and self.max_start <= m.event_date_end

    def _reported_fit(self, m: Mention) -> bool:
        """A dated mention fits the group's reported members when it starts on or before each."""
        return all(m.event_date <= x.event_date for x in self.members if x.date_basis == "reported")


def _best_key(m: Mention) -> tuple:
    return (m.date_rank(), m.event_date, m.article_id, m.char_start)


def _group(mentions: list[Mention]) -> list[_Group]:
    """Group mutually compatible mentions: dated ones first (most precise first), reported ones last."""
    dated = sorted((m for m in mentions if m.date_basis != "reported"), key=_best_key)
    reported = sorted((m for m in mentions if m.date_basis == "reported"), key=lambda m: (m.event_date, m.article_id, m.char_start))
    groups: list[_Group] = []
    for m in dated:
        for g in groups:
            if g.accepts(m):
                g.add(m)
                break
        else:
            groups.append(_Group(m))
    for m in reported:
        cands = [g for g in groups if g.accepts(m)]
        if cands:
            # the latest compatible group: the most recent action before publication
            max(cands, key=lambda g: (g.best.event_date, -PRECISION_RANK[g.best.date_precision])).add(m)
        else:
            groups.append(_Group(m))
    return groups


def _ordered(groups: list[_Group]) -> list[_Group]:
    return sorted(groups, key=lambda g: (g.best.event_date, PRECISION_RANK[g.best.date_precision], min(m.char_start for m in g.members)))


def collapse_article_mentions(mentions: list[Mention]) -> list[Mention]:
    """Repeated reports of one action within an article become one mention.

    The merged mention keeps the most precise date; its evidence is the sentence
    that gives the most detail (the one with the date, else an amount, else the first).
    """
    keyed: dict[tuple[str, str, str], list[Mention]] = {}
    for m in mentions:
        keyed.setdefault((m.article_id, m.event_type, normalise_name(m.target)), []).append(m)
    out: list[Mention] = []
    for (article_id, etype, tkey), ms in keyed.items():
        for rank, group in enumerate(_ordered(_group(ms))):
            g, best = group.members, group.best
            detailed = max(g, key=lambda m: (m.date_basis != "reported", m.amount is not None, m.confidence, -m.char_start))
            merged = dataclasses.replace(best)
            merged.merged_spans = sorted({(m.char_start, m.char_end) for m in g})
            # evidence: the most detailed sentence; amount from any member that states one
            merged.evidence, merged.char_start, merged.char_end = detailed.evidence, detailed.char_start, detailed.char_end
            with_amount = [m for m in g if m.amount is not None]
            if with_amount and merged.amount is None:
                a = min(with_amount, key=lambda m: m.char_start)
                merged.amount, merged.currency, merged.amount_per = a.amount, a.currency, a.amount_per
            merged.authority, merged.authority_text, merged.jurisdiction = _best_authority(g)
            merged.confidence = max(m.confidence for m in g)
            merged.mention_id = "m_" + _hash(article_id, etype, tkey, rank)
            out.append(merged)
    return sorted(out, key=lambda m: (m.article_id, m.char_start, m.event_type, m.target))


def _best_authority(group: list[Mention]) -> tuple[str, str | None, str | None]:
    """Prefer a named body over a government or a description; then the most frequent."""
    counts = Counter(m.authority for m in group)

    def score(m: Mention) -> tuple[int, int, str]:
        generic = m.authority.startswith("Government of") or m.authority_text in (None, "")
        return (generic, -counts[m.authority], m.authority)
    m = min(group, key=score)
    return m.authority, m.authority_text, m.jurisdiction


@dataclass(slots=True)
class Event:
    event_id: str
    event_type: str
    authority: str
    jurisdiction: str | None
    target: str
    event_date: dt.date
    event_date_end: dt.date
    date_precision: str
    date_basis: str
    amount: float | None
    currency: str | None
    amount_per: str | None
    n_sources: int
    n_mentions: int
    first_published: dt.date
    article_ids: str
    evidence: str
    curated: bool = False
    correction: str | None = None


def merge_events(mentions: list[Mention], published: dict[str, dt.date]) -> list[Event]:
    """Reports of the same action across articles become one event; sets each mention's event_id."""
    keyed: dict[tuple[str, str, str], list[Mention]] = {}
    for m in mentions:
        keyed.setdefault((m.event_type, normalise_name(m.target), m.jurisdiction or ""), []).append(m)
    events: list[Event] = []
    for (etype, tkey, jur), ms in keyed.items():
        for rank, group in enumerate(_ordered(_group(ms))):
            g, best = group.members, group.best
            eid = "e_" + _hash(etype, tkey, jur, rank)
            for m in g:
                m.event_id = eid
            authority, _, jurisdiction = _best_authority(g)
            with_amount = sorted((m for m in g if m.amount is not None), key=lambda m: (published[m.article_id], m.article_id, m.char_start))
            amt = with_amount[0] if with_amount else None
            target_counts = Counter(m.target for m in g)
            names = sorted(target_counts, key=lambda t: (-target_counts[t], t))
            arts = sorted({m.article_id for m in g})
            events.append(
                Event(
                    event_id=eid,
                    event_type=etype,
                    authority=authority,
                    jurisdiction=jurisdiction,
                    target=names[0],
                    event_date=best.event_date,
                    event_date_end=best.event_date_end,
                    date_precision=best.date_precision,
                    date_basis=best.date_basis,
                    amount=amt.amount if amt else None,
                    currency=amt.currency if amt else None,
                    amount_per=amt.amount_per if amt else None,
                    n_sources=len(arts),
                    n_mentions=len(g),
                    first_published=min(published[a] for a in arts),
                    article_ids=";".join(arts),
                    evidence=best.evidence,
                    curated=any(m.curated for m in g),
                    correction="; ".join(sorted({m.correction for m in g if m.correction})) or None,
                )
            )
    return sorted(events, key=lambda e: (e.event_date, e.event_type, e.target, e.event_id))
