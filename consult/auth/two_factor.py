"""Two-step sign-in: after the password, a six-digit code from an authenticator app (TOTP, RFC 6238).

Any staff account may turn it on; each code is accepted once, within a minute and a half of its time step.
"""

import hmac

import pyotp
import segno

from consult.audit import record
from consult.database import utcnow
from consult.extensions import db

ISSUER = "Consult"
DRIFT_STEPS = 1  # a code of the step before or after is accepted too (phones' clocks drift)


def new_secret():
    """A new random shared secret (base32, 160 bits)."""
    return pyotp.random_base32()


def provisioning(user, secret):
    """Return (the otpauth:// address an authenticator app reads, its QR code as an SVG data URI)."""
    address = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return address, segno.make(address, error="m").svg_data_uri(scale=4, dark="#000", light="#fff")


def check_code(user, code, secret=None):
    """Return whether `code` is the current code of `secret` (the account's by default), not used before; remember
    its time step so that it is not accepted again."""
    secret = secret or user.totp_secret
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if not secret or len(code) != 6:
        return False
    totp = pyotp.TOTP(secret)
    now = totp.timecode(utcnow())  # the current time step
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            if user.totp_last_step is not None and step <= user.totp_last_step:
                return False  # already used: a code seen over a shoulder or in a log is worth nothing
            user.totp_last_step = step
            return True
    return False


def turn_on(user, secret, code):
    """Turn two-step sign-in on with `secret` if `code` proves the app has it; return whether it was."""
    if not check_code(user, code, secret):
        return False
    user.totp_secret = secret
    db.session.flush()
    record(user, "user.two_factor_on", user)
    return True


def turn_off(actor, user):
    """Turn two-step sign-in off."""
    user.totp_secret, user.totp_last_step = None, None
    db.session.flush()
    record(actor, "user.two_factor_off", user)
