"""Provincial-level localities of Viet Nam (34 units since 1 July 2025).

Place names are proper nouns and are shown as they are in every locale; only the catch-all
entries go through Babel. Codes are stable identifiers stored with each opinion.
"""

from flask_babel import lazy_gettext as _l

PROVINCES = {
    "ha-noi": "Hà Nội",
    "hue": "Huế",
    "hai-phong": "Hải Phòng",
    "da-nang": "Đà Nẵng",
    "ho-chi-minh": "Thành phố Hồ Chí Minh",
    "can-tho": "Cần Thơ",
    "an-giang": "An Giang",
    "bac-ninh": "Bắc Ninh",
    "ca-mau": "Cà Mau",
    "cao-bang": "Cao Bằng",
    "dak-lak": "Đắk Lắk",
    "dien-bien": "Điện Biên",
    "dong-nai": "Đồng Nai",
    "dong-thap": "Đồng Tháp",
    "gia-lai": "Gia Lai",
    "ha-tinh": "Hà Tĩnh",
    "hung-yen": "Hưng Yên",
    "khanh-hoa": "Khánh Hòa",
    "lai-chau": "Lai Châu",
    "lam-dong": "Lâm Đồng",
    "lang-son": "Lạng Sơn",
    "lao-cai": "Lào Cai",
    "nghe-an": "Nghệ An",
    "ninh-binh": "Ninh Bình",
    "phu-tho": "Phú Thọ",
    "quang-ngai": "Quảng Ngãi",
    "quang-ninh": "Quảng Ninh",
    "quang-tri": "Quảng Trị",
    "son-la": "Sơn La",
    "tay-ninh": "Tây Ninh",
    "thai-nguyen": "Thái Nguyên",
    "thanh-hoa": "Thanh Hóa",
    "tuyen-quang": "Tuyên Quang",
    "vinh-long": "Vĩnh Long",
}

OTHER = {
    "abroad": _l("Abroad"),
    "unknown": _l("Not stated"),
}


def locality_name(code):
    """Return the display name of a locality code (the code itself if unknown)."""
    if code in PROVINCES:
        return PROVINCES[code]
    if code in OTHER:
        return str(OTHER[code])
    return code or ""


def is_locality(code):
    """Return whether `code` is one of the localities offered."""
    return code in PROVINCES or code in OTHER


def locality_choices():
    """Return (code, name) pairs for a select: provinces alphabetically, then the catch-alls."""
    provinces = sorted(PROVINCES.items(), key=lambda item: _sort_key(item[1]))
    return provinces + [(code, str(label)) for code, label in OTHER.items()]


def _sort_key(name):
    """Sort Vietnamese names by their letters without diacritics, đ after d."""
    from consult.text import fold

    return fold(name)
