"""Gazetteer: lexicon integrity, the API contract, and matching cases kept as data.

Cases live in tests/cases/gazetteer.csv, one row per text:
  method    authorities | organisations | places (the find_* method to call)
  text      the haystack
  expected  every match, in text order, as "surface|canonical|jurisdiction|kind" joined by
            " ; " ("-" for None); an empty cell means no match at all
  note      why the case exists
  status    "" or "xfail: <reason>" for a known miss (kept visible as strict xfail)
"""
from __future__ import annotations

import csv
import functools
import random
import re
import time
from pathlib import Path

import pytest
import yaml

from builder.gazetteer import (
    AUTHORITY_KINDS,
    LEXICON_DIR,
    ORGANISATION_KINDS,
    PLACE_KINDS,
    EntityMatch,
    Gazetteer,
    expand_phrase,
    normalize_text,
)

CASES = Path(__file__).parent / "cases" / "gazetteer.csv"

# ISO 3166-1 alpha-2 (all 249 assigned codes); "EU" is added for EU bodies.
ISO_3166_ALPHA2 = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
    BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ
    EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW
    GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY
    KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV
    MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY
    QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG
    TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM
    ZW
    """.split()
)
JURISDICTIONS = ISO_3166_ALPHA2 | {"EU"}


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return Gazetteer.load()


@functools.cache
def _yaml(name: str):
    with (LEXICON_DIR / name).open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


# ----------------------------------------------------------------------------- cases


def _load_cases() -> list[dict]:
    with CASES.open(encoding="utf-8", newline="") as fh:
        return [dict(row, line=i) for i, row in enumerate(csv.DictReader(fh), start=2)]


def _parse_expected(cell: str) -> list[tuple]:
    out = []
    for item in filter(None, (x.strip() for x in cell.split(" ; "))):
        surface, canonical, jur, kind = item.split("|")
        out.append((surface, None if canonical == "-" else canonical, None if jur == "-" else jur, kind))
    return out


@pytest.mark.parametrize("method", ["authorities", "organisations", "places"])
def test_cases(gz: Gazetteer, method: str) -> None:
    """Every case of one method; rows marked "xfail: …" must still fail (strict), so a fix shows up."""
    problems = []
    for row in _load_cases():
        if row["method"] != method:
            continue
        found = getattr(gz, f"find_{method}")(row["text"])
        got = [(m.text, m.canonical, m.jurisdiction, m.kind) for m in found]
        ok = got == _parse_expected(row["expected"])
        known_miss = row["status"].startswith("xfail")
        if ok and known_miss:
            problems.append(f"line {row['line']}: now passes, drop its xfail status: {row['text']!r}")
        elif not ok and not known_miss:
            problems.append(f"line {row['line']}: {row['text']!r}\n    expected {row['expected']!r}\n    got      {got!r}"
                            f"\n    ({row['note']})")
    assert not problems, "\n".join(problems)


def test_enough_cases() -> None:
    rows = list(csv.DictReader(CASES.open(encoding="utf-8", newline="")))
    assert len(rows) >= 120
    assert {r["method"] for r in rows} == {"authorities", "organisations", "places"}
    assert sum(1 for r in rows if not r["expected"]) >= 15, "keep plenty of negatives"


# -------------------------------------------------------------------------- lexicon


def _ids_sorted(entries: list[dict]) -> bool:
    ids = [e["id"] for e in entries]
    return ids == sorted(ids)


@pytest.mark.parametrize("name", ["authorities.yml", "places.yml", "organisations.yml", "authority_roles.yml"])
def test_file_opens_with_a_field_comment_block(name: str) -> None:
    text = (LEXICON_DIR / name).read_text(encoding="utf-8")
    header = text.split("\n\n", 1)[0]
    assert header.startswith("# ") and "Fields" in header or "Sections" in header


@pytest.mark.parametrize("name", ["authorities.yml", "places.yml", "organisations.yml"])
def test_entries_sorted_by_unique_id(name: str) -> None:
    entries = _yaml(name)
    assert _ids_sorted(entries), f"{name}: sort entries by id"
    assert len({e["id"] for e in entries}) == len(entries)


def test_authorities_fields() -> None:
    entries = _yaml("authorities.yml")
    ids = {e["id"] for e in entries}
    names = [e["name"] for e in entries]
    assert len(names) == len(set(names)), "canonical names are unique"
    roles = set()
    for e in entries:
        assert {"id", "name", "jurisdiction", "kind", "role"} <= e.keys(), e
        assert e["jurisdiction"] in JURISDICTIONS, e["id"]
        assert e["kind"] in AUTHORITY_KINDS, e["id"]
        assert re.fullmatch(r"[a-z]{2}(-[a-z]{2})?\.[a-z0-9.-]+", e["id"]), e["id"]
        assert e["id"].split(".")[0][:2].upper() == e["jurisdiction"] or e["jurisdiction"] == "EU", e["id"]
        if "parent" in e:
            assert e["parent"] in ids, f"{e['id']}: unknown parent {e['parent']}"
        for g in e.get("guarded") or ():
            assert g in (e.get("acronyms") or []) + (e.get("aliases") or []) + (e.get("officials") or []), e["id"]
        roles.add(e["role"])
    assert len(entries) >= 400


def test_organisations_fields() -> None:
    entries = _yaml("organisations.yml")
    names = {e["name"] for e in entries}
    assert len(names) == len(entries), "canonical names are unique"
    for e in entries:
        assert {"id", "name", "kind", "country"} <= e.keys(), e
        assert e["kind"] in ORGANISATION_KINDS, e["id"]
        assert e["country"] in ISO_3166_ALPHA2, e["id"]
        if e.get("owner"):
            assert e["owner"] in names, f"{e['id']}: unknown owner {e['owner']}"
    assert len(entries) >= 300


def test_places_fields() -> None:
    entries = _yaml("places.yml")
    authorities = {e["name"]: e for e in _yaml("authorities.yml")}
    countries = {e["code"] for e in entries if e["kind"] == "country"}
    assert countries == ISO_3166_ALPHA2, "every ISO country is a place"
    for e in entries:
        assert e["kind"] in PLACE_KINDS, e["id"]
        assert e["code"] in JURISDICTIONS, e["id"]
        if e["kind"] in ("country", "bloc", "state"):
            assert e.get("government"), e["id"]
        if e["kind"] == "country":
            gov = e["government"]
            assert gov.startswith("Government of "), e["id"]
            if gov in authorities:
                assert authorities[gov]["jurisdiction"] == e["code"], e["id"]
        if e.get("subdivision"):
            assert e["subdivision"].split("-")[0] == e["code"], e["id"]


def test_roles_file() -> None:
    data = _yaml("authority_roles.yml")
    authorities = {e["name"] for e in _yaml("authorities.yml")}
    descriptions = data["descriptions"]
    assert _ids_sorted(descriptions)
    mappings = data["mappings"]
    keys = [(m["role"], m["jurisdiction"]) for m in mappings]
    assert keys == sorted(keys), "sort mappings by (role, jurisdiction)"
    assert len(keys) == len(set(keys))
    for m in mappings:
        assert m["authority"] in authorities, m
        assert m["jurisdiction"].split("-")[0] in JURISDICTIONS, m
    for d in descriptions:
        assert d["kind"] in AUTHORITY_KINDS, d["id"]
        assert d.get("phrases") or d.get("phrases_cs"), d["id"]


def test_no_alias_maps_to_two_canonicals() -> None:
    """Within a table, one spelling means one entry (case-sensitive tables)."""

    def check(entries, fields, label):
        seen: dict[str, str] = {}
        for e in entries:
            names = [e["name"]] if "(" not in e["name"] else []
            for f in fields:
                names += e.get(f) or []
            for n in names:
                key = " ".join(normalize_text(n).split())
                assert seen.setdefault(key, e["name"]) == e["name"], f"{label}: {n!r} -> {seen[key]!r} and {e['name']!r}"

    check(_yaml("authorities.yml"), ["acronyms", "aliases", "officials"], "authorities")
    check(_yaml("organisations.yml"), ["aliases"], "organisations")
    check(_yaml("places.yml"), ["aliases", "demonyms"], "places")
    seen: dict[str, str] = {}
    for d in _yaml("authority_roles.yml")["descriptions"]:
        for p in d.get("phrases") or ():
            for x in expand_phrase(p):
                key = " ".join(normalize_text(x).lower().split())
                assert seen.setdefault(key, d["id"]) == d["id"], f"roles: {x!r} in {seen[key]} and {d['id']}"


def test_coverage_of_key_bodies(gz: Gazetteer) -> None:
    for name in [
        "State Administration for Market Regulation", "Cyberspace Administration of China", "Cybersecurity Review Office",
        "Ministry of Industry and Information Technology", "People's Bank of China", "China Securities Regulatory Commission",
        "Federal Trade Commission", "United States Department of Justice", "U.S. Securities and Exchange Commission",
        "President of the United States", "European Commission", "Data Protection Commission (Ireland)",
        "Competition and Markets Authority", "Competition Commission of India", "Government of India",
        "Korea Fair Trade Commission", "Japan Fair Trade Commission", "Australian Competition and Consumer Commission",
        "Federal Antimonopoly Service", "Administrative Council for Economic Defense", "Turkish Competition Authority",
    ]:
        assert gz.authority(name) is not None, name


# ------------------------------------------------------------------------------- API


def test_load_is_cached() -> None:
    assert Gazetteer.load() is Gazetteer.load()


def test_resolve_role(gz: Gazetteer) -> None:
    assert gz.resolve_role("competition", "CN") == ("State Administration for Market Regulation", "CN")
    assert gz.resolve_role("competition", "KR") == ("Korea Fair Trade Commission", "KR")
    assert gz.resolve_role("securities", "US") == ("U.S. Securities and Exchange Commission", "US")
    assert gz.resolve_role("securities", "CN") == ("China Securities Regulatory Commission", "CN")
    assert gz.resolve_role("cyberspace", "CN") == ("Cyberspace Administration of China", "CN")
    assert gz.resolve_role("internet", "CN") == ("Cyberspace Administration of China", "CN")
    assert gz.resolve_role("data_protection", "IE") == ("Data Protection Commission (Ireland)", "IE")
    assert gz.resolve_role("government", "IN") == ("Government of India", "IN")
    assert gz.resolve_role("regulator", "CN") == ("Government of China", "CN")
    assert gz.resolve_role("official", "CN") == ("Government of China", "CN")
    assert gz.resolve_role("market", "CN") == ("State Administration for Market Regulation", "CN")
    assert gz.resolve_role("competition", "IN") == ("Competition Commission of India", "IN")
    assert gz.resolve_role("federal_court", "US") == ("U.S. federal court", "US")
    assert gz.resolve_role("government", "EU") == ("European Commission", "EU")
    assert gz.resolve_role("government", "US-TX") == ("Government of Texas", "US")
    assert gz.resolve_role("attorney_general", "US-OH") == ("Attorney General of Ohio", "US")
    assert gz.resolve_role("competition", "PE") == ("Indecopi", "PE")
    assert gz.resolve_role("competition", "UY") == ("Government of Uruguay", "UY")  # no regulator known: government
    assert gz.resolve_role("court", "CN") is None  # courts never fall back to the government
    assert gz.resolve_role("competition", None) is None
    assert gz.resolve_role(None, "CN") is None
    assert gz.resolve_role("competition", "XX") is None


def test_government_of(gz: Gazetteer) -> None:
    assert gz.government_of("CN") == "Government of China"
    assert gz.government_of("IN") == "Government of India"
    assert gz.government_of("US") == "Government of the United States"
    assert gz.government_of("GB") == "Government of the United Kingdom"
    assert gz.government_of("EU") == "European Commission"
    assert gz.government_of("KR") == "Government of South Korea"
    assert gz.government_of("US-MT") == "Government of Montana"
    with pytest.raises(KeyError):
        gz.government_of("XX")


def test_organisation_details(gz: Gazetteer) -> None:
    tiktok = gz.organisation("TikTok")
    assert tiktok["owner"] == "ByteDance" and tiktok["kind"] == "app" and tiktok["country"] == "CN"
    assert gz.organisation("Instagram")["owner"] == "Meta Platforms"
    assert gz.organisation("Ant Financial")["name"] == "Ant Group"  # aliases work too
    assert gz.organisation("Nonexistent Corp") is None


def test_entry_ids(gz: Gazetteer) -> None:
    ids = gz.entry_ids()
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    assert "authorities:cn.samr" in ids and "organisations:alibaba-group" in ids
    assert "places:beijing" in ids and "authority_roles:competition-regulator" in ids
    fired = {m.entry_id for m in gz.find_authorities("SAMR and Chinese regulators; Beijing said.")}
    assert fired <= set(ids)


def test_entity_match_contract(gz: Gazetteer) -> None:
    text = "Regulators in China\u00a0fined Alibaba\u2019s Ant Group; the U.S.\u00a0SEC and New Delhi acted."
    for find in (gz.find_authorities, gz.find_organisations, gz.find_places):
        found = find(text)
        assert all(isinstance(m, EntityMatch) for m in found)
        assert all(text[m.start : m.end] == m.text for m in found)
        assert [m.start for m in found] == sorted(m.start for m in found)
        assert all(a.end <= b.start for a, b in zip(found, found[1:])), "non-overlapping"
    m = gz.find_authorities("Chinese regulators")[0]
    assert (m.specific, m.role) == (False, "regulator")
    m = gz.find_authorities("the SAMR")[0]
    assert (m.specific, m.role, m.kind) == (True, "competition", "regulator")
    m = gz.find_authorities("Brussels said.")[0]
    assert (m.specific, m.role, m.kind) == (False, "government", "government")


def test_acronyms_are_case_sensitive(gz: Gazetteer) -> None:
    assert gz.find_authorities("the sec filing, a cac file, the ico, the cma; SECOND, CACAO, ICON, CMAS") == []


def test_never_raises_on_odd_text(gz: Gazetteer) -> None:
    rng = random.Random(7)
    alphabet = "aAzZ .,'\u2019\u00a0-\n()&$€%0123456789ÉéİıßChinaSECBeijing"
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        for find in (gz.find_authorities, gz.find_organisations, gz.find_places):
            for m in find(text):
                assert text[m.start : m.end] == m.text


def test_speed_on_100kb(gz: Gazetteer) -> None:
    rows = list(csv.DictReader(CASES.open(encoding="utf-8", newline="")))
    corpus = " ".join(r["text"] for r in rows)
    text = (corpus + "\n") * (100_000 // (len(corpus) + 1) + 1)
    gz.find_authorities(text[:1000])
    start = time.perf_counter()
    gz.find_authorities(text[:100_000])
    gz.find_organisations(text[:100_000])
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5, f"{elapsed:.3f}s for 100 KB"
