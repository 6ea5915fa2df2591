#!/usr/bin/env bash
# Granary replication benchmark: `granary replicate` from registry A to B against a plain blob copy from A to a
# third, identical registry C (curl GET piped into curl PUT, same concurrency), measured in the same run. Prints
# throughputs and the ratio (target >= 0.8x); never fails on a timing. See e2e/bench/README.md.
#
# Needs the packaged runtime: mvn -B package -DskipTests -pl registry-runtime -am
# Usage: replication-bench.sh [--gib N]   (default 10 GiB; e.g. --gib 1 for a quick run)
# Knobs (environment): BENCH_GIB (10), BENCH_FILE_MIB (256), BENCH_CONCURRENCY (4), BENCH_ROUNDS (1),
#   BENCH_WORK_DIR (e2e/target), BENCH_KEEP=1, GRANARY_RUNTIME_JAR, GRANARY_BENCH_JAVA_OPTS.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runtime_jar=${GRANARY_RUNTIME_JAR:-$repo_root/registry-runtime/target/quarkus-app/quarkus-run.jar}
gib=${BENCH_GIB:-10}
if [ "${1:-}" = "--gib" ]; then gib=${2:?--gib needs a number}; fi
file_mib=${BENCH_FILE_MIB:-256}
concurrency=${BENCH_CONCURRENCY:-4}
rounds=${BENCH_ROUNDS:-1}
work_parent=${BENCH_WORK_DIR:-$repo_root/e2e/target}
token="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

command -v curl >/dev/null || die "curl is required"
[ -f "$runtime_jar" ] || die "no runtime at $runtime_jar; build it first: mvn -B package -DskipTests -pl registry-runtime -am"

mkdir -p "$work_parent"
tmp=$(mktemp -d "$work_parent/replication-bench.XXXXXX")
pids=()
cleanup() {
  local rc=$? pid
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $tmp"; else rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

mkdir -p "$tmp/repos"
for r in $(seq 1 "$rounds"); do
  for name in bench "rep-$r" "ref-$r"; do
    cat >"$tmp/repos/$name.yaml" <<EOF2
apiVersion: granary.io/v1alpha1
kind: Repository
metadata: {name: $name}
spec: {format: generic, type: hosted}
EOF2
  done
done

start_runtime() { # name port
  local name=$1 port=$2
  # shellcheck disable=SC2086
  java ${GRANARY_BENCH_JAVA_OPTS:--Xmx512m -Xmn48m} -jar "$runtime_jar" standalone --port "$port" \
    --data-dir "$tmp/$name-data" --admin-token "$token" --repositories "$tmp/repos" >>"$tmp/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/q/health/ready")" = 200 ] && return 0
    sleep 0.2
  done
  die "runtime $name not ready after 120 s; see $tmp/$name.log"
}

port_a=$(free_port); port_b=$(free_port); port_c=$(free_port)
url_a="http://127.0.0.1:$port_a"; url_b="http://127.0.0.1:$port_b"; url_c="http://127.0.0.1:$port_c"
# The reference copies into its own registry C: a target that already stored the same blobs (content-addressed)
# could answer the second copier faster, which would make the comparison unfair to whichever runs second.
log "starting registries A $url_a, B $url_b (replication target), C $url_c (reference target)"
start_runtime a "$port_a"
start_runtime b "$port_b"
start_runtime c "$port_c"

files=$(( gib * 1024 / file_mib ))
[ "$files" -ge 1 ] || files=1
total_bytes=$(( files * file_mib * 1024 * 1024 ))
log "filling registry A with $files files of $file_mib MiB ($(( total_bytes / 1048576 )) MiB)"
for i in $(seq 1 "$files"); do
  head -c $(( file_mib * 1024 * 1024 )) /dev/urandom >"$tmp/file"
  code=$(curl -sS -o /dev/null -w '%{http_code}' -H 'Expect:' -H "Authorization: Bearer $token" -T "$tmp/file" \
    "$url_a/generic/bench/data/part-$i.bin")
  [ "$code" = 201 ] || die "upload to A answered $code"
done
rm -f "$tmp/file"

now() { date +%s.%N; }
rate() { python3 -c "import sys; b,t=float(sys.argv[1]),float(sys.argv[2]); print(f'{b/t/1048576:.1f}')" "$1" "$2"; }

plain_copy() { # target repository
  local target=$1
  seq 1 "$files" | xargs -P "$concurrency" -I{} sh -c \
    "curl -sSf -H 'Authorization: Bearer $token' '$url_a/generic/bench/data/part-{}.bin' | \
     curl -sSf -o /dev/null -H 'Expect:' -H 'Authorization: Bearer $token' -T - '$url_c/generic/$target/data/part-{}.bin'"
}

replicate() { # target repository
  GRANARY_REPLICATE_SOURCE_TOKEN=$token GRANARY_REPLICATE_TARGET_TOKEN=$token \
    java -Xmx256m -jar "$runtime_jar" replicate --format generic --source-url "$url_a" --source-repository bench \
    --target-url "$url_b" --target-repository "$1" --concurrency "$concurrency" >"$tmp/replicate.json" 2>>"$tmp/replicate.log"
}

printf '\n== replication of %s MiB (%d files of %d MiB, concurrency %d) between two local registries\n' \
  "$(( total_bytes / 1048576 ))" "$files" "$file_mib" "$concurrency"
ratios=()
for r in $(seq 1 "$rounds"); do
  t0=$(now); replicate "rep-$r"; t1=$(now)
  rep_s=$(python3 -c "print(f'{$t1-$t0:.2f}')")
  grep -q '"failed":0' "$tmp/replicate.json" || die "replication reported failures: $(cat "$tmp/replicate.json")"
  t0=$(now); plain_copy "ref-$r"; t1=$(now)
  ref_s=$(python3 -c "print(f'{$t1-$t0:.2f}')")
  rep_rate=$(rate "$total_bytes" "$rep_s"); ref_rate=$(rate "$total_bytes" "$ref_s")
  ratio=$(python3 -c "print(f'{$ref_s/$rep_s:.2f}')")
  ratios+=("$ratio")
  printf 'round %d: granary replicate %s s (%s MiB/s) | plain blob copy %s s (%s MiB/s) | ratio %sx (target >= 0.8x)\n' \
    "$r" "$rep_s" "$rep_rate" "$ref_s" "$ref_rate" "$ratio"
  printf '  replicate result: %s\n' "$(cat "$tmp/replicate.json")"
  # Incremental: a second run over the same target only compares digests.
  t0=$(now); replicate "rep-$r"; t1=$(now)
  printf '  second (incremental) run: %.2f s, %s\n' "$(python3 -c "print($t1-$t0)")" "$(cat "$tmp/replicate.json")"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf 'median ratio over %d round(s): %sx\n' "$rounds" "$median"
