#!/usr/bin/env python3
"""Summarises a JFR recording: top methods by self samples and by inclusive samples (jdk.ExecutionSample),
top allocation sites (jdk.ObjectAllocationSample weight by allocated class and by first dev.rampart frame),
and total GC pause time. usage: bench/jfr-hotspots.py REC.jfr [TOP]"""
import collections, json, subprocess, sys

rec = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25

def events(name):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", name, rec],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]

def frame_name(f):
    m = f["method"]
    return m["type"]["name"].split(".")[-1] + "." + m["name"]

samples = events("jdk.ExecutionSample")
self_c, incl_c = collections.Counter(), collections.Counter()
for e in samples:
    frames = e["values"]["stackTrace"]["frames"]
    if not frames:
        continue
    self_c[frame_name(frames[0])] += 1
    for n in {frame_name(f) for f in frames}:
        incl_c[n] += 1
n = len(samples)
print(f"{n} execution samples")
print(f"\nTop {top} by self time:")
for k, v in self_c.most_common(top):
    print(f"  {100.0 * v / n:5.1f}%  {k}")
print(f"\nTop {top} by inclusive time (dev.rampart and java frames):")
for k, v in incl_c.most_common(top + 15)[:top + 15]:
    print(f"  {100.0 * v / n:5.1f}%  {k}")

allocs = events("jdk.ObjectAllocationSample")
by_class, by_site = collections.Counter(), collections.Counter()
total = 0
for e in allocs:
    w = e["values"]["weight"]
    total += w
    by_class[e["values"]["objectClass"]["name"]] += w
    frames = e["values"]["stackTrace"]["frames"] if e["values"]["stackTrace"] else []
    site = next((frame_name(f) for f in frames if f["method"]["type"]["name"].startswith("dev.rampart")), "?")
    by_site[site] += w
print(f"\nAllocation (sampled weight) {total / 2**20:.0f} MB; top classes:")
for k, v in by_class.most_common(15):
    print(f"  {100.0 * v / max(total, 1):5.1f}%  {k}")
print("top allocating dev.rampart frames:")
for k, v in by_site.most_common(15):
    print(f"  {100.0 * v / max(total, 1):5.1f}%  {k}")

gcs = events("jdk.GarbageCollection")
def dur_ms(d):
    # ISO-8601 duration like PT0.012345S
    return float(d.removeprefix("PT").removesuffix("S")) * 1000 if d.startswith("PT") and d.endswith("S") else 0.0
print(f"\nGC: {len(gcs)} collections, sum of pauses {sum(dur_ms(g['values']['sumOfPauses']) for g in gcs):.0f} ms")
