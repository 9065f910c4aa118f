"""Apache httpd with mod_rewrite on a loopback port, playing w3id.org and a file host.

The release's w3id/.htaccess goes where w3id.org puts it (a folder `pzgraph/` with
AllowOverride All, as in https://github.com/perma-id/w3id.org), the release folder under the
path of its --download-url; `follow` walks a redirect chain hop by hop, sending every https
address of those two hosts to this Apache instead. Debian's apache2-bin
(scripts/install-system-packages.sh); no service is installed or started.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

APACHE = Path("/usr/sbin/apache2")
MODULES = Path("/usr/lib/apache2/modules")
TYPES = {".html": "text/html", ".ttl": "text/turtle", ".jsonld": "application/ld+json",
         ".nt": "application/n-triples", ".nq": "application/n-quads",
         ".trig": "application/trig", ".rdf": "application/rdf+xml"}
CONFIG = """ServerRoot "{root}"
Listen 127.0.0.1:{port}
PidFile {root}/httpd.pid
ServerName 127.0.0.1
{user}
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule rewrite_module {modules}/mod_rewrite.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule headers_module {modules}/mod_headers.so
ErrorLog {root}/error.log
DocumentRoot "{root}/www"
<Directory "{root}/www">
  AllowOverride All
  Require all granted
</Directory>
TypesConfig {root}/mime.types
{types}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def apache(release: Path, base: str, download_url: str) -> Iterator[tuple[str, dict[str, str]]]:
    """(local origin, {published prefix: local prefix}) while Apache serves the release."""
    port = free_port()
    # a folder the server's user can read (a root-run Apache serves as nobody); the release
    # is hard-linked into it, not copied
    root = Path(tempfile.mkdtemp(prefix="pzgraph-apache-"))
    os.chmod(root, 0o755)
    try:
        origin = f"http://127.0.0.1:{port}"
        at_base, at_files = urllib.parse.urlsplit(base), urllib.parse.urlsplit(download_url)
        rules = root / "www" / at_base.path.strip("/")
        rules.mkdir(parents=True)
        shutil.copy(release / "w3id" / ".htaccess", rules / ".htaccess")
        files = root / "www" / at_files.netloc / at_files.path.strip("/")
        files.parent.mkdir(parents=True)
        shutil.copytree(release, files, copy_function=os.link)
        for folder, _, _ in os.walk(root):
            os.chmod(folder, 0o755)
        user = "User nobody\nGroup nogroup" if os.geteuid() == 0 else ""
        types = "\n".join(f"AddType {media} {suffix}" for suffix, media in TYPES.items())
        (root / "mime.types").write_text("")  # the types are the AddType lines
        (root / "httpd.conf").write_text(CONFIG.format(root=root, port=port, user=user,
                                                       modules=MODULES, types=types))
        server = subprocess.Popen([str(APACHE), "-f", str(root / "httpd.conf"), "-DFOREGROUND"],
                                  stderr=subprocess.PIPE)
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    assert server.poll() is None, (server.stderr.read()  # type: ignore[union-attr]
                                                   + (root / "error.log").read_bytes())
                    time.sleep(0.1)
            yield origin, {f"{at_base.scheme}://{at_base.netloc}/": f"{origin}/",
                           f"{at_files.scheme}://{at_files.netloc}/":
                               f"{origin}/{at_files.netloc}/"}
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def follow(address: str, accept: str, hosts: dict[str, str], hops: int = 5
           ) -> tuple[list[tuple[int, str]], str, bytes]:
    """The chain of (status, address) from `address` to its end, the end's content type and
    body; every address under a key of `hosts` is asked of the local server instead."""
    chain: list[tuple[int, str]] = []
    for _ in range(hops):
        local = next((address.replace(published, here, 1) for published, here in hosts.items()
                      if address.startswith(published)), None)
        assert local is not None, f"the chain leaves the stand-ins at {address}: {chain}"
        parts = urllib.parse.urlsplit(local)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""),
                               headers={"Accept": accept})
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        chain.append((response.status, address))
        if response.status not in (301, 302, 303, 307, 308):
            return chain, response.getheader("Content-Type", ""), body
        address = urllib.parse.urljoin(address, response.getheader("Location", ""))
    raise AssertionError(f"more than {hops} redirects: {chain}")
