#!/usr/bin/env bash
# Granary garbage-collection benchmark: one online collection over a store of BENCH_BLOBS (100,000)
# blobs, wall time and the runtime's peak RSS, against a reference measured in the same run: the
# plain `find -delete` of as many files of the same sizes on the same disk (the unlink work a
# sweep cannot avoid). Prints figures and ratios; never fails on a timing. See e2e/bench/README.md.
#
# Seeding (fast, and what a real store looks like to the collector): the blobs are written straight
# into the filesystem blob store's layout (blobs/sha256/<2 hex>/<sha256>) by one Python process, and
# their metadata is loaded in bulk with psql COPY into the runtime's (embedded) PostgreSQL:
#   50% blob rows referenced by assets of a generic repository (kept),
#   40% blob rows nothing references (marked, then swept),
#   10% files without any row (orphans of refused uploads, dated two days back; swept).
#
# Needs the packaged runtime (mvn -B -pl registry-runtime -am package -DskipTests), python3, psql.
# Knobs: BENCH_BLOBS (100000), BENCH_BLOB_BYTES (512), BENCH_ROUNDS (3), BENCH_WORK_DIR (e2e/target),
#   BENCH_KEEP=1, GRANARY_RUNTIME_JAR, GRANARY_BENCH_JAVA_OPTS.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runtime_jar=${GRANARY_RUNTIME_JAR:-$repo_root/registry-runtime/target/quarkus-app/quarkus-run.jar}
blobs=${BENCH_BLOBS:-100000}
blob_bytes=${BENCH_BLOB_BYTES:-512}
rounds=${BENCH_ROUNDS:-3}
work_parent=${BENCH_WORK_DIR:-$repo_root/e2e/target}
token="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
repo=bench

log() { printf '[gc-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

command -v python3 >/dev/null || die "python3 is required"
command -v psql >/dev/null || die "psql is required (apt-get install postgresql-client)"
[ -f "$runtime_jar" ] || die "no runtime at $runtime_jar; build it: mvn -B -pl registry-runtime -am package -DskipTests"

mkdir -p "$work_parent"
tmp=$(mktemp -d "$work_parent/gc-bench.XXXXXX")
granary_pid=""

stop_pid() {
  local pid=$1 waited=0
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt $(($2 * 10)) ]; do sleep 0.1; waited=$((waited + 1)); done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  stop_pid "$granary_pid" 30
  if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $tmp"; else rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local p
  for p in $(seq "$1" $(($1 + 200))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  die "no free port in $1..$(($1 + 200))"
}
now() { date +%s.%N; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"; }
hwm_kib() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }

# ---------------------------------------------------------------- runtime

port=$(free_port 18480)
data=$tmp/data
mkdir -p "$tmp/repos" "$data"
cat >"$tmp/repos/$repo.yaml" <<EOF
apiVersion: granary.io/v1alpha1
kind: Repository
metadata: {name: $repo}
spec: {format: generic, type: hosted}
EOF
log "starting the runtime on 127.0.0.1:$port"
# A zero grace (allowed by lowering the minimum) makes one collection sweep everything unreferenced.
# shellcheck disable=SC2086
GRANARY_GC_MIN_GRACE=0s java ${GRANARY_BENCH_JAVA_OPTS:--Xmx512m -Xmn48m} -jar "$runtime_jar" standalone --port "$port" \
  --data-dir "$data" --admin-token "$token" --repositories "$tmp/repos" >>"$tmp/granary.log" 2>&1 &
granary_pid=$!
for _ in $(seq 1 600); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/q/health/ready")" = 200 ] && break
  kill -0 "$granary_pid" 2>/dev/null || die "runtime died: $(tail -20 "$tmp/granary.log")"
  sleep 0.2
done
base="http://127.0.0.1:$port"
# One upload through HTTP creates the repository row the seeded assets belong to.
curl -sf -o /dev/null -H "Authorization: Bearer $token" -X PUT --data-binary 'first' "$base/generic/$repo/first.txt" \
  || die "first upload failed"
pidfile=$(find "$data" -name postmaster.pid | head -1)
[ -n "$pidfile" ] || die "no embedded PostgreSQL found under $data"
pg_port=$(sed -n 4p "$pidfile")
blob_root=$(dirname "$(find "$data" -type d -name sha256 -path '*blobs*' | head -1)")/sha256
[ -d "$blob_root" ] || die "no filesystem blob store found under $data"
psql_cmd=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres)

# ---------------------------------------------------------------- seeding

seed() { # round -> writes $tmp/rows.csv and $tmp/assets.csv, files under the blob store and $tmp/ref
  python3 - "$1" "$blobs" "$blob_bytes" "$blob_root" "$tmp" <<'PY'
import hashlib, os, sys, time
rnd, n, size, root, tmp = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
old = time.time() - 2 * 86400
ref = os.path.join(tmp, "ref")
with open(os.path.join(tmp, "rows.csv"), "w") as rows, open(os.path.join(tmp, "assets.csv"), "w") as assets:
    for i in range(n):
        body = (b"round %d blob %d " % (rnd, i)).ljust(size, b".")
        sha = hashlib.sha256(body).hexdigest()
        folder = os.path.join(root, sha[:2])
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, sha)
        with open(path, "wb") as f:
            f.write(body)
        os.utime(path, (old, old))
        kind = i % 10
        if kind < 9:
            rows.write("%s,%d\n" % (sha, size))
        if kind < 5:
            assets.write("r%d/b%d,%s,%d\n" % (rnd, i, sha, size))
        # The reference: as many files of the same size, in the same fan-out, on the same disk.
        rfolder = os.path.join(ref, sha[:2])
        os.makedirs(rfolder, exist_ok=True)
        with open(os.path.join(rfolder, sha), "wb") as f:
            f.write(body)
PY
  "${psql_cmd[@]}" <<SQL
CREATE TEMP TABLE seed_blob (sha256 CHAR(64), size BIGINT);
\copy seed_blob FROM '$tmp/rows.csv' WITH (FORMAT csv)
INSERT INTO blob (sha256, size) SELECT sha256, size FROM seed_blob;
CREATE TEMP TABLE seed_asset (path TEXT, sha256 CHAR(64), size BIGINT);
\copy seed_asset FROM '$tmp/assets.csv' WITH (FORMAT csv)
INSERT INTO asset (repository_id, path, blob_sha256, size, content_type)
  SELECT r.id, s.path, s.sha256, s.size, 'application/octet-stream' FROM seed_asset s, repository r WHERE r.name = '$repo';
ANALYZE blob; ANALYZE asset;
SQL
}

# ---------------------------------------------------------------- rounds

gc_walls=() ref_walls=() cpus=() hwms=() freed=()
for round in $(seq 1 "$rounds"); do
  log "round $round: seeding $blobs blobs of $blob_bytes bytes"
  rm -rf "$tmp/ref"
  seed_start=$(now)
  seed "$round"
  log "round $round: seeded in $(echo "$(now) - $seed_start" | bc) s"
  sync
  cpu_before=$(cpu_seconds "$granary_pid")
  start=$(now)
  curl -sf -o "$tmp/gc.json" --max-time 3600 -H "Authorization: Bearer $token" -X POST "$base/api/v1/gc?grace=0s" \
    || die "gc failed: $(cat "$tmp/gc.json" 2>/dev/null)"
  wall=$(echo "$(now) - $start" | bc)
  cpu=$(echo "$(cpu_seconds "$granary_pid") - $cpu_before" | bc)
  hwm=$(hwm_kib "$granary_pid")
  swept=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["blobsSwept"] + r["orphansSwept"], r["bytesFreed"])' "$tmp/gc.json")
  sync
  start=$(now)
  find "$tmp/ref" -type f -delete
  ref_wall=$(echo "$(now) - $start" | bc)
  log "round $round: gc ${wall}s (cpu ${cpu}s) swept/freed: $swept; find -delete of $blobs files ${ref_wall}s; VmHWM ${hwm} KiB"
  gc_walls+=("$wall") ref_walls+=("$ref_wall") cpus+=("$cpu") hwms+=("$hwm") freed+=("$swept")
done

gc_median=$(printf '%s\n' "${gc_walls[@]}" | median)
ref_median=$(printf '%s\n' "${ref_walls[@]}" | median)
cpu_median=$(printf '%s\n' "${cpus[@]}" | median)
hwm_max=$(printf '%s\n' "${hwms[@]}" | sort -g | tail -1)
printf '\n== garbage collection over %d blobs (%d bytes each; 50%% referenced, 40%% unreferenced rows, 10%% orphan files)\n' \
  "$blobs" "$blob_bytes"
printf 'rounds: %d; swept/freed per round: %s\n' "$rounds" "${freed[*]}"
printf 'gc wall time, median: %.2f s (rounds: %s)\n' "$gc_median" "${gc_walls[*]}"
printf 'reference find -delete of %d files, median: %.2f s; ratio gc/reference: %.1fx\n' "$blobs" "$ref_median" \
  "$(echo "$gc_median / $ref_median" | bc -l)"
printf 'runtime CPU per blob examined, median: %.1f us\n' "$(echo "$cpu_median * 1000000 / $blobs" | bc -l)"
printf 'runtime peak RSS (VmHWM since start, includes startup and seeding traffic): %d MiB\n' $((hwm_max / 1024))
