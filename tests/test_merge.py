"""Grouping mentions into events: the summarised compatibility check (linear in the
mentions) decides exactly as the member-by-member definition does."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from builder.merge import _best_key, _compatible, _group
from builder.model import PRECISION_RANK, Mention
from schemas.tables import period_end

AUTHORITIES = [  # (authority, specific, jurisdiction, authority_text)
    ("State Administration for Market Regulation", True, "CN", "SAMR"),
    ("Cyberspace Administration of China", True, "CN", "CAC"),
    ("Government of China", False, "CN", "Beijing"),
    ("regulators", False, None, "regulators"),
    ("Federal Trade Commission", True, "US", "FTC"),
    ("Government of the United States", False, "US", None),
]


@st.composite
def mentions(draw) -> Mention:
    authority, specific, jurisdiction, text = draw(st.sampled_from(AUTHORITIES))
    precision = draw(st.sampled_from(["day", "month", "year"]))
    basis = draw(st.sampled_from(["stated", "inferred", "reported"]))
    day = dt.date(2021, 1, 1) + dt.timedelta(days=draw(st.integers(0, 500)))
    if basis == "reported":
        precision = "day"
    start = {"day": day, "month": day.replace(day=1), "year": day.replace(month=1, day=1)}[precision]
    amount = draw(st.sampled_from([None, None, 100.0, 100.5, 102.0, 250.0]))
    return Mention(
        article_id=f"a{draw(st.integers(0, 6))}",
        event_type="fine",
        authority=authority,
        authority_text=text,
        jurisdiction=jurisdiction,
        target="ShopCo",
        target_kind="company",
        event_date=start,
        event_date_end=period_end(start, precision),
        date_precision=precision,
        date_basis=basis,
        date_text=None,
        amount=amount,
        currency=None if amount is None else draw(st.sampled_from(["CNY", "USD"])),
        amount_per=None,
        evidence="e",
        char_start=draw(st.integers(0, 50)),
        char_end=60,
        trigger="fine",
        confidence=0.9,
        authority_specific=specific,
    )


def reference_group(ms: list[Mention]) -> list[list[Mention]]:
    """The definition: a mention joins the first group whose every member it is compatible with;
    reported ones join the latest compatible group."""
    dated = sorted((m for m in ms if m.date_basis != "reported"), key=_best_key)
    reported = sorted((m for m in ms if m.date_basis == "reported"), key=lambda m: (m.event_date, m.article_id, m.char_start))
    groups: list[list[Mention]] = []
    for m in dated:
        for g in groups:
            if all(_compatible(m, x) for x in g):
                g.append(m)
                break
        else:
            groups.append([m])

    def best(g: list[Mention]) -> Mention:
        return min(g, key=_best_key)

    for m in reported:
        cands = [g for g in groups if all(_compatible(m, x) for x in g)]
        if cands:
            max(cands, key=lambda g: (best(g).event_date, -PRECISION_RANK[best(g).date_precision])).append(m)
        else:
            groups.append([m])
    return groups


@settings(max_examples=300, deadline=None)
@given(st.lists(mentions(), max_size=40))
def test_grouping_matches_the_member_by_member_definition(ms: list[Mention]) -> None:
    fast = _group(ms)
    slow = reference_group(ms)
    assert [[id(m) for m in g.members] for g in fast] == [[id(m) for m in g] for g in slow]
    assert [id(g.best) for g in fast] == [id(min(g, key=_best_key)) for g in slow]


def test_many_reports_of_one_action_form_one_group() -> None:
    """20,000 compatible reports of one fine form one group (the check is per distinct authority
    and amount, not per member)."""
    m = Mention(
        article_id="a", event_type="fine", authority="State Administration for Market Regulation", authority_text="SAMR",
        jurisdiction="CN", target="ShopCo", target_kind="company", event_date=dt.date(2021, 4, 10),
        event_date_end=dt.date(2021, 4, 10), date_precision="day", date_basis="stated", date_text="April 10",
        amount=1e9, currency="CNY", amount_per=None, evidence="e", char_start=0, char_end=1, trigger="fine", confidence=1.0,
    )
    import dataclasses

    many = [dataclasses.replace(m, article_id=f"a{i:05d}") for i in range(20_000)]
    (group,) = _group(many)
    assert len(group.members) == 20_000 and group.best.article_id == "a00000"
