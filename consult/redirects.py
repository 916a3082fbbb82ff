"""Where a `next=` parameter may send a visitor: only to a path on this site."""

from urllib.parse import urlsplit


def local_path(target):
    """Return `target` if it is a path on this site, else None.

    Browsers drop tabs and line breaks from an address and read a backslash as a slash, so `/\\t/evil.example` and
    `/\\\\evil.example` lead to another site: a target holding a control character or a backslash is refused, as is
    one with a scheme or a host.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(character) < 32 or ord(character) == 127 for character in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None
