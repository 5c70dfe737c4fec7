"""Schemathesis hooks of the contract test (scripts/contract-test).

A PATCH or DELETE is refused without the connection's current ETag in If-Match, so a
generated If-Match would only ever reach the 400/412 answers. Before each one whose headers
were generated as valid, this reads the connection and sends its ETag, so the request
reaches the rules and the 200, 204, 409 and 422 answers. One whose If-Match was left out or
made malformed on purpose is sent as generated.
"""

import os
from urllib.parse import quote

import requests
import schemathesis
from schemathesis.core.parameters import ParameterLocation

BASE = os.environ["RDS_CONTRACT_BASE"].rstrip("/")
TOKEN = os.environ["RDS_API_TOKEN"]
SESSION = requests.Session()


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    if case.method.upper() not in ("PATCH", "DELETE") or case.operation.path != "/api/v1/data-sources/{id}":
        return
    if case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER):
        return
    headers = case.headers if case.headers is not None else {}
    if not any(name.lower() == "if-match" for name in headers):
        return
    source_id = str((case.path_parameters or {}).get("id", ""))
    current = SESSION.get(
        f"{BASE}/api/v1/data-sources/{quote(source_id, safe='')}",
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=10,
    )
    etag = current.headers.get("ETag")
    if current.status_code == 200 and etag:
        for name in [n for n in headers if n.lower() == "if-match"]:
            del headers[name]
        headers["If-Match"] = etag
        case.headers = headers
