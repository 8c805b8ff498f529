"""Listen for HL7 v2 ORU^R01 messages over MLLP (the hospital integration engine's live feed) and
screen each one, answering every message with an ACK (AA accepted, AE refused with the reason,
AR unreadable).

    python manage.py listen_mllp --site CODE [--host 127.0.0.1] [--port 2575]

MLLP framing: <VT> message <FS><CR> (HL7 v2 Minimal Lower Layer Protocol). Each connection is
served in its own thread; the database's unique constraint makes a resent message harmless.
"""
import logging
import socketserver

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connections
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from fls.models import Site

from ...intake import hl7_message_receive

logger = logging.getLogger(__name__)

START, END = b"\x0b", b"\x1c\x0d"
MAX_MESSAGE_BYTES = 5 * 1024 * 1024


def frame(message: str) -> bytes:
    return START + message.encode("utf-8") + END


class MLLPHandler(socketserver.BaseRequestHandler):
    def handle(self):
        buffer = b""
        self.request.settimeout(self.server.idle_timeout)
        while True:
            try:
                chunk = self.request.recv(65536)
            except (TimeoutError, OSError):
                return
            if not chunk:
                return
            buffer += chunk
            if len(buffer) > MAX_MESSAGE_BYTES:
                logger.warning("MLLP: message over %s bytes, connection closed", MAX_MESSAGE_BYTES)
                return
            while END in buffer:
                raw, buffer = buffer.split(END, 1)
                start = raw.find(START)
                message = raw[start + 1:] if start >= 0 else raw
                self.request.sendall(frame(self.server.receive(message.decode("utf-8", errors="replace"))))


    def finish(self):
        # Each connection has its own thread and so its own database connection: close it with it.
        connections.close_all()


class MLLPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, *, site, idle_timeout: float = 300):
        self.site = site
        self.idle_timeout = idle_timeout
        super().__init__(address, MLLPHandler)

    def receive(self, message: str) -> str:
        close_old_connections()
        try:
            ack, batch = hl7_message_receive(site=self.site, message_text=message)
        finally:
            close_old_connections()
        return ack


class Command(BaseCommand):
    help = gettext_noop("Receive HL7 ORU^R01 messages over MLLP and screen them for fragility fractures.")

    def add_arguments(self, parser):
        parser.description = _(self.help)  # in the language active when the help is shown
        parser.add_argument("--site", required=True, help=gettext_lazy("The site whose reports this feed carries."))
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=2575)

    def handle(self, *args, site, host, port, **options):
        site_obj = Site.objects.filter(code=site, is_active=True).first()
        if site_obj is None:
            raise CommandError(_("No active site has the code %(code)s.") % {"code": repr(site)})
        with MLLPServer((host, port), site=site_obj) as server:
            self.stdout.write(_("Listening for HL7 over MLLP on %(host)s:%(port)s for site %(site)s.")
                              % {"host": host, "port": server.server_address[1], "site": site})
            self.stdout.flush()
            try:
                server.serve_forever(poll_interval=0.2)
            except KeyboardInterrupt:
                pass
