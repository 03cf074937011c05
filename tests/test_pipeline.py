"""articles -> mentions -> events -> release: structure, determinism, stable IDs, atomic failure."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from builder import pipeline
from builder.errors import BuildError
from builder.validate import ValidationFailed
from tests.conftest import build_mini, fake_extract, invalid_extract, snapshot, use_extractor

CSV_FILES = ("articles.csv", "mentions.csv", "events.csv")


def read(release: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(release / name, dtype=str, keep_default_na=False)


def test_structure_of_a_release_with_rows(mini: Path, tmp_path: Path, fake_extractor) -> None:
    res = build_mini(mini, tmp_path / "out")
    arts, ments, evs = (read(res.release, n) for n in CSV_FILES)
    assert (res.articles, res.mentions, res.events) == (len(arts), len(ments), len(evs))
    assert len(arts) == 4 and len(ments) > 0 and len(evs) > 0
    texts = {a.article_id: a.text for a in pipeline.load_articles(mini, mini / "manifest.csv")}
    # every mention points at its article and its event; its evidence is the text at its offsets
    assert set(ments["article_id"]) <= set(arts["article_id"])
    assert set(ments["event_id"]) == set(evs["event_id"])
    for r in ments.itertuples():
        assert texts[r.article_id][int(r.char_start) : int(r.char_end)] == r.evidence
    # events count their mentions and sources
    per_event = ments.groupby("event_id")
    for e in evs.itertuples():
        group = per_event.get_group(e.event_id)
        assert int(e.n_mentions) == len(group)
        assert int(e.n_sources) == group["article_id"].nunique()
        assert e.article_ids == ";".join(sorted(set(group["article_id"])))
    # Widget's probe is reported by two articles: one event, two sources
    widget = evs[(evs["target"] == "Widget") & (evs["event_type"] == "probe")]
    assert widget["n_sources"].tolist() == ["2"]


def test_tables_are_sorted_by_their_keys(mini: Path, tmp_path: Path, fake_extractor) -> None:
    rel = build_mini(mini, tmp_path / "out").release
    evs = read(rel, "events.csv")
    keys = list(zip(evs["event_date"], evs["event_type"], evs["target"], evs["event_id"]))
    assert keys == sorted(keys)
    ments = read(rel, "mentions.csv")
    order = [(a.rsplit("#", 1)[0], int(a.rsplit("#", 1)[1]), int(c)) for a, c in zip(ments["article_id"], ments["char_start"])]
    assert order == sorted(order)


def test_empty_extraction_still_builds(mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_extractor(monkeypatch, lambda a, stats=None: [])
    res = build_mini(mini, tmp_path / "out")
    assert (res.articles, res.mentions, res.events) == (4, 0, 0)
    assert read(res.release, "events.csv").columns.tolist()[0] == "event_id"


@pytest.mark.parametrize("extractor", ["fake", "real"])
def test_two_builds_are_byte_identical(mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extractor: str) -> None:
    if extractor == "fake":
        use_extractor(monkeypatch, fake_extract)
    a = build_mini(mini, tmp_path / "a").release
    b = build_mini(mini, tmp_path / "b").release
    for name in CSV_FILES + ("CODEBOOK.md", "datapackage.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    for name in ("events.parquet", "mentions.parquet"):
        pd.testing.assert_frame_equal(pd.read_parquet(a / name), pd.read_parquet(b / name))
    # nothing machine- or time-specific inside the data files
    for name in CSV_FILES + ("manifest.json", "datapackage.json", "CODEBOOK.md"):
        text = (a / name).read_text(encoding="utf-8")
        assert str(tmp_path) not in text and str(mini) not in text


def test_ids_survive_changes_to_other_articles(mini: Path, tmp_path: Path, fake_extractor) -> None:
    before = read(build_mini(mini, tmp_path / "a").release, "mentions.csv")
    # drop report.txt's article from the manifest: the other articles keep their IDs
    manifest = (mini / "manifest.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (mini / "manifest.csv").write_text("".join(l for l in manifest if not l.startswith("report.txt")), encoding="utf-8")
    (mini / "report.txt").unlink()
    after = read(build_mini(mini, tmp_path / "b").release, "mentions.csv")
    kept = before[before["article_id"] != "report#1"]
    assert len(kept) < len(before)
    assert kept["mention_id"].tolist() == after["mention_id"].tolist()
    assert dict(zip(kept["mention_id"], kept["event_id"])) == dict(zip(after["mention_id"], after["event_id"]))


def test_input_order_does_not_change_the_output(mini: Path, tmp_path: Path, fake_extractor) -> None:
    a = build_mini(mini, tmp_path / "a").release
    lines = (mini / "manifest.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    # report.txt first, roundup.txt's articles still in file order
    (mini / "manifest.csv").write_text(lines[0] + lines[4] + "".join(lines[1:4]), encoding="utf-8")
    b = build_mini(mini, tmp_path / "b").release
    for name in ("events.csv", "mentions.csv", "articles.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_validation_failure_writes_nothing(mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_extractor) -> None:
    out = tmp_path / "out"
    build_mini(mini, out)
    before = snapshot(out)
    use_extractor(monkeypatch, invalid_extract)
    with pytest.raises(ValidationFailed) as exc:
        build_mini(mini, out)
    report = str(exc.value)
    assert report.startswith("schema validation failed; nothing was written")
    assert "event_type" in report and "banana" in report and "currency" in report and "outside the article" in report
    assert snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith((".tmp-", ".old-", ".latest-"))]


def test_validation_failure_on_a_fresh_folder_creates_no_release(mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_extractor(monkeypatch, invalid_extract)
    out = tmp_path / "out"
    with pytest.raises(BuildError):
        build_mini(mini, out)
    assert not (out / "0.1.0-dev").exists() and not (out / "latest").exists()


def test_validation_catches_bad_frames(mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_extractor) -> None:
    """Rows that are wrong after merging (here: a broken article row) are caught too."""
    real = pipeline.articles_frame

    def broken(articles):
        df = real(articles)
        df.loc[0, "published"] = "2021-13-45"
        df.loc[1, "line_start"] = 0
        return df

    monkeypatch.setattr("builder.pipeline.articles_frame", broken)
    with pytest.raises(ValidationFailed, match=r"(?s)articles: \d+ failure.*published.*line_start"):
        build_mini(mini, tmp_path / "out")


def test_bad_version_is_refused_before_reading_anything(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="version 'v1' is not X.Y.Z"):
        pipeline.build(tmp_path / "nope", tmp_path / "nope.csv", tmp_path / "out", "v1")
    assert not (tmp_path / "out").exists()


def test_declared_version_reads_the_version_file(tmp_path: Path) -> None:
    (tmp_path / "VERSION").write_text("1.2.3-dev\n", encoding="utf-8")
    assert pipeline.declared_version(tmp_path) == "1.2.3-dev"
    assert pipeline.declared_version() == (pipeline.PROJECT_ROOT / "VERSION").read_text().strip()


def test_seed_build_is_structurally_sound(seed_release: Path) -> None:
    """Whatever the real extractor finds in seeds/, the release holds together."""
    arts, ments, evs = (read(seed_release, n) for n in CSV_FILES)
    manifest_rows = pd.read_csv(pipeline.PROJECT_ROOT / "seeds" / "manifest.csv", dtype=str)
    assert len(arts) == len(manifest_rows)
    assert set(ments["article_id"]) <= set(arts["article_id"])
    assert set(ments["event_id"]) == set(evs["event_id"])
    assert sorted(int(n) for n in evs["n_mentions"]) == sorted(ments.groupby("event_id").size().tolist())
