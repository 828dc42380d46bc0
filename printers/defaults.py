"""How long a printer gets, in seconds: the defaults of open_printer and `hallq printer`.

A module of its own so that the command line can show them in its help without importing
the printer machinery (python-escpos, Pillow, qrcode) while it builds the parser.
"""
from __future__ import annotations

#: a whole print job, from connecting to the last byte sent (seconds)
DEFAULT_TIMEOUT = 10.0
#: one DLE EOT status answer (seconds); a printer that is slower is reported "status unknown"
DEFAULT_STATUS_TIMEOUT = 1.0
#: opening the connection or device (seconds)
DEFAULT_CONNECT_TIMEOUT = 3.0
#: `hallq printer status`: the whole status read (seconds)
STATUS_COMMAND_TIMEOUT = 5.0
