"""How bytes reach a printer: one small class per transport, each wrapping the
python-escpos printer class where there is one (Network, Serial, File, Usb).

Transports are blocking and run in a worker thread (printers.printer runs them with a
deadline). They add what python-escpos does not do: timeouts on every step, DLE EOT
status reads that give up after a short time, and an `abort()` that another thread
can call to unblock a hung write.
"""
from __future__ import annotations

import logging
import socket
import subprocess
import time
from dataclasses import dataclass, field

from escpos.exceptions import DeviceNotFoundError

from hallq.printers.status import QUERIES, PrinterStatus, dle_eot, parse_answers, valid_answer

log = logging.getLogger("hallq.printers")


class TransportError(Exception):
    """A printer could not be reached or written to. `reason` is a code:
    unreachable | timeout | io_error | unsupported."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass
class Target:
    """A parsed printer URL (see printers.urls)."""

    url: str
    scheme: str  # tcp | serial | usb | file | cups | preview
    host: str = ""
    port: int = 9100
    path: str = ""  # device path, CUPS queue or preview folder
    vid: int = 0
    pid: int = 0
    options: dict[str, str] = field(default_factory=dict)


def _last_line(exc: BaseException) -> str:
    """The useful part of an error: python-escpos wraps the OSError in a message."""
    if exc.__cause__ is None and isinstance(exc.__context__, (OSError, ValueError)):
        exc = exc.__context__
    text = str(exc).strip().splitlines()
    return text[-1].strip() if text else type(exc).__name__


class Transport:
    """Base class. A transport is used for one job: open, (query), write, close."""

    can_status = False

    def __init__(self, target: Target) -> None:
        self.target = target
        self.aborted = False

    def open(self, timeout: float) -> None:
        raise NotImplementedError

    def query(self, n: int, timeout: float) -> int | None:
        """Send DLE EOT n and return the answer byte, or None if none came in time."""
        return None

    def write(self, data: bytes, timeout: float) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def abort(self) -> None:
        """Called from another thread when the job ran out of time: unblock it."""
        self.aborted = True

    def read_status(self, timeout: float) -> PrinterStatus:
        """Ask DLE EOT 1, 2 and 4; each answer must come within `timeout` seconds."""
        if not self.can_status:
            return PrinterStatus(detail="this connection cannot report status")
        answers: dict[int, int] = {}
        for n in QUERIES:
            b = self.query(n, timeout)
            if b is None:
                break
            answers[n] = b
        if not answers:
            return PrinterStatus(detail=f"no answer to DLE EOT within {timeout:g} s")
        return parse_answers(answers)


class TcpTransport(Transport):
    """Raw TCP (port 9100), through escpos.printer.Network."""

    can_status = True

    def __init__(self, target: Target) -> None:
        super().__init__(target)
        self.printer = None
        self.sock: socket.socket | None = None

    def open(self, timeout: float) -> None:
        from escpos.printer import Network

        self.printer = Network(self.target.host, self.target.port, timeout=timeout)
        try:
            self.printer.open()
        except DeviceNotFoundError as exc:
            raise TransportError("unreachable", _last_line(exc)) from exc
        self.sock = self.printer.device

    def query(self, n: int, timeout: float) -> int | None:
        assert self.sock
        deadline = time.monotonic() + timeout
        try:
            self.sock.settimeout(timeout)
            self.sock.sendall(dle_eot(n))
            while (left := deadline - time.monotonic()) > 0:
                self.sock.settimeout(left)
                data = self.sock.recv(16)
                if not data:
                    raise TransportError("io_error", "the printer closed the connection")
                for b in data:  # skip anything else it sent (e.g. automatic status back)
                    if valid_answer(b):
                        return b
        except TimeoutError:
            return None
        except OSError as exc:
            raise TransportError("io_error", _last_line(exc)) from exc
        return None

    def write(self, data: bytes, timeout: float) -> None:
        assert self.sock and self.printer
        try:
            self.sock.settimeout(timeout)
            self.printer._raw(data)
            # FIN after the data; the printer reads everything before it sees the end
            self.sock.shutdown(socket.SHUT_WR)
        except TimeoutError as exc:
            raise TransportError("timeout", f"sending did not finish within {timeout:g} s") from exc
        except OSError as exc:
            raise TransportError("io_error", _last_line(exc)) from exc

    def close(self) -> None:
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
        self.aborted = True
        sock = self.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class SerialTransport(Transport):
    """A serial line (or ser2net/pty), through escpos.printer.Serial."""

    can_status = True

    def __init__(self, target: Target) -> None:
        super().__init__(target)
        self.printer = None
        self.ser = None

    def open(self, timeout: float) -> None:
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
            raise TransportError("unreachable", _last_line(exc)) from exc
        self.ser = self.printer.device
        if _flag(o.get("rtscts", "0")):
            self.ser.rtscts = True

    def query(self, n: int, timeout: float) -> int | None:
        import serial

        assert self.ser
        deadline = time.monotonic() + timeout
        try:
            self.ser.reset_input_buffer()
            self.ser.write_timeout = timeout
            self.ser.write(dle_eot(n))
            while (left := deadline - time.monotonic()) > 0:
                self.ser.timeout = left
                data = self.ser.read(1)
                if data and valid_answer(data[0]):
                    return data[0]
        except serial.SerialTimeoutException:
            return None
        except (serial.SerialException, OSError) as exc:
            raise TransportError("io_error", _last_line(exc)) from exc
        return None

    def write(self, data: bytes, timeout: float) -> None:
        import serial

        assert self.ser and self.printer
        try:
            self.ser.write_timeout = timeout
            self.printer._raw(data)
            self.ser.flush()  # wait until the bytes are on the wire
        except serial.SerialTimeoutException as exc:
            raise TransportError("timeout", f"sending did not finish within {timeout:g} s (flow control holding?)") from exc
        except (serial.SerialException, OSError) as exc:
            raise TransportError("io_error", _last_line(exc)) from exc

    def close(self) -> None:
        ser, self.ser = self.ser, None
        if self.printer is not None:
            self.printer._device = False
        if ser is not None:
            try:
                ser.close()
            except Exception:  # noqa: BLE001 - closing is best effort
                pass

    def abort(self) -> None:
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
        self.printer = None

    def open(self, timeout: float) -> None:
        from escpos.printer import File

        printer = self.printer = File(self.target.path)
        try:
            printer.open()  # may block (a FIFO without reader, a stuck lp device)
        except DeviceNotFoundError as exc:
            raise TransportError("unreachable", _last_line(exc)) from exc
        if self.aborted:  # the caller gave up while we were blocked
            printer.close()
            raise TransportError("timeout", "opening the device took too long")

    def write(self, data: bytes, timeout: float) -> None:
        assert self.printer
        try:
            self.printer._raw(data)
        except OSError as exc:
            raise TransportError("io_error", _last_line(exc)) from exc

    def close(self) -> None:
        if self.printer is not None:
            try:
                self.printer.close()
            except OSError:
                pass
            self.printer = None

    def abort(self) -> None:
        self.aborted = True


class UsbTransport(Transport):
    """USB (vendor:product), through escpos.printer.Usb; needs pyusb."""

    can_status = True

    def __init__(self, target: Target) -> None:
        super().__init__(target)
        self.printer = None

    def open(self, timeout: float) -> None:
        from escpos.printer import Usb
        from escpos.printer.usb import is_usable

        if not is_usable():
            raise TransportError("unsupported", "usb:// printers need the pyusb package, which is not installed")
        o = self.target.options
        self.printer = Usb(
            self.target.vid,
            self.target.pid,
            timeout=int(timeout * 1000),
            in_ep=int(o.get("in_ep", "0x82"), 0),
            out_ep=int(o.get("out_ep", "0x01"), 0),
        )
        try:
            self.printer.open()
        except DeviceNotFoundError as exc:
            raise TransportError("unreachable", _last_line(exc)) from exc

    def query(self, n: int, timeout: float) -> int | None:
        assert self.printer
        dev = self.printer.device
        try:
            dev.write(self.printer.out_ep, dle_eot(n), int(timeout * 1000))
            data = dev.read(self.printer.in_ep, 16, int(timeout * 1000))
        except Exception:  # noqa: BLE001 - pyusb raises USBTimeoutError/USBError
            return None
        for b in data:
            if valid_answer(b):
                return b
        return None

    def write(self, data: bytes, timeout: float) -> None:
        assert self.printer
        try:
            self.printer.device.write(self.printer.out_ep, data, int(timeout * 1000))
        except Exception as exc:  # noqa: BLE001
            raise TransportError("io_error", _last_line(exc)) from exc

    def close(self) -> None:
        if self.printer is not None:
            try:
                self.printer.close()
            except Exception:  # noqa: BLE001
                pass
            self.printer = None


class CupsTransport(Transport):
    """A CUPS queue in raw mode (`lp -d QUEUE -o raw`). No status."""

    def open(self, timeout: float) -> None:
        pass

    def write(self, data: bytes, timeout: float) -> None:
        cmd = ["lp", "-d", self.target.path, "-o", "raw", "-t", "hallq slip"]
        try:
            proc = subprocess.run(cmd, input=data, capture_output=True, timeout=timeout)
        except FileNotFoundError as exc:
            raise TransportError("unsupported", "cups:// printers need the CUPS client (lp), which is not installed") from exc
        except subprocess.TimeoutExpired as exc:
            raise TransportError("timeout", f"lp did not finish within {timeout:g} s") from exc
        if proc.returncode != 0:
            err = proc.stderr.decode("utf-8", "replace").strip() or f"lp exited with {proc.returncode}"
            raise TransportError("io_error", err.splitlines()[-1])


def _flag(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


TRANSPORTS: dict[str, type[Transport]] = {
    "tcp": TcpTransport,
    "serial": SerialTransport,
    "file": FileTransport,
    "usb": UsbTransport,
    "cups": CupsTransport,
}
