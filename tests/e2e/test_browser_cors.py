"""A real browser (Debian's chromium, driven by selenium through chromedriver) on a page served from another
origin uses optimistic concurrency cross-origin: create → read ETag → PATCH with If-Match → 412 on the stale tag,
and reads Location, X-Request-ID and RateLimit-* (CORS exposes them). ``make browser-test`` runs only this.

Without chromium and chromedriver the test is skipped, except under CI (``CI=true``), where .ci/run installs them.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from showbay.adapters.http.cors import REQUEST_HEADERS
from tests.e2e.contract_service import ContractService, contract_service  # noqa: F401 - the fixture

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
RATE_LIMIT_HEADERS = ("RateLimit-Policy", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")

# Runs in the page; resolves with what the page could see.
SCENARIO = """
const [api, token, done] = arguments;
const auth = {"Authorization": "Bearer " + token};
const json = {...auth, "Content-Type": "application/json"};
const seen = {};
(async () => {
try {
  const created = await fetch(api + "/api/v1/tasks", {method: "POST", headers: {...json,
      "Idempotency-Key": "browser-" + Date.now(), "X-Request-ID": "browser-create-1"},
      body: JSON.stringify({title: "from the browser"})});
  seen.created = {status: created.status, etag: created.headers.get("ETag"),
      location: created.headers.get("Location"), requestId: created.headers.get("X-Request-ID"),
      rateLimit: Object.fromEntries(%(rate_limit)s.map(h => [h, created.headers.get(h)]))};
  const url = api + seen.created.location;
  const read = await fetch(url, {headers: auth, cache: "no-store"});
  seen.read = {status: read.status, etag: read.headers.get("ETag")};
  const patch = (etag, title) => fetch(url, {method: "PATCH", headers: {...json, "If-Match": etag},
      body: JSON.stringify({title})});
  const patched = await patch(seen.read.etag, "changed in the browser");
  seen.patched = {status: patched.status, etag: patched.headers.get("ETag"), title: (await patched.json()).title};
  const stale = await patch(seen.read.etag, "lost update");
  seen.stale = {status: stale.status, type: stale.headers.get("Content-Type"), code: (await stale.json()).code};
  const removed = await fetch(url, {method: "DELETE", headers: {...auth, "If-Match": seen.patched.etag}});
  seen.deleted = {status: removed.status};
} catch (error) {
  seen.error = String(error);
}
done(seen);
})();
"""


@contextlib.contextmanager
def page_server(port: int) -> Iterator[None]:
    """Serves one blank HTML page on 127.0.0.1:``port`` (the origin CORS allows)."""

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<!doctype html><title>showbay frontend</title><p>cross-origin page</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def headless_chromium() -> Iterator[Any]:
    if not (CHROMIUM and CHROMEDRIVER):
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the browser test: install chromium and chromium-driver (see .ci/run)")
        pytest.skip("chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_script_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()


def test_a_page_on_another_origin_uses_etags_and_reads_the_exposed_headers(
    contract_service: ContractService,  # noqa: F811
) -> None:
    with page_server(contract_service.page_port), headless_chromium() as browser:
        browser.get(contract_service.page_origin + "/")
        script = SCENARIO % {"rate_limit": list(RATE_LIMIT_HEADERS)}
        seen = browser.execute_async_script(script, contract_service.url, contract_service.token)

    assert "error" not in seen, seen
    created = seen["created"]
    assert created["status"] == 201
    assert created["etag"].startswith('"')
    assert created["location"].startswith("/api/v1/tasks/")
    assert created["requestId"] == "browser-create-1"
    assert all(created["rateLimit"][name] for name in RATE_LIMIT_HEADERS), created["rateLimit"]
    assert seen["read"] == {"status": 200, "etag": created["etag"]}
    assert seen["patched"]["status"] == 200
    assert seen["patched"]["etag"] != created["etag"]
    assert seen["patched"]["title"] == "changed in the browser"
    assert seen["stale"] == {"status": 412, "type": "application/problem+json", "code": "precondition_failed"}
    assert seen["deleted"] == {"status": 204}


def test_preflight_allows_every_header_the_api_reads_and_responses_expose_retry_after(
    contract_service: ContractService,  # noqa: F811
) -> None:
    origin = {"Origin": contract_service.page_origin}
    preflight = httpx.options(
        f"{contract_service.url}/api/v1/tasks/1",
        headers={
            **origin,
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": ", ".join(REQUEST_HEADERS),
        },
    )
    assert preflight.status_code == 204
    allowed = {h.strip().lower() for h in preflight.headers["access-control-allow-headers"].split(",")}
    assert {h.lower() for h in REQUEST_HEADERS} <= allowed
    answer = httpx.get(f"{contract_service.url}/api/v1/tasks", headers={**origin, **contract_service.auth})
    exposed = {h.strip().lower() for h in answer.headers["access-control-expose-headers"].split(",")}
    expected = {"etag", "location", "x-request-id", "retry-after", *(h.lower() for h in RATE_LIMIT_HEADERS)}
    assert expected <= exposed
    # Every RateLimit-* header the server sends is exposed.
    assert {name for name in answer.headers if name.startswith("ratelimit-")} <= exposed
