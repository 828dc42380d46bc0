"""How bytes reach a printer: one small class per transport, each wrapping the
python-escpos printer class where there is one (Network, Serial, File, Usb).

Transports are blocking and run in a worker thread (printers.printer runs them with a
deadline). They add what python-escpos does not do: timeouts on every step, DLE EOT
status reads that give up after a short time, and an `abort()` that another thread
can call to unblock a hung write. They raise the transport errors of printers.errors
(PrinterUnreachable, PrinterTimeout, PrinterIOError, PrinterUnsupported), which
printers.printer turns into a PrintResult.

python-escpos ships no type information, so the escpos objects kept here are typed Any.
"""
from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import time
from abc import ABC, abstractmethod
from typing import Any, ClassVar

from hallq.printers._escpos import DeviceNotFoundError
from hallq.printers.errors import (
    PrinterIOError,
    PrinterTimeout,
    PrinterUnreachable,
    PrinterUnsupported,
    TransportError,
)
from hallq.printers.status import NOT_A_PRINTER, QUERIES, PrinterStatus, dle_eot, parse_answers, valid_answer
from hallq.printers.urls import Target

__all__ = ["TRANSPORTS", "CupsTransport", "FileTransport", "SerialTransport", "Target", "TcpTransport", "Transport",
           "TransportError", "UsbTransport"]

log = logging.getLogger("hallq.printers")


def _last_line(exc: BaseException) -> str:
    """The useful part of an error: python-escpos wraps the OSError in a message."""
    if exc.__cause__ is None and isinstance(exc.__context__, (OSError, ValueError)):
        exc = exc.__context__
    text = str(exc).strip().splitlines()
    return text[-1].strip() if text else type(exc).__name__


class Transport(ABC):
    """One way to a printer, used for one job: open, (query), write, close.

    Args:
        target: the parsed printer URL.

    Attributes:
        can_status: the transport can read the printer's answers to DLE EOT.
        target: the parsed printer URL.
        aborted: abort() was called: the job ran out of time.
        junk: bytes read back that are no answer to the DLE EOT asked (a printer sends
            none: they mean the peer is not an ESC/POS printer, or a wrong baud rate).
    """

    can_status: ClassVar[bool] = False

    def __init__(self, target: Target) -> None:
        self.target = target
        self.aborted = False
        self.junk = bytearray()

    def _answer_in(self, data: bytes, n: int) -> int | None:
        """The first byte of `data` that answers DLE EOT n; every other byte is junk (a
        printer answers each query with one byte)."""
        for i, b in enumerate(data):
            if valid_answer(b, n):
                self.junk.extend(data[:i] + data[i + 1:])
                return b
        self.junk.extend(data)
        return None

    @classmethod
    def is_usable(cls) -> bool:
        """Whether this machine has what the transport needs (an optional package, a command).

        Returns:
            True unless a dependency is missing.
        """
        return True

    @abstractmethod
    def open(self, timeout: float) -> None:
        """Connect to the printer or open its device.

        Args:
            timeout: seconds to wait for the connection.

        Raises:
            PrinterUnreachable: no such host, device or queue, or it refused.
            PrinterTimeout: opening took longer than `timeout`.
            PrinterUnsupported: a dependency of the transport is missing.
        """

    def query(self, n: int, timeout: float) -> int | None:
        """Send DLE EOT n and read the answer byte.

        Args:
            n: which status (1 printer, 2 offline cause, 4 roll paper sensor).
            timeout: seconds to wait for the answer.

        Returns:
            The answer byte, or None if no valid answer came in time (or the transport
            cannot read answers).

        Raises:
            PrinterIOError: the connection failed while asking.
        """
        return None

    @abstractmethod
    def write(self, data: bytes, timeout: float) -> None:
        """Send a job's bytes, and wait until they have left this machine.

        Args:
            data: the ESC/POS bytes.
            timeout: seconds the sending may take.

        Raises:
            PrinterTimeout: sending did not finish within `timeout`.
            PrinterIOError: sending failed.
            PrinterUnsupported: a dependency of the transport is missing.
        """

    def close(self) -> None:  # noqa: B027 - optional: a transport with nothing to close keeps this one
        """Close the connection or device; never raises."""

    def abort(self) -> None:
        """Unblock a hung open, query or write; called from another thread when the job
        ran out of time. Never raises."""
        self.aborted = True

    def read_status(self, timeout: float) -> PrinterStatus:
        """Ask DLE EOT 1, 2 and 4 (printers.status), stopping at the first unanswered one.

        Args:
            timeout: seconds to wait for each answer.

        Returns:
            The status; unknown (online None) with a detail saying why when the
            transport cannot read answers or the first query got none.

        Raises:
            PrinterIOError: the connection failed while asking.
        """
        if not self.can_status:
            return PrinterStatus(detail="this connection cannot report status")
        self.junk.clear()
        answers: dict[int, int] = {}
        for n in QUERIES:
            b = self.query(n, timeout)
            if b is None:
                break
            answers[n] = b
        if self.junk:  # text, or noise: whatever else it said, its status bytes cannot be trusted
            return PrinterStatus(detail=NOT_A_PRINTER.format(sample=bytes(self.junk[:24])))
        if not answers:
            return PrinterStatus(detail=f"no answer to DLE EOT within {timeout:g} s")
        return parse_answers(answers)


class TcpTransport(Transport):
    """Raw TCP (port 9100), through escpos.printer.Network. Reads status."""

    can_status = True

    def __init__(self, target: Target) -> None:
        super().__init__(target)
        self.printer: Any = None  # escpos.printer.Network
        self.sock: socket.socket | None = None

    def open(self, timeout: float) -> None:
        """Connect to host:port (see Transport.open)."""
        from escpos.printer import Network

        self.printer = Network(self.target.host, self.target.port, timeout=timeout)
        try:
            self.printer.open()
        except DeviceNotFoundError as exc:
            raise PrinterUnreachable(_last_line(exc)) from exc
        self.sock = self.printer.device

    def query(self, n: int, timeout: float) -> int | None:
        """Send DLE EOT n; skip anything else the printer sends (see Transport.query)."""
        assert self.sock
        deadline = time.monotonic() + timeout
        try:
            self.sock.settimeout(timeout)
            self.sock.sendall(dle_eot(n))
            while (left := deadline - time.monotonic()) > 0:
                self.sock.settimeout(left)
                data = self.sock.recv(16)
                if not data:
                    raise PrinterIOError("the printer closed the connection")
                answer = self._answer_in(data, n)
                if answer is not None:
                    return answer
        except TimeoutError:
            return None
        except OSError as exc:
            raise PrinterIOError(_last_line(exc)) from exc
        return None

    def write(self, data: bytes, timeout: float) -> None:
        """Send the bytes, then end the stream (FIN) (see Transport.write)."""
        assert self.sock and self.printer
        try:
            self.sock.settimeout(timeout)
            self.printer._raw(data)
            # FIN after the data; the printer reads everything before it sees the end
            self.sock.shutdown(socket.SHUT_WR)
        except TimeoutError as exc:
            raise PrinterTimeout(f"sending did not finish within {timeout:g} s") from exc
        except OSError as exc:
            raise PrinterIOError(_last_line(exc)) from exc

    def close(self) -> None:
        """Close the socket after reading what is left for at most 0.5 s, so that the
        printer reads the whole slip before the connection ends."""
        sock, self.sock = self.sock, None
        if self.printer is not None:
            self.printer._device = False  # we close the socket ourselves
        if sock is None:
            return
        try:
            # say we are done, then read what is left (late status answers) so that
            # close() does not reset the connection before the printer has read the
            # slip; bounded.
            try:
                sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            sock.settimeout(0.5)
            deadline = time.monotonic() + 0.5
            while time.monotonic() < deadline and sock.recv(256):
                pass
        except OSError:
            pass
        sock.close()

    def abort(self) -> None:
        """Shut the socket down both ways (see Transport.abort)."""
        self.aborted = True
        sock = self.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class SerialTransport(Transport):
    """A serial line (or ser2net/pty), through escpos.printer.Serial. Reads status.

    URL options: baudrate (default 9600), bytesize, parity, stopbits, and flow control
    rtscts, xonxoff or dsrdtr (1/0).
    """

    can_status = True

    def __init__(self, target: Target) -> None:
        super().__init__(target)
        self.printer: Any = None  # escpos.printer.Serial
        self.ser: Any = None  # its serial.Serial

    def open(self, timeout: float) -> None:
        """Open the serial device with the URL's line settings (see Transport.open)."""
        from escpos.printer import Serial

        o = self.target.options
        self.printer = Serial(
            devfile=self.target.path,
            baudrate=int(o.get("baudrate", 9600)),
            bytesize=int(o.get("bytesize", 8)),
            parity=o.get("parity", "N"),
            stopbits=float(o["stopbits"]) if "stopbits" in o else None,
            timeout=timeout,
            xonxoff=_flag(o.get("xonxoff", "0")),
            dsrdtr=_flag(o.get("dsrdtr", "0")),
        )
        try:
            self.printer.open()
        except DeviceNotFoundError as exc:
            raise PrinterUnreachable(_last_line(exc)) from exc
        self.ser = self.printer.device
        if _flag(o.get("rtscts", "0")):
            self.ser.rtscts = True

    def query(self, n: int, timeout: float) -> int | None:
        """Send DLE EOT n after dropping unread input (see Transport.query)."""
        import serial

        assert self.ser
        deadline = time.monotonic() + timeout
        try:
            self.ser.reset_input_buffer()
            self.ser.write_timeout = timeout
            self.ser.write(dle_eot(n))
            while (left := deadline - time.monotonic()) > 0:
                self.ser.timeout = left
                answer = self._answer_in(self.ser.read(1), n)
                if answer is not None:
                    return answer
        except serial.SerialTimeoutException:
            return None
        except (serial.SerialException, OSError) as exc:
            raise PrinterIOError(_last_line(exc)) from exc
        return None

    def write(self, data: bytes, timeout: float) -> None:
        """Send the bytes and wait until they are on the wire (see Transport.write); flow
        control holding the line longer than `timeout` is a PrinterTimeout."""
        import serial

        assert self.ser and self.printer
        try:
            self.ser.write_timeout = timeout
            self.printer._raw(data)
            self.ser.flush()  # wait until the bytes are on the wire
        except serial.SerialTimeoutException as exc:
            raise PrinterTimeout(f"sending did not finish within {timeout:g} s (flow control holding?)") from exc
        except (serial.SerialException, OSError) as exc:
            raise PrinterIOError(_last_line(exc)) from exc

    def close(self) -> None:
        """Close the serial device (see Transport.close)."""
        ser, self.ser = self.ser, None
        if self.printer is not None:
            self.printer._device = False
        if ser is not None:
            try:
                ser.close()
            except Exception:  # noqa: BLE001 - closing is best effort
                pass

    def abort(self) -> None:
        """Cancel a blocked read or write and drop unsent output (see Transport.abort)."""
        self.aborted = True
        ser = self.ser
        if ser is not None:
            for call in (ser.cancel_write, ser.cancel_read, ser.reset_output_buffer):
                try:
                    call()
                except Exception:  # noqa: BLE001
                    pass


class FileTransport(Transport):
    """A device file such as /dev/usb/lp0, through escpos.printer.File. No status."""

    def __init__(self, target: Target) -> None:
        super().__init__(target)
        self.printer: Any = None  # escpos.printer.File

    def open(self, timeout: float) -> None:
        """Open the device file (see Transport.open). Opening may block (a FIFO without a
        reader, a stuck lp device); if the job was aborted meanwhile it is a PrinterTimeout."""
        from escpos.printer import File

        printer = self.printer = File(self.target.path)
        try:
            printer.open()  # may block (a FIFO without reader, a stuck lp device)
        except DeviceNotFoundError as exc:
            raise PrinterUnreachable(_last_line(exc)) from exc
        if self.aborted:  # the caller gave up while we were blocked
            printer.close()
            raise PrinterTimeout("opening the device took too long")

    def write(self, data: bytes, timeout: float) -> None:
        """Write the bytes to the device (see Transport.write); the OS decides how long."""
        assert self.printer
        try:
            self.printer._raw(data)
        except OSError as exc:
            raise PrinterIOError(_last_line(exc)) from exc

    def close(self) -> None:
        """Close the device file (see Transport.close)."""
        if self.printer is not None:
            try:
                self.printer.close()
            except OSError:
                pass
            self.printer = None


#: why a usb:// printer cannot be opened on a machine without the libusb library
NO_LIBUSB = ("usb:// printers need the libusb library, which this machine lacks:"
             " install the Debian package libusb-1.0-0 (apt-get install libusb-1.0-0)")


class UsbTransport(Transport):
    """USB (vendor:product), through escpos.printer.Usb; needs pyusb. Reads status.

    URL options: in_ep (default 0x82) and out_ep (default 0x01), the bulk endpoints.
    """

    can_status = True

    def __init__(self, target: Target) -> None:
        super().__init__(target)
        self.printer: Any = None  # escpos.printer.Usb

    @classmethod
    def is_usable(cls) -> bool:
        """Whether pyusb is installed (see Transport.is_usable)."""
        from escpos.printer.usb import is_usable

        usable: bool = is_usable()
        return usable

    def open(self, timeout: float) -> None:
        """Claim the USB device vid:pid (see Transport.open)."""
        from escpos.printer import Usb

        if not self.is_usable():
            raise PrinterUnsupported("usb:// printers need the pyusb package, which is not installed")
        o = self.target.options
        self.printer = Usb(
            self.target.vid,
            self.target.pid,
            timeout=int(timeout * 1000),
            in_ep=int(o.get("in_ep", "0x82"), 0),
            out_ep=int(o.get("out_ep", "0x01"), 0),
        )
        import usb.core  # type: ignore[import-untyped]

        try:
            self.printer.open()
        except DeviceNotFoundError as exc:
            raise PrinterUnreachable(_last_line(exc)) from exc
        except usb.core.NoBackendError as exc:
            raise PrinterUnsupported(NO_LIBUSB) from exc

    def query(self, n: int, timeout: float) -> int | None:
        """Send DLE EOT n on the out endpoint, read the in endpoint (see Transport.query);
        any USB error counts as no answer."""
        assert self.printer
        dev = self.printer.device
        try:
            dev.write(self.printer.out_ep, dle_eot(n), int(timeout * 1000))
            data = dev.read(self.printer.in_ep, 16, int(timeout * 1000))
        except Exception:  # noqa: BLE001 - pyusb raises USBTimeoutError/USBError
            return None
        return self._answer_in(bytes(data), n)

    def write(self, data: bytes, timeout: float) -> None:
        """Send the bytes on the out endpoint (see Transport.write)."""
        assert self.printer
        try:
            self.printer.device.write(self.printer.out_ep, data, int(timeout * 1000))
        except Exception as exc:  # noqa: BLE001
            raise PrinterIOError(_last_line(exc)) from exc

    def close(self) -> None:
        """Release the USB device (see Transport.close)."""
        if self.printer is not None:
            try:
                self.printer.close()
            except Exception:  # noqa: BLE001
                pass
            self.printer = None


class CupsTransport(Transport):
    """A CUPS queue in raw mode (`lp -d QUEUE -o raw`). No status."""

    @classmethod
    def is_usable(cls) -> bool:
        """Whether the CUPS client (lp) is installed (see Transport.is_usable)."""
        return shutil.which("lp") is not None

    def open(self, timeout: float) -> None:
        """Nothing to open: lp queues the job (see Transport.open)."""

    def write(self, data: bytes, timeout: float) -> None:
        """Hand the bytes to `lp -o raw` and wait for it (see Transport.write).

        Raises:
            PrinterUnsupported: lp is not installed.
            PrinterTimeout: lp did not finish within `timeout`.
            PrinterIOError: lp failed (its last line of error output is the detail).
        """
        cmd = ["lp", "-d", self.target.path, "-o", "raw", "-t", "hallq slip"]
        try:
            proc = subprocess.run(cmd, input=data, capture_output=True, timeout=timeout)
        except FileNotFoundError as exc:
            raise PrinterUnsupported("cups:// printers need the CUPS client (lp), which is not installed") from exc
        except subprocess.TimeoutExpired as exc:
            raise PrinterTimeout(f"lp did not finish within {timeout:g} s") from exc
        if proc.returncode != 0:
            err = proc.stderr.decode("utf-8", "replace").strip() or f"lp exited with {proc.returncode}"
            raise PrinterIOError(err.splitlines()[-1])


def _flag(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


#: the transport class for each URL scheme (preview: is not a transport: printers.preview)
TRANSPORTS: dict[str, type[Transport]] = {
    "tcp": TcpTransport,
    "serial": SerialTransport,
    "file": FileTransport,
    "usb": UsbTransport,
    "cups": CupsTransport,
}
