"""A small on-disk cache under the user's cache folder, never in the checked repo.

Two things are cached, both as JSON (never pickle: a cache folder must not be
a way to run code):

* the validated rule pack, keyed by the rule files' paths, sizes and mtimes,
  so a warm start needs neither the meta-schema validation nor jsonschema;
* each file's findings (:class:`ResultStore`), keyed by the rule pack, the
  options, the run date and the working folder, then by the file's stat or
  content, and checked against the stat of every file it referenced.

Any problem with the cache (read-only home, a corrupt entry) silently means
"no cache": the cache may make a run faster, never different. Entries are
authenticated: each file starts with an HMAC-SHA256 of its content under a
per-user key (``.key`` in the cache folder, mode 0600), so an entry someone else
wrote or edited is ignored and the file is checked again. A cache folder that
other users can write is not used at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from . import __version__

ENV_DIR = "OUTREACH_LINT_CACHE_DIR"


def cache_dir() -> Path:
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "outreach-lint" / __version__


_code_fingerprint: str | None = None


def code_fingerprint() -> str:
    """Size and mtime of every module of this package, hashed once per process.

    The version alone does not change when the code does (an editable install, a
    patched copy): without this a cached result would outlive the code that made it.
    Stat-ing some seventy files costs about a millisecond.
    """
    global _code_fingerprint
    if _code_fingerprint is None:
        digest = hashlib.sha256()
        package = Path(__file__).parent
        for module in sorted(package.rglob("*.py")):
            try:
                info = module.stat()
            except OSError:
                continue
            digest.update(f"{module.relative_to(package)}:{info.st_size}:{info.st_mtime_ns}\n".encode("utf-8", "surrogatepass"))
        _code_fingerprint = digest.hexdigest()
    return _code_fingerprint


def key_of(*parts: object) -> str:
    """A cache key: the parts and the code that will use the cached value."""
    digest = hashlib.sha256(code_fingerprint().encode("ascii"))
    for part in parts:
        digest.update(repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


#: the largest cache file read back (a results shard of a folder of 10,000 campaigns is ~20 MB)
MAX_ENTRY_BYTES = 256 * 1024 * 1024
_KEY_FILE = ".key"
_KEY_BYTES = 32
#: per cache folder: the HMAC key, or None when the folder cannot be used safely
_keys: dict[str, bytes | None] = {}


def _private_folder(folder: Path) -> bool:
    """Ours alone: owned by this user and not writable by group or others (then nobody else can
    add, replace or rename entries, or swap the key)."""
    try:
        info = os.stat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid() and not info.st_mode & 0o022


def secret_key() -> bytes | None:
    """The per-user HMAC key of the cache folder (created with mode 0600 on first use), or None:
    then there is no cache. A folder others can write, or a key file that is not a private
    regular file of this user, is refused: the cache may make a run faster, never different."""
    root = cache_dir()
    known = str(root)
    if known in _keys:
        return _keys[known]
    key: bytes | None = None
    try:
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        if _private_folder(root):
            key = _read_key(root / _KEY_FILE) or _create_key(root / _KEY_FILE)
    except OSError:
        key = None
    _keys[known] = key
    return key


def _read_key(path: Path) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o077 or info.st_size != _KEY_BYTES:
            raise PermissionError(f"{path}: not a private key file of this user")
        data = os.read(fd, _KEY_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) != _KEY_BYTES:
        raise PermissionError(f"{path}: not a key")
    return data


def _create_key(path: Path) -> bytes | None:
    import secrets

    data = secrets.token_bytes(_KEY_BYTES)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:  # another run made it first
        return _read_key(path)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    return data


def _mac(secret: bytes, kind: str, key: str, payload: bytes) -> str:
    import hmac

    return hmac.new(secret, f"{kind}\0{key}\0".encode("utf-8", "surrogatepass") + payload, "sha256").hexdigest()


def read(kind: str, key: str) -> Any:
    """The value stored under ``kind``/``key``, or None: missing, unreadable, too big, not a regular
    file, or not authenticated by this user's key (tampered with, or written by someone else)."""
    secret = secret_key()
    if secret is None:
        return None
    try:
        fd = os.open(cache_dir() / kind / key[:2] / f"{key}.json", os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            return None
        with os.fdopen(fd, "rb") as handle:
            fd = -1
            data = handle.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)
    mac, newline, payload = data.partition(b"\n")
    import hmac

    if not newline or not hmac.compare_digest(mac, _mac(secret, kind, key, payload).encode("ascii")):
        return None
    try:
        return json.loads(payload)
    except (ValueError, RecursionError):
        return None


def write(kind: str, key: str, value: Any) -> None:
    """Store ``value`` (JSON) under ``kind``/``key`` with its HMAC; a failure (a full disk, a
    read-only home) stores nothing and leaves no temporary file behind."""
    secret = secret_key()
    if secret is None:
        return
    folder = cache_dir() / kind / key[:2]
    temp = ""
    try:
        import tempfile  # only when writing: keeps it out of a warm start

        payload = json.dumps(value, separators=(",", ":")).encode("utf-8")
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(_mac(secret, kind, key, payload).encode("ascii") + b"\n" + payload)
        os.replace(temp, folder / f"{key}.json")
    except (OSError, TypeError, ValueError, UnicodeError, RecursionError):
        if temp:
            try:
                os.unlink(temp)
            except OSError:
                pass


#: entries not written for this long are deleted (results are keyed by the run date, so a
#: repository checked every day leaves one set of shards per day behind)
MAX_AGE_SECONDS = 30 * 24 * 3600
_PRUNE_STAMP = ".pruned"


def prune(now: float | None = None) -> int:
    """Delete cache entries older than :data:`MAX_AGE_SECONDS`, at most once a day.

    Only files this module writes are touched (``KIND/XX/KEY.json`` and stale ``.tmp``
    files), so a cache folder pointed at a shared place never loses anything else; symbolic
    links are never followed (a link planted in the cache cannot make pruning delete the
    files it points at) and never deleted. Returns how many files were deleted.
    """
    import time

    now = time.time() if now is None else now
    root = cache_dir()
    if secret_key() is None:
        return 0  # not our folder: touch nothing
    stamp = root / _PRUNE_STAMP
    try:
        if now - os.lstat(stamp).st_mtime < 24 * 3600:
            return 0
    except OSError:
        pass
    deleted = 0
    try:
        if os.path.islink(stamp):
            return 0
        stamp.touch()
        for kind in _real_dirs(str(root)):
            for shard in _real_dirs(kind):
                deleted += _prune_files(shard, now)
    except OSError:
        pass  # the cache may make a run faster, never fail it
    return deleted


def _real_dirs(folder: str) -> list[str]:
    with os.scandir(folder) as entries:
        return [e.path for e in entries if e.is_dir(follow_symlinks=False)]


def _prune_files(folder: str, now: float) -> int:
    deleted = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            if not entry.name.endswith((".json", ".tmp")) or not entry.is_file(follow_symlinks=False):
                continue
            age = now - entry.stat(follow_symlinks=False).st_mtime
            if age > MAX_AGE_SECONDS or (entry.name.endswith(".tmp") and age > 24 * 3600):
                os.unlink(entry.path)
                deleted += 1
    return deleted


def signature_of(info: os.stat_result) -> list[int]:
    """What says "this file has not changed" without reading it: size, mtime, device, inode, ctime.

    A write changes mtime or ctime (and ``chmod`` changes ctime), so an equal
    signature means an unchanged file; a different one only means "read it".
    """
    return [info.st_size, info.st_mtime_ns, info.st_dev, info.st_ino, info.st_ctime_ns]


def file_signature(path: str | os.PathLike[str]) -> list[int] | None:
    """:func:`signature_of` the file at ``path``, or None when it cannot be stat-ed."""
    try:
        return signature_of(os.stat(path))
    except OSError:
        return None


class ResultStore:
    """The cached results of one run configuration, one JSON file per folder of campaigns.

    One file per folder (not per campaign) makes a warm re-check of a whole repo a few
    dozen file reads instead of thousands, and a pre-commit run on one campaign reads only
    its folder's entries. An entry is ``[explicit, signature, sha256, refs, result]``: it
    is used when the campaign's signature is unchanged or, failing that, its content hash
    is; and every referenced file still has its recorded signature (``None``: it did not
    exist or could not be stat-ed, and still cannot).
    """

    def __init__(self, run_key: str) -> None:
        self.run_key = run_key
        self._shards: dict[str, dict[str, Any]] = {}
        self._dirty: set[str] = set()
        self._stats: dict[str, list[int] | None] = {}
        self._folders: dict[str, str] = {}

    def _shard_of(self, file: str) -> tuple[str, dict[str, Any]]:
        given = os.path.dirname(file)
        folder = self._folders.get(given)
        if folder is None:
            folder = self._folders[given] = os.path.abspath(given or ".")
        shard = self._shards.get(folder)
        if shard is None:
            try:
                shard = _unpack(read("results", key_of(self.run_key, folder)))
            except (KeyError, IndexError, TypeError, ValueError, AttributeError):
                shard = {}
            self._shards[folder] = shard
        return folder, shard

    def _ref_signature(self, path: str) -> list[int] | None:
        """Referenced files are shared by many campaigns: stat each once per run."""
        if path not in self._stats:
            self._stats[path] = file_signature(path)
        return self._stats[path]

    def lookup(self, file: str, explicit: bool, max_bytes: int) -> Any:
        """The stored result of ``file`` if it is still valid, else None."""
        folder, shard = self._shard_of(file)
        entry = shard.get(file)
        if not isinstance(entry, list) or len(entry) != 5 or entry[0] != explicit:
            return None
        signature = file_signature(file)
        if signature is None:
            return None
        if signature != entry[1]:
            if signature[0] > max_bytes:
                return None
            try:
                with open(file, "rb") as handle:
                    digest = hashlib.sha256(handle.read(max_bytes + 1)).hexdigest()
            except OSError:
                return None
            if digest != entry[2]:
                return None
            entry[1] = signature  # touched, not changed (a checkout, a copy)
            self._dirty.add(folder)
        for ref, ref_signature in entry[3]:
            if self._ref_signature(ref) != ref_signature:
                return None
        return entry[4]

    def put(self, file: str, explicit: bool, signature: list[int], sha256: str, refs: list[list[Any]], result: Any) -> None:
        folder, shard = self._shard_of(file)
        shard[file] = [explicit, signature, sha256, refs, result]
        self._dirty.add(folder)

    def save(self) -> None:
        for folder in sorted(self._dirty):
            write("results", key_of(self.run_key, folder), _pack(self._shards[folder]))
        if self._dirty:
            prune()
        self._dirty.clear()


#: the layout of a results file; another value is read as "no entries"
_FORMAT = 4


def _pack(shard: dict[str, Any]) -> dict[str, Any]:
    """A shard as written: every message, pointer and referenced path once, in a table.

    The same rule says the same thing about many campaigns, and campaigns share templates:
    the table halves a shard and makes each text one object when it is read back.
    """
    strings: dict[str, int] = {}

    def at(text: str) -> int:
        return strings.setdefault(text, len(strings))

    files = {}
    for file, (explicit, signature, sha256, refs, result) in shard.items():
        is_campaign, _sha, findings, checked = result
        packed = [[*f[:4], at(f[4]), at(f[5]), *f[6:]] for f in findings]
        files[file] = [explicit, signature, sha256, [[at(path), sig] for path, sig in refs], is_campaign, packed, list(checked)]
    return {"format": _FORMAT, "strings": list(strings), "files": files}


def _unpack(stored: Any) -> dict[str, Any]:
    """The inverse of :func:`_pack`; anything unexpected raises (and means "no entries")."""
    if not isinstance(stored, dict) or stored.get("format") != _FORMAT:
        return {}
    strings = stored["strings"]
    shard = {}
    for file, (explicit, signature, sha256, refs, is_campaign, packed, checked) in stored["files"].items():
        findings = [[*f[:4], strings[f[4]], strings[f[5]], *f[6:]] for f in packed]
        shard[file] = [explicit, signature, sha256, [[strings[path], sig] for path, sig in refs], [is_campaign, sha256, findings, checked]]
    return shard
