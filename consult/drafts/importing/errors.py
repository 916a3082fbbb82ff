"""Why an uploaded file cannot be read: the message shown to the person who uploaded it."""


class ParseError(ValueError):
    """The text cannot be read as a legal document; `message` says where and why. `problems` lists every problem
    found when there are several (each said on its own, so the file is fixed in one round), else `[message]`."""

    def __init__(self, message, line=None, problems=None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.problems = list(problems) if problems else [message]


class FileLimitExceeded(ParseError):
    """The file goes beyond one of the limits it is checked against before it is parsed (consult.drafts.importing
    .limits); `message` says which, and what to do."""
