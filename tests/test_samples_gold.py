"""Samples against their gold files, scored with the project's own evaluation module
(the same algorithm as ../shared/eval/score.py). Statement and kind thresholds are asserted;
speaker and topic figures are printed for the issues that own them."""

from __future__ import annotations

import sys

import pytest

from extractor.scoring import read_gold, score

from conftest import GOLD, SAMPLES, SEED, require_shared

STEMS = sorted(p.stem for p in GOLD.glob("*.jsonl"))
F1_MIN = 0.85
KIND_MIN = 0.85

# Floors below F1_MIN, each with its reason: a floor can fail, so a document that gets worse is noticed.
# The 15 documents other than the seed are training documents of the statement sequence model
# (models/statements-v1, trained with them once each); their leave-one-out figures are in the model card.
LOWER_FLOOR = {
    "qh-chat-van-phien-hop": (0.72, "its gold counts deputies' questions that ask for a measure ('chất vấn: Bộ trưởng "
                                    "có giải pháp gì ...', 'kính mong Bộ cho biết lộ trình ...') as recommendations, "
                                    "which the shared guidelines call questions and the rules now leave out; quoted "
                                    "background ('Đây là kiến nghị mà cử tri ...') is still kept"),
}
SEED_F1_MIN = 0.95          # the real-documents issue's acceptance figure on the seed
POOLED_F1_MIN = 0.88        # ... and on the project's gold documents pooled
POOLED_SPEAKER_MIN = 0.92


def test_every_sample_has_a_gold_file_and_back():
    assert STEMS == sorted(p.stem for p in SAMPLES.glob("*.txt"))
    assert SEED in STEMS


def _score(stem, sample_results):
    gold = read_gold(GOLD / f"{stem}.jsonl")
    records = sample_results[stem].records
    s = score(gold, records)
    print(f"\n{stem}: statement P/R/F1 {s['statement_p']:.3f}/{s['statement_r']:.3f}/{s['statement_f1']:.3f}  "
          f"kind {s['kind_accuracy']:.3f}  speaker {s['speaker_accuracy']:.3f}  role {s['role_accuracy']:.3f}  "
          f"topic macro-F1 {s['topic_macro_f1']:.3f}  ({s['matched']}/{s['gold_statements']} matched, "
          f"{s['predicted_statements']} predicted)")
    for doc, anchor in s["missed"]:
        print(f"  missed: {anchor}")
    return s


@pytest.mark.parametrize("stem", STEMS)
def test_statement_f1_per_document(stem, sample_results):
    s = _score(stem, sample_results)
    floor, why = LOWER_FLOOR.get(stem, (F1_MIN, ""))
    assert s["statement_f1"] >= floor, (f"{stem}: statement F1 {s['statement_f1']:.3f} < {floor} {why}; "
                                        f"missed {s['missed']}")


def test_seed_kind_accuracy(sample_results):
    s = _score(SEED, sample_results)
    assert s["kind_accuracy"] >= KIND_MIN
    assert s["statement_f1"] >= SEED_F1_MIN


def test_all_samples_together(sample_results):
    gold = [g for stem in STEMS for g in read_gold(GOLD / f"{stem}.jsonl")]
    records = [r for res in sample_results.values() for r in res.records]
    s = score(gold, records)
    print(f"\nall samples: statement F1 {s['statement_f1']:.3f}  kind {s['kind_accuracy']:.3f}  "
          f"recommendation F1 {s['recommendation_f1']:.3f}  speaker {s['speaker_accuracy']:.3f}  "
          f"role {s['role_accuracy']:.3f}  topic macro-F1 {s['topic_macro_f1']:.3f}")
    assert s["kind_accuracy"] >= KIND_MIN
    assert s["statement_f1"] >= POOLED_F1_MIN
    assert s["speaker_accuracy"] >= POOLED_SPEAKER_MIN


# --------------------------------------------------------------------------- the scorer itself


def test_score_matches_anchor_without_case_diacritics_and_quotes():
    gold = [{"doc": "d", "statements": [
        {"kind": "recommendation", "speaker_name": "Bà Võ Thị Hoà", "speaker_role": "Chủ tịch UBND xã",
         "anchor": "“Đề nghị tỉnh bổ sung", "topics": ["budget"]},
        {"kind": "response", "speaker_name": None, "speaker_role": None, "anchor": "Sở Tài chính cho biết", "topics": []},
    ]}]
    records = [
        {"doc_id": "d", "kind": "recommendation", "text": "DE NGHI tinh  bo sung kinh phí.",
         "speaker": {"name": "Võ Thị Hòa", "role": "Chủ tịch UBND xã Tân Phú"}, "topics": ["budget"]},
        {"doc_id": "d", "kind": "recommendation", "text": "Hội nghị kết thúc.", "speaker": {}, "topics": []},
    ]
    s = score(gold, records)
    assert s["matched"] == 1 and s["predicted_statements"] == 2 and s["gold_statements"] == 2
    assert s["statement_f1"] == pytest.approx(0.5)
    assert s["kind_accuracy"] == 1.0
    assert s["speaker_accuracy"] == 1.0  # honorific and tone placement ignored
    assert s["role_accuracy"] == 1.0
    assert s["missed"] == [("d", "Sở Tài chính cho biết")]


def test_score_agrees_with_the_shared_scorer(sample_results):
    path = require_shared("eval", "score.py")
    sys.path.insert(0, str(path.parent))
    try:
        import score as shared_score
    finally:
        sys.path.pop(0)
    records = [r for res in sample_results.values() for r in res.records]
    for stem in STEMS:
        gold = read_gold(GOLD / f"{stem}.jsonl")
        assert score(gold, records) == shared_score.score(gold, records), stem


def test_seed_gold_is_the_shared_seed_gold():
    shared = require_shared("seed", "gold.jsonl")
    assert read_gold(shared) == read_gold(GOLD / f"{SEED}.jsonl")
    assert (shared.parent / f"{SEED}.txt").read_bytes() == (SAMPLES / f"{SEED}.txt").read_bytes()


def test_module_entry_point_prints_the_scores(tmp_path, sample_results, capsys):
    import json

    from extractor.scoring import main

    pred = tmp_path / "records.jsonl"
    pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in sample_results[SEED].records),
                    encoding="utf-8")
    assert main(["--gold", str(GOLD / f"{SEED}.jsonl"), "--pred", str(pred), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["gold_statements"] == 25 and printed["statement_f1"] >= 0.9
    assert main(["--gold", str(GOLD / f"{SEED}.jsonl"), "--pred", str(pred)]) == 0
    assert "statement_f1" in capsys.readouterr().out
    assert main(["--gold", str(tmp_path / "khong-co.jsonl"), "--pred", str(pred)]) == 1
    assert "error:" in capsys.readouterr().err


def test_extractor_score_scores_records_against_gold(tmp_path, sample_results):
    import json

    from click.testing import CliRunner

    from extractor.cli import cli

    pred = tmp_path / "records.jsonl"
    pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in sample_results[SEED].records),
                    encoding="utf-8")
    res = CliRunner().invoke(cli, ["score", "--gold", str(GOLD / f"{SEED}.jsonl"), "--pred", str(pred), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["statement_f1"] >= 0.95
    links = GOLD.parent / "links" / "gold.jsonl"
    res = CliRunner().invoke(cli, ["score", "--gold", str(GOLD / f"{SEED}.jsonl"), "--pred", str(pred), "--json",
                                   "--links", str(links)])
    assert res.exit_code == 0, res.output
    printed = json.loads(res.output)
    assert printed["gold_pairs"] == 16 and 0 <= printed["link_f1"] <= 1
    res = CliRunner().invoke(cli, ["score", "--gold", str(tmp_path / "khong-co.jsonl"), "--pred", str(pred)])
    assert res.exit_code == 2 and "does not exist" in res.output


def _readme_figures() -> dict[str, float]:
    """Statement F1 per gold document as the README's table states it."""
    import re

    readme = (GOLD.parents[1] / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([a-z0-9-]+) \([^|]*\) \| ([01]\.\d\d) \|", readme, re.M)
    return {stem: float(f1) for stem, f1 in rows if stem in STEMS}


def test_the_readme_table_covers_every_gold_document():
    assert sorted(_readme_figures()) == STEMS


@pytest.mark.parametrize("stem", STEMS)
def test_statement_f1_is_at_most_005_below_the_readme(stem, sample_results):
    """The README's per-document figures stay true: each document within 0.05 of what the table says."""
    stated = _readme_figures()[stem]
    s = score(read_gold(GOLD / f"{stem}.jsonl"), sample_results[stem].records)
    assert s["statement_f1"] >= stated - 0.05, f"{stem}: {s['statement_f1']:.3f}, README says {stated:.2f}"
