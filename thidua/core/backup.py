"""Back-up and restore: one archive holding the database (as Django fixtures, so it
restores on SQLite or PostgreSQL alike), the uploaded files and a manifest with
SHA-256 checksums of every member.

The dump is read inside one transaction (REPEATABLE READ on PostgreSQL, the write
lock on SQLite), so a back-up taken while people work is a consistent snapshot.
"""

import hashlib
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

FORMAT = 1
DUMP_NAME = "database.json"
MANIFEST_NAME = "manifest.json"
# Rebuilt by migrate on a fresh install; restoring them would clash.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


class BackupError(Exception):
    pass


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _dump_database() -> bytes:
    out = io.StringIO()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command(
            "dumpdata",
            *[f"--exclude={label}" for label in EXCLUDED],
            "--natural-foreign",
            format="json",
            indent=None,
            stdout=out,
        )
    return out.getvalue().encode("utf-8")


def _media_files(root: Path):
    if not root.exists():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, PurePosixPath("media", path.relative_to(root).as_posix())


def write_backup(target: Path) -> dict:
    """Write the archive to ``target``; answer the manifest."""
    dump = _dump_database()
    media_root = Path(settings.MEDIA_ROOT)
    files = {DUMP_NAME: _sha256(dump)}
    media = list(_media_files(media_root))
    for path, name in media:
        files[str(name)] = _sha256(path.read_bytes())
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "files": files,
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(target, "w:gz") as archive:
        _add_bytes(archive, MANIFEST_NAME, json.dumps(manifest, indent=2).encode())
        _add_bytes(archive, DUMP_NAME, dump)
        for path, name in media:
            archive.add(path, arcname=str(name), recursive=False)
    return manifest


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


@dataclass
class Verified:
    manifest: dict
    dump: bytes
    media: dict[str, bytes]


def read_backup(source: Path) -> Verified:
    """Read and verify every checksum; refuse a damaged or altered archive."""
    contents: dict[str, bytes] = {}
    try:
        with tarfile.open(source, "r:gz") as archive:
            for member in archive.getmembers():
                name = PurePosixPath(member.name)
                if not member.isfile() or name.is_absolute() or ".." in name.parts:
                    raise BackupError(
                        f"Unexpected member in the archive: {member.name}"
                    )
                extracted = archive.extractfile(member)
                contents[member.name] = extracted.read() if extracted else b""
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise BackupError(f"Not a Thi Đua back-up: {exc}") from exc
    if MANIFEST_NAME not in contents:
        raise BackupError("The archive has no manifest.")
    manifest = json.loads(contents.pop(MANIFEST_NAME))
    if manifest.get("format") != FORMAT:
        raise BackupError("Unknown back-up format.")
    expected = manifest.get("files", {})
    if set(expected) != set(contents):
        raise BackupError("The archive's members do not match its manifest.")
    for name, digest in expected.items():
        if _sha256(contents[name]) != digest:
            raise BackupError(f"Checksum mismatch for {name}.")
    dump = contents.pop(DUMP_NAME)
    return Verified(manifest=manifest, dump=dump, media=contents)


def restore_backup(source: Path) -> dict:
    """Replace the database and the uploaded files with the archive's, after
    verifying it. Run ``migrate`` first on a fresh install."""
    verified = read_backup(source)
    with tempfile.NamedTemporaryFile("wb", suffix=".json", delete=False) as tmp:
        tmp.write(verified.dump)
        dump_path = tmp.name
    try:
        with transaction.atomic():
            # flush uses TRUNCATE on PostgreSQL, which the audit trail's trigger allows.
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", dump_path, verbosity=0)
    finally:
        Path(dump_path).unlink(missing_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    for name, data in verified.media.items():
        relative = PurePosixPath(name).relative_to("media")
        target = media_root.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return verified.manifest
