"""Which recommendation(s) each response answers, within one document: ``responds_to`` and ``answered_by``.

Every response is paired with every recommendation made before it in the same document, and each pair is
described by a few facts (:func:`pair_features`): the words they share (content words and word pairs,
weighted by how rare they are in the document; ``resources/links.yaml`` lists the words that say nothing
about the matter), how close the matter the response names ("Về đề xuất bổ sung cán bộ chuyên trách, ...")
is to the recommendation, whether it names whose request it answers ("Đối với kiến nghị của ông Hoàng"),
shared topics, whether the recommendation was made since the previous response and the response points back
at it ("Tiếp thu ý kiến này"), whether the response continues the previous one ("Về phía thành phố, ...",
"Đồng thời, ...") which answered it, and how far apart they are. A logistic model over those facts
(``models/links-v1/links.json``: plain weights, trained by ``extractor train-links`` on the project's gold
links; :mod:`extractor.links_train`) gives each pair a probability; pairs reaching the model's threshold are
links (unless under half the probability of the response's best link), kept with the probability and the facts
as evidence. Three rules stand over the model: a response that
names whose request it answers is linked to that speaker's recommendations, a speaker who accepts the
opinions as a whole ("Phát biểu kết luận, ông X tiếp thu các ý kiến của cử tri ...") answers every request
made before, and a response that opens as a
continuation and names no matter of its own, when the model links it to nothing, answers what the response
before it answered.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractor.rulefiles import load_yaml, string_list

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class LinkRules:
    stop_words: frozenset
    reference_openers: tuple[str, ...]
    speaker_references: tuple[str, ...]
    continuation_openers: tuple[str, ...]
    anaphora: tuple[str, ...] = ()
    plural_anaphora: tuple[str, ...] = ()
    not_a_matter: tuple[str, ...] = ()
    accepts_all: tuple[str, ...] = ()
    accepts_all_in_general: tuple[str, ...] = ()
    general_words: tuple[str, ...] = ()

    def reference(self, text: str) -> str | None:
        """The matter a response names after an opener ("Về đề xuất X, ..." -> "X"), or None."""
        low = _lower(text).lstrip(" “\"'-–")
        for opener in self.reference_openers:  # longest first
            if low.startswith(opener + " "):
                phrase = low[len(opener) + 1:].split(",")[0].strip()
                for lead in ("về ", "của ", "việc "):
                    if phrase.startswith(lead):
                        phrase = phrase[len(lead):]
                        if lead == "của " and " về " in phrase:  # "kiến nghị của cử tri X về Y": the matter is Y
                            phrase = phrase.split(" về ", 1)[1]
                if any(phrase == w or phrase.startswith(w + " ") for w in self.not_a_matter):
                    return None  # "Về phía Thành phố, ...": whose side, not which matter
                return phrase or None
        return None

    def points_back(self, text: str) -> bool:
        return self.pointing(text) is not None

    def pointing(self, text: str) -> str | None:
        """What a response points back at: ``"document"`` every recommendation made before it (a speaker who
        accepts the opinions as a whole: "Phát biểu kết luận, ông X tiếp thu các ý kiến của cử tri ..."),
        ``"all"`` the recommendations made since the previous response ("Tiếp thu các ý kiến trên"), ``"last"``
        the one just made ("Về vấn đề này"), or None."""
        low = _lower(text).lstrip(" “\"'-–")
        if (any(self._accepts_all_at(a, low) for a in self.accepts_all)
                or (any(self._accepts_all_at(a, low) for a in self.accepts_all_in_general)
                    and any(_has(w, low) for w in self.general_words))):
            return "document"
        if any(_has(a, low) for a in self.plural_anaphora):
            return "all"
        if any(_has(a, low) for a in self.anaphora):
            return "last"
        return None

    @staticmethod
    def _accepts_all_at(phrase: str, low: str) -> bool:
        """``phrase`` is the sentence's own verb (not a fronted "Tiếp thu ý kiến cử tri, ông X cho biết ..." that
        opens one answer) and is not pointed back ("... các ý kiến trên")."""
        return any(m.start() > 0 and not re.match(r"\s+(trên|này|về)\b", low[m.end():])
                   for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", low))

    def continues(self, text: str) -> bool:
        low = _lower(text).lstrip(" “\"'-–")
        return any(low.startswith(o + " ") or low.startswith(o + ",") for o in self.continuation_openers)


def _has(phrase: str, low: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", low) is not None


def _lower(text: str) -> str:
    return unicodedata.normalize("NFC", text or "").casefold()


@lru_cache(maxsize=1)
def default_link_rules() -> LinkRules:
    data = load_yaml("links.yaml")
    where = "links.yaml"
    return LinkRules(
        frozenset(_lower(w) for w in string_list(data, "stop_words", where)),
        tuple(sorted((_lower(o) for o in string_list(data, "reference_openers", where)), key=len, reverse=True)),
        tuple(_lower(o) for o in string_list(data, "speaker_references", where)),
        tuple(sorted((_lower(o) for o in string_list(data, "continuation_openers", where)), key=len, reverse=True)),
        tuple(_lower(a) for a in string_list(data, "anaphora", where)),
        tuple(_lower(a) for a in string_list(data, "plural_anaphora", where)),
        tuple(_lower(w) for w in string_list(data, "not_a_matter", where)),
        tuple(_lower(w) for w in string_list(data, "accepts_all", where)),
        tuple(_lower(w) for w in string_list(data, "accepts_all_in_general", where)),
        tuple(_lower(w) for w in string_list(data, "general_words", where)),
    )


def _terms(text: str, stop: frozenset) -> Counter:
    words = [w for w in _WORD.findall(_lower(text)) if not w.isdigit()]
    out = Counter(w for w in words if w not in stop)
    out.update(f"{a} {b}" for a, b in zip(words, words[1:]) if a not in stop and b not in stop)
    return out


def _cosine(a: Counter, b: Counter, idf: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(a[t] * b[t] * idf.get(t, 1.0) ** 2 for t in a.keys() & b.keys())
    na = math.sqrt(sum((v * idf.get(t, 1.0)) ** 2 for t, v in a.items()))
    nb = math.sqrt(sum((v * idf.get(t, 1.0)) ** 2 for t, v in b.items()))
    return dot / (na * nb) if na and nb else 0.0


def _speaker_named(response: str, speaker: str | None, rules: LinkRules) -> bool:
    if not speaker:
        return False
    low = _lower(response)
    name = _lower(speaker)
    given = name.split()[-1] if name.split() else name
    for ref in rules.speaker_references:
        i = low.find(ref)
        if i >= 0:
            after = low[i + len(ref):i + len(ref) + 60]
            if name in after or re.search(rf"\b(ông|bà|anh|chị|đại biểu|đồng chí)\s+{re.escape(given)}\b", after):
                return True
    return False


FEATURES = ("bias", "similarity", "relative_similarity", "best_similarity", "named_matter", "named_matter_similarity",
            "names_the_speaker", "shared_topics", "since_the_previous_response", "points_back",
            "continues_previous", "previous_answered_it", "distance", "candidates", "addressed_to_responder",
            "same_section", "topic_similarity", "names_other_matter", "shared_phrase")
LINKS_MODEL = "links-v1"
NAMED_SPEAKER = 0.9  # the probability given to a pair whose response names the recommendation's speaker
ACCEPTS_ALL = 0.8  # ... to each request made before a response that accepts the opinions as a whole
RELATIVE_CUT = 0.5  # a link under half the probability of the response's best link is dropped


@dataclass(frozen=True)
class LinkModel:
    """Logistic weights over :data:`FEATURES` and the probability from which a pair is a link."""

    weights: tuple[float, ...]
    threshold: float
    name: str = "unsaved"

    def probability(self, features: dict[str, float]) -> float:
        z = sum(w * features.get(f, 0.0) for f, w in zip(FEATURES, self.weights))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def load_link_model(path: str | Path | None = None) -> LinkModel:
    """A links model directory (default: the shipped ``links-v1``): ``links.json`` with plain weights."""
    import json

    from extractor.errors import ModelError
    from extractor.model.paths import shipped_model_path

    folder = Path(path) if path else shipped_model_path(LINKS_MODEL)
    f = folder / "links.json"
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
        weights = dict(zip(data["features"], data["weights"]))
        model = LinkModel(tuple(float(weights.get(name, 0.0)) for name in FEATURES), float(data["threshold"]),
                          data.get("name", folder.name))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"{f}: not a links model ({type(exc).__name__}: {exc})") from exc
    unknown = set(data["features"]) - set(FEATURES)
    if unknown:
        raise ModelError(f"{f}: features this extractor does not compute: {', '.join(sorted(unknown))}")
    return model


@lru_cache(maxsize=4)
def cached_link_model(path: str | None = None) -> LinkModel:
    return load_link_model(path)


ANSWERED_KINDS = ("recommendation", "question")  # what a response can answer


def pair_candidates(records: list[dict], rules: LinkRules | None = None, decide=None,
                    targets: tuple[str, ...] = ANSWERED_KINDS):
    """For each response of one document's records (text order): ``(response, [(recommendation, features,
    evidence), ...])``. ``decide(response, candidates) -> ids`` is called after each response, so that the
    next one knows what the previous response answered (``previous_answered_it``). ``targets``: the kinds a
    response can answer (recommendations, and the questions of a question session)."""
    rules = rules or default_link_rules()
    terms = [_terms(r.get("text", ""), rules.stop_words) for r in records]
    words = [[w for w in _WORD.findall(_lower(r.get("text", ""))) if not w.isdigit()] for r in records]
    df = Counter(t for ts in terms for t in ts)
    idf = {t: math.log(1 + max(1, len(records)) / c) for t, c in df.items()}
    previous_ids: set[str] = set()
    previous_speaker = previous_id = None
    last_response = -1
    recs_before = [0]  # recommendations among records[:k], for the distance of a pair without rescanning
    for x in records:
        recs_before.append(recs_before[-1] + (x.get("kind") == "recommendation"))
    for i, r in enumerate(records):
        if r.get("kind") != "response":
            continue
        text = r.get("text", "")
        since = [c["id"] for c in records[last_response + 1:i] if c.get("kind") in targets]
        recent = set(since)
        last_response = i
        phrase, pointing = rules.reference(text), rules.pointing(text)
        pointed = (recent if pointing == "all" else set(since[-1:]) if pointing == "last"
                   else {c["id"] for c in records[:i] if c.get("kind") in targets} if pointing == "document" else set())
        ref_terms = _terms(phrase, rules.stop_words) if phrase else None
        speaker = (r.get("speaker") or {}).get("name")
        continues = rules.continues(text) or bool(speaker and speaker == previous_speaker)
        rows = []
        for j, c in enumerate(records[:i]):
            if c.get("kind") not in targets:
                continue
            whole = _cosine(terms[i], terms[j], idf)
            named = _cosine(ref_terms, terms[j], idf) if ref_terms else 0.0
            shared = sorted((set(r.get("topics") or []) & set(c.get("topics") or [])) - {"other"})
            f = {"bias": 1.0, "similarity": whole, "named_matter": float(bool(ref_terms)),
                 "named_matter_similarity": named,
                 "names_the_speaker": float(_speaker_named(text, (c.get("speaker") or {}).get("name"), rules)),
                 "shared_topics": float(bool(shared)), "since_the_previous_response": float(c["id"] in recent),
                 "points_back": float(c["id"] in pointed),
                 "continues_previous": float(continues and c["id"] in previous_ids),
                 "previous_answered_it": float(c["id"] in previous_ids),
                 "distance": math.log1p(recs_before[i] - recs_before[j + 1]),
                 "addressed_to_responder": float(_addressed_to(c, r)),
                 "same_section": float(c.get("section") == r.get("section")),
                 "topic_similarity": _score_cosine(r.get("scores") or {}, c.get("scores") or {}),
                 # "Về thi tuyển công chức, ...": the response names a matter this recommendation shares no word with
                 "names_other_matter": float(bool(ref_terms) and named == 0.0),
                 # the longest run of words the two share ("bổ sung chức danh công nghệ thông tin"), up to 8
                 "shared_phrase": _shared_run(words[i], words[j], rules.stop_words) / _SHARED_RUN_CAP}
            evidence = {"similarity": round(whole, 3)}
            if ref_terms:
                evidence.update(named_matter=phrase, named_matter_similarity=round(named, 3))
            for key in ("names_the_speaker", "since_the_previous_response", "points_back", "addressed_to_responder"):
                if f[key]:
                    evidence[key] = True
            if pointing == "document" and c["id"] in pointed:
                evidence["accepts_all"] = True
            if shared:
                evidence["shared_topics"] = shared
            if f["continues_previous"]:
                evidence["continues"] = previous_id
            rows.append((c, f, evidence))
        best = max((f["similarity"] for _, f, _ in rows), default=0.0)
        for _, f, _ in rows:
            f["relative_similarity"] = f["similarity"] / best if best else 0.0
            f["best_similarity"] = float(best > 0 and f["similarity"] == best)
            f["candidates"] = math.log1p(len(rows))
        chosen = decide(r, rows) if decide else set()
        previous_ids, previous_speaker, previous_id = set(chosen), speaker, r["id"]
        yield r, rows


_SHARED_RUN_CAP = 8


def _shared_run(a: list[str], b: list[str], stop: frozenset) -> int:
    """The length (capped) of the longest run of consecutive words of ``a`` also in ``b``, with a content word."""
    best, prev = 0, [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        cur = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                k = cur[j] = prev[j - 1] + 1
                if k > best and any(w not in stop for w in a[i - k:i]):
                    best = k
        prev = cur
    return min(best, _SHARED_RUN_CAP)


def _score_cosine(a: dict, b: dict) -> float:
    """Cosine of two statements' topic probabilities (the topic model's view of their matter)."""
    keys = a.keys() & b.keys()
    dot = sum(a[k] * b[k] for k in keys)
    na, nb = math.sqrt(sum(v * v for v in a.values())), math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def _addressed_to(recommendation: dict, response: dict) -> bool:
    """The recommendation's addressee is the answering speaker's body or title ("Sở Y tế" / "Giám đốc Sở Y tế")."""
    to = set(_WORD.findall(_lower((recommendation.get("addressee") or {}).get("text") or "")))
    speaker = response.get("speaker") or {}
    by = set(_WORD.findall(_lower(" ".join(filter(None, (speaker.get("role"), speaker.get("organization")))))))
    return bool(to) and len(to & by) / len(to) >= 0.6


def link_records(records: list[dict], model: LinkModel | None = None, rules: LinkRules | None = None) -> None:
    """Set ``responds_to`` on each response and ``answered_by`` on each recommendation of one document's
    records (in place; every record gets both lists, empty when there is nothing to say)."""
    model = model or cached_link_model()
    rules = rules or default_link_rules()
    for r in records:
        r["responds_to"], r["answered_by"] = [], []
    by_id = {r["id"]: r for r in records}

    state = {"previous": []}

    def decide(response, rows):
        links = []
        # "Đối với kiến nghị của ông Hoàng": the answer says whose request it is (that speaker's closest one)
        named = max((r for r in rows if r[1]["names_the_speaker"]), key=lambda r: r[1]["similarity"], default=None)
        for c, f, evidence in rows:
            p = model.probability(f)
            if named is not None and c is named[0]:
                p = max(p, NAMED_SPEAKER)
            if evidence.get("accepts_all"):  # "ông X tiếp thu đầy đủ các ý kiến của cử tri": every request before
                p = max(p, ACCEPTS_ALL)
            if p >= model.threshold:
                links.append({"id": c["id"], "score": round(p, 3), "evidence": evidence})
        best = max((l["score"] for l in links), default=0.0)
        links = [l for l in links if l["score"] >= RELATIVE_CUT * best]
        text = response.get("text", "")
        if not links and state["previous"] and rules.continues(text) and rules.reference(text) is None:
            # "Đồng thời, ...": goes on with the previous response's matter, which named no other
            links = [{"id": l["id"], "score": round(l["score"] * 0.9, 3), "evidence": {"continues": state["id"]}}
                     for l in state["previous"]]
        state["previous"], state["id"] = links, response["id"]
        response["responds_to"] = sorted(links, key=lambda l: -l["score"])
        for link in response["responds_to"]:
            by_id[link["id"]]["answered_by"].append(response["id"])
        return {link["id"] for link in links}

    for _ in pair_candidates(records, rules, decide):
        pass
