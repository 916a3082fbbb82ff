"""Headers every response carries, whoever answers it (the app, or the page cache's front)."""

# Pages are not framed, not sniffed, load nothing foreign and tell other sites only our origin.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def security_headers(hsts_seconds, secure):
    """The headers above, with Strict-Transport-Security when the response goes over HTTPS (`secure`) and
    `hsts_seconds` (HSTS_SECONDS) is set."""
    if not (secure and hsts_seconds):
        return SECURITY_HEADERS
    return {**SECURITY_HEADERS, "Strict-Transport-Security": f"max-age={hsts_seconds}; includeSubDomains"}
