"""builder.evaluate agrees with the reference scorer (tests/gold/score_reference.py) to the digit."""
from __future__ import annotations

import copy
import importlib.util
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder import evaluate
from tests.conftest import GOLD, build_mini, fake_extract, use_extractor

REFERENCE = Path(__file__).parent / "gold" / "score_reference.py"


def load_reference():
    spec = importlib.util.spec_from_file_location("score_reference", REFERENCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


reference = load_reference()


def reference_score(gold: list[dict], pred: list[dict]) -> dict:
    res = reference.score(copy.deepcopy(gold), copy.deepcopy(pred))
    return {k: v for k, v in res.items() if not k.startswith("_")}


def agree(gold: list[dict], pred: list[dict]) -> dict:
    ours = evaluate.score(gold, pred)
    assert ours == reference_score(gold, pred)
    # same matching too (the --show listing)
    ref = reference.score(copy.deepcopy(gold), copy.deepcopy(pred))
    m = evaluate.match(gold, pred)
    assert (m.pairs, m.missed, m.extra) == (ref["_pairs"], ref["_fn"], ref["_fp"])
    return ours


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return evaluate.read_rows(GOLD)


def test_gold_against_itself(gold: list[dict]) -> None:
    s = agree(gold, gold)
    assert (s["precision"], s["recall"], s["f1"], s["strict_f1"], s["date_accuracy"]) == (1.0, 1.0, 1.0, 1.0, 1.0)
    assert s["amount_accuracy"] == 1.0
    assert s["gold"] == s["tp"] == len(gold)


def perturb(gold: list[dict], seed: int) -> list[dict]:
    """A plausible extractor's output: misses, extras, wrong dates, types and names, renamed targets."""
    rng = random.Random(seed)
    out = []
    for g in copy.deepcopy(gold):
        r = rng.random()
        if r < 0.15:
            continue  # a miss
        if r < 0.25:
            g["event_date"] = "2020-01-01"  # a wrong date
        elif r < 0.32:
            g["date_precision"] = "month"
        elif r < 0.38:
            g["event_type"] = rng.choice(["fine", "ban", "probe", "order"])
        elif r < 0.45:
            g["target"] = g["target"].split("|")[0] + " Group Ltd."  # noise words
        elif r < 0.5:
            g["target"] = "Someone Else"
        elif r < 0.55 and g["amount"]:
            g["amount"] = str(float(g["amount"]) * 10)
        elif r < 0.6:
            g["currency"] = "usd"
        else:
            g["target"] = g["target"].split("|")[-1]
        out.append(g)
        if rng.random() < 0.1:
            extra = dict(g, target="Extra Corp", event_type="probe")
            out.append(extra)  # an extra
    rng.shuffle(out)
    return out


@pytest.mark.parametrize("seed", range(8))
def test_gold_against_perturbed_copies(gold: list[dict], seed: int) -> None:
    s = agree(gold, perturb(gold, seed))
    assert 0 < s["f1"] < 1


names = st.sampled_from(["Alibaba", "Alibaba Group", "alibaba's", "Ant Group", "Ant", "TikTok|ByteDance", "the app", "WeChat Pay", "Didi Global Inc.", "Didi", "", "S.A. Corp", "It's"])
dates = st.sampled_from(["2021-07-02", "2021-07-01", "2021-07", "", "2020-06-29T00:00"])
rows = st.fixed_dictionaries(
    {
        "article_id": st.sampled_from(["a#1", "a#2", "b#1"]),
        "event_type": st.sampled_from(["fine", "ban", "probe"]),
        "target": names,
        "event_date": dates,
        "date_precision": st.sampled_from(["day", "month", ""]),
        "date_basis": st.sampled_from(["stated", "inferred", "reported"]),
        "amount": st.sampled_from(["", "18200000000", "1.82e10", "500000", "abc"]),
        "currency": st.sampled_from(["", "CNY", "cny", "USD"]),
    }
)


@settings(max_examples=300, deadline=None)
@given(st.lists(rows, max_size=12), st.lists(rows, max_size=12))
def test_random_rows_agree(gold_rows: list[dict], pred_rows: list[dict]) -> None:
    gold_rows = [g for g in gold_rows if g["target"]]  # the gold always names a target
    agree(gold_rows, pred_rows)


def test_real_build_output(gold: list[dict], seed_release: Path) -> None:
    agree(gold, evaluate.read_rows(seed_release / "mentions.csv"))


def test_stand_in_extractor_on_the_seeds(gold: list[dict], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Non-trivial predictions on the real articles (the stand-in extractor finds some of the gold)."""
    from builder.pipeline import PROJECT_ROOT

    use_extractor(monkeypatch, fake_extract)
    rel = build_mini(PROJECT_ROOT / "seeds", tmp_path / "out").release
    s = agree(gold, evaluate.read_rows(rel / "mentions.csv"))
    assert s["pred"] > 0


def test_only_articles_filter(gold: list[dict]) -> None:
    only = {"000_a27750b6c2d6bb87#1"}
    ours = evaluate.score(gold, gold[:3], only_articles=only)
    ref = {k: v for k, v in reference.score(gold, gold[:3], only).items() if not k.startswith("_")}
    assert ours == ref and ours["gold"] == sum(1 for g in gold if g["article_id"] in only)


def test_show_lists_dates_misses_and_extras(gold: list[dict]) -> None:
    pred = copy.deepcopy(gold[:2]) + [dict(gold[0], target="Nobody Inc")]
    pred[0]["event_date"] = "1999-01-01"
    text = evaluate.format_matching(evaluate.match(gold, pred))
    assert text.count("MISS  ") == len(gold) - 2
    assert text.count("EXTRA ") == 1
    assert text.count("DATE  ") == 1
