"""Opinions on three clearly different topics, some typed without diacritics, for theme tests and the benchmark."""

import random

from consult.text.normalize import fold

TOPICS = {
    "fees": [
        "Mức phí sử dụng hè phố quá cao so với thu nhập của hộ kinh doanh nhỏ.",
        "Đề nghị giảm mức phí thuê vỉa hè cho hộ buôn bán nhỏ lẻ.",
        "Phí 50.000 đồng mỗi mét vuông là không hợp lý, cần giảm phí.",
        "Nên miễn phí sáu tháng đầu để hộ kinh doanh kịp chuẩn bị.",
        "Thu phí hè phố phải công khai, mức phí cần tính theo từng tuyến phố.",
    ],
    "trees": [
        "Cây xanh trên vỉa hè phải được bảo vệ, cấm đóng đinh vào thân cây.",
        "Không được lát kín gốc cây khi sử dụng hè phố để kinh doanh.",
        "Hộ kinh doanh làm chết cây xanh phải trồng lại cây mới cùng loại.",
        "Cấm đổ nước thải vào gốc cây, cấm treo biển quảng cáo trên cây xanh.",
        "Cần thêm quy định chăm sóc cây xanh và bồn cây trên hè phố.",
    ],
    "schools": [
        "Cấm bán hàng trên hè phố quanh cổng trường học giờ tan học.",
        "Học sinh phải chen giữa xe máy và hàng quán trước cổng trường, rất nguy hiểm.",
        "Cần dành khu vực trước trường học làm chỗ đón trả học sinh an toàn.",
        "Phụ huynh đề nghị cấm cho thuê lòng đường trong phạm vi 100 mét quanh trường học.",
        "Giờ tan học cổng trường ùn tắc vì hàng quán lấn chiếm vỉa hè.",
    ],
}


def topic_opinions(per_topic=20, seed=7, plain_share=0.25):
    """Return [(topic, text)]: two or three sentences of one topic each, a share typed without diacritics."""
    rng = random.Random(seed)
    opinions = []
    for topic, sentences in TOPICS.items():
        for _ in range(per_topic):
            text = " ".join(rng.sample(sentences, rng.choice((2, 3))))
            if rng.random() < plain_share:
                text = fold(text)
            opinions.append((topic, text))
    rng.shuffle(opinions)
    return opinions
