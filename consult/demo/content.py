"""Demo content (agencies, draft documents, opinions and users) used to seed Consult."""

import textwrap

AGENCIES = [
    {
        "slug": "ubnd-ha-noi",
        "name": "Ủy ban nhân dân Thành phố Hà Nội",
        "kind": "province",
        "parent": None,
    },
    {
        "slug": "so-xay-dung-ha-noi",
        "name": "Sở Xây dựng Thành phố Hà Nội",
        "kind": "department",
        "parent": "ubnd-ha-noi",
    },
    {
        "slug": "ubnd-phuong-hoan-kiem",
        "name": "Ủy ban nhân dân phường Hoàn Kiếm",
        "kind": "commune",
        "parent": "ubnd-ha-noi",
    },
]

DRAFTS = [
    # ------------------------------------------------------------------
    # Draft 1: open, Sở Xây dựng Hà Nội
    # ------------------------------------------------------------------
    {
        "slug": "quy-dinh-quan-ly-he-pho-ha-noi",
        "agency": "so-xay-dung-ha-noi",
        "title": (
            "Dự thảo Quyết định ban hành Quy định quản lý, sử dụng tạm thời "
            "một phần hè phố, lòng đường trên địa bàn Thành phố Hà Nội"
        ),
        "summary": (
            "Dự thảo quy định các trường hợp, điều kiện, thời gian và thẩm quyền cấp phép "
            "sử dụng tạm thời một phần hè phố, lòng đường ngoài mục đích giao thông trên địa bàn "
            "Thành phố Hà Nội. Dự thảo yêu cầu bảo đảm phần hè phố còn lại tối thiểu 1,5 m dành "
            "cho người đi bộ và thực hiện cấp phép trực tuyến trên Cổng dịch vụ công Thành phố. "
            "Trách nhiệm kiểm tra, xử lý vi phạm được giao cụ thể cho Sở Xây dựng và Ủy ban nhân "
            "dân các xã, phường."
        ),
        "doc_type": "decision",
        "field": "Xây dựng, đô thị",
        "state": "open",
        "opens_days_ago": 10,
        "closes_in_days": 50,
        "contact": (
            "Phòng Quản lý hạ tầng giao thông, Sở Xây dựng Thành phố Hà Nội, "
            "ĐT: 024 3825 0000, email: qlhtgt.sxd@example.vn"
        ),
        "structure": textwrap.dedent(
            """
            Chương I
            QUY ĐỊNH CHUNG
            Điều 1. Phạm vi điều chỉnh
            Quy định này quy định việc quản lý, sử dụng tạm thời một phần hè phố, lòng đường ngoài mục đích giao thông trên các tuyến đường đô thị thuộc địa bàn Thành phố Hà Nội.
            Việc sử dụng tạm thời hè phố, lòng đường để tổ chức các hoạt động văn hóa, thể thao, diễu hành, lễ hội thực hiện theo quy định riêng của Ủy ban nhân dân Thành phố.
            Điều 2. Đối tượng áp dụng
            Quy định này áp dụng đối với:
            1. Cơ quan quản lý nhà nước có liên quan đến việc quản lý, sử dụng hè phố, lòng đường trên địa bàn Thành phố.
            2. Tổ chức, hộ gia đình, cá nhân có nhu cầu sử dụng tạm thời một phần hè phố, lòng đường.
            3. Tổ chức, cá nhân khác có liên quan.
            Điều 3. Nguyên tắc sử dụng tạm thời một phần hè phố, lòng đường
            1. Bảo đảm trật tự, an toàn giao thông, mỹ quan đô thị, vệ sinh môi trường và yêu cầu phòng cháy, chữa cháy.
            2. Phần hè phố còn lại dành cho người đi bộ có bề rộng tối thiểu 1,5 m, liên tục, không bị che chắn; không chiếm dụng lối đi dành cho người khuyết tật.
            3. Việc sử dụng tạm thời phải có giấy phép của cơ quan có thẩm quyền và nộp phí theo quy định của Hội đồng nhân dân Thành phố.
            4. Không sử dụng tạm thời hè phố, lòng đường tại các tuyến phố, khu vực đã được Ủy ban nhân dân Thành phố công bố cấm sử dụng.
            Chương II
            QUY ĐỊNH CỤ THỂ
            Điều 4. Các trường hợp được sử dụng tạm thời một phần hè phố
            1. Trông, giữ xe đạp, xe máy, xe đạp điện, xe máy điện phục vụ hoạt động kinh doanh, dịch vụ.
            2. Kinh doanh dịch vụ ăn uống, giải khát, bán hàng hóa tại các tuyến phố đáp ứng điều kiện quy định tại Điều 5 Quy định này.
            3. Tập kết vật liệu, phế thải xây dựng phục vụ thi công công trình, thời gian không quá 24 giờ cho mỗi lần tập kết.
            4. Tổ chức việc cưới, việc tang của hộ gia đình.
            Điều 5. Điều kiện sử dụng tạm thời một phần hè phố để kinh doanh
            1. Hè phố có bề rộng từ 3 m trở lên; phần diện tích được sử dụng không vượt quá 1/2 bề rộng hè phố và bảo đảm phần còn lại tối thiểu 1,5 m dành cho người đi bộ.
            2. Vị trí sử dụng nằm trong phạm vi mặt tiền của nhà, công trình mà tổ chức, cá nhân đang sử dụng hợp pháp.
            3. Không đặt bục, bệ, mái che, biển quảng cáo cố định; không đun nấu bằng bếp than tổ ong trên hè phố.
            4. Ranh giới phần hè phố được phép sử dụng được kẻ vạch sơn màu trắng, rộng 10 cm, do Ủy ban nhân dân xã, phường tổ chức thực hiện.
            Điều 6. Sử dụng tạm thời một phần lòng đường làm nơi trông, giữ xe
            1. Chỉ áp dụng đối với lòng đường có bề rộng từ 7,5 m trở lên, không thuộc tuyến có xe buýt hoạt động và không nằm trong phạm vi 20 m tính từ mép ngoài của nút giao.
            2. Phần lòng đường được sử dụng có bề rộng không quá 2,5 m đối với ô tô và không quá 2 m đối với xe máy, tính từ mép bó vỉa.
            3. Đơn vị trông, giữ xe phải niêm yết giá dịch vụ và số điện thoại đường dây nóng của Ủy ban nhân dân xã, phường tại vị trí dễ quan sát.
            Điều 7. Thời gian sử dụng tạm thời
            1. Thời gian sử dụng hè phố để kinh doanh dịch vụ ăn uống, giải khát: từ 06 giờ 00 đến 23 giờ 00 hằng ngày.
            2. Thời gian sử dụng lòng đường làm nơi trông, giữ xe: theo khung giờ ghi trong giấy phép, không bao gồm giờ cao điểm buổi sáng (từ 06 giờ 30 đến 08 giờ 30) và buổi chiều (từ 16 giờ 30 đến 19 giờ 00).
            3. Thời hạn của giấy phép không quá 12 tháng; hết thời hạn, tổ chức, cá nhân có nhu cầu tiếp tục sử dụng thì đề nghị cấp lại.
            Điều 8. Thẩm quyền cấp phép và mức thu phí
            1. Ủy ban nhân dân xã, phường cấp phép sử dụng tạm thời một phần hè phố, lòng đường đối với các tuyến đường do xã, phường quản lý.
            2. Sở Xây dựng cấp phép đối với các tuyến đường do Thành phố quản lý.
            3. Mức thu phí tại các tuyến phố thuộc khu phố cổ, phố cũ là 50.000 đồng/m²/tháng; tại các tuyến phố khác là 30.000 đồng/m²/tháng, trừ trường hợp Hội đồng nhân dân Thành phố có quy định khác.
            4. Hồ sơ đề nghị cấp phép được nộp trực tuyến trên Cổng dịch vụ công Thành phố Hà Nội; thời hạn giải quyết không quá 05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ.
            Chương III
            TỔ CHỨC THỰC HIỆN
            Điều 9. Trách nhiệm của Sở Xây dựng
            1. Chủ trì, hướng dẫn, kiểm tra việc thực hiện Quy định này; tổng hợp, báo cáo Ủy ban nhân dân Thành phố định kỳ 06 tháng và hằng năm.
            2. Công bố danh mục các tuyến phố được phép, không được phép sử dụng tạm thời một phần hè phố, lòng đường trên Cổng thông tin điện tử của Sở.
            3. Phối hợp với Công an Thành phố kiểm tra, xử lý các hành vi vi phạm trật tự, an toàn giao thông.
            Điều 10. Trách nhiệm của Ủy ban nhân dân các xã, phường
            1. Rà soát, đề xuất danh mục tuyến phố được phép sử dụng tạm thời một phần hè phố, lòng đường trên địa bàn, gửi Sở Xây dựng trước ngày 30 tháng 11 hằng năm.
            2. Cấp phép, kẻ vạch sơn phân định, kiểm tra, xử lý vi phạm theo thẩm quyền; công khai danh sách tổ chức, cá nhân được cấp phép tại trụ sở và trên trang thông tin điện tử.
            3. Chủ tịch Ủy ban nhân dân xã, phường chịu trách nhiệm trước Chủ tịch Ủy ban nhân dân Thành phố nếu để xảy ra tình trạng lấn chiếm hè phố, lòng đường kéo dài trên địa bàn.
            Điều 11. Hiệu lực thi hành
            1. Quy định này có hiệu lực thi hành kể từ ngày Quyết định ban hành Quy định này có hiệu lực.
            2. Giấy phép sử dụng tạm thời hè phố, lòng đường đã cấp trước ngày Quy định này có hiệu lực được tiếp tục thực hiện đến hết thời hạn ghi trong giấy phép.
            3. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, tổ chức, cá nhân phản ánh về Sở Xây dựng để tổng hợp, báo cáo Ủy ban nhân dân Thành phố xem xét, sửa đổi, bổ sung cho phù hợp.
            """
        ).strip(),
        "opinions": [
            {
                "article": 3,
                "stance": "support",
                "content": (
                    "Hội hoan nghênh quy định bảo đảm phần hè phố tối thiểu 1,5 m cho người đi bộ. "
                    "Tuy nhiên, đề nghị quy định rõ lối đi phải bằng phẳng, không có vật cản và giữ "
                    "nguyên các vị trí dốc lên xuống hè dành cho xe lăn."
                ),
                "proposed_wording": (
                    "2. Phần hè phố còn lại dành cho người đi bộ có bề rộng tối thiểu 1,5 m, liên tục, "
                    "bằng phẳng, không có vật cản; tại vị trí có dốc lên xuống hè, lối đi dành cho "
                    "người khuyết tật phải được giữ nguyên trạng."
                ),
                "author_name": "Hội Người khuyết tật Thành phố Hà Nội",
                "author_kind": "organisation",
                "locality": "ha-noi",
                "locality_detail": "",
                "contact": "vanphong.hnkt@example.vn",
                "consent_name": True,
                "status": "approved",
                "reason": None,
                "note": "",
                "days_ago": 9,
            },
            {
                "article": 5,
                "stance": "oppose",
                "content": (
                    "Nhà tôi bán phở ở mặt phố, hè chỉ rộng khoảng 2,5 m nên theo dự thảo thì không "
                    "được đặt bàn ghế nữa. Đề nghị Sở xem xét cho phép hè từ 2,5 m trở lên, vẫn để lại "
                    "1,5 m cho người đi bộ."
                ),
                "proposed_wording": (
                    "1. Hè phố có bề rộng từ 2,5 m trở lên; phần diện tích được sử dụng phải bảo đảm "
                    "phần còn lại tối thiểu 1,5 m dành cho người đi bộ."
                ),
                "author_name": "Nguyễn Thị Hoa",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Cửa Nam",
                "contact": "hoa.nguyen@example.vn",
                "consent_name": True,
                "status": "approved",
                "reason": None,
                "note": "",
                "days_ago": 8,
            },
            {
                "article": 7,
                "stance": "other",
                "content": (
                    "de nghi tang thoi gian ban hang buoi toi den 24h vao thu 6, thu 7, chu nhat vi khu "
                    "pho co khach du lich dong. 23h dong cua la hoi som"
                ),
                "proposed_wording": "",
                "author_name": "Trần Văn Đức",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Hoàn Kiếm",
                "contact": "0912 000 123",
                "consent_name": True,
                "status": "pending",
                "reason": None,
                "note": "",
                "days_ago": 2,
            },
            {
                "article": 6,
                "stance": "oppose",
                "content": (
                    "Việc cho phép trông giữ ô tô dưới lòng đường rộng 7,5 m sẽ chỉ còn lại khoảng 5 m "
                    "cho hai chiều xe chạy, gây ùn tắc và khó khăn cho xe taxi đón trả khách. "
                    "Hiệp hội đề nghị chỉ áp dụng với lòng đường từ 10,5 m trở lên."
                ),
                "proposed_wording": (
                    "1. Chỉ áp dụng đối với lòng đường có bề rộng từ 10,5 m trở lên, không thuộc tuyến "
                    "có xe buýt hoạt động và không nằm trong phạm vi 20 m tính từ mép ngoài của nút giao."
                ),
                "author_name": "Hiệp hội Taxi Hà Nội",
                "author_kind": "organisation",
                "locality": "ha-noi",
                "locality_detail": "",
                "contact": "hiephoitaxi@example.vn",
                "consent_name": True,
                "status": "approved",
                "reason": None,
                "note": "",
                "days_ago": 7,
            },
            {
                "article": 8,
                "stance": "oppose",
                "content": (
                    "Mức phí 50.000 đồng/m²/tháng là cao so với hộ kinh doanh nhỏ lẻ như bán nước, "
                    "bán bánh mì. Đề nghị có mức giảm phí cho hộ kinh doanh cá thể có diện tích sử "
                    "dụng dưới 3 m²."
                ),
                "proposed_wording": "",
                "author_name": "Lê Minh Khoa",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Ba Đình",
                "contact": "khoa.leminh@example.vn",
                "consent_name": True,
                "status": "pending",
                "reason": None,
                "note": "",
                "days_ago": 3,
            },
            {
                "article": None,
                "stance": "support",
                "content": (
                    "Rất ủng hộ chủ trương trả lại vỉa hè cho người đi bộ. Mỗi lần đẩy xe nôi cho con "
                    "đi dạo tôi đều phải đi xuống lòng đường, rất nguy hiểm."
                ),
                "proposed_wording": "",
                "author_name": "Phạm Thu Trang",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Đống Đa",
                "contact": "trang.pham@example.vn",
                "consent_name": True,
                "status": "approved",
                "reason": None,
                "note": "",
                "days_ago": 9,
            },
            {
                "article": 10,
                "stance": "other",
                "content": (
                    "Đề nghị bổ sung quy định về thời hạn Ủy ban nhân dân xã, phường phải kiểm tra, "
                    "xử lý khi nhận được phản ánh của người dân về lấn chiếm hè phố, chẳng hạn không "
                    "quá 03 ngày làm việc. Đồng thời cần công khai kết quả xử lý trên ứng dụng iHanoi."
                ),
                "proposed_wording": (
                    "4. Kiểm tra, xử lý phản ánh của tổ chức, cá nhân về việc lấn chiếm hè phố, lòng "
                    "đường trong thời hạn không quá 03 ngày làm việc kể từ ngày nhận được phản ánh và "
                    "công khai kết quả xử lý."
                ),
                "author_name": "Hoàng Văn Hùng",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Hai Bà Trưng",
                "contact": "hung.hoangvan@example.vn",
                "consent_name": True,
                "status": "approved",
                "reason": None,
                "note": "",
                "days_ago": 6,
            },
            {
                "article": 4,
                "stance": "other",
                "content": (
                    "Khoản 4 về việc cưới, việc tang nên ghi rõ được dùng tối đa mấy ngày, có phải xin "
                    "giấy phép không hay chỉ cần báo tổ dân phố?"
                ),
                "proposed_wording": "",
                "author_name": "Đỗ Thị Lan",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Hoàn Kiếm",
                "contact": "0983 000 214",
                "consent_name": True,
                "status": "pending",
                "reason": None,
                "note": "",
                "days_ago": 1,
            },
            {
                "article": 5,
                "stance": "support",
                "content": (
                    "Tôi đồng tình với việc kẻ vạch sơn phân định phần hè phố được sử dụng, vì đây là "
                    "cách làm đã được thí điểm ở một số tuyến phố và cho thấy hiệu quả rõ rệt, người "
                    "dân nhìn vào là biết ngay hộ nào lấn chiếm. Tuy nhiên, kinh nghiệm cho thấy vạch "
                    "sơn chỉ sau vài tháng là mờ, nhiều hộ lại kê bàn ghế tràn ra ngoài, đến khi đoàn "
                    "kiểm tra đi qua thì thu dọn, đoàn đi thì lại bày ra như cũ. Vì vậy, tôi đề nghị "
                    "bổ sung yêu cầu sơn lại vạch ít nhất 06 tháng một lần và cho phép người dân gửi "
                    "ảnh chụp vi phạm qua ứng dụng để làm căn cứ xử lý. Ngoài ra, nên quy định hộ vi "
                    "phạm từ lần thứ hai trong thời hạn giấy phép thì bị thu hồi giấy phép, có như vậy "
                    "quy định mới thực sự đi vào cuộc sống."
                ),
                "proposed_wording": (
                    "4. Ranh giới phần hè phố được phép sử dụng được kẻ vạch sơn màu trắng, rộng 10 cm, "
                    "do Ủy ban nhân dân xã, phường tổ chức thực hiện và sơn lại định kỳ không quá 06 "
                    "tháng một lần."
                ),
                "author_name": "Vũ Quang Huy",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Cửa Nam",
                "contact": "huy.vuquang@example.vn",
                "consent_name": True,
                "status": "pending",
                "reason": None,
                "note": "",
                "days_ago": 4,
            },
            {
                "article": 9,
                "stance": "other",
                "content": (
                    "Đề nghị giao Sở Xây dựng ban hành thiết kế mẫu thống nhất về bàn, ghế, ô che, chậu "
                    "cây được phép đặt trên hè phố tại khu phố cổ, phố cũ. Việc mỗi hộ sử dụng một kiểu "
                    "như hiện nay làm ảnh hưởng đến cảnh quan kiến trúc đặc trưng của khu vực."
                ),
                "proposed_wording": (
                    "4. Ban hành thiết kế mẫu về bàn, ghế, ô che, chậu cây được phép đặt trên hè phố tại "
                    "khu phố cổ, phố cũ, bảo đảm hài hòa với cảnh quan kiến trúc."
                ),
                "author_name": "Hội Kiến trúc sư Hà Nội",
                "author_kind": "organisation",
                "locality": "ha-noi",
                "locality_detail": "",
                "contact": "hoiktshn@example.vn",
                "consent_name": True,
                "status": "approved",
                "reason": None,
                "note": "",
                "days_ago": 5,
            },
            {
                "article": 7,
                "stance": "oppose",
                "content": (
                    "toi o tang 2 nha mat pho, quan nhau ben canh mo den 23h on ao lam, ca nha khong ngu "
                    "duoc. de nghi voi pho co dan o thi chi cho den 22h thoi"
                ),
                "proposed_wording": "",
                "author_name": "Ngô Thị Mai",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Bạch Mai",
                "contact": "0975 000 318",
                "consent_name": False,
                "status": "pending",
                "reason": None,
                "note": "",
                "days_ago": 2,
            },
            {
                "article": 11,
                "stance": "other",
                "content": (
                    "Đề nghị có thời gian chuyển tiếp ít nhất 06 tháng đối với các hộ đang kinh doanh "
                    "trên hè phố nhưng không đáp ứng điều kiện mới, để người dân có thời gian thu xếp, "
                    "chuyển đổi mô hình kinh doanh."
                ),
                "proposed_wording": "",
                "author_name": "Bùi Đức Thắng",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Láng",
                "contact": "thang.buiduc@example.vn",
                "consent_name": True,
                "status": "approved",
                "reason": None,
                "note": "",
                "days_ago": 4,
            },
            {
                "article": 6,
                "stance": "support",
                "content": (
                    "Tôi thường xuyên lên Hà Nội công tác, việc tìm chỗ đỗ ô tô rất khó. Quy định cho "
                    "phép trông giữ xe có niêm yết giá và đường dây nóng là hợp lý, tránh tình trạng "
                    "chặt chém."
                ),
                "proposed_wording": "",
                "author_name": "Đặng Minh Châu",
                "author_kind": "individual",
                "locality": "hai-phong",
                "locality_detail": "Phường Hồng Bàng",
                "contact": "chau.dangminh@example.vn",
                "consent_name": True,
                "status": "approved",
                "reason": None,
                "note": "",
                "days_ago": 6,
            },
            {
                "article": None,
                "stance": "other",
                "content": (
                    "Đề nghị dự thảo có cơ chế riêng cho các tuyến phố đi bộ và tuyến phố phục vụ kinh "
                    "tế đêm, nơi hoạt động ăn uống trên hè phố là một phần của sản phẩm du lịch. Hiệp "
                    "hội sẵn sàng phối hợp với Sở Xây dựng để khảo sát, đề xuất danh mục tuyến phố."
                ),
                "proposed_wording": "",
                "author_name": "Hiệp hội Du lịch Hà Nội",
                "author_kind": "organisation",
                "locality": "ha-noi",
                "locality_detail": "",
                "contact": "hiephoidulich.hn@example.vn",
                "consent_name": True,
                "status": "pending",
                "reason": None,
                "note": "",
                "days_ago": 1,
            },
            {
                "article": 8,
                "stance": "support",
                "content": (
                    "Thủ tục nộp hồ sơ trực tuyến, giải quyết trong 05 ngày làm việc là hợp lý. Mong "
                    "thực hiện đúng, không yêu cầu nộp thêm bản giấy."
                ),
                "proposed_wording": "",
                "author_name": "Trịnh Văn Long",
                "author_kind": "individual",
                "locality": "unknown",
                "locality_detail": "",
                "contact": "0868 000 509",
                "consent_name": False,
                "status": "pending",
                "reason": None,
                "note": "",
                "days_ago": 0,
            },
            {
                "article": 10,
                "stance": "oppose",
                "content": (
                    "Viết thì hay thế thôi chứ bọn cán bộ phường toàn ăn hại, có tiền là cho chiếm hết "
                    "vỉa hè, quy định bao nhiêu cũng thế."
                ),
                "proposed_wording": "",
                "author_name": "Khách",
                "author_kind": "individual",
                "locality": "unknown",
                "locality_detail": "",
                "contact": "khach123@example.vn",
                "consent_name": False,
                "status": "rejected",
                "reason": "offensive",
                "note": "Ngôn từ xúc phạm, không góp ý cụ thể vào nội dung dự thảo.",
                "days_ago": 5,
            },
            {
                "article": None,
                "stance": "other",
                "content": (
                    "VAY TIỀN NHANH chỉ cần CCCD, giải ngân trong 15 phút, lãi suất 0% tháng đầu! "
                    "Đăng ký ngay tại http://vaytiennhanh.example.com"
                ),
                "proposed_wording": "",
                "author_name": "Tài chính 24h",
                "author_kind": "organisation",
                "locality": "unknown",
                "locality_detail": "",
                "contact": "0899 000 024",
                "consent_name": True,
                "status": "rejected",
                "reason": "spam",
                "note": "Nội dung quảng cáo.",
                "days_ago": 3,
            },
            {
                "article": 8,
                "stance": "oppose",
                "content": (
                    "Hóa đơn tiền điện tháng này nhà tôi tăng gần gấp đôi dù dùng như mọi tháng. Đề nghị "
                    "cơ quan chức năng kiểm tra lại công tơ."
                ),
                "proposed_wording": "",
                "author_name": "Lương Thị Thu",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Hoàng Mai",
                "contact": "0936 000 772",
                "consent_name": True,
                "status": "rejected",
                "reason": "off_topic",
                "note": "Không liên quan đến dự thảo; đề nghị gửi phản ánh tới đơn vị điện lực.",
                "days_ago": 2,
            },
            {
                "article": 5,
                "stance": "oppose",
                "content": (
                    "Hộ ông Nguyễn Văn B. ở số 12 ngõ 5 phố này, SĐT 0987 000 456, CCCD 001085000000, "
                    "chiếm hết vỉa hè bán bia mấy năm nay mà phường không xử lý."
                ),
                "proposed_wording": "",
                "author_name": "Trần Thị Kim Oanh",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Ô Chợ Dừa",
                "contact": "oanh.tran@example.vn",
                "consent_name": True,
                "status": "rejected",
                "reason": "personal_data",
                "note": (
                    "Chứa thông tin cá nhân của người khác (số điện thoại, số định danh); đề nghị gửi "
                    "phản ánh vi phạm qua kênh tiếp nhận của phường."
                ),
                "days_ago": 4,
            },
            {
                "article": 5,
                "stance": "oppose",
                "content": (
                    "Nhà tôi bán phở ở mặt phố, hè chỉ rộng khoảng 2,5 m nên theo dự thảo thì không "
                    "được đặt bàn ghế nữa. Đề nghị Sở xem xét cho phép hè từ 2,5 m trở lên."
                ),
                "proposed_wording": "",
                "author_name": "Nguyễn Thị Hoa",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Cửa Nam",
                "contact": "hoa.nguyen@example.vn",
                "consent_name": True,
                "status": "rejected",
                "reason": "duplicate",
                "note": "Trùng với ý kiến đã gửi trước đó của cùng người góp ý.",
                "days_ago": 7,
            },
        ],
    },
    # ------------------------------------------------------------------
    # Draft 2: closed, UBND phường Hoàn Kiếm
    # ------------------------------------------------------------------
    {
        "slug": "ke-hoach-khong-gian-xanh-hoan-kiem",
        "agency": "ubnd-phuong-hoan-kiem",
        "title": (
            "Dự thảo Kế hoạch phát triển không gian xanh, cây xanh đô thị "
            "phường Hoàn Kiếm giai đoạn 2026–2030"
        ),
        "summary": (
            "Dự thảo Kế hoạch đặt mục tiêu bảo tồn hệ thống cây xanh hiện có, trồng mới tối thiểu "
            "1.500 cây xanh đường phố và tăng thêm 1,2 ha đất cây xanh sử dụng công cộng trên địa bàn "
            "phường đến năm 2030. Kế hoạch đề ra các nhiệm vụ về bảo tồn cây cổ thụ quanh hồ Hoàn "
            "Kiếm, phát triển vườn hoa, sân chơi, mái xanh và huy động sự tham gia của cộng đồng."
        ),
        "doc_type": "plan",
        "field": "Tài nguyên, môi trường; Xây dựng, đô thị",
        "state": "closed",
        "opens_days_ago": 75,
        "closes_in_days": -15,
        "contact": (
            "Phòng Kinh tế, Hạ tầng và Đô thị, Ủy ban nhân dân phường Hoàn Kiếm, "
            "ĐT: 024 3826 0000, email: kthtdt.hoankiem@example.vn"
        ),
        "structure": textwrap.dedent(
            """
            Chương I
            MỤC ĐÍCH, YÊU CẦU VÀ CHỈ TIÊU
            Điều 1. Mục đích
            1. Bảo tồn, phát triển hệ thống cây xanh, mặt nước, không gian công cộng gắn với cảnh quan hồ Hoàn Kiếm và khu phố cổ, phố cũ; góp phần cải thiện vi khí hậu, giảm ô nhiễm không khí và tiếng ồn.
            2. Nâng cao chất lượng sống của Nhân dân, tạo thêm không gian sinh hoạt cộng đồng, vui chơi cho trẻ em và người cao tuổi.
            3. Huy động sự tham gia của cộng đồng dân cư, tổ chức, doanh nghiệp trong việc trồng, chăm sóc và bảo vệ cây xanh.
            Điều 2. Yêu cầu
            1. Phù hợp với Quy hoạch chung xây dựng Thủ đô, quy hoạch phân khu khu vực nội đô lịch sử và các quy định về bảo tồn, tôn tạo khu phố cổ Hà Nội.
            2. Lựa chọn chủng loại cây phù hợp, ưu tiên cây bản địa, cây có giá trị văn hóa, lịch sử như sấu, lộc vừng, muồng hoàng yến, bằng lăng.
            3. Bảo đảm công khai, minh bạch; không làm ảnh hưởng đến di tích, công trình ngầm và hệ thống hạ tầng kỹ thuật.
            Điều 3. Chỉ tiêu đến năm 2030
            1. Trồng mới tối thiểu 1.500 cây xanh đường phố; thay thế 100% cây sâu mục, có nguy cơ gãy đổ đã được đánh giá.
            2. Tăng diện tích đất cây xanh sử dụng công cộng thêm tối thiểu 1,2 ha, trong đó có ít nhất 05 vườn hoa nhỏ, sân chơi trong khu dân cư.
            3. 100% cây cổ thụ, cây có giá trị cảnh quan trên địa bàn được lập hồ sơ, gắn mã QR để quản lý.
            4. Tối thiểu 30% hộ gia đình trên các tuyến phố tham gia trồng cây, hoa trên ban công, mái nhà.
            Chương II
            NHIỆM VỤ VÀ GIẢI PHÁP
            Điều 4. Bảo tồn, chăm sóc cây xanh hiện có
            1. Tổng điều tra, đánh giá hiện trạng cây xanh trên địa bàn phường, hoàn thành trong năm 2026; số hóa cơ sở dữ liệu cây xanh.
            2. Bảo vệ nghiêm ngặt hệ thống cây cổ thụ quanh hồ Hoàn Kiếm và trên các tuyến phố Đinh Tiên Hoàng, Lê Thái Tổ, Tràng Tiền, Hàng Khay.
            3. Việc chặt hạ, dịch chuyển cây xanh chỉ thực hiện khi cây chết, có nguy cơ gãy đổ hoặc để phục vụ dự án đã được phê duyệt; phải công khai lý do trước ít nhất 15 ngày.
            Điều 5. Phát triển cây xanh đường phố
            1. Trồng bổ sung cây xanh tại các vị trí còn trống trên hè phố có bề rộng từ 3 m trở lên, bảo đảm khoảng cách giữa các cây từ 6 m đến 8 m.
            2. Cải tạo bồn cây theo hướng mở rộng diện tích thấm nước, sử dụng vật liệu thoát nước; không lát kín gốc cây.
            3. Tại các tuyến phố thuộc khu phố cổ có hè hẹp, nghiên cứu trồng cây bụi, cây leo, chậu hoa treo phù hợp với kiến trúc.
            Điều 6. Phát triển không gian xanh công cộng
            1. Rà soát quỹ đất trống, đất sau di dời cơ quan, cơ sở sản xuất và đất xen kẹt để chuyển đổi thành vườn hoa, sân chơi công cộng.
            2. Cải tạo, nâng cấp các vườn hoa hiện có; bổ sung ghế ngồi, chiếu sáng, nhà vệ sinh công cộng và thiết bị tập thể dục.
            3. Nghiên cứu mở rộng không gian đi bộ, kết nối không gian xanh quanh hồ Hoàn Kiếm với khu phố cổ và các tuyến phố đi bộ.
            Điều 7. Khuyến khích phát triển mái xanh, tường xanh
            1. Khuyến khích cơ quan, trường học, công trình công cộng và nhà ở riêng lẻ trồng cây trên mái, ban công, tường rào, bảo đảm an toàn kết cấu và phòng cháy, chữa cháy.
            2. Hằng năm tổ chức phong trào "Phố xanh – Nhà xanh", khen thưởng tổ dân phố, hộ gia đình tiêu biểu.
            Điều 8. Huy động nguồn lực và sự tham gia của cộng đồng
            1. Khuyến khích tổ chức, doanh nghiệp tài trợ, nhận chăm sóc cây xanh, vườn hoa theo hình thức xã hội hóa.
            2. Phát động chương trình "Mỗi người dân một cây xanh"; bố trí vị trí để người dân đăng ký trồng cây lưu niệm.
            3. Tiếp nhận phản ánh của người dân về cây xanh qua ứng dụng iHanoi và đường dây nóng của phường.
            Chương III
            TỔ CHỨC THỰC HIỆN
            Điều 9. Kinh phí thực hiện
            1. Kinh phí thực hiện Kế hoạch được bố trí từ ngân sách phường trong dự toán hằng năm, nguồn hỗ trợ của ngân sách Thành phố và các nguồn huy động hợp pháp khác.
            2. Tổng kinh phí dự kiến giai đoạn 2026–2030 khoảng 45 tỷ đồng, được phân kỳ theo từng năm.
            Điều 10. Trách nhiệm của các cơ quan, đơn vị
            1. Phòng Kinh tế, Hạ tầng và Đô thị là cơ quan thường trực, chủ trì tham mưu triển khai Kế hoạch; tổng hợp, báo cáo kết quả thực hiện trước ngày 15 tháng 12 hằng năm.
            2. Phòng Văn hóa – Xã hội chủ trì tuyên truyền, vận động Nhân dân tham gia thực hiện Kế hoạch.
            3. Ban Quản lý phố cổ Hà Nội phối hợp thẩm định chủng loại cây, vị trí trồng trong khu phố cổ.
            4. Ủy ban Mặt trận Tổ quốc Việt Nam phường, các đoàn thể và tổ dân phố vận động hội viên, Nhân dân tham gia giám sát, bảo vệ cây xanh.
            """
        ).strip(),
        "opinions": [
            {
                "article": 3,
                "stance": "support",
                "content": (
                    "Tôi hoan nghênh chỉ tiêu trồng mới 1.500 cây xanh. Đề nghị phường công bố cụ thể "
                    "danh sách tuyến phố, số lượng và chủng loại cây dự kiến trồng theo từng năm để người "
                    "dân theo dõi, giám sát."
                ),
                "proposed_wording": "",
                "author_name": "Lê Thị Ngọc Anh",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Hoàn Kiếm",
                "contact": "ngocanh.le@example.vn",
                "consent_name": True,
                "status": "approved",
                "reason": None,
                "note": "",
                "days_ago": 70,
            },
            {
                "article": 4,
                "stance": "other",
                "content": (
                    "Đề nghị quy định việc đánh giá cây trước khi chặt hạ phải do đơn vị chuyên môn độc "
                    "lập thực hiện và kết quả đánh giá phải được công khai. Thời hạn công khai 15 ngày là "
                    "quá ngắn để cộng đồng có ý kiến."
                ),
                "proposed_wording": (
                    "3. Việc chặt hạ, dịch chuyển cây xanh chỉ thực hiện khi cây chết, có nguy cơ gãy đổ "
                    "theo kết quả đánh giá của đơn vị chuyên môn độc lập hoặc để phục vụ dự án đã được phê "
                    "duyệt; phải công khai lý do và kết quả đánh giá trước ít nhất 30 ngày."
                ),
                "author_name": "Hội Bảo vệ Thiên nhiên và Môi trường Hà Nội",
                "author_kind": "organisation",
                "locality": "ha-noi",
                "locality_detail": "",
                "contact": "vanphong.bvtnmt@example.vn",
                "consent_name": True,
                "status": "approved",
                "reason": None,
                "note": "",
                "days_ago": 62,
            },
            {
                "article": 4,
                "stance": "support",
                "content": (
                    "Tôi sống ở phố Hàng Khay hơn 50 năm, hàng cây sấu, cây xà cừ quanh hồ là ký ức của "
                    "bao thế hệ người Hà Nội. Rất đồng tình với việc bảo vệ nghiêm ngặt cây cổ thụ, đề "
                    "nghị bổ sung thêm các tuyến Lý Thái Tổ, Hàng Bài vào danh sách."
                ),
                "proposed_wording": (
                    "2. Bảo vệ nghiêm ngặt hệ thống cây cổ thụ quanh hồ Hoàn Kiếm và trên các tuyến phố "
                    "Đinh Tiên Hoàng, Lê Thái Tổ, Tràng Tiền, Hàng Khay, Lý Thái Tổ, Hàng Bài."
                ),
                "author_name": "Nguyễn Hữu Phước",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Hoàn Kiếm",
                "contact": "0904 000 135",
                "consent_name": True,
                "status": "approved",
                "reason": None,
                "note": "",
                "days_ago": 58,
            },
            {
                "article": 5,
                "stance": "other",
                "content": (
                    "pho Hang Bac he rat hep, trong cay to thi khong con cho di bo. nen trong cay nho "
                    "hoac treo chau hoa thoi, va phai hoi y kien nguoi dan tren pho truoc"
                ),
                "proposed_wording": "",
                "author_name": "Đinh Văn Tú",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Hoàn Kiếm",
                "contact": "0971 000 246",
                "consent_name": True,
                "status": "approved",
                "reason": None,
                "note": "",
                "days_ago": 55,
            },
            {
                "article": 5,
                "stance": "oppose",
                "content": (
                    "Đề nghị không trồng hoa sữa vì mùi quá nồng gây khó chịu cho người dân, và hạn chế "
                    "các loại cây có rễ ăn nổi làm vỡ hè, bong vỉa như xà cừ."
                ),
                "proposed_wording": "",
                "author_name": "Trần Thị Bích",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Hoàn Kiếm",
                "contact": "bich.tranthi@example.vn",
                "consent_name": True,
                "status": "approved",
                "reason": None,
                "note": "",
                "days_ago": 49,
            },
            {
                "article": 6,
                "stance": "support",
                "content": (
                    "Quỹ đất sau di dời các cơ quan, cơ sở sản xuất trong nội đô lịch sử rất quý. Đề nghị "
                    "Kế hoạch khẳng định rõ ưu tiên sử dụng quỹ đất này cho không gian công cộng, không "
                    "chuyển sang xây dựng nhà ở thương mại."
                ),
                "proposed_wording": (
                    "1. Quỹ đất trống, đất sau di dời cơ quan, cơ sở sản xuất và đất xen kẹt trên địa bàn "
                    "phường được ưu tiên bố trí cho vườn hoa, sân chơi, không gian công cộng; không chuyển "
                    "đổi sang mục đích xây dựng nhà ở thương mại."
                ),
                "author_name": "Phạm Hoàng Long",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Cửa Nam",
                "contact": "long.phamhoang@example.vn",
                "consent_name": True,
                "status": "approved",
                "reason": None,
                "note": "",
                "days_ago": 47,
            },
            {
                "article": 6,
                "stance": "other",
                "content": (
                    "Khu phố cổ gần như không có sân chơi cho trẻ em, các cháu chỉ chơi trong nhà hoặc "
                    "ra hồ. Mong phường ưu tiên làm sân chơi có thiết bị an toàn, có bóng mát và mở cửa "
                    "cả buổi tối."
                ),
                "proposed_wording": "",
                "author_name": "Hoàng Thị Thu",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Hoàn Kiếm",
                "contact": "thu.hoang@example.vn",
                "consent_name": False,
                "status": "approved",
                "reason": None,
                "note": "",
                "days_ago": 44,
            },
            {
                "article": 7,
                "stance": "oppose",
                "content": (
                    "Nhà trong phố cổ phần lớn đã cũ, trồng cây trên mái dễ gây thấm dột, nứt kết cấu. "
                    "Không nên giao chỉ tiêu 30% hộ gia đình mà cần có hướng dẫn kỹ thuật và hỗ trợ kinh "
                    "phí cho hộ tự nguyện tham gia."
                ),
                "proposed_wording": "",
                "author_name": "Vũ Đình Khải",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Hoàn Kiếm",
                "contact": "0948 000 357",
                "consent_name": True,
                "status": "approved",
                "reason": None,
                "note": "",
                "days_ago": 40,
            },
            {
                "article": 8,
                "stance": "support",
                "content": (
                    "Câu lạc bộ có hơn 200 tình nguyện viên, sẵn sàng nhận chăm sóc các bồn cây, vườn hoa "
                    "vào cuối tuần. Đề nghị phường có đầu mối liên hệ để phối hợp."
                ),
                "proposed_wording": "",
                "author_name": "Câu lạc bộ Sống xanh Hà Nội",
                "author_kind": "organisation",
                "locality": "ha-noi",
                "locality_detail": "",
                "contact": "songxanh.hn@example.vn",
                "consent_name": True,
                "status": "approved",
                "reason": None,
                "note": "",
                "days_ago": 36,
            },
            {
                "article": 8,
                "stance": "other",
                "content": (
                    "Tôi đang sống ở Berlin, tại đây người dân có thể đăng ký \"nhận nuôi\" một cây trên "
                    "phố, được cấp biển tên và tự tưới nước mùa hè. Phường có thể tham khảo mô hình này."
                ),
                "proposed_wording": "",
                "author_name": "Mai Anh Tuấn",
                "author_kind": "individual",
                "locality": "abroad",
                "locality_detail": "",
                "contact": "tuan.maianh@example.vn",
                "consent_name": True,
                "status": "approved",
                "reason": None,
                "note": "",
                "days_ago": 31,
            },
            {
                "article": 9,
                "stance": "oppose",
                "content": (
                    "Tổng kinh phí khoảng 45 tỷ đồng là con số lớn nhưng dự thảo chưa có thuyết minh chi "
                    "tiết về cơ cấu chi cho từng nhóm nhiệm vụ, từ trồng mới, thay thế cây, cải tạo vườn "
                    "hoa đến chi phí duy trì, chăm sóc hằng năm. Theo tôi, chi phí chăm sóc sau trồng mới "
                    "là phần hay bị bỏ quên, dẫn đến tình trạng trồng xong vài tháng cây đã chết hoặc "
                    "phải thay. Đề nghị bổ sung phụ lục danh mục nhiệm vụ, dự án kèm kinh phí và nguồn "
                    "vốn, đồng thời công khai kết quả giải ngân hằng năm trên trang thông tin điện tử của "
                    "phường để người dân giám sát."
                ),
                "proposed_wording": (
                    "3. Danh mục nhiệm vụ, dự án, kinh phí và nguồn vốn thực hiện Kế hoạch được quy định "
                    "tại Phụ lục kèm theo; kết quả giải ngân được công khai hằng năm trên trang thông tin "
                    "điện tử của phường."
                ),
                "author_name": "Lý Thị Hồng Nhung",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Hoàn Kiếm",
                "contact": "nhung.lythihong@example.vn",
                "consent_name": True,
                "status": "approved",
                "reason": None,
                "note": "",
                "days_ago": 27,
            },
            {
                "article": 10,
                "stance": "other",
                "content": (
                    "Là tổ trưởng tổ dân phố, tôi đề nghị Kế hoạch giao nhiệm vụ cụ thể cho tổ dân phố "
                    "trong việc theo dõi, báo cáo tình trạng cây xanh trên địa bàn, kèm theo kinh phí hỗ "
                    "trợ hoạt động."
                ),
                "proposed_wording": "",
                "author_name": "Phan Văn Toàn",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Hoàn Kiếm",
                "contact": "0915 000 468",
                "consent_name": True,
                "status": "approved",
                "reason": None,
                "note": "",
                "days_ago": 22,
            },
            {
                "article": 2,
                "stance": "other",
                "content": (
                    "Đề nghị bổ sung yêu cầu lấy ý kiến cộng đồng dân cư tại chỗ trước khi trồng mới, "
                    "thay thế cây trên từng tuyến phố, vì người dân sống ở đó hiểu rõ nhất điều kiện "
                    "thực tế."
                ),
                "proposed_wording": (
                    "4. Lấy ý kiến cộng đồng dân cư trên tuyến phố trước khi trồng mới, thay thế cây xanh."
                ),
                "author_name": "Cao Thị Hạnh",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Ba Đình",
                "contact": "hanh.caothi@example.vn",
                "consent_name": True,
                "status": "approved",
                "reason": None,
                "note": "",
                "days_ago": 52,
            },
            {
                "article": None,
                "stance": "support",
                "content": (
                    "Kế hoạch thiết thực, phù hợp với định hướng phát triển du lịch xanh của Thủ đô. "
                    "Hiệp hội đề nghị lồng ghép việc thuyết minh về các cây cổ thụ, cây di sản vào các "
                    "tuyến tham quan đi bộ quanh hồ Hoàn Kiếm."
                ),
                "proposed_wording": "",
                "author_name": "Hiệp hội Du lịch Hà Nội",
                "author_kind": "organisation",
                "locality": "ha-noi",
                "locality_detail": "",
                "contact": "hiephoidulich.hn@example.vn",
                "consent_name": True,
                "status": "approved",
                "reason": None,
                "note": "",
                "days_ago": 18,
            },
            {
                "article": None,
                "stance": "oppose",
                "content": (
                    "Kế hoạch với chả kế hoạch, bọn cán bộ toàn ăn hại, viết ra cho có rồi để đấy."
                ),
                "proposed_wording": "",
                "author_name": "Người dân",
                "author_kind": "individual",
                "locality": "unknown",
                "locality_detail": "",
                "contact": "nguoidan@example.vn",
                "consent_name": False,
                "status": "rejected",
                "reason": "offensive",
                "note": "Ngôn từ xúc phạm, không góp ý cụ thể vào nội dung dự thảo.",
                "days_ago": 60,
            },
            {
                "article": None,
                "stance": "other",
                "content": (
                    "Nhận thiết kế, thi công sân vườn, cây cảnh, cỏ nhân tạo giá rẻ nhất Hà Nội, bảo hành "
                    "5 năm. Liên hệ Zalo 0909 000 777 hoặc http://caycanhgiare.example.com"
                ),
                "proposed_wording": "",
                "author_name": "Cây cảnh Giá Rẻ",
                "author_kind": "organisation",
                "locality": "unknown",
                "locality_detail": "",
                "contact": "0909 000 777",
                "consent_name": True,
                "status": "rejected",
                "reason": "spam",
                "note": "Nội dung quảng cáo.",
                "days_ago": 45,
            },
            {
                "article": 9,
                "stance": "oppose",
                "content": (
                    "Tiền nước tháng trước nhà tôi bị tính gấp ba, gọi tổng đài mãi không ai nghe. Đề "
                    "nghị phường can thiệp."
                ),
                "proposed_wording": "",
                "author_name": "Đỗ Văn Quang",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Hoàn Kiếm",
                "contact": "0962 000 581",
                "consent_name": True,
                "status": "rejected",
                "reason": "off_topic",
                "note": "Không liên quan đến dự thảo; đề nghị liên hệ đơn vị cấp nước.",
                "days_ago": 33,
            },
            {
                "article": 4,
                "stance": "oppose",
                "content": (
                    "Cây sấu trước cửa nhà tôi bị ông Trần Văn C. (SĐT 0913 000 888, nhà số 7 cùng ngõ) "
                    "tự ý chặt cành để treo biển quảng cáo, đề nghị phường xử lý."
                ),
                "proposed_wording": "",
                "author_name": "Nguyễn Thị Thanh Xuân",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Hoàn Kiếm",
                "contact": "xuan.nguyenthanh@example.vn",
                "consent_name": True,
                "status": "rejected",
                "reason": "personal_data",
                "note": (
                    "Chứa thông tin cá nhân của người khác; nội dung phản ánh vi phạm đã được chuyển "
                    "bộ phận tiếp nhận của phường."
                ),
                "days_ago": 29,
            },
            {
                "article": 5,
                "stance": "oppose",
                "content": (
                    "Đề nghị không trồng hoa sữa vì mùi quá nồng, và hạn chế cây có rễ ăn nổi làm vỡ hè "
                    "như xà cừ."
                ),
                "proposed_wording": "",
                "author_name": "Trần Thị Bích",
                "author_kind": "individual",
                "locality": "ha-noi",
                "locality_detail": "Phường Hoàn Kiếm",
                "contact": "bich.tranthi@example.vn",
                "consent_name": True,
                "status": "rejected",
                "reason": "duplicate",
                "note": "Trùng với ý kiến đã gửi trước đó của cùng người góp ý.",
                "days_ago": 48,
            },
            {
                "article": 3,
                "stance": "other",
                "content": "test test 123 asdfgh",
                "proposed_wording": "",
                "author_name": "abc",
                "author_kind": "individual",
                "locality": "unknown",
                "locality_detail": "",
                "contact": "abc@example.vn",
                "consent_name": False,
                "status": "rejected",
                "reason": "other",
                "note": "Nội dung thử nghiệm, không có ý nghĩa góp ý.",
                "days_ago": 74,
            },
        ],
    },
]

USERS = [
    {
        "email": "admin@consult.example",
        "name": "Quản trị hệ thống",
        "role": "admin",
        "agency": None,
    },
    {
        "email": "moderator@consult.example",
        "name": "Trần Minh Tuấn",
        "role": "moderator",
        "agency": None,
    },
    {
        "email": "editor@consult.example",
        "name": "Lê Thu Hà",
        "role": "agency_editor",
        "agency": "so-xay-dung-ha-noi",
    },
    {
        "email": "editor.phuong@consult.example",
        "name": "Phạm Văn Nam",
        "role": "agency_editor",
        "agency": "ubnd-phuong-hoan-kiem",
    },
    {
        "email": "citizen@consult.example",
        "name": "Nguyễn Văn An",
        "role": "citizen",
        "agency": None,
    },
]
