"""Reaching people away from screens: printable material tied back to the online record (a leaflet with the draft's
key points, its window, a QR code and a short address to its page; consult.outreach.leaflet)."""
