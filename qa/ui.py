"""The Gradio chat page: quotes as block quotes, the answer marked, citations, sources.

Everything from the corpus or the user is escaped twice before display: HTML
special characters, then Markdown syntax characters as HTML entities, so an
article holding ``<script>`` or ``[x](javascript:…)`` shows as plain text.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from typing import Any

from .articles import article_list
from .errors import BadQuestion
from .followup import Turn, resolve
from .pipeline import QA
from .types import Answer, Quote, as_of

__all__ = ["build_ui", "render_answer", "render_sources", "render_articles", "safe", "api_k"]

EXAMPLES = [
    "is season 2 confirmed?",
    "whos in the cast",
    "where can i watch it",
    "who plays gang tae",
    "how many episodes are there",
    "when was this article published",
    "is there a webtoon",
]
# Every character that HTML or Markdown (or LaTeX delimiters) could read as syntax becomes a numeric entity.
_ENTITIES = {c: f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]()#+-.!|~$:="}
# Lone UTF-16 surrogates cannot be sent back as JSON: shown as U+FFFD, refused by the library.
_SURROGATE = re.compile("[\ud800-\udfff]")
CSS = """
.qa-quote { border-left: 4px solid #8b5cf6; margin: 0.4em 0; padding: 0.3em 0.8em; background: rgba(139,92,246,0.06); }
.qa-quote mark { background: #fde68a; color: inherit; padding: 0 2px; border-radius: 2px; }
.qa-quote mark.qa-minor { background: rgba(253,230,138,0.35); }
.qa-cite { font-size: 0.85em; opacity: 0.8; margin: 0 0 0.9em 0.9em; }
.qa-abstain { font-weight: 600; }
.qa-note { font-size: 0.85em; opacity: 0.75; }
.qa-earlier { margin-left: 1.2em; opacity: 0.85; }
.qa-articles li { margin: 0.2em 0; }
"""


def safe(text: str) -> str:
    """Text as inert HTML: no tags, no Markdown syntax, no LaTeX."""
    return "".join(_ENTITIES.get(c, c) for c in _SURROGATE.sub("\ufffd", text)).replace("\n", "<br>")


def api_k(k: object, default: int) -> int:
    """``k`` as the /ask endpoint takes it: a whole number or null (the default), as in POST /api/ask.

    >>> api_k(None, 3), api_k(5, 3)
    (3, 5)
    """
    if k is None:
        return default
    if isinstance(k, bool) or not isinstance(k, int):
        raise BadQuestion(f"k must be a whole number from 1 to 50, or null for the default (got {k!r})")
    return k


def _quote_html(quote: Quote, mark: bool, minor: bool = False) -> str:
    text = quote.text
    if mark and quote.highlight:
        a, b = quote.highlight
        tag = '<mark class="qa-minor">' if minor else "<mark>"
        body = f"{safe(text[:a])}{tag}{safe(text[a:b])}</mark>{safe(text[b:])}"
    else:
        body = safe(text)
    title = safe(quote.title)
    if quote.url:
        title = f'<a href="{html.escape(quote.url, quote=True)}" target="_blank" rel="noopener noreferrer">{title}</a>'
    cite = " · ".join([title] + [safe(x) for x in (quote.source, as_of(quote.date)) if x])
    return f'<blockquote class="qa-quote">{body}</blockquote><div class="qa-cite">— {cite}</div>'


def _cue(answer: Answer) -> str:
    if answer.outcome == "closest":
        return f"{answer.reason or 'This is the closest the articles come.'} Check the quote."
    if answer.confidence >= 0.8:
        return "High confidence: the highlighted sentence answers this."
    return "Moderate confidence: check the quote."


def render_answer(answer: Answer, searched: str | None = None, k_shown: int = 2) -> str:
    """The chat reply (HTML)."""
    note = f'<p class="qa-note">Read as a follow-up: {safe(searched)}</p>' if searched else ""
    if answer.filters:
        only = ", ".join(f"{k} {v}" for k, v in answer.filters)
        note += f'<p class="qa-note">Only articles matching: {safe(only)}</p>'
    if answer.abstained:
        nearest = _quote_html(answer.quotes[0], mark=False) if answer.quotes else ""
        label = '<p class="qa-note">Nearest passage (not an answer):</p>' if nearest else ""
        return f'{note}<p class="qa-abstain">{safe(answer.reason or "The articles do not say.")}</p>{label}{nearest}'
    if answer.kind != "quote":
        # Built from the articles' metadata (title, source, date, url); the quotes are their opening passages.
        shown = "".join(_quote_html(q, mark=False) for q in answer.quotes[:k_shown])
        label = '<p class="qa-note">From the article:</p>' if answer.kind == "metadata" else ""
        return f"{note}<p>{safe(answer.answer)}</p>{label}{shown}"
    quotes = _quote_html(answer.quotes[0], mark=True)
    earlier = {(q.doc_id, q.start) for q in answer.earlier}  # shown once, under "earlier reports"
    also = [q for q in answer.quotes[1:k_shown] if (q.doc_id, q.start) not in earlier]
    if also:
        # Further quotes are context: their best sentence is marked faintly, so the answer stands out.
        quotes += '<p class="qa-note">Also relevant:</p>' + "".join(_quote_html(q, mark=True, minor=True) for q in also)
    if answer.earlier:
        older = "".join(_quote_html(q, mark=True, minor=True) for q in answer.earlier)
        quotes += f'<p class="qa-note">Earlier reports (older articles):</p><div class="qa-earlier">{older}</div>'
    return f'{note}{quotes}<p class="qa-note">{_cue(answer)} (confidence {answer.confidence:.2f})</p>'


def render_articles(qa: QA) -> str:
    """The Articles panel: title · source · date, newest first, linked when an article has a URL (HTML)."""
    rows = []
    for a in article_list(qa.generation.table.documents):
        title = safe(a["title"])
        if a["url"]:
            href = html.escape(a["url"], quote=True)
            title = f'<a href="{href}" target="_blank" rel="noopener noreferrer">{title}</a>'
        rows.append(f"<li>{' · '.join([title] + [safe(x) for x in (a['source'], a['date'] or 'undated') if x])}</li>")
    return f'<ul class="qa-articles">{"".join(rows)}</ul>'


def render_sources(answer: Answer) -> str:
    """Every retrieved passage with its score (HTML)."""
    if not answer.quotes:
        return "<p>No passages retrieved.</p>"
    rows = [
        f"<li><b>score {q.score:.2f}</b> · {safe(q.title)} · chars {q.start}–{q.end}<br>{safe(q.text)}</li>"
        for q in answer.quotes
    ]
    return f"<ol>{''.join(rows)}</ol>"


def build_ui(qa: QA) -> Any:
    """The chat page as a gradio Blocks app (with the named ``/ask`` API endpoint)."""
    import gradio as gr

    def respond(
        message: str, history: list[dict[str, str]], turn: Turn | None
    ) -> tuple[str, list[dict[str, str]], Turn | None, str]:
        history = list(history or [])
        if not message or not message.strip():
            return "", history, turn, gr.skip()
        try:
            if _SURROGATE.search(message):
                qa.ask(message)  # raises BadQuestion with the library's words, before follow-up resolution sees it
            gen = qa.generation
            new_turn = resolve(message, turn, gen.lexical, len(gen.table), gen.table.documents)
            answer = qa.ask(new_turn.searched, k=5, about_doc=turn.doc_id if turn else None)
        except BadQuestion as exc:  # show the reason in the chat
            history += [
                {"role": "user", "content": safe(message)},
                {"role": "assistant", "content": f"<p>{safe(str(exc))}</p>"},
            ]
            return "", history, turn, ""
        searched = new_turn.searched if new_turn.searched != message else None
        if answer.quotes and not answer.abstained and answer.kind != "articles":
            new_turn = replace(new_turn, doc_id=answer.quotes[0].doc_id)
        elif turn is not None:
            new_turn = replace(new_turn, doc_id=turn.doc_id)
        history += [
            {"role": "user", "content": safe(message)},
            {"role": "assistant", "content": render_answer(answer, searched)},
        ]
        return "", history, new_turn, render_sources(answer)

    def ask(question: str, k: int | None = None) -> dict[str, Any]:
        """Answer JSON for one question (same as POST /api/ask and `qa ask --json`)."""
        try:
            return qa.ask(question, k=api_k(k, qa.settings.k)).to_dict()
        except BadQuestion as exc:  # gr.Error: the client gets the message itself, not "Error"
            raise gr.Error(str(exc)) from exc

    with gr.Blocks(title="fan-qa — ask the articles") as demo:
        gr.Markdown(
            "## fan-qa\nAsk about the articles. Every answer is a verbatim quote with its source; "
            "the sentence that answers is highlighted. If the articles don't say, the bot says so."
        )
        chatbot = gr.Chatbot(
            height=480, sanitize_html=True, render_markdown=True, label="Chat", elem_id="chat", feedback_options=None
        )
        turn = gr.State(None)
        box = gr.Textbox(
            placeholder="Type a question, e.g. who plays gang tae",
            show_label=False,
            elem_id="question",
            submit_btn=True,
            autofocus=True,
        )
        gr.Examples(EXAMPLES, inputs=box, label="Try")
        with gr.Accordion("Sources: every retrieved passage", open=False, elem_id="sources-panel"):
            sources = gr.HTML(elem_id="sources")
        with gr.Accordion("Articles: what the bot knows, newest first", open=True, elem_id="articles-panel"):
            articles = gr.HTML(render_articles(qa), elem_id="articles")
        box.submit(respond, [box, chatbot, turn], [box, chatbot, turn, sources], api_visibility="private")
        gr.api(ask, api_name="ask")
        # The app follows rebuilds: each page load lists the articles of the index it now serves.
        demo.load(lambda: render_articles(qa), None, articles, api_visibility="private")
    # Answers are CPU-bound (~15 ms) on a 2-core machine: two at a time uses both cores
    # (one torch thread each); the rest wait in a bounded queue instead of piling up threads.
    demo.queue(default_concurrency_limit=2, max_size=256)
    return demo
