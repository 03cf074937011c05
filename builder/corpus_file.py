"""A corpus file (JSONL, CSV or Parquet; one article per row) -> Article objects, streamed.

Load inputs: a news-API export or media-monitoring dump with columns
`id, title, published, text` and optionally `url, publisher` (and `author`).
Process: read one row at a time (memory does not grow with the corpus), check
every field, normalise line ends. Output: `Article` objects in file order.

Grain: one Article per row; `article_id` is the row's `id`.

Formats are chosen by suffix: `.jsonl`/`.ndjson` (one JSON object per line),
`.csv`, `.parquet`/`.pq`; `.jsonl.gz`, `.ndjson.gz` and `.csv.gz` are read
through gzip. `published` is an ISO date (`2021-04-10`) or an ISO timestamp
(`2021-04-10T08:00:00Z`, whose date part is used, as written, without time-zone
conversion). A bad row stops the read with the file, the row's line (JSONL,
CSV) or row number (Parquet), and the problem.
"""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from builder.corpus import MAX_FILE_BYTES, Article
from builder.errors import BuildError

REQUIRED_FIELDS = ("id", "title", "published", "text")
OPTIONAL_FIELDS = ("url", "publisher", "author")
FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}
# An article id is printable text without leading or trailing spaces (a URL, a hash, a number).
_ID_OK = re.compile(r"^\S(?:[^\x00-\x1f\x7f]*\S)?$")
_ISO_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:$|[T ]\d{2}:\d{2})")
_PARQUET_BATCH_ROWS = 1024


def corpus_format(path: Path) -> tuple[str, bool]:
    """(format, gzipped) from the file name; a BuildError for an unknown suffix."""
    suffixes = [s.lower() for s in Path(path).suffixes]
    gz = bool(suffixes) and suffixes[-1] == ".gz"
    if gz:
        suffixes = suffixes[:-1]
    fmt = FORMATS.get(suffixes[-1]) if suffixes else None
    if fmt is None or (gz and fmt == "parquet"):
        raise BuildError(
            "unknown corpus format; name the file .jsonl, .ndjson, .csv (optionally .gz), .parquet or .pq",
            path=path,
        )
    return fmt, gz


def read_corpus(path: Path, file_sha256: str = "", today: dt.date | None = None) -> Iterator[Article]:
    """Stream the corpus file's articles, in file order, checking every row.

    `file_sha256` (of the whole file's bytes) is recorded in every article.
    """
    path = Path(path)
    if not path.is_file():
        raise BuildError("corpus file not found (pass --corpus FILE)", path=path)
    fmt, gz = corpus_format(path)
    rows = {"jsonl": _jsonl_rows, "csv": _csv_rows, "parquet": _parquet_rows}[fmt](path, gz)
    today = today or dt.date.today()
    seen: set[str] = set()
    n = 0
    for where, last, rec in rows:
        article = _article(path, where, last, rec, today, file_sha256)
        if article.article_id in seen:
            raise BuildError(f"duplicate id '{article.article_id}': ids must be unique within the corpus", path=path, line=where)
        seen.add(article.article_id)
        n += 1
        yield article
    if n == 0:
        raise BuildError("corpus holds no articles", path=path)


def count_rows(path: Path) -> int | None:
    """Rows in the corpus when cheap to know (JSONL: non-blank lines; Parquet: metadata); else None.

    For the progress bar only: a file that cannot be counted is reported by read_corpus."""
    try:
        fmt, gz = corpus_format(path)
        if fmt == "parquet":
            import pyarrow.parquet as pq

            return pq.ParquetFile(path).metadata.num_rows
        if fmt == "jsonl" and not gz:
            with open(path, "rb") as f:
                return sum(1 for line in f if line.strip())
    except Exception:  # noqa: BLE001 - any failure means "unknown"
        return None
    return None


def _open_binary(path: Path, gz: bool):
    return gzip.open(path, "rb") if gz else open(path, "rb")


def _jsonl_rows(path: Path, gz: bool) -> Iterator[tuple[int, int, dict]]:
    with _open_binary(path, gz) as f:
        for line_no, raw in enumerate(f, start=1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8-sig" if line_no == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise BuildError(f"not valid UTF-8 ({exc.reason} at byte {exc.start} of the line)", path=path, line=line_no) from None
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BuildError(f"not a JSON object ({exc.msg} at column {exc.colno})", path=path, line=line_no) from None
            if not isinstance(rec, dict):
                raise BuildError(f"each line must be a JSON object, not {type(rec).__name__}", path=path, line=line_no)
            yield line_no, line_no, rec


def _csv_rows(path: Path, gz: bool) -> Iterator[tuple[int, int, dict]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with _open_binary(path, gz) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = csv.DictReader(text)
        try:
            header = reader.fieldnames or []
            _check_columns(path, header)
            start = reader.line_num + 1
            for rec in reader:
                if None in rec:
                    raise BuildError("row has more fields than the header", path=path, line=start)
                yield start, reader.line_num, rec
                start = reader.line_num + 1
        except UnicodeDecodeError as exc:
            raise BuildError(
                f"not valid UTF-8 ({exc.reason}) near line {reader.line_num + 1}; re-save the file as UTF-8", path=path
            ) from None
        except csv.Error as exc:
            raise BuildError(f"malformed CSV ({exc})", path=path, line=reader.line_num) from None


def _parquet_rows(path: Path, gz: bool) -> Iterator[tuple[int, int, dict]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise BuildError(f"not a readable Parquet file ({exc})", path=path) from None
    names = pf.schema_arrow.names
    _check_columns(path, names)
    columns = [c for c in REQUIRED_FIELDS + OPTIONAL_FIELDS if c in names]
    row = 0
    for batch in pf.iter_batches(batch_size=_PARQUET_BATCH_ROWS, columns=columns):
        for rec in batch.to_pylist():
            row += 1
            yield row, row, rec


def _check_columns(path: Path, header: list[str]) -> None:
    missing = [c for c in REQUIRED_FIELDS if c not in header]
    if missing:
        raise BuildError(
            f"corpus lacks required column(s) {', '.join(missing)}; expected {', '.join(REQUIRED_FIELDS)} "
            f"(optional: {', '.join(OPTIONAL_FIELDS)})",
            path=path,
        )


def _text_field(path: Path, where: int, rec: dict, name: str, required: bool) -> str:
    value = rec.get(name)
    if value is None or value == "":
        if required:
            raise BuildError(f"missing or empty required field '{name}'", path=path, line=where)
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, dt.date)):
        raise BuildError(f"field '{name}' must be text, not {type(value).__name__}", path=path, line=where)
    value = value.isoformat() if isinstance(value, dt.date) else str(value)
    if name != "text":  # the text is checked (and hashed) once, in _article
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise BuildError(f"field '{name}' holds an unpaired surrogate; it is not valid Unicode", path=path, line=where) from None
    return value


def _published(path: Path, where: int, value: str, today: dt.date) -> dt.date:
    m = _ISO_DATE_PREFIX.match(value.strip())
    try:
        if m is None:
            raise ValueError
        published = dt.date.fromisoformat(m.group(1))
    except ValueError:
        raise BuildError(f"published '{value}' is not a date (use YYYY-MM-DD or an ISO timestamp)", path=path, line=where) from None
    if published > today:
        raise BuildError(f"published '{value}' is in the future (today is {today.isoformat()})", path=path, line=where)
    return published


def _article(path: Path, where: int, last: int, rec: dict, today: dt.date, file_sha256: str) -> Article:
    fields = {name: _text_field(path, where, rec, name, name in REQUIRED_FIELDS) for name in REQUIRED_FIELDS + OPTIONAL_FIELDS}
    article_id = fields["id"]
    if not _ID_OK.match(article_id):
        raise BuildError(f"id {article_id!r} has control characters or leading/trailing spaces", path=path, line=where)
    text = fields["text"].replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise BuildError(f"text of '{article_id}' contains NUL characters; articles must be text", path=path, line=where)
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:
        raise BuildError(f"text of '{article_id}' holds an unpaired surrogate (\\ud800-\\udfff); it is not valid Unicode", path=path, line=where) from None
    if len(encoded) > MAX_FILE_BYTES:
        raise BuildError(
            f"text of '{article_id}' is {len(encoded):,} bytes, more than the {MAX_FILE_BYTES // (1024 * 1024)} MB "
            "limit for an article",
            path=path,
            line=where,
        )
    if not text.strip():
        raise BuildError(f"text of '{article_id}' is only whitespace", path=path, line=where)
    title = " ".join(fields["title"].split())
    first_line = next((s for s in text.split("\n", 3) if s.strip()), "")
    return Article(
        article_id=article_id,
        file=path.name,
        position=where,
        title=title,
        published=_published(path, where, fields["published"], today),
        publisher=fields["publisher"],
        url=fields["url"],
        author=fields["author"],
        date_confidence="",
        file_sha256=file_sha256,
        text_sha256=hashlib.sha256(encoded).hexdigest(),
        line_start=where,
        line_end=last,
        text=text,
        title_in_text=" ".join(first_line.split()) == title,
    )
