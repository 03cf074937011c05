"""Table schemas.

Dates are ISO strings (YYYY-MM-DD) in the frames; the export casts them to DATE
in Parquet and DuckDB. Empty values are nulls.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.pandas as pa
import pycountry
from pandera.typing import Series

from builder.dates import period_end  # noqa: F401 - the one definition of a period's last day, used by the checks

EVENT_TYPES = ("fine", "ban", "probe", "order", "rule", "deadline", "lawsuit", "ruling")
PRECISIONS = ("day", "week", "month", "quarter", "half", "year")
DATE_BASES = ("stated", "inferred", "reported")
# ISO 3166-1 alpha-2, plus EU for European Union bodies (an ISO 3166 exceptionally reserved code).
JURISDICTIONS = tuple(sorted({c.alpha_2 for c in pycountry.countries} | {"EU"}))
CURRENCIES = tuple(sorted(c.alpha_3 for c in pycountry.currencies))
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
ID_MENTION = r"^m_[0-9a-f]{16}$"
ID_EVENT = r"^e_[0-9a-f]{16}$"


def _d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def period_start_ok(start: dt.date, precision: str) -> bool:
    """Does `start` begin a period of `precision` (Monday for weeks, 1st of month …)?"""
    if precision == "day":
        return True
    if precision == "week":
        return start.weekday() == 0
    if start.day != 1:
        return False
    return {
        "month": True,
        "quarter": start.month in (1, 4, 7, 10),
        "half": start.month in (1, 7),
        "year": start.month == 1,
    }[precision]


def _dates_consistent(df: pd.DataFrame) -> pd.Series:
    """event_date <= event_date_end, and the end is the end of the period the precision names."""
    ok = []
    for s, e, p in zip(df["event_date"].tolist(), df["event_date_end"].tolist(), df["date_precision"].tolist()):
        try:
            sd, ed = _d(s), _d(e)
            ok.append(sd <= ed and period_start_ok(sd, p) and period_end(sd, p) == ed)
        except (TypeError, ValueError, KeyError):
            ok.append(False)
    return pd.Series(ok, index=df.index)


def _amount_has_currency(df: pd.DataFrame) -> pd.Series:
    """An amount is given only with its currency, and a currency only with an amount."""
    return df["amount"].isna() == df["currency"].isna()


def _valid_iso_dates(s: pd.Series) -> pd.Series:
    out = []
    for v in s.tolist():
        try:
            _d(v)
            out.append(True)
        except (TypeError, ValueError):
            out.append(False)
    return pd.Series(out, index=s.index)


class _Common(pa.DataFrameModel):
    class Config:
        strict = True
        ordered = True
        coerce = False


class ArticleSchema(_Common):
    """articles: one row per input article (the inventory of what was read)."""

    article_id: Series[str] = pa.Field(unique=True, str_matches=r"^\S(?:.*\S)?$", description="Article identifier. Built from a manifest: `<file stem>#<n>`, n the 1-based position of the article in its file; from a corpus file (`--corpus`): the row's `id`.")
    file: Series[str] = pa.Field(description="File the article was read from: a text file in the seeds folder, or the corpus file.")
    title: Series[str] = pa.Field(str_length={"min_value": 1}, description="Headline, as in the manifest.")
    published: Series[str] = pa.Field(str_matches=ISO_DATE, description="Publication date (YYYY-MM-DD): the anchor for every relative date in the article.")
    date_confidence: Series[str] = pa.Field(nullable=True, description="How sure the manifest is of the publication date (`confirmed` | `inferred`), when given.")
    publisher: Series[str] = pa.Field(nullable=True, description="Publisher or outlet, when known.")
    author: Series[str] = pa.Field(nullable=True, description="Byline, when known.")
    url: Series[str] = pa.Field(nullable=True, description="Source URL, when known.")
    sha256: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$", description="SHA-256 of the whole source file (bytes): the text file, or the corpus file.")
    text_sha256: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$", description="SHA-256 of the article text (UTF-8) that offsets refer to.")
    line_start: Series[int] = pa.Field(ge=1, description="First line of the article in its file (1-based); for a corpus file, the row's first line (JSONL, CSV) or its 1-based row number (Parquet).")
    line_end: Series[int] = pa.Field(ge=1, description="Last line of the article in its file (1-based); trailing boilerplate (hashtags, 'Source link', comment forms) excluded. For a corpus file, the row's last line (a CSV field may span lines) or its row number.")
    chars: Series[int] = pa.Field(ge=1, description="Length of the article text in characters (Unicode code points); `char_start`/`char_end` in mentions index into this text.")

    @pa.dataframe_check(error="line_end < line_start")
    def lines_ordered(cls, df: pd.DataFrame) -> pd.Series:
        return df["line_end"] >= df["line_start"]

    @pa.check("published", name="valid_calendar_date")
    def calendar_date(cls, s: Series[str]) -> Series[bool]:
        return _valid_iso_dates(s)


class MentionSchema(_Common):
    """mentions: one row per regulatory action extracted from one article (the evidence)."""

    mention_id: Series[str] = pa.Field(unique=True, str_matches=ID_MENTION, description="Stable identifier of the mention: a hash of article, type, target and its rank among same-target mentions of the article; unchanged by rebuilds and by changes to other articles.")
    event_id: Series[str] = pa.Field(str_matches=ID_EVENT, description="The event (in `events`) this mention reports.")
    article_id: Series[str] = pa.Field(description="Article the action was read from (see `articles`).")
    source_file: Series[str] = pa.Field(description="Text file of the article.")
    article_title: Series[str] = pa.Field(description="Headline of the article.")
    published: Series[str] = pa.Field(str_matches=ISO_DATE, description="Publication date of the article: the anchor of relative dates.")
    event_type: Series[str] = pa.Field(isin=EVENT_TYPES, description="Kind of action: fine | ban | probe | order | rule | deadline | lawsuit | ruling (see the guidelines).")
    authority: Series[str] = pa.Field(description="Public authority that acted, canonical full name where the gazetteer resolves it, else as written.")
    authority_text: Series[str] = pa.Field(nullable=True, description="The authority as written in the evidence (empty when implied by the article).")
    jurisdiction: Series[str] = pa.Field(nullable=True, isin=JURISDICTIONS, description="ISO 3166-1 alpha-2 code of the authority's country (`EU` for EU bodies).")
    target: Series[str] = pa.Field(str_length={"min_value": 1}, description="Company, app, product, person, or (for rules) class of firms the action is directed at; the most specific name the article gives.")
    target_kind: Series[str] = pa.Field(nullable=True, description="company | app | product | service | person | class | unknown (a name not in the gazetteer).")
    event_date: Series[str] = pa.Field(str_matches=ISO_DATE, description="First day of the period in which the action happened (YYYY-MM-DD).")
    event_date_end: Series[str] = pa.Field(str_matches=ISO_DATE, description="Last day of that period: equal to event_date for day precision.")
    date_precision: Series[str] = pa.Field(isin=PRECISIONS, description="Granularity of the date: day | week (ISO week, Monday) | month | quarter | half | year. Never more precise than the text.")
    date_basis: Series[str] = pa.Field(isin=DATE_BASES, description="stated: the text alone fixes the date; inferred: a date expression resolved with the publication date or the narrative; reported: no date in the text, event_date is the publication date and means 'on or before'.")
    date_text: Series[str] = pa.Field(nullable=True, description="The temporal expression the date was read from, verbatim (empty when reported).")
    amount: Series[float] = pa.Field(nullable=True, ge=0, description="Monetary amount of a fine as stated, in units of `currency` (18.2 billion yuan -> 18200000000).")
    currency: Series[str] = pa.Field(nullable=True, isin=CURRENCIES, description="ISO 4217 code of the stated amount (CNY for yuan/RMB).")
    amount_per: Series[str] = pa.Field(nullable=True, description="When the amount is a rate, its unit ('incident', 'violation', 'day'); empty for a total.")
    evidence: Series[str] = pa.Field(str_length={"min_value": 1}, description="The sentence the row comes from, verbatim from the article (the most detailed report when the article repeats it).")
    char_start: Series[int] = pa.Field(ge=0, description="Offset of the evidence's first character in the article text (see articles.chars).")
    char_end: Series[int] = pa.Field(ge=0, description="Offset one past the evidence's last character; article_text[char_start:char_end] == evidence.")
    trigger: Series[str] = pa.Field(description="The vocabulary entry that identified the action (for audit and the build report).")
    confidence: Series[float] = pa.Field(ge=0, le=1, description="Extractor's confidence that the row is a real event as coded (0-1; a heuristic score, not a calibrated probability).")
    curated: Series[bool] = pa.Field(description="True when a hand correction (seeds/corrections.csv) changed or added the row; false for rows exactly as the extractor read them.")
    correction: Series[str] = pa.Field(nullable=True, description="The correction(s) applied to the row, as `<correction_id>: <reason>` (several joined by '; '); empty when curated is false.")

    @pa.dataframe_check(error="event_date/event_date_end do not bound a period of date_precision")
    def dates_consistent(cls, df: pd.DataFrame) -> pd.Series:
        return _dates_consistent(df)

    @pa.dataframe_check(error="amount without currency or currency without amount")
    def amount_has_currency(cls, df: pd.DataFrame) -> pd.Series:
        return _amount_has_currency(df)

    @pa.dataframe_check(error="char_end <= char_start")
    def offsets_ordered(cls, df: pd.DataFrame) -> pd.Series:
        return df["char_end"] > df["char_start"]

    @pa.check("event_date", "event_date_end", "published", name="valid_calendar_date")
    def calendar_date(cls, s: Series[str]) -> Series[bool]:
        return _valid_iso_dates(s)


class EventSchema(_Common):
    """events: one row per regulatory event; reports of the same action across articles merged."""

    event_id: Series[str] = pa.Field(unique=True, str_matches=ID_EVENT, description="Stable identifier of the event: a hash of type, target, jurisdiction and its rank among same-target events by date.")
    event_type: Series[str] = pa.Field(isin=EVENT_TYPES, description="Kind of action: fine | ban | probe | order | rule | deadline | lawsuit | ruling.")
    authority: Series[str] = pa.Field(description="Public authority that acted: the most specific name among the event's mentions.")
    jurisdiction: Series[str] = pa.Field(nullable=True, isin=JURISDICTIONS, description="ISO 3166-1 alpha-2 code of the authority (`EU` for EU bodies).")
    target: Series[str] = pa.Field(str_length={"min_value": 1}, description="Who or what the action is directed at.")
    event_date: Series[str] = pa.Field(str_matches=ISO_DATE, description="First day of the period of the action: the most precise date among the mentions.")
    event_date_end: Series[str] = pa.Field(str_matches=ISO_DATE, description="Last day of that period.")
    date_precision: Series[str] = pa.Field(isin=PRECISIONS, description="Granularity of event_date: day | week | month | quarter | half | year.")
    date_basis: Series[str] = pa.Field(isin=DATE_BASES, description="stated | inferred | reported (see mentions.date_basis).")
    amount: Series[float] = pa.Field(nullable=True, ge=0, description="Fine amount as stated (from the mention that states it).")
    currency: Series[str] = pa.Field(nullable=True, isin=CURRENCIES, description="ISO 4217 code of the amount.")
    amount_per: Series[str] = pa.Field(nullable=True, description="Unit when the amount is a rate ('incident'), else empty.")
    n_sources: Series[int] = pa.Field(ge=1, description="Number of distinct articles reporting the event.")
    n_mentions: Series[int] = pa.Field(ge=1, description="Number of mentions (rows in `mentions`) merged into the event.")
    first_published: Series[str] = pa.Field(str_matches=ISO_DATE, description="Earliest publication date among the reporting articles.")
    article_ids: Series[str] = pa.Field(description="Reporting articles, sorted, separated by ';'.")
    evidence: Series[str] = pa.Field(description="Evidence sentence of the mention that gave the event's date.")
    curated: Series[bool] = pa.Field(description="True when any of the event's mentions was changed or added by a hand correction (see mentions.curated).")
    correction: Series[str] = pa.Field(nullable=True, description="The distinct corrections applied to the event's mentions, as `<correction_id>: <reason>` joined by '; '; empty when curated is false.")

    @pa.dataframe_check(error="event_date/event_date_end do not bound a period of date_precision")
    def dates_consistent(cls, df: pd.DataFrame) -> pd.Series:
        return _dates_consistent(df)

    @pa.dataframe_check(error="amount without currency or currency without amount")
    def amount_has_currency(cls, df: pd.DataFrame) -> pd.Series:
        return _amount_has_currency(df)

    @pa.dataframe_check(error="n_mentions < n_sources")
    def mentions_cover_sources(cls, df: pd.DataFrame) -> pd.Series:
        return df["n_mentions"] >= df["n_sources"]

    @pa.check("event_date", "event_date_end", "first_published", name="valid_calendar_date")
    def calendar_date(cls, s: Series[str]) -> Series[bool]:
        return _valid_iso_dates(s)


TABLES = {"articles": ArticleSchema, "mentions": MentionSchema, "events": EventSchema}

DATE_COLUMNS = frozenset({"published", "event_date", "event_date_end", "first_published"})


def column_sql_type(model: type[pa.DataFrameModel], column: str) -> str:
    """The column's type in DuckDB / Parquet: DATE, BIGINT, DOUBLE, BOOLEAN or VARCHAR."""
    if column in DATE_COLUMNS:
        return "DATE"
    dtype = str(model.to_schema().columns[column].dtype)
    return {"int64": "BIGINT", "float64": "DOUBLE", "bool": "BOOLEAN"}.get(dtype, "VARCHAR")
