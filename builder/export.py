"""Validated frames -> a versioned release folder, written atomically with DuckDB.

Load inputs: the three validated frames (articles, mentions, events).
Process: DuckDB relations per table with typed columns, ordered by their keys.
Save outputs: `output/<version>/` with CSV + Parquet per table, manifest.json,
SHA256SUMS, datapackage.json, CODEBOOK.md; `output/latest` points at it.

Atomicity: everything is written into a hidden temporary folder beside the
release and moved into place with one rename; a failure or an interrupt leaves
the previous release untouched and removes the temporary folder.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

import builder
from builder.codebook import render_codebook
from builder.timeline import render_timeline_html, render_timeline_svg, timeline_records
from builder.errors import BuildError
from schemas import TABLES
from schemas.tables import column_sql_type

# Ordering of every exported table: stable keys, so bytes are reproducible.
ORDER_BY = {
    "articles": "file, line_start, article_id",
    "mentions": "article_rank, char_start, event_type, target, mention_id",
    "events": "event_date, event_type, target, event_id",
}
CSV_TABLES = ("events", "mentions", "articles")
PARQUET_TABLES = ("events", "mentions")
VERSION_RE = re.compile(r"^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$")
# Cells a spreadsheet would execute; the CSV prefixes them with an apostrophe. Cells that
# start with an apostrophe are prefixed too, so that dropping one leading apostrophe
# always gives the value back.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def check_version(version: str) -> str:
    """A version is semantic (X.Y.Z, optionally -pre); anything else is refused."""
    if not VERSION_RE.fullmatch(version or ""):
        raise BuildError(
            f"version '{version}' is not X.Y.Z or X.Y.Z-label (letters, digits, dots); "
            "no spaces, slashes or shell characters"
        )
    return version


def is_released(version: str) -> bool:
    """Released versions (no pre-release label) are immutable; '-dev' versions are rebuilt freely."""
    return "-" not in version


def _csv_safe(expr: str) -> str:
    """SQL for a text cell of the CSV: prefixed with an apostrophe when it starts like a formula or with one."""
    starts = " OR ".join(f"starts_with({expr}, chr({ord(c)}))" for c in FORMULA_START + ("'",))
    return f"CASE WHEN {starts} THEN chr(39) || {expr} ELSE {expr} END"


def _select(con: duckdb.DuckDBPyConnection, table: str, for_csv: bool) -> str:
    model = TABLES[table]
    cols = []
    for c in model.to_schema().columns:
        t = column_sql_type(model, c)
        expr = f'CAST("{c}" AS {t})'
        if for_csv and t == "VARCHAR":
            expr = _csv_safe(expr)
        cols.append(f'{expr} AS "{c}"')
    source = f"{table}_src"
    if table == "mentions":  # in the order of their articles (see ORDER_BY["articles"])
        source += (
            " JOIN (SELECT article_id, row_number() OVER (ORDER BY file, line_start, article_id) AS article_rank"
            " FROM articles_src) USING (article_id)"
        )
    return f"SELECT {', '.join(cols)} FROM {source} ORDER BY {ORDER_BY[table]}"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _sql_path(path: Path) -> str:
    """A path as a SQL string literal (a quote in a folder name must not end the string)."""
    return "'" + str(path).replace("'", "''") + "'"


# DuckDB sorts within this much memory and spills the rest to a temporary folder, so that
# exporting a large corpus does not add its tables' size again to the build's memory peak.
DUCKDB_MEMORY_LIMIT = "128MB"


def _write_tables(folder: Path, frames: dict[str, pd.DataFrame]) -> None:
    spill = Path(tempfile.mkdtemp(prefix=".duckdb-", dir=folder.parent))
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET threads TO 1")  # one writer thread: deterministic Parquet row groups
        con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
        con.execute(f"SET temp_directory = {_sql_path(spill)}")
        for name, df in frames.items():
            con.register(f"{name}_src", df)
        for name in CSV_TABLES:
            con.execute(f"COPY ({_select(con, name, True)}) TO {_sql_path(folder / (name + '.csv'))} (FORMAT CSV, HEADER, DELIMITER ',', QUOTE '\"', NEW_LINE '\\n')")
        for name in PARQUET_TABLES:
            con.execute(f"COPY ({_select(con, name, False)}) TO {_sql_path(folder / (name + '.parquet'))} (FORMAT PARQUET, COMPRESSION ZSTD, ROW_GROUP_SIZE 16384)")
    except duckdb.IOException as exc:  # a full disk or an unwritable folder: the caller's OSError message
        raise OSError(str(exc).splitlines()[0]) from None
    except duckdb.Error as exc:  # its first line says what; the rest are tuning hints
        raise BuildError(
            f"DuckDB could not write the tables ({str(exc).splitlines()[0]}); no partial release was left "
            "and the previous release is unchanged",
            path=folder.parent,
        ) from None
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)


def _json(path: Path, obj: object) -> None:
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")


def render_datapackage(version: str, files: list[str]) -> dict:
    """A Frictionless Data Package describing every CSV table."""
    ftype = {"DATE": "date", "BIGINT": "integer", "DOUBLE": "number", "BOOLEAN": "boolean", "VARCHAR": "string"}
    resources = []
    for name in CSV_TABLES:
        model = TABLES[name]
        schema = model.to_schema()
        fields = []
        for c, col in schema.columns.items():
            f = {"name": c, "type": ftype[column_sql_type(model, c)], "description": col.description or ""}
            if not col.nullable:
                f["constraints"] = {"required": True}
            fields.append(f)
        s = {"fields": fields, "missingValues": [""]}
        pk = {"articles": "article_id", "mentions": "mention_id", "events": "event_id"}[name]
        s["primaryKey"] = [pk]
        if name == "mentions":
            s["foreignKeys"] = [
                {"fields": ["event_id"], "reference": {"resource": "events", "fields": ["event_id"]}},
                {"fields": ["article_id"], "reference": {"resource": "articles", "fields": ["article_id"]}},
            ]
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": (schema.description or model.__doc__ or "").strip(),
                "schema": s,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "regtimeline",
        "title": "regtimeline: a timeline of regulatory actions against technology firms",
        "version": version,
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": resources,
    }


@contextlib.contextmanager
def build_lock(out_root: Path):
    """One build at a time per output folder; a second build is refused with a clear message."""
    out_root.mkdir(parents=True, exist_ok=True)
    lock_path = out_root / ".build.lock"
    fh = open(lock_path, "a+")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError("another build is writing to this folder; wait for it to finish", path=out_root) from None
        yield
    finally:
        fh.close()


def write_release(
    frames: dict[str, pd.DataFrame], out_root: Path, version: str, inputs: dict, report: dict | None = None, accuracy: str | None = None
) -> Path:
    """Save outputs atomically into out_root/version; refuse to change a released version."""
    check_version(version)
    out_root = Path(out_root)
    with build_lock(out_root):
        final = out_root / version
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{version}-", dir=out_root))
        trash: Path | None = None
        try:
            _write_tables(tmp, frames)
            (tmp / "CODEBOOK.md").write_text(render_codebook(version, accuracy), encoding="utf-8")
            records = timeline_records(frames)
            (tmp / "timeline.html").write_text(render_timeline_html(frames, version, records), encoding="utf-8")
            (tmp / "timeline.svg").write_text(render_timeline_svg(frames, version, records), encoding="utf-8")
            del records
            if report is not None:
                _json(tmp / "build_report.json", report)
            data_files = sorted(p.name for p in tmp.iterdir())
            _json(tmp / "datapackage.json", render_datapackage(version, data_files))
            counts = {name: int(len(df)) for name, df in frames.items()}
            by_type = frames["events"]["event_type"].value_counts().sort_index()
            files = {p.name: sha256_file(p) for p in sorted(tmp.iterdir())}
            manifest = {
                "dataset": "regtimeline",
                "version": version,
                "builder_version": builder.__version__,
                "row_counts": counts,
                "events_by_type": {k: int(v) for k, v in by_type.items()},
                "inputs": inputs,
                "files": files,
            }
            _json(tmp / "manifest.json", manifest)
            sums = {p.name: sha256_file(p) for p in sorted(tmp.iterdir())}
            (tmp / "SHA256SUMS").write_text("".join(f"{h}  {n}\n" for n, h in sums.items()), encoding="utf-8")
            for p in tmp.iterdir():
                os.chmod(p, 0o644)
            os.chmod(tmp, 0o755)
            if final.exists():
                old_sums = final / "SHA256SUMS"
                same = old_sums.is_file() and old_sums.read_bytes() == (tmp / "SHA256SUMS").read_bytes()
                if same:
                    shutil.rmtree(tmp)
                    _point_latest(out_root, version)
                    return final
                if is_released(version):
                    raise BuildError(
                        f"version {version} is released and this build differs from it; "
                        "bump VERSION (e.g. to the next -dev version) instead of overwriting a release",
                        path=final,
                    )
                trash = Path(tempfile.mkdtemp(prefix=f".old-{version}-", dir=out_root))
                os.replace(final, trash / version)
                os.replace(tmp, final)
                shutil.rmtree(trash, ignore_errors=True)
            else:
                os.replace(tmp, final)
            _point_latest(out_root, version)
            return final
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            if trash is not None:
                # stopped between the two renames: put the previous release back
                if (trash / version).exists() and not final.exists():
                    os.replace(trash / version, final)
                shutil.rmtree(trash, ignore_errors=True)
            raise


def _version_key(v: str) -> tuple:
    core, _, pre = v.partition("-")
    return (tuple(int(x) for x in core.split(".")), pre == "", pre)


def _point_latest(out_root: Path, version: str) -> None:
    """`latest` -> the newest version folder present (a relative symlink, replaced atomically)."""
    versions = [p.name for p in out_root.iterdir() if p.is_dir() and not p.is_symlink() and VERSION_RE.fullmatch(p.name)]
    newest = max(versions + [version], key=_version_key)
    link = out_root / "latest"
    tmp = out_root / f".latest-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(newest, tmp)
    os.replace(tmp, link)
