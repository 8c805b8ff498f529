"""The MLLP listener answers each message with an ACK, over a real TCP socket on loopback."""
import socket
import threading

import pytest

from casefinding.management.commands.listen_mllp import END, START, MLLPServer, frame
from casefinding.models import RadiologyReport

from .conftest import oru_message


def _read_frame(sock) -> str:
    data = b""
    while END not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data.split(END)[0].lstrip(START).decode()


@pytest.mark.django_db(transaction=True)
def test_it_acks_each_message_and_screens_it_once(site_a):
    server = MLLPServer(("127.0.0.1", 0), site=site_a, idle_timeout=5)  # port 0: a free port
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        with socket.create_connection(server.server_address, timeout=10) as sock:
            sock.settimeout(10)
            sock.sendall(frame(oru_message(control="C1")))
            assert "MSA|AA|C1" in _read_frame(sock)
            # Two messages in one send, the second a resend of the first report.
            sock.sendall(frame(oru_message(control="C2", accession="ACC3")) + frame(oru_message(control="C3")))
            assert "MSA|AA|C2" in _read_frame(sock)
            assert "MSA|AA|C3" in _read_frame(sock)
            sock.sendall(frame("not hl7 at all"))
            assert "MSA|AR" in _read_frame(sock)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    assert sorted(RadiologyReport.objects.values_list("accession", flat=True)) == ["ACC2001", "ACC3"]
