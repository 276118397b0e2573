"""The secretariat's report: one self-contained HTML file (styles, script and SVG charts inline; no network),
in Vietnamese, from statement records and, when given, the document summaries.

Totals, charts (recommendations by topic, by the level of government the speaker speaks for, by addressee,
answered or not), each document's recommendations with their speaker, role, addressee, topics and the
responses that answered them, and a view of each document's text with the statements highlighted and the
speakers marked (when the source file can be read again and its SHA-256 matches). Filters (topic, kind,
level) and paging work in the page without a server; a print stylesheet prints what is shown.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from extractor.ingest import reread_source
from extractor.obligations import document_date
from extractor.rulefiles import load_yaml

TOPIC_NAMES = {"staffing": "Biên chế, nhân sự", "budget": "Kinh phí, ngân sách", "data_sharing": "Dữ liệu, liên thông",
               "security_training": "Đào tạo, an toàn thông tin", "other": "Khác"}
KIND_NAMES = {"recommendation": "Kiến nghị", "response": "Trả lời", "question": "Câu hỏi"}
PAGE_DOCUMENTS = 50          # documents per page of the report
MAX_VIEW_CHARS = 3_000_000   # document text shown in the report, in all (beyond it: statements only)


@dataclass(frozen=True)
class Levels:
    levels: tuple[tuple[str, tuple[str, ...]], ...]
    other: str

    def of(self, role: str | None) -> str:
        """The level of government a role speaks for: the level whose word comes first in it."""
        low = (role or "").casefold()
        best = None
        for rank, (name, words) in enumerate(self.levels):
            for w in words:
                m = re.search(rf"(?<!\w){re.escape(w)}(?!\w)", low)
                if m and (best is None or (m.start(), rank) < best[0]):
                    best = ((m.start(), rank), name)
        return best[1] if best else self.other


@lru_cache(maxsize=1)
def default_levels() -> Levels:
    data = load_yaml("levels.yaml")
    return Levels(tuple((l["name"], tuple(w.casefold() for w in l["words"])) for l in data["levels"]), data["other"])


def svg_bars(items: list[tuple[str, int]], width: int = 520) -> Markup:
    """A horizontal bar chart as inline SVG (labels and counts as text, so it prints and reads without a script)."""
    if not items:
        return Markup('<p class="empty">Không có dữ liệu.</p>')
    top = max(n for _, n in items) or 1
    row, label_w = 26, 190
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {row * len(items) + 6}" '
             f'width="{width}" height="{row * len(items) + 6}" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, n) in enumerate(items):
        y = i * row + 4
        w = round((width - label_w - 50) * n / top, 1)
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{w}" height="18" rx="3"></rect>'
                     f'<text x="{label_w + w + 6}" y="{y + 15}" class="n">{n}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _view(text: str, records: list[dict]) -> Markup:
    """The document text with statements highlighted (by kind) and speaker mentions marked. Marks nest; one that
    would cross another is left out."""
    marks = []
    for r in records:
        marks.append((r["start"], r["end"], 0, f'<mark class="st {r["kind"]}" id="st-{r["id"]}">', "</mark>"))
        ev = (r.get("speaker") or {}).get("evidence") or {}
        if isinstance(ev.get("start"), int) and isinstance(ev.get("end"), int) and ev["start"] < ev["end"]:
            marks.append((ev["start"], ev["end"], 1, '<span class="spk" title="người phát biểu">', "</span>"))
    out, pos, stack = [], 0, []  # stack: (end, closing tag) of the open marks

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1][0] <= limit:
            end, tag = stack.pop()
            out.append(str(escape(text[pos:end])) + tag)
            pos = end

    for start, end, _, open_tag, close_tag in sorted(set(marks), key=lambda m: (m[0], -m[1], m[2])):
        close_until(start)
        if start < pos or (stack and end > stack[-1][0]):
            continue
        out.append(str(escape(text[pos:start])) + open_tag)
        pos = start
        stack.append((end, close_tag))
    close_until(len(text))
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def build_report(records: list[dict], documents: list[dict] | None = None, title: str | None = None) -> dict:
    """Everything the template shows, computed from the records (and summaries)."""
    levels = default_levels()
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        by_doc[str(r.get("doc_id"))].append(r)
    summaries = {str(d.get("doc_id")): d for d in documents or []}
    order = list(dict.fromkeys([str(d.get("doc_id")) for d in documents or []] + list(by_doc)))
    by_id = {r["id"]: r for r in records}
    recs = [r for r in records if r.get("kind") == "recommendation"]
    answered = sum(1 for r in recs if r.get("answered_by"))
    docs, view_chars, views_left_out = [], 0, 0
    for k, doc_id in enumerate(order):
        rs = sorted(by_doc.get(doc_id, []), key=lambda r: r["start"])
        summary = summaries.get(doc_id, {})
        text = reread_source(rs[0].get("source") or {}) if rs else None
        if text is not None and view_chars + len(text) > MAX_VIEW_CHARS:
            text, views_left_out = None, views_left_out + 1
        view_chars += len(text or "")
        items = []
        for r in rs:
            speaker = r.get("speaker") or {}
            items.append({
                "id": r["id"], "kind": r["kind"], "kind_name": KIND_NAMES.get(r["kind"], r["kind"]), "text": r["text"],
                "speaker": speaker.get("name"), "role": speaker.get("role"), "level": levels.of(
                    " ".join(filter(None, (speaker.get("role"), speaker.get("organization"))))),
                "addressee": (r.get("addressee") or {}).get("text"), "topics": r.get("topics") or [],
                "section": r.get("section"), "group": r.get("group"), "group_size": r.get("group_size"),
                "answers": [by_id[i] for i in r.get("answered_by") or [] if i in by_id],
                "answered": [by_id[l["id"]] for l in r.get("responds_to") or [] if l["id"] in by_id]})
        docs.append({"doc_id": doc_id, "anchor": "doc-" + hashlib.sha1(doc_id.encode()).hexdigest()[:10],
                     "title": summary.get("title") or doc_id, "path": (rs[0].get("source") or {}).get("path") if rs else
                     (summary.get("source") or {}).get("path"), "statements": items, "page": k // PAGE_DOCUMENTS + 1,
                     "view": _view(text, rs) if text is not None else None,
                     "date": document_date(text) if text is not None else None,
                     "errors": summary.get("errors") or []})
    groups, groups_left_out = _groups(recs, {d["doc_id"]: d for d in docs})
    topic_counts = Counter(t for r in recs for t in (r.get("topics") or []))
    level_counts = Counter(levels.of(" ".join(filter(None, ((r.get("speaker") or {}).get("role"),
                                                           (r.get("speaker") or {}).get("organization"))))) for r in recs)
    addressees = Counter(((r.get("addressee") or {}).get("text") or "(không nêu)") for r in recs)
    charts = [
        ("Kiến nghị theo lĩnh vực", svg_bars([(TOPIC_NAMES.get(t, t), n) for t, n in topic_counts.most_common()])),
        ("Kiến nghị theo cấp của người nêu", svg_bars(level_counts.most_common())),
        ("Kiến nghị theo nơi nhận (10 nơi nhiều nhất)", svg_bars(addressees.most_common(10))),
        ("Kiến nghị đã được trả lời", svg_bars([("Đã có trả lời", answered), ("Chưa có trả lời", len(recs) - answered)])),
    ]
    return {
        "title": title or "Báo cáo tổng hợp kiến nghị và trả lời",
        "totals": {"documents": len(order), "recommendations": len(recs),
                   "responses": sum(1 for r in records if r.get("kind") == "response"), "answered": answered,
                   "answered_share": round(100 * answered / len(recs)) if recs else 0},
        "charts": charts, "documents": docs, "pages": max(1, (len(order) + PAGE_DOCUMENTS - 1) // PAGE_DOCUMENTS),
        "topics": sorted(topic_counts, key=lambda t: list(TOPIC_NAMES).index(t) if t in TOPIC_NAMES else 99),
        "topic_names": TOPIC_NAMES, "levels": [name for name, _ in levels.levels] + [levels.other],
        "views_left_out": views_left_out, "groups": groups, "groups_left_out": groups_left_out,
    }


MAX_GROUPS = 100  # groups listed in the report, largest first


def _groups(recs: list[dict], docs: dict[str, dict]) -> tuple[list[dict], int]:
    """The groups of more than one request (records grouped by ``extractor group``), largest first, each with its
    members' document and text; and how many smaller groups were left out."""
    members: dict[str, list[dict]] = defaultdict(list)
    for r in recs:
        if (r.get("group_size") or 0) > 1:
            d = docs.get(str(r.get("doc_id")), {})
            members[r["group"]].append({"anchor": d.get("anchor", ""), "title": d.get("title") or r.get("doc_id"),
                                        "text": r["text"]})
    ordered = sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return ([{"id": g, "size": len(m), "members": m} for g, m in ordered[:MAX_GROUPS]],
            max(0, len(ordered) - MAX_GROUPS))


def render_report(records: list[dict], documents: list[dict] | None = None, title: str | None = None) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("extractor", "templates"), autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("report.html.j2").render(**build_report(records, documents, title))


def write_report(records: list[dict], path: str, documents: list[dict] | None = None, title: str | None = None) -> None:
    from extractor.jsonl import atomic_bytes

    html = render_report(records, documents, title)
    with atomic_bytes(path) as fh:
        fh.write(html.encode("utf-8"))
