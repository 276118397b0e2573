"""Reviewers correct the tool: uncertain records out to Label Studio (or Doccano), corrections back in.

* :func:`export_tasks`: the least certain statements (the lowest of the kind probability and the topic
  probability of the labels given) as Label Studio tasks: the sentence with context before and after,
  predictions as spans (statement, speaker mention, addressee) and choices (kind, topics) with a score to sort
  by, and :func:`labeling_config` (the XML that matches them). ``doccano`` writes Doccano's JSONL instead.
* :func:`import_corrections`: a Label Studio export read back as corrections: one line per reviewed record
  with its ``review_status`` (accepted / corrected / rejected) and the reviewer's values, in our training
  JSONL format (``text``, ``kind``, ``labels``, ``source``, ``split``), so ``extractor train`` takes them.
* :func:`apply_corrections`: records with the reviewers' values and ``review_status`` (``auto`` when unreviewed).

Offsets: Label Studio counts characters as JavaScript does, in UTF-16 code units; records count code points of
the NFC text. :func:`to_utf16` and :func:`from_utf16` convert.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from extractor.errors import ExtractorError

CONTEXT_CHARS = 300


class ReviewError(ExtractorError):
    """An export that cannot be read back; the message names the file and the task."""


def to_utf16(text: str, index: int) -> int:
    """The UTF-16 offset of code point ``index`` of ``text``."""
    return len(text[:index].encode("utf-16-le")) // 2


def from_utf16(text: str, offset: int) -> int:
    """The code point index of UTF-16 offset ``offset`` in ``text``."""
    units = 0
    for i, ch in enumerate(text):
        if units >= offset:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def confidence(record: dict) -> float:
    """How sure the tool is of a record: the lower of its kind's probability and its topics' (1.0 when unknown)."""
    ev = record.get("evidence") or {}
    kind_p = ev.get("probability")
    if kind_p is None and ev.get("kind_scores"):
        kind_p = (ev["kind_scores"] or {}).get(record.get("kind"))
    scores = record.get("scores") or {}
    topic_p = min((scores.get(t, 1.0) for t in record.get("topics") or []), default=None)
    values = [float(v) for v in (kind_p, topic_p) if v is not None]
    return round(min(values), 4) if values else 1.0


def labeling_config(labels: list[str]) -> str:
    """The Label Studio labeling config (XML) matching the tasks."""
    topics = "".join(f'<Choice value="{l}"/>' for l in labels)
    return ('<View>\n  <Text name="text" value="$text"/>\n'
            '  <Labels name="statement" toName="text"><Label value="recommendation"/><Label value="response"/>'
            '<Label value="question"/></Labels>\n'
            '  <Labels name="mention" toName="text"><Label value="speaker"/><Label value="addressee"/></Labels>\n'
            '  <Choices name="kind" toName="text" choice="single-radio"><Choice value="recommendation"/>'
            '<Choice value="response"/><Choice value="question"/><Choice value="none"/></Choices>\n'
            f'  <Choices name="topics" toName="text" choice="multiple">{topics}</Choices>\n'
            '  <TextArea name="speaker_name" toName="text" maxSubmissions="1" placeholder="Người phát biểu (họ tên)"/>\n'
            '</View>\n')


def _span(context: str, start: int, end: int, name: str, label: str) -> dict:
    return {"id": f"{name}-{start}", "from_name": name, "to_name": "text", "type": "labels",
            "value": {"start": to_utf16(context, start), "end": to_utf16(context, end), "text": context[start:end],
                      "labels": [label]}}


def export_tasks(records: list[dict], texts: dict[str, str] | None = None, below: float = 0.7,
                 fmt: str = "labelstudio") -> list[dict]:
    """Tasks for the records whose confidence is below ``below``, least certain first. ``texts`` maps a
    document id to its canonical text (for the context); without it the sentence alone is shown."""
    chosen = sorted((r for r in records if confidence(r) < below), key=lambda r: (confidence(r), r["id"]))
    tasks = []
    for r in chosen:
        text = (texts or {}).get(r.get("doc_id"))
        if text and text[r["start"]:r["end"]] == r["text"]:
            lo, hi = max(0, r["start"] - CONTEXT_CHARS), min(len(text), r["end"] + CONTEXT_CHARS)
            context, shift = text[lo:hi], lo
        else:
            context, shift = r["text"], r["start"]
        s, e = r["start"] - shift, r["end"] - shift
        data = {"text": context, "record_id": r["id"], "doc_id": r.get("doc_id"), "sentence_start": to_utf16(context, s),
                "sentence_end": to_utf16(context, e)}
        if fmt == "doccano":
            tasks.append({"text": context, "label": [[s, e, r["kind"]]] + [[m["start"] - shift, m["end"] - shift, name]
                          for name, m in (("speaker", (r.get("speaker") or {}).get("evidence") or {}),
                                          ("addressee", r.get("addressee") or {}))
                          if isinstance(m.get("start"), int) and s <= m["start"] - shift and m["end"] - shift <= len(context)],
                          "cats": [r["kind"], *(r.get("topics") or [])], "meta": {k: data[k] for k in ("record_id", "doc_id")}})
            continue
        result = [_span(context, s, e, "statement", r["kind"]),
                  {"id": "kind", "from_name": "kind", "to_name": "text", "type": "choices", "value": {"choices": [r["kind"]]}},
                  {"id": "topics", "from_name": "topics", "to_name": "text", "type": "choices",
                   "value": {"choices": list(r.get("topics") or [])}}]
        for name, m in (("speaker", (r.get("speaker") or {}).get("evidence") or {}), ("addressee", r.get("addressee") or {})):
            ms, me = m.get("start"), m.get("end")
            if isinstance(ms, int) and isinstance(me, int) and 0 <= ms - shift < me - shift <= len(context):
                result.append(_span(context, ms - shift, me - shift, "mention", name))
        if (r.get("speaker") or {}).get("name"):
            result.append({"id": "speaker_name", "from_name": "speaker_name", "to_name": "text", "type": "textarea",
                           "value": {"text": [r["speaker"]["name"]]}})
        tasks.append({"data": data, "predictions": [{"model_version": (r.get("evidence") or {}).get("sequence_model") or "rules",
                                                      "score": confidence(r), "result": result}]})
    return tasks


def _last_annotation(task: dict) -> dict | None:
    done = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    return done[-1] if done else None


KINDS = ("recommendation", "response", "question", "none")


def _doccano_tasks(path: Path) -> list[dict]:
    """A Doccano JSONL export of our tasks, as Label Studio tasks with one annotation each: the kind and the
    topics from the categories (``cats`` or classification ``label``), the sentence from ``meta``."""
    tasks = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            meta = d.get("meta") or {}
            cats = [c for c in (d.get("cats") or [l for l in d.get("label") or [] if isinstance(l, str)])]
            spans = [l for l in d.get("label") or [] if isinstance(l, list)]
            text = d["text"]
        except (json.JSONDecodeError, AttributeError, KeyError, TypeError):
            raise ReviewError(f"{path}: line {n} is not a Doccano task exported by `extractor review export`") from None
        sentence = next(((s, e) for s, e, lab in spans if lab in KINDS), (0, len(text)))
        kind = next((c for c in cats if c in KINDS), None)
        result = [{"from_name": "kind", "value": {"choices": [kind] if kind else []}},
                  {"from_name": "topics", "value": {"choices": [c for c in cats if c not in KINDS]}}]
        tasks.append({"data": {"text": text, "record_id": meta.get("record_id", d.get("record_id")),
                               "doc_id": meta.get("doc_id", d.get("doc_id")),
                               "sentence_start": to_utf16(text, sentence[0]), "sentence_end": to_utf16(text, sentence[1])},
                      "annotations": [{"result": result}]})
    return tasks


def import_corrections(path: str | Path, records: list[dict] | None = None) -> list[dict]:
    """Corrections from a Label Studio JSON export (or a Doccano JSONL export, by its ``.jsonl`` suffix) of our
    tasks. A malformed task raises ReviewError naming it."""
    path = Path(path)
    if path.suffix.lower() == ".jsonl":
        return _corrections(_doccano_tasks(path), path, records)
    try:
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReviewError(f"{path}: not a Label Studio JSON export ({exc})") from None
    if not isinstance(tasks, list):
        raise ReviewError(f"{path}: expected a list of tasks")
    return _corrections(tasks, path, records)


def _corrections(tasks: list, path: Path, records: list[dict] | None) -> list[dict]:
    by_id = {r["id"]: r for r in records or []}
    out = []
    for n, task in enumerate(tasks, 1):
        where = f"{path}: task {n}"
        data = task.get("data") if isinstance(task, dict) else None
        if not isinstance(data, dict) or "record_id" not in data or "text" not in data:
            raise ReviewError(f"{where}: no data.record_id / data.text (not a task exported by `extractor review export`)")
        ann = _last_annotation(task)
        if ann is None:
            continue  # not reviewed yet
        values = {}
        for item in ann.get("result") or []:
            try:
                name, value = item["from_name"], item["value"]
            except (KeyError, TypeError):
                raise ReviewError(f"{where}: a result without from_name/value") from None
            if name in ("kind", "topics"):
                values[name] = list(value.get("choices") or [])
            elif name == "speaker_name":
                values[name] = " ".join(value.get("text") or []).strip() or None
        context = data["text"]
        s = from_utf16(context, data.get("sentence_start", 0))
        e = from_utf16(context, data.get("sentence_end", len(context.encode("utf-16-le")) // 2))
        sentence = unicodedata.normalize("NFC", context[s:e])
        kind = (values.get("kind") or [None])[0]
        rec = by_id.get(data["record_id"], {})
        before = {"kind": rec.get("kind"), "topics": rec.get("topics"), "speaker_name": (rec.get("speaker") or {}).get("name")}
        if kind == "none":
            status = "rejected"
        else:
            after = {"kind": kind or rec.get("kind"), "topics": values.get("topics", rec.get("topics")),
                     "speaker_name": values.get("speaker_name", before["speaker_name"])}
            status = "accepted" if (not rec or after == before) else "corrected"
        final_kind = "none" if status == "rejected" else (kind or rec.get("kind"))
        out.append({"record_id": data["record_id"], "doc_id": data.get("doc_id"), "review_status": status,
                    "text": sentence, "kind": "none" if final_kind == "question" else final_kind,
                    "review_kind": final_kind,
                    "labels": [] if status == "rejected" else list(values.get("topics", rec.get("topics") or [])),
                    "speaker_name": values.get("speaker_name"), "source": f"review:{path.name}", "split": "train"})
    return out


def apply_corrections(records: list[dict], corrections: list[dict]) -> list[dict]:
    """The records with the reviewers' values and ``review_status`` (``auto`` for records nobody reviewed).
    A rejected record stays, marked rejected, so nothing is lost."""
    by_id = {c["record_id"]: c for c in corrections}
    out = []
    for r in records:
        r = dict(r)
        c = by_id.get(r["id"])
        r["review_status"] = c["review_status"] if c else "auto"
        if c and c["review_status"] == "corrected":
            r["review"] = {"before": {"kind": r["kind"], "topics": r.get("topics"),
                                      "speaker_name": (r.get("speaker") or {}).get("name")}}
            r["kind"], r["topics"] = c.get("review_kind") or c["kind"], c["labels"]
            if c.get("speaker_name"):
                r["speaker"] = dict(r.get("speaker") or {}, name=c["speaker_name"])
        out.append(r)
    return out
