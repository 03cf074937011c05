"""timeline.html and timeline.svg (builder/timeline.py): written with every release, deterministic,
one `event-mark` per event, article text escaped; the HTML checked in headless Chromium."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from builder.pipeline import declared_version
from tests.conftest import build_mini

CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed (`make test` installs it as root with apt-get; "
    "run `apt-get install chromium` to run this test)",
)


def chromium(tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        f"--user-data-dir={tmp_path / 'chromium-profile'}", *args, page.resolve().as_uri(),
    ]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, cwd=tmp_path)
    assert res.returncode == 0, res.stderr[-2000:]
    return res


def dump_dom(tmp_path: Path, page: Path) -> str:
    return chromium(tmp_path, page, "--dump-dom").stdout


def n_events(release: Path) -> int:
    return len(pd.read_parquet(release / "events.parquet"))


def test_timeline_files_are_in_the_release_and_deterministic(seed_release: Path, tmp_path: Path) -> None:
    html = (seed_release / "timeline.html").read_text(encoding="utf-8")
    svg = (seed_release / "timeline.svg").read_text(encoding="utf-8")
    assert svg.count('class="event-mark"') == n_events(seed_release)
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "the page must not load anything from the network"
    assert html.count("<script") == 2 and "{{" not in html
    from builder.pipeline import build, PROJECT_ROOT

    again = build(PROJECT_ROOT / "seeds", PROJECT_ROOT / "seeds" / "manifest.csv", tmp_path, declared_version()).release
    for name in ("timeline.html", "timeline.svg"):
        assert (again / name).read_bytes() == (seed_release / name).read_bytes()


HOSTILE = "</script><script>alert(1)</script> & <b>bold</b>"


@pytest.fixture
def hostile_release(mini: Path, tmp_path: Path, fake_extractor) -> Path:
    """The mini corpus with markup in an evidence line and a javascript: URL."""
    text = (mini / "report.txt").read_text(encoding="utf-8")
    text = text.replace("citing security concerns.", "citing security concerns. " + HOSTILE)
    (mini / "report.txt").write_text(text, encoding="utf-8")
    manifest = (mini / "manifest.csv").read_text(encoding="utf-8").replace("https://example.org/gizmo", "javascript:alert(2)")
    (mini / "manifest.csv").write_text(manifest, encoding="utf-8")
    return build_mini(mini, tmp_path / "out").release


def test_article_text_cannot_break_out_of_the_data(hostile_release: Path) -> None:
    html = (hostile_release / "timeline.html").read_text(encoding="utf-8")
    assert html.count("<script") == 2 and html.count("</script>") == 2
    assert "alert(1)" in html and "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)" in html
    svg = (hostile_release / "timeline.svg").read_text(encoding="utf-8")
    assert "<script" not in svg


@needs_chromium
@pytest.mark.slow
def test_hostile_text_is_shown_as_text_in_the_browser(hostile_release: Path, tmp_path: Path) -> None:
    dom = dump_dom(tmp_path, hostile_release / "timeline.html")
    assert dom.count('class="event-mark') == n_events(hostile_release)
    assert len(re.findall(r"<script\b", dom)) == 2, "no script element was injected"
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in dom
    assert 'href="javascript:' not in dom


@needs_chromium
@pytest.mark.slow
def test_timeline_draws_one_mark_per_event_in_chromium(seed_release: Path, tmp_path: Path) -> None:
    page = seed_release / "timeline.html"
    dom = dump_dom(tmp_path, page)
    assert dom.count('class="event-mark') == n_events(seed_release) > 0
    assert re.search(r'id="count"[^>]*>\d+ of \d+ events shown<', dom)
    shot = tmp_path / "timeline.png"
    chromium(tmp_path, page, "--window-size=1200,900", f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def test_a_large_release_shows_the_most_reported_events_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    from builder import timeline

    monkeypatch.setattr(timeline, "MAX_TIMELINE_EVENTS", 2)
    events = pd.DataFrame({
        "event_id": ["e_1", "e_2", "e_3"], "event_type": ["fine", "ban", "probe"], "authority": ["A", "B", "C"],
        "jurisdiction": ["CN", "US", None], "target": ["X", "Y", "Z"], "event_date": ["2021-01-01", "2021-02-01", "2021-03-01"],
        "event_date_end": ["2021-01-01", "2021-02-01", "2021-03-01"], "date_precision": ["day"] * 3, "date_basis": ["stated"] * 3,
        "amount": [None, None, None], "currency": [None, None, None], "n_sources": [1, 3, 2], "evidence": ["e", "e", "e"],
        "article_ids": ["a#1", "a#1", "a#1"], "curated": [False] * 3, "correction": [None] * 3,
    })
    articles = pd.DataFrame({"article_id": ["a#1"], "title": ["T"], "published": ["2021-04-01"], "publisher": [None], "url": [None]})
    frames = {"events": events, "articles": articles}
    records = timeline.timeline_records(frames)
    assert [r["id"] for r in records] == ["e_2", "e_3"]  # the two most reported, in date order
    assert "Showing the 2 most reported of 3 events; every event is in events.csv." in timeline.render_timeline_html(frames, "0.1.0")
    assert "the 2 most reported of 3 events" in timeline.render_timeline_svg(frames, "0.1.0")
