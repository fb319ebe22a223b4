#!/usr/bin/python3
"""What jvif's `vif:objects` does, done by os-vif 3.0.0: a file of JSON lines in, one line out each.

    /usr/bin/python3 osvif_objects_lines.py FILE [--block 10000] [--json OUT]

Each line is a primitive, or {"primitive": P, "target_version": V}; each answer is
json.dumps({"primitive": obj_to_primitive(V)}) or {"error": {"type", "message"}}, written to
/dev/null in input order, on one thread (as os-vif would be used). Timed per block of `block` lines:
prints the median (min-max) lines/s over the blocks and the rate over the whole file.
"""
import argparse
import json
import statistics
import sys
import time

from os_vif import objects
from os_vif.objects import base as osv_base

objects.register_all()


def answer(line):
    try:
        data = json.loads(line)
        target = None
        if isinstance(data, dict) and "versioned_object.name" not in data and "primitive" in data:
            target = data.get("target_version")
            data = data["primitive"]
        obj = osv_base.VersionedObject.obj_from_primitive(data)
        return json.dumps({"primitive": obj.obj_to_primitive(target_version=target)})
    except Exception as e:  # every bad line is answered, never stops the stream
        return json.dumps({"error": {"type": type(e).__name__, "message": str(e)}})


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("--block", type=int, default=10000)
    ap.add_argument("--json")
    args = ap.parse_args()
    rates = []
    total = 0
    errors = 0
    with open(args.file, encoding="utf-8") as f, open("/dev/null", "w") as out:
        start = time.perf_counter()
        block_start = start
        n = 0
        for line in f:
            if not line.strip():
                continue
            a = answer(line)
            errors += a.startswith('{"error"')
            out.write(a + "\n")
            n += 1
            if n == args.block:
                now = time.perf_counter()
                rates.append(n / (now - block_start))
                total += n
                n = 0
                block_start = now
        end = time.perf_counter()
        total += n
        if n:
            rates.append(n / (end - block_start))
    whole = total / (end - start)
    print("os-vif objects lines: %d lines, %d errors; median %.0f (%.0f-%.0f) lines/s over %d blocks of %d;"
          " %.0f lines/s over the file" % (total, errors, statistics.median(rates), min(rates), max(rates),
                                            len(rates), args.block, whole))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"lines": total, "errors": errors, "rates_per_s": rates, "whole_per_s": whole}, f)


if __name__ == "__main__":
    sys.exit(main())
