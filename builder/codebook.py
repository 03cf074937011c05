"""CODEBOOK.md, generated from the Pandera schemas' column descriptions."""
from __future__ import annotations

from schemas import DATE_BASES, EVENT_TYPES, PRECISIONS, TABLES
from schemas.tables import column_sql_type

FRIENDLY = {"DATE": "date", "BIGINT": "integer", "DOUBLE": "number", "BOOLEAN": "boolean", "VARCHAR": "string"}

INTRO = """\
# regtimeline codebook — version {version}

regtimeline is a timeline of regulatory actions (fines, bans, probes, orders,
rules, deadlines, lawsuits, rulings) taken by public authorities against
technology firms, extracted from news articles. Each row is traceable to the
sentence it came from. Definitions follow the annotation guidelines
(`event-guidelines.md`): one row per (authority, action, target).

## Tables

- `events.csv` / `events.parquet` — one row per regulatory event; reports of the
  same action across articles are merged (same type, target and jurisdiction,
  compatible dates). `n_sources` counts the reporting articles.
- `mentions.csv` / `mentions.parquet` — one row per action extracted from one
  article: the evidence. Repeated references within one article are one mention.
- `articles.csv` — the inventory of input articles.

## Dates

- `event_date` is the first day of the period the text gives the action,
  `event_date_end` its last day, `date_precision` its granularity
  ({precisions}). A date is never more precise than the text ("in July" is a month).
- The anchor of relative dates ("last week", "on Thursday", "earlier this month")
  is the article's publication date; chained expressions ("two days later")
  resolve against the date just narrated. A day or month without a year takes
  the year nearest the anchor, unless both candidates are more than two months
  away, when the sentence's tense decides.
- `date_basis`: {bases}. `reported` means no date was attached to the action in
  the text: `event_date` is the publication date, read as "on or before".

## Merging

Within an article, mentions with the same type and target and compatible dates
are one row; the most precise date wins and the evidence is the most detailed
sentence. Across articles, mentions with the same type, target and jurisdiction
and compatible dates are one event (periods that overlap are compatible; a
`reported` date is compatible with any period starting on or before it and
joins the latest such event). The event takes the most precise date.

## Hand corrections

`seeds/corrections.csv` holds hand decisions, one row per decision with its
reason: reject a mention or an event, set a field of a mention, or add an action
the extractor missed (with its verbatim evidence sentence). They are applied on
every build before mentions are merged into events. Rows they changed or added
have `curated` true and name the corrections in `correction`.

## Identifiers

`mention_id` and `event_id` are hashes of the grouping key (article, type,
target; or type, target, jurisdiction) and the rank of the row among rows with
the same key ordered by date. They do not change when other articles change.

## CSV safety

Text cells that a spreadsheet would execute (starting with `=`, `+`, `-`, `@`,
tab or carriage return), and text cells starting with an apostrophe, are
prefixed with an apostrophe in the CSV files: drop one leading apostrophe to get
the value. The Parquet files keep the raw value.

## Event types

{types}
"""

TYPE_DEFS = {
    "fine": "imposes a monetary penalty (a settlement paid to an authority counts).",
    "ban": "prohibits, removes, blocks, suspends or delists an app, product, service, listing or activity.",
    "probe": "opens or announces an investigation, review, inquiry, inspection or summons.",
    "order": "directs a target to do or stop something (rectify, divest, disclose), where no other type fits.",
    "rule": "adopts, publishes or proposes a law, regulation or binding guideline (target: a named sector or class).",
    "deadline": "sets a date by which targets must comply, or on which a measure takes effect.",
    "lawsuit": "sues, charges, indicts or files a formal complaint against the target.",
    "ruling": "a court, tribunal or deciding regulator finds against the target, where no fine, ban or order is reported.",
}


def render_codebook(version: str, accuracy: str | None = None) -> str:
    parts = [
        INTRO.format(
            version=version,
            precisions=" | ".join(PRECISIONS),
            bases=" | ".join(DATE_BASES),
            types="\n".join(f"- `{t}`: the authority {TYPE_DEFS[t]}" for t in EVENT_TYPES),
        )
    ]
    if accuracy:
        parts.append("## Measured accuracy\n\n" + accuracy.strip() + "\n")
    for name, model in TABLES.items():
        schema = model.to_schema()
        parts.append(f"## Columns of `{name}`\n\n{(model.__doc__ or '').strip()}\n")
        parts.append("| column | type | required | description |\n|---|---|---|---|")
        for c, col in schema.columns.items():
            desc = (col.description or "").replace("|", "\\|")
            allowed = ""
            for chk in col.checks:
                vals = chk.statistics.get("allowed_values") if hasattr(chk, "statistics") and chk.statistics else None
                if vals and len(vals) <= 12:
                    allowed = " Allowed: " + ", ".join(f"`{v}`" for v in sorted(vals)) + "."
            parts.append(f"| `{c}` | {FRIENDLY[column_sql_type(model, c)]} | {'no' if col.nullable else 'yes'} | {desc}{allowed} |")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"
