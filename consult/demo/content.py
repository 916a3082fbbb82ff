"""Demo content (agencies, users, two drafts with their opinions), kept as data in content.json."""

import json
from importlib.resources import files

_DATA = json.loads((files("consult.demo") / "content.json").read_text(encoding="utf-8"))

AGENCIES = _DATA["agencies"]
USERS = _DATA["users"]
DRAFTS = _DATA["drafts"]
