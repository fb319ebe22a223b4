#!/usr/bin/python3
"""Regenerates src/test/resources/field-oracle.jsonl: what Python os-vif 3.0.0 (oslo.versionedobjects
3.0.1, netaddr 0.8.0, CPython 3.11) makes of a few hundred values, nasty ones included, for every field
type os-vif uses. FieldOracleTest checks jvif against every row; the tests never run this script.

    /usr/bin/python3 itests/objects/src/test/python/field_oracle.py > itests/objects/src/test/resources/field-oracle.jsonl

Each value goes through one real os-vif field two ways:
  "set":  setattr(cls(), field, value)                 (oslo's coerce; jvif's VersionedObject.set)
  "read": obj_from_primitive({... "data": {field: value}}) (from_primitive + coerce; jvif's fromPrimitive)
A row is {"object", "field", "op", "input"} plus either {"output": the field in obj_to_primitive(),
"repr": repr(obj)} or {"error": exception class name, "message": str(exception)}.
"""
import json
import random
import sys
import warnings

from oslo_versionedobjects import base as ovo_base

from os_vif import objects
from os_vif.objects import base as osv_base

objects.register_all()
warnings.simplefilter("ignore")  # oslo warns about every non-UUID in a UUID field

NASTY_STRINGS = [
    "", " ", "abc", "\x00", "a\x00b", "\ud800", "\udfff", "a\ud800b", "\U0001f600", "\u05e9\u05dc\u05d5\u05dd",
    "\u202eabc", "\u200b", "\ufeff", "\u3000", "\n", "\r\n", "\t", "\u00e9", "e\u0301", "\u0130", "\u03a3",
    "'", '"', "\\", "'\"", "None", "True", "null", "x" * 300,
]
NUMBERS = [
    0, 1, -1, 42, 1500, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 48, 2 ** 63 - 1, 2 ** 63, -2 ** 63,
    -2 ** 63 - 1, 2 ** 64, 2 ** 128 - 1, 2 ** 128, 10 ** 30, -10 ** 30, 0xffff01020304,
    0.0, -0.0, 0.1, 1.5, -1.5, 42.7, -42.7, 1e3, 1e15, 1e16, 1.5e16, 1234567890123456.0, 12345678901234567.0,
    1e-4, 1e-5, 0.0001, 0.00012, 1 / 3, 2 / 3, 123456789.123, 1e22, 1e23, 9.3e18, 9.2e18, 1e300, 5e-324,
    1.7976931348623157e308, 2.2250738585072014e-308, float("nan"), float("inf"), float("-inf"),
]
KINDS = [None, True, False, [], [1], ["a"], [None], [[]], {}, {"a": 1}, {"1.2.3.4": 1}]
GENERIC = KINDS + NUMBERS + NASTY_STRINGS

INT_STRINGS = [
    "42", " 42 ", "\t42\n", "\x0b42\x0c", "+42", "-42", "-0", "+0", "0", "00", "017", "1_000", "1__000",
    "_1", "1_", "+_1", "- 42", "+-42", "--1", "0x5dc", "0o17", "0b1", "1.5", "1e3", "42abc", "abc", "",
    " ", "\u0664\u0662", "\uff14\uff12", "\U0001d7d2\U0001d7d0", "\u0661_\u0662", "42\x00", "\u00a042\u00a0",
    "\u300042", "42\u200b", "\x1c42\x1f", "\x8542", "\u2028 42\u2029", "\u180e42", "9" * 18, "9" * 19, "9" * 20,
    "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
    "1" * 4300, "1" * 4301, "0" * 30 + "7",
]
MACS = [
    "fa:16:3e:00:00:01", "FA:16:3E:00:00:01", "FA-16-3E-00-00-01", "fa-16-3e:00-00:01",
    "fa:16:3e:00:00:01\n", "fa:16:3e:00:00:01\n\n", "fa:16:3e:00:00:01\r", "fa:16:3e:00:00:01 ",
    " fa:16:3e:00:00:01", "fa:16:3e:00:00:1", "fa:16:3e:00:00:0g", "fa:16:3e:00:00:01:02", "fa163e000001",
    "fa16.3e00.0001", "fa:16:3e:00:00:01\x00", "\uff26\uff21:16:3e:00:00:01", "fa:16:3e:00:00:01\u2028",
    "\u212aa:16:3e:00:00:01",
]
PCIS = [
    "0000:81:00.7", "0000:81:00:7", "0000:81:00-7", "0000:81:00\n7", "0000:81:00\r7", "0000:81:00\x007",
    "0000:81:00\u20287", "0000:81:00\x857", "0000:81:00\u00e97", "0000:81:00\U0001f6007", "0000:81:00\ud8007",
    "0000:81:00.7\n", "0000:81:00.7\n\n", "0000:81:00.7 ", " 0000:81:00.7", "0000:81:00.8", "0000:81:20.7",
    "0000:81:1f.7", "ABCD:EF:1F.7", "abcd:ef:1f.7", "0000:81:00.", "000:81:00.7", "0000:81:0.7",
    "0000:81:00\u03a37", "0000:81:00\u01307", "0000:81:00.77",
]
IP_ADDRESSES = [
    "10.0.0.1", "0.0.0.0", "255.255.255.255", "010.000.000.001", "1.2.3", "127.1", "1", "0", "4294967295",
    "4294967296", "0x0a000001", "0X0A000001", "0xA.0xB.0xC.0xD", "0x", "0x.1.2.3", "0xg", "08", "0.0.0.08",
    "0377.0377.0377.0377", "0400.0.0.0", "00000000000000000000001", "0x00000000000000000001",
    "1.2.3.4 ", "1.2.3.4 garbage", "1.2.3.4\tx", "1.2.3.4\n", "1.2.3.4\x0b", "1.2.3.4\x0c", "1.2.3.4\r",
    "1.2.3.4\x00", "1.2.3.4\x00garbage", "1.2.3.4 \x00", "1.2.3.4 \ud800", "1.2.3.4 \U0001f600",
    "1.2.3.4 \u00e9", " 1.2.3.4", "\t1.2.3.4", "1.2.3.4.", "1.2.3.4.5", "256.1.1.1",
    "1.256.1.1", "1.2.3.256", "1.2.65535", "1.2.65536", "1.16777215", "1.16777216", "1..2", ".1.2.3",
    "1.2.3.4/24", "1.2.3.4/", "-1", "+1", "1e3", "1 2", "\u0663.2.3.4", "\uff11.2.3.4", "1.2.3.4\u00a0",
    "1.2.3.4\u3000", "99999999999999999999", "18446744073709551615", "18446744073709551616",
    "::", "::1", "::0", "1::", "1::2", "fe80::1", "FE80::1", "fe80::1%eth0", "2001:db8::1",
    "2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8:0:0:1:0:0:1", "2001:db8:0:1:0:0:0:1",
    "1:0:0:1:0:0:0:0", "0:0:0:0:0:0:0:0", "1:0:1:0:1:0:1:0", "0:1:0:1:0:1:0:1", "::ffff:1.2.3.4",
    "::FFFF:1.2.3.4", "::ffff:0102:0304", "::1.2.3.4", "::0.0.0.1", "::0.1.0.0", "::0.0.1.0",
    "::ffff:0.0.0.0", "::ffff:0:0", "0:0:0:0:0:ffff::", "::ffff:0:1.2.3.4", "64:ff9b::1.2.3.4",
    "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "1:2:3:4:5::1.2.3.4", "1:2:3:4:5:6::1.2.3.4",
    "1:2:3:4:5:6:7::", "::1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", ":::", ":1::", "1:::2", "1::2::3", "12345::", "0000:0000::",
    "00000::", "::ffff:01.2.3.4", "::ffff:1.2.3", "::ffff:1.2.3.4.5", "::ffff:256.2.3.4", "::1.2.3.4:5",
    "::ab.1.1.1", "1::2:", ":1", "1:", "g::", "::1 ", " ::1", "::1\n", "[::1]", "::1/128", "::ffff:1.2.3.4 ",
    "\uff1a\uff1a1", "::\u0661",
]
IP_NETWORKS = [
    "10.0.0.0/24", "10.0.0.5/24", "10.0.0.1", "10.0.0.0/ 24", "10.0.0.0/24 ", "10.0.0.0/\t24\n",
    "10.0.0.0/+24", "10.0.0.0/024", "10.0.0.0/2_4", "10.0.0.0/2__4", "10.0.0.0/\u0662\u0664",
    "10.0.0.0/\U0001d7d0", "10.0.0.0/-0", "10.0.0.0/-1", "10.0.0.0/33", "10.0.0.0/32", "10.0.0.0/0",
    "10.0.0.0/", "10.0.0.0//24", "10.0.0.0/24/8", "10.0.0.0/255.255.255.0", "10.0.0.0/255.255.255.255",
    "10.0.0.0/0.0.0.0", "10.0.0.0/0.0.0.255", "10.0.0.0/0.255.255.255", "10.0.0.0/255.0.255.0",
    "10.0.0.0/255.255.255.00", "10.0.0.0/0xffffff00", "10.0.0.0/ 255.255.255.0", "10.0.0.0/255.255.255.0 ",
    "10.0.0.0/99999999999999999999", "10.0.0.0/1e1", "10.0.0.0/24.0", "10.0.0.0/0x18", "10.0.0.0/24\x00",
    "10.0.0.0/::", "10/8", "10", "1.2.3/24", "1.2/16", "1.2.3.4.5/8", "010.000.000.001/8", "10.0.0.0 /24",
    " 10.0.0.0/24", "10.0.0.0\n/8", "10.0.0.0.0/8", "10.0.0.256/8", "-0.0.0.0/8", "10.-0.0.0/8",
    "1_0.0.0.0/8", "\u0663.0.0.0/8", "0x10.0.0.0/8", "1e1/8", "/8", "", "/", "10..0/8", "10.0.0.0.",
    "4294967295/32", "0x0a000001/8", "127.1", "1.2.3.4\x00/8",
    "2001:db8::/32", "2001:db8::1/64", "2001:DB8::1/64", "2001:db8::/129", "2001:db8::/128", "::/0", "::",
    "::1", "::ffff:1.2.3.4/96", "::ffff:1.2.3.4/120", "::1.2.3.4/128", "::/ffff::", "::/ffff:ff00::",
    "::/::ffff", "::/ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::/::", "::/0.0.0.0", "::/1.2.3.4",
    "::/f0f0::", "2001:db8::/ 64", "2001:db8::/64 ", "2001:db8::/+64", "2001:db8::/-0", "fe80::1%eth0/64",
    "2001:db8:: /64", " 2001:db8::/64", "2001:db8::/64/64", "2001:db8::/255.255.255.0", "1::/64",
    "1:2:3:4:5:6:7:8/64", "2001:db8:0:0:1:0:0:1/64",
]
MODES = ["vepa", "passthrough", "bridge", "VEPA", "vepa ", " vepa", "vepa\n", "Vepa", "bridge\x00"]
LISTS = [
    ["8.8.8.8", "::1"], [], ["1.2.3"], ["010.0.0.1", "0x0a000001", "::FFFF:1.2.3.4"], [None], [None, "x"],
    ["x"], ["8.8.8.8", None], [1, 2], [True], [[]], [{}], "8.8.8.8", "88", "", "8", {}, {"1.2.3.4": 1},
    {"1.2.3.4": 1, "::1": 2}, {"x": 1}, 42, 1.5, True, ["8.8.8.8/32"], ["1.2.3.4 x"],
]



def random_texts(seed, alphabet, pieces, count):
    """Seeded random IP-like texts: glued pieces and characters, to reach corners no list above names."""
    rnd = random.Random(seed)
    out = []
    for _ in range(count):
        parts = [rnd.choice(pieces) if rnd.random() < 0.6 else rnd.choice(alphabet)
                 for _ in range(rnd.randint(1, 9))]
        out.append("".join(parts))
    return out


RANDOM_ADDRESSES = random_texts(1, "0123456789abcdefxX.: \t/%", [
    "0", "1", "255", "256", "010", "0x1f", "ffff", "::", ":", ".", "1.2.3.4", "::ffff:", "00000", "4294967295",
    " ", "08", "0x", "fe80", "1:2:3:4:5:6"], 400)
RANDOM_NETWORKS = random_texts(2, "0123456789abcdef.:/ +-_", [
    "10", "0", "255", "/", "/24", "/33", "/0", "/128", "/255.255.255.0", "/0.0.0.255", "::", "ffff:", "1.2.3",
    "010", " ", "-0", "/ffff::", "/::ffff", "2001:db8::", "1_0"], 400)

CASES = [
    ("Network", "bridge", GENERIC + INT_STRINGS[:8]),
    ("Network", "bridge_interface", KINDS + NUMBERS[:8] + NASTY_STRINGS[:6]),
    ("Network", "id", GENERIC),
    ("Network", "mtu", GENERIC + INT_STRINGS),
    ("Network", "multi_host", GENERIC + ["false", "no", "0", "False"]),
    ("VIFBase", "active", KINDS + NUMBERS[:4] + ["", "false"]),
    ("VIFBase", "address", MACS + KINDS + NUMBERS[:4] + NASTY_STRINGS),
    ("VIFDirect", "dev_address", PCIS + KINDS + NUMBERS[:4] + NASTY_STRINGS[:12]),
    ("VIFDirect", "mode", MODES + KINDS + NUMBERS[:4] + NASTY_STRINGS[:6]),
    ("FixedIP", "address", IP_ADDRESSES + GENERIC),
    ("Subnet", "cidr", IP_NETWORKS + GENERIC),
    ("Subnet", "dns", LISTS + KINDS),
    ("FixedIP", "address", RANDOM_ADDRESSES),
    ("Subnet", "cidr", RANDOM_NETWORKS),
]


def cls(name):
    return ovo_base.VersionedObjectRegistry.obj_classes()[name][0]


def outcome(row, make):
    try:
        obj = make()
        data = obj.obj_to_primitive()["versioned_object.data"]
        if row["field"] in data:
            row["output"] = data[row["field"]]
        row["repr"] = repr(obj)
    except Exception as e:  # noqa: B902 - recording what os-vif raises is the point
        row["error"] = type(e).__name__
        row["message"] = str(e)
    return row


def set_value(name, field, value):
    def make():
        obj = cls(name)()
        setattr(obj, field, value)
        return obj
    return make


def read_value(name, field, value):
    def make():
        c = cls(name)
        return osv_base.VersionedObject.obj_from_primitive({
            "versioned_object.name": name, "versioned_object.namespace": "os_vif",
            "versioned_object.version": c.VERSION, "versioned_object.data": {field: value}})
    return make


def main():
    seen = set()
    for name, field, values in CASES:
        for value in values:
            key = (name, field, json.dumps(value))
            if key in seen:
                continue
            seen.add(key)
            for op, make in (("set", set_value), ("read", read_value)):
                row = {"object": name, "field": field, "op": op, "input": value}
                sys.stdout.write(json.dumps(outcome(row, make(name, field, value))) + "\n")


if __name__ == "__main__":
    main()
