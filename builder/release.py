"""Releases: freeze output/X.Y.Z/, record what changed in CHANGELOG.md, update CITATION.cff.

Load inputs: the seeds, the previous release (the newest released version below the new one).
Process: build the new version; compare events by event_id (added, removed, modified fields).
Save outputs: output/X.Y.Z/, a CHANGELOG.md entry (Data section), CITATION.cff.

The release date comes from the command (`--date`, default today), never from the build,
so the release folder's bytes do not depend on the day it was made.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from builder.errors import BuildError
from builder.export import VERSION_RE, _version_key, is_released

DIFF_COLUMNS = ("op", "event_id", "field", "old", "new")
CHANGELOG_HEAD = "# Changelog\n\nOne entry per release of the dataset, newest first (written by `regtimeline release`).\n"


@dataclass(frozen=True)
class Change:
    op: str  # added | removed | modified
    event_id: str
    field: str
    old: str
    new: str


def _rows(release: Path, table: str) -> list[dict[str, str]]:
    with open(Path(release) / f"{table}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def event_changes(old: Path | None, new: Path) -> list[Change]:
    """Events added, removed and modified (one row per changed field) from `old` to `new`, by event_id."""
    before = {r["event_id"]: r for r in _rows(old, "events")} if old else {}
    after = {r["event_id"]: r for r in _rows(new, "events")}
    out: list[Change] = []
    for eid in sorted(before.keys() | after.keys()):
        if eid not in before:
            out.append(Change("added", eid, "", "", ""))
        elif eid not in after:
            out.append(Change("removed", eid, "", "", ""))
        else:
            for field in after[eid]:
                if field in before[eid] and before[eid][field] != after[eid][field]:
                    out.append(Change("modified", eid, field, before[eid][field], after[eid][field]))
    return out


def changes_csv(changes: list[Change]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(DIFF_COLUMNS)
    for c in changes:
        w.writerow([c.op, c.event_id, c.field, c.old, c.new])
    return buf.getvalue()


def summarise_changes(changes: list[Change]) -> str:
    added = sum(c.op == "added" for c in changes)
    removed = sum(c.op == "removed" for c in changes)
    modified = len({c.event_id for c in changes if c.op == "modified"})
    return f"events: {added} added, {removed} removed, {modified} modified"


def previous_release(out_root: Path, version: str) -> Path | None:
    """The newest released (label-free) version folder older than `version`."""
    out_root = Path(out_root)
    if not out_root.is_dir():
        return None
    older = [
        p.name for p in out_root.iterdir()
        if p.is_dir() and not p.is_symlink() and VERSION_RE.fullmatch(p.name) and is_released(p.name)
        and _version_key(p.name) < _version_key(version)
    ]
    return out_root / max(older, key=_version_key) if older else None


def changelog_entry(version: str, date: dt.date, release: Path, previous: Path | None, changes: list[Change]) -> str:
    """The CHANGELOG.md entry: row counts by table and type, events added/removed/modified."""
    lines = [f"## {version} — {date.isoformat()}", "", "### Data", ""]
    for table in ("events", "mentions", "articles"):
        lines.append(f"- `{table}`: {len(_rows(release, table))} rows")
    events = _rows(release, "events")
    by_type: dict[str, int] = {}
    for r in events:
        by_type[r["event_type"]] = by_type.get(r["event_type"], 0) + 1
    lines.append("- events by type: " + ", ".join(f"{t} {n}" for t, n in sorted(by_type.items())))
    since = f"since {previous.name}" if previous else "(first release: every event is new)"
    lines += ["", f"Changes {since}: {summarise_changes(changes)}.", ""]
    modified: dict[str, list[str]] = {}
    for c in changes:
        if c.op == "modified":
            modified.setdefault(c.event_id, []).append(c.field)
    if previous:
        for op in ("added", "removed"):
            ids = [c.event_id for c in changes if c.op == op]
            if ids:
                lines.append(f"- {op}: " + ", ".join(f"`{i}`" for i in ids))
        for eid, fields in modified.items():
            lines.append(f"- modified `{eid}`: " + ", ".join(fields))
        if changes:
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def update_changelog(path: Path, entry: str) -> None:
    """Insert the entry above the previous ones (the file is created with a heading when missing)."""
    text = path.read_text(encoding="utf-8") if path.is_file() else CHANGELOG_HEAD
    head, sep, rest = text.partition("\n## ")
    path.write_text(head.rstrip("\n") + "\n\n" + entry + ("\n## " + rest if sep else ""), encoding="utf-8")


def update_citation(path: Path, version: str, date: dt.date) -> None:
    """Set `version` and `date-released` in CITATION.cff (created with the dataset's title when missing)."""
    text = path.read_text(encoding="utf-8") if path.is_file() else (
        "cff-version: 1.2.0\n"
        "message: If you use this dataset, please cite the version and the checksum of the file you used.\n"
        "type: dataset\n"
        "title: \"regtimeline: a timeline of regulatory actions against technology firms\"\n"
        "authors:\n  - name: regtimeline contributors\n"
        "license: CC-BY-4.0\n"
    )
    for key, value in (("version", version), ("date-released", date.isoformat())):
        line = f"{key}: \"{value}\""
        text, n = re.subn(rf"^{re.escape(key)}:.*$", line, text, flags=re.M)
        if not n:
            text = text.rstrip("\n") + "\n" + line + "\n"
    path.write_text(text, encoding="utf-8")


def make_release(version: str, date: dt.date, seeds: Path, out_root: Path, root: Path) -> tuple[Path, list[Change]]:
    """Build output/VERSION (refused when it exists or is not X.Y.Z), then CHANGELOG.md and CITATION.cff in `root`."""
    from builder.pipeline import build

    if not (VERSION_RE.fullmatch(version) and is_released(version)):
        raise BuildError(f"release version '{version}' must be X.Y.Z (no -label)")
    if (Path(out_root) / version).exists():
        raise BuildError(f"version {version} already exists; releases are never rebuilt", path=Path(out_root) / version)
    previous = previous_release(out_root, version)
    res = build(Path(seeds), Path(seeds) / "manifest.csv", Path(out_root), version, strict=True)
    changes = event_changes(previous, res.release)
    update_changelog(Path(root) / "CHANGELOG.md", changelog_entry(version, date, res.release, previous, changes))
    update_citation(Path(root) / "CITATION.cff", version, date)
    return res.release, changes
