#!/usr/bin/env bash
# Granary replication benchmark: `granary replicate` from registry A to B against a plain blob copy from A to a
# third, identical registry C (curl GET piped into curl PUT, same concurrency), measured in the same run, right
# after the replication. Prints per-round figures, the medians and the ratio (target >= 0.8x), plus the
# replicate process's CPU seconds per GiB (a figure the machine's load does not inflate much); never fails on
# a timing. See e2e/bench/README.md.
#
# Needs the packaged runtime: mvn -B package -DskipTests -pl registry-runtime -am
# Usage: replication-bench.sh [--gib N] [--rounds N]   (default 10 GiB, 1 round; e.g. --gib 1 --rounds 3)
# Knobs (environment): BENCH_GIB (10), BENCH_ROUNDS (1), BENCH_FILE_MIB (256), BENCH_CONCURRENCY (4),
#   BENCH_WORK_DIR (e2e/target), BENCH_KEEP=1, GRANARY_RUNTIME_JAR, GRANARY_BENCH_JAVA_OPTS.
# Disk: the source holds N GiB, B and C each receive N GiB per round (a fresh repository each), so one 10 GiB
# round needs about 30 GiB free.
set -euo pipefail

bench_name=replication-bench
# shellcheck source=e2e/bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

gib=${BENCH_GIB:-10}
rounds=${BENCH_ROUNDS:-1}
while [ $# -gt 0 ]; do
  case "$1" in
    --gib) gib=${2:?--gib needs a number}; shift 2 ;;
    --rounds) rounds=${2:?--rounds needs a number}; shift 2 ;;
    *) die "unknown argument $1 (usage: replication-bench.sh [--gib N] [--rounds N])" ;;
  esac
done
file_mib=${BENCH_FILE_MIB:-256}
concurrency=${BENCH_CONCURRENCY:-4}
token="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

command -v curl >/dev/null || die "curl is required"
[ -f "$runtime_jar" ] || die "no runtime at $runtime_jar; build it first: mvn -B package -DskipTests -pl registry-runtime -am"

mkdir -p "$work_parent"
tmp=$(mktemp -d "$work_parent/replication-bench.XXXXXX")
pid_a="" pid_b="" pid_c=""
cleanup() {
  local rc=$?
  stop_pid "$pid_a" 30; stop_pid "$pid_b" 30; stop_pid "$pid_c" 30
  stop_leftovers "$tmp"
  if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $tmp"; else rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
load_at_start=$(load_average)

repository_yaml "$tmp/repos" bench '{format: generic, type: hosted}'
for r in $(seq 1 "$rounds"); do
  repository_yaml "$tmp/repos" "mirror-$r" '{format: generic, type: hosted}'
  repository_yaml "$tmp/repos" "reference-$r" '{format: generic, type: hosted}'
done

port_a=$(free_port 18600); url_a="http://127.0.0.1:$port_a"
log "starting registry A (source) at $url_a"
granary_start pid_a "$port_a" "$tmp/a-data" "$tmp/repos" "$tmp/a.log"
port_b=$(free_port $((port_a + 1))); url_b="http://127.0.0.1:$port_b"
log "starting registry B (replication target) at $url_b"
granary_start pid_b "$port_b" "$tmp/b-data" "$tmp/repos" "$tmp/b.log"
# The reference copies into its own registry C: a target that already stored the same blobs (content-addressed)
# could answer the second copier faster, which would make the comparison unfair to whichever runs second.
port_c=$(free_port $((port_b + 1))); url_c="http://127.0.0.1:$port_c"
log "starting registry C (reference target) at $url_c"
granary_start pid_c "$port_c" "$tmp/c-data" "$tmp/repos" "$tmp/c.log"

files=$(( gib * 1024 / file_mib ))
[ "$files" -ge 1 ] || files=1
total_bytes=$(( files * file_mib * 1024 * 1024 ))
log "filling registry A with $files files of $file_mib MiB ($(( total_bytes / 1048576 )) MiB)"
for i in $(seq 1 "$files"); do
  make_random_file "$tmp/file" "$file_mib"
  code=$(curl -sS -o /dev/null -w '%{http_code}' -H 'Expect:' -H "Authorization: Bearer $token" -T "$tmp/file" \
    "$url_a/generic/bench/data/part-$i.bin")
  [ "$code" = 201 ] || die "upload to A answered $code"
done
rm -f "$tmp/file"

plain_copy() { # round
  seq 1 "$files" | xargs -P "$concurrency" -I{} sh -c \
    "curl -sSf -H 'Authorization: Bearer $token' '$url_a/generic/bench/data/part-{}.bin' | \
     curl -sSf -o /dev/null -H 'Expect:' -H 'Authorization: Bearer $token' -T - '$url_c/generic/reference-$1/data/part-{}.bin'"
}

# Runs `granary replicate` A→B in the background and waits, so its CPU time can be read from /proc just before
# it ends; sets replicate_cpu (seconds, user + system).
replicate() { # round
  GRANARY_REPLICATE_SOURCE_TOKEN=$token GRANARY_REPLICATE_TARGET_TOKEN=$token \
    java -Xmx256m -jar "$runtime_jar" replicate --format generic --source-url "$url_a" --source-repository bench \
    --target-url "$url_b" --target-repository "mirror-$1" --concurrency "$concurrency" \
    --source-allow-private-addresses true --target-allow-private-addresses true \
    >"$tmp/replicate.json" 2>>"$tmp/replicate.log" &
  local pid=$! cpu=0
  while kill -0 "$pid" 2>/dev/null; do
    cpu=$(awk -v t="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15 + $16 + $17) / t }' "/proc/$pid/stat" 2>/dev/null || echo "$cpu")
    sleep 0.2
  done
  wait "$pid" || die "replicate failed: $(tail -5 "$tmp/replicate.log")"
  replicate_cpu=$cpu
}

section "replication of $(( total_bytes / 1048576 )) MiB ($files files of $file_mib MiB, concurrency $concurrency) between two local registries, commit $(commit_id)"
rep_rates=() ref_rates=() ratios=() cpus=()
for r in $(seq 1 "$rounds"); do
  t0=$(now); replicate "$r"; rep_s=$(elapsed "$t0")
  grep -q '"failed":0' "$tmp/replicate.json" || die "replication reported failures: $(cat "$tmp/replicate.json")"
  grep -q "\"copied\":$files," "$tmp/replicate.json" || die "replication did not copy every file: $(cat "$tmp/replicate.json")"
  t0=$(now); plain_copy "$r"; ref_s=$(elapsed "$t0")
  rep_rate=$(fdiv "$total_bytes" "$(awk -v s="$rep_s" 'BEGIN { print s * 1048576 }')" 1)
  ref_rate=$(fdiv "$total_bytes" "$(awk -v s="$ref_s" 'BEGIN { print s * 1048576 }')" 1)
  ratio=$(fdiv "$ref_s" "$rep_s" 2)
  cpu_per_gib=$(fdiv "$replicate_cpu" "$(awk -v b="$total_bytes" 'BEGIN { print b / 1073741824 }')" 2)
  rep_rates+=("$rep_rate"); ref_rates+=("$ref_rate"); ratios+=("$ratio"); cpus+=("$cpu_per_gib")
  printf 'round %d: granary replicate %s s (%s MiB/s, %s CPU s/GiB) | plain GET|PUT copy %s s (%s MiB/s) | ratio %sx\n' \
    "$r" "$rep_s" "$rep_rate" "$cpu_per_gib" "$ref_s" "$ref_rate" "$ratio"
  # Incremental: a second run over the same target only compares digests.
  t0=$(now); replicate "$r"; inc_s=$(elapsed "$t0")
  grep -q '"copied":0,' "$tmp/replicate.json" || die "the second run copied again: $(cat "$tmp/replicate.json")"
  printf '  second (incremental) run: %s s, %s\n' "$inc_s" "$(cat "$tmp/replicate.json")"
done
ratio_median=$(median "${ratios[@]}")
printf 'median over %d round(s): replicate %s MiB/s, plain copy %s MiB/s, ratio %sx (target >= 0.8x: %s), replicate CPU %s s/GiB\n' \
  "$rounds" "$(median "${rep_rates[@]}")" "$(median "${ref_rates[@]}")" "$ratio_median" "$(met_ge "$ratio_median" 0.8)" \
  "$(median "${cpus[@]}")"
load_report "$load_at_start"
