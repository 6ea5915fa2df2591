#!/usr/bin/env bash
# Granary generic-repository benchmark: one run, Granary measured against references (nginx
# sendfile / WebDAV PUT, openssl sha256) started and measured in the same run on this machine.
# Prints figures and ratios; never fails on a timing. See e2e/bench/README.md.
#
# Needs the packaged runtime: mvn -B install -DskipTests
# Knobs (environment): BENCH_BIG_MIB (1024), BENCH_RSS_MIB (4096), BENCH_WRK_SECONDS (10),
#   BENCH_ROUNDS (3), BENCH_WORK_DIR (e2e/target), BENCH_KEEP=1 (keep the temp dir),
#   GRANARY_RUNTIME_JAR, GRANARY_BENCH_JAVA_OPTS (JVM options for the runtime; default: the heap
#   settings README.md's run command uses, so the bench measures what a user runs).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runtime_jar=${GRANARY_RUNTIME_JAR:-$repo_root/registry-runtime/target/quarkus-app/quarkus-run.jar}
big_mib=${BENCH_BIG_MIB:-1024}
rss_mib=${BENCH_RSS_MIB:-4096}
wrk_seconds=${BENCH_WRK_SECONDS:-10}
rounds=${BENCH_ROUNDS:-3}
work_parent=${BENCH_WORK_DIR:-$repo_root/e2e/target}
results_dir=$repo_root/e2e/bench/results
token="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
repo=bench
rss_limit_mib=128

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
section() { printf '\n== %s\n' "$*"; }

# ---------------------------------------------------------------- tools

# shellcheck source=/dev/null
source "$repo_root/.ci/install-tools.sh"
granary_ensure_apt nginx wrk openssl curl procps || die "cannot install nginx/wrk/openssl/curl/procps"
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
nginx_build=$("$nginx_bin" -V 2>&1)  # captured first: grep -q closing a pipe early would fail it under pipefail
grep -q -- '--with-http_dav_module' <<<"$nginx_build" || die "this nginx lacks http_dav_module"
[ -f "$runtime_jar" ] || die "no runtime at $runtime_jar; build it first: mvn -B install -DskipTests"

# ---------------------------------------------------------------- temp dir and cleanup

mkdir -p "$work_parent" "$results_dir"
tmp=$(mktemp -d "$work_parent/generic-bench.XXXXXX")
granary_pid=""
nosync_pid=""
nginx_pid=""
sampler_pid=""

stop_pid() { # pid, seconds to wait after TERM before KILL
  local pid=$1 waited=0
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt $(($2 * 10)) ]; do sleep 0.1; waited=$((waited + 1)); done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  stop_pid "$sampler_pid" 2
  stop_pid "$granary_pid" 30
  stop_pid "$nosync_pid" 30
  stop_pid "$nginx_pid" 10
  # The runtime should stop its embedded PostgreSQL itself; whatever still runs on our data dir
  # (a leak worth reporting) is stopped by pid so the dir can be removed.
  local leftover
  for leftover in $(pgrep -f -- "$tmp/granary-" || true); do
    log "WARNING: process $leftover still runs on the Granary data dir after stop: $(tr '\0' ' ' <"/proc/$leftover/cmdline" 2>/dev/null)"
    stop_pid "$leftover" 10
  done
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

# A free TCP port on 127.0.0.1 at or above $1 (bounded search).
free_port() {
  local p
  for p in $(seq "$1" $(($1 + 200))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  die "no free port in $1..$(($1 + 200))"
}

# Random file of $2 MiB at $1 (AES-CTR keystream: far faster than /dev/urandom).
make_random_file() {
  local seed
  seed=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  # openssl ends on SIGPIPE once head has enough: expected, hence the '|| true' under pipefail.
  { openssl enc -aes-128-ctr -nosalt -pass "pass:$seed" -pbkdf2 </dev/zero 2>/dev/null || true; } \
    | head -c $(($2 * 1024 * 1024)) >"$1"
  [ "$(stat -c %s "$1")" -eq $(($2 * 1024 * 1024)) ] || die "could not write $1"
}

now() { date +%s.%N; }
fdiv() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.3f", a / b }'; }
mbps() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
fmax() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 > b + 0) ? a : b }'; }

# ---------------------------------------------------------------- nginx (reference)

nginx_port=$(free_port 18180)
mkdir -p "$tmp/nginx/www" "$tmp/nginx/body" "$tmp/nginx/tmp"
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user root;"  # else workers would run as nobody and miss the 0700 temp dir
cat >"$tmp/nginx/nginx.conf" <<EOF
$user_line
daemon off;
worker_processes auto;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type application/octet-stream;
  # Same filesystem as the root, so a finished PUT is a rename, as Granary's commit is.
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/tmp;
  fastcgi_temp_path $tmp/nginx/tmp;
  uwsgi_temp_path $tmp/nginx/tmp;
  scgi_temp_path $tmp/nginx/tmp;
  server {
    listen 127.0.0.1:$nginx_port;
    root $tmp/nginx/www;
    location / {
      dav_methods PUT;
      create_full_put_path on;
      client_max_body_size 0;
    }
  }
}
EOF
"$nginx_bin" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/error.log" &
nginx_pid=$!
nginx_url="http://127.0.0.1:$nginx_port"

# ---------------------------------------------------------------- Granary

granary_port=$(free_port 18280)
granary_url="http://127.0.0.1:$granary_port"
# A second runtime with granary.storage.filesystem.sync=none, for the PUT comparison at nginx's
# durability (nginx never fsyncs a PUT); the default runtime fsyncs every upload before its 201.
nosync_port=$(free_port $((granary_port + 1)))
nosync_url="http://127.0.0.1:$nosync_port"
mkdir -p "$tmp/repos" "$tmp/granary-data" "$tmp/granary-nosync-data"
cat >"$tmp/repos/$repo.yaml" <<EOF
apiVersion: granary.io/v1alpha1
kind: Repository
metadata: {name: $repo}
spec: {format: generic, type: hosted, access: {anonymousRead: false}, storage: {quota: 100Gi}}
EOF

start_runtime() { # pid-variable port data-dir log [extra JVM options...]; returns once ready
  local var=$1 port=$2 data=$3 logfile=$4 pid; shift 4
  # shellcheck disable=SC2086  # GRANARY_BENCH_JAVA_OPTS is a list of options
  java ${GRANARY_BENCH_JAVA_OPTS:--Xmx512m -Xmn48m} "$@" -jar "$runtime_jar" standalone --port "$port" \
    --data-dir "$data" --admin-token "$token" --repositories "$tmp/repos" >>"$logfile" 2>&1 &
  pid=$!
  printf -v "$var" '%s' "$pid"  # recorded before waiting: the cleanup trap stops a runtime that never got ready
  for _ in $(seq 1 600); do  # 120 s
    kill -0 "$pid" 2>/dev/null || die "Granary exited while starting; see $results_dir/generic-bench-$(basename "$logfile")"
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/q/health/ready")" = 200 ] && return 0
    sleep 0.2
  done
  die "Granary not ready after 120 s"
}
start_granary() { start_runtime granary_pid "$granary_port" "$tmp/granary-data" "$tmp/granary.log"; }
start_nosync() {
  start_runtime nosync_pid "$nosync_port" "$tmp/granary-nosync-data" "$tmp/granary-nosync.log" \
    -Dgranary.storage.filesystem.sync=none
}

wait_nginx() {
  for _ in $(seq 1 100); do
    curl -s -o /dev/null --max-time 1 "$nginx_url/" && return 0
    kill -0 "$nginx_pid" 2>/dev/null || die "nginx exited: $(cat "$tmp/nginx/error.log")"
    sleep 0.1
  done
  die "nginx not answering after 10 s"
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

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
log "starting nginx on $nginx_url and Granary on $granary_url (work dir $tmp)"
wait_nginx
start_granary
start_nosync
log "all ready"

# ---------------------------------------------------------------- 1. PUT of ${big_mib} MiB with sha256

section "PUT ${big_mib} MiB (random data, X-Checksum-Sha256 verified by Granary), best of $rounds"
# Per round: nginx PUT, then fsync of what nginx wrote (timed: "nginx durable" = PUT + fsync, the
# same promise Granary's default 201 makes); Granary with sync=commit; Granary with sync=none, then
# an untimed sync so no round inherits another's dirty pages.
printf 'durability: Granary default fsyncs before 201; nginx and Granary sync=none leave write-back to the kernel\n'
best_put_g=0; best_put_n=0; best_put_nd=0; best_put_gn=0; best_sha=0
big_bytes=$((big_mib * 1024 * 1024))
for r in $(seq 1 "$rounds"); do
  f="$tmp/put-$r.bin"
  make_random_file "$f" "$big_mib"   # a new content each round: no deduplication shortcut
  t0=$(now); sha=$(openssl dgst -sha256 -r "$f" | cut -c1-64); t1=$(now)
  sha_speed=$(awk -v b="$big_bytes" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.0f", b / (t1 - t0) }')
  sync
  t0=$(now)
  n=$(expect_code "$(curl_put "$f" "$nginx_url/put-$r.bin")" 201 204)
  sync "$tmp/nginx/www/put-$r.bin"
  t1=$(now)
  nd=$(awk -v b="$big_bytes" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.0f", b / (t1 - t0) }')
  g=$(expect_code "$(curl_put "$f" "$granary_url/generic/$repo/big/put-$r.bin" "${auth[@]}" \
        -H "X-Checksum-Sha256: $sha")" 201)
  gn=$(expect_code "$(curl_put "$f" "$nosync_url/generic/$repo/big/put-$r.bin" "${auth[@]}" \
        -H "X-Checksum-Sha256: $sha")" 201)
  sync
  printf 'round %d: granary %s MB/s  nginx+fsync %s MB/s | granary sync=none %s MB/s  nginx %s MB/s | openssl sha256 %s MB/s\n' \
    "$r" "$(mbps "$g")" "$(mbps "$nd")" "$(mbps "$gn")" "$(mbps "$n")" "$(mbps "$sha_speed")"
  best_put_g=$(fmax "$best_put_g" "$g"); best_put_n=$(fmax "$best_put_n" "$n"); best_sha=$(fmax "$best_sha" "$sha_speed")
  best_put_nd=$(fmax "$best_put_nd" "$nd"); best_put_gn=$(fmax "$best_put_gn" "$gn")
  curl -sS -o /dev/null --max-time 60 -X DELETE "${auth[@]}" "$nosync_url/generic/$repo/big/put-$r.bin" || true
  if [ "$r" -eq 1 ]; then sha1=$sha; continue; fi  # round 1's copies serve the GETs below
  rm -f "$f" "$tmp/nginx/www/put-$r.bin"
  curl -sS -o /dev/null --max-time 60 -X DELETE "${auth[@]}" "$granary_url/generic/$repo/big/put-$r.bin" || true
done

stop_pid "$nosync_pid" 30; nosync_pid=""

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

# ---------------------------------------------------------------- 2. GET of ${big_mib} MiB

section "GET ${big_mib} MiB, best of $rounds"
best_get_g=0; best_get_n=0
for r in $(seq 1 "$rounds"); do
  n=$(expect_code "$(curl_get "$nginx_url/put-1.bin")" 200)
  g=$(expect_code "$(curl_get "$granary_url/generic/$repo/big/put-1.bin" "${auth[@]}")" 200)
  printf 'round %d: granary %s MB/s  nginx %s MB/s\n' "$r" "$(mbps "$g")" "$(mbps "$n")"
  best_get_g=$(fmax "$best_get_g" "$g"); best_get_n=$(fmax "$best_get_n" "$n")
done
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

run_wrk() { # url; prints requests/s, or dies if any response was not 2xx/3xx
  local out
  out=$(timeout $((wrk_seconds + 30)) wrk -t2 -c32 -d"${wrk_seconds}s" --timeout 5s "${auth[@]}" "$1")
  printf '%s\n' "$out" | sed 's/^/    /' >&2
  if grep -q 'Non-2xx or 3xx' <<<"$out"; then die "wrk saw error responses from $1"; fi
  printf '%s\n' "$out" | awk '/^Requests\/sec:/ { printf "%.0f", $2 }'
}
# A short discarded run first, so the JIT has compiled the small-request path before it is timed.
timeout 30 wrk -t2 -c32 -d3s --timeout 5s "${auth[@]}" "$granary_url/generic/$repo/small/small.bin" >/dev/null
timeout 30 wrk -t2 -c32 -d3s --timeout 5s "${auth[@]}" "$nginx_url/small.bin" >/dev/null
rps_n=$(run_wrk "$nginx_url/small.bin")
rps_g=$(run_wrk "$granary_url/generic/$repo/small/small.bin")
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

met() { awk -v r="$1" -v t="$2" 'BEGIN { print (r != "n/a" && r + 0 >= t + 0) ? "yes" : "no" }'; }
ratio_get=$(fdiv "$best_get_g" "$best_get_n")
ratio_put=$(fdiv "$best_put_g" "$best_put_n")
ratio_put_durable=$(fdiv "$best_put_g" "$best_put_nd")
ratio_put_nosync=$(fdiv "$best_put_gn" "$best_put_n")
ratio_sha=$(fdiv "$best_put_g" "$best_sha")
ratio_rps=$(fdiv "$rps_g" "$rps_n")
growth_mib=$(awk -v k="$growth_kib" 'BEGIN { printf "%.1f", k / 1024 }')
rss_met=$(awk -v g="$growth_mib" -v l="$rss_limit_mib" 'BEGIN { print (g + 0 < l + 0) ? "yes" : "no" }')

table=$(
  printf '%-44s %12s %12s %7s %8s %4s\n' metric granary reference ratio target met
  printf '%-44s %12s %12s %7s %8s %4s\n' "GET ${big_mib} MiB MB/s (ref nginx sendfile)" \
    "$(mbps "$best_get_g")" "$(mbps "$best_get_n")" "$ratio_get" ">=0.9" "$(met "$ratio_get" 0.9)"
  printf '%-44s %12s %12s %7s %8s %4s\n' "PUT ${big_mib} MiB+sha256 MB/s (ref nginx DAV PUT)" \
    "$(mbps "$best_put_g")" "$(mbps "$best_put_n")" "$ratio_put" ">=0.5" "$(met "$ratio_put" 0.5)"
  printf '%-44s %12s %12s %7s %8s %4s\n' "  both fsync (ref nginx PUT, then fsync)" \
    "$(mbps "$best_put_g")" "$(mbps "$best_put_nd")" "$ratio_put_durable" ">=0.5" "$(met "$ratio_put_durable" 0.5)"
  printf '%-44s %12s %12s %7s %8s %4s\n' "  neither fsyncs (Granary sync=none)" \
    "$(mbps "$best_put_gn")" "$(mbps "$best_put_n")" "$ratio_put_nosync" ">=0.5" "$(met "$ratio_put_nosync" 0.5)"
  printf '%-44s %12s %12s %7s %8s %4s\n' "PUT ${big_mib} MiB MB/s (ref openssl dgst -sha256)" \
    "$(mbps "$best_put_g")" "$(mbps "$best_sha")" "$ratio_sha" "-" "-"
  printf '%-44s %12s %12s %7s %8s %4s\n' "1 KiB GET req/s, bearer auth (ref nginx)" \
    "$rps_g" "$rps_n" "$ratio_rps" ">=0.35" "$(met "$ratio_rps" 0.35)"
  printf '%-44s %12s %12s %7s %8s %4s\n' "RSS growth MiB, ${rss_mib} MiB up+down (limit)" \
    "$growth_mib" "$rss_limit_mib" "-" "<$rss_limit_mib" "$rss_met"
)
# Other work on the machine moves every figure; the load average says how much to trust them.
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
report=$(
  printf 'generic-bench %s, commit %s, %s cores, JVM options: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo '?')" "$(nproc)" "${GRANARY_BENCH_JAVA_OPTS:--Xmx512m -Xmn48m}"
  printf 'load average at start %s, at end %s%s\n' "$load_start" "$load_end" \
    "$(awk -v l="${load_end%% *}" -v c="$(nproc)" 'BEGIN { if (l + 0 > c + 0) print "  (busy machine: figures are noisy)" }')"
  printf 'RSS: idle %d MiB, peak %d MiB, growth %s MiB\n' $((idle_kib / 1024)) $((peak_kib / 1024)) "$growth_mib"
  printf '%s\n' "$table"
)
section "Results"
printf '%s\n' "$report"
printf '%s\n' "$report" >"$results_dir/generic-bench-$(date -u +%Y%m%dT%H%M%SZ).txt"
log "table saved under $results_dir"
