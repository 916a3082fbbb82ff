"""Writing one open data file: a ZIP of a CSV and a JSON Lines member per table, and its `datapackage.json`.

Rows go straight from the database cursor into the ZIP: each row's CSV line is written to the table's CSV member
(through consult.csvfiles.stream_csv, the application's one CSV writer: UTF-8 with a BOM, formulas defused) while
its JSON line goes to a temporary file beside the ZIP, copied into the JSON member once the CSV member is closed
(a ZIP is written one member at a time). Memory holds a batch of rows and a chunk of text, whatever the number of
rows. The file is written under a temporary name in the same folder and renamed over the old one when complete:
a reader opens either the old file or the new one, never half of one.

JSON Lines, not one array per table: a reader can take the opinions one line at a time (a 1 GB array must be
parsed whole by most JSON libraries), the file is written as the rows come, and every line is a complete object
named like the CSV's columns (`jq`, pandas `read_json(lines=True)`, DuckDB `read_json` read it as it is).
"""

import json
import os
import secrets
import shutil
import tempfile
import zipfile
from pathlib import Path

from flask_babel import gettext as _

from consult.csvfiles import stream_csv
from consult.i18n import LOCAL_TZ

# zlib's level: on generated Vietnamese opinions (07/12/2026) level 3 deflates ~100 MB/s, 6 ~33 MB/s for a file 18%
# smaller; a million opinions are ~1 GB of CSV and JSON, to be built in under a minute (bench/opendata.py).
COMPRESS_LEVEL = 3
ZIP64_ROWS = 200_000  # a member of more rows may pass 2 GiB (ZIP64); smaller ones stay readable by old tools
COPY_CHUNK = 1024 * 1024
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
TEMPORARY_PREFIX = ".tmp-"


class PackageWriter:
    """A ZIP being written under a temporary name: `add` each table, then `finish` (or leave the `with` block on an
    error, which removes the temporary file)."""

    def __init__(self, path, built_at, comment=b""):
        self.path = Path(path)
        self.built_at = built_at
        self.date_time = built_at.astimezone(LOCAL_TZ).timetuple()[:6]  # a ZIP's times are local, without a zone
        self.temporary = self.path.with_name(f"{TEMPORARY_PREFIX}{secrets.token_hex(6)}-{self.path.name}")
        self.zip = zipfile.ZipFile(self.temporary, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL)
        self.zip.comment = comment
        self.resources = []

    def __enter__(self):
        return self

    def __exit__(self, error_type, _error, _traceback):
        if error_type is not None:
            self.zip.close()
            self.temporary.unlink(missing_ok=True)

    def add(self, table, rows, expected_rows=0):
        """Write a table's rows (lists of cells in its columns' order) as `<name>.csv` and `<name>.jsonl`."""
        big = expected_rows > ZIP64_ROWS
        names = table.names
        with tempfile.TemporaryFile(dir=self.path.parent, prefix=TEMPORARY_PREFIX) as spool:
            with self.zip.open(self._member(f"{table.name}.csv"), "w", force_zip64=big) as member:
                csv_bytes = 0
                for chunk in stream_csv(names, _copy_as_json(rows, names, spool)):
                    data = chunk.encode("utf-8")
                    member.write(data)
                    csv_bytes += len(data)
            json_bytes = spool.tell()
            spool.seek(0)
            with self.zip.open(self._member(f"{table.name}.jsonl"), "w", force_zip64=big) as member:
                shutil.copyfileobj(spool, member, COPY_CHUNK)
        self.resources += [csv_resource(table, csv_bytes), json_resource(table, json_bytes)]

    def _member(self, name):
        """Return the ZipInfo of a new member: deflated at COMPRESS_LEVEL, dated when its data was read."""
        info = zipfile.ZipInfo(name, date_time=self.date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info._compresslevel = COMPRESS_LEVEL  # what ZipFile.open(name, "w") sets from the ZipFile (Python 3.11)
        return info

    def finish(self, descriptor):
        """Add `datapackage.json` (the descriptor and the resources written), close the ZIP, give it the time of
        the data it holds, and put it in place."""
        package = {**descriptor, "resources": self.resources}
        self.zip.writestr(self._member("datapackage.json"), json.dumps(package, ensure_ascii=False, indent=2))
        self.zip.close()
        os.utime(self.temporary, (self.built_at.timestamp(), self.built_at.timestamp()))
        os.replace(self.temporary, self.path)
        return self.path


def _copy_as_json(rows, names, spool):
    """Yield `rows` unchanged, writing each as a line of JSON to `spool` (buffered) on the way."""
    encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
    write = spool.write
    for row in rows:
        write((encode(dict(zip(names, row, strict=True))) + "\n").encode("utf-8"))
        yield row


def csv_resource(table, size):
    """Return the Data Resource of a table's CSV member, with its Table Schema."""
    return {
        "name": table.name,
        "title": str(table.title),
        "description": str(table.description),
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",  # with a byte order mark, so spreadsheet programs read it as UTF-8
        "bytes": size,
        "schema": table.schema(),
    }


def json_resource(table, size):
    """Return the Data Resource of a table's JSON Lines member: the CSV's rows, one object per line, described by
    the CSV resource's schema (an empty table is an empty file, which Frictionless cannot read as a table)."""
    return {
        "name": f"{table.name}-json",
        "title": f"{table.title} (JSON Lines)",
        "description": _(
            "The rows of %(file)s, one JSON object per line, with the same fields.", file=f"{table.name}.csv"
        ),
        "path": f"{table.name}.jsonl",
        "type": "file",
        "profile": "data-resource",
        "format": "jsonl",
        "mediatype": "application/jsonl",
        "encoding": "utf-8",
        "bytes": size,
    }


def remove_leftovers(folder, older_than):
    """Delete temporary files of builds that died (older than `older_than`, a timestamp)."""
    for path in Path(folder).glob(f"{TEMPORARY_PREFIX}*"):
        try:
            if path.stat().st_mtime < older_than:
                path.unlink()
        except FileNotFoundError:
            pass
