"""Linux inotify through ctypes: the standard library has no binding, and polling a folder every
millisecond would itself load the two cores the benchmark measures.

`FolderWatch(path, mask)` yields `(name, monotonic_seconds)` for each event, stamped the moment the
event is read. The benchmark watches the output folder for results renamed into place; the Python
peer watches its inbox the same way Lector does.
"""

import ctypes
import ctypes.util
import os
import select
import struct
import time

IN_CLOSE_WRITE = 0x00000008
IN_MOVED_TO = 0x00000080
IN_Q_OVERFLOW = 0x00004000
IN_NONBLOCK = 0o4000
IN_CLOEXEC = 0o2000000

_libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
_libc.inotify_init1.argtypes = [ctypes.c_int]
_libc.inotify_add_watch.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
_HEADER = struct.Struct("iIII")  # wd, mask, cookie, len


class QueueOverflow(Exception):
    """The kernel dropped events; the caller must rescan the folder."""


class FolderWatch:
    def __init__(self, path, mask=IN_MOVED_TO | IN_CLOSE_WRITE):
        self.fd = _libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1")
        if _libc.inotify_add_watch(self.fd, os.fsencode(path), mask) < 0:
            raise OSError(ctypes.get_errno(), f"inotify_add_watch {path}")

    def read(self, timeout):
        """The events that arrive within `timeout` seconds (an empty list if none)."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return []
        try:
            data = os.read(self.fd, 1 << 20)
        except BlockingIOError:
            return []
        now = time.monotonic()
        events = []
        offset = 0
        while offset < len(data):
            _wd, mask, _cookie, length = _HEADER.unpack_from(data, offset)
            name = data[offset + _HEADER.size : offset + _HEADER.size + length].rstrip(b"\0")
            offset += _HEADER.size + length
            if mask & IN_Q_OVERFLOW:
                raise QueueOverflow()
            events.append((os.fsdecode(name), now))
        return events

    def close(self):
        os.close(self.fd)
