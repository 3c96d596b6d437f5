"""Reading the files a user names — a thread, settings, rule packs and their lexicons, a
knowledge base: regular files only, and at most so many bytes. `/dev/zero`, a FIFO or a huge file
is refused at once instead of being read forever (or blocking on open)."""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MiB = 1 << 20


class FileRefused(OSError):
    """A path that is a directory, a device, a pipe or a socket, or a file over its size limit.
    `str()` is the reason alone; callers name the file."""

    def __str__(self) -> str:
        return str(self.strerror)


def read_bytes(path: str | Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, refused (`FileRefused`) when it is not a regular
    file or has more than `limit` bytes; other `OSError`s (no such file, permission) as raised."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # opening a FIFO must not block
    try:
        st = os.fstat(fd)
        mode, size = st.st_mode, st.st_size
        if stat.S_ISDIR(mode):
            raise FileRefused(errno.EISDIR, "is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise FileRefused(errno.EINVAL, "not a regular file (a device, pipe or socket)", str(path))
        if size > limit:
            raise FileRefused(errno.EFBIG, f"{size:,} bytes; the limit is {limit:,}", str(path))
        with os.fdopen(fd, "rb") as f:
            fd = -1  # closed with f
            data = f.read(limit + 1)
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:  # it grew while we read it
        raise FileRefused(errno.EFBIG, f"over {limit:,} bytes, the limit", str(path))
    return data
