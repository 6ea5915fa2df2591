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
# Needs the packaged runtime (mvn -B -pl registry-runtime -am package -DskipTests), python3 and a psql
# client: from PATH, else a PostgreSQL installation's (/usr/lib/postgresql/*/bin). The embedded PostgreSQL
# the runtime unpacks ships only initdb, pg_ctl and postgres, so without a client the bench is skipped
# (with the reason; under CI=true it fails instead).
# Knobs: BENCH_BLOBS (100000), BENCH_BLOB_BYTES (512), BENCH_ROUNDS (3), BENCH_WORK_DIR (e2e/target),
#   BENCH_KEEP=1, GRANARY_RUNTIME_JAR, GRANARY_BENCH_JAVA_OPTS.
set -euo pipefail

bench_name=gc-bench
# shellcheck source=e2e/bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

blobs=${BENCH_BLOBS:-100000}
blob_bytes=${BENCH_BLOB_BYTES:-512}
rounds=${BENCH_ROUNDS:-3}
token="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
repo=bench

# The first psql found: PATH, then PostgreSQL installations, newest version first.
find_psql() {
  local candidate
  command -v psql && return 0
  for candidate in $(printf '%s\n' /usr/lib/postgresql/*/bin/psql /usr/pgsql-*/bin/psql | sort -rV); do
    [ -x "$candidate" ] && { echo "$candidate"; return 0; }
  done
  return 1
}
hwm_kib() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }

command -v python3 >/dev/null || die "python3 is required"
if ! psql_bin=$(find_psql); then
  [ "${CI:-}" = true ] && die "no psql client found (PATH, /usr/lib/postgresql/*/bin); install postgresql-client"
  log "SKIPPED: no psql client found on PATH or under /usr/lib/postgresql/*/bin (the embedded PostgreSQL has none);"
  log "         install postgresql-client to seed $blobs blob rows in bulk"
  exit 0
fi
[ -f "$runtime_jar" ] || die "no runtime at $runtime_jar; build it: mvn -B -pl registry-runtime -am package -DskipTests"

mkdir -p "$work_parent"
tmp=$(mktemp -d "$work_parent/gc-bench.XXXXXX")
granary_pid=""
cleanup() {
  local rc=$?
  stop_pid "$granary_pid" 30
  stop_leftovers "$tmp"
  if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $tmp"; else rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- runtime

port=$(free_port 18480)
data=$tmp/data
mkdir -p "$data"
repository_yaml "$tmp/repos" "$repo" "{format: generic, type: hosted}"
log "starting the runtime on 127.0.0.1:$port (psql: $psql_bin)"
# A zero grace (allowed by lowering the minimum) makes one collection sweep everything unreferenced.
export GRANARY_GC_MIN_GRACE=0s
granary_start granary_pid "$port" "$data" "$tmp/repos" "$tmp/granary.log"
base="http://127.0.0.1:$port"
# One upload through HTTP creates the repository row the seeded assets belong to.
curl -sf -o /dev/null -H "Authorization: Bearer $token" -X PUT --data-binary 'first' "$base/generic/$repo/first.txt" \
  || die "first upload failed"
pidfile=$(find "$data" -name postmaster.pid | head -1)
[ -n "$pidfile" ] || die "no embedded PostgreSQL found under $data"
pg_port=$(sed -n 4p "$pidfile")
blob_root=$(dirname "$(find "$data" -type d -name sha256 -path '*blobs*' | head -1)")/sha256
[ -d "$blob_root" ] || die "no filesystem blob store found under $data"
psql_cmd=("$psql_bin" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres)

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
  cpu_before=$(process_cpu "$granary_pid")
  start=$(now)
  curl -sf -o "$tmp/gc.json" --max-time 3600 -H "Authorization: Bearer $token" -X POST "$base/api/v1/gc?grace=0s" \
    || die "gc failed: $(cat "$tmp/gc.json" 2>/dev/null)"
  wall=$(echo "$(now) - $start" | bc)
  cpu=$(echo "$(process_cpu "$granary_pid") - $cpu_before" | bc)
  hwm=$(hwm_kib "$granary_pid")
  swept=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["blobsSwept"] + r["orphansSwept"], r["bytesFreed"])' "$tmp/gc.json")
  sync
  start=$(now)
  find "$tmp/ref" -type f -delete
  ref_wall=$(echo "$(now) - $start" | bc)
  log "round $round: gc ${wall}s (cpu ${cpu}s) swept/freed: $swept; find -delete of $blobs files ${ref_wall}s; VmHWM ${hwm} KiB"
  gc_walls+=("$wall") ref_walls+=("$ref_wall") cpus+=("$cpu") hwms+=("$hwm") freed+=("$swept")
done

gc_median=$(median "${gc_walls[@]}")
ref_median=$(median "${ref_walls[@]}")
cpu_median=$(median "${cpus[@]}")
hwm_max=$(printf '%s\n' "${hwms[@]}" | sort -g | tail -1)
printf '\n== garbage collection over %d blobs (%d bytes each; 50%% referenced, 40%% unreferenced rows, 10%% orphan files)\n' \
  "$blobs" "$blob_bytes"
printf 'rounds: %d; swept/freed per round: %s\n' "$rounds" "${freed[*]}"
printf 'gc wall time, median: %.2f s (rounds: %s)\n' "$gc_median" "${gc_walls[*]}"
printf 'reference find -delete of %d files, median: %.2f s; ratio gc/reference: %.1fx\n' "$blobs" "$ref_median" \
  "$(echo "$gc_median / $ref_median" | bc -l)"
printf 'runtime CPU per blob examined, median: %.1f us\n' "$(echo "$cpu_median * 1000000 / $blobs" | bc -l)"
printf 'runtime peak RSS (VmHWM since start, includes startup and seeding traffic): %d MiB\n' $((hwm_max / 1024))
