#!/usr/bin/env bash
# Granary OCI registry benchmark: one run, Granary measured against Debian's docker-registry 2.8
# (CNCF distribution, the peer) and nginx (sendfile, the serving limit), all started here on
# 127.0.0.1 and measured in the same run. Prints figures and ratios; never fails on a timing.
#
# Needs the packaged runtime (mvn -B install -DskipTests) and the Go tools (bash .ci/oci-tools.sh).
# Knobs (environment): BENCH_LAYER_MIB (256), BENCH_BIG_MIB (1024), BENCH_WRK_SECONDS (20),
#   BENCH_PUSHES (100), BENCH_ROUNDS (3), BENCH_WORK_DIR (e2e/target), BENCH_KEEP=1,
#   GRANARY_RUNTIME_JAR, GRANARY_BENCH_JAVA_OPTS (default: README's heap settings).
set -euo pipefail

bench_name=oci-bench
# shellcheck source=e2e/bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
layer_mib=${BENCH_LAYER_MIB:-256}
big_mib=${BENCH_BIG_MIB:-1024}
wrk_seconds=${BENCH_WRK_SECONDS:-20}
pushes=${BENCH_PUSHES:-100}
rounds=${BENCH_ROUNDS:-3}
token="gra_bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
repo=bench

# ---------------------------------------------------------------- tools

# shellcheck source=/dev/null
source "$repo_root/.ci/install-tools.sh"
granary_ensure_apt nginx wrk openssl curl procps skopeo docker-registry gzip \
  || die "cannot install nginx/wrk/openssl/curl/procps/skopeo/docker-registry"
granary_install_oci_tools || die "cannot build crane (bash .ci/oci-tools.sh)"
crane="$(granary_tools_dir)/bin/crane"
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[ -f "$runtime_jar" ] || die "no runtime at $runtime_jar; build it first: mvn -B install -DskipTests"

mkdir -p "$work_parent" "$results_dir"
tmp=$(mktemp -d "$work_parent/oci-bench.XXXXXX")
granary_pid="" nginx_pid="" peer_pid=""

cleanup() {
  local rc=$? leftover
  stop_pid "$granary_pid" 30
  stop_pid "$peer_pid" 10
  stop_pid "$nginx_pid" 10
  for leftover in $(pgrep -f -- "$tmp/granary-data" || true); do
    log "WARNING: process $leftover still runs on the Granary data dir after stop"
    stop_pid "$leftover" 10
  done
  if [ -d "$tmp" ]; then
    cp "$tmp/granary.log" "$results_dir/oci-bench-granary.log" 2>/dev/null || true
    cp "$tmp/peer.log" "$results_dir/oci-bench-peer.log" 2>/dev/null || true
    if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $tmp"; else rm -rf "$tmp"; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- servers

granary_port=$(free_port 18580)
peer_port=$(free_port $((granary_port + 1)))
nginx_port=$(free_port $((peer_port + 1)))
G=127.0.0.1:$granary_port P=127.0.0.1:$peer_port

mkdir -p "$tmp/repos" "$tmp/peer-data" "$tmp/nginx/www" "$tmp/nginx/tmp"
cat >"$tmp/repos/bench.yaml" <<EOF
apiVersion: granary.io/v1alpha1
kind: Repository
metadata: {name: $repo}
spec: {format: oci, type: hosted, access: {anonymousRead: false}}
EOF
read -r -a java_opts <<<"${GRANARY_BENCH_JAVA_OPTS:--Xmx512m -Xmn48m}"
java "${java_opts[@]}" -jar "$runtime_jar" standalone --port "$granary_port" --data-dir "$tmp/granary-data" \
  --repositories "$tmp/repos" --admin-token "$token" >"$tmp/granary.log" 2>&1 </dev/null &
granary_pid=$!

cat >"$tmp/peer.yml" <<EOF
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage:
  filesystem: {rootdirectory: $tmp/peer-data}
  delete: {enabled: true}
http: {addr: 127.0.0.1:$peer_port}
EOF
docker-registry serve "$tmp/peer.yml" >"$tmp/peer.log" 2>&1 </dev/null &
peer_pid=$!

user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user root;"
cat >"$tmp/nginx/nginx.conf" <<EOF
$user_line
daemon off;
worker_processes auto;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000;
  default_type application/octet-stream;
  client_body_temp_path $tmp/nginx/tmp; proxy_temp_path $tmp/nginx/tmp; fastcgi_temp_path $tmp/nginx/tmp;
  uwsgi_temp_path $tmp/nginx/tmp; scgi_temp_path $tmp/nginx/tmp;
  server { listen 127.0.0.1:$nginx_port; root $tmp/nginx/www; }
}
EOF
"$nginx_bin" -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" &
nginx_pid=$!

: >"$tmp/nginx/www/ready"
wait_http "http://$G/q/health/ready" 180 Granary "$granary_pid"
wait_http "http://$P/v2/" 180 docker-registry "$peer_pid"
wait_http "http://127.0.0.1:$nginx_port/ready" 180 nginx "$nginx_pid"
creds="ci:$token"
auth=(-u "$creds")

# ---------------------------------------------------------------- image of three large layers

section "setup"
log "writing an OCI layout with three ${layer_mib} MiB gzip layers"
layout=$tmp/layout
mkdir -p "$layout/blobs/sha256"
printf '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
layers=""
for i in 1 2 3; do
  make_random_file "$tmp/raw$i" "$layer_mib"
  gzip -1 -n -c "$tmp/raw$i" >"$tmp/layer$i.gz"
  rm -f "$tmp/raw$i"
  d=$(sha256sum "$tmp/layer$i.gz" | cut -c1-64)
  s=$(stat -c %s "$tmp/layer$i.gz")
  mv "$tmp/layer$i.gz" "$layout/blobs/sha256/$d"
  layers="$layers${layers:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$d\",\"size\":$s}"
done
printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}' >"$tmp/config"
cd_=$(sha256sum "$tmp/config" | cut -c1-64); cs=$(stat -c %s "$tmp/config"); mv "$tmp/config" "$layout/blobs/sha256/$cd_"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
  "$cd_" "$cs" "$layers" >"$tmp/manifest"
md=$(sha256sum "$tmp/manifest" | cut -c1-64); ms=$(stat -c %s "$tmp/manifest"); cp "$tmp/manifest" "$layout/blobs/sha256/$md"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"big"}}]}' \
  "$md" "$ms" >"$layout/index.json"

# ---------------------------------------------------------------- skopeo push / pull

section "skopeo push (first push of new blobs) and pull (best of $rounds) of 3 x ${layer_mib} MiB"
skopeo_push() { # registry, name, extra args...
  local reg=$1 name=$2; shift 2
  timeout 900 skopeo --insecure-policy copy -q --preserve-digests --dest-tls-verify=false "$@" \
    "oci:$layout:big" "docker://$reg/$name:big" >/dev/null
}
skopeo_pull() {
  local reg=$1 name=$2 dir=$3; shift 3
  rm -rf "$dir"
  timeout 900 skopeo --insecure-policy copy -q --src-tls-verify=false "$@" "docker://$reg/$name:big" "dir:$dir" >/dev/null
}
# One push each: a second push of the same blobs would be a cross-repository mount (skopeo
# remembers where it pushed them), which measures nothing about uploads.
t=$(now); skopeo_push "$G" "$repo/push1" --dest-creds "$creds"; g_push=$(elapsed "$t")
t=$(now); skopeo_push "$P" "push1"; p_push=$(elapsed "$t")
best_g_pull="" best_p_pull=""
for r in $(seq 1 "$rounds"); do
  t=$(now); skopeo_pull "$G" "$repo/push1" "$tmp/pulled" --src-creds "$creds"; e=$(elapsed "$t"); best_g_pull=$(fmin "$e" "$best_g_pull")
  t=$(now); skopeo_pull "$P" "push1" "$tmp/pulled"; e=$(elapsed "$t"); best_p_pull=$(fmin "$e" "$best_p_pull")
  rm -rf "$tmp/pulled"
done
printf 'push: granary %ss, docker-registry %ss, ratio %s (target <= 1.0)\n' "$g_push" "$p_push" "$(fdiv "$g_push" "$p_push")"
printf 'pull: granary %ss, docker-registry %ss, ratio %s (target <= 1.0)\n' "$best_g_pull" "$best_p_pull" "$(fdiv "$best_g_pull" "$best_p_pull")"

# ---------------------------------------------------------------- 1 GiB blob GET vs nginx

section "blob GET of ${big_mib} MiB (best of $rounds)"
make_random_file "$tmp/nginx/www/big.bin" "$big_mib"
big_digest="sha256:$(sha256sum "$tmp/nginx/www/big.bin" | cut -c1-64)"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 600 "${auth[@]}" -H 'Content-Type: application/octet-stream' \
  -H 'Expect:' -X POST -T "$tmp/nginx/www/big.bin" "http://$G/v2/$repo/big/blobs/uploads?digest=$big_digest")
[ "$code" = 201 ] || die "blob upload answered $code"
best_g=0 best_n=0
for r in $(seq 1 "$rounds"); do
  s=$(curl -s -o /dev/null --max-time 600 -w '%{speed_download}' "${auth[@]}" "http://$G/v2/$repo/big/blobs/$big_digest")
  best_g=$(fmax "$s" "$best_g")
  s=$(curl -s -o /dev/null --max-time 600 -w '%{speed_download}' "http://127.0.0.1:$nginx_port/big.bin")
  best_n=$(fmax "$s" "$best_n")
done
printf 'granary %s MB/s, nginx sendfile %s MB/s, ratio %s (target >= 0.9)\n' \
  "$(awk -v b="$best_g" 'BEGIN{printf "%.0f", b/1e6}')" "$(awk -v b="$best_n" 'BEGIN{printf "%.0f", b/1e6}')" "$(fdiv "$best_g" "$best_n")"
rm -f "$tmp/nginx/www/big.bin"

# ---------------------------------------------------------------- manifest GET by tag with wrk

section "manifest GET by tag: wrk -t2 -c32 -d${wrk_seconds}s --latency"
cp "$tmp/manifest" "$tmp/nginx/www/manifest.json"
accept='Accept: application/vnd.oci.image.manifest.v1+json'
run_wrk() { # label, url, extra header
  local out rps p99 non2xx
  out=$(timeout $((wrk_seconds + 30)) wrk -t2 -c32 -d"${wrk_seconds}s" --latency -H "$accept" ${3:+-H "$3"} "$2")
  non2xx=$(grep -o 'Non-2xx or 3xx responses: [0-9]*' <<<"$out" || true)
  [ -z "$non2xx" ] || die "$1: $non2xx"
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  printf '%-16s %10s req/s   p99 %s\n' "$1" "$rps" "$p99"
  echo "$rps"
}
basic="Authorization: Basic $(printf '%s' "$creds" | base64 -w0)"
# run_wrk prints its summary line, then the bare req/s figure on a line of its own.
out=$(run_wrk granary "http://$G/v2/$repo/push1/manifests/big" "$basic"); sed -n 1p <<<"$out"; g_rps=$(sed -n '$p' <<<"$out")
out=$(run_wrk docker-registry "http://$P/v2/push1/manifests/big" ""); sed -n 1p <<<"$out"; p_rps=$(sed -n '$p' <<<"$out")
out=$(run_wrk nginx "http://127.0.0.1:$nginx_port/manifest.json" ""); sed -n 1p <<<"$out"; n_rps=$(sed -n '$p' <<<"$out")
printf 'granary / docker-registry %s (target >= 5), granary / nginx %s\n' "$(fdiv "$g_rps" "$p_rps")" "$(fdiv "$g_rps" "$n_rps")"

# ---------------------------------------------------------------- 100 concurrent pushes

printf 'load average while measuring: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"

section "$pushes concurrent pushes of distinct small images (crane append)"
mkdir -p "$tmp/small"
for i in $(seq 1 "$pushes"); do
  mkdir -p "$tmp/small/$i"; printf 'image %s %s\n' "$i" "$token" >"$tmp/small/$i/file.txt"
  tar -cf "$tmp/small/$i.tar" -C "$tmp/small/$i" file.txt
done
export DOCKER_CONFIG=$tmp/docker-config
"$crane" auth login "$G" -u ci -p "$token" >/dev/null 2>&1
concurrent_push() { # registry, name prefix → prints failures
  seq 1 "$pushes" | xargs -P "$pushes" -I{} sh -c \
    "timeout 300 '$crane' --insecure append -f '$tmp/small/{}.tar' -t '$1/$2{}:1' >/dev/null 2>&1 || echo fail" | grep -c fail || true
}
t=$(now); g_fail=$(concurrent_push "$G" "$repo/small"); g_time=$(elapsed "$t")
t=$(now); p_fail=$(concurrent_push "$P" "small"); p_time=$(elapsed "$t")
printf 'granary %ss (%s failed), docker-registry %ss (%s failed), ratio %s\n' "$g_time" "$g_fail" "$p_time" "$p_fail" "$(fdiv "$g_time" "$p_time")"
