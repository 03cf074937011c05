"""Manifest + text files -> articles: errors that name the problem, splitting, encodings."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.corpus import load_articles, load_manifest
from builder.errors import BuildError
from tests.conftest import MINI, sha256_bytes, write_corpus

ONE = "Regulator fines Acme\nThe regulator fined Acme on Monday.\n"


def row(**kw: str) -> dict[str, str]:
    base = {"file": "a.txt", "title": "Regulator fines Acme", "published": "2021-07-20", "sha256": ""}
    base.update(kw)
    return base


def load(folder: Path) -> list:
    return load_articles(folder, folder / "manifest.csv")


# --- manifest errors ------------------------------------------------------------


def test_missing_required_columns_are_named(tmp_path: Path) -> None:
    (tmp_path / "manifest.csv").write_text("file,headline\na.txt,x\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"manifest\.csv: manifest lacks required column\(s\) title, published"):
        load_manifest(tmp_path / "manifest.csv")


def test_bad_date_names_the_line(tmp_path: Path) -> None:
    write_corpus(tmp_path, {"a.txt": ONE}, [row(), row(file="b.txt", published="20 July 2021")])
    with pytest.raises(BuildError, match=r"manifest\.csv:3: published '20 July 2021' is not a date"):
        load_manifest(tmp_path / "manifest.csv")


def test_impossible_date_is_refused(tmp_path: Path) -> None:
    write_corpus(tmp_path, {"a.txt": ONE}, [row(published="2021-02-30")])
    with pytest.raises(BuildError, match=r":2: published '2021-02-30' is not a date"):
        load_manifest(tmp_path / "manifest.csv")


def test_duplicate_article_is_refused(tmp_path: Path) -> None:
    write_corpus(tmp_path, {"a.txt": ONE}, [row(), row(title="  Regulator   fines Acme ")])
    with pytest.raises(BuildError, match=r":3: duplicate article: .* listed twice for a\.txt"):
        load_manifest(tmp_path / "manifest.csv")


def test_empty_required_field_is_refused(tmp_path: Path) -> None:
    write_corpus(tmp_path, {"a.txt": ONE}, [row(title="")])
    with pytest.raises(BuildError, match=r":2: empty required field 'title'"):
        load_manifest(tmp_path / "manifest.csv")


@pytest.mark.parametrize("name", ["../a.txt", "sub/a.txt", ".hidden.txt"])
def test_file_outside_the_seeds_folder_is_refused(tmp_path: Path, name: str) -> None:
    write_corpus(tmp_path, {"a.txt": ONE}, [row(file=name)])
    with pytest.raises(BuildError, match="must be a plain file name inside the seeds folder"):
        load_manifest(tmp_path / "manifest.csv")


def test_missing_manifest_and_empty_manifest(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="manifest not found"):
        load_manifest(tmp_path / "nope.csv")
    write_corpus(tmp_path, {}, [])
    with pytest.raises(BuildError, match="manifest lists no articles"):
        load_manifest(tmp_path / "manifest.csv")


def test_unknown_column_is_reported_not_silently_dropped(tmp_path: Path) -> None:
    write_corpus(tmp_path, {"a.txt": ONE}, [row(lang="en")])
    with pytest.warns(UserWarning, match="ignoring unknown manifest column"):
        load_manifest(tmp_path / "manifest.csv")


def test_missing_file_is_named(tmp_path: Path) -> None:
    write_corpus(tmp_path, {}, [row(file="gone.txt")])
    with pytest.raises(BuildError, match=r"gone\.txt: file listed in the manifest does not exist"):
        load(tmp_path)


def test_missing_seeds_folder(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="seeds folder not found"):
        load_articles(tmp_path / "nope", tmp_path / "manifest.csv")


def test_title_not_found_when_splitting(tmp_path: Path) -> None:
    text = "First title\nBody one.\nSecond title\nBody two.\n"
    write_corpus(tmp_path, {"a.txt": text}, [row(title="First title"), row(title="A title that is not there")])
    with pytest.raises(BuildError, match=r"a\.txt: title of article \(manifest line 3\) not found"):
        load(tmp_path)


def test_titles_out_of_file_order_are_refused(tmp_path: Path) -> None:
    text = "First title\nBody one.\nSecond title\nBody two.\n"
    write_corpus(tmp_path, {"a.txt": text}, [row(title="Second title"), row(title="First title")])
    with pytest.raises(BuildError, match="not found as a line of the file after the previous article's title"):
        load(tmp_path)


def test_sha_mismatch_names_the_file(mini: Path) -> None:
    with open(mini / "roundup.txt", "a", encoding="utf-8") as f:
        f.write("An edit after the manifest was written.\n")
    with pytest.raises(BuildError, match=r"roundup\.txt: file changed since the manifest was written"):
        load(mini)


def test_malformed_sha_is_refused(tmp_path: Path) -> None:
    write_corpus(tmp_path, {"a.txt": ONE}, [row(sha256="abc123")])
    with pytest.raises(BuildError, match="is not 64 hex digits"):
        load_manifest(tmp_path / "manifest.csv")


def test_matching_sha_is_accepted(tmp_path: Path) -> None:
    write_corpus(tmp_path, {"a.txt": ONE}, [row(sha256=sha256_bytes(ONE.encode()).upper())])
    (a,) = load(tmp_path)
    assert a.file_sha256 == sha256_bytes(ONE.encode())


def test_empty_and_binary_and_non_utf8_files(tmp_path: Path) -> None:
    write_corpus(tmp_path, {"a.txt": "  \n\n"}, [row()])
    with pytest.raises(BuildError, match="file is empty or only whitespace"):
        load(tmp_path)
    write_corpus(tmp_path, {"a.txt": b"Title\x00\n"}, [row()])
    with pytest.raises(BuildError, match="looks binary"):
        load(tmp_path)
    write_corpus(tmp_path, {"a.txt": "Regulator fines Acme\nCaf\xe9\n".encode("latin-1")}, [row()])
    with pytest.raises(BuildError, match=r"a\.txt:2: not valid UTF-8"):
        load(tmp_path)


def test_unlisted_text_file_is_reported(tmp_path: Path) -> None:
    write_corpus(tmp_path, {"a.txt": ONE, "stray.txt": ONE}, [row()])
    with pytest.warns(UserWarning, match=r"stray\.txt: text file not listed"):
        load(tmp_path)


# --- splitting ------------------------------------------------------------------


def test_multi_article_file_is_split_at_title_lines() -> None:
    arts = load_articles(MINI, MINI / "manifest.csv")
    assert [a.article_id for a in arts] == ["roundup#1", "roundup#2", "roundup#3", "report#1"]
    assert [a.position for a in arts] == [1, 2, 3, 1]
    assert [(a.line_start, a.line_end) for a in arts] == [(1, 3), (11, 14), (16, 17), (2, 4)]
    assert all(a.title_in_text for a in arts)
    for a in arts:
        assert a.text.split("\n")[0] == a.title
        assert a.chars == len(a.text)
        lines = (MINI / a.file).read_text(encoding="utf-8").split("\n")
        assert a.text == "\n".join(lines[a.line_start - 1 : a.line_end])


def test_trailing_boilerplate_is_excluded() -> None:
    arts = {a.article_id: a for a in load_articles(MINI, MINI / "manifest.csv")}
    whole = "\n".join(a.text for a in arts.values())
    for furniture in ("#Acme", "#privacy", "#courts", "Source link", "Leave a Reply", "Your email address",
                      "Comment", "Related Posts", "somebody else", "How useful", "Click on a star"):
        assert furniture not in whole, furniture
    # a short section-tag line just before the next article's title is not text either
    assert not arts["roundup#2"].text.endswith("WeChat")
    assert arts["roundup#2"].text.endswith("The ministry also banned Gizmo from app stores.")


def test_hashtag_only_lines_inside_the_text_are_kept(tmp_path: Path) -> None:
    text = "Regulator fines Acme\n#MeToo\nThe regulator fined Acme.\n#fines, #tech\n"
    write_corpus(tmp_path, {"a.txt": text}, [row()])
    (a,) = load(tmp_path)
    assert a.text == "Regulator fines Acme\n#MeToo\nThe regulator fined Acme."


def test_one_article_file_is_report_1(tmp_path: Path) -> None:
    write_corpus(tmp_path, {"report.txt": ONE}, [row(file="report.txt")])
    (a,) = load(tmp_path)
    assert a.article_id == "report#1"
    assert (a.line_start, a.line_end) == (1, 2)


def test_one_article_file_without_its_title_starts_at_the_first_text_line(tmp_path: Path) -> None:
    write_corpus(tmp_path, {"report.txt": "\n\nThe regulator fined Acme.\n"}, [row(file="report.txt", title="Not in the text")])
    (a,) = load(tmp_path)
    assert a.article_id == "report#1"
    assert not a.title_in_text
    assert a.line_start == 3
    assert a.text == "The regulator fined Acme."


def test_ten_articles_keep_numeric_positions(tmp_path: Path) -> None:
    titles = [f"Title number {i}" for i in range(1, 12)]
    text = "".join(f"{t}\nBody of article {i}.\n" for i, t in enumerate(titles, 1))
    write_corpus(tmp_path, {"many.txt": text}, [row(file="many.txt", title=t) for t in titles])
    arts = load(tmp_path)
    assert [a.article_id for a in arts] == [f"many#{i}" for i in range(1, 12)]


def test_articles_come_back_in_manifest_order(tmp_path: Path) -> None:
    write_corpus(
        tmp_path,
        {"a.txt": ONE, "b.txt": "Other\nText.\n"},
        [row(file="b.txt", title="Other"), row()],
    )
    assert [a.article_id for a in load(tmp_path)] == ["b#1", "a#1"]


# --- encodings --------------------------------------------------------------------


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda b: b.replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(lambda b: b"\xef\xbb\xbf" + b, id="bom"),
        pytest.param(lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n"), id="bom+crlf"),
        pytest.param(lambda b: b.replace(b"\n", b"\r"), id="cr"),
    ],
)
def test_crlf_and_bom_give_the_same_articles(mini: Path, transform) -> None:
    lf = load(mini)
    for name in ("roundup.txt", "report.txt"):
        p = mini / name
        p.write_bytes(transform(p.read_bytes()))
    manifest = (mini / "manifest.csv").read_text(encoding="utf-8")
    new_sha = sha256_bytes((mini / "roundup.txt").read_bytes())
    manifest = re.sub(r"[0-9a-f]{64}", new_sha, manifest)
    (mini / "manifest.csv").write_bytes(transform(manifest.encode("utf-8")))
    other = load(mini)
    assert [a.article_id for a in other] == [a.article_id for a in lf]
    assert [a.text for a in other] == [a.text for a in lf]
    assert [a.text_sha256 for a in other] == [a.text_sha256 for a in lf]
    assert [(a.line_start, a.line_end) for a in other] == [(a.line_start, a.line_end) for a in lf]
    assert other[0].file_sha256 == new_sha  # the checksum is of the raw bytes
    assert "\r" not in "".join(a.text for a in other) and "\ufeff" not in "".join(a.text for a in other)


def test_manifest_with_bom_and_quoted_fields(tmp_path: Path) -> None:
    text = 'Alibaba, Tencent "fined"\nThe regulator fined them.\n'
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "manifest.csv").write_bytes(
        b'\xef\xbb\xbffile,title,published\r\na.txt,"Alibaba, Tencent ""fined""",2021-07-20\r\n'
    )
    (a,) = load(tmp_path)
    assert a.title == 'Alibaba, Tencent "fined"'
    assert a.title_in_text


def test_titles_match_despite_unicode_normalisation_and_spacing(tmp_path: Path) -> None:
    text = "Cafe\u0301  fined   by regulator\nText.\nSecond one\nMore.\n"
    write_corpus(tmp_path, {"a.txt": text}, [row(title="Caf\u00e9 fined by regulator"), row(title="Second one")])
    arts = load(tmp_path)
    assert [a.line_start for a in arts] == [1, 3]


def test_manifest_line_numbers_count_physical_lines(tmp_path: Path) -> None:
    (tmp_path / "manifest.csv").write_text(
        'file,title,published\na.txt,"Two-line\ntitle",2021-07-20\n\nb.txt,Other,2021-13-01\n', encoding="utf-8"
    )
    with pytest.raises(BuildError, match=r"manifest\.csv:5: published '2021-13-01'"):
        load_manifest(tmp_path / "manifest.csv")


def test_unicode_line_separators_inside_a_title_do_not_split_the_row(tmp_path: Path) -> None:
    title = "Regulator\u2028fines Acme\u0085today"
    write_corpus(tmp_path, {"a.txt": ONE}, [row(title=title)])
    (r,) = load_manifest(tmp_path / "manifest.csv")
    assert r.title == title and r.published.isoformat() == "2021-07-20"
