"""The real app (python app.py) on a free loopback port: browser, REST and gradio_client."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import httpx
import pytest
from helpers import chat_page, running_app

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
HOSTILE = """---
title: "Fan theory <script>window.__xss = 'title'</script>"
source: "<img src=x onerror=\\"window.__xss = 'source'\\">"
---

Hostile fan theory page about butterflies and the puppet show. <script>window.__xss = 'body'</script>
<img src=x onerror="window.__xss = 'img'"> [click me](javascript:window.__xss='md') **not bold** and $x^2$ stay plain text in this hostile fixture.
"""
@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    work = tmp_path_factory.mktemp("app")
    shutil.copytree(ROOT / "corpus", work / "corpus")
    (work / "corpus" / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    with running_app(work) as url:
        yield url


@pytest.fixture(scope="module")
def page(server: str):  # type: ignore[no-untyped-def]
    with chat_page(server, height=1100) as pg:
        yield pg


def ask_in_page(page, question: str):  # type: ignore[no-untyped-def]
    before = page.locator("#chat .message-row, #chat [data-testid='bot']").count()
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll(\"#chat .message-row, #chat [data-testid='bot']\").length > n", arg=before, timeout=30_000
    )
    page.wait_for_timeout(300)
    return page.locator("#chat [data-testid='bot']").last


def test_answer_shows_quote_mark_and_citation(page) -> None:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    reply = ask_in_page(page, "who plays gang tae")
    elapsed = time.perf_counter() - t
    reply.locator("blockquote.qa-quote mark").first.wait_for()
    assert "Kim Soo-hyun" in reply.locator("mark").first.inner_text()
    assert "Devdiscourse · as of 2023-06-26" in reply.locator(".qa-cite").first.inner_text()
    assert "confidence" in reply.inner_text().lower()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat_answer.png"), full_page=True)
    (ARTIFACTS / "timing.json").write_text(json.dumps({"enter_to_answer_s": round(elapsed, 3)}))


def test_out_of_scope_question_shows_abstain_message(page) -> None:  # type: ignore[no-untyped-def]
    reply = ask_in_page(page, "what is the capital of france")
    text = reply.inner_text()
    assert "don't seem to say" in text and "not an answer" in text
    assert reply.locator("mark").count() == 0


def test_follow_up_resolves_previous_subject(page) -> None:  # type: ignore[no-untyped-def]
    ask_in_page(page, "who is Moon Gang-tae?")
    reply = ask_in_page(page, "who plays him?")
    assert "Read as a follow-up" in reply.inner_text()
    assert "Kim Soo-hyun" in reply.locator("blockquote").first.inner_text()


def test_hostile_article_is_shown_as_text_not_run(page) -> None:  # type: ignore[no-untyped-def]
    reply = ask_in_page(page, "hostile fan theory about the puppet show")
    text = reply.inner_text()
    assert "<script>" in text and "onerror" in text and "[click me]" in text and "**not bold**" in text
    page.locator("#sources-panel button, #sources-panel .label-wrap").first.click()
    page.wait_for_timeout(500)
    assert "<script>" in page.locator("#sources").inner_text()
    assert page.evaluate("window.__xss") is None
    assert reply.locator("a[href^='javascript']").count() == 0 and reply.locator("img").count() == 0


def test_question_without_words_gets_a_clear_message_in_the_page(page) -> None:  # type: ignore[no-untyped-def]
    reply = ask_in_page(page, "😀😀😀")
    assert "no letters or digits" in reply.inner_text()


@pytest.mark.parametrize("question", ["<img src=x onerror=alert(1)>", "1' OR '1'='1", "드라마 시즌2 언제?", "kimchi\x00\x07"])
def test_odd_questions_over_rest_get_200_json(server: str, question: str) -> None:
    r = httpx.post(f"{server}/api/ask", json={"question": question}, timeout=30)
    body = r.json()
    assert r.status_code == 200 and body["question"] == " ".join(question.split()) and body["quotes"]
    # An answer is the top quote's highlighted sentence; an abstention has none and says why.
    top = body["quotes"][0]
    if body["abstained"]:
        assert body["answer"] == "" and body["reason"]
    else:
        assert body["answer"] == top["text"][top["highlight"][0] : top["highlight"][1]]
    assert all(q["doc_id"] in ("its-okay-to-not-be-okay-season-2", "hostile") and q["end"] - q["start"] == len(q["text"]) for q in body["quotes"])


def test_rest_and_gradio_client_and_cli_return_identical_json(server: str, tmp_path: Path) -> None:
    from gradio_client import Client

    question = "how many episodes are there"
    rest = httpx.post(f"{server}/api/ask", json={"question": question, "k": 3}, timeout=30).json()
    client = Client(server + "/", verbose=False).predict(question, 3, api_name="/ask")
    assert rest == client
    assert rest["quotes"] and "16 episodes" in rest["quotes"][0]["text"]


@pytest.mark.parametrize(
    "body,status",
    [({"question": ""}, 400), ({"question": "   "}, 400), ({"question": "x" * 5000}, 400), ({"question": "hi", "k": 0}, 400),
     ({"question": "hi", "k": 10**9}, 400), ({"question": "hi", "k": "abc"}, 422), ({}, 422), ({"question": 5}, 422)],
)
def test_bad_requests_get_4xx_json(server: str, body: dict, status: int) -> None:
    r = httpx.post(f"{server}/api/ask", json=body, timeout=30)
    assert r.status_code == status and "error" in r.json()


def test_oversized_body_is_refused_and_health_describes_index(server: str) -> None:
    r = httpx.post(f"{server}/api/ask", content=b'{"question": "' + b"a" * 100_000 + b'"}', headers={"content-type": "application/json"}, timeout=30)
    assert r.status_code == 413 and "error" in r.json()
    health = httpx.get(f"{server}/api/health", timeout=10).json()
    assert health["documents"] == 2 and health["model"].endswith("all-MiniLM-L6-v2") and health["version"]
