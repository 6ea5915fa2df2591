#!/usr/bin/env bash
# Granary proxy-repository benchmark: one run, measured against references started in the same run.
#  1. cache-hit GET throughput of a proxy repository vs the same file in a hosted repository (target >= 0.95x)
#  2. cold-miss GET time through the proxy vs the same size fetched directly from the upstream (target <= 1.2x)
# The upstream is nginx on 127.0.0.1. Prints figures and ratios; never fails on a timing.
#
# Needs the packaged runtime: mvn -B package -DskipTests (registry-runtime/target/quarkus-app)
# Knobs: BENCH_WRK_SECONDS (10), BENCH_ROUNDS (3), BENCH_COLD_MIB (64), BENCH_COLD_FILES (5),
#   BENCH_WORK_DIR (e2e/target), BENCH_KEEP=1, GRANARY_RUNTIME_JAR, GRANARY_BENCH_JAVA_OPTS.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runtime_jar=${GRANARY_RUNTIME_JAR:-$repo_root/registry-runtime/target/quarkus-app/quarkus-run.jar}
wrk_seconds=${BENCH_WRK_SECONDS:-10}
rounds=${BENCH_ROUNDS:-3}
cold_mib=${BENCH_COLD_MIB:-64}
cold_files=${BENCH_COLD_FILES:-5}
work_parent=${BENCH_WORK_DIR:-$repo_root/e2e/target}
token="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

log() { printf '[proxy-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
section() { printf '\n== %s\n' "$*"; }
fdiv() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.3f", a / b }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# shellcheck source=/dev/null
source "$repo_root/.ci/install-tools.sh"
granary_ensure_apt nginx wrk openssl curl procps || die "cannot install nginx/wrk/openssl/curl/procps"
[ -f "$runtime_jar" ] || die "no runtime at $runtime_jar; build it first: mvn -B package -DskipTests"

mkdir -p "$work_parent"
tmp=$(mktemp -d "$work_parent/proxy-bench.XXXXXX")
granary_pid=""
nginx_pid=""
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
  stop_pid "$nginx_pid" 10
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
random_file() { # path MiB
  { openssl enc -aes-128-ctr -nosalt -pass "pass:$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')" -pbkdf2 </dev/zero 2>/dev/null || true; } \
    | head -c $(($2 * 1024 * 1024)) >"$1"
}

# ---------------------------------------------------------------- upstream (nginx) and content
nginx_port=$(free_port 18480)
mkdir -p "$tmp/nginx/www/files" "$tmp/nginx/tmp"
head -c 1024 /dev/urandom >"$tmp/nginx/www/files/small.bin"
for i in $(seq 1 "$cold_files"); do
  random_file "$tmp/nginx/www/files/cold-$i.bin" "$cold_mib"
  random_file "$tmp/nginx/www/files/direct-$i.bin" "$cold_mib"
done
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user root;"
cat >"$tmp/nginx/nginx.conf" <<EOF
$user_line
daemon off;
worker_processes 1;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 1000000;
  default_type application/octet-stream;
  client_body_temp_path $tmp/nginx/tmp;
  proxy_temp_path $tmp/nginx/tmp;
  fastcgi_temp_path $tmp/nginx/tmp;
  uwsgi_temp_path $tmp/nginx/tmp;
  scgi_temp_path $tmp/nginx/tmp;
  server { listen 127.0.0.1:$nginx_port; root $tmp/nginx/www; }
}
EOF
nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/error.log" &
nginx_pid=$!
upstream="http://127.0.0.1:$nginx_port"

# ---------------------------------------------------------------- Granary: a hosted and a proxy repository
granary_port=$(free_port 18580)
granary="http://127.0.0.1:$granary_port"
mkdir -p "$tmp/repos" "$tmp/data"
cat >"$tmp/repos/bench.yaml" <<EOF
apiVersion: granary.io/v1alpha1
kind: Repository
metadata: {name: hosted}
spec: {format: generic, type: hosted, access: {anonymousRead: true}}
---
apiVersion: granary.io/v1alpha1
kind: Repository
metadata: {name: proxy}
spec:
  format: generic
  type: proxy
  access: {anonymousRead: true}
  upstream: {url: "$upstream/", metadataTtl: 1h, negativeCacheTtl: 1m, allowPrivateAddresses: true}
EOF
# shellcheck disable=SC2086
java ${GRANARY_BENCH_JAVA_OPTS:--Xmx512m -Xmn48m} -jar "$runtime_jar" standalone --port "$granary_port" \
  --data-dir "$tmp/data" --admin-token "$token" --repositories "$tmp/repos" >>"$tmp/granary.log" 2>&1 &
granary_pid=$!
for _ in $(seq 1 600); do
  kill -0 "$granary_pid" 2>/dev/null || die "Granary exited while starting: $(tail -20 "$tmp/granary.log")"
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$granary/q/health/ready")" = 200 ] && break
  sleep 0.2
done
curl -sf -o /dev/null "$upstream/files/small.bin" || die "nginx is not serving"

curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $token" -T "$tmp/nginx/www/files/small.bin" "$granary/generic/hosted/files/small.bin" \
  || die "PUT to the hosted repository failed"
curl -sf -o /dev/null "$granary/generic/proxy/files/small.bin" || die "the proxy cannot fetch from nginx"
log "Granary on $granary, upstream nginx on $upstream, work dir $tmp"

# ---------------------------------------------------------------- 1. cache-hit throughput
section "Cache-hit GET of a 1 KiB file: proxy vs hosted (wrk 2 threads, 32 connections, ${wrk_seconds}s, $rounds rounds each)"
rps() { wrk -t2 -c32 -d"${wrk_seconds}s" "$1" | awk '/Requests\/sec/ { print $2 }'; }
wrk -t2 -c32 -d3s "$granary/generic/hosted/files/small.bin" >/dev/null  # warm-up (JIT) for both paths
wrk -t2 -c32 -d3s "$granary/generic/proxy/files/small.bin" >/dev/null
hosted_all=""; proxy_all=""
for r in $(seq 1 "$rounds"); do
  h=$(rps "$granary/generic/hosted/files/small.bin"); p=$(rps "$granary/generic/proxy/files/small.bin")
  printf 'round %d: hosted %s req/s, proxy %s req/s\n' "$r" "$h" "$p"
  hosted_all="$hosted_all $h"; proxy_all="$proxy_all $p"
done
hosted_rps=$(tr ' ' '\n' <<<"$hosted_all" | grep . | median)
proxy_rps=$(tr ' ' '\n' <<<"$proxy_all" | grep . | median)
printf 'median: hosted %s req/s, proxy %s req/s, proxy/hosted %s (target >= 0.95)\n' "$hosted_rps" "$proxy_rps" "$(fdiv "$proxy_rps" "$hosted_rps")"

# ---------------------------------------------------------------- 2. cold miss vs direct
section "Cold miss of a $cold_mib MiB file through the proxy vs a direct GET from nginx ($cold_files files each)"
ratios=""
for i in $(seq 1 "$cold_files"); do
  d=$(curl -sS -o /dev/null -w '%{time_total}' "$upstream/files/direct-$i.bin")
  c=$(curl -sS -o /dev/null -w '%{time_total}' "$granary/generic/proxy/files/cold-$i.bin")
  printf 'file %d: direct %ss, proxy cold %ss, ratio %s\n' "$i" "$d" "$c" "$(fdiv "$c" "$d")"
  ratios="$ratios $(fdiv "$c" "$d")"
done
printf 'median cold-miss / direct: %s (target <= 1.2)\n' "$(tr ' ' '\n' <<<"$ratios" | grep . | median)"
cpu=$(awk '{ print $14 + $15 }' "/proc/$granary_pid/stat")
printf 'Granary CPU time over the run: %s ticks (%s per second)\n' "$cpu" "$(getconf CLK_TCK)"
