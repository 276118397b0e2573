"""The statement decision: recommendation / response / neither, with its evidence."""

from __future__ import annotations

import pytest
import yaml

from extractor.rulefiles import resource_path


@pytest.fixture(scope="module")
def nlp():
    from extractor.pipeline import build_nlp

    return build_nlp(topics=False)


@pytest.fixture(scope="module")
def rules_nlp():
    from extractor.pipeline import build_nlp

    return build_nlp(sequence_model=None, use_model=False, topics=False)


def kinds(nlp, text):
    doc = nlp(text)
    return [(s.text, s._.kind, s._.evidence) for s in doc.spans["sentences"]]


CUES = yaml.safe_load(open(resource_path("cues.yaml"), encoding="utf-8"))


CUE_EXAMPLES = [(kind, text) for kind in ("recommendation", "response", "none") for text in CUES["examples"][kind]]


@pytest.mark.parametrize("kind, text", CUE_EXAMPLES, ids=[f"{k}:{t[:40]}" for k, t in CUE_EXAMPLES])
def test_cue_file_example_gets_its_kind(nlp, kind, text):
    """Each example sentence in cues.yaml gets the kind it is listed under (linguists add examples there)."""
    got = kinds(nlp, text)
    assert got[-1][1] == (None if kind == "none" else kind), got[-1][2]


@pytest.mark.parametrize("text, expected", [
    ("Hội nghị đã tổng hợp 25 kiến nghị của cử tri.", None),
    ("Các đề xuất này sẽ được gửi đến Bộ Nội vụ.", None),
    ("Đặt thêm vấn đề, ông Hải nêu khó khăn về ngân sách của phường.", None),
    ("Thiếu nhân sự công nghệ thông tin", None),
    ("Ông Nguyễn Văn Hải đề nghị thành phố bổ sung biên chế cho phường.", "recommendation"),
    ("Cử tri Trần Thị Lan mong muốn quận sớm sửa chữa trường học.", "recommendation"),
    ("Theo bà Lan, thành phố nên tăng phụ cấp cho cộng tác viên.", "recommendation"),
    ("Trả lời cử tri, Giám đốc Sở Nội vụ Phạm Văn Tùng cho biết sở đang rà soát biên chế.", "response"),
    ("Tiếp thu ý kiến cử tri, Chủ tịch UBND quận Lê Minh Châu cam kết sửa đường trong quý III.", "response"),
], ids=["count-of-recommendations", "plural-noun", "problem-only", "heading", "request-verb", "wish",
        "modal-after-theo", "reply-opener", "acceptance"])
def test_single_sentence_decisions(nlp, text, expected):
    got = [k for _, k, _ in kinds(nlp, text)]
    assert (got[-1] if got else None) == expected


def test_turn_context_decides_reported_requests_and_background():
    """In an answering turn a reported request is a response; background with an opener is not a statement."""
    from extractor.pipeline import build_nlp

    nlp = build_nlp(topics=False)
    text = ("Chủ tịch UBND phường 5 Lê Văn Hải đề nghị thành phố tăng biên chế.\n\n"
            "Trả lời vấn đề này, Phó Giám đốc Sở Nội vụ Trần Thị Mai cho biết, sở đã có kế hoạch tuyển dụng. "
            "Vừa qua, thành phố đề xuất Bộ Nội vụ tăng biên chế nhưng chưa được chấp thuận. "
            "Về lâu dài, UBND thành phố cũng đề nghị Bộ Nội vụ cho phép tự chủ biên chế. "
            "Bà Mai cũng đề nghị các phường chủ động sắp xếp nhân sự.")
    got = [k for _, k, _ in kinds(nlp, text)]
    assert got == ["recommendation", "response", None, "response", "recommendation"]


def test_evidence_names_rule_and_cue_span(nlp):
    text = "Ông Nguyễn Văn Hải kiến nghị thành phố bổ sung biên chế."
    doc = nlp(text)
    sent = doc.spans["sentences"][0]
    ev = sent._.evidence
    assert ev["decided_by"] == "rules" and ev["rule"] == "request_verb"
    assert text[ev["cue_start"]:ev["cue_end"]] == "kiến nghị" and sent._.cue == "kiến nghị"


def test_old_tone_placement_matches_the_same_cues(nlp):
    a = kinds(nlp, "Ông Hải đề nghị Uỷ ban nhân dân xã hoà giải tranh chấp.")[-1][1]
    b = kinds(nlp, "Ông Hải đề nghị Ủy ban nhân dân xã hòa giải tranh chấp.")[-1][1]
    assert a == b == "recommendation"


class _FixedKindModel:
    """A kind model that gives every sentence the same probabilities (for the combination rule)."""

    name = "fixed"

    def __init__(self, probs):
        self.probs = probs

    def kind_proba_features(self, features):
        return [dict(self.probs) for _ in features]


@pytest.mark.parametrize("probs, expected", [
    ({"recommendation": 0.8, "response": 0.1, "none": 0.1}, "recommendation"),
    ({"recommendation": 0.3, "response": 0.3, "none": 0.4}, None),
], ids=["confident-model-adds", "unsure-model-leaves-out"])
def test_model_adds_statements_the_rules_miss_only_with_a_speaker(probs, expected):
    from extractor.statement_component import StatementComponent
    from extractor.statements import default_rules
    from extractor.pipeline import build_nlp

    nlp = build_nlp(topics=False)
    nlp.replace_pipe("vi_statements", "vi_statements", config={"use_model": False})
    component = StatementComponent(default_rules(), _FixedKindModel(probs), add_threshold=0.7)
    text = ("Ông Nguyễn Văn Hải, Chủ tịch UBND phường 5, phát biểu tại hội nghị.\n\nThời tiết trong ngày\n\n"
            "Trời nắng đẹp suốt buổi sáng.")
    doc = component(nlp(text))
    with_speaker, without_speaker = doc.spans["sentences"]
    assert with_speaker._.speaker.name == "Nguyễn Văn Hải" and without_speaker._.speaker.name is None
    assert with_speaker._.kind == expected
    assert without_speaker._.kind is None  # never added without a speaker
    if expected:
        assert with_speaker._.evidence["decided_by"] == "rules+model"
        assert with_speaker._.evidence["rule"] == "model_added"
    assert set(with_speaker._.evidence["kind_scores"]) == {"recommendation", "response", "none"}
    assert "kind_scores" not in without_speaker._.evidence  # not a candidate: no speaker


@pytest.mark.parametrize("text", [
    "Nên ngăn phòng khách bằng những vách ngăn thấp để tạo sự chuyển tiếp nhẹ nhàng.",
    "Do mưa lớn kéo dài nên nhiều tuyến đường ở quận 6 bị ngập sâu.",
    "Dịch tiếp tục phát ra tại 14 hộ chăn nuôi ở huyện Cần Giuộc.",
    "Hành trình vượt qua 8 tỉnh đã thành công ngoài mong đợi.",
    "Trường chỉ tuyển những sinh viên đáp ứng được yêu cầu của chương trình.",
], ids=["advice-without-speaker", "nen-means-so", "place-name-can", "mong-doi-noun", "yeu-cau-noun"])
def test_news_sentences_that_are_not_recommendations(nlp, text):
    assert [k for _, k, _ in kinds(nlp, text)] == [None]


@pytest.mark.parametrize("text, expected", [
    # a chair concluding: the intro line ends with a colon, the items are the statements
    ("Ông Huỳnh Tấn Lộc, Chủ tịch UBND xã, kết luận và giải đáp các ý kiến như sau:\n"
     "+ Thống nhất với đề xuất của ông Tuấn; giao Văn phòng dự thảo văn bản xin cấp tài khoản.\n"
     "+ Đề nghị Công an xã phối hợp rà soát, đồng bộ dữ liệu dân cư trước ngày 20/5.",
     [None, "response", "recommendation"]),
    # the floor given and thanks are procedure, even with a response verb in them
    ("Cử tri Lê Văn Tám đề nghị huyện sửa cụm loa truyền thanh.\n"
     "Xin mời đồng chí Phó Chủ tịch UBND huyện giải đáp ý kiến của cử tri.\n"
     "Cảm ơn cử tri Lê Văn Tám.",
     ["recommendation", None, None]),
], ids=["conclusions-after-a-colon", "floor-giving-and-thanks"])
def test_turn_introductions_and_procedure_are_not_statements(nlp, text, expected):
    assert [k for _, k, _ in kinds(nlp, text)] == expected


def test_model_additions_follow_the_turn():
    """The kind model adds a sentence near its speaker, but never a 'response' in the middle of
    someone's recommendations (there it describes a problem, it answers nothing)."""
    from extractor.statement_component import StatementComponent
    from extractor.statements import default_rules
    from extractor.pipeline import build_nlp

    class Fixed:
        def kind_proba_features(self, feats):
            return [{"recommendation": 0.2, "response": 0.6, "none": 0.2} for _ in feats]

    nlp = build_nlp(topics=False)
    text = ("Ông Bùi Hữu Hoàng, Chủ tịch UBND phường 13, kiến nghị thành phố bổ sung biên chế. "
            "Hiện nay, người dân còn e ngại khai thông tin tại phường.")
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "vi_statements":
            proc = StatementComponent(default_rules(), Fixed(), add_threshold=0.7)
        doc = proc(doc)
    kinds = [s._.kind for s in doc.spans["sentences"]]
    assert kinds == ["recommendation", None]


def test_an_officials_actions_in_an_answering_turn_are_responses(nlp):
    text = ("Cử tri Bùi Thị Hạnh đề nghị huyện tuyển thêm giáo viên mầm non.\n\n"
            "Trả lời cử tri, Phó Chủ tịch UBND huyện Trần Quốc Hùng cho biết huyện đang rà soát biên chế. "
            "Trước mắt, huyện cho phép các trường hợp đồng giáo viên để đứng lớp từ tháng 11. "
            "Huyện đang thí điểm kho dữ liệu dân cư dùng chung tại 3 xã.")
    assert [k for _, k, _ in kinds(nlp, text)] == ["recommendation", "response", "response", "response"]


@pytest.mark.parametrize("text, expected", [
    ("Đại biểu Nguyễn Văn Hải (Đoàn ĐBQH tỉnh Nam Định) đề nghị Bộ trưởng cho biết giải pháp để giải quyết "
     "tình trạng thiếu giáo viên.", None),
    ("Chất vấn Bộ trưởng, đại biểu Lê Thị Thu đề nghị làm rõ trách nhiệm của Bộ trong việc chậm giải ngân vốn.", None),
    ("Đề nghị Bộ trưởng Bộ Giáo dục và Đào tạo cho biết lộ trình tuyển giáo viên.", None),
    ("Cử tri đề nghị thành phố sớm sửa đường và cho biết khi nào khởi công.", "recommendation"),
    ("Cử tri đề nghị UBND tỉnh quan tâm và cho biết thời gian làm đường.", "recommendation"),
    ("Ông đề nghị Bộ trưởng làm rõ thời điểm hoàn thành, đồng thời công khai danh mục dữ liệu.", "recommendation"),
], ids=["asks-the-minister-to-tell", "asks-to-explain", "addressee-with-và-in-its-name", "action-then-question",
        "attention-then-question", "question-and-an-action"])
def test_questions_are_not_recommendations(nlp, text, expected):
    """Shared guidelines: a request for information ('đề nghị ... cho biết / làm rõ') asks for an answer."""
    got = [k for _, k, _ in kinds(nlp, text)]
    assert got[0] == expected


@pytest.mark.parametrize("text, last_kinds", [
    ("Đại biểu Sơn Thị Hà (Tổ đại biểu thị xã Vĩnh Châu):\n"
     "Dữ liệu hộ nghèo và dữ liệu dân cư vẫn chưa liên thông. Đề nghị Giám đốc Sở cho biết bao giờ kết nối xong.\n\n"
     "Giám đốc Sở Thông tin và Truyền thông Nguyễn Hoàng Phúc:\n"
     "Xin cảm ơn đại biểu đã quan tâm. Nguyên nhân là tỉnh chưa được cấp quyền khai thác cơ sở dữ liệu gốc. "
     "Năm 2024, Sở đã kết nối 14 hệ thống thông tin với nền tảng tích hợp của tỉnh.", ["response", "response"]),
    ("1. Chị Khúc Thị Duyên (nhà số 21): Phiếu nộp xong thì ai giữ, mong được phường nói rõ để bà con yên tâm.\n\n"
     "2. Ông Tạ Văn Lực (nhà số 15): Tổ an ninh của mình giờ còn có hai người. Ngoài ra anh em cũng mong được "
     "tập huấn cách xử lý khi có xô xát.", ["recommendation"]),
    ("BỘ THÔNG TIN VÀ TRUYỀN THÔNG\n\nKính gửi: Đoàn đại biểu Quốc hội tỉnh Lào Cai\n\n"
     "1. Nội dung kiến nghị:\nCử tri thành phố Lào Cai đề nghị tăng cường tuyên truyền về lừa đảo qua mạng.\n\n"
     "Nội dung trả lời:\nBộ Thông tin và Truyền thông tiếp thu ý kiến của cử tri. Năm 2024, Bộ đã phát động "
     "chiến dịch nhận diện lừa đảo trực tuyến với hơn 120 triệu tin nhắn gửi tới thuê bao di động.\n",
     ["response", "response"]),
    ("ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\n\n1. Cử tri huyện Quỳ Hợp đề nghị tỉnh nâng mức phụ cấp cho người hoạt động "
     "không chuyên trách.\n\nTrả lời: (Sở Nội vụ trả lời tại Văn bản số 1245/SNV-XDCQ ngày 21/6/2024)\n\n"
     "Theo Nghị định số 33/2023/NĐ-CP, ngân sách trung ương khoán quỹ phụ cấp theo loại đơn vị hành chính cấp xã.",
     ["recommendation", None, "response"]),
    ("Liên quan đến trường lớp, đại biểu Nông Thị Hồng (Tổ đại biểu huyện Ea Súp) đề nghị tỉnh sớm xóa phòng "
     "học tạm ở các điểm trường lẻ.\n\n"
     "Giám đốc Sở Giáo dục và Đào tạo Phạm Thị Thanh Vân cho biết, năm học này toàn tỉnh còn 312 phòng học tạm, "
     "tập trung ở Ea Súp và Krông Bông.", ["recommendation", "response"]),
    ("Giám đốc Sở Nội vụ Lê Văn Tâm cho biết Sở đã tuyển 212 giáo viên trong năm 2024.\n\n"
     "Ông Tâm đề nghị UBND các huyện khẩn trương thực hiện các nội dung sau:\n\n"
     "Một là, rà soát số biên chế giáo viên còn trống trước ngày 31/3/2025.\n\n"
     "Hai là, bố trí kinh phí hợp đồng giáo viên cho các điểm trường lẻ.",
     [None, "recommendation", "recommendation"]),
    ("Đại biểu Lò Văn Minh (Tổ đại biểu huyện Mường Tè) đề nghị tỉnh sớm sửa cầu treo bản Pa Ủ.\n\n"
     "Chưa đồng tình với phần trả lời, đại biểu Lò Văn Minh đăng ký tranh luận.", [None]),
    ("Chủ trì: đồng chí Trần Văn Hiếu, Phó Chủ tịch HĐND tỉnh, Tổ trưởng tổ thảo luận.\n\n"
     "Đại biểu Lại Văn Thuận (huyện Kim Bảng):\nTôi đề nghị bổ sung phụ cấp cho thành viên Tổ công nghệ số cộng đồng.\n\n"
     "Tổ trưởng tổ thảo luận:\nTổ đã có 6 lượt ý kiến phát biểu.\n"
     "Về nhiệm vụ của Tổ công nghệ số cộng đồng, thống nhất giao Sở Nội vụ tham mưu UBND tỉnh ban hành quy chế.",
     [None, "response"]),
    ("Lương trong thời gian tập sự\n\nÔng Trần Văn Lộc (tỉnh Bình Dương) hỏi: trong thời gian tập sự tôi được hưởng "
     "lương thế nào?\n\nBộ Nội vụ trả lời vấn đề này như sau:\n\nTheo Nghị định số 33/2023/NĐ-CP, người tập sự được "
     "hưởng 85% mức lương bậc 1 của ngạch tuyển dụng.\n\nNhư vậy, trong thời gian tập sự, ông được hưởng 85% mức "
     "lương bậc 1 ngạch chuyên viên.", ["response", "response"]),
    ("ỦY BAN NHÂN DÂN\nHUYỆN BẾN LỨC\n\nKính gửi: Ông Phạm Văn Khởi và 26 hộ dân ấp 4, xã Lương Hòa.\n\nCác hộ dân kiến nghị điều chỉnh đơn giá bồi "
     "thường đất trồng cây lâu năm.\n\nSau khi kiểm tra, xác minh, UBND huyện Bến Lức trả lời như sau:\n\n"
     "1. Căn cứ pháp lý và thông tin dự án\n\nDự án nâng cấp Đường huyện 7 có tổng mức đầu tư 312 tỷ đồng.\n\n"
     "2. Về đơn giá bồi thường đất trồng cây lâu năm\n\nGiá đất cụ thể để tính bồi thường do UBND tỉnh quyết định; "
     "UBND huyện không có thẩm quyền điều chỉnh đơn giá này.", [None, "response"]),
    ("Đại biểu Y Khuê Byă (Tổ đại biểu huyện Lắk) đề nghị tỉnh bổ sung máy tính cho trạm y tế.\n\n"
     "Giám đốc Sở Y tế Phạm Thị Ngọc Hà cho biết sở đang kết nối dữ liệu khám chữa bệnh. "
     "Sở kiến nghị UBND tỉnh bố trí khoảng 18 tỷ đồng để trang bị thiết bị cho các trạm.", ["response", "recommendation"]),
    ("Đại biểu Y Khuê Byă (Tổ đại biểu huyện Lắk) đề nghị tỉnh bổ sung máy tính cho trạm y tế.\n\n"
     "Giám đốc Sở Y tế Phạm Thị Ngọc Hà cho biết sở đang kết nối dữ liệu khám chữa bệnh. "
     "Sở đã kiến nghị UBND tỉnh bố trí khoảng 18 tỷ đồng để trang bị thiết bị cho các trạm.", ["response", "response"]),
    ("Đại biểu Y Khuê Byă (Tổ đại biểu huyện Lắk) đề nghị tỉnh bổ sung máy tính cho trạm y tế.\n\n"
     "Giám đốc Sở Y tế Phạm Thị Ngọc Hà cho biết sở đang kết nối dữ liệu khám chữa bệnh. "
     "Bà Hà đã đề nghị UBND tỉnh bố trí khoảng 18 tỷ đồng để trang bị thiết bị cho các trạm.", ["response", "response"]),
    ("Anh Rơ Chăm H., tổ trưởng tổ cạo mủ số 3, đề nghị Công ty xem xét lại định mức khoán.\n\n"
     "Thay mặt người lao động, ông Phạm Hữu Lộc, Chủ tịch Công đoàn Công ty, cho biết nhiều công nhân chưa có đất ở. "
     "Chúng tôi kiến nghị UBND tỉnh xem xét tách một phần diện tích vườn cây để làm nhà ở cho công nhân.",
     [None, "recommendation"]),
], ids=["an-officials-labelled-turn-after-a-question-answers-in-every-sentence",
        "a-residents-turn-after-a-question-is-not-an-answer",
        "the-answering-body-named-again-keeps-answering",
        "an-answer-label-with-its-source-is-a-label-and-opens-the-answer",
        "an-official-after-a-deputys-request-answers-it",
        "the-items-of-a-list-an-answering-official-introduces-with-a-request-are-requests",
        "phan-tra-loi-is-a-noun-not-an-answer",
        "a-chairs-conclusion-that-opens-with-the-decision-answers-the-deputies",
        "the-paragraphs-after-an-answer-announced-with-a-colon-answer",
        "an-announced-answer-goes-on-under-headings-that-name-the-matter",
        "an-answering-body-naming-itself-before-its-own-request-asks",
        "a-request-the-answering-body-made-before-is-part-of-the-answer",
        "a-request-the-answering-official-made-before-is-part-of-the-answer",
        "a-union-chairman-speaking-for-the-workers-asks"])
def test_who_answers_what_was_asked(rules_nlp, text, last_kinds):
    """The turn logic of the cue rules (who answers a question or a request); the sequence model may still drop
    a sentence the rules keep, which the quality floors measure."""
    got = [k for _, k, _ in kinds(rules_nlp, text)]
    assert got[-len(last_kinds):] == last_kinds


@pytest.mark.parametrize("request_text, decision, kind", [
    ("Cử tri thôn 3 kiến nghị huyện sửa cầu tràn qua suối Đắk Rơ.",
     "UBND huyện thống nhất với kiến nghị của cử tri, bố trí 800 triệu đồng sửa cầu trong quý III.", "response"),
    ("Cử tri Nguyễn Văn Hòa (thôn 2) đề nghị cấp lại giấy chứng nhận quyền sử dụng đất cho gia đình.",
     "Phòng Tài nguyên và Môi trường huyện đã chấp thuận hồ sơ của ông và trình cấp giấy trong tháng 7.", "response"),
    ("Đại biểu Lò Thị Mai (Tổ đại biểu xã Chiềng Sơ) đề nghị bổ sung giáo viên cho điểm trường bản Nà Sản.",
     "Sở Giáo dục và Đào tạo cũng đã chỉ đạo điều động hai giáo viên về điểm trường từ tháng 9.", "response"),
], ids=["accepts-the-voters-request", "approves-a-citizens-request", "directs-after-a-deputys-request"])
def test_a_bodys_decision_after_a_request_in_the_section_is_a_response(rules_nlp, request_text, decision, kind):
    got = kinds(rules_nlp, request_text + "\n\n" + decision)
    assert got[-1][1] == kind


def test_a_bodys_decision_with_no_request_before_is_not_a_response(rules_nlp):
    got = kinds(rules_nlp, "Sở Giáo dục và Đào tạo đã chỉ đạo các trường rà soát đội ngũ giáo viên trước năm học mới.")
    assert all(k != "response" for _, k, _ in got)


def test_a_request_whose_object_mentions_a_commitment_opens_a_turn_that_asks(nlp):
    """"đề nghị UBND huyện thực hiện các nội dung đã cam kết, ... các nhiệm vụ sau:" asks: its items are no answers."""
    text = ("II. YÊU CẦU ĐỐI VỚI ỦY BAN NHÂN DÂN HUYỆN\n\n"
            "Thường trực HĐND huyện đề nghị UBND huyện chỉ đạo các cơ quan thực hiện nghiêm các nội dung đã cam kết, "
            "đồng thời tập trung thực hiện các nhiệm vụ sau:\n\n"
            "1. Chỉ đạo phòng Nội vụ hoàn thành tuyển dụng giáo viên mầm non trước ngày 30/9/2024.\n\n"
            "2. Chỉ đạo Trung tâm Y tế huyện bảo đảm đủ thuốc bảo hiểm y tế cho các trạm y tế xã.")
    got = kinds(nlp, text)
    items = [k for t, k, _ in got if "Chỉ đạo" in t]
    assert len(items) == 2 and "response" not in items


@pytest.mark.parametrize("text, verb", [
    ("Về tuyển dụng giáo viên: giao Sở Nội vụ tham mưu phân cấp tuyển dụng.", "giao"),
    ("Về y tế, thống nhất giao UBND tỉnh trình nghị quyết thu hút bác sĩ.", "thống nhất"),
    ("1. Giao Phòng Nội vụ tham mưu UBND huyện bố trí công chức công nghệ thông tin.", "giao"),
    ("Về kinh phí, Sở sẽ xem xét trong dự toán năm 2025.", None),
    ("Đề nghị UBND huyện sớm bố trí kinh phí.", None),
], ids=["matter-and-colon", "matter-and-comma", "numbered-item", "no-decision", "a-request"])
def test_an_officials_sentence_that_opens_with_a_decision_after_a_request_answers_it(text, verb):
    """In an official's turn, after a request in the section, a sentence that opens with the decision (after the
    matter it is about) is a response: the decision verb found, or none."""
    from extractor.decisions import TurnState
    from extractor.normalise import norm_view
    from extractor.statements import default_rules
    from extractor.turns import SpeakerAnalysis

    state = TurnState()
    state.section_asked = True
    a = SpeakerAnalysis(level=1, person=3)
    found = default_rules().decision_on_request(norm_view(text), 0, len(text), a, state, False, None)
    assert (found.phrase if found else None) == verb


def test_a_request_that_only_announces_its_items_is_no_statement_and_its_items_are_requests(nlp):
    text = ("Đại biểu Lô Văn Thắng (Tổ đại biểu huyện Kỳ Sơn) đề nghị UBND tỉnh tập trung chỉ đạo một số nội dung sau.\n\n"
            "Một là, rà soát chỉ tiêu biên chế ngành y tế chưa tuyển dụng.\n\n"
            "Hai là, sớm trình nghị quyết hỗ trợ thu hút bác sĩ.")
    assert [k for _, k, _ in kinds(nlp, text)] == [None, "recommendation", "recommendation"]


@pytest.mark.parametrize("text, expected", [
    ("IV. KIẾN NGHỊ\n\nTừ kết quả giám sát, Đoàn giám sát kiến nghị như sau:\n\n1. Đối với UBND tỉnh\n\n"
     "- Chỉ đạo các sở, ngành giải quyết dứt điểm 13 kiến nghị chưa giải quyết.\n"
     "- Quan tâm bố trí vốn đầu tư các công trình cấp nước sạch vùng ven biển.\n\n2. Đối với các sở, ngành\n\n"
     "- Sở Nội vụ khẩn trương rà soát biên chế công chức Tư pháp - Hộ tịch.",
     [(None, "Đoàn giám sát"), ("recommendation", "Đoàn giám sát"), ("recommendation", "Đoàn giám sát"),
      ("recommendation", "Đoàn giám sát")]),
    ("Ban Văn hóa - Xã hội HĐND huyện kiến nghị như sau:\n- Quan tâm bố trí kinh phí sửa trường.\n\n"
     "Năm 2024, huyện đã xây mới 12 phòng học.",
     [(None, "Ban Văn hóa - Xã hội HĐND huyện"), ("recommendation", "Ban Văn hóa - Xã hội HĐND huyện"),
      (None, "Ban Văn hóa - Xã hội HĐND huyện")]),
    ("Từ các ý kiến trên, Ban Thường trực Ủy ban MTTQ Việt Nam phường kính đề nghị:\n\n1. Tổ đại biểu HĐND Thành "
     "phố chuyển các ý kiến đến UBND Thành phố để trả lời cử tri.\n2. UBND quận 12 chỉ đạo các phòng chuyên môn giải "
     "quyết dứt điểm các kiến nghị về ngập nước.",
     [(None, "Ban Thường trực Ủy ban MTTQ Việt Nam phường"), ("recommendation", "Ban Thường trực Ủy ban MTTQ Việt Nam phường"),
      ("recommendation", "Ban Thường trực Ủy ban MTTQ Việt Nam phường")]),
    ("Để nâng cao chất lượng giải quyết kiến nghị cử tri, Thường trực HĐND huyện đề nghị:\nMột là, UBND huyện chỉ đạo "
     "các phòng giải quyết dứt điểm 21 kiến nghị tồn đọng.\nHai là, ưu tiên bố trí ngân sách năm 2025 cho các công trình "
     "hạ tầng thiết yếu.",
     [(None, "Thường trực HĐND huyện"), ("recommendation", "Thường trực HĐND huyện"),
      ("recommendation", "Thường trực HĐND huyện")]),
], ids=["a-monitoring-reports-requests-under-addressee-headings", "the-list-ends-at-a-sentence-that-is-no-item",
        "an-item-naming-a-body-is-still-the-unnamed-leads-request", "items-counted-in-words-mot-la-hai-la"])
def test_the_items_of_a_list_a_request_announces_are_its_speakers_requests(rules_nlp, text, expected):
    doc = rules_nlp(text)
    got = [(s._.kind, s._.speaker.role if s._.speaker and not s._.speaker.name else None)
           for s in doc.spans["sentences"]]
    assert got == expected


def test_an_answer_label_with_no_one_named_keeps_its_block_answering(rules_nlp):
    """"Nội dung trả lời:" then a department that "chủ trì, phối hợp ..." (no verb of saying of its own), then the
    body's decision: every sentence of the block answers the deputy's question."""
    text = ("Câu hỏi 2 (Đại biểu Nguyễn Thị Hoa, Tổ đại biểu thành phố Buôn Ma Thuột): Đề nghị UBND tỉnh bố trí kinh phí "
            "thay máy tính cho bộ phận một cửa.\n\nNội dung trả lời:\nSở Tài chính chủ trì, phối hợp với Sở Thông tin "
            "và Truyền thông tham mưu, cho biết kinh phí đã được bố trí. Trước mắt, UBND tỉnh thống nhất giao Sở "
            "Thông tin và Truyền thông cân đối kinh phí năm 2024 để thay máy tính.")
    assert [k for _, k, _ in kinds(rules_nlp, text)][-2:] == ["response", "response"]


def test_the_items_of_a_chairs_list_of_decisions_are_the_chairs_responses(nlp):
    """"CHỦ TỌA (...):" concludes with "HĐND thành phố giao UBND thành phố chỉ đạo ... các nhiệm vụ sau:": each item
    names the body given the task and is a response of the chair (not a turn of that body), and a request after the
    list is the chair's recommendation."""
    text = ("ĐẠI BIỂU LÊ HOÀNG PHÚC (Tổ đại biểu quận Ninh Kiều): Tôi đề nghị Sở Xây dựng xử lý dứt điểm công trình "
            "vi phạm.\n\nCHỦ TỌA (Phó Chủ tịch HĐND thành phố Lâm Thị Ngọc Diệp): Chủ tọa ghi nhận tinh thần cầu thị "
            "của Giám đốc Sở.\n\nHĐND thành phố giao UBND thành phố chỉ đạo các sở, ngành triển khai các nhiệm vụ sau:\n"
            "1. Sở Xây dựng chủ trì xử lý dứt điểm 23 công trình tái phạm trước ngày 31/12/2024.\n"
            "2. Sở Tài chính tham mưu bố trí kinh phí xây dựng cơ sở dữ liệu nhà ở trong dự toán năm 2025.\n\n"
            "Đề nghị Ban Đô thị HĐND thành phố theo dõi, giám sát việc thực hiện các cam kết trên.")
    doc = nlp(text)
    got = [(s._.kind, s._.speaker.name) for s in doc.spans["sentences"] if s._.kind]
    assert got[-3:] == [("response", "Lâm Thị Ngọc Diệp"), ("response", "Lâm Thị Ngọc Diệp"),
                        ("recommendation", "Lâm Thị Ngọc Diệp")]


def test_an_officials_labelled_turn_that_answers_after_thanks_answers_in_every_sentence(rules_nlp):
    """"GIÁM ĐỐC SỞ X: Xin cảm ơn chủ tọa." then "Về câu hỏi của đại biểu Y, tôi xin tiếp thu ..." then the law it
    cites: the whole turn answers the deputy, though its first sentence only thanks the chair."""
    text = ("ĐẠI BIỂU LÊ HOÀNG PHÚC (Tổ đại biểu quận Ninh Kiều): Tôi đề nghị Sở Xây dựng sớm xử lý các công trình vi "
            "phạm trật tự xây dựng.\n\nGIÁM ĐỐC SỞ XÂY DỰNG HUỲNH VĂN KHẢI: Xin cảm ơn chủ tọa.\n\n"
            "Về câu hỏi của đại biểu Lê Hoàng Phúc, tôi xin tiếp thu và nhìn nhận trách nhiệm của Sở. Theo quy định, "
            "UBND cấp xã chịu trách nhiệm phát hiện và ngăn chặn vi phạm ngay từ đầu.")
    assert [k for _, k, _ in kinds(rules_nlp, text)][-2:] == ["response", "response"]


@pytest.mark.parametrize("text, last_kind", [
    ("Cử tri Đỗ Thị Lan, tổ dân phố 7 phản ánh: người cao tuổi phải đi xa để nộp hồ sơ. Cử tri đề nghị UBND phường "
     "duy trì điểm tiếp nhận hồ sơ. Bên cạnh đó, bố trí một công chức hướng dẫn dịch vụ công trực tuyến.", "recommendation"),
    ("Cử tri Hoàng Minh Tuấn kiến nghị Sở Xây dựng sớm cải tạo hệ thống thoát nước phố Lạch Tray. Đồng thời, nạo vét "
     "tuyến cống ngầm trước mùa mưa.", "recommendation"),
    ("Ông Lê Văn Hòa, Chủ tịch UBND xã, cho biết xã có 12 thôn. Bên cạnh đó, xã có 3 trường học.", None),
    ("6. Về giá vật tư nông nghiệp\nCử tri mong muốn Chính phủ có giải pháp bình ổn giá phân bón. Bên cạnh đó, xem "
     "xét đưa phân bón vào diện chịu thuế giá trị gia tăng (Cử tri huyện Mộ Đức, Đức Phổ).", "recommendation"),
    ("Trên cơ sở kết quả giám sát, Thường trực HĐND tỉnh kiến nghị như sau:\n\n1. Đối với UBND tỉnh\n\nĐề nghị UBND "
     "tỉnh chỉ đạo các sở giải quyết dứt điểm 22 kiến nghị tồn đọng. Chỉ đạo rà soát, ưu tiên bố trí vốn cho các "
     "công trình giao thông bị sạt lở.", "recommendation"),
    ("Trên cơ sở kết quả giám sát, Thường trực HĐND tỉnh kiến nghị như sau:\n\n1. Đối với UBND tỉnh\n\nĐề nghị UBND "
     "tỉnh giải quyết dứt điểm các kiến nghị tồn đọng.\n\n2. Đối với các sở, ngành\n\n- Sở Nội vụ chủ trì tham mưu "
     "phương án bố trí cán bộ dôi dư.\n- Sở Giáo dục và Đào tạo phân bổ kịp thời chỉ tiêu biên chế giáo viên.",
     "recommendation"),
], ids=["a-voters-request-goes-on-after-ben-canh-do", "dong-thoi-and-a-verb-after-a-request",
        "a-fact-after-ben-canh-do-is-no-request", "a-summary-item-goes-on-before-the-voters-named-at-its-end",
        "chi-dao-opening-a-sentence-after-a-request", "items-under-a-second-addressee-heading-after-a-paragraph"])
def test_a_request_continued_with_no_subject_is_one_more_request(rules_nlp, text, last_kind):
    assert kinds(rules_nlp, text)[-1][1] == last_kind


MINUTES_WITH_PART_HEADINGS = (
    "III. NỘI DUNG\n"
    "2. Ý kiến của các hộ dân và giải trình của các cơ quan\n\n"
    "Ý kiến của ông Lâm Văn Sáu (ấp Tân Hòa):\n"
    "Gia đình tôi bị thu hồi 120 m2 đất ở. Tôi đề nghị Hội đồng bồi thường định giá lại đất ở theo giá thị trường. "
    "Ngoài ra, phần đất còn lại quá hẹp, đề nghị Nhà nước thu hồi luôn phần diện tích này.\n\n"
    "Ý kiến của bà Trịnh Thị Hoa, đại diện 6 hộ ấp Tân Hòa:\n"
    "Đề nghị Trung tâm Phát triển quỹ đất đo đạc lại các thửa đất có sai lệch.\n\n"
    "Giải trình của ông Võ Minh Tâm, Phó Giám đốc Trung tâm Phát triển quỹ đất huyện:\n"
    "Về giá đất, đơn giá bồi thường đã được UBND huyện phê duyệt. Trung tâm ghi nhận ý kiến của ông Sáu và sẽ báo cáo "
    "Hội đồng bồi thường xem xét lại.\n\n"
    "3. Kết luận của Chủ tịch UBND xã:\n"
    "a) Giao công chức Địa chính xã phối hợp với Trung tâm đo đạc lại các thửa đất, hoàn thành trước ngày 30/11/2024.\n"
    "b) Đề nghị Ban Quản lý dự án huyện chỉ đạo nhà thầu hoàn trả đường dân sinh.\n"
)


@pytest.mark.parametrize("start, kind, speaker", [
    ("Tôi đề nghị Hội đồng", "recommendation", "Lâm Văn Sáu"),
    ("Ngoài ra, phần đất", "recommendation", "Lâm Văn Sáu"),
    ("Đề nghị Trung tâm Phát triển", "recommendation", "Trịnh Thị Hoa"),
    ("Về giá đất, đơn giá", "response", "Võ Minh Tâm"),
    ("Trung tâm ghi nhận", "response", "Võ Minh Tâm"),
    ("Giao công chức", "response", None),
    ("Đề nghị Ban Quản lý", "recommendation", None),
], ids=["voter-under-a-heading-of-both", "voter-continues", "second-voter-label", "answer-label-first-sentence",
        "answer-label-goes-on", "chairs-conclusion-assigns", "chairs-conclusion-asks-another-body"])
def test_labels_of_each_persons_part_of_the_minutes(rules_nlp, start, kind, speaker):
    """"Ý kiến của ông X:" is X's turn; "Giải trình của ..." and "Kết luận của ..." turns answer; a heading that
    names both the opinions and the answers leaves each turn to say what it does."""
    doc = rules_nlp(MINUTES_WITH_PART_HEADINGS)
    sent = next(s for s in doc.spans["sentences"] if s.text.startswith(start))
    assert sent._.kind == kind
    if speaker is not None:
        assert sent._.speaker.name == speaker


@pytest.mark.parametrize("recipient", ["- Như trên;", "- Bộ Nội vụ, Bộ Tài chính, Ủy ban Dân tộc;",
                                       "- UBND huyện Tương Dương (để phối hợp thực hiện);", "- Lưu: VT, TH."],
                         ids=["nhu-tren", "ministries", "a-body-asked-to-act", "archive"])
def test_a_letters_list_of_recipients_holds_no_statements(nlp, recipient):
    text = ("BỘ THÔNG TIN VÀ TRUYỀN THÔNG\n\nKính gửi: Đoàn đại biểu Quốc hội tỉnh Nghệ An\n\nCử tri huyện Tương Dương "
            "kiến nghị sớm phủ sóng di động cho bản Xốp Pu.\n\nTrả lời:\nBộ Thông tin và Truyền thông đã chỉ đạo các "
            "doanh nghiệp lắp trạm phát sóng trong quý IV/2025.\n\nTrên đây là trả lời của Bộ Thông tin và Truyền thông đối với kiến nghị "
            "của cử tri tỉnh Nghệ An, trân trọng gửi Đoàn đại biểu Quốc hội tỉnh để trả lời cử tri.\n\n"
            "Nơi nhận:\n- Như trên;\n" + recipient + "\n")
    doc = nlp(text)
    after = [s for s in doc.spans["sentences"] if s.start_char >= text.index("Nơi nhận")]
    assert after and all(s._.kind is None for s in after)
    assert [s._.kind for s in doc.spans["sentences"] if s.text.startswith("Bộ Thông tin và Truyền thông đã chỉ đạo")] == \
        ["response"]
