"""Fit the outcome model (qa/answer.py CALIBRATION) on fan-typed questions, and report it.

Positives: answerable fan questions asked over the corpus that holds their article (the shared dev set and
the other-articles set over XQuAD-en; the bundled-article sets over corpus/). Negatives: the out-of-scope fan
questions, plus every answerable question asked with its own article left out (the bundled questions over
XQuAD without the bundled article; the XQuAD questions over XQuAD without their article). Features are
``QA.features``: top passage cosine, best sentence cosine, passage term coverage, known-term coverage of
the best sentence; questions caught by a hard rule (``missing``) are left out of the fit. The fit is
class-balanced logistic regression; each question set is also held out once and reported (transfer check).

    python benchmarks/calibrate.py            # prints the Calibration(...) line, writes results/calibration.json
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa import QA  # noqa: E402
from qa_eval.bench import machine, write_results  # noqa: E402
from qa_eval.fan import TESTS_DATA, FanQuestion, load_fan  # noqa: E402
from qa_eval.sets import load_squad, shared_data  # noqa: E402

ARTICLES = {
    "dev": {"Doctor_Who", "Super_Bowl_50", "American_Broadcasting_Company"},
    "other": {"Nikola_Tesla", "Sky_(United_Kingdom)", "Apollo_program", "Genghis_Khan"},
}


def features(qa: QA, question: str) -> list[float] | None:
    query = qa.prepare(" ".join(question.split()))
    f = qa.features(query, qa.hits(query, 3, "rerank"))
    return None if f is None or f.missing else [f.dense, f.sentence_score, f.coverage, f.known_coverage]


def collect(qa: QA, questions: list[FanQuestion], label: int | None, group: str, rows: list[dict]) -> None:
    for q in questions:
        x = features(qa, q.q)
        if x is not None:
            rows.append({"x": x, "y": int(not q.abstain) if label is None else label, "group": group})


def main() -> None:
    data = shared_data()
    xquad_raw = json.loads((data / "xquad_en" / "xquad.en.json").read_text(encoding="utf-8"))
    titles = [a["title"] for a in xquad_raw["data"]]
    xquad = load_squad(data / "xquad_en" / "xquad.en.json")
    fan_sets = {
        "dev": load_fan(data / "fan_paraphrase" / "questions.jsonl"),
        "other": load_fan(TESTS_DATA / "fan_other_xquad.jsonl"),
    }
    bundled = load_fan(TESTS_DATA / "fan_questions.json") + load_fan(TESTS_DATA / "fan_bundled.jsonl")
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        xquad.write_corpus(work / "xquad")
        full = QA.build(work / "xquad", work / "xquad-index")
        for name, qs in fan_sets.items():
            collect(full, qs, None, name, rows)
        for name, qs in fan_sets.items():  # the same questions with their articles left out: all negatives
            keep = {i for i, t in enumerate(titles) if t not in ARTICLES[name]}
            xquad.write_corpus(work / f"without-{name}", only=keep)
            collect(
                QA.build(work / f"without-{name}", work / f"without-{name}-index"),
                [q for q in qs if not q.abstain],
                0,
                name,
                rows,
            )
        shutil.copytree(ROOT / "corpus", work / "bundled")
        collect(QA.build(work / "bundled", work / "bundled-index"), bundled, None, "bundled", rows)
        collect(full, [q for q in bundled if not q.abstain], 0, "bundled", rows)  # the bundled article left out
    X, y, groups = np.array([r["x"] for r in rows]), np.array([r["y"] for r in rows]), [r["group"] for r in rows]
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000).fit(X, y)
    held_out = {}
    for g in sorted(set(groups)):  # each set held out once: how well does the model transfer?
        mask = np.array([x == g for x in groups])
        m = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000).fit(X[~mask], y[~mask])
        held_out[g] = round(float(roc_auc_score(y[mask], m.predict_proba(X[mask])[:, 1])), 4)
    p = model.predict_proba(X)[:, 1]
    w = model.coef_[0]
    result = {
        "meta": machine(),
        "questions": len(y),
        "positives": int(y.sum()),
        "calibration": {
            "dense": round(float(w[0]), 4),
            "sentence": round(float(w[1]), 4),
            "coverage": round(float(w[2]), 4),
            "known_coverage": round(float(w[3]), 4),
            "bias": round(float(model.intercept_[0]), 4),
        },
        "roc_auc_in_sample": round(float(roc_auc_score(y, p)), 4),
        "roc_auc_each_set_held_out": held_out,
        "at_thresholds": {
            str(t): {
                "answerable_answered": round(float((p[y == 1] >= t).mean()), 4),
                "negatives_answered": round(float((p[y == 0] >= t).mean()), 4),
            }
            for t in (0.25, 0.5, 0.65, 0.7)
        },
    }
    print(json.dumps(result, indent=2))
    c = result["calibration"]
    print(
        f"\nCALIBRATION = Calibration(dense={c['dense']}, sentence={c['sentence']}, coverage={c['coverage']}, "
        f"known_coverage={c['known_coverage']}, bias={c['bias']}, answer=0.7, closest=0.25)"
    )
    write_results(ROOT / "benchmarks" / "results" / "calibration.json", result)


if __name__ == "__main__":
    main()
