"""A reverse proxy in front of a real MLflow server, for Attest's MLflow failure tests.

    proxy.py --upstream http://127.0.0.1:PORT --port-file FILE
        [--basic-auth USER:PASSWORD] [--fail-path CONTAINS --fail-status CODE]

Forwards every request to the upstream server. With --basic-auth, a request without exactly
those credentials gets 401 (as MLflow's basic-auth app answers). With --fail-path, a request
whose path contains CONTAINS gets CODE (e.g. 503) instead of being forwarded, until the file
FILE.heal exists. Writes the port it listens on to FILE once it accepts connections.
"""

import argparse
import base64
import http.client
import http.server
import os
import sys
import threading
import time
import urllib.parse


def handler(args):
    upstream = urllib.parse.urlsplit(args.upstream)
    expected = "Basic " + base64.b64encode(args.basic_auth.encode()).decode() if args.basic_auth else None

    class Proxy(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def refuse(self, status, text):
            body = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            if expected and self.headers.get("Authorization") != expected:
                return self.refuse(401, "You are not authenticated. Please see the MLflow basic-auth documentation.")
            healed = os.path.exists(args.port_file + ".heal")
            if args.fail_path and args.fail_path in self.path and not healed:
                return self.refuse(args.fail_status, "injected failure")
            connection = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=60)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "authorization", "connection")}
            connection.request(self.command, self.path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            self.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in ("transfer-encoding", "connection", "content-length", "server", "date"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            connection.close()

        do_GET = do_POST = do_PATCH = do_DELETE = forward

    return Proxy


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--basic-auth")
    parser.add_argument("--fail-path")
    parser.add_argument("--fail-status", type=int, default=503)
    args = parser.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler(args))
    parent = os.getppid()

    def watch():  # stop with the process that started it
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()
    with open(args.port_file + ".tmp", "w") as handle:
        handle.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
