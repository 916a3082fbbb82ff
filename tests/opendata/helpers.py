"""Reading an open data file back: its members, its CSV and JSON Lines tables."""

import csv
import io
import json
import zipfile


def members(path):
    """Return {name: bytes} of every member of the ZIP at `path`."""
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


def csv_rows(path, table):
    """Return the rows of `<table>.csv` as dicts (the BOM checked and dropped)."""
    data = members(path)[f"{table}.csv"]
    assert data.startswith(b"\xef\xbb\xbf"), f"{table}.csv must start with the UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def json_rows(path, table):
    """Return the objects of `<table>.jsonl`."""
    return [json.loads(line) for line in members(path)[f"{table}.jsonl"].decode("utf-8").splitlines()]
