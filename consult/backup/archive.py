"""The archive itself: writing members with their checksums, reading and checking them back, naming and paths."""

import hashlib
import json
import os
import re
import tarfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

FORMAT = "consult-backup/1"
MANIFEST = "manifest.json"
MANIFEST_MAX_BYTES = 64 * 1024 * 1024
# Archive folder -> the setting naming the folder on disk.
FILE_DIRS = {"attachments": "ATTACHMENT_DIR", "reports": "REPORTS_DIR", "offline-uploads": "OFFLINE_UPLOAD_DIR"}
NAME_RE = re.compile(r"^consult-backup-\d{8}-\d{6}Z\.tar$")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be made, checked or restored; the message says why, for an operator."""


def archive_name(moment):
    """Return the file name of an archive made at `moment` (UTC)."""
    return f"consult-backup-{moment:%Y%m%d-%H%M%S}Z.tar"


def is_partial(path):
    """Whether a file is being written under a temporary name (attachments' `x.part`, reports' `.x.part`)."""
    return path.name.endswith(".part")


def folder_files(folder):
    """Yield (path relative to `folder` in POSIX form, path) of every regular file under it, sorted; none if it is
    missing. Symbolic links are not followed (the app writes none)."""
    folder = Path(folder)
    if not folder.is_dir():
        return
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = Path(root) / name
            if path.is_file() and not path.is_symlink() and not is_partial(path):
                yield path.relative_to(folder).as_posix(), path


def member_target(member, folders):
    """Return where a `files/<kind>/<path>` member goes on disk, given {kind: folder}; refuse any other name."""
    parts = PurePosixPath(member).parts
    if len(parts) < 3 or parts[0] != "files" or parts[1] not in folders or any(p in ("", ".", "..") for p in parts):
        raise BackupError(f"unexpected member {member!r} in the archive")
    return Path(folders[parts[1]], *parts[2:])


class _Hashing:
    """A file object that hashes what is read through it."""

    def __init__(self, handle):
        self.handle = handle
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        """Read and hash."""
        data = self.handle.read(size)
        self.sha256.update(data)
        return data


class ArchiveWriter:
    """Write an archive under a temporary name in its folder (mode 0600), renamed once complete."""

    def __init__(self, folder, name):
        self.path = Path(folder) / name
        self.partial = self.path.with_name(f".{name}.partial")
        if self.path.exists():
            raise BackupError(f"{self.path} exists already")
        descriptor = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.fchmod(descriptor, 0o600)  # whatever the umask
        self.handle = os.fdopen(descriptor, "wb")
        self.tar = tarfile.open(fileobj=self.handle, mode="w:", format=tarfile.PAX_FORMAT)  # noqa: SIM115 - closed by finish() or discard()
        self.entries = []

    def add_file(self, member, path):
        """Add the file at `path` as `member`; return its manifest entry. Its size is taken when it is opened: a file
        that grows meanwhile is copied up to that size (its checksum is of what was copied)."""
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            info = tarfile.TarInfo(member)
            info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
            reader = _Hashing(handle)
            self.tar.addfile(info, reader)
        entry = {"path": member, "size": info.size, "sha256": reader.sha256.hexdigest()}
        self.entries.append(entry)
        return entry

    def finish(self, manifest):
        """Add the manifest, flush to disk and give the archive its name; return its path."""
        data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(data), int(manifest_time(manifest)), 0o600
        self.tar.addfile(info, _Bytes(data))
        self.tar.close()
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        if self.path.exists():
            raise BackupError(f"{self.path} appeared while the backup was written")
        os.replace(self.partial, self.path)
        _sync_folder(self.path.parent)
        return self.path

    def discard(self):
        """Remove the unfinished archive."""
        self.tar.close()
        self.handle.close()
        self.partial.unlink(missing_ok=True)


class _Bytes:
    """A readable file object over bytes (tarfile reads members from one)."""

    def __init__(self, data):
        self.data, self.position = data, 0

    def read(self, size=-1):
        """Read up to `size` bytes."""
        end = len(self.data) if size is None or size < 0 else self.position + size
        chunk = self.data[self.position : end]
        self.position += len(chunk)
        return chunk


def manifest_time(manifest):
    """Return the manifest's creation time as a POSIX timestamp."""
    return datetime.fromisoformat(manifest["created_at"].replace("Z", "+00:00")).timestamp()


def _sync_folder(folder):
    """Make a rename in `folder` durable."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@dataclass
class CheckedArchive:
    """An archive whose every member matched the manifest: the open tar and its manifest."""

    tar: tarfile.TarFile
    manifest: dict

    def entry(self, member):
        """Return the manifest entry of `member`."""
        return next(entry for entry in self.manifest["files"] if entry["path"] == member)

    def extract(self, member, destination):
        """Write `member` to `destination` through a temporary name, checking its checksum again on the way (the
        archive may have changed since it was checked); return the destination."""
        entry = self.entry(member)
        destination = Path(destination)
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(f".{destination.name}.restore")
        source = _Hashing(self.tar.extractfile(self.tar.getmember(member)))
        try:
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                while chunk := source.read(CHUNK):
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            if source.sha256.hexdigest() != entry["sha256"]:
                raise BackupError(f"{member} changed in the archive while it was restored")
            os.replace(partial, destination)
        finally:
            partial.unlink(missing_ok=True)
        return destination


def open_checked(path):
    """Open an archive, read its manifest and check every member against it (size and sha256), writing nothing;
    return a CheckedArchive (close its tar), or raise BackupError naming every problem found."""
    try:
        tar = tarfile.open(path, mode="r:")  # noqa: SIM115 - the caller closes it (CheckedArchive)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{path} is not a readable backup archive: {error}") from None
    try:
        manifest = _read_manifest(tar, path)
        _check_members(tar, manifest)
    except BaseException:
        tar.close()
        raise
    return CheckedArchive(tar, manifest)


def _read_manifest(tar, path):
    """Return the archive's manifest, checked for its format and shape."""
    try:
        info = tar.getmember(MANIFEST)
    except KeyError:
        raise BackupError(f"{path} has no {MANIFEST}: not a Consult backup") from None
    if not info.isreg() or info.size > MANIFEST_MAX_BYTES:
        raise BackupError(f"{MANIFEST} of {path} is not a plain file of a sensible size")
    try:
        manifest = json.loads(tar.extractfile(info).read())
    except ValueError as error:
        raise BackupError(f"{MANIFEST} of {path} cannot be read: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is in format {manifest.get('format')!r}; this version reads {FORMAT!r}")
    for key in ("created_at", "database", "files", "migration_head"):
        if key not in manifest:
            raise BackupError(f"{MANIFEST} of {path} lacks {key!r}")
    return manifest


def _check_members(tar, manifest):
    """Compare every member of the tar with the manifest's entries: none missing, none extra, none changed."""
    expected = {entry["path"]: entry for entry in manifest["files"]}
    problems, seen = [], set()
    for info in tar:
        if info.name == MANIFEST:
            continue
        entry = expected.get(info.name)
        if entry is None or info.name in seen:
            problems.append(f"{info.name}: not listed in the manifest (or listed once and stored twice)")
            continue
        seen.add(info.name)
        if not info.isreg():
            problems.append(f"{info.name}: not a plain file")
            continue
        reader = _Hashing(tar.extractfile(info))
        size = 0
        while chunk := reader.read(CHUNK):
            size += len(chunk)
        if size != entry["size"] or reader.sha256.hexdigest() != entry["sha256"]:
            problems.append(f"{info.name}: size or sha256 differs from the manifest (changed or damaged)")
    problems += [f"{name}: in the manifest but not in the archive" for name in sorted(set(expected) - seen)]
    if problems:
        shown = "\n  ".join(problems[:20]) + (f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else "")
        raise BackupError(f"the archive does not match its manifest:\n  {shown}")
