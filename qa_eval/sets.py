"""Evaluation sets: SQuAD-format and BEIR-format data read into documents with gold units, and the fan sets."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa.errors import QAError
from qa.ingest import clean_text

__all__ = ["EvalSet", "EvalQuestion", "load_squad", "load_beir", "shared_sets", "shared_data"]


def shared_data() -> Path:
    """The shared public sets: ``QA_SHARED_DATA``, else ``shared/data`` beside the repository or the working folder.

    Raises:
        QAError: none found; the message says where to point ``QA_SHARED_DATA``.
    """
    env = os.environ.get("QA_SHARED_DATA")
    candidates = [Path(env)] if env else []
    candidates += [
        base / "shared" / "data" for base in (Path.cwd().parent, Path.cwd(), Path(__file__).resolve().parents[2])
    ]
    for path in candidates:
        if (path / "xquad_en").is_dir():
            return path
    raise QAError("the shared evaluation data was not found — set QA_SHARED_DATA to the folder holding xquad_en/")


@dataclass(frozen=True)
class EvalQuestion:
    qid: str
    question: str
    doc: int  # index into EvalSet.docs
    span: tuple[int, int]  # gold unit inside that document's text
    answers: tuple[str, ...]
    answerable: bool = True


@dataclass
class EvalSet:
    name: str
    docs: list[dict[str, Any]]  # id, title, text, units: list[(start, end)]
    questions: list[EvalQuestion] = field(default_factory=list)

    def write_corpus(self, folder: Path, only: set[int] | None = None) -> None:
        """The articles as one JSONL corpus file, read back by the product's ingest."""
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "articles.jsonl").open("w", encoding="utf-8") as fh:
            for i, doc in enumerate(self.docs):
                if only is None or i in only:
                    fh.write(
                        json.dumps({"id": str(i), "title": doc["title"], "text": doc["text"]}, ensure_ascii=False)
                        + "\n"
                    )


def load_squad(path: str | Path, name: str | None = None) -> EvalSet:
    """A SQuAD-format file: one document per article, paragraphs joined by blank lines."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    out = EvalSet(name or Path(path).stem, [])
    for article in raw["data"]:
        parts, units, cursor = [], [], 0
        paragraph_questions = []
        for para in article["paragraphs"]:
            text = " ".join(clean_text(para["context"]).split())
            units.append((cursor, cursor + len(text)))
            parts.append(text)
            cursor += len(text) + 2
            paragraph_questions.append(para["qas"])
        d = len(out.docs)
        out.docs.append(
            {
                "id": str(d),
                "title": article.get("title", f"article {d}").replace("_", " "),
                "text": "\n\n".join(parts),
                "units": units,
            }
        )
        for unit, qas in zip(units, paragraph_questions):
            for qa in qas:
                answers = tuple(a["text"] for a in qa.get("answers", []))
                answerable = not qa.get("is_impossible", False) and bool(answers)
                out.questions.append(EvalQuestion(qa["id"], qa["question"], d, unit, answers, answerable))
    return out


def load_beir(folder: str | Path) -> EvalSet:
    """A BEIR folder: corpus.jsonl, queries.jsonl, qrels/test.tsv (one unit per document)."""
    root = Path(folder)
    out = EvalSet(root.name, [])
    where: dict[str, int] = {}
    for line in (root / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            text = clean_text(rec.get("text", ""))
            if text:
                where[str(rec["_id"])] = len(out.docs)
                out.docs.append(
                    {
                        "id": str(rec["_id"]),
                        "title": rec.get("title") or str(rec["_id"]),
                        "text": text,
                        "units": [(0, len(text))],
                    }
                )
    queries = {}
    for line in (root / "queries.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            queries[str(rec["_id"])] = rec["text"]
    for line in (root / "qrels" / "test.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        qid, did, score = line.split("\t")[:3]
        if qid in queries and did in where and float(score) > 0:
            d = where[did]
            out.questions.append(EvalQuestion(qid, queries[qid], d, (0, len(out.docs[d]["text"])), ()))
    return out


def shared_sets() -> list[EvalSet]:
    """XQuAD-en and the SQuAD v2 subset from the shared data (answerable questions scored)."""
    data = shared_data()
    return [
        load_squad(data / "xquad_en" / "xquad.en.json", "xquad-en"),
        load_squad(data / "squad_v2_dev_subset" / "squad_v2.0_dev_first5articles.json", "squad-v2-subset"),
    ]
