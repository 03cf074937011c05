"""Per-article extraction cache: unchanged articles are not extracted again.

An entry holds one article's mentions (after in-article merging) and its build-report
counts, serialised with `marshal` (see encode_result). Its key is the SHA-256 of

- the extractor's version: a hash of every file extraction reads — its code
  (`EXTRACTOR_CODE`), vocabularies and gazetteers (`builder/lexicon/`) — and of the
  versions of Python and the libraries it calls (dateparser, regex);
- the article's inputs to extraction: its text's SHA-256, its id (mention IDs are made
  from it), its title and its publication date (the anchor of relative dates).

Any change to one of these is a different key, so a stale entry is never read; a cached
result and a fresh one go through the same serialisation, so the output is byte-identical
either way. The cache is one SQLite file per extractor version,
`CACHE_DIR/extract-<version>.sqlite` (default CACHE_DIR: `OUT/.cache`); files of other
versions are deleted when a build opens the cache. Deleting the folder is always safe.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import marshal
import platform
import sqlite3
import warnings
from collections import Counter
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from builder.corpus import Article
from builder.extract.stats import ExtractionStats
from builder.model import Mention

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
# Every module extraction imports (tests/test_cache.py checks the list against sys.modules
# after an extraction in a fresh interpreter), relative to the project root.
EXTRACTOR_CODE = (
    "builder/__init__.py",
    "builder/cache.py",
    "builder/corpus.py",
    "builder/dates.py",
    "builder/errors.py",
    "builder/engine.py",
    "builder/gazetteer.py",
    "builder/merge.py",
    "builder/model.py",
    "builder/extract/*.py",
    "builder/lexicon/*",
    "schemas/*.py",
)
EXTRACTOR_LIBRARIES = ("dateparser", "regex", "PyYAML")
_DATE_FIELDS = ("event_date", "event_date_end")


@functools.lru_cache(maxsize=1)
def extractor_version() -> str:
    """16 hex digits identifying the extractor: its files' contents and its libraries' versions."""
    h = hashlib.sha256()
    for pattern in EXTRACTOR_CODE:
        for p in sorted(ROOT.glob(pattern)):
            if p.is_file():
                h.update(p.relative_to(ROOT).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    h.update(platform.python_version().encode())
    for lib in EXTRACTOR_LIBRARIES:
        h.update(f"{lib}=={metadata.version(lib)}".encode())
    return h.hexdigest()[:16]


def article_key(article: Article, version: str) -> str:
    """The cache key of one article's extraction."""
    parts = (version, article.text_sha256, article.article_id, article.title, article.published.isoformat())
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


_MENTION_FIELDS = tuple(f.name for f in dataclasses.fields(Mention))
_DATE_INDEXES = tuple(_MENTION_FIELDS.index(f) for f in _DATE_FIELDS)
_SPANS_INDEX = _MENTION_FIELDS.index("merged_spans")
_STATS_FIELDS = tuple(f.name for f in dataclasses.fields(ExtractionStats))


def encode_result(mentions: list[Mention], stats: ExtractionStats) -> bytes:
    """One article's extraction as bytes (the cache value, and what workers send back).

    `marshal` of plain tuples (dates as ordinals): several times faster to read back than
    JSON, and it can only hold data, never code to run. Its format follows the Python
    version, which is part of the extractor version (so of every key)."""
    rows = []
    for m in mentions:
        row = [getattr(m, f) for f in _MENTION_FIELDS]
        for i in _DATE_INDEXES:
            row[i] = row[i].toordinal()
        row[_SPANS_INDEX] = tuple(row[_SPANS_INDEX])
        rows.append(tuple(row))
    counts = tuple(tuple(sorted(getattr(stats, f).items())) for f in _STATS_FIELDS)
    return marshal.dumps((_MENTION_FIELDS, tuple(rows), counts))


def decode_result(payload: bytes) -> tuple[list[Mention], ExtractionStats]:
    fields, rows, counts = marshal.loads(payload)
    if fields != _MENTION_FIELDS:  # cannot happen with a matching version; never misread a row
        raise ValueError("cache entry written for other Mention fields")
    mentions = []
    for row in rows:
        row = list(row)
        for i in _DATE_INDEXES:
            row[i] = dt.date.fromordinal(row[i])
        row[_SPANS_INDEX] = list(row[_SPANS_INDEX])
        mentions.append(Mention(*row))
    stats = ExtractionStats(*(Counter(dict(c)) for c in counts))
    return mentions, stats


class ExtractionCache:
    """A key -> payload store in one SQLite file; reads and writes in batches."""

    def __init__(self, directory: Path, version: str):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / f"extract-{version}.sqlite"
        for old in self.directory.glob("extract-*.sqlite*"):
            if not old.name.startswith(self.path.name):
                old.unlink(missing_ok=True)
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as exc:  # not a database (a torn copy, another program's file)
            warnings.warn(f"{self.path}: unreadable cache ({exc}); starting a new one", stacklevel=2)
            for p in self.directory.glob(self.path.name + "*"):
                p.unlink(missing_ok=True)
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=60)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS extraction (key TEXT PRIMARY KEY, payload BLOB NOT NULL) WITHOUT ROWID")
            db.commit()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for i in range(0, len(keys), 500):
            part = keys[i : i + 500]
            q = f"SELECT key, payload FROM extraction WHERE key IN ({','.join('?' * len(part))})"
            found.update(self._db.execute(q, part).fetchall())
        return found

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> None:
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO extraction (key, payload) VALUES (?, ?)", items)

    def close(self) -> None:
        self._db.close()
