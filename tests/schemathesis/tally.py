"""Adds up a Schemathesis NDJSON report: requests sent, checks run and failed, statuses."""

import collections
import json
import sys

requests = 0
checks = collections.Counter()
failed = collections.Counter()
statuses = collections.Counter()
with open(sys.argv[1], encoding="utf-8") as events:
    for line in events:
        event = json.loads(line)
        finished = event.get("ScenarioFinished")
        if not finished:
            continue
        recorder = finished["recorder"]
        for interaction in recorder.get("interactions", {}).values():
            requests += 1
            response = interaction.get("response")
            statuses[response["status_code"] if response else "no answer"] += 1
        for results in recorder.get("checks", {}).values():
            for result in results:
                checks[result["status"]] += 1
                if result["status"] == "failure":
                    failed[result["name"]] += 1

print(
    f"schemathesis: {requests} requests recorded, {sum(checks.values())} checks run "
    f"({', '.join(f'{n} {status}' for status, n in sorted(checks.items()))})"
    + (f"; failed: {', '.join(f'{n} {name}' for name, n in failed.most_common())}" if failed else "")
)
print("statuses: " + ", ".join(f"{code} x{n}" for code, n in sorted(statuses.items(), key=lambda kv: str(kv[0]))))
