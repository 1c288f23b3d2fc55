#!/usr/bin/python3
# A stand-in for 'journalctl -f -o json' in tests where journald is not running: reads a recording of
# 'journalctl -o json' output (one entry per line) and honours the options JournalSource passes:
# --after-cursor=C (entries after the one whose __CURSOR is C), -n 0 / -n all, -f (keep following the
# recording as lines are appended), FIELD=value matches (AND across fields, OR within one field).
import json, sys, time

recording = sys.argv[1]
args = sys.argv[2:]
after = None
count = "all"
follow = False
matches = {}
i = 0
while i < len(args):
    a = args[i]
    if a.startswith("--after-cursor="):
        after = a[len("--after-cursor="):]
    elif a == "-n":
        count = args[i + 1]; i += 1
    elif a == "-f":
        follow = True
    elif a == "-o":
        i += 1
    elif "=" in a:
        k, v = a.split("=", 1)
        matches.setdefault(k, set()).add(v)
    i += 1

def wanted(e):
    return all(str(e.get(k)) in vs for k, vs in matches.items())

with open(recording) as f:
    lines = f.read().splitlines()
if after is not None:
    cursors = [json.loads(l).get("__CURSOR") for l in lines]
    if after not in cursors:
        sys.stderr.write("Failed to seek to cursor: Invalid argument\n"); sys.exit(1)
    start = cursors.index(after) + 1
elif count == "0":
    start = len(lines)
else:
    start = 0
pos = start
while True:
    with open(recording) as f:
        lines = f.read().splitlines()
    for l in lines[pos:]:
        if wanted(json.loads(l)):
            sys.stdout.write(l + "\n")
    sys.stdout.flush()
    pos = len(lines)
    if not follow:
        break
    time.sleep(0.05)
