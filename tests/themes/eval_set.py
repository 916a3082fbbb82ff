"""A labelled evaluation set of themes: opinions on one local policy, eight topics of very different sizes.

The policy: a city's draft decision on the price of collecting and transporting household waste. The topics, with
their share of the 600 opinions (imbalanced as real consultations are: one topic takes 40%, a small clear one 3%):

  fees 40%, schedule 15%, sorting 12%, landfill 10%, penalties 8%, workers 7%, rural 5%, bins 3%

Each opinion is one to three sentences of its topic, often with an opening or closing sentence that any topic may
have ("Tôi không đồng ý với dự thảo", "Đề nghị ban soạn thảo xem xét"), which is what draws a catch-all theme
together; a quarter add one sentence of another topic after their main point (the topic they are labelled with); some are a few words, some a long paragraph, a fifth typed without diacritics. `SEEDS` holds what an
agency would type to name each topic: a few words, as people write them.

Used by tests/themes and bench/themes.py; deterministic for a given seed.
"""

import random

from consult.text.normalize import fold

SHARES = {
    "fees": 0.40,
    "schedule": 0.15,
    "sorting": 0.12,
    "landfill": 0.10,
    "penalties": 0.08,
    "workers": 0.07,
    "rural": 0.05,
    "bins": 0.03,
}

TOPICS = {
    "fees": [
        "Mức giá thu gom rác 45.000 đồng mỗi hộ mỗi tháng là quá cao so với thu nhập của người dân.",
        "Giá dịch vụ thu gom rác tăng gấp đôi trong khi chất lượng dịch vụ không thay đổi.",
        "Đề nghị tính tiền rác theo khối lượng thải ra chứ không thu bình quân theo hộ.",
        "Hộ chỉ có một người già sống một mình cũng phải đóng bằng hộ sáu người là không công bằng.",
        "Cần miễn hoặc giảm tiền rác cho hộ nghèo, hộ cận nghèo và gia đình chính sách.",
        "Tiền rác nên thu theo số nhân khẩu thực tế đang sinh sống tại nhà.",
        "Phòng trọ cho sinh viên thuê mà tính giá như hộ kinh doanh thì người thuê trọ gánh hết.",
        "Hộ kinh doanh ăn uống thải nhiều rác thì phải đóng mức cao hơn hộ gia đình.",
        "Việc thu tiền rác phải công khai, có biên lai, không để tổ trưởng thu tay.",
        "Cho phép đóng tiền rác qua chuyển khoản hoặc cùng hóa đơn tiền nước cho tiện.",
        "Mức giá mới áp dụng ngay từ tháng sau là quá gấp, cần lộ trình tăng giá từng năm.",
        "Đề nghị công bố cách tính giá, chi phí vận chuyển và xử lý để người dân hiểu vì sao tăng giá.",
        "Nhà để trống không ai ở mà vẫn bị thu tiền rác cả năm.",
        "Mức thu đối với chợ và trung tâm thương mại quá thấp so với lượng rác họ thải ra.",
        "Tôi đồng ý tăng giá nếu rác được thu gom đúng giờ và sạch sẽ hơn.",
        "Giá 45 nghìn một tháng với lương hưu của tôi là nặng.",
    ],
    "schedule": [
        "Xe rác đến lúc mười giờ đêm, người dân phải thức khuya chờ đổ rác.",
        "Đề nghị quy định rõ giờ thu gom rác cố định hằng ngày ở từng tổ dân phố.",
        "Có hôm xe thu gom không đến, rác để qua đêm bốc mùi cả ngõ.",
        "Xe gom rác rung chuông quá nhanh, người già không kịp mang rác ra.",
        "Nên thu gom rác hai lần một ngày vào mùa hè vì rác nhanh phân hủy.",
        "Ngày lễ, Tết xe rác nghỉ cả tuần, rác ùn ứ khắp đầu ngõ.",
        "Giờ thu gom trùng giờ đi làm, không ai ở nhà để đổ rác.",
        "Xe đẩy rác tập kết trên vỉa hè đến trưa mới được chở đi.",
        "Cần có số điện thoại đường dây nóng khi xe rác không đến đúng lịch.",
        "Lịch thu gom rác phải được dán ở bảng tin của tổ dân phố.",
    ],
    "sorting": [
        "Phân loại rác tại nguồn là đúng nhưng xe rác lại đổ chung tất cả vào một thùng.",
        "Cần phát túi đựng rác hữu cơ và rác tái chế cho người dân trong năm đầu.",
        "Hộ đã phân loại rác đúng quy định thì nên được giảm giá dịch vụ.",
        "Người dân chưa biết phân loại rác thế nào, cần hướng dẫn cụ thể có hình ảnh.",
        "Rác thực phẩm có thể ủ làm phân bón, đề nghị khuyến khích hộ có vườn tự xử lý.",
        "Pin, bóng đèn, rác nguy hại phải có điểm thu riêng, không bỏ lẫn với rác sinh hoạt.",
        "Quy định ba loại rác là quá phức tạp với người già, chỉ nên chia rác hữu cơ và rác khác.",
        "Chai nhựa, giấy bìa nên được thu gom riêng để tái chế.",
    ],
    "landfill": [
        "Bãi chôn lấp rác gần khu dân cư bốc mùi hôi thối, người dân không chịu nổi.",
        "Nước rỉ rác từ bãi rác chảy ra ruộng và giếng nước của dân.",
        "Đề nghị đầu tư nhà máy đốt rác phát điện thay cho chôn lấp.",
        "Tiền rác tăng thì phải dùng để cải thiện bãi xử lý, giảm ô nhiễm môi trường.",
        "Xe chở rác đi qua làng rơi vãi nước bẩn, ruồi nhặng bâu kín.",
        "Khu xử lý rác đã quá tải nhiều năm nhưng chưa có kế hoạch di dời.",
        "Người dân sống quanh bãi rác cần được hỗ trợ và khám sức khỏe định kỳ.",
    ],
    "penalties": [
        "Phải xử phạt nặng người vứt rác bừa bãi ra đường và xuống kênh.",
        "Đề nghị lắp camera ở các điểm hay bị đổ trộm phế thải xây dựng.",
        "Mức phạt hành vi đổ rác không đúng giờ, đúng nơi phải được ghi rõ.",
        "Có nơi đổ trộm rác ban đêm mà không ai bị phạt.",
        "Cần công khai tên người vi phạm đổ rác trái phép trên loa phường.",
        "Chưa có chế tài với hộ không chịu đóng tiền rác nhiều năm.",
    ],
    "workers": [
        "Công nhân vệ sinh môi trường làm việc ban đêm rất vất vả mà lương thấp.",
        "Đề nghị trích một phần tiền rác để tăng lương cho công nhân thu gom.",
        "Người thu gom rác cần được trang bị đồ bảo hộ, khẩu trang, găng tay.",
        "Công nhân môi trường bị xe đâm khi làm việc ban đêm, cần có áo phản quang.",
        "Phải đóng đủ bảo hiểm xã hội cho công nhân vệ sinh.",
    ],
    "rural": [
        "Xã vùng ven chưa có xe thu gom, người dân phải tự đốt rác trong vườn.",
        "Ở các thôn xa trung tâm, rác đổ ra bờ sông vì không có điểm tập kết.",
        "Giá thu gom ở nông thôn không nên bằng nội thành vì dịch vụ kém hơn nhiều.",
        "Đề nghị mở rộng tuyến thu gom về các xã ngoại thành.",
    ],
    "bins": [
        "Trên các tuyến phố rất thiếu thùng rác công cộng, khách du lịch không biết bỏ rác vào đâu.",
        "Đề nghị đặt thêm thùng rác công cộng ở công viên, bến xe buýt.",
        "Thùng rác công cộng bị vỡ nắp, hỏng bánh mà không được thay.",
    ],
}

# Short opinions, a few words: what people type on a phone.
SHORT = {
    "fees": ["Giá rác cao quá.", "Không đồng ý tăng giá thu gom rác.", "Tiền rác phải thu theo nhân khẩu."],
    "schedule": ["Xe rác đến muộn quá.", "Cần giờ thu gom cố định."],
    "sorting": ["Ủng hộ phân loại rác tại nguồn."],
    "landfill": ["Bãi rác quá hôi."],
    "penalties": ["Phạt nặng người vứt rác bừa bãi."],
    "workers": ["Tăng lương cho công nhân vệ sinh."],
    "rural": ["Xã tôi chưa có xe gom rác."],
    "bins": ["Thiếu thùng rác công cộng."],
}

OPENINGS = [
    "Tôi là người dân phường Hòa Khánh.",
    "Sau khi đọc dự thảo, tôi có ý kiến như sau.",
    "Tôi không đồng ý với dự thảo này.",
    "Tôi cơ bản đồng ý với dự thảo.",
    "Gia đình tôi sống ở tổ 12 đã nhiều năm.",
    "Về nội dung của dự thảo quyết định, tôi xin góp ý.",
]
CLOSINGS = [
    "Đề nghị ban soạn thảo xem xét.",
    "Mong thành phố lắng nghe ý kiến người dân.",
    "Cảm ơn Ủy ban đã lấy ý kiến.",
    "Đề nghị cơ quan chủ trì tiếp thu.",
    "Xin chân thành cảm ơn.",
]

# What an agency types to name a theme: a few words, not a query language.
SEEDS = {
    "fees": "mức giá, tiền rác, thu nhập",
    "schedule": "giờ thu gom, xe rác, lịch",
    "sorting": "phân loại, tái chế, hữu cơ",
    "landfill": "bãi rác, chôn lấp, mùi hôi",
    "penalties": "xử phạt, đổ trộm, vi phạm",
    "workers": "công nhân, lương, bảo hộ",
    "rural": "xã, nông thôn, ngoại thành",
    "bins": "thùng rác công cộng",
}


def evaluation_set(total=600, seed=19, plain_share=0.2):
    """Return [(topic, text)] in a shuffled order: `total` opinions with the topic shares of SHARES."""
    rng = random.Random(seed)
    counts = {topic: round(share * total) for topic, share in SHARES.items()}
    counts["fees"] += total - sum(counts.values())
    opinions = []
    for topic, count in counts.items():
        sentences = TOPICS[topic]
        for _ in range(count):
            draw = rng.random()
            if draw < 0.15:
                parts = [rng.choice(SHORT[topic])]
            else:
                parts = rng.sample(sentences, rng.choices((1, 2, 3), weights=(4, 4, 2))[0])
                if rng.random() < 0.25:  # real opinions stray: one sentence of another topic, after the main point
                    other = rng.choice([name for name in TOPICS if name != topic])
                    parts.append(rng.choice(TOPICS[other]))
                if rng.random() < 0.45:
                    parts.insert(0, rng.choice(OPENINGS))
                if rng.random() < 0.4:
                    parts.append(rng.choice(CLOSINGS))
            text = " ".join(parts)
            if rng.random() < plain_share:
                text = fold(text)
            opinions.append((topic, text))
    rng.shuffle(opinions)
    return opinions
