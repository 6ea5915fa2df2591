#!/usr/bin/env bash
# Granary proxy-repository benchmark, measured against references started in the same run:
#  1. cache-hit GET throughput of a proxy repository vs the same file in a hosted repository (target >= 0.95x)
#  2. cold-miss GET time through the proxy vs the same size fetched directly from the upstream
#     (target <= 1.2x), the median ratio of several rounds, each round on a new file, for an upstream
#     that delivers at a WAN link's rate (1 Gbit/s by default: the target), and for one that delivers
#     as fast as loopback allows (reported: there the proxy's CPU, not the network, sets the time)
#  3. the server's CPU time: per cold-miss GiB (by thread) and per 10k cache hits vs 10k hosted GETs
# The upstreams are nginx on 127.0.0.1. Prints figures and ratios; never fails on a timing.
#
# Needs the packaged runtime: mvn -B -pl registry-runtime -am package -DskipTests
# Knobs: BENCH_WRK_SECONDS (10), BENCH_ROUNDS (4), BENCH_COLD_MIB (64), BENCH_COLD_ROUNDS (8), BENCH_WARM_MISSES (20),
#   BENCH_WARM_SMALL (300), BENCH_WAN_BYTES_PER_S (125000000), BENCH_WORK_DIR (e2e/target), BENCH_KEEP=1,
#   GRANARY_RUNTIME_JAR, GRANARY_BENCH_JAVA_OPTS.
set -euo pipefail

bench_name=proxy-bench
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
wrk_seconds=${BENCH_WRK_SECONDS:-10}
rounds=${BENCH_ROUNDS:-4}
cold_mib=${BENCH_COLD_MIB:-64}
cold_rounds=${BENCH_COLD_ROUNDS:-8}
# C2 was still compiling the cold path through the timed rounds after 5 (2.3 s of CPU per cold GiB).
warm_misses=${BENCH_WARM_MISSES:-20}
# Small misses exercise the per-request part of a miss (lookups, the commit's SQL) until the JIT has
# compiled it: after 20 large misses alone, C2 still compiled Hibernate's paths in every timed round.
warm_small=${BENCH_WARM_SMALL:-300}
# A proxy's upstream is another site: 1 Gbit/s is a fast link to it. Over unthrottled loopback the
# upstream delivers 64 MiB in about 50 ms, faster than the proxy can hash, store and forward it on 2 cores.
wan_rate=${BENCH_WAN_BYTES_PER_S:-125000000}
token="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
load_start=$(load_average)

# shellcheck source=/dev/null
source "$repo_root/.ci/install-tools.sh"
granary_ensure_apt nginx wrk openssl curl procps || die "cannot install nginx/wrk/openssl/curl/procps"
[ -f "$runtime_jar" ] || die "no runtime at $runtime_jar; build it first: mvn -B -pl registry-runtime -am package -DskipTests"

mkdir -p "$work_parent"
tmp=$(mktemp -d "$work_parent/proxy-bench.XXXXXX")
granary_pid=""
nginx_pid=""
cleanup() {
  local rc=$?
  stop_pid "$granary_pid" 30
  stop_pid "$nginx_pid" 10
  stop_leftovers "$tmp"
  if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $tmp"; else rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- upstream (nginx) and content
mkdir -p "$tmp/nginx/www/files"
head -c 1024 /dev/urandom >"$tmp/nginx/www/files/small.bin"
for w in $(seq 1 "$warm_misses"); do make_random_file "$tmp/nginx/www/files/warm-up-$w.bin" "$cold_mib"; done
for i in $(seq 1 "$cold_rounds"); do
  for name in cold direct wan-cold wan-direct; do make_random_file "$tmp/nginx/www/files/$name-$i.bin" "$cold_mib"; done
done
for k in $(seq 1 "$warm_small"); do head -c 4096 /dev/urandom >"$tmp/nginx/www/files/small-$k.bin"; done
nginx_port=$(free_port 18480)
# The same files under /wan/, sent at the WAN rate.
nginx_start "$tmp/nginx" "$nginx_port" "location /wan/ { alias $tmp/nginx/www/; limit_rate $wan_rate; }"
upstream="http://127.0.0.1:$nginx_port"
wan_upstream="$upstream/wan"

# ---------------------------------------------------------------- Granary: a hosted and a proxy repository
granary_port=$(free_port 18580)
granary="http://127.0.0.1:$granary_port"
repository_yaml "$tmp/repos" hosted "{format: generic, type: hosted, access: {anonymousRead: true}}"
repository_yaml "$tmp/repos" proxy "{format: generic, type: proxy, access: {anonymousRead: true},
  upstream: {url: \"$upstream/\", metadataTtl: 1h, negativeCacheTtl: 1m, allowPrivateAddresses: true}}"
repository_yaml "$tmp/repos" wan-proxy "{format: generic, type: proxy, access: {anonymousRead: true},
  upstream: {url: \"$wan_upstream/\", metadataTtl: 1h, negativeCacheTtl: 1m, allowPrivateAddresses: true}}"
granary_start granary_pid "$granary_port" "$tmp/data" "$tmp/repos" "$tmp/granary.log"
curl -sf -o /dev/null "$upstream/files/small.bin" || die "nginx is not serving"
curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $token" -T "$tmp/nginx/www/files/small.bin" \
  "$granary/generic/hosted/files/small.bin" || die "PUT to the hosted repository failed"
curl -sf -o /dev/null "$granary/generic/proxy/files/small.bin" || die "the proxy cannot fetch from nginx"
log "Granary on $granary (commit $(commit_id)), upstream nginx on $upstream, work dir $tmp"

# ---------------------------------------------------------------- 1. cache-hit throughput
section "Cache-hit GET of a 1 KiB file: proxy vs hosted (wrk 2 threads, 32 connections, ${wrk_seconds}s, $rounds rounds each)"
wrk_warm 3 "$granary/generic/hosted/files/small.bin"
wrk_warm 3 "$granary/generic/proxy/files/small.bin"
hosted_all=(); proxy_all=(); hit_cpu_all=(); hosted_cpu_all=()
# Server CPU seconds per 10k requests of one wrk run of $1 (prints "req/s cpu"): load-independent.
wrk_with_cpu() {
  local before after rps
  before=$(process_cpu "$granary_pid")
  rps=$(wrk_run "$1" | cut -d' ' -f1)
  after=$(process_cpu "$granary_pid")
  printf '%s %s\n' "$rps" "$(awk -v a="$before" -v b="$after" -v r="$rps" -v s="$wrk_seconds" 'BEGIN { printf "%.3f", (b - a) / (r * s) * 10000 }')"
}
for r in $(seq 1 "$rounds"); do
  # Alternating order, so neither side always runs on the warmer (or the busier) machine.
  if [ $((r % 2)) -eq 1 ]; then
    read -r h hosted_cpu <<<"$(wrk_with_cpu "$granary/generic/hosted/files/small.bin")"
    read -r p hit_cpu <<<"$(wrk_with_cpu "$granary/generic/proxy/files/small.bin")"
  else
    read -r p hit_cpu <<<"$(wrk_with_cpu "$granary/generic/proxy/files/small.bin")"
    read -r h hosted_cpu <<<"$(wrk_with_cpu "$granary/generic/hosted/files/small.bin")"
  fi
  printf 'round %d: hosted %s req/s, proxy %s req/s, server CPU per 10k: hosted %s s, proxy hits %s s\n' \
    "$r" "$h" "$p" "$hosted_cpu" "$hit_cpu"
  hosted_all+=("$h"); proxy_all+=("$p"); hit_cpu_all+=("$hit_cpu"); hosted_cpu_all+=("$hosted_cpu")
done
hosted_rps=$(median "${hosted_all[@]}")
proxy_rps=$(median "${proxy_all[@]}")
hit_ratio=$(fdiv "$proxy_rps" "$hosted_rps")

# ---------------------------------------------------------------- 2. cold miss vs direct
section "Cold misses: warm-up ($warm_small small files, then $warm_misses of $cold_mib MiB; untimed)"
# Untimed misses of other files first (each a real miss of new content, like every timed round):
# the cold path's code is still being compiled by the JIT otherwise; one miss left C2 compiling
# through the timed rounds.
for k in $(seq 1 "$warm_small"); do
  curl -sSf -o /dev/null "$granary/generic/proxy/files/small-$k.bin" || die "warm-up small miss $k failed"
done
for w in $(seq 1 "$warm_misses"); do
  curl -sSf -o /dev/null "$granary/generic/proxy/files/warm-up-$w.bin" || die "warm-up miss $w failed"
done
echo "done"

# time_cold_misses label upstream-url proxy-repository file-prefix: $cold_rounds rounds, each a direct GET of
# <prefix>direct-<i>.bin from the upstream and a miss of <prefix>cold-<i>.bin through the proxy, the order
# alternating. Sets ratios, direct_all, cold_all, cold_cpu_all and thread_totals.
time_cold_misses() {
  local label=$1 base=$2 repo=$3 prefix=$4 i d c code size cpu cpu_before cpu_after threads_before threads_after
  ratios=(); direct_all=(); cold_all=(); cold_cpu_all=(); thread_totals=""
  for i in $(seq 1 "$cold_rounds"); do
    # Each file is read once from disk by nginx, so both sides start from the same page-cache state.
    cat "$tmp/nginx/www/files/${prefix}direct-$i.bin" "$tmp/nginx/www/files/${prefix}cold-$i.bin" >/dev/null
    # Each timed GET starts with recently freed memory (lib.sh, warm_free_memory): a cold miss fills
    # page cache and buffers that a direct GET to /dev/null does not.
    if [ $((i % 2)) -eq 1 ]; then
      warm_free_memory "$tmp" $((cold_mib * 4))
      d=$(curl -sS -o /dev/null -w '%{time_total}' "$base/files/${prefix}direct-$i.bin")
    fi
    warm_free_memory "$tmp" $((cold_mib * 4))
    threads_before=$(thread_cpu "$granary_pid"); cpu_before=$(process_cpu "$granary_pid")
    c=$(curl -sS -o /dev/null -w '%{time_total} %{http_code} %{size_download}' "$granary/generic/$repo/files/${prefix}cold-$i.bin")
    cpu_after=$(process_cpu "$granary_pid"); threads_after=$(thread_cpu "$granary_pid")
    if [ $((i % 2)) -eq 0 ]; then
      warm_free_memory "$tmp" $((cold_mib * 4))
      d=$(curl -sS -o /dev/null -w '%{time_total}' "$base/files/${prefix}direct-$i.bin")
    fi
    read -r c code size <<<"$c"
    [ "$code" = 200 ] && [ "$size" -eq $((cold_mib * 1024 * 1024)) ] || die "$label cold miss $i answered $code with $size bytes"
    cpu=$(awk -v a="$cpu_before" -v b="$cpu_after" -v m="$cold_mib" 'BEGIN { printf "%.2f", (b - a) * 1024 / m }')
    printf 'round %d: direct %ss, proxy cold %ss, ratio %s, server CPU %s s/GiB\n' "$i" "$d" "$c" "$(fdiv "$c" "$d")" "$cpu"
    ratios+=("$(fdiv "$c" "$d")"); direct_all+=("$d"); cold_all+=("$c"); cold_cpu_all+=("$cpu")
    thread_totals+=$(thread_cpu_delta "$threads_before" "$threads_after")$'\n'
  done
}

section "Cold miss of a $cold_mib MiB file, upstream at $(mbps "$wan_rate") MB/s (a WAN link): proxy vs a direct GET ($cold_rounds rounds, a new file each)"
time_cold_misses wan "$wan_upstream" wan-proxy wan-
wan_ratio=$(median "${ratios[@]}"); wan_ratios="${ratios[*]}"
wan_cold=$(median "${cold_all[@]}"); wan_direct=$(median "${direct_all[@]}"); wan_cpu=$(median "${cold_cpu_all[@]}")

section "Cold miss of a $cold_mib MiB file, upstream on unthrottled loopback: proxy vs a direct GET ($cold_rounds rounds, a new file each)"
time_cold_misses loopback "$upstream" proxy ""
cold_ratio=$(median "${ratios[@]}")
# The checked-in copy must be complete: a warm GET of the last cold file is a hit with the same bytes.
# The client's answer ends once the bytes are verified, before the copy is synced and committed, so a
# GET right after it may still follow the fetch (a miss): ask again for up to 10 s.
for attempt in $(seq 1 50); do
  warm=$(curl -sS -D - -o "$tmp/warm.bin" "$granary/generic/proxy/files/cold-$cold_rounds.bin" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-granary-cache" { print $2 }')
  [ "$warm" = hit ] && break
  sleep 0.2
done
cmp -s "$tmp/warm.bin" "$tmp/nginx/www/files/cold-$cold_rounds.bin" && [ "$warm" = hit ] \
  || die "the cached copy of cold-$cold_rounds.bin is not a complete hit (X-Granary-Cache: $warm)"

section "Server CPU per cold-miss GiB by thread, loopback upstream (sum of $cold_rounds rounds, scaled to one GiB; threads above 0.05 s)"
printf '%s' "$thread_totals" | awk -v n="$cold_rounds" -v m="$cold_mib" 'NF == 2 { t[$1] += $2 }
  END { for (k in t) { v = t[k] * 1024 / (n * m); if (v >= 0.05) printf "  %-36s %.2f s/GiB\n", k, v } }' | sort -k2 -g -r

section "Summary (medians)"
printf '%-44s %-14s %-16s %-8s %-8s %s\n' metric proxy reference ratio target met
printf '%-44s %-14s %-16s %-8s %-8s %s\n' "cache-hit 1 KiB GET (req/s)" "$proxy_rps" "hosted $hosted_rps" "$hit_ratio" ">= 0.95" "$(met_ge "$hit_ratio" 0.95)"
printf '%-44s %-14s %-16s %-8s %-8s %s\n' "cold miss $cold_mib MiB, upstream at $(mbps "$wan_rate") MB/s (s)" "$wan_cold" "direct $wan_direct" "$wan_ratio" "<= 1.2" "$(met_le "$wan_ratio" 1.2)"
printf '%-44s %-14s %-16s %-8s %-8s %s\n' "cold miss $cold_mib MiB, loopback upstream (s)" "$(median "${cold_all[@]}")" "direct $(median "${direct_all[@]}")" "$cold_ratio" "-" "(CPU-bound; reported)"
printf 'server CPU: %s s per cold-miss GiB (loopback), %s (WAN rate); per 10k GETs: proxy hits %s s, hosted %s s (hosted/proxy %s)\n' \
  "$(median "${cold_cpu_all[@]}")" "$wan_cpu" "$(median "${hit_cpu_all[@]}")" "$(median "${hosted_cpu_all[@]}")" \
  "$(fdiv "$(median "${hosted_cpu_all[@]}")" "$(median "${hit_cpu_all[@]}")")"
printf 'cold-miss ratios of the rounds: WAN rate %s; loopback %s\n' "$wan_ratios" "${ratios[*]}"
load_report "$load_start"
