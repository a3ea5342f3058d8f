"""A static HTTPS server for the update tests, on loopback: what any web
server or object store does for a fleet (ETag, Last-Modified, conditional
requests, byte ranges with If-Range), plus one fault a real network has: a
response cut off after some bytes.

    server.py ROOT CERT KEY PORTFILE LOGFILE

Serves the files of ROOT. A file ROOT/NAME.cut holding a number N makes the
next response for NAME stop after N bytes of body (then the .cut file is
removed). Each request is logged to LOGFILE as one JSON object a line. The
port it listens on is written to PORTFILE once it is ready.
"""
import email.utils
import hashlib
import http.server
import json
import os
import ssl
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def record(self, status, sent):
        entry = {
            "path": self.path,
            "status": status,
            "sent": sent,
            "if_none_match": self.headers.get("If-None-Match"),
            "if_modified_since": self.headers.get("If-Modified-Since"),
            "range": self.headers.get("Range"),
            "if_range": self.headers.get("If-Range"),
        }
        with open(self.server.log_path, "a") as f:
            f.write(json.dumps(entry) + "\n")

    def do_GET(self):
        name = os.path.basename(self.path.split("?")[0])
        path = os.path.join(self.server.root, name)
        if not name or not os.path.isfile(path):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            self.record(404, 0)
            return
        with open(path, "rb") as f:
            data = f.read()
        st = os.stat(path)
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:32]
        modified = email.utils.formatdate(st.st_mtime, usegmt=True)
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        not_modified = (inm == etag) if inm else (ims == modified if ims else False)
        if not_modified:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
            self.end_headers()
            self.record(304, 0)
            return
        start = 0
        status = 200
        rng = self.headers.get("Range")
        if_range = self.headers.get("If-Range")
        if rng and rng.startswith("bytes=") and rng.endswith("-") and (
                if_range is None or if_range in (etag, modified)):
            start = int(rng[6:-1])
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", "bytes */%d" % len(data))
                self.send_header("Content-Length", "0")
                self.end_headers()
                self.record(416, 0)
                return
            status = 206
        body = data[start:]
        cut_path = path + ".cut"
        cut = None
        if os.path.exists(cut_path):
            with open(cut_path) as f:
                cut = int(f.read().strip())
            os.unlink(cut_path)
        self.send_response(status)
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(len(body)))
        if status == 206:
            self.send_header("Content-Range",
                             "bytes %d-%d/%d" % (start, len(data) - 1, len(data)))
        self.end_headers()
        if cut is not None and cut < len(body):
            self.wfile.write(body[:cut])
            self.wfile.flush()
            self.record(status, cut)
            self.close_connection = True
            # drop the connection mid-body, as a network does
            self.connection.shutdown(2)
            return
        self.wfile.write(body)
        self.record(status, len(body))


def main():
    root, cert, key, port_file, log_path = sys.argv[1:6]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.root = root
    server.log_path = log_path
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
