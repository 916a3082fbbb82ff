"""Vietnamese text helpers: NFC storage form, canonical form for matching, diacritic-free folded form."""

from consult.text.normalize import canonical, clean_line, clean_text, fold, strip_controls
from consult.text.tones import place_tones

__all__ = ["canonical", "clean_line", "clean_text", "fold", "place_tones", "strip_controls"]
