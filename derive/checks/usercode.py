"""Loading and calling the Python function a claim names (its `code` key).

Only the file the claim names is imported (its top level runs, as `import` would run it), and
only the function it names is called. Whatever that code raises is the code's error, not
derive's: it is caught right at the import and at the call, and wrapped in a CodeError that
names the file, the claim and the function and carries the code's own traceback. What the code
prints is kept out of derive's output.
"""

from __future__ import annotations

import contextlib
import importlib.util
import inspect
import io
import itertools
import sys
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType, TracebackType

from derive.errors import CodeError

_LOADS = itertools.count(1)


@dataclass(frozen=True)
class Where:
    """What an error about the code names: the file, the claim, the function."""

    path: str
    claim_id: str
    function: str

    def error(self, message: str, tb: str = "") -> CodeError:
        text = f"{self.path}:{self.function} (claim {self.claim_id}): {message}"
        return CodeError(text + (f"\n{tb.rstrip()}" if tb else ""))


@dataclass(frozen=True)
class Loaded:
    """The imported module and the function to check."""

    module: ModuleType
    function: Callable[..., object]
    where: Where


def load(where: Where) -> Loaded:
    """Import the file (a fresh module each time: no state is shared between claims) and find
    the function."""
    path = Path(where.path)
    if not path.is_file():
        raise where.error(f"no such file {str(path)!r} (paths are relative to the formula file)")
    name = f"derive_usercode_{next(_LOADS)}_{path.stem.replace('-', '_')}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise where.error("cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pickling in the user's code look it up
    with _quiet():
        try:
            spec.loader.exec_module(module)
        # the user's code may raise anything: it is reported as the code's error, with its
        # traceback (the one place derive catches what it does not know)
        except (Exception, SystemExit) as exc:
            raise where.error(
                f"importing the file raised {type(exc).__name__}", _user_traceback(exc, path)
            ) from None
    fn = getattr(module, where.function, None)
    if fn is None:
        defined = sorted(
            k for k, v in vars(module).items() if inspect.isfunction(v) and v.__module__ == name
        )
        raise where.error(
            f"the file has no function {where.function!r}"
            + (f" (it defines {', '.join(defined)})" if defined else "")
        )
    if not callable(fn):
        raise where.error(f"{where.function!r} is not a function")
    return Loaded(module, fn, where)


def check_arguments(loaded: Loaded, names: list[str]) -> None:
    """The claim's `args` must be a valid call of the function: every parameter without a
    default given, no unknown name."""
    try:
        signature = inspect.signature(loaded.function)
    except (TypeError, ValueError):
        return  # a builtin without a signature: the call itself will tell
    params = ", ".join(signature.parameters)
    try:
        signature.bind(**dict.fromkeys(names))
    except TypeError as exc:
        raise loaded.where.error(
            f"`args` does not fit the function's parameters ({params}): {exc}"
        ) from None


def check_globals(loaded: Loaded, names: list[str]) -> None:
    """Every name of `bind` must be a global the module defines."""
    for name in names:
        if not hasattr(loaded.module, name):
            raise loaded.where.error(f"`bind`: the file defines no global {name!r}")


def call(loaded: Loaded, args: Mapping[str, object], bind: Mapping[str, object]) -> object:
    """Set the bound globals, call the function with keyword arguments, return its result.
    The globals are put back afterwards."""
    saved = {k: getattr(loaded.module, k) for k in bind}
    for k, v in bind.items():
        setattr(loaded.module, k, v)
    try:
        with _quiet():
            return loaded.function(**args)
    # the user's code may raise anything: it is the code's error (see load)
    except (Exception, SystemExit) as exc:
        raise loaded.where.error(
            f"the call raised {type(exc).__name__}", _user_traceback(exc, Path(loaded.where.path))
        ) from None
    finally:
        for k, v in saved.items():
            setattr(loaded.module, k, v)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        yield


def _user_traceback(exc: BaseException, path: Path) -> str:
    """The traceback from the first frame in the user's file on (derive's and importlib's
    frames before it are left out)."""
    tb: TracebackType | None = exc.__traceback__
    resolved = str(path.resolve())
    while tb is not None and str(Path(tb.tb_frame.f_code.co_filename).resolve()) != resolved:
        tb = tb.tb_next
    lines = traceback.format_exception(type(exc), exc, tb)
    return "".join(lines)
