"""Headers every response carries, whoever answers it (the app, or the page cache's front).

The policy is one `secure.Secure` object: the app's after-request hook and the page cache's WSGI front (which answers
outside Flask's hooks) both send its headers, so a stored page and a fresh one cannot differ.
"""

import secure

# Pages are not framed, not sniffed, load nothing foreign and tell other sites only our origin.
_CSP = (
    secure.ContentSecurityPolicy()
    .default_src("'self'")
    .img_src("'self'", "data:")
    .style_src("'self'")
    .script_src("'self'")
    .frame_ancestors("'none'")
    .form_action("'self'")
    .base_uri("'self'")
)


def _policy(hsts_seconds=None):
    return secure.Secure(
        csp=_CSP,
        xcto=secure.XContentTypeOptions().nosniff(),
        referrer=secure.ReferrerPolicy().same_origin(),
        xfo=secure.XFrameOptions().deny(),
        hsts=secure.StrictTransportSecurity().max_age(hsts_seconds).include_subdomains() if hsts_seconds else None,
    )


SECURITY_HEADERS = dict(_policy().headers)
_WITH_HSTS = {}


def security_headers(hsts_seconds, https):
    """The headers above, with Strict-Transport-Security when the response goes over HTTPS (`https`) and
    `hsts_seconds` (HSTS_SECONDS) is set."""
    if not (https and hsts_seconds):
        return SECURITY_HEADERS
    headers = _WITH_HSTS.get(hsts_seconds)
    if headers is None:
        headers = _WITH_HSTS[hsts_seconds] = dict(_policy(hsts_seconds).headers)
    return headers
