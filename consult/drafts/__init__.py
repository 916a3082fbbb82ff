"""Drafts (dự thảo): their versions, structure (Phần / Chương / Mục / Điều / khoản / điểm), window and import."""
