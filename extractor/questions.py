"""Questions are not recommendations (shared guidelines): "đề nghị Bộ trưởng cho biết / làm rõ ..." asks for an
answer, not for action. The test over the normalised view, with the word lists of ``resources/cues.yaml``
(``question_verbs``, ``question_directives``, ``question_also_asks``, ``question_verb_not_in``) read from the
statement rules."""

from __future__ import annotations

import re

from extractor.rulefiles import Match, PhraseSet

# words between a verb of asking and "cho biết" that show an action is asked first ("và" before a lower-case
# word: "sửa đường và cho biết"; "Giáo dục và Đào tạo" is a name)
_ACTION_WORDS = re.compile(r"(?<!\w)(?:sớm|khẩn trương|nhanh chóng|kịp thời|phải|cần)(?!\w)")
_AND_NEXT = re.compile(r"(?<!\w)và\s+(\w)")


def _action_between(between: str) -> bool:
    if _ACTION_WORDS.search(between) or re.search(r"(?<!\w)và\s*$", between):
        return True  # "... quan tâm và cho biết": an action is asked before the question
    return any(m.group(1).islower() for m in _AND_NEXT.finditer(between))


def asks_for_information(rules, view: str, req: Match, end: int, text: str | None = None) -> bool:
    """"đề nghị (Bộ trưởng) cho biết / làm rõ ...": the verb of asking governs a verb of telling
    within its next few words, and the sentence asks for no action besides."""
    if view[req.start:req.end].strip() == "xin":
        return False  # "Xin trả lời đại biểu ...": the answer itself
    directive = rules.question_directives.match_at(view, req.start) is not None
    after = req.end - 3 if view[req.start:req.end].endswith(" cho") else req.end  # "đề nghị cho | biết"
    window_end = min(end, after + 70)
    q = next((q for q in rules.question_verbs.finditer(view, after, window_end)
              if not _in_phrase(rules.question_verb_not_in, view, q, after, window_end)), None)
    between = (text or view)[after:q.start] if q is not None else ""
    if q is None or re.search(r"[,;:.]", between) or len(between.split()) > 8 or _action_between(between):
        return False  # "đề nghị thành phố sớm sửa đường và cho biết ...": an action asked first
    if directive and q.phrase == "làm rõ":
        return False  # "yêu cầu Sở làm rõ trách nhiệm ...": an order to look into it
    return rules.question_also_asks.search(view, q.end, end) is None


def _in_phrase(pset: PhraseSet, view: str, m: Match, start: int, end: int) -> bool:
    """Whether ``m`` lies inside a match of ``pset`` ("văn bản trả lời": a noun, not a verb of answering)."""
    return any(p.start <= m.start and m.end <= p.end for p in pset.finditer(view, max(start, m.start - 12), end))
