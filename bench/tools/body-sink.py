#!/usr/bin/env python3
"""body-sink: an HTTP/1.1 server on 127.0.0.1:PORT that reads each request's body (Content-Length or chunked)
in 64 KiB pieces, never holding it, and answers "SHA256-HEX BYTES\n": the far end of the large request body
check of ./lab bench-lb-l7. Bodies over 64 MiB get 413.
Usage: body-sink.py PORT
"""
import hashlib
import http.server
import sys

PIECE = 64 * 1024
MAX_BODY = 64 * 1024 * 1024


class Sink(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def pieces(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return
                yield from self.read(size)
                self.rfile.readline()
        else:
            yield from self.read(int(self.headers.get("Content-Length", "0")))

    def read(self, left):
        while left:
            piece = self.rfile.read(min(left, PIECE))
            if not piece:
                raise ConnectionError("body ended early")
            left -= len(piece)
            yield piece

    def do_POST(self):
        digest, count = hashlib.sha256(), 0
        for piece in self.pieces():
            count += len(piece)
            if count > MAX_BODY:
                self.answer(413, "body over %d bytes\n" % MAX_BODY)
                self.close_connection = True
                return
            digest.update(piece)
        self.answer(200, "%s %d\n" % (digest.hexdigest(), count))

    do_PUT = do_POST

    def answer(self, status, text):
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
