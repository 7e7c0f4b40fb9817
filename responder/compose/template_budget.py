"""A user template cannot stop the service: each render runs in a child process with a budget.

The employee edits her templates; a slip (a loop inside a loop over a large range, ``"x" * 3000000000``,
a filter asked for a billion characters) must cost one logged error and the shipped template, not a
poll thread that never returns or 3 GB of memory. Jinja's sandbox stops unsafe attribute access, not
work, so the budget is enforced by the operating system: the render runs in a forked child
(single-threaded, so its alarm signal interrupts the template at the line it has reached) with a
memory ceiling above what the process already uses, an interval timer, and a size limit on what it
returns; the parent kills it if it outlives its time anyway. A fork costs a few milliseconds, paid
only for the employee's own templates; the shipped ones render in process.
"""

from __future__ import annotations

import json
import os
import resource
import select
import signal
import time
from collections.abc import Callable

SECONDS = 1.0  # the time one render may take
MAX_BYTES = 100_000  # the size of one rendered text
MEMORY = 512 * 1024 * 1024  # bytes the child may add to what the process already maps
_GRACE = 1.0  # seconds past SECONDS before the parent kills a child that did not stop itself


class BudgetExceeded(Exception):  # noqa: N818 - read as "the template's budget exceeded"
    """The render failed in the child, or broke its budget; ``str`` is the account of it, which
    names the template's file and line when ``located``."""

    def __init__(self, message: str, *, located: bool) -> None:
        super().__init__(message)
        self.located = located


class Timeout(Exception):  # noqa: N818 - shown as "Timeout: took longer than 1 s"
    def __str__(self) -> str:
        return f"took longer than {SECONDS:g} s (the time budget of one render)"


def render(work: Callable[[], str], describe: Callable[[BaseException], str]) -> str:
    """``work()``'s text, rendered in a child within the budget; BudgetExceeded with ``describe``'s
    account of the failure (file and line, from the child's traceback) otherwise."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its result is what the tests check
        os.close(reader)
        os._exit(_child(work, describe, writer))
    os.close(writer)
    try:
        data = _read(reader, time.monotonic() + SECONDS + _GRACE)
    finally:
        os.close(reader)
        if data is None:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    if data is None:
        raise BudgetExceeded(f"took longer than {SECONDS:g} s (the time budget of one render); stopped", located=False)
    result = json.loads(data.decode("utf-8"))
    if "error" in result:
        raise BudgetExceeded(result["error"], located=bool(result.get("located")))
    return str(result["text"])


def _child(work: Callable[[], str], describe: Callable[[BaseException], str], writer: int) -> int:  # pragma: no cover
    try:
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, SECONDS)
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        ceiling = _mapped() + MEMORY
        resource.setrlimit(resource.RLIMIT_AS, (ceiling if hard == resource.RLIM_INFINITY else min(ceiling, hard), hard))
        result: dict[str, str | bool]
        text = work()
        signal.setitimer(signal.ITIMER_REAL, 0)
        if len(text.encode("utf-8")) > MAX_BYTES:
            raise _TooLong
        result = {"text": text}
    except MemoryError as exc:
        exc.args = (f"used more than {MEMORY // 2**20} MB (the memory budget of one render)",)
        result = {"error": describe(exc), "located": True}
    except _TooLong:
        result = {"error": f"wrote more than {MAX_BYTES // 1000} KB (the size budget of one render)"}
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, file and line included
        try:
            result = {"error": describe(exc), "located": True}
        except BaseException:  # noqa: BLE001
            result = {"error": f"{type(exc).__name__}: {exc}"}
    try:
        payload = json.dumps(result).encode("utf-8")
        with os.fdopen(writer, "wb") as out:
            out.write(payload)
    except BaseException:  # noqa: BLE001 - the parent sees a closed pipe and reports it
        return 1
    return 0


class _TooLong(Exception):  # noqa: N818
    pass


def _alarm(signum: int, frame: object) -> None:  # pragma: no cover - runs in the child
    raise Timeout


def _mapped() -> int:
    """Bytes of address space the process maps now (Linux /proc; a generous guess elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 4 * 2**30


def _read(reader: int, deadline: float) -> bytes | None:
    """Everything the child writes, or None when the deadline passes first."""
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([reader], [], [], left)
        if not ready:
            return None
        chunk = os.read(reader, 65536)
        if not chunk:
            return b"".join(chunks) or json.dumps({"error": "the render stopped without a result"}).encode()
        chunks.append(chunk)
