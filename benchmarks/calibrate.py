"""Fit the abstention model (qa/answer.py CALIBRATION) from data, and report it.

Out-of-corpus test built from XQuAD-en: every other article is indexed, every
question is asked; questions about indexed articles should be answered, the
rest should abstain. Articles are split into two folds: coefficients and
threshold are fitted on fold A (plus the tests' fan and out-of-scope
questions over corpus/), and reported on fold B. SQuAD v2's unanswerable
questions are reported too (their paragraph is indexed, so no target).

    python benchmarks/calibrate.py            # prints the Calibration(...) line and writes results
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa import QA  # noqa: E402
from qa_eval.sets import load_squad, shared_data  # noqa: E402


def features(qa: QA, question: str) -> list[float]:
    query = qa.prepare(question)
    f = qa.features(query, qa.hits(query, 3, qa.settings.mode))
    return [f.dense, f.sentence_score, f.coverage] if f else [0.0, 0.0, 0.0]


def main() -> None:
    xquad = load_squad(shared_data() / "xquad_en" / "xquad.en.json")
    indexed = {i for i in range(len(xquad.docs)) if i % 2 == 0}
    fold_a = {i for i in range(len(xquad.docs)) if i % 4 in (0, 1)}
    X: dict[str, list[list[float]]] = {"A": [], "B": []}
    y: dict[str, list[int]] = {"A": [], "B": []}
    with tempfile.TemporaryDirectory() as tmp:
        xquad.write_corpus(Path(tmp) / "corpus", only=indexed)
        qa = QA.build(Path(tmp) / "corpus", Path(tmp) / "index")
        for q in xquad.questions:
            fold = "A" if q.doc in fold_a else "B"
            X[fold].append(features(qa, q.question))
            y[fold].append(int(q.doc in indexed))
        squad = load_squad(shared_data() / "squad_v2_dev_subset" / "squad_v2.0_dev_first5articles.json")
        squad.write_corpus(Path(tmp) / "squad")
        sq = QA.build(Path(tmp) / "squad", Path(tmp) / "squad-index")
        unanswerable = [features(sq, q.question) for q in squad.questions if not q.answerable]
        answerable = [features(sq, q.question) for q in squad.questions if q.answerable]
        fan = json.loads((ROOT / "tests" / "data" / "fan_questions.json").read_text())
        fan_qa = QA.build(ROOT / "corpus", Path(tmp) / "fan-index")
        fan_in = [features(fan_qa, it["q"]) for it in fan["in_scope"]]
        fan_out = [features(fan_qa, q) for q in fan["out_of_scope"]]

    # The fan questions are few: repeat them so they weigh like ~10% of the fit set.
    reps = max(1, len(X["A"]) // 10 // (len(fan_in) + len(fan_out)))
    Xa = np.array(X["A"] + (fan_in + fan_out) * reps)
    ya = np.array(y["A"] + ([1] * len(fan_in) + [0] * len(fan_out)) * reps)
    model = LogisticRegression(C=10.0, max_iter=1000).fit(Xa, ya)
    # Threshold: best balanced accuracy (mean of answer rate in corpus and
    # abstain rate out of it) on the fit set, fan questions included.
    pa = model.predict_proba(Xa)[:, 1]
    grid = np.unique(np.round(pa, 3))
    balanced = [((pa[ya == 1] >= t).mean() + (pa[ya == 0] < t).mean()) / 2 for t in grid]
    threshold = float(grid[int(np.argmax(balanced))])

    def report(Xs: list[list[float]], ys: list[int]) -> dict[str, float]:
        p = model.predict_proba(np.array(Xs))[:, 1]
        ys_ = np.array(ys)
        answered = p >= threshold
        return {
            "questions": len(ys),
            "roc_auc": round(float(roc_auc_score(ys_, p)), 4),
            "answer_rate_in_corpus": round(float(answered[ys_ == 1].mean()), 4),
            "abstain_rate_out_of_corpus": round(float((~answered[ys_ == 0]).mean()), 4),
            "precision_of_answering": round(float(ys_[answered].mean()), 4) if answered.any() else 0.0,
        }

    def rate(Xs: list[list[float]]) -> float:
        return round(float((model.predict_proba(np.array(Xs))[:, 1] >= threshold).mean()), 4)

    w = model.coef_[0]
    result = {
        "calibration": {"dense": round(float(w[0]), 3), "sentence": round(float(w[1]), 3), "coverage": round(float(w[2]), 3),
                        "bias": round(float(model.intercept_[0]), 3), "threshold": round(threshold, 3)},
        "fit_fold_A": report(X["A"], y["A"]),
        "report_fold_B": report(X["B"], y["B"]),
        "fan_in_scope_answered": rate(fan_in),
        "fan_out_of_scope_abstained": round(1 - rate(fan_out), 4),
        "squad_v2_answerable_answered": rate(answerable),
        "squad_v2_unanswerable_abstained": round(1 - rate(unanswerable), 4),
    }
    print(json.dumps(result, indent=2))
    c = result["calibration"]
    print(f"\nCALIBRATION = Calibration(dense={c['dense']}, sentence={c['sentence']}, coverage={c['coverage']}, "
          f"bias={c['bias']}, threshold={c['threshold']})")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "calibration.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
