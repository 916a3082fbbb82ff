"""What a browser or a client sends, cleaned before any view reads it.

Every form field and query value loses its control characters (NUL and the rest of C0 but tab and line breaks, DEL,
C1) and bidirectional controls as it is parsed: no person types them, PostgreSQL refuses NUL in a text column (one
such character used to fail the request that carried it, and the opinions stored with it), and a right-to-left
override makes stored text read differently from what it is. Uploaded files are checked by their own readers.
"""

import flask
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

from consult.text import strip_controls


class CleanMultiDict(ImmutableMultiDict):
    """The parsed form or query string, its text values without control characters."""

    def __init__(self, mapping=None):
        if mapping is None:
            pairs = ()
        elif isinstance(mapping, list):  # what werkzeug's parsers give: (key, value) pairs, used as they are
            pairs = mapping
        else:
            pairs = MultiDict(mapping).items(multi=True)
        super().__init__([(_clean(key), _clean(value)) for key, value in pairs])


def _clean(value):
    """Return a text value without control characters; anything else (an uploaded file) as it is."""
    return strip_controls(value) if isinstance(value, str) else value


class Request(flask.Request):
    """Flask's request, whose args and form are CleanMultiDicts, and whose body is held to FORM_MAX_BYTES unless it
    can carry files."""

    parameter_storage_class = CleanMultiDict

    @property
    def max_content_length(self):
        """Files come as multipart/form-data, up to MAX_CONTENT_LENGTH; any other body (a form of text fields) up to
        FORM_MAX_BYTES, refused before it is read: a page that gives a form back never echoes megabytes."""
        limit = flask.Request.max_content_length.fget(self)
        if self._max_content_length is not None or self.mimetype == "multipart/form-data" or not flask.current_app:
            return limit
        form_limit = flask.current_app.config.get("FORM_MAX_BYTES")
        return form_limit if limit is None else min(limit, form_limit or limit)

    @max_content_length.setter
    def max_content_length(self, value):
        self._max_content_length = value


def register_inputs(app):
    """Make every request of the app parse its fields through CleanMultiDict."""
    app.request_class = Request
