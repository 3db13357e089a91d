#!/usr/bin/env bash
# A multi-host rig for tests: three network namespaces ("hosts") joined by a bridge that lives in a fourth
# namespace of its own (the "switch"), plus one veth from the switch to the caller's namespace (the
# "driver", where the test JVM runs). Each host has its own address on a private /24; nothing is routed
# or forwarded, so all traffic stays between the rig's namespaces and the driver's end of the switch.
#
#   rig.sh check                      exit 0 if namespaces can be made here; else exit 2, reason on stdout
#   rig.sh run <dir> -- <command...>  builds the rig, starts <command> <index> <address> in each host
#                                     namespace (output to <dir>/host-<index>.log), prints
#                                     "ready <subnet prefix> <driver address>", then reads commands on
#                                     standard input, one a line, and answers each with "ok ..." or
#                                     "error ...":
#                                       down <i> | up <i>   takes host i's link down or up
#                                       kill <i>            SIGKILLs host i's command
#                                       start <i>           starts host i's command again
#                                       pid <i>             prints the pid of host i's command
#                                     At end of input (or on a signal) it kills the commands and removes
#                                     every namespace and link it made.
#
# Needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) and iproute2. Names are mpn<pid>-*, so that a later run
# can remove what a killed run left behind: every rig whose owning pid is gone is removed at start.
set -uo pipefail

HOSTS=3
PREFIX="mpn"

fail_check() {
  echo "$1"
  exit 2
}

check() {
  command -v ip >/dev/null 2>&1 || fail_check "the ip command (iproute2) is not installed"
  [ "$(id -u)" -eq 0 ] || fail_check "network namespaces need root; this runs as uid $(id -u)"
  local probe="${PREFIX}$$-probe"
  ip netns add "$probe" >/dev/null 2>&1 || fail_check "ip netns add failed: no permission to make network namespaces here"
  if ! ip link add "${PREFIX}$$p0" type veth peer name "${PREFIX}$$p1" >/dev/null 2>&1; then
    ip netns del "$probe" >/dev/null 2>&1
    fail_check "ip link add type veth failed: veth pairs are not available here"
  fi
  ip link del "${PREFIX}$$p0" >/dev/null 2>&1
  if ! ip netns exec "$probe" ip link add "${PREFIX}b" type bridge >/dev/null 2>&1; then
    ip netns del "$probe" >/dev/null 2>&1
    fail_check "ip link add type bridge failed: bridges are not available here"
  fi
  ip netns del "$probe" >/dev/null 2>&1
  echo "ok"
}

# Removes the namespaces and links of rigs whose owning process is gone (a run killed with SIGKILL).
sweep_leftovers() {
  local name owner
  for name in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^${PREFIX}[0-9]+-" || true); do
    owner="${name#"$PREFIX"}"
    owner="${owner%%-*}"
    if ! kill -0 "$owner" 2>/dev/null; then
      ip netns pids "$name" 2>/dev/null | xargs -r kill -9 2>/dev/null
      ip netns del "$name" 2>/dev/null
    fi
  done
  for name in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -E "^${PREFIX}[0-9]+d$" || true); do
    owner="${name#"$PREFIX"}"
    owner="${owner%d}"
    kill -0 "$owner" 2>/dev/null || ip link del "$name" 2>/dev/null
  done
}

ID="${PREFIX}$$"
SWITCH="${ID}-sw"
DRIVER_LINK="${ID}d"
declare -a PIDS

host_ns() { echo "${ID}-h$1"; }

teardown() {
  trap - EXIT INT TERM HUP PIPE
  local i pid
  for i in $(seq 1 "$HOSTS"); do
    pid="${PIDS[$i]:-}"
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  done
  for i in $(seq 1 "$HOSTS"); do
    ip netns pids "$(host_ns "$i")" 2>/dev/null | xargs -r kill -9 2>/dev/null
  done
  for i in $(seq 1 "$HOSTS"); do
    pid="${PIDS[$i]:-}"
    [ -n "$pid" ] && wait "$pid" 2>/dev/null
  done
  for i in $(seq 1 "$HOSTS"); do
    ip netns del "$(host_ns "$i")" 2>/dev/null
  done
  ip link del "$DRIVER_LINK" 2>/dev/null
  ip netns del "$SWITCH" 2>/dev/null
}

pick_subnet() {
  local third used
  used="$(ip -4 -o addr show 2>/dev/null; ip -4 route show 2>/dev/null)"
  for third in $(shuf -i 16-250 -n 40); do
    if ! grep -q "10\.231\.${third}\." <<<"$used"; then
      echo "10.231.${third}"
      return 0
    fi
  done
  return 1
}

start_host() {
  local i="$1"
  ip netns exec "$(host_ns "$i")" "${COMMAND[@]}" "$i" "${SUBNET}.${i}" >>"${DIR}/host-${i}.log" 2>&1 </dev/null &
  PIDS[$i]=$!
}

build() {
  ip netns add "$SWITCH" || return 1
  ip netns exec "$SWITCH" ip link set lo up || return 1
  ip netns exec "$SWITCH" ip link add br0 type bridge || return 1
  ip netns exec "$SWITCH" ip link set br0 up || return 1
  local i ns
  for i in $(seq 1 "$HOSTS"); do
    ns="$(host_ns "$i")"
    ip netns add "$ns" || return 1
    ip netns exec "$ns" ip link set lo up || return 1
    ip link add "${ID}h${i}" netns "$ns" type veth peer name "p${i}" netns "$SWITCH" || return 1
    ip netns exec "$ns" ip link set "${ID}h${i}" name eth0 || return 1
    ip netns exec "$ns" ip addr add "${SUBNET}.${i}/24" dev eth0 || return 1
    ip netns exec "$ns" ip link set eth0 up || return 1
    ip netns exec "$SWITCH" ip link set "p${i}" master br0 up || return 1
  done
  ip link add "$DRIVER_LINK" type veth peer name pd netns "$SWITCH" || return 1
  ip netns exec "$SWITCH" ip link set pd master br0 up || return 1
  ip addr add "${SUBNET}.254/24" dev "$DRIVER_LINK" || return 1
  ip link set "$DRIVER_LINK" up || return 1
}

run() {
  DIR="$1"
  shift
  [ "${1:-}" = "--" ] && shift
  COMMAND=("$@")
  [ "${#COMMAND[@]}" -gt 0 ] || { echo "error no command"; exit 2; }
  mkdir -p "$DIR"
  trap teardown EXIT
  trap 'exit 130' INT TERM HUP PIPE
  sweep_leftovers
  SUBNET="$(pick_subnet)" || { echo "error no free subnet 10.231.x.0/24"; exit 1; }
  if ! build >>"${DIR}/rig.log" 2>&1; then
    echo "error building the rig failed: see ${DIR}/rig.log"
    exit 1
  fi
  local i
  for i in $(seq 1 "$HOSTS"); do
    start_host "$i"
  done
  echo "ready ${SUBNET} ${SUBNET}.254"
  local verb index
  while read -r verb index; do
    if ! [[ "$index" =~ ^[1-9]$ ]] || [ "$index" -gt "$HOSTS" ]; then
      echo "error no host '$index'"
      continue
    fi
    case "$verb" in
      down | up)
        if ip netns exec "$(host_ns "$index")" ip link set eth0 "$verb" >>"${DIR}/rig.log" 2>&1; then
          echo "ok"
        else
          echo "error ip link set eth0 $verb failed in host $index"
        fi
        ;;
      kill)
        kill -9 "${PIDS[$index]}" 2>/dev/null
        wait "${PIDS[$index]}" 2>/dev/null
        echo "ok"
        ;;
      start)
        if kill -0 "${PIDS[$index]}" 2>/dev/null; then
          echo "error host $index still runs its command"
        else
          start_host "$index"
          echo "ok"
        fi
        ;;
      pid)
        echo "ok ${PIDS[$index]}"
        ;;
      *)
        echo "error unknown command '$verb'"
        ;;
    esac
  done
}

case "${1:-}" in
  check) check ;;
  run)
    shift
    run "$@"
    ;;
  *)
    echo "usage: rig.sh check | rig.sh run <dir> -- <command...>" >&2
    exit 2
    ;;
esac
