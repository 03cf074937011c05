"""Shared fixtures: tiny corpora, a stand-in extractor, and one build of the seeds.

Tests never write into the repository's output/: every build goes to a tmp folder.
The stand-in extractor (`fake_extractor`) gives tests rows to work with that do
not depend on what the real extractor finds today.
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from builder.corpus import Article
from builder.model import Mention
from builder.pipeline import PROJECT_ROOT, build, declared_version

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
GOLD = PROJECT_ROOT / "tests" / "gold" / "seeds-gold.csv"
MANIFEST_COLUMNS = ["file", "title", "published", "date_confidence", "publisher", "author", "url", "sha256"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-readme",
        action="store_true",
        default=False,
        help="Rewrite the printed output of README.md's example queries from a fresh build (make readme).",
    )


# --- a stand-in extractor -----------------------------------------------------

FAKE_TRIGGERS = {"fined": "fine", "probe into": "probe", "orders": "order", "banned": "ban"}
FAKE_PATTERN = re.compile(r"\b(fined|probe into|orders|banned)\s+([A-Z]\w+)")


def fake_extract(article: Article, stats=None) -> list[Mention]:  # noqa: ANN001 - the extractor's signature
    """One mention per trigger word followed by a capitalised name; the evidence is the line."""
    out = []
    for m in FAKE_PATTERN.finditer(article.text):
        start = article.text.rfind("\n", 0, m.start()) + 1
        end = article.text.find("\n", m.end())
        end = len(article.text) if end < 0 else end
        amount = 1_200_000.0 if "million yuan" in article.text[start:end] else None
        out.append(
            Mention(
                article_id=article.article_id,
                event_type=FAKE_TRIGGERS[m.group(1)],
                authority="Test Authority",
                authority_text="regulator",
                jurisdiction="CN",
                target=m.group(2),
                target_kind="company",
                event_date=article.published,
                event_date_end=article.published,
                date_precision="day",
                date_basis="reported",
                date_text=None,
                amount=amount,
                currency="CNY" if amount else None,
                amount_per=None,
                evidence=article.text[start:end],
                char_start=start,
                char_end=end,
                trigger=m.group(1),
                confidence=0.5,
            )
        )
    return out


def invalid_extract(article, stats=None):
    """A stand-in extractor whose rows break the schema (unknown type, impossible currency, bad offsets)."""
    ms = fake_extract(article, stats)
    return [
        dataclasses.replace(m, event_type="banana", currency="ZZZ", amount=1.0, char_end=m.char_start + 10**6)
        for m in ms
    ]


@pytest.fixture
def fake_extractor(monkeypatch: pytest.MonkeyPatch):
    """Replace the real extractor with `fake_extract` for one test."""
    use_extractor(monkeypatch, fake_extract)
    return fake_extract


def use_extractor(monkeypatch: pytest.MonkeyPatch, extract) -> None:
    """Replace the extractor with `extract(article, stats=None)`; its results are cached apart
    from any other extractor's (the cache key's version names it)."""
    monkeypatch.setattr("builder.engine.extract_article", extract)
    monkeypatch.setattr("builder.engine.extractor_version", lambda: f"test-{extract.__name__}")


# --- make ----------------------------------------------------------------------


def make(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """Run make in `cwd`, isolated from a make that may be running these tests."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    return subprocess.run(["make", *args], capture_output=True, text=True, cwd=cwd, env=env, stdin=subprocess.DEVNULL)


def make_targets() -> list[str]:
    res = make(PROJECT_ROOT, "-s", "help")
    assert res.returncode == 0, res.stderr
    return [line.split(":", 1)[0] for line in res.stdout.splitlines()]


# --- corpora ------------------------------------------------------------------


def write_corpus(folder: Path, files: dict[str, str | bytes], rows: list[dict[str, str]]) -> tuple[Path, Path]:
    """Write text files and a manifest into `folder`; returns (seeds folder, manifest path)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    header = list(rows[0]) if rows else MANIFEST_COLUMNS
    with open(folder / "manifest.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return folder, folder / "manifest.csv"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/mini (3 articles in roundup.txt, 1 in report.txt)."""
    dest = tmp_path / "seeds"
    shutil.copytree(MINI, dest)
    return dest


def build_mini(seeds: Path, out: Path, version: str = "0.1.0-dev"):
    return build(seeds, seeds / "manifest.csv", out, version)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (following `latest`), by relative path -> bytes; symlinks -> target.

    The extraction cache (`.cache/`) is not part of a release and is left out."""
    snap: dict[str, bytes] = {}
    for p in sorted(folder.rglob("*")):
        rel = str(p.relative_to(folder))
        if rel.split("/")[0] == ".cache":
            continue
        if p.is_symlink():
            snap[rel] = b"-> " + str(p.readlink()).encode()
        elif p.is_file() and p.name != ".build.lock":
            snap[rel] = p.read_bytes()
    return snap


# --- one build of the real seeds with the real extractor ----------------------


@pytest.fixture(scope="session")
def seed_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """output/<VERSION>/ as the current code builds it from seeds/, in a tmp folder."""
    out = tmp_path_factory.mktemp("seed-output")
    res = build(PROJECT_ROOT / "seeds", PROJECT_ROOT / "seeds" / "manifest.csv", out, declared_version())
    return res.release
