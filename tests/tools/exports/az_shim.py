"""The `az` the exported script runs: the real Azure CLI (azure.cli's
__main__, so argument parsing, @file expansion and `az rest` all run as
shipped) with only the network and the sign-in replaced.

Why below send_raw_request rather than instead of it: send_raw_request is
where az itself reads the --url and --body it was given (prefixes the ARM
host, normalises the URL, substitutes a literal {subscriptionId}, parses
the body as JSON, or Python literal, and re-serialises it). Replacing it
would skip those parsers, so the fake is the HTTP send underneath, and each
request is logged as it would leave the machine.

Sign-in: with an empty AZURE_CONFIG_DIR, send_raw_request asks
Profile.get_raw_token for a bearer token and that fails with "Please run
'az login'". It is replaced by a fake token; nothing else asks for one on
this path. A literal {subscriptionId} in a URL would still need a signed-in
subscription, and fails, as it would for a user."""

import json
import os
import runpy
import sys

import requests
import azure.cli.core.util
from azure.cli.core._profile import Profile

LOG = os.environ["EXPORT_CHECK_AZ_LOG"]


def log(entry):
    with open(LOG, "a", encoding="utf-8") as f:
        f.write(json.dumps(entry) + "\n")


def fake_send(self, request, **kwargs):
    body = request.body
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    log({"method": request.method, "url": request.url, "body": body})
    response = requests.Response()
    response.status_code = 200
    response._content = b""
    response.request = request
    response.url = request.url
    return response


def fake_token(self, resource=None, scopes=None, subscription=None, tenant=None, **_):
    return ("Bearer", "not-a-token", {}), subscription, tenant


log({"argv": sys.argv[1:]})
requests.Session.send = fake_send
Profile.get_raw_token = fake_token
# On a first run (an empty AZURE_CONFIG_DIR) az fetches the latest version
# numbers from azcliprod.blob.core.windows.net: not part of `az rest`, and
# those requests would be mistaken for the script's.
azure.cli.core.util.handle_version_update = lambda: None
sys.argv[0] = "az"
runpy.run_module("azure.cli", run_name="__main__", alter_sys=True)
