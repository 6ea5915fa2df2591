# Helpers shared by the benchmark scripts in this folder; sourced, never run. Each script sets
# bench_name (the log prefix) before sourcing and keeps its own phases and table; what lives here is
# what every script did the same way: logging, stopping processes, ports, arithmetic on figures,
# a private nginx, a Granary standalone runtime, wrk runs that refuse error responses.
#
# Globals it defines: repo_root, runtime_jar, work_parent, results_dir, granary_java_opts.
# shellcheck shell=bash

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runtime_jar=${GRANARY_RUNTIME_JAR:-$repo_root/registry-runtime/target/quarkus-app/quarkus-run.jar}
work_parent=${BENCH_WORK_DIR:-$repo_root/e2e/target}
results_dir=$repo_root/e2e/bench/results
# README.md's run command uses these heap settings, so the benches measure what a user runs.
granary_java_opts=${GRANARY_BENCH_JAVA_OPTS:--Xmx512m -Xmn48m}

log() { printf '[%s %s] %s\n' "${bench_name:-bench}" "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
section() { printf '\n== %s\n' "$*"; }

# ---------------------------------------------------------------- processes and ports

stop_pid() { # pid, seconds to wait after TERM before KILL
  local pid=$1 waited=0
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt $(($2 * 10)) ]; do sleep 0.1; waited=$((waited + 1)); done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Stops, by pid, whatever still runs with $1 in its command line (an embedded PostgreSQL left behind
# by a runtime is a leak worth reporting), so the temp dir can be removed.
stop_leftovers() {
  local leftover
  for leftover in $(pgrep -f -- "$1" || true); do
    [ "$leftover" = $$ ] && continue
    log "WARNING: process $leftover still runs on $1 after stop: $(tr '\0' ' ' <"/proc/$leftover/cmdline" 2>/dev/null)"
    stop_pid "$leftover" 10
  done
}

free_port() { # a free TCP port on 127.0.0.1 at or above $1 (bounded search)
  local p
  for p in $(seq "$1" $(($1 + 200))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  die "no free port in $1..$(($1 + 200))"
}

wait_http() { # url seconds name [pid]: until the url answers 200; dies when pid exits or time is up
  local i
  for i in $(seq 1 $(($2 * 5))); do
    [ -n "${4:-}" ] && ! kill -0 "$4" 2>/dev/null && die "$3 exited while starting"
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1")" = 200 ] && return 0
    sleep 0.2
  done
  die "$3 not ready after $2 s at $1"
}

# ---------------------------------------------------------------- figures

now() { date +%s.%N; }
now_ms() { date +%s%3N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
fdiv() { awk -v a="$1" -v b="$2" -v d="${3:-3}" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.*f", d, a / b }'; }
fmax() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 > b + 0) ? a : b }'; }
fmin() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }'; }
mbps() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
median() { # figures as arguments; the middle one (mean of the two middle ones for an even count)
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# Round-by-round ratios of two equally long lists of figures ("a1 a2 ..." "b1 b2 ..."), one per line.
# Paired this way, a drift that slows every server alike through a run cancels within each round.
paired_ratios() {
  awk -v a="$1" -v b="$2" 'BEGIN { n = split(a, x, " "); split(b, y, " ")
    for (i = 1; i <= n; i++) if (y[i] + 0 != 0) printf "%.3f\n", x[i] / y[i] }'
}
met_ge() { awk -v r="$1" -v t="$2" 'BEGIN { print (r != "n/a" && r + 0 >= t + 0) ? "yes" : "no" }'; }
met_le() { awk -v r="$1" -v t="$2" 'BEGIN { print (r != "n/a" && r + 0 <= t + 0) ? "yes" : "no" }'; }

# Random file of $2 MiB at $1 (AES-CTR keystream: far faster than /dev/urandom).
make_random_file() {
  local seed
  seed=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  # openssl ends on SIGPIPE once head has enough: expected, hence the '|| true' under pipefail.
  { openssl enc -aes-128-ctr -nosalt -pass "pass:$seed" -pbkdf2 </dev/zero 2>/dev/null || true; } \
    | head -c $(($2 * 1024 * 1024)) >"$1"
  [ "$(stat -c %s "$1")" -eq $(($2 * 1024 * 1024)) ] || die "could not write $1"
}

# Touches and frees $2 MiB of memory through a scratch file in directory $1, right before a measured
# operation. Why: in a VM that hands free guest memory back to its host (Firecracker's free page
# reporting, about 2 s after it is freed), the next process to fill that memory pays for it being
# faulted in again: here writing 768 MiB into the page cache cost 2.8 s of system CPU after 10 s
# idle and 0.2-0.3 s within a second of a free. Whichever side of a comparison happened to run
# first after a pause (a push phase, a setup step) paid it, a few seconds of noise in either
# direction. After this, every measured operation starts with recently freed memory.
warm_free_memory() { # dir MiB
  local file="$1/warm-free-memory.$$"
  dd if=/dev/zero of="$file" bs=4M count=$(($2 / 4)) status=none 2>/dev/null || true
  rm -f "$file"
}

load_average() { cut -d' ' -f1-3 /proc/loadavg; }
# "load average at start …, at end …" plus a warning when the machine was busier than its cores.
load_report() { # load-at-start
  local end
  end=$(load_average)
  printf 'load average at start %s, at end %s%s\n' "$1" "$end" \
    "$(awk -v l="${end%% *}" -v c="$(nproc)" 'BEGIN { if (l + 0 > c + 0) print "  (busy machine: figures are noisy)" }')"
}
commit_id() { git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo '?'; }

# ---------------------------------------------------------------- wrk

# wrk -t2 -c32 for $wrk_seconds (default 10) with the given extra arguments (headers, then the URL
# last); the full output goes to stderr, indented. Prints "requests/s p99"; dies when any response
# was not 2xx/3xx, so an error page never counts as a fast answer.
wrk_run() {
  local out url=${*: -1}
  out=$(timeout $((${wrk_seconds:-10} + 30)) wrk -t2 -c32 -d"${wrk_seconds:-10}s" --timeout 5s --latency "$@")
  printf '%s\n' "$out" | sed 's/^/    /' >&2
  if grep -q 'Non-2xx or 3xx' <<<"$out"; then die "wrk saw error responses from $url"; fi
  printf '%s %s\n' "$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")" "$(awk '$1 == "99%" { print $2 }' <<<"$out")"
}
# A discarded run of $1 seconds, so the JIT (or a cache) has warmed up before the timed one.
wrk_warm() { # seconds, wrk arguments...
  local s=$1; shift
  timeout $((s + 30)) wrk -t2 -c32 -d"${s}s" --timeout 5s "$@" >/dev/null
}

# ---------------------------------------------------------------- nginx (the static-file reference)

# Writes $1/nginx.conf for a private nginx on 127.0.0.1:$2 serving $1/www (sendfile, no access log,
# temp dirs under $1 so a PUT body lands on the same filesystem as the root), with $3 as the body of
# "location /" (e.g. WebDAV PUT), starts it and waits until it answers. Sets nginx_pid.
nginx_start() { # dir port [location-body]
  local dir=$1 port=$2 user_line="" nginx_bin
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  mkdir -p "$dir/www" "$dir/body" "$dir/tmp"
  [ "$(id -u)" -eq 0 ] && user_line="user root;"  # else workers would run as nobody and miss the 0700 temp dirs
  cat >"$dir/nginx.conf" <<EOF
$user_line
daemon off;
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type application/octet-stream;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/tmp;
  fastcgi_temp_path $dir/tmp;
  uwsgi_temp_path $dir/tmp;
  scgi_temp_path $dir/tmp;
  server {
    listen 127.0.0.1:$port;
    root $dir/www;
    location / { ${3:-} }
  }
}
EOF
  "$nginx_bin" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" </dev/null &
  nginx_pid=$!
  local i
  for i in $(seq 1 100); do
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/" && return 0
    kill -0 "$nginx_pid" 2>/dev/null || die "nginx exited: $(cat "$dir/error.log" 2>/dev/null)"
    sleep 0.1
  done
  die "nginx not answering after 10 s"
}

# ---------------------------------------------------------------- Granary

# Writes one Repository YAML into the repositories dir $1: name, then the spec as YAML flow text.
repository_yaml() { # dir name spec
  mkdir -p "$1"
  cat >"$1/$2.yaml" <<EOF
apiVersion: granary.io/v1alpha1
kind: Repository
metadata: {name: $2}
spec: $3
EOF
}

# Starts Granary standalone with admin token $token and the repositories in $4, and waits until it
# is ready (120 s at most). The pid is stored in the variable named $1 before waiting, so the caller's
# cleanup trap stops a runtime that never got ready.
granary_start() { # pid-variable port data-dir repositories-dir log-file [extra JVM options...]
  local var=$1 port=$2 data=$3 repos=$4 logfile=$5 pid
  shift 5
  [ -f "$runtime_jar" ] || die "no runtime at $runtime_jar; build it first: mvn -B -pl registry-runtime -am package -DskipTests"
  # shellcheck disable=SC2086  # granary_java_opts is a list of options
  java $granary_java_opts "$@" -jar "$runtime_jar" standalone --port "$port" --data-dir "$data" \
    --admin-token "$token" --repositories "$repos" >>"$logfile" 2>&1 </dev/null &
  pid=$!
  printf -v "$var" '%s' "$pid"
  wait_http "http://127.0.0.1:$port/q/health/ready" 120 "Granary (log: $logfile)" "$pid"
}

# CPU seconds (user + system) used so far by each thread of process $1: "tid name seconds" lines,
# the name with spaces as '_' and a trailing number dropped, so a pool's threads share one name.
thread_cpu() {
  local stat tick
  tick=$(getconf CLK_TCK)
  for stat in /proc/"$1"/task/*/stat; do
    # comm is in parentheses and may hold spaces; utime and stime are fields 12 and 13 after it.
    sed -E 's/^([0-9]+) \((.*)\) (.*)$/\1|\2|\3/' "$stat" 2>/dev/null
  done | awk -F'|' -v tick="$tick" '{ split($3, f, " "); name = $2; gsub(/ /, "_", name); sub(/[-#_]?[0-9]+$/, "", name)
    printf "%s %s %.2f\n", $1, name, (f[12] + f[13]) / tick }'
}
# What each thread name used between two thread_cpu snapshots ($1 before, $2 after): "name seconds"
# lines. Per thread id, so a pool thread that started in between counts from zero; a thread that
# ended in between is lost, hence snapshots around each unit of work rather than around many.
thread_cpu_delta() {
  awk 'NR == FNR { before[$1] = $3; next } { used[$2] += $3 - before[$1] } END { for (n in used) printf "%s %.2f\n", n, used[n] }' \
    <(printf '%s\n' "$1") <(printf '%s\n' "$2")
}

# Runs a command with its stdout kept; its own CPU seconds (user + system, children included) go into
# the variable named $1. For a client's share of the work (curl, skopeo), without an external tool.
client_cpu() { # variable, command...
  local var=$1 t rc=0
  shift
  # bash's time keyword reports on the group's stderr; the command's own output keeps fds 1 and 2.
  t=$( { TIMEFORMAT='%U %S'; time "$@" 1>&3 2>&4; } 2>&1 ) || rc=$?
  printf -v "$var" '%s' "$(awk '{ printf "%.2f", $1 + $2 }' <<<"$t")"
  return "$rc"
} 3>&1 4>&2

# CPU seconds (user + system) the given processes have used so far, their ended threads included.
process_cpu() { # pid...
  local pid tick
  tick=$(getconf CLK_TCK)
  for pid in "$@"; do sed -E 's/^.*\) //' "/proc/$pid/stat" 2>/dev/null; done \
    | awk -v tick="$tick" '{ t += $12 + $13 } END { printf "%.2f", t / tick }'
}
