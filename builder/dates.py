"""Temporal expressions in news text -> (start, end, precision, basis).

PLACEHOLDER: the full engine is being written (issue 3). The public contract
below (TemporalExpression, resolve_dates) is fixed; extraction depends on it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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


def resolve_dates(text: str, anchor: dt.date) -> list[TemporalExpression]:
    """All temporal expressions in `text`, resolved against `anchor`, in text order."""
    return []
