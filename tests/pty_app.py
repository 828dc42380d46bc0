"""A `hallq` terminal app on a real pseudo-terminal: what a clerk's SSH session, a kiosk's
console or a card reader that types like a keyboard gives it. Bytes written here arrive
at the app as a terminal delivers them: `write(b"c01\\t1357\\r")` is one burst, as a
reader sends it, not the key-by-key delivery of Textual's Pilot.

    with PtyApp([... "counter", "--window", "3"], size=(100, 30), env=env) as app:
        app.wait_for("工号")
        app.write(b"c01\\t1111\\r")
"""
from __future__ import annotations

import fcntl
import os
import pty
import re
import signal
import struct
import subprocess
import termios
import threading
import time


class PtyApp:
    """A process on a pty of `size` (columns, rows); its output is read all the time (an
    app blocks when its terminal is not read) and kept, without escape sequences, in
    `screen_text()` for `wait_for`."""

    def __init__(self, argv: list[str], size: tuple[int, int] = (100, 30), env: dict | None = None):
        self.argv, self.size = argv, size
        self.env = {**(env or os.environ), "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        self.output = bytearray()
        self._lock = threading.Lock()

    def __enter__(self) -> PtyApp:
        master, slave = pty.openpty()
        columns, rows = self.size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.process = subprocess.Popen(self.argv, stdin=slave, stdout=slave, stderr=slave, env=self.env,
                                        start_new_session=True, close_fds=True)
        os.close(slave)
        self.master = master
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        return self

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.output += chunk

    def screen_text(self) -> str:
        """Everything the app wrote, escape sequences removed (for finding words)."""
        with self._lock:
            data = bytes(self.output)
        text = data.decode("utf-8", errors="replace")
        return re.sub(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)", "", text)

    def wait_for(self, words: str, timeout: float = 30) -> None:
        """Until the app has written `words` (its screen is up).

        Raises:
            AssertionError: not written within `timeout` seconds, or the app ended.
        """
        deadline = time.monotonic() + timeout
        while words not in self.screen_text().replace(" ", ""):
            if self.process.poll() is not None:
                raise AssertionError(f"the app ended ({self.process.returncode}): {self.screen_text()[-2000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"{words!r} not on screen after {timeout} s")
            time.sleep(0.05)

    def write(self, data: bytes) -> None:
        """Send `data` to the app in one write, as one burst."""
        os.write(self.master, data)

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        os.close(self.master)
        self._reader.join(2)
