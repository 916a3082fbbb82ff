"""A realistic Vietnamese set for near-duplicate tests: form letters, edited copies of them, distinct opinions.

Every text is about the same draft (temporary use of sidewalks and roadside in Hà Nội), so distinct opinions
share the draft's vocabulary with the letters and with each other. Distinct opinions follow an affine design:
four slots of 17 sentences, opinion (x, y) takes sentences x, y, x+y and x+2y (mod 17), so any two distinct
opinions share at most one sentence of four. Edited copies change a letter the way people do: typos, diacritics
dropped, old tone placement (hoà, uỷ), words added or left out, a greeting or a signature, capitals.
"""

import random

from consult.text.normalize import fold

FORM_LETTERS = [
    "Kính gửi Sở Xây dựng. Chúng tôi là các hộ kinh doanh nhỏ trên địa bàn quận. Mức phí 50.000 đồng mỗi mét vuông "
    "mỗi tháng trong dự thảo là quá cao so với thu nhập của hộ buôn bán nhỏ lẻ. Đề nghị giảm một nửa mức phí cho hộ "
    "có diện tích sử dụng dưới 5 mét vuông và miễn phí trong sáu tháng đầu để người dân kịp chuẩn bị.",
    "Tôi đề nghị dự thảo quy định bắt buộc phần hè phố dành cho người đi bộ phải rộng tối thiểu 2 mét, liên tục và "
    "không có vật cản. Thực tế hiện nay người đi bộ phải đi xuống lòng đường vì hè bị lấn chiếm hết. Ủy ban nhân dân "
    "các phường phải kiểm tra hằng tuần và công khai kết quả xử lý vi phạm trên cổng thông tin.",
    "Việc tổ chức việc hiếu, việc hỉ là phong tục lâu đời của người Việt. Đề nghị cho phép các gia đình sử dụng tạm "
    "thời hè phố và một phần lòng đường để tổ chức đám cưới, đám tang trong tối đa 48 giờ mà không phải xin giấy "
    "phép, chỉ cần thông báo với tổ dân phố và bảo đảm vệ sinh, an toàn giao thông.",
    "Chúng tôi phản đối việc thu phí trông giữ xe máy trên hè phố trước cửa nhà của chính các hộ dân. Nhà phố cổ "
    "không có chỗ để xe trong nhà nên người dân buộc phải để xe trên hè. Đề nghị miễn phí cho xe của hộ gia đình "
    "đăng ký thường trú tại số nhà đó, tối đa hai xe mỗi hộ.",
    "Hàng nghìn người bán hàng rong từ các tỉnh lên Hà Nội mưu sinh sẽ mất kế sinh nhai nếu cấm hoàn toàn việc bán "
    "hàng trên hè phố. Đề nghị thành phố bố trí các điểm bán hàng cố định, có khung giờ rõ ràng và cấp thẻ cho người "
    "bán hàng rong thay vì xử phạt và thu giữ hàng hóa của họ.",
    "Đề nghị bổ sung quy định mọi vị trí cho thuê hè phố phải giữ nguyên các lối lên xuống dốc dành cho xe lăn và "
    "đường dẫn cho người khiếm thị. Người khuyết tật có quyền đi lại an toàn như mọi công dân. Đơn vị nào che lấp lối "
    "đi cho người khuyết tật phải bị thu hồi giấy phép ngay.",
    "Cây xanh trên hè phố là tài sản chung của thành phố. Đề nghị dự thảo cấm đóng đinh, treo biển, buộc dây, đổ "
    "nước thải vào gốc cây và cấm lát kín gốc cây khi sử dụng hè phố để kinh doanh. Hộ kinh doanh làm chết cây phải "
    "bồi thường và trồng lại cây mới cùng loại.",
    "Là phụ huynh học sinh, chúng tôi đề nghị cấm mọi hình thức cho thuê hè phố và lòng đường trong phạm vi 100 mét "
    "quanh cổng trường học. Giờ tan học con em chúng tôi phải chen giữa xe máy và hàng quán, rất nguy hiểm. Cần dành "
    "khu vực này làm chỗ đón trả học sinh an toàn.",
    "Các chợ dân sinh trong nội thành từ lâu đã họp ra cả hè phố và lòng đường xung quanh. Đề nghị dự thảo có quy "
    "định riêng cho khu vực quanh chợ, cho phép họp chợ tạm vào buổi sáng từ 5 giờ đến 8 giờ và phải thu dọn sạch sẽ "
    "trả lại lòng đường trước giờ cao điểm.",
    "Đề nghị cho phép nộp hồ sơ xin cấp phép sử dụng tạm thời hè phố qua Cổng dịch vụ công trực tuyến của thành phố "
    "và nhận kết quả qua mạng. Thời hạn giải quyết nên rút xuống còn 3 ngày làm việc. Phí sử dụng nên được nộp qua "
    "tài khoản ngân hàng để minh bạch, tránh tiêu cực.",
    "Dự thảo có hiệu lực ngay sau khi ký là quá gấp đối với hàng nghìn hộ kinh doanh. Đề nghị có thời gian chuyển "
    "tiếp ít nhất 12 tháng để người dân sắp xếp lại việc kinh doanh, tìm mặt bằng mới và để chính quyền phường hướng "
    "dẫn thủ tục cấp phép cho từng hộ.",
    "Mức xử phạt và việc thu giữ tài sản ngay lần đầu vi phạm là quá nặng. Đề nghị lần đầu vi phạm chỉ nhắc nhở và "
    "lập biên bản cảnh cáo, lần thứ hai mới xử phạt tiền và chỉ thu hồi giấy phép khi tái phạm nhiều lần trong cùng "
    "một năm.",
    "Khu phố cổ Hoàn Kiếm là điểm đến của khách du lịch trong và ngoài nước. Các tuyến phố đi bộ và phố ẩm thực cần "
    "quy định riêng, linh hoạt hơn về thời gian và diện tích sử dụng hè phố vào buổi tối cuối tuần, để phát triển "
    "kinh tế đêm và giữ gìn nét văn hóa của Thủ đô.",
    "Chúng tôi đề nghị công khai hằng năm toàn bộ số tiền thu được từ phí sử dụng hè phố, lòng đường và việc sử dụng "
    "số tiền đó. Nguồn thu này phải được dùng để sửa chữa hè phố, lát lại vỉa hè và trồng cây xanh ngay trên địa bàn "
    "phường đã thu, không sử dụng cho mục đích khác.",
    "Trước khi cấp phép sử dụng hè phố cho một hộ kinh doanh, đề nghị phường phải lấy ý kiến của các hộ liền kề và "
    "tổ dân phố. Nhiều quán nhậu, quán karaoke sử dụng hè gây ồn ào, mất vệ sinh đến khuya mà hàng xóm không được "
    "hỏi ý kiến. Việc này cần được quy định rõ ràng.",
    "Đề nghị cho phép các phố ẩm thực đêm được sử dụng hè phố đến 24 giờ vào thứ Sáu, thứ Bảy và Chủ nhật. Quy định "
    "đóng cửa lúc 23 giờ như dự thảo là quá sớm đối với khách du lịch và làm giảm doanh thu của hàng trăm hộ kinh "
    "doanh dịch vụ ăn uống.",
    "Việc tập kết vật liệu xây dựng, phế thải trên hè phố và lòng đường đang rất phổ biến, gây bụi bẩn và mất an "
    "toàn. Đề nghị dự thảo quy định chủ công trình chỉ được tập kết vật liệu tối đa 24 giờ, phải che chắn kín và "
    "nộp tiền đặt cọc bảo đảm hoàn trả mặt bằng như cũ.",
    "Đề nghị dành một phần hè phố tại các nút giao lớn để đặt trạm xe đạp công cộng và chỗ để xe đạp, xe điện cho "
    "người dân. Đây là giải pháp giảm ùn tắc và ô nhiễm không khí. Các trạm này phải được miễn phí sử dụng hè phố "
    "vì phục vụ lợi ích chung của cộng đồng.",
    "Biển quảng cáo, biển hiệu, kệ hàng đặt trên hè phố đang che khuất tầm nhìn và cản trở người đi bộ. Đề nghị cấm "
    "hoàn toàn việc đặt biển quảng cáo độc lập trên hè, biển hiệu chỉ được gắn trên mặt tiền nhà và không được nhô ra "
    "quá 20 xăng-ti-mét.",
    "Hiệp hội chúng tôi hoàn toàn đồng tình với dự thảo. Việc quản lý chặt chẽ và thu phí sử dụng hè phố là cần "
    "thiết để lập lại trật tự đô thị, trả lại không gian cho người đi bộ. Đề nghị Ủy ban nhân dân thành phố sớm ban "
    "hành và tổ chức thực hiện nghiêm túc, thống nhất trên toàn thành phố.",
]

# Distinct opinions: one sentence from each slot (see the module docstring).
CONTEXTS = [
    "Tôi là chủ một quán phở nhỏ trên phố Bà Triệu đã hơn mười năm.",
    "Nhà tôi ở ngõ Huế, hè trước cửa chỉ rộng hơn một mét.",
    "Tôi làm bảo vệ cho một tòa nhà văn phòng ở Cầu Giấy.",
    "Là giáo viên về hưu, sáng nào tôi cũng đi bộ quanh hồ Thiền Quang.",
    "Gia đình tôi bán hoa tươi ở chợ Quảng Bá ba đời nay.",
    "Tôi là sinh viên, đi học bằng xe buýt và thường đi bộ từ bến xe về trọ.",
    "Cửa hàng điện thoại của tôi nằm ở mặt đường Xã Đàn.",
    "Tôi sống một mình với mẹ già ngồi xe lăn ở phường Kim Liên.",
    "Tôi là tài xế công nghệ, ngày nào cũng dừng đón khách trên phố Huế.",
    "Nhà tôi có cửa hàng sửa xe máy trên đường Giải Phóng.",
    "Tôi làm kiến trúc sư và quan tâm đến không gian công cộng của thành phố.",
    "Chúng tôi là nhóm thanh niên tình nguyện của phường Láng Hạ.",
    "Gia đình tôi thuê nhà mặt phố Hàng Buồm để mở cửa hàng lưu niệm.",
    "Tôi đã nghỉ hưu và làm tổ trưởng tổ dân phố số 7 phường Trung Hòa.",
    "Tôi là bác sĩ, hay phải đi bộ từ bãi gửi xe vào bệnh viện Bạch Mai.",
    "Tôi bán bánh mì buổi sáng trên một chiếc xe đẩy ở đầu ngõ Văn Chương.",
    "Tôi mở lớp dạy vẽ cho trẻ em trong một căn nhà nhỏ ở Tây Hồ.",
]
PROBLEMS = [
    "Khách của quán phải đứng ăn dưới lòng đường mỗi khi trời mưa.",
    "Buổi tối xe ô tô đỗ kín hai bên đường nên xe cứu thương không vào được ngõ.",
    "Gạch lát hè bị vỡ nhiều chỗ sau mỗi lần đào lên để sửa đường ống nước.",
    "Nhiều hàng quán kê bàn ghế ra sát mép đường, mẹ tôi không thể đẩy xe lăn qua được.",
    "Cứ đến cuối tháng là có người đến thu tiền trông xe mà không đưa biên lai.",
    "Hè phố trước các tòa nhà văn phòng bị rào lại làm chỗ để xe riêng cho nhân viên.",
    "Rễ cây xà cừ làm hè phố gồ ghề, người già đi bộ rất dễ vấp ngã.",
    "Các cửa hàng xả nước rửa bát ra hè khiến mặt hè lúc nào cũng trơn và bốc mùi.",
    "Xe máy leo lên hè để tránh tắc đường vào giờ cao điểm, đi bộ rất nguy hiểm.",
    "Ở phường tôi không có điểm trông xe nào được cấp phép, ai cũng tự chiếm hè.",
    "Tiếng loa quảng cáo của các cửa hàng trên hè phố làm khu dân cư không được yên tĩnh.",
    "Việc cấp phép hiện nay phải đi lại nhiều lần và không biết hồ sơ đang ở đâu.",
    "Nhiều tủ điện, cột viễn thông đặt giữa hè làm lối đi bị thu hẹp chỉ còn nửa mét.",
    "Sau mỗi đợt ra quân dẹp hè chỉ vài hôm sau mọi thứ lại như cũ.",
    "Ban đêm đèn chiếu sáng trên hè phố bị che bởi bạt của hàng quán nên rất tối.",
    "Các điểm dừng xe buýt bị hàng nước chiếm chỗ, khách chờ xe phải đứng dưới lòng đường.",
    "Người khiếm thị không thể dùng được đường dẫn vì bị xe máy đỗ chắn ngang.",
]
PROPOSALS = [
    "Tôi mong dự thảo cho phép dựng mái che di động và thu vào trước 22 giờ.",
    "Cần kẻ vạch rõ phần được sử dụng và dán mã QR để người dân tra cứu giấy phép.",
    "Nên giao cho công an phường phối hợp với tổ dân phố kiểm tra vào ban đêm.",
    "Đề nghị quy định đơn vị đào hè phải hoàn trả mặt hè trong vòng 7 ngày.",
    "Thành phố nên xây thêm bãi đỗ xe ngầm dưới các công viên để giảm xe đỗ trên phố.",
    "Đề nghị công bố bản đồ các tuyến phố được phép sử dụng hè ngay trên trang web của quận.",
    "Nên áp dụng biên lai điện tử cho mọi khoản thu liên quan đến hè phố.",
    "Cần có đường dây nóng để người dân phản ánh vi phạm và được trả lời trong ngày.",
    "Dự thảo nên phân loại tuyến phố theo bề rộng hè để áp dụng mức phí khác nhau.",
    "Đề nghị cấm hẳn việc rào chắn hè phố làm chỗ để xe riêng của cơ quan, doanh nghiệp.",
    "Nên di dời tủ điện và cột viễn thông vào sát tường nhà hoặc đưa xuống ngầm.",
    "Tôi đề xuất lắp camera tại các tuyến phố trọng điểm và xử phạt qua hình ảnh.",
    "Cần bổ sung chế tài đối với việc xả nước thải và rác ra hè phố.",
    "Nên tổ chức đối thoại với hộ kinh doanh trước khi áp dụng quy định mới.",
    "Cần quy định giờ giấc sử dụng loa, âm thanh trên hè phố như giờ nghỉ trưa và sau 22 giờ.",
    "Đề nghị ưu tiên cấp phép cho người khuyết tật và người có hoàn cảnh khó khăn.",
    "Thủ tục nên cho phép gia hạn giấy phép qua điện thoại mà không phải lên phường.",
]
CLOSINGS = [
    "Có như vậy người dân mới thấy quy định công bằng.",
    "Mong ban soạn thảo cân nhắc thực tế của từng khu phố.",
    "Tôi tin rằng nếu làm được, thành phố sẽ văn minh hơn nhiều.",
    "Xin cảm ơn cơ quan soạn thảo đã lắng nghe ý kiến người dân.",
    "Hy vọng quy định lần này không chỉ nằm trên giấy.",
    "Đây là ý kiến cá nhân, mong được xem xét.",
    "Người dân sẵn sàng chấp hành nếu quy định rõ ràng và hợp lý.",
    "Tôi sẵn sàng tham gia giám sát cùng tổ dân phố.",
    "Việc này cần làm từ lâu rồi chứ không chỉ bây giờ.",
    "Mong nhận được phản hồi của Sở trên trang góp ý này.",
    "Chúng tôi kỳ vọng thủ đô sẽ có những con phố sạch đẹp hơn.",
    "Nếu không có lối đi an toàn thì mọi quy định khác đều vô nghĩa.",
    "Quy định cần tính đến sinh kế của người lao động nghèo.",
    "Kinh nghiệm của các thành phố khác cho thấy việc này hoàn toàn làm được.",
    "Đề nghị đưa nội dung này vào điều khoản thi hành.",
    "Tôi xin góp ý ngắn gọn như trên.",
    "Rất mong thành phố sớm có thay đổi tích cực.",
]
PRIME = 17


def distinct_opinions(count=200):
    """Return `count` opinions on the draft, no two of which share more than one sentence of four."""
    opinions = []
    for x in range(PRIME):
        for y in range(PRIME):
            slots = (CONTEXTS[x], PROBLEMS[y], PROPOSALS[(x + y) % PRIME], CLOSINGS[(x + 2 * y) % PRIME])
            opinions.append(" ".join(slots))
    return opinions[:count]


def quoting_opinions():
    """Return opinions that quote the first sentence of a form letter, then say something else: not copies."""
    opinions = []
    for index, letter in enumerate(FORM_LETTERS[:10]):
        first = letter.split(". ")[0] if not letter.startswith("Kính gửi") else letter.split(". ")[1]
        own = distinct_opinions(PRIME * PRIME)[-1 - index]  # never one of the first 200
        opinions.append(f'Tôi có đọc ý kiến "{first}" trên mạng nhưng tôi thấy khác. {own}')
    return opinions


# Short opinions alike in all but the word that carries them: a content word, a negation or a number. Each pair is
# two opinions (issue 19: groups that merged such sentences answered one person with another's answer).
SAYS_OTHERWISE_PAIRS = [
    (
        "Đề nghị tăng mức phạt đối với hành vi lấn chiếm vỉa hè.",
        "Đề nghị giảm mức phạt đối với hành vi lấn chiếm vỉa hè.",
    ),
    ("Tôi đồng ý với quy định thu phí sử dụng vỉa hè.", "Tôi không đồng ý với quy định thu phí sử dụng vỉa hè."),
    ("Đề nghị quy định lối đi bộ rộng tối thiểu 1,5 m.", "Đề nghị quy định lối đi bộ rộng tối thiểu 2 m."),
    ("Nên cho phép bán hàng trên vỉa hè sau 22 giờ.", "Nên cấm bán hàng trên vỉa hè sau 22 giờ."),
    ("Đề nghị giữ nguyên khoản 2 Điều 5 của dự thảo.", "Đề nghị bỏ khoản 2 Điều 5 của dự thảo."),
    ("Mức thu phí 50.000 đồng mỗi tháng là hợp lý.", "Mức thu phí 80.000 đồng mỗi tháng là hợp lý."),
    ("Quy định này cần áp dụng cho cả xe máy.", "Quy định này cần áp dụng cho cả ô tô."),
    ("Phường nên được quyền cấp phép sử dụng vỉa hè.", "Quận nên được quyền cấp phép sử dụng vỉa hè."),
    ("Thời gian lấy ý kiến như vậy là đủ.", "Thời gian lấy ý kiến như vậy là chưa đủ."),
    ("Đề nghị áp dụng quy định này từ năm 2027.", "Đề nghị áp dụng quy định này từ năm 2028."),
    ("Cần tăng số lượng cán bộ kiểm tra vào buổi tối.", "Cần tăng số lượng camera kiểm tra vào buổi tối."),
    ("Hộ kinh doanh phải nộp phí theo diện tích sử dụng.", "Hộ kinh doanh phải nộp phí theo thời gian sử dụng."),
    ("Tôi ủng hộ việc trồng thêm cây xanh trên phố.", "Tôi phản đối việc trồng thêm cây xanh trên phố."),
    ("Đề nghị miễn phí cho người khuyết tật bán hàng rong.", "Đề nghị giảm phí cho người khuyết tật bán hàng rong."),
    ("Xe đạp được để trên vỉa hè không quá 2 giờ.", "Xe đạp được để trên vỉa hè không quá 4 giờ."),
]
_TYPO_LETTERS = "aăâeêioôơuưy"
_OLD_TONES = {
    "hòa": "hoà",
    "hóa": "hoá",
    "Ủy": "Uỷ",
    "ủy": "uỷ",
    "thỏa": "thoả",
    "khỏe": "khoẻ",
    "tòa": "toà",
    "Hòa": "Hoà",
    "xóa": "xoá",
    "Thủy": "Thuỷ",
}
_GREETINGS = ["Kính gửi Ban soạn thảo,", "Kính gửi quý cơ quan.", "Xin chào,", "Tôi xin góp ý như sau:"]
_SIGNATURES = [
    "Trân trọng.",
    "Xin cảm ơn!",
    "Người góp ý: Nguyễn Văn Hùng, phường Kim Mã.",
    "Trân trọng cảm ơn. Trần Thị Lan, tổ 12 phường Thanh Xuân Bắc.",
    "Rất mong được xem xét.",
]
_INSERTS = ["thật sự", "rất", "cũng", "hiện nay", "theo tôi", "ngay", "nhất là"]


def _typo(word, rng):
    """Return `word` with one slip of the finger: a letter dropped, doubled, swapped or changed."""
    if len(word) < 3:
        return word
    i = rng.randrange(len(word) - 1)
    kind = rng.choice(("drop", "double", "swap", "change"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice(_TYPO_LETTERS) + word[i + 1 :]


def edited_copy(letter, rng):
    """Return a copy of `letter` changed the way people change a text they were sent."""
    words = letter.split(" ")
    for _ in range(rng.randint(0, 3)):
        i = rng.randrange(len(words))
        words[i] = _typo(words[i], rng)
    if rng.random() < 0.4:  # a few words left out
        for _ in range(rng.randint(1, 3)):
            del words[rng.randrange(len(words))]
    if rng.random() < 0.4:  # a few words added
        for _ in range(rng.randint(1, 3)):
            words.insert(rng.randrange(len(words)), rng.choice(_INSERTS))
    text = " ".join(words)
    if rng.random() < 0.5:
        for new, old in _OLD_TONES.items():
            text = text.replace(new, old)
    if rng.random() < 0.3:
        text = fold(text)  # typed on a keyboard without Vietnamese input
    elif rng.random() < 0.1:
        text = text.upper()
    if rng.random() < 0.3:
        text = f"{rng.choice(_GREETINGS)} {text}"
    if rng.random() < 0.3:
        text = f"{text}\n{rng.choice(_SIGNATURES)}"
    return text


def labelled_set(copies_per_letter=10, distinct=200, seed=2026):
    """Return [(text, label)]: each letter and its edited copies share a label; every other opinion has its own.

    Everything is interleaved, as a campaign arrives over time; half the letters come after some of their copies,
    so an edited copy is sometimes the first of its group.
    """
    rng = random.Random(seed)
    copies = [
        (edited_copy(letter, rng), f"letter-{index}")
        for index, letter in enumerate(FORM_LETTERS)
        for _ in range(copies_per_letter)
    ]
    others = [(text, f"own-{index}") for index, text in enumerate(distinct_opinions(distinct) + quoting_opinions())]
    rng.shuffle(copies)
    rng.shuffle(others)
    mixed = copies + others
    rng.shuffle(mixed)
    originals = [(letter, f"letter-{index}") for index, letter in enumerate(FORM_LETTERS)]
    return originals[:10] + mixed[: len(mixed) // 3] + originals[10:] + mixed[len(mixed) // 3 :]
