"""Features of one sentence for the sequence model, from the Doc after the rules have run.

What a sentence contributes (all names are stable: a trained model refers to them):

* ``rule=<kind>``, ``rule_id=<rule>``, ``mode=<turn mode>``: the cue rules' decision and the turn state;
* ``cue:<group>``: which cue groups of ``resources/cues.yaml`` occur (request verb, modal, response
  verb, reply opener, background opener, reporting verb, action phrase, continuation, directive,
  procedural); ``cue_first:<group>`` when the cue opens the sentence;
* speaker facts from ``vi_speakers``: named in the sentence, a pronoun, a new turn, a labelled turn,
  the speaker's level, a name or only a role, how the speaker was found, whether it is near;
* shape: opening quote, quote inside, quote closed by an attribution, question mark, ends with a
  colon, list marker or "Một là"-style ordinal, digits/money, length bucket, position in paragraph
  and document;
* words: the first two words, every word of the sentence (``w:<word>``, normalised view) and every pair of
  adjacent words (``b:<word>|<word>``);
* context: the rule decision and cue groups of the previous and next sentence (``-1:``/``+1:``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from extractor.tokenise import doc_text
from extractor.turns import NO_ANALYSIS, NO_SPEAKER

_LIST = re.compile(r"^\s*(?:[-–+•*]|\(?\d{1,2}[.)]|\(?[a-zđ]\)|(?:một|hai|ba|bốn|năm|sáu|bảy|tám)(?: là\b|\s*[,:])"
                   r"|thứ (?:nhất|hai|ba|tư|năm)\b)")
_QUOTE_OPEN = re.compile(r'^\W{0,3}"')
_ATTRIB = re.compile(r'"\s*[,.]?\s*(?:ông|bà|anh|chị|đồng chí|[^\W\d_]+ [^\W\d_]+)[^"]{0,80}(?:nói|cho biết|khẳng định|kiến nghị|đề nghị|đề xuất|nhấn mạnh|bày tỏ|chia sẻ|giải thích|trả lời)[^"]{0,30}\.?\s*$')
_MONEY = re.compile(r"\d[\d.,]*\s*(?:tỷ|triệu|nghìn|ngàn|usd|đồng)")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:_[^\W_]+)*", re.UNICODE)

_INTERVIEW = re.compile(r"(?m)^\s*(?:[-–]\s|(?:PV|Phóng viên)\s*:)")
# small word classes of what a sentence does (matched on the normalised view, whole words)
_LEXICON = [(name, re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)")) for name, words in (
    ("must", ["phải", "cần", "cần phải", "nên", "hãy", "buộc phải", "không được", "cấm"]),
    ("ask", ["đề nghị", "kiến nghị", "đề xuất", "yêu cầu", "mong muốn", "mong", "kính mong", "xin", "đòi hỏi",
             "kêu gọi", "khuyến cáo", "khuyến nghị", "nhắc nhở", "chỉ đạo", "chỉ thị", "giao", "kiến nghị"]),
    ("ask_info", ["cho biết", "làm rõ", "giải thích", "trả lời"]),
    ("report", ["cho biết", "cho hay", "thông tin", "khẳng định", "nói", "nhấn mạnh", "cho rằng", "giải thích",
                "thừa nhận", "lý giải", "phân tích", "bày tỏ", "chia sẻ"]),
    ("answer", ["trả lời", "giải trình", "tiếp thu", "ghi nhận", "tiếp nhận", "chấp nhận", "đồng ý", "nhất trí",
                "bác bỏ", "từ chối", "phê duyệt", "chấp thuận", "tán thành", "phúc đáp"]),
    ("future", ["sẽ", "sắp", "dự kiến", "tới đây", "thời gian tới", "trong thời gian tới", "đang nghiên cứu"]),
    ("past", ["đã", "vừa", "từng"]),
    ("stat", ["%", "tỷ đồng", "triệu đồng", "người", "trường hợp", "năm 20"]),
    ("we", ["chúng tôi", "tôi", "chúng ta", "ta"]),
)]

_PIVOTS = frozenset({"phải", "cần", "nên", "hãy", "đề_nghị", "kiến_nghị", "đề_xuất", "yêu_cầu", "mong_muốn", "mong",
                     "cho_biết", "khẳng_định", "trả_lời", "chỉ_đạo", "giao", "cho_rằng", "sẽ", "đòi_hỏi", "xin",
                     "cần_phải", "nhấn_mạnh", "thừa_nhận", "giải_thích", "kêu_gọi", "khuyến_cáo"})

CUE_GROUPS = ("request", "modal", "response_verbs", "response_openers", "background_openers", "reporting_verbs",
              "action_phrases", "continuation_openers", "directive_openers", "procedural_openers")
CONTEXT_KEYS = ("rule", "cue:request", "cue:modal", "cue:response_verbs", "cue:response_openers", "cue:reporting_verbs",
                "spk:explicit", "spk:new_turn", "shape:list", "shape:quote_open", "shape:question", "shape:colon_end",
                "lex:must", "lex:ask", "lex:answer", "lex:report")
_CONTEXT = frozenset(CONTEXT_KEYS)


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return f"<={e}"
    return f">{edges[-1]}"


def cue_groups(rules, view: str, start: int, end: int, text: str) -> dict[str, int]:
    """Positions of the first match of each cue group in the sentence (-1 when absent)."""
    out = {}
    m = rules.request(view, start, end)
    out["request"] = m.start if m else -1
    m = rules.modal(view, start, end, text)
    out["modal"] = m.start if m else -1
    for g in ("response_verbs", "reporting_verbs", "action_phrases"):
        m = rules.search(g, view, start, end)
        out[g] = m.start if m else -1
    for g in ("response_openers", "background_openers", "continuation_openers", "directive_openers",
              "procedural_openers"):
        m = rules.opener(getattr(rules, g), view, start, end)
        out[g] = m.start if m else -1
    return out


@dataclass
class _Running:
    """What the sentences before this one have shown (the document-level flags and the running state)."""

    doc_question: bool
    doc_interview: bool
    asked: bool = False          # a request earlier in the document
    questioned: bool = False     # a question earlier in the document
    in_quote: bool = False
    prev_question: bool = False
    para_index: int = 0

    def flags(self, f: dict[str, float]) -> None:
        for flag, name in ((self.doc_question, "doc:question"), (self.doc_interview, "doc:interview"),
                           (self.asked, "ctx:asked_before"), (self.questioned, "ctx:question_before"),
                           (self.in_quote, "ctx:in_quote"), (self.prev_question, "ctx:after_question")):
            if flag:
                f[name] = 1.0

    def after(self, f: dict[str, float], kind: str | None, seg: str) -> None:
        stripped = seg.rstrip()
        if kind == "recommendation" or f.get("cue:request"):
            self.asked = True
        if stripped.endswith("?") or f.get("lex:ask_info"):
            self.questioned = True
        self.prev_question = stripped.endswith("?")
        if seg.count('"') % 2 == 1:
            self.in_quote = not self.in_quote


def sentence_features(doc: Doc, sents, decisions, modes, rules, near) -> list[dict[str, float]]:
    """One feature dict per sentence of ``sents`` (the document's sentences, in order).

    ``decisions[i]`` is the rules' :class:`~extractor.statements.Decision`, ``modes[i]`` the turn
    mode after it, ``near[i]`` whether the sentence's speaker is named in or just before it.
    """
    text, view = doc_text(doc), doc._.view
    n = len(sents)
    run = _Running("?" in text, bool(_INTERVIEW.search(text)))
    tok_words = _token_words(doc)
    feats: list[dict[str, float]] = []
    for i, sent in enumerate(sents):
        s, e = sent.start_char, sent.end_char
        seg = view[s:e]
        f: dict[str, float] = {"bias": 1.0}
        run.flags(f)
        _lexicon(f, seg)
        d = decisions[i]
        f[f"rule={d.kind or 'none'}"] = 1.0
        f[f"rule_id={d.rule}"] = 1.0
        f[f"mode={modes[i] or 'none'}"] = 1.0
        for g, pos in cue_groups(rules, view, s, e, text).items():
            if pos >= 0:
                f[f"cue:{g}"] = 1.0
                if pos - s < 12:
                    f[f"cue_first:{g}"] = 1.0
        _speaker(f, sent, near[i])
        para_start = s == 0 or "\n" in text[max(0, s - 3):s] or not text[:s].strip()
        if para_start:
            run.para_index += 1
        _position(f, para_start, i, n, run.para_index)
        _shape(f, seg)
        _words(f, [w for w in tok_words[sent.start:sent.end] if w])
        feats.append(f)
        run.after(f, d.kind, seg)
    _context(feats)
    return feats


def _token_words(doc: Doc) -> list[str]:
    """Every token's feature word, once per document (the spaCy attribute access is the slow part)."""
    norms = doc._.token_norms
    if norms is None or len(norms) != len(doc):
        norms = [t.norm_ for t in doc]
    return [_SPACES.sub("_", norm) if _WORD.match(norm) and not norm.isspace() else "" for norm in norms]


def _lexicon(f: dict[str, float], seg: str) -> None:
    for lex, pat in _LEXICON:
        m = pat.search(seg)
        if m:
            f[f"lex:{lex}"] = 1.0
            f[f"lex:{lex}@{_bucket(seg.count(' ', 0, m.start()), (0, 3, 10))}"] = 1.0


def _speaker(f: dict[str, float], sent, near: bool) -> None:
    a = sent._.analysis or NO_ANALYSIS
    spk = sent._.speaker or NO_SPEAKER
    for k in ("explicit", "pronoun", "new_turn", "label_turn", "answer_label", "roster", "procedural",
              "interview_question", "interview_answer"):
        if getattr(a, k):
            f[f"spk:{k}"] = 1.0
    if spk.name:
        f["spk:has_name"] = 1.0
    elif spk.role:
        f["spk:role_only"] = 1.0
    else:
        f["spk:none"] = 1.0
    level = a.level
    f[f"spk:level={level if level is not None else 'na'}"] = 1.0
    if spk.evidence is not None and spk.evidence.rule:
        f[f"spk:rule={spk.evidence.rule}"] = 1.0
    if near:
        f["spk:near"] = 1.0
    mention = a.mention
    if mention is not None:
        f[f"spk:mention_at={_bucket(mention[0] - sent.start_char, (0, 15, 60))}"] = 1.0


def _position(f: dict[str, float], para_start: bool, i: int, n: int, para_index: int) -> None:
    if para_start:
        f["pos:para_first"] = 1.0
    if i == 0:
        f["pos:doc_first"] = 1.0
    if i == n - 1:
        f["pos:doc_last"] = 1.0
    f[f"pos:para={_bucket(para_index, (1, 2, 4))}"] = 1.0


def _shape(f: dict[str, float], seg: str) -> None:
    if _LIST.match(seg):
        f["shape:list"] = 1.0
    if _QUOTE_OPEN.match(seg):
        f["shape:quote_open"] = 1.0
    if '"' in seg:
        f["shape:quote"] = 1.0
    if '"' in seg and _ATTRIB.search(seg):
        f["shape:quote_attrib"] = 1.0
    stripped = seg.rstrip()
    if stripped.endswith("?"):
        f["shape:question"] = 1.0
    if stripped.endswith(":"):
        f["shape:colon_end"] = 1.0
    if _MONEY.search(seg):
        f["shape:money"] = 1.0


def _words(f: dict[str, float], words: list[str]) -> None:
    f[f"shape:len={_bucket(len(words), (4, 10, 25, 45))}"] = 1.0
    for k, w in enumerate(words[:2]):
        f[f"w{k}={w}"] = 1.0
    if len(words) >= 2:
        f[f"w01={words[0]}|{words[1]}"] = 1.0
    for w in dict.fromkeys(words):  # in order, so that training is reproducible (no hash order)
        f[f"w:{w}"] = 1.0
    for a, b in zip(words, words[1:]):  # word pairs: "phải chịu" describes, "phải có" asks (CV F1 +0.005)
        f[f"b:{a}|{b}"] = 1.0
    for k, w in enumerate(words):
        if w in _PIVOTS:
            # what stands around a modal or a verb of asking or saying: "phải" after a subject
            # ("thành phố phải ...") asks, "phải chịu" describes
            f[f"pv:{w}<{words[k - 1] if k else '^'}"] = 1.0
            f[f"pv:{w}>{words[k + 1] if k + 1 < len(words) else '$'}"] = 1.0
            f[f"pv:{w}@{_bucket(k, (0, 2, 6, 15))}"] = 1.0


def _context(feats: list[dict[str, float]]) -> None:
    """The main decisions and cues of the previous and the next sentence (``-1:`` / ``+1:``)."""
    n = len(feats)
    context = [[(k, v) for k, v in f.items() if k in _CONTEXT or k.partition("=")[0] in _CONTEXT] for f in feats]
    for i in range(n):
        for off, tag in ((-1, "-1:"), (1, "+1:")):
            j = i + off
            if not 0 <= j < n:
                feats[i][f"{tag}none"] = 1.0
                continue
            for k, v in context[j]:
                feats[i][tag + k] = v
