"""What other features learn from drafts without drafts knowing them: search keeps its index right by it."""

from blinker import Namespace

_signals = Namespace()

# Sent with a Draft whose public details, status or current articles changed, inside the transaction that changed
# them (consult.search.indexing indexes it again, or takes it out of the index).
draft_changed = _signals.signal("draft-changed")
