#!/usr/bin/env bash
# Granary PyPI and Helm benchmark: one run, on this machine, loopback only. Prints figures and
# ratios; never fails on a timing. See e2e/bench/README.md.
#   - pip install of BENCH_PACKAGES small wheels into a fresh venv (no cache) from Granary and from
#     pypiserver (from PyPI, cached in ~/.cache/granary/tools/pypiserver) holding the same files
#   - simple-index GETs per second (wrk) on both
#   - index.yaml of a repository with BENCH_CHARTS chart versions: GET latency, and the time from one
#     more upload until index.yaml shows it
# Needs the packaged runtime: mvn -B install -DskipTests
# Knobs: BENCH_PACKAGES (50), BENCH_CHARTS (2000), BENCH_WRK_SECONDS (10), BENCH_WORK_DIR (e2e/target)
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runtime_jar=${GRANARY_RUNTIME_JAR:-$repo_root/registry-runtime/target/quarkus-app/quarkus-run.jar}
packages=${BENCH_PACKAGES:-50}
charts=${BENCH_CHARTS:-2000}
wrk_seconds=${BENCH_WRK_SECONDS:-10}
work_parent=${BENCH_WORK_DIR:-$repo_root/e2e/target}
token="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
section() { printf '\n== %s\n' "$*"; }
now_ms() { date +%s%3N; }

# shellcheck source=/dev/null
source "$repo_root/.ci/install-tools.sh"
granary_ensure_apt wrk curl procps || die "cannot install wrk/curl/procps"
granary_install_python_clients || die "cannot install the python clients"
tools=$GRANARY_TOOLS_DIR
if [ ! -x "$tools/pypiserver/bin/pypi-server" ]; then
  log "installing pypiserver into $tools/pypiserver"
  python3 -m venv "$tools/pypiserver" && timeout 600 "$tools/pypiserver/bin/pip" install -q \
    --disable-pip-version-check pypiserver==2.4.2 || die "cannot install pypiserver"
fi
[ -f "$runtime_jar" ] || die "no runtime at $runtime_jar; build it first: mvn -B install -DskipTests"

mkdir -p "$work_parent"
tmp=$(mktemp -d "$work_parent/pypi-helm-bench.XXXXXX")
granary_pid="" pypiserver_pid=""
cleanup() {
  for pid in $granary_pid $pypiserver_pid; do kill "$pid" 2>/dev/null || true; done
  for pid in $granary_pid $pypiserver_pid; do wait "$pid" 2>/dev/null || true; done
  [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { local p=$1; while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done; echo "$p"; }
wait_http() { # url pid seconds
  for _ in $(seq 1 $(($3 * 5))); do
    kill -0 "$2" 2>/dev/null || die "server for $1 exited"
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1")" = 200 ] && return 0
    sleep 0.2
  done
  die "$1 not ready after $3 s"
}

gport=$(free_port 18600); g="http://127.0.0.1:$gport"
mkdir -p "$tmp/repos" "$tmp/data" "$tmp/wheels" "$tmp/charts"
cat >"$tmp/repos/bench.yaml" <<EOF
apiVersion: granary.io/v1alpha1
kind: Repository
metadata: {name: bench-pypi}
spec: {format: pypi, type: hosted, access: {anonymousRead: true}}
---
apiVersion: granary.io/v1alpha1
kind: Repository
metadata: {name: bench-helm}
spec: {format: helm, type: hosted, access: {anonymousRead: true}}
EOF
java -Xmx512m -Xmn48m -jar "$runtime_jar" standalone --port "$gport" --data-dir "$tmp/data" \
  --admin-token "$token" --repositories "$tmp/repos" >"$tmp/granary.log" 2>&1 &
granary_pid=$!
wait_http "$g/q/health/ready" "$granary_pid" 120

section "PyPI: $packages small wheels"
"$tools/python-clients/bin/python" - "$tmp/wheels" "$packages" <<'EOF'
import sys, zipfile, os
out, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    name = f"bench_pkg_{i:02d}"
    info = f"{name}-1.0.dist-info/"
    with zipfile.ZipFile(os.path.join(out, f"{name}-1.0-py3-none-any.whl"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{name}/__init__.py", "X = 1\n" * 200)
        z.writestr(info + "METADATA", f"Metadata-Version: 2.1\nName: bench-pkg-{i:02d}\nVersion: 1.0\nRequires-Python: >=3.8\n\n")
        z.writestr(info + "WHEEL", "Wheel-Version: 1.0\nGenerator: bench\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        z.writestr(info + "RECORD", "")
EOF
PYTHON_KEYRING_BACKEND=keyring.backends.null.Keyring "$tools/python-clients/bin/twine" upload --non-interactive \
  --disable-progress-bar --repository-url "$g/pypi/bench-pypi/" -u __token__ -p "$token" "$tmp"/wheels/*.whl >"$tmp/twine.log" 2>&1 \
  || die "twine upload failed: $(tail -5 "$tmp/twine.log")"
pport=$(free_port $((gport + 1))); p="http://127.0.0.1:$pport"
"$tools/pypiserver/bin/pypi-server" run -i 127.0.0.1 -p "$pport" -a . -P . --disable-fallback "$tmp/wheels" \
  >"$tmp/pypiserver.log" 2>&1 &
pypiserver_pid=$!
wait_http "$p/simple/" "$pypiserver_pid" 60

names=$(seq -f 'bench-pkg-%02g' 0 $((packages - 1)) | tr '\n' ' ')
pip_install() { # index-url label
  local venv="$tmp/venv-$2" start end
  python3 -m venv "$venv"
  start=$(now_ms)
  # shellcheck disable=SC2086
  PIP_CONFIG_FILE=/dev/null "$venv/bin/pip" install -q --no-cache-dir --disable-pip-version-check --no-input \
    --index-url "$1" $names >"$tmp/pip-$2.log" 2>&1 || die "pip install from $2 failed: $(tail -5 "$tmp/pip-$2.log")"
  end=$(now_ms)
  echo $((end - start))
}
pip_install "$p/simple/" pypiserver-warmup >/dev/null
pip_install "$g/pypi/bench-pypi/simple/" granary-warmup >/dev/null
t_pypiserver=$(pip_install "$p/simple/" pypiserver)
t_granary=$(pip_install "$g/pypi/bench-pypi/simple/" granary)
printf 'pip install of %d packages, fresh venv, no cache: Granary %d ms, pypiserver %d ms, ratio %s (target <= 1.0)\n' \
  "$packages" "$t_granary" "$t_pypiserver" "$(awk -v a="$t_granary" -v b="$t_pypiserver" 'BEGIN{printf "%.2f", a/b}')"

rps() { wrk -t2 -c32 -d"${wrk_seconds}s" "$@" 2>&1 | awk '/Requests\/sec/ {print int($2)}'; }
r_granary=$(rps -H 'Accept: text/html' "$g/pypi/bench-pypi/simple/bench-pkg-07/")
r_pypiserver=$(rps -H 'Accept: text/html' "$p/simple/bench-pkg-07/")
printf 'simple-index GET (one project page, wrk 2 threads 32 connections): Granary %s req/s, pypiserver %s req/s, ratio %s (target >= 2)\n' \
  "$r_granary" "$r_pypiserver" "$(awk -v a="$r_granary" -v b="$r_pypiserver" 'BEGIN{printf "%.1f", a/b}')"

section "Helm: index.yaml with $charts chart versions"
"$tools/python-clients/bin/python" - "$tmp/charts" "$charts" <<'EOF'
import sys, tarfile, io, os
out, n = sys.argv[1], int(sys.argv[2])
for i in range(n + 1):
    chart, version = f"chart{i % 100:02d}", f"1.{i // 100}.0"
    with tarfile.open(os.path.join(out, f"{chart}-{version}.tgz"), "w:gz") as t:
        for name, text in ((f"{chart}/Chart.yaml", f"apiVersion: v2\nname: {chart}\nversion: {version}\ndescription: bench chart\n"),
                           (f"{chart}/values.yaml", "a: 1\n")):
            data = text.encode(); info = tarfile.TarInfo(name); info.size = len(data); t.addfile(info, io.BytesIO(data))
EOF
mapfile -t files < <(ls "$tmp/charts" | sort)
last=${files[-1]}; unset 'files[-1]'
start=$(now_ms)
for f in "${files[@]}"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -H "Authorization: Bearer $token" \
    --data-binary "@$tmp/charts/$f" "$g/helm/bench-helm/api/charts")
  [ "$code" = 201 ] || die "upload of $f answered $code"
done
end=$(now_ms)
printf 'uploaded %d chart versions in %d ms (%.1f ms each, sequential curl)\n' "${#files[@]}" $((end - start)) \
  "$(awk -v t=$((end - start)) -v n="${#files[@]}" 'BEGIN{print t/n}')"
lat=$(for _ in $(seq 1 20); do curl -s -o /dev/null -w '%{time_total}\n' --max-time 60 "$g/helm/bench-helm/index.yaml"; done | sort -n)
size=$(curl -s --max-time 60 "$g/helm/bench-helm/index.yaml" | wc -c)
printf 'index.yaml GET (%d bytes): median %s s, max %s s over 20 sequential GETs\n' "$size" \
  "$(sed -n 10p <<<"$lat")" "$(tail -1 <<<"$lat")"
start=$(now_ms)
curl -s -o /dev/null --max-time 30 -H "Authorization: Bearer $token" --data-binary "@$tmp/charts/$last" "$g/helm/bench-helm/api/charts"
for _ in $(seq 1 100); do
  curl -s --max-time 60 "$g/helm/bench-helm/index.yaml" | grep -q "${last%.tgz}" && break
  sleep 0.05
done
end=$(now_ms)
printf 'one more upload until index.yaml shows it: %d ms (index.yaml is rendered from one snapshot per GET)\n' $((end - start))
