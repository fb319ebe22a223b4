#!/bin/bash
# Many hosts on one machine, as --sandbox is one host: a 3-member fleet database (Raft, SSL), each member in a
# network namespace of its own, and a controller and two host agents (copies of this platform) in the namespace
# jvif-fleet, whose bridge joins the members. Nothing of the machine's own network is touched. As root, with
# openssl and openvswitch-common (ovsdb-tool, ovsdb-server); see README.md, "Many hosts".
#   bash examples/fleet-sandbox.sh up      # then the commands it prints
#   bash examples/fleet-sandbox.sh down    # stops and removes all of it
set -euo pipefail
PLATFORM=$(cd "$(dirname "$0")/.." && pwd)
W=${JVIF_FLEET_DIR:-/tmp/jvif-fleet}
NS=jvif-fleet
in_ns() { ip netns exec "$NS" "$@"; }

down() {
    for h in host1 host2; do
        if [ -x "$W/$h/bin/jvif" ]; then in_ns "$W/$h/bin/jvif" stop >/dev/null 2>&1 || true; fi
    done
    for i in 1 2 3; do
        if [ -f "$W/m$i.pid" ]; then kill "$(cat "$W/m$i.pid")" 2>/dev/null || true; fi
        ip netns del "$NS-m$i" 2>/dev/null || true
    done
    ip netns del "$NS" 2>/dev/null || true
    rm -rf "$W"
}

# a copy of this platform, without its run-time state
platform() {
    cp -a "$PLATFORM" "$W/$1"
    rm -rf "$W/$1"/data/* "$W/$1"/log/*
}

up() {
    if [ -e "$W" ]; then echo "$W exists: bash $0 down first" >&2; exit 1; fi
    mkdir -p "$W/pki"
    cd "$W"
    echo "1. certificates of one CA: each member's, the controller's, and each host's (its common name is the host's name)"
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=jvif-fleet-ca -keyout pki/ca.key -out pki/ca.crt 2>/dev/null
    for n in m1 m2 m3 controller host1 host2; do
        openssl req -newkey rsa:2048 -nodes -subj "/CN=$n" -keyout "pki/$n.key" -out "pki/$n.csr" 2>/dev/null
        openssl x509 -req -in "pki/$n.csr" -CA pki/ca.crt -CAkey pki/ca.key -CAcreateserial -days 30 -out "pki/$n.crt" 2>/dev/null
    done

    echo "2. namespace $NS with a bridge (10.77.0.254), the members in namespaces $NS-m1..3 on it (10.77.0.1..3)"
    ip netns add "$NS"
    in_ns ip link set lo up
    in_ns ip link add fleet0 type bridge
    in_ns ip addr add 10.77.0.254/24 dev fleet0
    in_ns ip link set fleet0 up
    for i in 1 2 3; do
        ip netns add "$NS-m$i"
        ip -n "$NS-m$i" link set lo up
        in_ns ip link add "m$i" type veth peer name eth0 netns "$NS-m$i"
        in_ns ip link set "m$i" master fleet0 up
        ip -n "$NS-m$i" addr add "10.77.0.$i/24" dev eth0
        ip -n "$NS-m$i" link set eth0 up
    done

    echo "3. the fleet database JVIF_Fleet (the schema in bundles/fleet/), a cluster of three, SSL between members"
    unzip -p "$PLATFORM"/bundles/fleet/org.jvif.fleet.db-*.jar org/jvif/fleet/db/jvif-fleet.ovsschema > jvif-fleet.ovsschema
    ovsdb-tool -vconsole:off create-cluster m1.db jvif-fleet.ovsschema ssl:10.77.0.1:6643
    ovsdb-tool join-cluster m2.db JVIF_Fleet ssl:10.77.0.2:6643 ssl:10.77.0.1:6643
    ovsdb-tool join-cluster m3.db JVIF_Fleet ssl:10.77.0.3:6643 ssl:10.77.0.1:6643
    for i in 1 2 3; do
        # pssl:6641 for controllers (no role); the database's connections: the agents' remote, once a controller adds it
        ip netns exec "$NS-m$i" ovsdb-server "$W/m$i.db" --detach --no-chdir -vconsole:off --pidfile="$W/m$i.pid" --log-file="$W/m$i.log" \
            --unixctl="$W/m$i.ctl" --remote=punix:"$W/m$i.sock" --remote=pssl:6641 \
            --remote=db:JVIF_Fleet,Fleet_Global,connections \
            --private-key="$W/pki/m$i.key" --certificate="$W/pki/m$i.crt" --ca-cert="$W/pki/ca.crt"
    done
    ovsdb-client --timeout=30 wait "unix:$W/m1.sock" JVIF_Fleet connected 2>/dev/null

    echo "4. a controller: this platform with etc/org.jvif.fleet.cfg (agent_target adds the agents' remote, RBAC role jvif-agent)"
    platform controller
    cat > controller/etc/org.jvif.fleet.cfg <<EOF
connection = ssl:10.77.0.1:6641,ssl:10.77.0.2:6641,ssl:10.77.0.3:6641
ssl_key_file = $W/pki/controller.key
ssl_cert_file = $W/pki/controller.crt
ssl_ca_cert_file = $W/pki/ca.crt
agent_target = pssl:6642
EOF
    in_ns controller/bin/jvif hosts

    echo "5. two hosts: this platform with etc/org.jvif.fleet.agent.cfg, its daemon the host's agent"
    for h in host1 host2; do
        platform "$h"
        cat > "$h/etc/org.jvif.fleet.agent.cfg" <<EOF
connection = ssl:10.77.0.1:6642,ssl:10.77.0.2:6642,ssl:10.77.0.3:6642
ssl_key_file = $W/pki/$h.key
ssl_cert_file = $W/pki/$h.crt
ssl_ca_cert_file = $W/pki/ca.crt
EOF
        in_ns "$h/bin/jvif" start
    done
    cat <<EOF

The fleet is up. Try:
  ip netns exec $NS $W/controller/bin/jvif hosts
  ip netns exec $NS $W/controller/bin/jvif plug $PLATFORM/examples/noop-vhostuser.json --host host1
  ip netns exec $NS $W/controller/bin/jvif list --host host1
  ip netns exec $NS $W/host1/bin/jvif list                 # host1's own record
  ip netns exec $NS $W/controller/bin/jvif unplug $PLATFORM/examples/noop-vhostuser.json --host host1
  kill \$(cat $W/m1.pid)                                    # a member down: the fleet goes on
Then: bash $0 down
EOF
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
