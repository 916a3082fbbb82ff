"""Demo participation: page views of every demo draft and of the home page since the first draft opened, and
opinions on the open draft from across the country, so the statistics pages and their map look like a real week."""

import random
from datetime import timedelta

from consult.extensions import db
from consult.feedback.models import Feedback, FeedbackStatus
from consult.feedback.store import opinion_row, store_opinions
from consult.i18n import LOCAL_TZ
from consult.moderation.services import approve_feedback
from consult.statistics.models import PageViewDay

# (province, author kind, what they say) about the sidewalk rules of the open demo draft
VOICES = [
    (
        "ho-chi-minh",
        "individual",
        "Thành phố Hồ Chí Minh đã thu phí vỉa hè; đề nghị tham khảo kinh nghiệm đó để quy định mức phí hợp lý.",
    ),
    ("hai-phong", "individual", "Cần quy định thời gian được sử dụng tạm vỉa hè theo khung giờ, không để cả ngày."),
    ("da-nang", "organisation", "Đề nghị bổ sung quy định về vạch sơn phân định phần hè cho người đi bộ."),
    ("can-tho", "individual", "Tôi ủng hộ dự thảo vì vỉa hè thông thoáng giúp trẻ em đi học an toàn hơn."),
    ("nghe-an", "individual", "Nên có thời gian chuyển tiếp ít nhất sáu tháng để hộ kinh doanh nhỏ chuẩn bị."),
    ("thanh-hoa", "individual", "Đề nghị quy định rõ ai chịu trách nhiệm khi vỉa hè bị hư hỏng do sử dụng tạm."),
    (
        "quang-ninh",
        "organisation",
        "Hiệp hội du lịch đề nghị cho phép bày bàn ghế tại các tuyến phố đi bộ vào buổi tối.",
    ),
    (
        "bac-ninh",
        "individual",
        "Cần công khai danh sách tuyến phố được cấp phép sử dụng tạm vỉa hè trên cổng thông tin.",
    ),
    ("hung-yen", "individual", "Mức phạt cần đủ sức răn đe với trường hợp tái phạm nhiều lần."),
    ("thai-nguyen", "individual", "Đề nghị miễn phí cho hộ gia đình dùng vỉa hè để xe của chính mình vào ban đêm."),
    ("hue", "organisation", "Các khu phố cổ cần quy định riêng để giữ cảnh quan di sản."),
    ("khanh-hoa", "individual", "Nên dành chỗ cho người bán hàng rong có hoàn cảnh khó khăn tại một số điểm cố định."),
    ("lam-dong", "individual", "Tôi đồng ý với dự thảo, nhưng cần tăng cường kiểm tra vào cuối tuần."),
    ("dong-nai", "individual", "Đề nghị cho phép nộp hồ sơ xin phép sử dụng tạm vỉa hè trực tuyến."),
    ("an-giang", "individual", "Cần quy định chiều cao tối đa của mái che, bạt che trên vỉa hè."),
    ("gia-lai", "individual", "Đề nghị lấy thêm ý kiến của người khuyết tật khi thiết kế lối đi trên vỉa hè."),
    ("ninh-binh", "individual", "Phí thu được nên dùng để sửa chữa chính vỉa hè của tuyến phố đó."),
    ("phu-tho", "individual", "Quy định cần nói rõ việc trông giữ xe trên vỉa hè có phải xin phép hay không."),
]
NAMES = [
    "Trần Minh Khoa", "Phạm Thu Hà", "Lê Trọng Nghĩa", "Nguyễn Thị Thanh Tâm", "Võ Đức Thắng", "Đặng Mỹ Linh",
    "Hồ Văn Phúc", "Bùi Khánh Linh", "Đỗ Hải Đăng", "Hoàng Kim Oanh", "Ngô Tuấn Kiệt", "Dương Thảo Vy",
    "Lý Gia Bảo", "Mai Phương Thảo", "Trịnh Công Sơn Lâm", "Châu Bích Ngọc", "Tạ Quốc Huy", "Kiều Anh Thư",
]  # fmt: skip
VIEWS_SEED = 17


def load_participation(drafts, moderator, now):
    """Add page views for each demo draft's days since it opened (and the home page's), then the opinions of
    VOICES on the open draft, approved, one every few hours over its first days."""
    chance = random.Random(VIEWS_SEED)
    today = now.astimezone(LOCAL_TZ).date()
    first = min(draft.opens_at for draft in drafts).astimezone(LOCAL_TZ).date()
    for day in (first + timedelta(days=n) for n in range((today - first).days + 1)):
        weekend = day.weekday() >= 5
        db.session.add(PageViewDay(draft_id=None, day=day, views=chance.randint(60, 140) // (2 if weekend else 1)))
        for draft in drafts:
            opened = draft.opens_at.astimezone(LOCAL_TZ).date()
            closed = draft.closes_at.astimezone(LOCAL_TZ).date()
            if day < opened:
                continue
            busy = 400 if day <= opened + timedelta(days=2) else 180 if day <= closed else 25
            views = chance.randint(busy // 2, busy) // (2 if weekend else 1)
            db.session.add(PageViewDay(draft_id=draft.id, day=day, views=views))
    open_draft = next(draft for draft in drafts if draft.status == "open")
    for index, (locality, kind, content) in enumerate(VOICES):
        values = {
            "stance": "other" if index % 3 else "support",
            "content": content,
            "author_name": NAMES[index],
            "author_kind": kind,
            "locality": locality,
            "contact": f"gopy.{locality}.{index}@example.vn",
            "consent_name": False,
        }
        created = now - timedelta(hours=5 + 11 * index)
        receipt = store_opinions([opinion_row(open_draft, values, now=created)])[0]
        feedback = db.session.get(Feedback, receipt.id)
        if feedback.status == FeedbackStatus.PENDING:
            approve_feedback(moderator, feedback)
    db.session.flush()
