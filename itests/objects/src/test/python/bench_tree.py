#!/usr/bin/python3
"""Regenerates src/test/resources/bench-tree.json: the primitive of the 19-object VIFOpenVSwitch tree that
itests/peer/osvif_objects.py benchmarks, as os-vif 3.0.0 writes it (changes sorted: os-vif writes a
set). BenchTreeTest checks that BenchTree builds the same tree in Java; the tests never run this script.

    /usr/bin/python3 itests/objects/src/test/python/bench_tree.py [PEER_DIR] > itests/objects/src/test/resources/bench-tree.json
"""
import json
import os
import sys

sys.path.insert(0, sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../peer"))
import osvif_objects  # noqa: E402


def sorted_changes(p):
    if isinstance(p, dict):
        return {k: sorted(v) if k == "versioned_object.changes" else sorted_changes(v) for k, v in p.items()}
    return [sorted_changes(x) for x in p] if isinstance(p, list) else p


print(json.dumps(sorted_changes(osvif_objects.build_vif().obj_to_primitive())))
