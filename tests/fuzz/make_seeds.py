"""Seeds for the dispatcher fuzzers: every method, as a request and as a notification, with
params absent, null, an array, a string, a number, an empty object, and each known field
null or of the wrong type. Usage: make_seeds.py OUT_DIR [session]: with "session", each seed
starts with fuzz_session's byte for "lines" (0)."""
import json
import pathlib
import sys

out = pathlib.Path(sys.argv[1])
prefix = b"\x00" if len(sys.argv) > 2 and sys.argv[2] == "session" else b""
out.mkdir(parents=True, exist_ok=True)

methods = {
    "initialize": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "s", "version": "1"}},
    "ping": {},
    "tools/list": {"cursor": "x"},
    "tools/call": {"name": "search_exercises", "arguments": {"query": "knee"}, "_meta": {"progressToken": 1}},
    "prompts/list": {},
    "prompts/get": {"name": "hep_end_of_visit", "arguments": {"patient_name": "A", "condition": "knee"}},
    "resources/list": {},
    "resources/templates/list": {},
    "resources/read": {"uri": "ptmcp://library/exercises"},
    "completion/complete": {"ref": {"type": "ref/prompt", "name": "hep_end_of_visit"},
                            "argument": {"name": "condition", "value": "kn"}, "context": {"arguments": {}}},
    "logging/setLevel": {"level": "debug"},
    "notifications/initialized": {},
    "notifications/cancelled": {"requestId": 1, "reason": "x"},
    "notifications/progress": {"progressToken": 1, "progress": 1},
    "server/discover": {},
}
wrong = [None, [], [1], "x", 7, 1.5, True, {}]
n = 0


def write(message):
    global n
    n += 1
    (out / f"s{n}").write_bytes(prefix + json.dumps(message).encode())


for method, params in methods.items():
    shapes = [None, "absent"] + wrong + [params]
    for key in params:
        for bad in wrong:
            shapes.append({**params, key: bad})
    for shape in shapes:
        for as_request in (True, False):
            message = {"jsonrpc": "2.0", "method": method}
            if as_request:
                message["id"] = n + 1
            if shape != "absent":
                message["params"] = shape
            write(message)
print(n)
