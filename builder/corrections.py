"""Hand corrections kept as data: seeds/corrections.csv -> corrected mentions and events.

Load inputs: `load_corrections` reads the CSV (one row per decision, with a reason).
Process: `apply_mention_corrections` runs after extraction and in-article merging,
before events are formed, so a corrected mention re-merges like any other;
`reject_events` drops rejected events (and their mentions) after merging, without
re-merging, so every other event keeps its ID.

Columns of corrections.csv (header line first, no comments):

- correction_id: unique name of the decision (e.g. `c001`); it appears in the
  `correction` column of the rows it changed.
- action: `reject` (drop the mention or event `target_id`), `set` (give field
  `field` of mention `target_id` the value `value`), or `add` (a mention the
  extractor missed, in article `article_id`, read from sentence `evidence`).
- target_id: the `mention_id` (reject, set) or `event_id` (reject); empty for add.
  A `set` may name the `correction_id` of an `add` row to amend it.
- field: for set, one of SETTABLE; empty otherwise.
- value: for set, the new value (empty clears a nullable field); for add, the
  fields as `name=value` pairs separated by `;` (event_type, authority, target,
  event_date, date_precision, date_basis required; jurisdiction, amount, currency,
  amount_per, date_text, authority_text, target_kind optional).
- article_id, evidence: for add, the article and the sentence, which must occur
  verbatim in the article text (its offsets are computed).
- reason: why (required); kept in the `correction` column of the changed rows.

A correction whose target no longer exists (a mention or event ID, or an add's
article or evidence) is stale: reported as a warning naming the row, and an error
in strict mode. A malformed row (unknown action or field, missing reason, bad
value) is always an error.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from builder.corpus import Article
from builder.errors import BuildError
from builder.merge import Event
from builder.model import Mention
from schemas.tables import period_end

COLUMNS = ("correction_id", "action", "target_id", "field", "value", "article_id", "evidence", "reason")
ACTIONS = ("reject", "set", "add")
SETTABLE = (
    "event_date", "date_precision", "date_basis", "event_type", "authority",
    "jurisdiction", "target", "amount", "currency",
)
ADD_REQUIRED = ("event_type", "authority", "target", "event_date", "date_precision", "date_basis")
ADD_OPTIONAL = ("jurisdiction", "amount", "currency", "amount_per", "date_text", "authority_text", "target_kind")
NULLABLE = {"jurisdiction", "amount", "currency", "amount_per", "date_text", "authority_text", "target_kind"}


@dataclass(frozen=True)
class Correction:
    """One row of corrections.csv: one decision with its reason."""

    correction_id: str
    action: str
    target_id: str
    field: str
    value: str
    article_id: str
    evidence: str
    reason: str
    path: str = "corrections.csv"
    line: int = 0

    @property
    def label(self) -> str:
        """How the row is named in messages and in the `correction` column."""
        return f"{self.correction_id}: {self.reason}"

    def where(self) -> str:
        return f"{self.path}:{self.line} ({self.correction_id})"


class StaleCorrection(BuildError):
    """A correction names a mention, event, article or sentence that no longer exists (strict mode)."""


def load_corrections(path: Path) -> list[Correction]:
    """Read corrections.csv; a malformed row is a BuildError naming its line."""
    path = Path(path)
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        header = tuple(reader.fieldnames or ())
        if set(header) != set(COLUMNS):
            raise BuildError(f"columns must be {','.join(COLUMNS)} (got {','.join(header)})", path=path, line=1)
        out: list[Correction] = []
        seen: set[str] = set()
        for n, row in enumerate(reader, start=2):
            c = Correction(**{k: (row.get(k) or "").strip() for k in COLUMNS}, path=path.name, line=n)
            _check_row(c, path, n, seen)
            seen.add(c.correction_id)
            out.append(c)
    return out


def _check_row(c: Correction, path: Path, n: int, seen: set[str]) -> None:
    def fail(msg: str) -> None:
        raise BuildError(f"correction {c.correction_id or '(no id)'}: {msg}", path=path, line=n)

    if not c.correction_id:
        fail("correction_id is empty")
    if c.correction_id in seen:
        fail("correction_id used twice")
    if c.action not in ACTIONS:
        fail(f"action '{c.action}' is not one of {', '.join(ACTIONS)}")
    if not c.reason:
        fail("reason is empty: every correction says why")
    if c.action in ("reject", "set") and not c.target_id:
        fail(f"{c.action} needs target_id (a mention_id{' or event_id' if c.action == 'reject' else ''})")
    if c.action == "reject" and not c.target_id.startswith(("m_", "e_")):
        fail(f"reject target_id '{c.target_id}' is neither a mention_id (m_…) nor an event_id (e_…)")
    if c.action == "set" and c.field not in SETTABLE:
        fail(f"field '{c.field}' cannot be set; use one of {', '.join(SETTABLE)}")
    if c.action == "add":
        if not (c.article_id and c.evidence):
            fail("add needs article_id and evidence")
        try:
            fields = parse_pairs(c.value)
        except ValueError as exc:
            fail(str(exc))
        missing = [k for k in ADD_REQUIRED if not fields.get(k)]
        unknown = sorted(set(fields) - set(ADD_REQUIRED) - set(ADD_OPTIONAL))
        if missing or unknown:
            fail(f"add value lacks {', '.join(missing) or '-'}; unknown fields {', '.join(unknown) or '-'}")
    try:
        if c.action == "set":
            _convert(c.field, c.value)
        elif c.action == "add":
            for k, v in parse_pairs(c.value).items():
                _convert(k, v)
    except ValueError as exc:
        fail(str(exc))


def parse_pairs(value: str) -> dict[str, str]:
    """'event_type=fine;target=Alibaba Group' -> {'event_type': 'fine', 'target': 'Alibaba Group'}."""
    out: dict[str, str] = {}
    for part in value.split(";"):
        if not part.strip():
            continue
        key, eq, val = part.partition("=")
        if not eq:
            raise ValueError(f"'{part.strip()}' is not name=value")
        out[key.strip()] = val.strip()
    return out


def _convert(field: str, value: str) -> object:
    """The typed value of a field as written in the CSV (empty -> None where nullable)."""
    if value == "":
        if field in NULLABLE:
            return None
        raise ValueError(f"{field} cannot be empty")
    if field == "event_date":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"event_date '{value}' is not YYYY-MM-DD") from None
    if field == "amount":
        try:
            return float(value)
        except ValueError:
            raise ValueError(f"amount '{value}' is not a number") from None
    return value


def _hash(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def _stale(c: Correction, what: str, strict: bool, problems: list[str]) -> None:
    msg = f"stale correction {c.where()}: {what}; update or remove the row"
    problems.append(msg)
    if not strict:
        warnings.warn(msg, UserWarning, stacklevel=3)


def _mark(m: Mention, c: Correction) -> None:
    m.curated = True
    m.correction = c.label if not m.correction else f"{m.correction}; {c.label}"


def _added_mention(c: Correction, article: Article, start: int) -> Mention:
    f = {k: _convert(k, v) for k, v in parse_pairs(c.value).items()}
    m = Mention(
        article_id=article.article_id,
        event_type=f["event_type"],
        authority=f["authority"],
        authority_text=f.get("authority_text"),
        jurisdiction=f.get("jurisdiction"),
        target=f["target"],
        target_kind=f.get("target_kind"),
        event_date=f["event_date"],
        event_date_end=f["event_date"],
        date_precision=f["date_precision"],
        date_basis=f["date_basis"],
        date_text=f.get("date_text"),
        amount=f.get("amount"),
        currency=f.get("currency"),
        amount_per=f.get("amount_per"),
        evidence=c.evidence,
        char_start=start,
        char_end=start + len(c.evidence),
        trigger="correction",
        confidence=1.0,
        mention_id="m_" + _hash("correction", article.article_id, c.correction_id),
    )
    _mark(m, c)
    return m


def apply_mention_corrections(
    mentions: list[Mention], corrections: Iterable[Correction], articles: list[Article], strict: bool = False
) -> list[Mention]:
    """Adds, then sets, then rejects of mentions, in file order; returns the corrected mentions.

    Event rejects are left for `reject_events`. Stale rows warn (or, strict, raise StaleCorrection
    listing all of them once every row has been checked).
    """
    corrections = list(corrections)
    by_article = {a.article_id: a for a in articles}
    out = [dataclasses.replace(m) for m in mentions]
    added: dict[str, Mention] = {}
    problems: list[str] = []
    for c in (c for c in corrections if c.action == "add"):
        a = by_article.get(c.article_id)
        if a is None:
            _stale(c, f"article {c.article_id} is not in the corpus", strict, problems)
            continue
        start = a.text.find(c.evidence)
        if start < 0:
            _stale(c, f"the evidence does not occur verbatim in article {c.article_id}", strict, problems)
            continue
        m = _added_mention(c, a, start)
        added[c.correction_id] = m
        out.append(m)
    by_id = {m.mention_id: m for m in out} | added
    for c in (c for c in corrections if c.action == "set"):
        m = by_id.get(c.target_id)
        if m is None:
            _stale(c, f"mention {c.target_id} does not exist", strict, problems)
            continue
        setattr(m, c.field, _convert(c.field, c.value))
        _mark(m, c)
    for m in out:
        if m.curated:
            m.event_date_end = period_end(m.event_date, m.date_precision) if m.date_precision in _PERIODS else m.event_date
    rejected: set[str] = set()
    for c in (c for c in corrections if c.action == "reject" and c.target_id.startswith("m_")):
        if c.target_id not in by_id:
            _stale(c, f"mention {c.target_id} does not exist", strict, problems)
            continue
        rejected.add(by_id[c.target_id].mention_id)
    if problems and strict:
        raise StaleCorrection("strict build: " + "\n".join(problems))
    kept = [m for m in out if m.mention_id not in rejected]
    return sorted(kept, key=lambda m: (m.article_id, m.char_start, m.event_type, m.target))


_PERIODS = ("day", "week", "month", "quarter", "half", "year")


def reject_events(
    events: list[Event], mentions: list[Mention], corrections: Iterable[Correction], strict: bool = False
) -> tuple[list[Event], list[Mention]]:
    """Drop rejected events and their mentions (after merging; other events keep their IDs)."""
    ids = {e.event_id for e in events}
    problems: list[str] = []
    rejected: set[str] = set()
    for c in corrections:
        if c.action == "reject" and c.target_id.startswith("e_"):
            if c.target_id in ids:
                rejected.add(c.target_id)
            else:
                _stale(c, f"event {c.target_id} does not exist", strict, problems)
    if problems and strict:
        raise StaleCorrection("strict build: " + "\n".join(problems))
    return [e for e in events if e.event_id not in rejected], [m for m in mentions if m.event_id not in rejected]
