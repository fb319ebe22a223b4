#!/usr/bin/python3
"""Remakes the os-vif corpus in this directory by running Python os-vif (Debian's python3-os-vif 3.0.0).

Each case's input is kept (a visible case's primitive, a candidate's primitive); everything os-vif says about
it is made again here: the primitive as obj_to_primitive() writes it back, every downgrade to an earlier minor
version or os-vif's refusal, whether a candidate is refused (invalid.jsonl, with the exception) or accepted
(accepted.jsonl, with its re-serialisation and warnings), and the 31 fingerprints with their reprs.

    /usr/bin/python3 make_corpus.py           # rewrite the files from their inputs
    /usr/bin/python3 make_corpus.py --check   # exit 1 if os-vif now says anything else (nothing written)

It re-runs itself with PYTHONHASHSEED=0: versioned_object.changes comes from a Python set.
"""
import collections
import hashlib
import json
import os
import sys
import warnings

if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

from oslo_versionedobjects import base as ovo_base  # noqa: E402
from oslo_versionedobjects import fixture  # noqa: E402

from os_vif import objects  # noqa: E402
from os_vif.objects import base  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def read(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def earlier_versions(version):
    major, minor = version.split(".")
    return ["%s.%d" % (major, m) for m in range(int(minor))]


def visible(case):
    obj = base.VersionedObject.obj_from_primitive(case["primitive"])
    downgrades = {}
    for v in earlier_versions(obj.VERSION):
        try:
            downgrades[v] = obj.obj_to_primitive(target_version=v)
        except Exception as e:  # os-vif refuses: recorded as such
            downgrades[v] = {"error": type(e).__name__, "message": str(e)}
    return {"name": case["name"], "primitive": obj.obj_to_primitive(), "downgrades": downgrades}


def candidate(case):
    """(True, line for accepted.jsonl) or (False, line for invalid.jsonl)."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        try:
            obj = base.VersionedObject.obj_from_primitive(case["primitive"])
            result = obj.obj_to_primitive()
        except Exception as e:
            return False, {"name": case["name"], "primitive": case["primitive"], "exception": type(e).__name__,
                           "exception_module": type(e).__module__, "message": str(e)}
    return True, {"name": case["name"], "primitive": case["primitive"], "result": result,
                  "warnings": ["%s: %s" % (w.category.__name__, w.message) for w in seen]}


def fingerprints():
    checker = fixture.ObjectVersionChecker(ovo_base.VersionedObjectRegistry.obj_classes())
    hashes, reprs = {}, {}
    for name, classes in sorted(checker.obj_classes.items()):
        cls = classes[0]
        fields = list(cls.fields.items())
        fields.sort()
        methods = []
        relevant = (fields, methods)
        if getattr(cls, "child_versions", None) is not None:
            relevant = (fields, methods, collections.OrderedDict(sorted(cls.child_versions.items())))
        text = repr(relevant)
        reprs[name] = text
        hashes[name] = "%s-%s" % (cls.VERSION, hashlib.md5(text.encode("utf-8")).hexdigest())
    # the checker's own result: the hashes above must be what oslo's fixture computes
    assert hashes == checker.get_hashes(), "fingerprints differ from oslo's ObjectVersionChecker"
    return hashes, reprs


def main():
    check = "--check" in sys.argv[1:]
    objects.register_all()
    out = {}
    out["visible.jsonl"] = [visible(c) for c in read("visible.jsonl")]
    accepted, invalid = [], []
    for c in read("invalid.jsonl") + read("accepted.jsonl"):
        ok, line = candidate(c)
        (accepted if ok else invalid).append(line)
    out["invalid.jsonl"], out["accepted.jsonl"] = invalid, accepted
    texts = {f: "".join(json.dumps(line) + "\n" for line in lines) for f, lines in out.items()}
    hashes, reprs = fingerprints()
    texts["fingerprints.json"] = json.dumps(hashes, indent=1, sort_keys=True) + "\n"
    texts["fingerprints-repr.json"] = json.dumps(reprs, indent=1, sort_keys=True) + "\n"
    differ = []
    for f, text in texts.items():
        path = os.path.join(HERE, f)
        with open(path, encoding="utf-8") as old:
            if old.read() != text:
                differ.append(f)
        if not check:
            with open(path, "w", encoding="utf-8") as new:
                new.write(text)
    if check:
        print("os-vif says something else in: " + ", ".join(differ) if differ else "corpus reproduced")
        return 1 if differ else 0
    print("rewrote " + ", ".join(sorted(texts)) + (" (changed: " + ", ".join(differ) + ")" if differ else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
