#!/usr/bin/env bash
# Granary generic-repository benchmark: one run, Granary measured against references (nginx
# sendfile / WebDAV PUT, openssl sha256) started and measured in the same run on this machine.
# Prints figures and ratios; never fails on a timing. See e2e/bench/README.md.
#
# Needs the packaged runtime: mvn -B install -DskipTests
# Knobs (environment): BENCH_BIG_MIB (1024), BENCH_RSS_MIB (4096), BENCH_WRK_SECONDS (10),
#   BENCH_PUT_ROUNDS (5), BENCH_GET_ROUNDS (5; BENCH_ROUNDS is read as its old name),
#   BENCH_GET_SEND_MODES ("": other granary.http.blob-send modes, e.g. "sendfile", each measured in
#   the GET rounds by a runtime of its own),
#   BENCH_PUT_ONLY=1 (stop after the PUT section and print its rows; for iterating on uploads),
#   BENCH_WORK_DIR (e2e/target), BENCH_KEEP=1 (keep the temp dir),
#   GRANARY_RUNTIME_JAR, GRANARY_BENCH_JAVA_OPTS (JVM options for the runtime; default: the heap
#   settings README.md's run command uses, so the bench measures what a user runs).
set -euo pipefail

bench_name=bench
# shellcheck source=e2e/bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
big_mib=${BENCH_BIG_MIB:-1024}
rss_mib=${BENCH_RSS_MIB:-4096}
wrk_seconds=${BENCH_WRK_SECONDS:-10}
put_rounds=${BENCH_PUT_ROUNDS:-5}
get_rounds=${BENCH_GET_ROUNDS:-${BENCH_ROUNDS:-5}}
token="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
repo=bench
rss_limit_mib=128

# ---------------------------------------------------------------- tools

# shellcheck source=/dev/null
source "$repo_root/.ci/install-tools.sh"
granary_ensure_apt nginx wrk openssl curl procps || die "cannot install nginx/wrk/openssl/curl/procps"
nginx_build=$("$(command -v nginx || echo /usr/sbin/nginx)" -V 2>&1)  # captured first: grep -q closing a pipe early would fail it under pipefail
grep -q -- '--with-http_dav_module' <<<"$nginx_build" || die "this nginx lacks http_dav_module"
[ -f "$runtime_jar" ] || die "no runtime at $runtime_jar; build it first: mvn -B install -DskipTests"

# ---------------------------------------------------------------- temp dir and cleanup

mkdir -p "$work_parent" "$results_dir"
tmp=$(mktemp -d "$work_parent/generic-bench.XXXXXX")
granary_pid=""
nosync_pid=""
nginx_pid=""
sampler_pid=""

cleanup() {
  local rc=$?
  stop_pid "$sampler_pid" 2
  stop_pid "$granary_pid" 30
  stop_pid "$nosync_pid" 30
  stop_pid "$nginx_pid" 10
  stop_leftovers "$tmp/granary-"
  if [ -d "$tmp" ]; then
    cp "$tmp/granary.log" "$results_dir/generic-bench-granary.log" 2>/dev/null || true
    cp "$tmp/granary-nosync.log" "$results_dir/generic-bench-granary-nosync.log" 2>/dev/null || true
    cp "$tmp/nginx/error.log" "$results_dir/generic-bench-nginx-error.log" 2>/dev/null || true
    if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $tmp"; else rm -rf "$tmp"; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- nginx (reference)

nginx_port=$(free_port 18180)
nginx_url="http://127.0.0.1:$nginx_port"

# ---------------------------------------------------------------- Granary

granary_port=$(free_port 18280)
granary_url="http://127.0.0.1:$granary_port"
# A second runtime with granary.storage.filesystem.sync=none, for the PUT comparison at nginx's
# durability (nginx never fsyncs a PUT); the default runtime fsyncs every upload before its 201.
nosync_port=$(free_port $((granary_port + 1)))
nosync_url="http://127.0.0.1:$nosync_port"
mkdir -p "$tmp/granary-data" "$tmp/granary-nosync-data"
repository_yaml "$tmp/repos" "$repo" "{format: generic, type: hosted, access: {anonymousRead: false}, storage: {quota: 100Gi}}"

start_granary() { granary_start granary_pid "$granary_port" "$tmp/granary-data" "$tmp/repos" "$tmp/granary.log"; }
start_nosync() {
  granary_start nosync_pid "$nosync_port" "$tmp/granary-nosync-data" "$tmp/repos" "$tmp/granary-nosync.log" \
    -Dgranary.storage.filesystem.sync=none
}

# curl helpers; each prints "<http code> <bytes per second>". -H 'Expect:' for both servers alike:
# a large PUT would otherwise wait for a 100-continue that not every server sends.
curl_put() { # file url [extra curl args...]
  local f=$1 u=$2; shift 2
  curl -sS -o "$tmp/put-response" -w '%{http_code} %{speed_upload}' --connect-timeout 5 --max-time 900 \
    -H 'Expect:' -T "$f" "$@" "$u"
}
curl_get() { # url [extra curl args...]
  local u=$1; shift
  curl -sS -o /dev/null -w '%{http_code} %{speed_download}' --connect-timeout 5 --max-time 900 "$@" "$u"
}
auth=(-H "Authorization: Bearer $token")

expect_code() { # "<code> <speed>" allowed-codes... ; prints speed
  local result=$1; shift
  local code=${result%% *} c
  for c in "$@"; do [ "$code" = "$c" ] && { echo "${result#* }"; return 0; }; done
  die "HTTP $code (wanted $*); response: $(head -c 500 "$tmp/put-response" 2>/dev/null)"
}

load_start=$(load_average)
log "starting nginx on $nginx_url and Granary on $granary_url (work dir $tmp)"
# WebDAV PUT; the body temp dir is on the root's filesystem, so a finished PUT is a rename, as
# Granary's commit is.
nginx_start "$tmp/nginx" "$nginx_port" "dav_methods PUT; create_full_put_path on; client_max_body_size 0;"
start_granary
start_nosync
log "all ready"

# ---------------------------------------------------------------- 1. PUT of ${big_mib} MiB with sha256

section "PUT ${big_mib} MiB (random data, X-Checksum-Sha256 verified by Granary), median of $put_rounds rounds"
# One file for every server and round, so the rounds differ only in the servers' work; the order of
# the servers alternates from round to round, so none always runs right after another's write-back.
# A round's four measurements: nginx PUT; nginx PUT then fsync of what it wrote (timed together:
# "nginx durable", the promise Granary's default 201 makes); Granary with sync=commit; Granary
# with sync=none. Every PUT starts after a `sync`, so none inherits another's dirty pages. Each
# Granary round PUTs to a new path and deletes it after: the bytes are hashed, written and synced
# every time (the same content only skips the final rename into the content-addressed place).
printf 'durability: Granary default fsyncs before 201; nginx and Granary sync=none leave write-back to the kernel\n'
big_bytes=$((big_mib * 1024 * 1024))
f="$tmp/put.bin"
make_random_file "$f" "$big_mib"
t0=$(now); sha1=$(openssl dgst -sha256 -r "$f" | cut -c1-64); t1=$(now)
sha_speed=$(awk -v b="$big_bytes" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.0f", b / (t1 - t0) }')
speed() { awk -v b="$big_bytes" -v t0="$1" -v t1="$2" 'BEGIN { printf "%.0f", b / (t1 - t0) }'; }
put_nginx() { # sets n (the PUT alone) and nd (the PUT, then fsync of what nginx wrote, timed together)
  local t0 t1
  rm -f "$tmp/nginx/www/put.bin"
  sync
  t0=$(now)
  n=$(expect_code "$(curl_put "$f" "$nginx_url/put.bin")" 201 204)
  sync "$tmp/nginx/www/put.bin"
  t1=$(now)
  nd=$(speed "$t0" "$t1")
}
put_granary() { # url pid round; prints bytes/s; adds the runtime's CPU per thread to $tmp/cpu-<pid>
  local s before
  sync
  before=$(thread_cpu "$2")
  s=$(expect_code "$(curl_put "$f" "$1/generic/$repo/big/put-$3.bin" "${auth[@]}" -H "X-Checksum-Sha256: $sha1")" 201)
  thread_cpu_delta "$before" "$(thread_cpu "$2")" >>"$tmp/cpu-$2"
  sync
  curl -sS -o /dev/null --max-time 60 -X DELETE "${auth[@]}" "$1/generic/$repo/big/put-$3.bin" || true
  echo "$s"
}
all_g=(); all_n=(); all_nd=(); all_gn=()
for r in $(seq 1 "$put_rounds"); do
  if [ $((r % 2)) -eq 1 ]; then
    put_nginx; g=$(put_granary "$granary_url" "$granary_pid" "$r"); gn=$(put_granary "$nosync_url" "$nosync_pid" "$r")
  else
    gn=$(put_granary "$nosync_url" "$nosync_pid" "$r"); g=$(put_granary "$granary_url" "$granary_pid" "$r"); put_nginx
  fi
  printf 'round %d: granary %s MB/s  nginx+fsync %s MB/s | granary sync=none %s MB/s  nginx %s MB/s\n' \
    "$r" "$(mbps "$g")" "$(mbps "$nd")" "$(mbps "$gn")" "$(mbps "$n")"
  all_g+=("$g"); all_n+=("$n"); all_nd+=("$nd"); all_gn+=("$gn")
done
put_g=$(median "${all_g[@]}"); put_n=$(median "${all_n[@]}"); put_nd=$(median "${all_nd[@]}"); put_gn=$(median "${all_gn[@]}")
printf 'openssl dgst -sha256 of the file: %s MB/s\n' "$(mbps "$sha_speed")"
# Per-thread CPU of the default runtime over its PUT rounds, per GiB: where the work goes,
# whatever else the machine was doing.
# Per-thread CPU of each runtime over its PUTs, per GiB: where the work goes, whatever else the
# machine was doing (load-independent, unlike the speeds).
cpu_per_gib() { # pid; "name seconds-per-GiB" lines, busiest first
  awk -v g="$(awk -v r="$put_rounds" -v m="$big_mib" 'BEGIN { print r * m / 1024 }')" \
    '{ s[$1] += $2 } END { for (n in s) if (s[n] / g >= 0.01) printf "  %-24s %6.2f\n", n, s[n] / g }' "$tmp/cpu-$1" | sort -k2 -gr
}
printf 'CPU seconds per GiB of PUT by thread, Granary sync=commit:\n%s\n' "$(cpu_per_gib "$granary_pid")"
printf 'CPU seconds per GiB of PUT by thread, Granary sync=none:\n%s\n' "$(cpu_per_gib "$nosync_pid")"
cp "$f" "$tmp/nginx/www/put-1.bin"   # the GETs below read the same bytes from both servers
expect_code "$(curl_put "$f" "$granary_url/generic/$repo/big/put-1.bin" "${auth[@]}" -H "X-Checksum-Sha256: $sha1")" 201 >/dev/null
mv "$f" "$tmp/put-1.bin"

stop_pid "$nosync_pid" 30; nosync_pid=""

ratio_put=$(fdiv "$put_g" "$put_n")
ratio_put_durable=$(fdiv "$put_g" "$put_nd")
ratio_put_nosync=$(fdiv "$put_gn" "$put_n")
ratio_sha=$(fdiv "$put_g" "$sha_speed")
put_rows() { # the PUT lines of the results table
  printf '%-44s %12s %12s %7s %8s %4s\n' "PUT ${big_mib} MiB+sha256 MB/s, median (ref nginx)" \
    "$(mbps "$put_g")" "$(mbps "$put_n")" "$ratio_put" ">=0.5" "$(met_ge "$ratio_put" 0.5)"
  printf '%-44s %12s %12s %7s %8s %4s\n' "  both fsync (ref nginx PUT, then fsync)" \
    "$(mbps "$put_g")" "$(mbps "$put_nd")" "$ratio_put_durable" ">=0.5" "$(met_ge "$ratio_put_durable" 0.5)"
  printf '%-44s %12s %12s %7s %8s %4s\n' "  neither fsyncs (Granary sync=none)" \
    "$(mbps "$put_gn")" "$(mbps "$put_n")" "$ratio_put_nosync" ">=0.5" "$(met_ge "$ratio_put_nosync" 0.5)"
  printf '%-44s %12s %12s %7s %8s %4s\n' "PUT ${big_mib} MiB MB/s (ref openssl dgst -sha256)" \
    "$(mbps "$put_g")" "$(mbps "$sha_speed")" "$ratio_sha" "-" "-"
}

# A wrong checksum must be refused (the figure above only counts if verification is real).
printf 'bad' >"$tmp/bad.bin"
bad=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 30 -H 'Expect:' -T "$tmp/bad.bin" "${auth[@]}" \
  -H "X-Checksum-Sha256: $sha1" "$granary_url/generic/$repo/bad.bin")
printf 'PUT with a wrong X-Checksum-Sha256: HTTP %s (400 expected)\n' "$bad"
[ "$bad" = 400 ] || log "WARNING: checksum mismatch answered $bad, not 400"

# curl (like many clients) sends 'Expect: 100-continue' for bodies over 1 MiB and waits up to 1 s
# for the interim answer; a server that never sends it costs every such upload that second.
head -c $((3 * 1024 * 1024)) "$tmp/put-1.bin" >"$tmp/expect.bin"
expect_time() { curl -sS -o /dev/null -w '%{http_code} %{time_total}' --max-time 30 -T "$tmp/expect.bin" "$@"; }
e_g=$(expect_time "${auth[@]}" "$granary_url/generic/$repo/expect/3m.bin")
e_n=$(expect_time "$nginx_url/expect-3m.bin")
printf 'PUT 3 MiB with Expect: 100-continue (curl default): granary HTTP %s in %s s, nginx HTTP %s in %s s\n' \
  "${e_g%% *}" "${e_g#* }" "${e_n%% *}" "${e_n#* }"
awk -v t="${e_g#* }" 'BEGIN { exit !(t + 0 >= 0.9) }' && log "WARNING: Granary did not answer 100 Continue; clients wait ~1 s per upload"
rm -f "$tmp/expect.bin" "$tmp/nginx/www/expect-3m.bin"
if [ "${BENCH_PUT_ONLY:-0}" = 1 ]; then
  section "Results (PUT only)"
  load_report "$load_start"
  put_rows
  exit 0
fi

# ---------------------------------------------------------------- 2. GET of ${big_mib} MiB

section "GET ${big_mib} MiB, median of $get_rounds rounds (order alternates)"
# Besides the speed, each GET's CPU: the server's (Granary's JVM; nginx's workers) and curl's. On
# loopback the kernel's TCP receive work lands on whichever side's context it happens to run in, so
# the split between server and client moves from round to round; their sum per GiB does not depend
# on what else the machine runs, and on 2 cores the larger of the two bounds the speed.
get_once() { # label url server-pids [curl args...]: prints "label bytes/s server-cpu client-cpu"
  local label=$1 url=$2 before result client
  local -a pids
  read -r -a pids <<<"$3"
  shift 3
  before=$(process_cpu "${pids[@]}")
  client_cpu client curl_get "$url" "$@" >"$tmp/get-result"
  result=$(expect_code "$(cat "$tmp/get-result")" 200)
  printf '%s %s %s %s\n' "$label" "$result" \
    "$(awk -v a="$before" -v b="$(process_cpu "${pids[@]}")" 'BEGIN { printf "%.2f", b - a }')" "$client"
}
nginx_workers=$(pgrep -P "$nginx_pid" | tr '\n' ' ')
# The runtime above sends with its configured granary.http.blob-send (auto: it copies to loopback
# clients such as curl here). Each mode in BENCH_GET_SEND_MODES gets a runtime of its own, serving
# the same file, measured in the same rounds as "granary-<mode>".
declare -A get_url=([nginx]="$nginx_url/put-1.bin" [granary]="$granary_url/generic/$repo/big/put-1.bin")
declare -A get_pids=([nginx]="$nginx_workers" [granary]="$granary_pid")
getters="nginx granary"
for mode in ${BENCH_GET_SEND_MODES:-}; do
  mode_port=$(free_port $((granary_port + 10)))
  granary_start mode_pid "$mode_port" "$tmp/granary-send-$mode-data" "$tmp/repos" "$tmp/granary-send-$mode.log" \
    "-Dgranary.http.blob-send=$mode"
  expect_code "$(curl_put "$tmp/put-1.bin" "http://127.0.0.1:$mode_port/generic/$repo/big/put-1.bin" "${auth[@]}")" 201 >/dev/null
  get_url[granary-$mode]="http://127.0.0.1:$mode_port/generic/$repo/big/put-1.bin"
  get_pids[granary-$mode]=$mode_pid
  getters="$getters granary-$mode"
done
get_one() { # label: one measured GET of that server
  if [ "$1" = nginx ]; then get_once nginx "${get_url[nginx]}" "${get_pids[nginx]}"
  else get_once "$1" "${get_url[$1]}" "${get_pids[$1]}" "${auth[@]}"; fi
}
# One untimed GET from each first, as the other sections warm up: the runtime's first download after
# the uploads would otherwise share the CPU with the JIT compiling the download path.
for who in $getters; do get_one "$who" >/dev/null; done
: >"$tmp/get-rounds"
for r in $(seq 1 "$get_rounds"); do
  order=$getters
  [ $((r % 2)) -eq 1 ] || order=$(tr ' ' '\n' <<<"$getters" | tac | tr '\n' ' ')
  for who in $order; do get_one "$who" >>"$tmp/get-rounds"; done
  printf 'round %d: %s\n' "$r" "$(tail -n "$(wc -w <<<"$getters")" "$tmp/get-rounds" | awk '{ printf "%s %.1f MB/s (cpu s: server %s, curl %s)  ", $1, $2 / 1e6, $3, $4 }')"
done
get_median() { # label column (2 speed, 3 server cpu, 4 curl cpu, "both" 3 + 4): median over the label's rounds
  local -a figures
  mapfile -t figures < <(awk -v l="$1" -v c="$2" '$1 == l { print (c == "both") ? $3 + $4 : $c }' "$tmp/get-rounds")
  median "${figures[@]}"
}
get_g=$(get_median granary 2); get_n=$(get_median nginx 2)
gib=$(awk -v m="$big_mib" 'BEGIN { print m / 1024 }')
declare -A get_cpu
for who in $getters; do
  get_cpu[$who]=$(printf 'server %s, curl %s, both %s' \
    "$(fdiv "$(get_median "$who" 3)" "$gib" 2)" "$(fdiv "$(get_median "$who" 4)" "$gib" 2)" \
    "$(fdiv "$(get_median "$who" both)" "$gib" 2)")
  printf 'CPU seconds per GiB of GET, %-16s median: %s\n' "$who" "${get_cpu[$who]}"
  [ "$who" = nginx ] || printf 'GET MB/s, %-16s median: %s (ratio to nginx %s)\n' "$who" \
    "$(mbps "$(get_median "$who" 2)")" "$(fdiv "$(get_median "$who" 2)" "$get_n")"
done
for mode in ${BENCH_GET_SEND_MODES:-}; do stop_pid "${get_pids[granary-$mode]}" 30; done
got=$(curl -sS --max-time 300 "${auth[@]}" "$granary_url/generic/$repo/big/put-1.bin" | openssl dgst -sha256 -r | cut -c1-64)
[ "$got" = "$sha1" ] || log "WARNING: Granary served ${big_mib} MiB with sha256 $got, stored $sha1"
rm -f "$tmp/put-1.bin" "$tmp/nginx/www/put-1.bin"

# ---------------------------------------------------------------- 3. 1 KiB GETs per second

section "1 KiB GETs with Authorization: Bearer, wrk -t2 -c32 -d${wrk_seconds}s"
head -c 1024 /dev/urandom >"$tmp/small.bin"
cp "$tmp/small.bin" "$tmp/nginx/www/small.bin"
expect_code "$(curl_put "$tmp/small.bin" "$granary_url/generic/$repo/small/small.bin" "${auth[@]}")" 201 >/dev/null
[ "$(curl -sS --max-time 10 "${auth[@]}" "$granary_url/generic/$repo/small/small.bin" | cmp - "$tmp/small.bin" && echo same)" = same ] \
  || die "Granary does not serve the 1 KiB file back"
denied=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$granary_url/generic/$repo/small/small.bin")
printf 'GET without a token: HTTP %s (401 expected: the figure includes the auth check)\n' "$denied"

# A short discarded run first, so the JIT has compiled the small-request path before it is timed.
wrk_warm 3 "${auth[@]}" "$granary_url/generic/$repo/small/small.bin"
wrk_warm 3 "${auth[@]}" "$nginx_url/small.bin"
read -r rps_n _ < <(wrk_run "${auth[@]}" "$nginx_url/small.bin")
read -r rps_g _ < <(wrk_run "${auth[@]}" "$granary_url/generic/$repo/small/small.bin")
printf 'granary %s req/s  nginx %s req/s\n' "$rps_g" "$rps_n"

# ---------------------------------------------------------------- 4. RSS over a ${rss_mib} MiB upload + download

section "Runtime RSS (VmRSS every 0.2 s) over a ${rss_mib} MiB upload then download, fresh runtime"
# A fresh process, so the earlier phases' heap growth does not hide or inflate this one.
stop_pid "$granary_pid" 30
start_granary
# One small request each way first: 'idle' means ready and on its request path, not just booted.
curl_put "$tmp/small.bin" "$granary_url/generic/$repo/rss/warm.bin" "${auth[@]}" >/dev/null
curl_get "$granary_url/generic/$repo/rss/warm.bin" "${auth[@]}" >/dev/null
make_random_file "$tmp/rss.bin" "$rss_mib"

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
sample_rss() { # pid out-file; at most 30 minutes of samples
  for _ in $(seq 1 9000); do
    printf '%s %s\n' "$(date +%s.%N)" "$(rss_kib "$1")" >>"$2"
    sleep 0.2
  done
}
idle_kib=0
for _ in $(seq 1 10); do idle_kib=$(fmax "$idle_kib" "$(rss_kib "$granary_pid")"); sleep 0.2; done
sample_rss "$granary_pid" "$tmp/rss.samples" &
sampler_pid=$!
up=$(expect_code "$(curl_put "$tmp/rss.bin" "$granary_url/generic/$repo/rss/big.bin" "${auth[@]}")" 201)
down=$(expect_code "$(curl_get "$granary_url/generic/$repo/rss/big.bin" "${auth[@]}")" 200)
sleep 0.4  # two more samples after the last byte
stop_pid "$sampler_pid" 2; sampler_pid=""
peak_kib=$(awk 'BEGIN { m = 0 } $2 > m { m = $2 } END { print m }' "$tmp/rss.samples")
samples=$(wc -l <"$tmp/rss.samples")
growth_kib=$((peak_kib - idle_kib))
printf 'upload %s MB/s, download %s MB/s, %s samples\n' "$(mbps "$up")" "$(mbps "$down")" "$samples"
printf 'RSS idle %d MiB, peak %d MiB, growth %d MiB (limit %d MiB)\n' \
  $((idle_kib / 1024)) $((peak_kib / 1024)) $((growth_kib / 1024)) "$rss_limit_mib"
rm -f "$tmp/rss.bin"

# ---------------------------------------------------------------- table

ratio_get=$(fdiv "$get_g" "$get_n")
ratio_rps=$(fdiv "$rps_g" "$rps_n")
growth_mib=$(awk -v k="$growth_kib" 'BEGIN { printf "%.1f", k / 1024 }')
rss_met=$(awk -v g="$growth_mib" -v l="$rss_limit_mib" 'BEGIN { print (g + 0 < l + 0) ? "yes" : "no" }')

table=$(
  printf '%-44s %12s %12s %7s %8s %4s\n' metric granary reference ratio target met
  printf '%-44s %12s %12s %7s %8s %4s\n' "GET ${big_mib} MiB MB/s, median (ref nginx)" \
    "$(mbps "$get_g")" "$(mbps "$get_n")" "$ratio_get" ">=0.9" "$(met_ge "$ratio_get" 0.9)"
  put_rows
  printf '%-44s %12s %12s %7s %8s %4s\n' "1 KiB GET req/s, bearer auth (ref nginx)" \
    "$rps_g" "$rps_n" "$ratio_rps" ">=0.35" "$(met_ge "$ratio_rps" 0.35)"
  printf '%-44s %12s %12s %7s %8s %4s\n' "RSS growth MiB, ${rss_mib} MiB up+down (limit)" \
    "$growth_mib" "$rss_limit_mib" "-" "<$rss_limit_mib" "$rss_met"
)
# Other work on the machine moves every figure; the load average says how much to trust them.
report=$(
  printf 'generic-bench %s, commit %s, %s cores, JVM options: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "$(commit_id)" "$(nproc)" "$granary_java_opts"
  load_report "$load_start"
  printf 'RSS: idle %d MiB, peak %d MiB, growth %s MiB\n' $((idle_kib / 1024)) $((peak_kib / 1024)) "$growth_mib"
  for who in $getters; do printf 'GET CPU s/GiB, median, %-16s %s\n' "$who:" "${get_cpu[$who]}"; done
  printf '%s\n' "$table"
)
section "Results"
printf '%s\n' "$report"
printf '%s\n' "$report" >"$results_dir/generic-bench-$(date -u +%Y%m%dT%H%M%SZ).txt"
log "table saved under $results_dir"
