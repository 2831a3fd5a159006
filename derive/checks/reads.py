"""What a claim's code read: the files its verdict depends on, so that the verdict cache can
store it and notice when one of them changes.

While a code claim is checked, the user's project modules (every module whose file lies outside
the Python installation, its site-packages and derive itself) are taken out of `sys.modules`,
so that the code imports each of them afresh: at the end, the project modules in `sys.modules`
are exactly those this claim's code imported, directly or through another module, and no state
of a helper module is shared between claims. They are put back afterwards. The files the code
opened (an audit hook on `open`, which also sees `io.open_code`) are recorded too. Each file is
kept with a hash of its content (`ABSENT` for one that is not there, such as a code file not yet
written); an import that failed (`try: import fast except ImportError`) makes the result depend
on a file that does not exist anywhere derive could name, so such a result is not cached at all
(`Recorded.pinned` is False). Taking modules out of `sys.modules` is process-wide: one code
claim is checked at a time in a process (derive's workers check one claim each).
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import importlib
import site
import sys
import sysconfig
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from types import FrameType, ModuleType

ABSENT = "absent"  # the digest of a file that is not there
Reads = tuple[tuple[str, str], ...]  # (resolved path, sha256 of its content or ABSENT)


@dataclass
class Recorded:
    """What the code read during one check."""

    files: set[str] = field(default_factory=set)  # resolved paths
    attempted: set[str] = field(default_factory=set)  # modules the project's code began to import
    pinned: bool = True  # False: it depends on something no file names (a failed import)


# the recordings in progress in this thread, innermost last: the audit hook, called in the thread
# that opens or imports, adds to the innermost
_RECORDING: contextvars.ContextVar[tuple[Recorded, ...]] = contextvars.ContextVar(
    "derive_reads", default=()
)


def digest(path: str) -> str:
    """The sha256 of a file's content, or ABSENT."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except (FileNotFoundError, NotADirectoryError):
        return ABSENT
    except OSError:
        return f"unreadable {path}"  # never equal to a digest: a later lookup misses


def unchanged(reads: Reads) -> bool:
    """Whether every recorded file still has the recorded content."""
    return all(digest(path) == recorded for path, recorded in reads)


@contextlib.contextmanager
def recording(code_file: str) -> Iterator[Recorded]:
    """Record the project modules and files the code imports and opens inside the block (the
    code's own file always, even when it cannot be imported)."""
    _install_hook()
    importlib.invalidate_caches()  # a module written since the last import is found
    saved = {name: m for name, m in list(sys.modules.items()) if _in_project(m)}
    for name in saved:
        del sys.modules[name]
    recorded = Recorded(files={str(Path(code_file).resolve())})
    token = _RECORDING.set((*_RECORDING.get(), recorded))
    try:
        yield recorded
    finally:
        _RECORDING.reset(token)
        loaded = {name: m for name, m in list(sys.modules.items()) if _in_project(m)}
        for name, module in loaded.items():
            recorded.files.add(_file_of(module))
            del sys.modules[name]
        sys.modules.update(saved)
        failed = {n for n in recorded.attempted if n not in loaded and n not in sys.modules}
        recorded.pinned = not failed


def reads_of(recorded: Recorded) -> Reads | None:
    """The files with their digests; None when the result is not pinned by files."""
    if not recorded.pinned:
        return None
    return tuple((path, digest(path)) for path in sorted(recorded.files))


def _hook(event: str, args: tuple[object, ...]) -> None:
    active = _RECORDING.get()
    if not active:
        return
    if event == "open" and isinstance(args[0], str | bytes | Path):
        path = Path(args[0].decode() if isinstance(args[0], bytes) else args[0])
        with contextlib.suppress(OSError, ValueError):
            resolved = path.resolve()
            pyc = "__pycache__" in resolved.parts  # compiled from a source recorded already
            if resolved.is_file() and not pyc and not _excluded(resolved):
                active[-1].files.add(str(resolved))
    elif event == "import" and isinstance(args[0], str) and _from_project(sys._getframe(1)):
        active[-1].attempted.add(args[0])


def _from_project(frame: FrameType | None) -> bool:
    """Whether the import statement being run is in a project file (a library's own optional
    imports, which it handles, are the library's business: its version is in the key)."""
    while frame is not None and frame.f_code.co_filename.startswith("<frozen importlib"):
        frame = frame.f_back
    if frame is None:
        return False
    try:
        return not _excluded(Path(frame.f_code.co_filename).resolve())
    except (OSError, ValueError):
        return False


@cache
def _install_hook() -> None:
    """An audit hook stays for the life of the process: one, doing nothing outside a recording."""
    sys.addaudithook(_hook)


def _file_of(module: ModuleType) -> str:
    return str(Path(module.__file__ or "").resolve())


def _in_project(module: object) -> bool:
    """A module of the user's project: loaded from a file outside Python, its libraries and
    derive (not built in, not frozen, not a namespace package)."""
    file = getattr(module, "__file__", None)
    return isinstance(file, str) and _project_file(file)


@lru_cache(maxsize=4096)
def _project_file(file: str) -> bool:
    """Whether a module's file is the project's (asked for every loaded module, twice a claim)."""
    try:
        return not _excluded(Path(file).resolve())
    except (OSError, ValueError):
        return False


def _excluded(path: Path) -> bool:
    return any(path.is_relative_to(root) for root in _library_roots())


@cache
def _library_roots() -> tuple[Path, ...]:
    """Where Python, the installed libraries and derive live: their files are not the user's
    (the libraries' versions are in the cache key instead)."""
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    roots |= {v for k, v in sysconfig.get_paths().items() if k in _LIBRARY_PATHS}
    roots |= set(site.getsitepackages()) | {site.getusersitepackages()}
    roots.add(str(Path(__file__).resolve().parent.parent))  # derive's package
    return tuple(Path(r).resolve() for r in roots if r)


_LIBRARY_PATHS = {"stdlib", "platstdlib", "purelib", "platlib"}
