"""Validate every table (lazily: all failures at once) before anything is written."""
from __future__ import annotations

import pandas as pd
import pandera.errors as pae

from builder.errors import BuildError
from schemas import TABLES


class ValidationFailed(BuildError):
    """The rows broke the schema; nothing was written."""


def _report(name: str, exc: pae.SchemaErrors, limit: int = 20) -> list[str]:
    fc = exc.failure_cases
    lines = [f"{name}: {len(fc)} failure(s)"]
    for _, r in fc.head(limit).iterrows():
        idx = r.get("index")
        where = f"row {idx}" if idx is not None and not pd.isna(idx) else "table"
        lines.append(f"  - {where}, column {r.get('column')}: check {r.get('check')} failed on {r.get('failure_case')!r}")
    if len(fc) > limit:
        lines.append(f"  … and {len(fc) - limit} more")
    return lines


def validate_frames(frames: dict[str, pd.DataFrame], article_chars: dict[str, int]) -> dict[str, pd.DataFrame]:
    """Schema checks per table plus cross-table checks; raise ValidationFailed listing every failure."""
    problems: list[str] = []
    out = {}
    for name, model in TABLES.items():
        try:
            out[name] = model.validate(frames[name], lazy=True)
        except pae.SchemaErrors as exc:
            problems += _report(name, exc)
    m, e, a = frames["mentions"], frames["events"], frames["articles"]
    bad_ev = sorted(set(m["event_id"].tolist()) - set(e["event_id"].tolist()))
    if bad_ev:
        problems.append(f"mentions: event_id not in events: {', '.join(bad_ev[:5])}")
    bad_art = sorted(set(m["article_id"].tolist()) - set(a["article_id"].tolist()))
    if bad_art:
        problems.append(f"mentions: article_id not in articles: {', '.join(bad_art[:5])}")
    chars = pd.to_numeric(m["article_id"].map(article_chars), errors="coerce")
    start, end = pd.to_numeric(m["char_start"]), pd.to_numeric(m["char_end"])
    outside = chars.notna() & ~((start >= 0) & (start < end) & (end <= chars))
    for idx in m.index[outside.to_numpy(dtype=bool)]:
        r = m.loc[idx]
        problems.append(f"mentions: row {idx} ({r.mention_id}): offsets {r.char_start}:{r.char_end} outside the article's {int(chars[idx])} characters")
    if problems:
        raise ValidationFailed("schema validation failed; nothing was written:\n" + "\n".join(problems))
    return out
