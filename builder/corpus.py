"""Manifest + text files -> Article objects.

Load inputs: `seeds/manifest.csv` (one row per article) and the text files it names.
Process: decode, check checksums, split multi-article files at their title lines,
drop trailing boilerplate ("Source link", hashtag lines, comment forms).
Output: `Article` objects, one per manifest row, in manifest order.

Grain: one Article per manifest row. `article_id` is `<file stem>#<n>`, n the
1-based position of the article in its file (manifest order).
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path

from builder.errors import BuildError

REQUIRED_COLUMNS = ("file", "title", "published")
# One article file larger than this is refused: it is not a news article (a dump, a
# binary, a concatenation) and would make the build slow for nothing.
MAX_FILE_BYTES = 5 * 1024 * 1024
OPTIONAL_COLUMNS = ("publisher", "url", "sha256", "author", "date_confidence")

# A line that starts the trailing furniture of a web page: nothing after it is article text.
BOILERPLATE_START = re.compile(
    r"^\s*(source link|leave a reply|leave a comment|how useful was this post\??|"
    r"your email address will not be published.*|related (posts|articles|stories)|"
    r"share this( article)?:?|click on a star to rate it!?|post navigation)\s*$",
    re.IGNORECASE,
)
HASHTAG_LINE = re.compile(r"^\s*#[\w-]+(\s*,\s*#[\w-]+)*\s*,?\s*$")


@dataclass(frozen=True, slots=True)
class ManifestRow:
    """One row of the manifest: one article."""

    line: int  # 1-based line of the row in the manifest file (the header is line 1)
    file: str
    title: str
    published: dt.date
    publisher: str
    url: str
    author: str
    date_confidence: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Article:
    """One news article: its text and where it came from."""

    article_id: str
    file: str
    position: int  # 1-based position in its file
    title: str
    published: dt.date
    publisher: str
    url: str
    author: str
    date_confidence: str
    file_sha256: str
    text_sha256: str
    line_start: int  # 1-based first line of the article in its file
    line_end: int  # 1-based last line
    text: str  # the article's lines, newline-normalised; char offsets refer to this
    title_in_text: bool  # the title is the article's first line

    @property
    def chars(self) -> int:
        return len(self.text)

    def info(self) -> "ArticleInfo":
        """Everything but the text (what the articles table needs once extraction is done)."""
        return ArticleInfo(*(getattr(self, f) for f in ArticleInfo.__slots__))


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """An Article's fields without its text; `chars` is the text's length."""

    article_id: str
    file: str
    position: int
    title: str
    published: dt.date
    publisher: str
    url: str
    author: str
    date_confidence: str
    file_sha256: str
    text_sha256: str
    line_start: int
    line_end: int
    title_in_text: bool
    chars: int


def _normalise_line(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).split())


def load_manifest(path: Path) -> list[ManifestRow]:
    """Read and check the manifest; raise BuildError naming the row on any problem."""
    path = Path(path)
    if not path.is_file():
        raise BuildError("manifest not found (pass --manifest FILE)", path=path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BuildError(f"manifest is not UTF-8 ({exc.reason} at byte {exc.start})", path=path) from None
    # newline="": quoted fields may hold line breaks, and U+2028 & co. are not row ends
    reader = csv.DictReader(io.StringIO(raw, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise BuildError(
            f"manifest lacks required column(s) {', '.join(missing)}; "
            f"expected at least {', '.join(REQUIRED_COLUMNS)}",
            path=path,
        )
    unknown = [c for c in header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        warnings.warn(f"{path}: ignoring unknown manifest column(s): {', '.join(unknown)}", stacklevel=2)
    rows: list[ManifestRow] = []
    seen: set[tuple[str, str]] = set()
    for rec in reader:
        # the row's first line in the file (a quoted field may span lines)
        i = reader.line_num - sum(v.count("\n") for v in rec.values() if isinstance(v, str))
        if None in rec:
            raise BuildError("row has more fields than the header", path=path, line=i)
        rec = {k: (v or "").strip() for k, v in rec.items()}
        for col in REQUIRED_COLUMNS:
            if not rec.get(col):
                raise BuildError(f"empty required field '{col}'", path=path, line=i)
        if "/" in rec["file"] or "\\" in rec["file"] or rec["file"].startswith("."):
            raise BuildError(f"file '{rec['file']}' must be a plain file name inside the seeds folder", path=path, line=i)
        try:
            published = dt.date.fromisoformat(rec["published"])
        except ValueError:
            raise BuildError(
                f"published '{rec['published']}' is not a date (use YYYY-MM-DD)", path=path, line=i
            ) from None
        # compared with the build machine's date; it never reaches the output, so bytes stay deterministic
        if published > dt.date.today():
            raise BuildError(
                f"published '{rec['published']}' is in the future (today is {dt.date.today().isoformat()}); "
                "fix the date in the manifest",
                path=path,
                line=i,
            )
        key = (rec["file"], _normalise_line(rec["title"]))
        if key in seen:
            raise BuildError(f"duplicate article: '{rec['title']}' listed twice for {rec['file']}", path=path, line=i)
        seen.add(key)
        sha = rec.get("sha256", "").lower()
        if sha and not re.fullmatch(r"[0-9a-f]{64}", sha):
            raise BuildError(f"sha256 '{sha}' is not 64 hex digits", path=path, line=i)
        rows.append(
            ManifestRow(
                line=i,
                file=rec["file"],
                title=rec["title"],
                published=published,
                publisher=rec.get("publisher", ""),
                url=rec.get("url", ""),
                author=rec.get("author", ""),
                date_confidence=rec.get("date_confidence", ""),
                sha256=sha,
            )
        )
    if not rows:
        raise BuildError("manifest lists no articles", path=path)
    return rows


def read_text_file(path: Path) -> tuple[str, str]:
    """(decoded text with \\n line ends, sha256 of the raw bytes). UTF-8 only; a BOM is dropped."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BuildError(
                f"file is {size:,} bytes, more than the {MAX_FILE_BYTES // (1024 * 1024)} MB limit for an article "
                "file; split it into several files or remove it from the manifest",
                path=path,
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise BuildError("file listed in the manifest does not exist", path=path) from None
    except OSError as exc:  # a folder, no permission: a read problem, not a write one
        raise BuildError(f"cannot read the file ({exc.strerror or exc}); it must be a readable text file", path=path) from None
    sha = hashlib.sha256(data).hexdigest()
    if b"\x00" in data:
        raise BuildError("file looks binary (contains NUL bytes); articles must be UTF-8 text", path=path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BuildError(
            f"not valid UTF-8 ({exc.reason} at byte {exc.start}); re-save the file as UTF-8",
            path=path,
            line=line,
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, sha


def _trim_trailing(lines: list[str], start: int, end: int) -> int:
    """Index one past the last article line in lines[start:end]."""
    for k in range(start + 1, end):
        if BOILERPLATE_START.match(lines[k]):
            end = k
            break
    while end > start + 1:
        s = lines[end - 1].strip()
        if not s or HASHTAG_LINE.match(s):
            end -= 1
            continue
        break
    return end


def _trim_trailing_tags(lines: list[str], start: int, end: int) -> int:
    """Before the next article's title, drop a short section tag line ("WeChat")."""
    while end > start + 1:
        s = lines[end - 1].strip()
        if not s or HASHTAG_LINE.match(s):
            end -= 1
            continue
        if len(s.split()) <= 2 and not re.search(r"[.!?:;”\"’)]$", s):
            end -= 1
            continue
        break
    return end


def split_file(path: Path, text: str, rows: list[ManifestRow]) -> list[tuple[int, int, bool]]:
    """Line ranges [(first, last_exclusive, title_in_text)] (0-based) for the file's articles, in order."""
    lines = text.split("\n")
    norm = [_normalise_line(s) for s in lines]
    starts: list[tuple[int, bool]] = []
    if len(rows) == 1:
        title = _normalise_line(rows[0].title)
        idx = next((k for k, s in enumerate(norm) if s == title), None)
        if idx is None:
            first = next((k for k, s in enumerate(norm) if s), 0)
            starts.append((first, False))
        else:
            starts.append((idx, True))
    else:
        pos = 0
        for row in rows:
            title = _normalise_line(row.title)
            idx = next((k for k in range(pos, len(norm)) if norm[k] == title), None)
            if idx is None:
                raise BuildError(
                    f"title of article (manifest line {row.line}) not found as a line of the file "
                    f"after the previous article's title: '{row.title}'. Fix the title in the manifest "
                    "or list the file once per article in file order",
                    path=path,
                )
            starts.append((idx, True))
            pos = idx + 1
    ranges = []
    for n, (first, in_text) in enumerate(starts):
        nxt = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        end = _trim_trailing(lines, first, nxt)
        if n + 1 < len(starts):
            end = _trim_trailing_tags(lines, first, end)
        ranges.append((first, end, in_text))
    return ranges


def load_articles(seeds_dir: Path, manifest_path: Path) -> list[Article]:
    """Load inputs: every article the manifest lists, in manifest order."""
    seeds_dir = Path(seeds_dir)
    if not seeds_dir.is_dir():
        raise BuildError("seeds folder not found (pass --seeds DIR)", path=seeds_dir)
    rows = load_manifest(manifest_path)
    by_file: dict[str, list[ManifestRow]] = {}
    for r in rows:
        by_file.setdefault(r.file, []).append(r)
    listed = set(by_file)
    for p in sorted(seeds_dir.glob("*.txt")):
        if p.name not in listed:
            warnings.warn(f"{p}: text file not listed in {manifest_path}; it is not part of the build", stacklevel=2)
    articles: dict[tuple[str, str], Article] = {}
    for fname, frows in by_file.items():
        path = seeds_dir / fname
        text, sha = read_text_file(path)
        for r in frows:
            if r.sha256 and r.sha256 != sha:
                raise BuildError(
                    f"file changed since the manifest was written: sha256 is {sha}, "
                    f"manifest line {r.line} says {r.sha256}. Update the manifest's sha256 "
                    "(and review the change) or restore the file",
                    path=path,
                )
        if not text.strip():
            raise BuildError("file is empty or only whitespace", path=path)
        lines = text.split("\n")
        stem = Path(fname).stem
        for n, (r, (first, end, in_text)) in enumerate(zip(frows, split_file(path, text, frows)), start=1):
            body = "\n".join(lines[first:end])
            articles[(r.file, r.title)] = Article(
                article_id=f"{stem}#{n}",
                file=r.file,
                position=n,
                title=r.title,
                published=r.published,
                publisher=r.publisher,
                url=r.url,
                author=r.author,
                date_confidence=r.date_confidence,
                file_sha256=sha,
                text_sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
                line_start=first + 1,
                line_end=end,
                text=body,
                title_in_text=in_text,
            )
    return [articles[(r.file, r.title)] for r in rows]
