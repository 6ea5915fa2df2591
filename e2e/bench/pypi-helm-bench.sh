#!/usr/bin/env bash
# Granary PyPI and Helm benchmark: one run, on this machine, loopback only. Prints figures and
# ratios; never fails on a timing. See e2e/bench/README.md.
#   - pip install of BENCH_PACKAGES small wheels into a fresh venv (no cache) from Granary and from
#     pypiserver (from PyPI, cached in ~/.cache/granary/tools/pypiserver) holding the same files
#   - simple-index GETs per second (wrk) on both
#   - index.yaml of a repository with BENCH_CHARTS chart versions: GET latency, and the time from one
#     more upload until index.yaml shows it
# Needs the packaged runtime: mvn -B install -DskipTests
#   - server CPU per install and per request (page, PEP 658 metadata, wheel): load-independent
# Knobs: BENCH_PACKAGES (50), BENCH_CHARTS (2000), BENCH_WRK_SECONDS (10), BENCH_ROUNDS (6),
#   BENCH_CPU_SECONDS (5), BENCH_WORK_DIR (e2e/target)
set -euo pipefail

bench_name=bench
# shellcheck source=e2e/bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
packages=${BENCH_PACKAGES:-50}
charts=${BENCH_CHARTS:-2000}
wrk_seconds=${BENCH_WRK_SECONDS:-10}
rounds=${BENCH_ROUNDS:-6}
cpu_seconds=${BENCH_CPU_SECONDS:-5}
token="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

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
  local rc=$?
  stop_pid "$pypiserver_pid" 10
  stop_pid "$granary_pid" 30
  stop_leftovers "$tmp/data"
  if [ -d "$tmp" ]; then
    mkdir -p "$results_dir"
    cp "$tmp/granary.log" "$results_dir/pypi-helm-bench-granary.log" 2>/dev/null || true
    if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $tmp"; else rm -rf "$tmp"; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

gport=$(free_port 18600); g="http://127.0.0.1:$gport"
mkdir -p "$tmp/data" "$tmp/wheels" "$tmp/charts"
repository_yaml "$tmp/repos" bench-pypi "{format: pypi, type: hosted, access: {anonymousRead: true}}"
repository_yaml "$tmp/repos" bench-helm "{format: helm, type: hosted, access: {anonymousRead: true}}"
granary_start granary_pid "$gport" "$tmp/data" "$tmp/repos" "$tmp/granary.log"
load_start=$(load_average)

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
wait_http "$p/simple/" 60 pypiserver "$pypiserver_pid"

names=$(seq -f 'bench-pkg-%02g' 0 $((packages - 1)) | tr '\n' ' ')
pip_install() { # index-url label; prints milliseconds
  local venv="$tmp/venv-$2" start end
  rm -rf "$venv"
  python3 -m venv "$venv"
  warm_free_memory "$tmp" 512
  start=$(now_ms)
  # shellcheck disable=SC2086
  PIP_CONFIG_FILE=/dev/null timeout 600 "$venv/bin/pip" install -q --no-cache-dir --disable-pip-version-check --no-input \
    --index-url "$1" $names >"$tmp/pip-$2.log" 2>&1 || die "pip install from $2 failed: $(tail -5 "$tmp/pip-$2.log")"
  end=$(now_ms)
  echo $((end - start))
}
# Warm-up, the same for both servers and not measured (a production server is warm): both first
# serve a few seconds of the requests pip makes (project page with pip's Accept header, PEP 658
# metadata where offered, the wheel), so the figures are of running servers: a fresh JVM would otherwise still be compiling the PyPI request path during the timed installs (one
# warm-up install alone left its JIT compiler busy for a third of a second per install).
pip_accept='Accept: application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01'
wheel=bench_pkg_07-1.0-py3-none-any.whl
wrk_warm 5 -H "$pip_accept" "$g/pypi/bench-pypi/simple/bench-pkg-07/"
wrk_warm 5 "$g/pypi/bench-pypi/files/bench-pkg-07/$wheel.metadata"
wrk_warm 5 "$g/pypi/bench-pypi/files/bench-pkg-07/$wheel"
wrk_warm 5 -H "$pip_accept" "$p/simple/bench-pkg-07/"
wrk_warm 5 "$p/packages/$wheel"
# Three unmeasured installs from each: after one, C2 was still compiling Granary's paths through the
# measured rounds (0.1-0.44 s of compiler CPU in most of 9 rounds, from per-thread CPU).
for w in 1 2 3; do
  pip_install "$p/simple/" pypiserver-warmup >/dev/null
  pip_install "$g/pypi/bench-pypi/simple/" granary-warmup >/dev/null
done
# Rounds alternate which server goes first; the median of each is compared.
# Server CPU per install is printed too (Granary: the JVM and its embedded PostgreSQL): unlike the
# times, it does not depend on what else the machine runs.
granary_processes() { # the JVM, the postmaster on its data dir and the postmaster's backends
  local pm
  # A machine PostgreSQL runs on <data>/pg<major>, the embedded one on <data>/postgres.
  pm=$(pgrep -f -- "-D $tmp/data/(pg[0-9]+|postgres)( |$)" | head -1 || true)
  echo "$granary_pid" $pm ${pm:+$(pgrep -P "$pm" || true)}
}
# Server CPU per request of one kind: wrk with one connection (as pip uses) for BENCH_CPU_SECONDS,
# the CPU the server's processes used divided by the requests answered. Unlike times, it does not
# depend on what else the machine runs. Prints microseconds.
cpu_per_request() { # "pids-command" wrk arguments...
  local pids_of=$1 c0 c1 out n
  shift
  c0=$(process_cpu $($pids_of))
  out=$(timeout $((cpu_seconds + 30)) wrk -t1 -c1 -d"${cpu_seconds}s" "$@")
  grep -q 'Non-2xx or 3xx' <<<"$out" && die "wrk saw error responses from ${*: -1}"
  c1=$(process_cpu $($pids_of))
  n=$(awk '/ requests in / { print $1 }' <<<"$out")
  awk -v a="$c0" -v b="$c1" -v n="$n" 'BEGIN { printf "%.0f", (n > 0) ? (b - a) * 1e6 / n : 0 }'
}
pypiserver_processes() { echo "$pypiserver_pid"; }
all_g=(); all_p=(); cpu_g=(); cpu_p=()
for r in $(seq 1 "$rounds"); do
  c0g=$(process_cpu $(granary_processes)); c0p=$(process_cpu "$pypiserver_pid")
  if [ $((r % 2)) -eq 1 ]; then
    tp=$(pip_install "$p/simple/" pypiserver); tg=$(pip_install "$g/pypi/bench-pypi/simple/" granary)
  else
    tg=$(pip_install "$g/pypi/bench-pypi/simple/" granary); tp=$(pip_install "$p/simple/" pypiserver)
  fi
  cg=$(awk -v a="$c0g" -v b="$(process_cpu $(granary_processes))" 'BEGIN { printf "%.2f", b - a }')
  cp=$(awk -v a="$c0p" -v b="$(process_cpu "$pypiserver_pid")" 'BEGIN { printf "%.2f", b - a }')
  printf 'round %d: Granary %d ms (server CPU %s s)  pypiserver %d ms (server CPU %s s)\n' "$r" "$tg" "$cg" "$tp" "$cp"
  all_g+=("$tg"); all_p+=("$tp"); cpu_g+=("$cg"); cpu_p+=("$cp")
done
server_cpu_g=$(median "${cpu_g[@]}"); server_cpu_p=$(median "${cpu_p[@]}")
t_granary=$(median "${all_g[@]}"); t_pypiserver=$(median "${all_p[@]}")
ratio_pip=$(fdiv "$t_granary" "$t_pypiserver" 2)
printf 'pip install of %d packages, fresh venv, no cache, median of %d: Granary %s ms, pypiserver %s ms, ratio %s (target <= 1.0)\n' \
  "$packages" "$rounds" "$t_granary" "$t_pypiserver" "$ratio_pip"

section "Server CPU per request (one connection, ${cpu_seconds} s each)"
cpu_page_g=$(cpu_per_request granary_processes -H "$pip_accept" "$g/pypi/bench-pypi/simple/bench-pkg-07/")
cpu_meta_g=$(cpu_per_request granary_processes "$g/pypi/bench-pypi/files/bench-pkg-07/$wheel.metadata")
cpu_wheel_g=$(cpu_per_request granary_processes "$g/pypi/bench-pypi/files/bench-pkg-07/$wheel")
cpu_page_p=$(cpu_per_request pypiserver_processes -H "$pip_accept" "$p/simple/bench-pkg-07/")
cpu_wheel_p=$(cpu_per_request pypiserver_processes "$p/packages/$wheel")
printf 'project page (repeated): Granary %s us, pypiserver %s us\n' "$cpu_page_g" "$cpu_page_p"
printf 'PEP 658 metadata: Granary %s us (pypiserver offers none)\n' "$cpu_meta_g"
printf 'wheel: Granary %s us, pypiserver %s us\n' "$cpu_wheel_g" "$cpu_wheel_p"

wrk_warm 3 -H 'Accept: text/html' "$g/pypi/bench-pypi/simple/bench-pkg-07/"
wrk_warm 3 -H 'Accept: text/html' "$p/simple/bench-pkg-07/"
read -r r_granary _ < <(wrk_run -H 'Accept: text/html' "$g/pypi/bench-pypi/simple/bench-pkg-07/")
read -r r_pypiserver _ < <(wrk_run -H 'Accept: text/html' "$p/simple/bench-pkg-07/")
ratio_rps=$(fdiv "$r_granary" "$r_pypiserver" 1)
printf 'simple-index GET (one project page, wrk 2 threads 32 connections): Granary %s req/s, pypiserver %s req/s, ratio %s (target >= 2)\n' \
  "$r_granary" "$r_pypiserver" "$ratio_rps"

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

section "Results"
report=$(
  printf 'pypi-helm-bench %s, commit %s, %s cores, JVM options: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "$(commit_id)" "$(nproc)" "$granary_java_opts"
  load_report "$load_start"
  printf '%-52s %10s %10s %7s %7s %4s\n' metric granary pypiserver ratio target met
  printf '%-52s %10s %10s %7s %7s %4s\n' "pip install $packages packages, no cache, ms (median)" \
    "$t_granary" "$t_pypiserver" "$ratio_pip" "<=1.0" "$(met_le "$ratio_pip" 1.0)"
  printf '%-52s %10s %10s %7s %7s %4s\n' "  server CPU per install, s (median)" \
    "$server_cpu_g" "$server_cpu_p" "$(fdiv "$server_cpu_g" "$server_cpu_p" 2)" "-" "-"
  printf '%-52s %10s %10s %7s %7s %4s\n' "  server CPU per request in pip's mix, us" \
    "$(awk -v c="$server_cpu_g" -v n=$((3 * packages)) 'BEGIN { printf "%.0f", c * 1e6 / n }')" \
    "$(awk -v c="$server_cpu_p" -v n=$((2 * packages)) 'BEGIN { printf "%.0f", c * 1e6 / n }')" "-" "-" "-"
  printf '%-52s %10s %10s %7s %7s %4s\n' "  server CPU, repeated project page, us/request" "$cpu_page_g" "$cpu_page_p" \
    "$(fdiv "$cpu_page_g" "$cpu_page_p" 2)" "-" "-"
  printf '%-52s %10s %10s %7s %7s %4s\n' "  server CPU, PEP 658 metadata, us/request" "$cpu_meta_g" "-" "-" "-" "-"
  printf '%-52s %10s %10s %7s %7s %4s\n' "  server CPU, wheel, us/request" "$cpu_wheel_g" "$cpu_wheel_p" \
    "$(fdiv "$cpu_wheel_g" "$cpu_wheel_p" 2)" "-" "-"
  printf '%-52s %10s %10s %7s %7s %4s\n' "simple-index GET req/s (wrk -c32)" \
    "$r_granary" "$r_pypiserver" "$ratio_rps" ">=2" "$(met_ge "$ratio_rps" 2)"
)
printf '%s\n' "$report"
mkdir -p "$results_dir"
printf '%s\n' "$report" >"$results_dir/pypi-helm-bench-$(date -u +%Y%m%dT%H%M%SZ).txt"
