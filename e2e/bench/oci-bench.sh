#!/usr/bin/env bash
# Granary OCI registry benchmark: one run, Granary measured against Debian's docker-registry 2.8
# (CNCF distribution, the peer) and nginx (sendfile, the serving limit), all started here on
# 127.0.0.1 and measured in the same run. Prints figures and ratios; never fails on a timing.
#
# Needs the packaged runtime (mvn -B install -DskipTests) and the Go tools (bash .ci/oci-tools.sh).
# Knobs (environment): BENCH_LAYER_MIB (256), BENCH_BIG_MIB (1024), BENCH_WRK_SECONDS (20),
#   BENCH_PUSHES (100), BENCH_ROUNDS (4), BENCH_WORK_DIR (e2e/target), BENCH_KEEP=1,
#   BENCH_SECTIONS ("skopeo blob wrk pushes": which measurements to run),
#   GRANARY_RUNTIME_JAR, GRANARY_BENCH_JAVA_OPTS (default: README's heap settings).
set -euo pipefail

bench_name=oci-bench
# shellcheck source=e2e/bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
layer_mib=${BENCH_LAYER_MIB:-256}
big_mib=${BENCH_BIG_MIB:-1024}
wrk_seconds=${BENCH_WRK_SECONDS:-20}
pushes=${BENCH_PUSHES:-100}
# An even number: the order alternates each round, so each server goes first equally often.
rounds=${BENCH_ROUNDS:-4}
sections=" ${BENCH_SECTIONS:-skopeo blob wrk pushes} "
token="gra_bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
repo=bench

want() { [[ $sections == *" $1 "* ]]; }

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
granary_pid="" nosync_pid="" nginx_pid="" peer_pid=""

cleanup() {
  local rc=$? leftover
  stop_pid "$granary_pid" 30
  stop_pid "$nosync_pid" 30
  stop_pid "$peer_pid" 10
  stop_pid "$nginx_pid" 10
  for leftover in $(pgrep -f -- "$tmp/granary-" || true); do
    log "WARNING: process $leftover still runs on the Granary data dir after stop"
    stop_pid "$leftover" 10
  done
  if [ -d "$tmp" ]; then
    cp "$tmp/granary.log" "$results_dir/oci-bench-granary.log" 2>/dev/null || true
    cp "$tmp/granary-nosync.log" "$results_dir/oci-bench-granary-nosync.log" 2>/dev/null || true
    cp "$tmp/peer.log" "$results_dir/oci-bench-peer.log" 2>/dev/null || true
    if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $tmp"; else rm -rf "$tmp"; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- servers

granary_port=$(free_port 18580)
nosync_port=$(free_port $((granary_port + 1)))
peer_port=$(free_port $((nosync_port + 1)))
nginx_port=$(free_port $((peer_port + 1)))
G=127.0.0.1:$granary_port GN=127.0.0.1:$nosync_port P=127.0.0.1:$peer_port

mkdir -p "$tmp/repos" "$tmp/peer-data" "$tmp/nginx/www" "$tmp/nginx/tmp"
cat >"$tmp/repos/bench.yaml" <<EOF
apiVersion: granary.io/v1alpha1
kind: Repository
metadata: {name: $repo}
spec: {format: oci, type: hosted, access: {anonymousRead: true}}
EOF
read -r -a java_opts <<<"${GRANARY_BENCH_JAVA_OPTS:--Xmx512m -Xmn48m}"
java "${java_opts[@]}" -jar "$runtime_jar" standalone --port "$granary_port" --data-dir "$tmp/granary-data" \
  --repositories "$tmp/repos" --admin-token "$token" >"$tmp/granary.log" 2>&1 </dev/null &
granary_pid=$!
if want skopeo; then
  # The same runtime at the peer's durability: written data is left to the kernel's write-back.
  java "${java_opts[@]}" -Dgranary.storage.filesystem.sync=none -jar "$runtime_jar" standalone --port "$nosync_port" \
    --data-dir "$tmp/granary-nosync-data" --repositories "$tmp/repos" --admin-token "$token" \
    >"$tmp/granary-nosync.log" 2>&1 </dev/null &
  nosync_pid=$!
fi

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
[ -z "$nosync_pid" ] || wait_http "http://$GN/q/health/ready" 180 "Granary (sync none)" "$nosync_pid"
wait_http "http://$P/v2/" 180 docker-registry "$peer_pid"
wait_http "http://127.0.0.1:$nginx_port/ready" 180 nginx "$nginx_pid"
creds="ci:$token"
auth=(-u "$creds")

# ---------------------------------------------------------------- image of three large layers

# Writes an OCI layout at $1 holding one image "big" of three fresh $2 MiB layers. The layers are
# random bytes declared uncompressed: gzip cannot shrink random data and only slowed the setup, and
# with --preserve-digests skopeo copies layers as they are either way.
make_layout() {
  local layout=$1 mib=$2 layers="" i d s cd_ cs
  rm -rf "$layout"
  mkdir -p "$layout/blobs/sha256"
  printf '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
  for i in 1 2 3; do
    make_random_file "$tmp/layer$i" "$mib"
    d=$(sha256sum "$tmp/layer$i" | cut -c1-64)
    s=$(stat -c %s "$tmp/layer$i")
    mv "$tmp/layer$i" "$layout/blobs/sha256/$d"
    layers="$layers${layers:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:$d\",\"size\":$s}"
  done
  printf '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}' >"$tmp/config"
  cd_=$(sha256sum "$tmp/config" | cut -c1-64); cs=$(stat -c %s "$tmp/config"); mv "$tmp/config" "$layout/blobs/sha256/$cd_"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
    "$cd_" "$cs" "$layers" >"$tmp/manifest"
  md=$(sha256sum "$tmp/manifest" | cut -c1-64); ms=$(stat -c %s "$tmp/manifest"); cp "$tmp/manifest" "$layout/blobs/sha256/$md"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"big"}}]}' \
    "$md" "$ms" >"$layout/index.json"
}

section "setup"
log "writing an OCI layout with three ${layer_mib} MiB layers"
layout=$tmp/layout
make_layout "$layout" "$layer_mib"

# ---------------------------------------------------------------- skopeo push / pull

skopeo_push() { # layout, registry, name, extra args...
  local from=$1 reg=$2 name=$3; shift 3
  timeout 900 skopeo --insecure-policy copy -q --preserve-digests --dest-tls-verify=false "$@" \
    "oci:$from:big" "docker://$reg/$name:big" >/dev/null
}
skopeo_pull() {
  local reg=$1 name=$2 dir=$3; shift 3
  rm -rf "$dir"
  timeout 900 skopeo --insecure-policy copy -q --src-tls-verify=false "$@" "docker://$reg/$name:big" "dir:$dir" >/dev/null
}

# One measured copy: prints "<wall seconds> <server cpu seconds> <skopeo cpu seconds>". skopeo's own
# CPU is printed because it, not the server, bounds a pull here: it hashes and writes every layer,
# and on 2 cores whatever else runs takes from it.
measure() { # server pid, command...
  local pid=$1 t c client; shift
  # Nobody inherits the previous copy's write-back: after a push phase the buffered writers' dirty
  # layers (docker-registry, sync=none) were still being flushed while the first pulls ran, and
  # skopeo's own fsyncs of the pulled layers waited behind them.
  sync
  # Room for what both sides may put in the page cache, with margin: skopeo's copy, a server's read
  # of the layers, skopeo's own memory. With exactly twice the image (1.5 GiB) Granary's first pulls
  # after the push phase took 5.08-5.70 s against the peer's 4.49-5.12 s; with four times, 4.53-5.22 s
  # against 4.92-5.79 s (2026-11-28, 6 rounds). Why is open: warming Granary's layers did not matter.
  warm_free_memory "$tmp" $((layer_mib * 3 * 4))
  c=$(process_cpu "$pid"); t=$(now)
  client_cpu client "$@"
  printf '%s %s %s\n' "$(elapsed "$t")" "$(awk -v a="$c" -v b="$(process_cpu "$pid")" 'BEGIN { printf "%.2f", b - a }')" "$client"
}

# The servers compared: Granary as configured by default (fsync on commit), Granary at the peer's
# durability (no fsync: docker-registry never syncs), and the peer.
servers="granary granary-nosync peer"
# The peer runs without auth; pulls are also measured without credentials (the repository allows
# anonymous reads) for the like-for-like figure. skopeo still fetches one anonymous token from
# Granary (its /v2/ answers 401), so auth costs one round trip per pull either way. Pushes always
# need credentials.
pullers="granary granary-anon granary-nosync peer"
# Sets reg, pid, path (the image's path prefix) and creds_for (skopeo's credentials option, without
# its "--src-"/"--dest-" prefix, and the value) for one of the servers.
pick() {
  case $1 in
    granary) reg=$G pid=$granary_pid path="$repo/" creds_for=(creds "$creds") ;;
    granary-anon) reg=$G pid=$granary_pid path="$repo/" creds_for=() ;;
    granary-nosync) reg=$GN pid=$nosync_pid path="$repo/" creds_for=(creds "$creds") ;;
    peer) reg=$P pid=$peer_pid path="" creds_for=() ;;
  esac
}
# skopeo's credentials arguments for the side ("src" or "dest") of the picked server.
creds_args() { [ ${#creds_for[@]} -eq 0 ] || printf '%s\n' "--$1-${creds_for[0]}" "${creds_for[1]}"; }
declare -A push_t push_c push_k pull_t pull_c pull_k
skopeo_section() {
  section "skopeo push (first push of new blobs) and pull of 3 x ${layer_mib} MiB, medians of $rounds rounds"
  local r name reg pid path args order w c k
  local -a creds_for
  # Measure servers in their steady state: a smaller push and pulls first, so the JVM's JIT has
  # compiled the upload and download paths (Go's peer needs none); a production registry has been
  # up for days. Pulls of the warm-up image until a server's CPU per pull settles: in stop-14 runs a
  # single warm-up push left C2 compiling through the measured pulls (1-2 s of CPU in some rounds).
  # The warm-up figures are printed apart and not counted.
  make_layout "$tmp/warmup" 128
  for name in $servers; do
    pick "$name"; mapfile -t args < <(creds_args dest)
    read -r w c _ < <(measure "$pid" skopeo_push "$tmp/warmup" "$reg" "${path}warmup" "${args[@]}")
    printf 'warm-up push of 3 x 128 MiB, %-15s %ss wall, %ss server cpu (cold start, not counted)\n' "$name" "$w" "$c"
  done
  for r in 1 2 3; do
    for name in $pullers; do
      pick "$name"; mapfile -t args < <(creds_args src)
      read -r w c _ < <(measure "$pid" skopeo_pull "$reg" "${path}warmup" "$tmp/pulled" "${args[@]}")
      printf 'warm-up pull %s of 3 x 128 MiB, %-15s %ss wall, %ss server cpu (not counted)\n' "$r" "$name" "$w" "$c"
      rm -rf "$tmp/pulled"
    done
  done
  rm -rf "$tmp/warmup"
  for r in $(seq 1 "$rounds"); do
    # Every round pushes fresh layers: a second push of the same blobs would be a cross-repository
    # mount (skopeo remembers where it pushed them), which measures nothing about uploads.
    [ "$r" -eq 1 ] || make_layout "$layout" "$layer_mib"
    # Alternate who goes first, so page-cache and load drifts do not favour one server.
    order=$servers; [ $((r % 2)) -eq 0 ] && order="peer granary-nosync granary"
    for name in $order; do
      pick "$name"; mapfile -t args < <(creds_args dest)
      read -r w c k < <(measure "$pid" skopeo_push "$layout" "$reg" "${path}push$r" "${args[@]}")
      push_t[$name]+=" $w"; push_c[$name]+=" $c"; push_k[$name]+=" $k"
      log "round $r push $name: ${w}s wall, ${c}s server cpu, ${k}s skopeo cpu"
    done
    order=$pullers; [ $((r % 2)) -eq 0 ] && order="peer granary-nosync granary-anon granary"
    for name in $order; do
      pick "$name"; mapfile -t args < <(creds_args src)
      read -r w c k < <(measure "$pid" skopeo_pull "$reg" "${path}push$r" "$tmp/pulled" "${args[@]}")
      pull_t[$name]+=" $w"; pull_c[$name]+=" $c"; pull_k[$name]+=" $k"
      log "round $r pull $name: ${w}s wall, ${c}s server cpu, ${k}s skopeo cpu"
      rm -rf "$tmp/pulled"
    done
  done
  local op p_w p_c p_k
  local -a paired
  for op in push pull; do
    local -n times=${op}_t cpus=${op}_c clients=${op}_k
    p_w=$(median ${times[peer]}); p_c=$(median ${cpus[peer]}); p_k=$(median ${clients[peer]})
    printf '%s: docker-registry %ss wall, %ss cpu, skopeo %ss cpu\n' "$op" "$p_w" "$p_c" "$p_k"
    for name in granary granary-anon granary-nosync; do
      [ -n "${times[$name]:-}" ] || continue
      w=$(median ${times[$name]}); c=$(median ${cpus[$name]}); k=$(median ${clients[$name]})
      printf '%s: %-15s %ss wall (ratio %s, target <= 1.0), %ss cpu (ratio %s), skopeo %ss cpu   rounds:%s\n' \
        "$op" "$name" "$w" "$(fdiv "$w" "$p_w")" "$c" "$(fdiv "$c" "$p_c")" "$k" "${times[$name]}"
      # The ratio of medians above can flip with a drift through the run; each round's own ratio cannot.
      mapfile -t paired < <(paired_ratios "${times[$name]}" "${times[peer]}")
      printf '%s: %-15s median of per-round ratios %s, faster in %s of %s rounds   ratios: %s\n' \
        "$op" "$name" "$(median "${paired[@]}")" "$(printf '%s\n' "${paired[@]}" | awk '$1 < 1' | wc -l)" \
        "${#paired[@]}" "${paired[*]}"
    done
    printf '%s: %-15s rounds:%s\n' "$op" docker-registry "${times[peer]}"
  done
}
want skopeo && skopeo_section

# ---------------------------------------------------------------- 1 GiB blob GET vs nginx
if want blob; then

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
fi

# ---------------------------------------------------------------- manifest GET by tag with wrk
if want wrk; then

  section "manifest GET by tag: wrk -t2 -c32 -d${wrk_seconds}s --latency"
  if ! want skopeo; then
    # The manifest measured is the skopeo section's first push; without that section, push it here.
    for name in granary peer; do
      pick "$name"; mapfile -t args < <(creds_args dest)
      skopeo_push "$layout" "$reg" "${path}push1" "${args[@]}"
    done
  fi
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
fi

# ---------------------------------------------------------------- 100 concurrent pushes
if want pushes; then

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
fi
