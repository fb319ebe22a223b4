#!/usr/bin/python3
"""Regenerates src/test/resources/json-oracle.jsonl: what CPython 3.11's json module (as os-vif uses it)
makes of a few hundred texts. JsonOracleTest checks jvif's Json.parse and Json.write against every row;
the tests never run this script.

    /usr/bin/python3 itests/objects/src/test/python/json_oracle.py > itests/objects/src/test/resources/json-oracle.jsonl

A row is {"text"} plus either {"dumps": json.dumps(json.loads(text))} or {"error": exception class name,
"message": str(exception)}. Texts are hand-picked corners, then seeded random cuts and byte flips of a
real os-vif primitive.
"""
import json
import random
import sys

from os_vif import objects
from os_vif.objects import fixed_ip, network, subnet, vif

objects.register_all()

CORNERS = [
    "0", "-0", "1", "-1", "1.0", "-0.0", "1e3", "1E3", "1e+3", "1e-3", "1.5e400", "-1.5e400", "1e-400", "0.1",
    "123456789012345678", "1234567890123456789", "12345678901234567890", "-9223372036854775808",
    "-9223372036854775809", "18446744073709551616", "1" * 300, "1" * 4300, "1" * 4301, "1" * 5000,
    "0." + "1" * 400, "1" * 400 + ".5", "01", "-", "--1", "+1", "1.", ".5", "1e", "1e+", "1.e3", "0x10", "1_0",
    "NaN", "-NaN", "Infinity", "-Infinity", "infinity", "nan", "true", "false", "null", "tru", "True", "None",
    "[]", "{}", "[ ]", "{ }", " [1 , 2 ] ", "[1,]", "[,1]", "[1 2]", "[", "]", "[[[]]]", "{\"a\":1,}",
    "{\"a\" 1}", "{\"a\":}", "{1:2}", "{'a':1}", "{\"a\":1,\"a\":2}", "{\"b\":1,\"a\":2,\"b\":3}",
    "{\"a\":{\"b\":[1,{\"c\":null}]}}", "\"\"", "\"a\"", "\"a", "\"\\\"", "\"\\x\"", "\"\\u12\"",
    "\"\\u12g4\"", "\"\\u0041\"", "\"\\u00e9\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud83d\\ude00\"",
    "\"\\ud83d\"", "\"\\/\"", "\"\\b\\f\\n\\r\\t\"", "\"\t\"", "\"\n\"", "\"\x00\"", "\"\x7f\"",
    "\"\u00e9\"", "\"\U0001f600\"", "\"\u202e\"", "\"\ud800\"", "\"a\\u0000b\"", "", " ", "\n", "\t1\r\n",
    "\u00a01", "\ufeff1", "1 2", "[]x", "{}{}", "nul", "[1,\n2,\n3", "{\n\"a\"\n:\n1\n,\n}", "\"\\\u00e9\"",
    "[" * 10 + "]" * 10, "[\"\\uD83D\\uDE00\"]",
]


def primitive_text():
    o = objects
    s = subnet.Subnet(cidr="10.10.0.0/24", dns=["8.8.8.8"], gateway="10.10.0.1",
                      ips=fixed_ip.FixedIPList(objects=[fixed_ip.FixedIP(address="10.10.0.11", floating_ips=[])]))
    net = network.Network(id="8e4f1b2a-3c5d-4e6f-8a9b-0c1d2e3f4a5b", bridge="br-int", label="priv\u00e9", mtu=1450,
                          subnets=subnet.SubnetList(objects=[s]))
    v = vif.VIFOpenVSwitch(id="5d2c4a1e-7b8f-4c3d-9e2a-1f0b3c4d5e6f", address="fa:16:3e:12:34:56", network=net, plugin="ovs",
                           port_profile=o.vif.VIFPortProfileOpenVSwitch(interface_id="5d2c4a1e-7b8f-4c3d-9e2a-1f0b3c4d5e6f", profile_id=""))
    return json.dumps(sorted_changes(v.obj_to_primitive()))


def sorted_changes(p):
    """The changes of every object in a primitive, sorted: os-vif writes a set, in hash order."""
    if isinstance(p, dict):
        return {k: sorted(v) if k == "versioned_object.changes" else sorted_changes(v) for k, v in p.items()}
    return [sorted_changes(x) for x in p] if isinstance(p, list) else p


def mutations(text, seed, count):
    rnd = random.Random(seed)
    out = []
    for _ in range(count):
        kind = rnd.random()
        if kind < 0.3:
            out.append(text[:rnd.randrange(len(text))])
        elif kind < 0.7:
            i = rnd.randrange(len(text))
            out.append(text[:i] + rnd.choice("{}[]\",:\\ 0-eE.tnfNI\x00\u00e9") + text[i + 1:])
        else:
            i = rnd.randrange(len(text))
            j = min(len(text), i + rnd.randrange(1, 20))
            out.append(text[:i] + text[j:])
    return out


def main():
    text = primitive_text()
    for t in CORNERS + [text] + mutations(text, 3, 300):
        row = {"text": t}
        try:
            row["dumps"] = json.dumps(json.loads(t))
        except Exception as e:  # noqa: B902 - recording what Python raises is the point
            row["error"] = type(e).__name__
            row["message"] = str(e)
        sys.stdout.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
