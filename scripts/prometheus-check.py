"""Waits until Prometheus (argv[1]) has scraped perfattr's series, then checks them against
perfattr's report of the same run (argv[2], `report::full().to_json()`): every counter row has
`perfattr_site_calls_total` (and every clone row `perfattr_clone_calls_total`, labelled with the
CPU) equal to its count, every multiversioned function `perfattr_clone_selected` = 1 on the
clone the report says it runs, every row's `perfattr_flagged` its verdict; and no series that
the report lacks. Exits 1 with the differences."""

import json
import sys
import time
import urllib.parse
import urllib.request

base, report_path, name = sys.argv[1], sys.argv[2], sys.argv[3]
report = json.load(open(report_path))
sites = report["counters"]["sites"]
functions = report["dispatch"]["functions"]
cpu = report["dispatch"]["cpu"]


def query(expression):
    url = f"{base}/api/v1/query?" + urllib.parse.urlencode({"query": expression})
    with urllib.request.urlopen(url, timeout=5) as response:
        answer = json.load(response)
    assert answer["status"] == "success", answer
    return [(r["metric"], float(r["value"][1])) for r in answer["data"]["result"]]


# Until the first scrape is stored (Prometheus starts, then scrapes every second).
while True:
    try:
        if query("perfattr_clone_selected"):
            break
    except OSError:
        pass
    time.sleep(0.5)

problems = []


def compare(metric, expected, keys):
    """`expected`: {label tuple: value}; every series of `metric` must be one of them."""
    got = {tuple(m.get(k, "") for k in keys): v for m, v in query(metric)}
    for labels, value in expected.items():
        if labels not in got:
            problems.append(f"{metric}{labels}: missing (report: {value})")
        elif got[labels] != value:
            problems.append(f"{metric}{labels}: {got[labels]} in Prometheus, {value} in the report")
    for labels in got.keys() - expected.keys():
        problems.append(f"{metric}{labels}: in Prometheus, not in the report")
    return len(got)


calls = {(s["path"], s["kind"], s["location"]): float(s["count"]) for s in sites}
flagged = {(s["path"], s["kind"]): float(s["flagged"]) for s in sites}
clones = {}
for s in sites:
    if s["kind"] == "clone":
        function, clone = s["path"].rsplit(" [", 1)
        clones[(function, clone[:-1], cpu)] = float(s["count"])
selected = {
    (f["name"], f["selected"], f["dispatch"], f["chosen_by"], cpu): 1.0 for f in functions
}

counted = compare("perfattr_site_calls_total", calls, ("path", "kind", "location"))
compare("perfattr_flagged", flagged, ("path", "kind"))
compare("perfattr_clone_calls_total", clones, ("function", "clone", "cpu"))
compare(
    "perfattr_clone_selected", selected, ("function", "clone", "dispatch", "chosen_by", "cpu")
)
ran = sum(1 for v in clones.values() if v > 0)
if ran == 0:
    problems.append("no clone ran: the workload did not reach the multiversioned kernels")
if problems:
    print(f"FAIL prometheus {name}:")
    for problem in problems[:40]:
        print("  " + problem)
    sys.exit(1)
print(
    f"ok   prometheus {name}: {counted} site series, {len(clones)} clone series "
    f"({ran} ran), {len(selected)} selected clones equal the report (CPU: {cpu})"
)
