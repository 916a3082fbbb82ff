"""The numbers Word shows for automatically numbered paragraphs (khoản "1.", điểm "a)", even "Điều 1.").

The text of such a paragraph does not contain its number: Word draws it from numbering.xml. Agencies often
number clauses and points this way, so the reader puts the label back in front of the text, counting as Word
does: one counter per list definition (abstractNum) and level, deeper levels restarting when a level above
moves on, and a list that overrides its start value restarting where it first appears.
"""

from docx.oxml.ns import qn

ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def _roman(number):
    """Return a lower-case Roman numeral."""
    out = []
    for value, letters in ROMAN:
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _letters(number):
    """Return a, b, … z, aa, bb … as Word's lowerLetter format does."""
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
}


def _val(element, tag):
    """Return the w:val of a child element, or None."""
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val")) if child is not None else None


class Numbering:
    """Labels of numbered paragraphs, in document order (call `label` once per paragraph, in order)."""

    def __init__(self, document):
        self.levels, self.abstract_of, self.starts = {}, {}, {}
        self.counters, self.seen, self.style_num_pr = {}, set(), {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.findall(qn("w:abstractNum")):
            abstract_id = abstract.get(qn("w:abstractNumId"))
            for level in abstract.findall(qn("w:lvl")):
                self.levels[abstract_id, int(level.get(qn("w:ilvl")))] = {
                    "start": int(_val(level, "w:start") or 1),
                    "format": _val(level, "w:numFmt") or "decimal",
                    "text": _val(level, "w:lvlText") or "",
                }
        for num in root.findall(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            self.abstract_of[num_id] = _val(num, "w:abstractNumId")
            for override in num.findall(qn("w:lvlOverride")):
                start = _val(override, "w:startOverride")
                if start is not None:
                    self.starts[num_id, int(override.get(qn("w:ilvl")))] = int(start)
        self.style_num_pr = self._style_numbering(document)

    @staticmethod
    def _style_numbering(document):
        """Return {style id: numPr element or None}, following basedOn chains once for the whole document."""
        own, based_on, default = {}, {}, None
        for style in document.styles.element.findall(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            style_pr = style.find(qn("w:pPr"))
            own[style_id] = style_pr.find(qn("w:numPr")) if style_pr is not None else None
            based_on[style_id] = _val(style, "w:basedOn")
            if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true"):
                default = style_id
        resolved = {}
        for style_id in own:
            current, hops = style_id, 0
            while current is not None and own.get(current) is None and hops < 20:
                current, hops = based_on.get(current), hops + 1
            resolved[style_id] = own.get(current) if current is not None else None
        resolved[None] = resolved.get(default)
        return resolved

    def _num_pr(self, paragraph):
        """Return (numId, ilvl) from the paragraph or its style, or None."""
        p_pr = paragraph._p.pPr
        num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
        if num_pr is None:
            num_pr = self.style_num_pr.get(_val(p_pr, "w:pStyle") if p_pr is not None else None)
        if num_pr is None:
            return None
        num_id = _val(num_pr, "w:numId")
        if num_id in (None, "0"):
            return None
        return num_id, int(_val(num_pr, "w:ilvl") or 0)

    def label(self, paragraph):
        """Return the label Word shows before this paragraph ("1.", "a)", "Điều 3."), or ""."""
        found = self._num_pr(paragraph)
        if found is None or found[0] not in self.abstract_of:
            return ""
        num_id, level = found
        abstract_id = self.abstract_of[num_id]
        spec = self.levels.get((abstract_id, level))
        if spec is None:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if (num_id, level) not in self.seen and (num_id, level) in self.starts:
            counters[level] = self.starts[num_id, level] - 1  # "restart numbering" in Word
        self.seen.add((num_id, level))
        counters[level] = counters.get(level, spec["start"] - 1) + 1
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]
        if spec["format"] not in FORMATS:
            return ""  # bullets and pictures carry no number
        text = spec["text"]
        for shown in range(level, -1, -1):
            shown_spec = self.levels.get((abstract_id, shown), spec)
            value = counters.get(shown, shown_spec["start"])
            text = text.replace(f"%{shown + 1}", FORMATS.get(shown_spec["format"], str)(value))
        return text.strip()
