"""Serves capture-page.html and stores each SDP the page POSTs to /sdp/<name> as <out>/<name>.sdp.

One-off fixture capture tool (see README.md); binds 127.0.0.1 only.
Usage: python3 capture_server.py <port-file> <out-dir>   (picks a free port, writes it to port-file)
"""
import http.server
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[2]


class CaptureHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=HERE, **kwargs)

    def do_POST(self):
        name = os.path.basename(self.path)
        if not re.fullmatch(r"[a-z0-9-]+", name):
            self.send_error(400)
            return
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with open(os.path.join(OUT, name + ".sdp"), "wb") as f:
            f.write(body)  # byte for byte: keeps the browser's CRLF line ends
        self.send_response(204)
        self.end_headers()

    def log_message(self, fmt, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CaptureHandler)
with open(sys.argv[1], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
