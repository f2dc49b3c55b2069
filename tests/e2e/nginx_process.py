"""Run nginx with the shipped deploy/nginx configuration in front of local replicas, as a test's child process.

Only what differs outside Docker is templated: the upstream's `server` line becomes one line per replica
(same parameters), the `listen` port becomes a free loopback port, and Docker's `resolver` goes (nginx's
`resolve` needs a DNS name, there is none here). Each substitution must match exactly once, so a change of
the shipped file that the test no longer covers fails here instead of passing silently.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import httpx

from tests.redis_server import free_port

SHIPPED_CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "showbay.conf"

_MAIN_CONF = """\
{user}daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log info;
events {{ worker_connections 512; }}
http {{
    log_format upstream '$remote_addr "$request" $status upstream=$upstream_addr upstream_status=$upstream_status';
    access_log {prefix}/access.log upstream;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/showbay.conf;
}}
"""


class NoNginx(RuntimeError):
    pass


def nginx_binary() -> str:
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if binary is None:
        raise NoNginx("no nginx binary (apt-get install nginx; .ci/run does)")
    return binary


def _substitute(pattern: str, replacement: str, text: str) -> str:
    result, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    if count != 1:
        raise AssertionError(f"deploy/nginx/showbay.conf: expected one match of {pattern!r}, found {count}")
    return result


def templated_conf(upstream_ports: list[int], listen_port: int) -> str:
    conf = SHIPPED_CONF.read_text()
    conf = _substitute(r"^resolver .*;\n", "", conf)
    server = re.search(r"^(\s*)server showbay:8000 resolve (.*);$", conf, flags=re.MULTILINE)
    if server is None:
        raise AssertionError("deploy/nginx/showbay.conf: the upstream's `server showbay:8000 resolve ...` is gone")
    indent, parameters = server.groups()
    servers = "\n".join(f"{indent}server 127.0.0.1:{port} {parameters};" for port in upstream_ports)
    conf = _substitute(re.escape(server.group(0)), servers.replace("\\", r"\\"), conf)
    return _substitute(r"^(\s*)listen 8080;$", rf"\g<1>listen 127.0.0.1:{listen_port};", conf)


class NginxProcess:
    def __init__(self, prefix: Path, upstream_ports: list[int]) -> None:
        self.prefix = prefix
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        prefix.mkdir(parents=True, exist_ok=True)
        (prefix / "showbay.conf").write_text(templated_conf(upstream_ports, self.port))
        # As root, nginx's workers would switch to `nobody`, who cannot enter pytest's private tmp dirs.
        user = "user root;\n" if os.geteuid() == 0 else ""
        (prefix / "nginx.conf").write_text(_MAIN_CONF.format(prefix=prefix, user=user))
        command = [nginx_binary(), "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log")]
        check = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
        if check.returncode != 0:
            raise AssertionError(f"nginx -t refused the shipped configuration:\n{check.stderr}")
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait_until_proxying(self, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.process.returncode}:\n{self.error_log()}")
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise TimeoutError(f"nginx did not proxy /health within {timeout}s:\n{self.error_log()}")

    def error_log(self) -> str:
        path = self.prefix / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def access_log(self) -> list[str]:
        path = self.prefix / "access.log"
        return path.read_text(errors="replace").splitlines() if path.exists() else []

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # SIGTERM: nginx's fast shutdown
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
