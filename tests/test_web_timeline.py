"""The real app over articles that disagree over time (tests/data/timeline): the Articles panel, as-of dates,
earlier reports and a time follow-up, in Chromium; GET /api/articles over HTTP."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest
from helpers import chat_page, running_app
from test_web import ask_in_page

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    work = tmp_path_factory.mktemp("app-timeline")
    shutil.copytree(ROOT / "tests" / "data" / "timeline", work / "corpus")
    with running_app(work) as url:
        yield url


@pytest.fixture(scope="module")
def page(server: str):  # type: ignore[no-untyped-def]
    with chat_page(server, height=1400) as pg:
        yield pg


def test_articles_panel_lists_articles_newest_first_with_dates_and_links(page, server: str) -> None:  # type: ignore[no-untyped-def]
    items = page.locator("#articles li")
    items.first.wait_for()
    texts = [items.nth(i).inner_text() for i in range(items.count())]
    assert len(texts) == 6 and texts[0].endswith("Star Weekly · 2024-08-01") and texts[-1].endswith("undated")
    assert [t.rsplit(" · ", 1)[-1] for t in texts[:5]] == ["2024-08-01", "2024-06-10", "2024-05-02", "2023-06-26", "2021-03-15"]
    link = page.locator("#articles a").first
    assert link.get_attribute("href") == "https://example.org/herald/okay-season-2-confirmed"
    api = httpx.get(f"{server}/api/articles", timeout=10).json()["articles"]
    assert [a["title"] for a in api] == [t.split(" · ")[0] for t in texts]


def test_status_question_shows_newest_report_as_of_its_date_and_earlier_reports(page) -> None:  # type: ignore[no-untyped-def]
    reply = ask_in_page(page, "is there going to be a season 2")
    reply.locator("blockquote.qa-quote mark").first.wait_for()
    assert "Hallyu Herald · as of 2024-05-02" in reply.locator(".qa-cite").first.inner_text()
    text = reply.inner_text()
    assert "Earlier reports" in text and "as of 2023-06-26" in text.split("Earlier reports", 1)[1]
    page.screenshot(path=str(ROOT / "tests" / "artifacts" / "chat_timeline.png"), full_page=True)


def test_time_follow_up_and_this_article_in_the_page(page) -> None:  # type: ignore[no-untyped-def]
    reply = ask_in_page(page, "what about in 2021?")
    assert "Read as a follow-up: is there going to be a season 2 in 2021" in reply.inner_text()
    assert "K-Drama Tribune · as of 2021-03-15" in reply.locator(".qa-cite").first.inner_text()
    reply = ask_in_page(page, "when was this article published")
    assert "was published on 2021-03-15" in reply.inner_text()



def test_rest_filters_over_http_and_gradio_ask_unchanged(server: str) -> None:
    from gradio_client import Client

    body = {"question": "is there going to be a season 2", "k": 3, "since": "2021-01-01", "until": "2021-12-31"}
    rest = httpx.post(f"{server}/api/ask", json=body, timeout=30).json()
    assert {q["doc_id"] for q in rest["quotes"]} == {"okay-2021"} and rest["filters"] == {"since": "2021-01-01", "until": "2021-12-31"}
    # The /ask endpoint keeps its two inputs (question, k): raw Gradio clients send exactly those.
    plain = Client(server + "/", verbose=False).predict("who plays gang tae", 3, api_name="/ask")
    assert plain == httpx.post(f"{server}/api/ask", json={"question": "who plays gang tae", "k": 3}, timeout=30).json()
