"""DuckDB over a release: views `events`, `mentions`, `articles`, and release comparison.

Load inputs: a release folder (`output/<version>/`, or `output/latest`).
Process: an in-memory DuckDB connection with one view per table, typed like the
schemas (dates as DATE): `events` and `mentions` read the Parquet files,
`articles` reads its CSV (undoing the CSV's spreadsheet-safety apostrophe).
Output: query results as rows, printed as a table, CSV, JSON or Markdown.

`compare_releases` says how two release folders differ (CSV and text files by
bytes, Parquet files by content), for `make check-output`.
"""
from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from builder.errors import BuildError
from builder.export import CSV_TABLES, PARQUET_TABLES, VERSION_RE
from schemas import TABLES
from schemas.tables import column_sql_type

FORMATS = ("table", "csv", "json", "markdown")
# Files whose bytes embed the Parquet files' hashes (which may change with the
# DuckDB version even when the content does not): compared without those hashes.
HASH_LISTS = ("manifest.json", "SHA256SUMS")


@dataclass(frozen=True)
class QueryResult:
    """Column names and rows of one query."""

    columns: list[str]
    rows: list[tuple]


def _quote(s: str) -> str:
    """A SQL string literal."""
    return "'" + s.replace("'", "''") + "'"


def release_dir(out_dir: Path, version: str | None = None) -> Path:
    """The release folder: OUT/VERSION, or OUT/latest when no version is given."""
    out_dir = Path(out_dir)
    if version is not None and not VERSION_RE.fullmatch(version):
        raise BuildError(f"version '{version}' is not X.Y.Z or X.Y.Z-label")
    folder = out_dir / (version or "latest")
    if not (folder / "SHA256SUMS").is_file():
        raise BuildError("no release here; build one with `make` or `regtimeline build`", path=folder)
    return folder


def _csv_unsafe(expr: str) -> str:
    """Undo the export's CSV safety prefix: drop one leading apostrophe (see export.FORMULA_START)."""
    return f"CASE WHEN starts_with({expr}, chr(39)) THEN substr({expr}, 2) ELSE {expr} END"


def _csv_view(name: str, path: Path) -> str:
    model = TABLES[name]
    types = {c: column_sql_type(model, c) for c in model.to_schema().columns}
    spec = ", ".join(f"{_quote(c)}: {_quote(t)}" for c, t in types.items())
    cols = []
    for c, t in types.items():
        ident = f'"{c}"'
        cols.append(f"{_csv_unsafe(ident) if t == 'VARCHAR' else ident} AS {ident}")
    source = (
        f"read_csv({_quote(str(path))}, header = true, auto_detect = false, delim = ',', "
        f"quote = '\"', escape = '\"', columns = {{{spec}}})"
    )
    return f"CREATE VIEW {name} AS SELECT {', '.join(cols)} FROM {source}"


def open_release(out_dir: Path, version: str | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with views `events`, `mentions` and `articles` over a release."""
    folder = release_dir(out_dir, version).resolve()
    con = duckdb.connect(":memory:")
    try:
        for name in CSV_TABLES:
            if name in PARQUET_TABLES:
                con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({_quote(str(folder / (name + '.parquet')))})")
            else:
                con.execute(_csv_view(name, folder / f"{name}.csv"))
    except duckdb.Error as exc:
        con.close()
        raise BuildError(f"cannot read the release: {exc}", path=folder) from None
    return con


def run_query(query: str, out_dir: Path, version: str | None = None) -> QueryResult:
    """Run one SQL query over a release; a SQL error is raised as BuildError with DuckDB's message."""
    con = open_release(out_dir, version)
    try:
        cur = con.execute(query)
        columns = [d[0] for d in cur.description] if cur.description else []
        rows = cur.fetchall() if cur.description else []
    except duckdb.Error as exc:
        raise BuildError(f"query failed: {exc}") from None
    finally:
        con.close()
    return QueryResult(columns, rows)


def _json_value(v: object) -> object:
    if isinstance(v, (dt.date, dt.datetime, dt.time)):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, (bytes, bytearray)):
        return v.hex()
    if isinstance(v, (list, tuple)):
        return [_json_value(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _json_value(x) for k, x in v.items()}
    return v


def _text(v: object) -> str:
    """A cell as text: empty for NULL, dates in ISO form, whole floats without '.0'."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e16:
        return str(int(v))
    if isinstance(v, (dt.date, dt.datetime, dt.time)):
        return v.isoformat()
    if isinstance(v, (list, tuple, dict)):
        return json.dumps(_json_value(v), ensure_ascii=False)
    return str(v)


def _one_line(s: str) -> str:
    return s.replace("\r", " ").replace("\n", " ")


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render a result as `table` (aligned text), `csv`, `json` (a list of objects) or `markdown`."""
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(result.columns)
        w.writerows([_text(v) for v in row] for row in result.rows)
        return buf.getvalue()
    if fmt == "json":
        objs = [{c: _json_value(v) for c, v in zip(result.columns, row)} for row in result.rows]
        return json.dumps(objs, ensure_ascii=False, indent=2) + "\n"
    cells = [[_one_line(_text(v)) for v in row] for row in result.rows]
    if fmt == "markdown":
        esc = [[c.replace("|", "\\|") for c in row] for row in cells]
        lines = ["| " + " | ".join(result.columns) + " |", "|" + "|".join("---" for _ in result.columns) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in esc]
        return "\n".join(lines) + "\n"
    if fmt == "table":
        widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(result.columns)]
        numeric = [
            bool(result.rows) and all(isinstance(row[i], (int, float, decimal.Decimal)) or row[i] is None for row in result.rows)
            for i in range(len(result.columns))
        ]

        def line(values: list[str]) -> str:
            parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)]
            return "  ".join(parts).rstrip()

        out = [line(result.columns), "  ".join("-" * w for w in widths)]
        out += [line(row) for row in cells]
        out.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
        return "\n".join(out) + "\n"
    raise BuildError(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")


def _without_hashes(name: str, data: bytes, skip: set[str]) -> bytes:
    """manifest.json / SHA256SUMS with the entries for `skip` files removed."""
    if name == "SHA256SUMS":
        lines = [ln for ln in data.decode("utf-8").splitlines() if ln.split("  ", 1)[-1] not in skip]
        return "\n".join(lines).encode("utf-8")
    obj = json.loads(data)
    obj["files"] = {k: v for k, v in obj.get("files", {}).items() if k not in skip}
    return json.dumps(obj, sort_keys=True).encode("utf-8")


def _parquet_differences(con: duckdb.DuckDBPyConnection, a: Path, b: Path) -> list[str]:
    name = a.name
    sa = con.execute(f"DESCRIBE SELECT * FROM read_parquet({_quote(str(a))})").fetchall()
    sb = con.execute(f"DESCRIBE SELECT * FROM read_parquet({_quote(str(b))})").fetchall()
    if [r[:2] for r in sa] != [r[:2] for r in sb]:
        return [f"{name}: columns or types differ"]
    q = "SELECT * FROM read_parquet({}, file_row_number = true)"  # row order is part of the content
    diff = con.execute(
        f"SELECT count(*) FROM (({q.format(_quote(str(a)))} EXCEPT ALL {q.format(_quote(str(b)))}) "
        f"UNION ALL ({q.format(_quote(str(b)))} EXCEPT ALL {q.format(_quote(str(a)))}))"
    ).fetchone()[0]
    if diff:
        return [f"{name}: content differs ({diff} row(s) differ or are out of order)"]
    return []


def compare_releases(expected: Path, actual: Path) -> list[str]:
    """How `actual` differs from `expected`: [] when CSV/text bytes and Parquet content are identical."""
    expected, actual = Path(expected), Path(actual)
    for folder in (expected, actual):
        if not folder.is_dir():
            raise BuildError("release folder not found", path=folder)
    names_e = {p.name for p in expected.iterdir() if p.is_file()}
    names_a = {p.name for p in actual.iterdir() if p.is_file()}
    problems = [f"{n}: only in {expected}" for n in sorted(names_e - names_a)]
    problems += [f"{n}: only in {actual}" for n in sorted(names_a - names_e)]
    parquet = {n for n in names_e & names_a if n.endswith(".parquet")}
    skip = parquet | {"manifest.json"}
    con = duckdb.connect(":memory:")
    try:
        for n in sorted(names_e & names_a):
            be, ba = (expected / n).read_bytes(), (actual / n).read_bytes()
            if be == ba:
                continue
            if n in parquet:
                problems += _parquet_differences(con, expected / n, actual / n)
            elif n in HASH_LISTS:
                if _without_hashes(n, be, skip) != _without_hashes(n, ba, skip):
                    problems.append(f"{n}: differs")
            else:
                problems.append(f"{n}: bytes differ")
    finally:
        con.close()
    return problems
