"""Row types passed between pipeline stages."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "half": 4, "year": 5}
BASIS_RANK = {"stated": 0, "inferred": 1, "reported": 2}


@dataclass(slots=True)
class Mention:
    """One regulatory action read from one article (before and after in-article merging)."""

    article_id: str
    event_type: str
    authority: str
    authority_text: str | None
    jurisdiction: str | None
    target: str
    target_kind: str | None
    event_date: dt.date
    event_date_end: dt.date
    date_precision: str
    date_basis: str
    date_text: str | None
    amount: float | None
    currency: str | None
    amount_per: str | None
    evidence: str
    char_start: int
    char_end: int
    trigger: str
    confidence: float
    authority_specific: bool = True  # a named body (False: a government or generic description)
    # filled by merging
    mention_id: str = ""
    event_id: str = ""
    # extra evidence spans merged into this mention (in-article repeats)
    merged_spans: list[tuple[int, int]] = field(default_factory=list)
    # set by builder.corrections: changed or added by hand, and the correction(s) that did it
    curated: bool = False
    correction: str | None = None

    def date_rank(self) -> tuple[int, int]:
        """Lower is better: more precise first, then stated over inferred over reported."""
        return (BASIS_RANK[self.date_basis] == 2, PRECISION_RANK[self.date_precision], BASIS_RANK[self.date_basis])
