#!/usr/bin/env bash
# Granary npm benchmark: one run, Granary against Verdaccio (from the npm registry, installed into
# ~/.cache/granary/tools/verdaccio) holding the same packages, both started here on 127.0.0.1 with no uplink.
# Prints figures and ratios; never fails on a timing. See e2e/bench/README.md.
#
# Needs the packaged runtime: mvn -B -pl registry-runtime -am package -DskipTests
# Knobs (environment): BENCH_PACKAGES (100), BENCH_WRK_SECONDS (10), BENCH_ROUNDS (3),
#   BENCH_WORK_DIR (e2e/target), BENCH_KEEP=1 (keep the temp dir), GRANARY_RUNTIME_JAR,
#   GRANARY_BENCH_JAVA_OPTS (JVM options for the runtime; default: README.md's heap settings).
set -euo pipefail

bench_name=npm-bench
# shellcheck source=e2e/bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
packages=${BENCH_PACKAGES:-100}
wrk_seconds=${BENCH_WRK_SECONDS:-10}
rounds=${BENCH_ROUNDS:-3}
token="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
repo=npm-bench
abbreviated='application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*'

# ---------------------------------------------------------------- tools

# shellcheck source=/dev/null
source "$repo_root/.ci/install-tools.sh"
granary_ensure_apt wrk curl openssl procps || die "cannot install wrk/curl/openssl/procps"
command -v npm >/dev/null || granary_install_node_clients || die "npm is missing"
[ -f "$runtime_jar" ] || die "no runtime at $runtime_jar; build it first: mvn -B -pl registry-runtime -am package -DskipTests"

# Verdaccio, pinned in the parent pom; its node-fetch is overridden to the version that installs here.
verdaccio_version=$(granary_pom_property granary.tool.verdaccio.version)
node_fetch_version=$(granary_pom_property granary.tool.verdaccio.node-fetch.version)
verdaccio_dir=${GRANARY_TOOLS_DIR:-$HOME/.cache/granary/tools}/verdaccio
verdaccio_bin=$verdaccio_dir/node_modules/.bin/verdaccio
if [ "$("$verdaccio_bin" --version 2>/dev/null | tr -d 'v')" != "$verdaccio_version" ]; then
  log "installing verdaccio $verdaccio_version into $verdaccio_dir"
  mkdir -p "$verdaccio_dir"
  printf '{"name":"granary-bench-verdaccio","private":true,"dependencies":{"verdaccio":"%s"},"overrides":{"node-fetch":"%s"}}\n' \
    "$verdaccio_version" "$node_fetch_version" >"$verdaccio_dir/package.json"
  (cd "$verdaccio_dir" && timeout 900 npm install --no-audit --no-fund --cache "$repo_root/.cache/npm" >&2) \
    || die "could not install verdaccio"
fi

# ---------------------------------------------------------------- temp dir and cleanup

mkdir -p "$work_parent" "$results_dir"
tmp=$(mktemp -d "$work_parent/npm-bench.XXXXXX")
granary_pid=""
verdaccio_pid=""

cleanup() {
  local rc=$?
  stop_pid "$verdaccio_pid" 10
  stop_pid "$granary_pid" 30
  if [ -d "$tmp" ]; then
    cp "$tmp/granary.log" "$results_dir/npm-bench-granary.log" 2>/dev/null || true
    cp "$tmp/verdaccio.log" "$results_dir/npm-bench-verdaccio.log" 2>/dev/null || true
    if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $tmp"; else rm -rf "$tmp"; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- servers

granary_port=$(free_port 18380)
granary_registry="http://127.0.0.1:$granary_port/npm/$repo/"
mkdir -p "$tmp/repos" "$tmp/granary-data"
cat >"$tmp/repos/$repo.yaml" <<EOF
apiVersion: granary.io/v1alpha1
kind: Repository
metadata: {name: $repo}
spec: {format: npm, type: hosted, access: {anonymousRead: false}}
EOF
# shellcheck disable=SC2086  # GRANARY_BENCH_JAVA_OPTS is a list of options
java ${GRANARY_BENCH_JAVA_OPTS:--Xmx512m -Xmn48m} -jar "$runtime_jar" standalone --port "$granary_port" \
  --data-dir "$tmp/granary-data" --admin-token "$token" --repositories "$tmp/repos" >>"$tmp/granary.log" 2>&1 &
granary_pid=$!

verdaccio_port=$(free_port $((granary_port + 1)))
verdaccio_registry="http://127.0.0.1:$verdaccio_port/"
mkdir -p "$tmp/verdaccio/storage"
# No uplinks: Verdaccio serves only what is published to it, like Granary's hosted repository, and
# never calls out. Reads need a login, as Granary's do.
cat >"$tmp/verdaccio/config.yaml" <<EOF
storage: $tmp/verdaccio/storage
auth:
  htpasswd:
    file: $tmp/verdaccio/htpasswd
    max_users: 10
uplinks: {}
packages:
  '**':
    access: \$authenticated
    publish: \$authenticated
    unpublish: \$authenticated
web:
  enable: false
# JWT API tokens: a legacy Verdaccio token carries the password and is bcrypt-checked on every
# request (seconds under load), which would measure bcrypt rather than the registry.
security:
  api:
    legacy: false
    jwt:
      sign: {expiresIn: 1d}
log: {type: stdout, format: pretty, level: warn}
EOF
"$verdaccio_bin" --config "$tmp/verdaccio/config.yaml" --listen "127.0.0.1:$verdaccio_port" >>"$tmp/verdaccio.log" 2>&1 &
verdaccio_pid=$!

log "starting Granary on $granary_registry and Verdaccio $verdaccio_version on $verdaccio_registry (work dir $tmp)"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
wait_http "http://127.0.0.1:$granary_port/q/health/ready" 120 Granary
wait_http "${verdaccio_registry}-/ping" 60 Verdaccio
verdaccio_token=$(curl -sS --max-time 30 -X PUT -H 'Content-Type: application/json' \
  -d '{"_id":"org.couchdb.user:bench","name":"bench","password":"bench-password-0123","type":"user","roles":[]}' \
  "${verdaccio_registry}-/user/org.couchdb.user:bench" | sed -n 's/.*"token": *"\([^"]*\)".*/\1/p')
[ -n "$verdaccio_token" ] || die "could not get a Verdaccio token"

# ---------------------------------------------------------------- packages

section "Publish $packages packages (one version each, the same documents) to both"
mkdir -p "$tmp/pkgs"
publish_doc() { # name version tgz -> the JSON document npm publish sends, on stdout
  local name=$1 version=$2 tgz=$3 integrity shasum data
  integrity="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  shasum=$(sha1sum "$tgz" | cut -c1-40)
  data=$(base64 -w0 "$tgz")
  printf '{"_id":"%s","name":"%s","dist-tags":{"latest":"%s"},"versions":{"%s":{"name":"%s","version":"%s","description":"bench","main":"index.js","license":"MIT","_id":"%s@%s","dist":{"integrity":"%s","shasum":"%s","tarball":"http://invalid/%s/-/%s-%s.tgz"}}},"_attachments":{"%s-%s.tgz":{"content_type":"application/octet-stream","data":"%s","length":%d}}}' \
    "$name" "$name" "$version" "$version" "$name" "$version" "$name" "$version" "$integrity" "$shasum" \
    "$name" "$name" "$version" "$name" "$version" "$data" "$(stat -c %s "$tgz")"
}
put_doc() { # url token file
  local code
  code=$(curl -sS -o "$tmp/put-response" -w '%{http_code}' --max-time 60 -X PUT -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $2" --data-binary "@$3" "$1")
  case "$code" in 200|201) ;; *) die "PUT $1 → HTTP $code: $(head -c 300 "$tmp/put-response")" ;; esac
}
deps=""
t_g=0; t_v=0
for i in $(seq -f '%03g' 0 $((packages - 1))); do
  name="bench-pkg-$i"
  d="$tmp/pkgs/$name/package"
  mkdir -p "$d"
  printf '{"name":"%s","version":"1.0.0","main":"index.js","license":"MIT"}\n' "$name" >"$d/package.json"
  printf 'module.exports = %s;\n' "$((10#$i))" >"$d/index.js"
  head -c 2048 /dev/urandom | base64 -w 76 >"$d/data.txt"  # a few KiB, like a small library
  tar -czf "$tmp/pkgs/$name.tgz" -C "$tmp/pkgs/$name" package
  publish_doc "$name" 1.0.0 "$tmp/pkgs/$name.tgz" >"$tmp/pkgs/$name.json"
  t0=$(now); put_doc "$granary_registry$name" "$token" "$tmp/pkgs/$name.json"; t1=$(now)
  put_doc "$verdaccio_registry$name" "$verdaccio_token" "$tmp/pkgs/$name.json"; t2=$(now)
  t_g=$(awk -v a="$t_g" -v b="$t0" -v c="$t1" 'BEGIN { print a + c - b }')
  t_v=$(awk -v a="$t_v" -v b="$t1" -v c="$t2" 'BEGIN { print a + c - b }')
  deps="$deps${deps:+,}\"$name\":\"^1.0.0\""
done
printf 'publish of %d packages (curl, one after another): granary %.2f s  verdaccio %.2f s\n' "$packages" "$t_g" "$t_v"

# ---------------------------------------------------------------- 1. abbreviated packument GETs

section "Abbreviated packument GETs (Accept: install-v1, Authorization: Bearer), wrk -t2 -c32 -d${wrk_seconds}s"
probe() { # url token -> content type
  curl -sS -o "$tmp/probe" -w '%{content_type}' --max-time 10 -H "Accept: $abbreviated" -H "Authorization: Bearer $2" "$1"
}
printf 'granary answers %s (%d bytes); ' "$(probe "${granary_registry}bench-pkg-000" "$token")" "$(stat -c %s "$tmp/probe")"
printf 'verdaccio answers %s (%d bytes)\n' "$(probe "${verdaccio_registry}bench-pkg-000" "$verdaccio_token")" "$(stat -c %s "$tmp/probe")"
run_wrk() { # url token; prints "requests/s p99"
  local out
  out=$(timeout $((wrk_seconds + 30)) wrk -t2 -c32 -d"${wrk_seconds}s" --timeout 5s --latency \
    -H "Accept: $abbreviated" -H "Authorization: Bearer $2" "$1")
  printf '%s\n' "$out" | sed 's/^/    /' >&2
  if grep -q 'Non-2xx or 3xx' <<<"$out"; then die "wrk saw error responses from $1"; fi
  printf '%s %s\n' "$(printf '%s\n' "$out" | awk '/^Requests\/sec:/ { printf "%.0f", $2 }')" \
    "$(printf '%s\n' "$out" | awk '$1 == "99%" { print $2 }')"
}
# A short discarded run each, so both have warmed up (JIT, caches) before they are timed.
timeout 30 wrk -t2 -c32 -d3s -H "Accept: $abbreviated" -H "Authorization: Bearer $token" "${granary_registry}bench-pkg-000" >/dev/null
timeout 30 wrk -t2 -c32 -d3s -H "Accept: $abbreviated" -H "Authorization: Bearer $verdaccio_token" "${verdaccio_registry}bench-pkg-000" >/dev/null
read -r rps_v p99_v < <(run_wrk "${verdaccio_registry}bench-pkg-000" "$verdaccio_token")
read -r rps_g p99_g < <(run_wrk "${granary_registry}bench-pkg-000" "$token")
printf 'granary %s req/s (p99 %s)  verdaccio %s req/s (p99 %s)\n' "$rps_g" "$p99_g" "$rps_v" "$p99_v"

# ---------------------------------------------------------------- 2. npm install with a clean cache

section "npm install of $packages packages, clean cache and no lock file each round, best of $rounds (order alternates)"
make_project() { # dir registry host-path token
  mkdir -p "$1"
  printf '{"name":"bench-app","version":"1.0.0","private":true,"dependencies":{%s}}\n' "$deps" >"$1/package.json"
  printf 'registry=%s\n%s:_authToken=%s\naudit=false\nfund=false\nupdate-notifier=false\nprogress=false\n' \
    "$2" "$3" "$4" >"$1/.npmrc"
  : >"$1/global-npmrc"
}
make_project "$tmp/app-granary" "$granary_registry" "//127.0.0.1:$granary_port/npm/$repo/" "$token"
make_project "$tmp/app-verdaccio" "$verdaccio_registry" "//127.0.0.1:$verdaccio_port/" "$verdaccio_token"
npm_install() { # project-dir round; prints seconds
  local dir=$1 t0 t1
  rm -rf "$dir/node_modules" "$dir/package-lock.json" "$dir/cache"
  t0=$(now)
  (cd "$dir" && HOME="$dir" npm_config_globalconfig="$dir/global-npmrc" timeout 600 npm install \
      --userconfig "$dir/.npmrc" --cache "$dir/cache" >"$dir/install-$2.log" 2>&1) \
    || die "npm install failed in $dir: $(tail -5 "$dir/install-$2.log")"
  t1=$(now)
  [ "$(find "$dir/node_modules" -maxdepth 1 -name 'bench-pkg-*' | wc -l)" -eq "$packages" ] \
    || die "npm install in $dir did not install $packages packages"
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}
# One unmeasured install from each first, as the PyPI bench does: a production server is warm, and a
# fresh JVM would otherwise still be compiling the tarball path (which wrk above never asked for)
# during the first timed rounds.
npm_install "$tmp/app-verdaccio" warmup >/dev/null
npm_install "$tmp/app-granary" warmup >/dev/null
best_g=""; best_v=""
for r in $(seq 1 "$rounds"); do
  # Alternate which server goes first, so neither always inherits the other's leftover load.
  if [ $((r % 2)) -eq 1 ]; then
    v=$(npm_install "$tmp/app-verdaccio" "$r"); g=$(npm_install "$tmp/app-granary" "$r")
  else
    g=$(npm_install "$tmp/app-granary" "$r"); v=$(npm_install "$tmp/app-verdaccio" "$r")
  fi
  printf 'round %d: granary %s s  verdaccio %s s\n' "$r" "$g" "$v"
  best_g=$(fmin "$g" "$best_g"); best_v=$(fmin "$v" "$best_v")
done
grep -q "\"resolved\": \"$granary_registry" "$tmp/app-granary/package-lock.json" \
  || die "the Granary lock file does not resolve from Granary"

# ---------------------------------------------------------------- table

ratio_rps=$(fdiv "$rps_g" "$rps_v")
ratio_install=$(fdiv "$best_g" "$best_v")
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
report=$(
  printf 'npm-bench %s, commit %s, %s cores, verdaccio %s, npm %s, JVM options: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo '?')" "$(nproc)" "$verdaccio_version" \
    "$(npm --version)" "${GRANARY_BENCH_JAVA_OPTS:--Xmx512m -Xmn48m}"
  printf 'load average at start %s, at end %s%s\n' "$load_start" "$load_end" \
    "$(awk -v l="${load_end%% *}" -v c="$(nproc)" 'BEGIN { if (l + 0 > c + 0) print "  (busy machine: figures are noisy)" }')"
  printf '%-48s %10s %10s %7s %7s %4s\n' metric granary verdaccio ratio target met
  printf '%-48s %10s %10s %7s %7s %4s\n' "abbreviated packument GET req/s (wrk -c32)" \
    "$rps_g" "$rps_v" "$ratio_rps" ">=3" "$(met_ge "$ratio_rps" 3)"
  printf '%-48s %10s %10s %7s %7s %4s\n' "  p99 latency" "$p99_g" "$p99_v" "-" "-" "-"
  printf '%-48s %10s %10s %7s %7s %4s\n' "npm install $packages packages, clean cache, s (best)" \
    "$best_g" "$best_v" "$ratio_install" "<=1.0" "$(met_le "$ratio_install" 1.0)"
)
section "Results"
printf '%s\n' "$report"
printf '%s\n' "$report" >"$results_dir/npm-bench-$(date -u +%Y%m%dT%H%M%SZ).txt"
log "table saved under $results_dir"
