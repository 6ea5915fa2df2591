#!/usr/bin/env bash
# Granary Maven-repository benchmark: one run, Granary measured against nginx serving copies of the
# same files, both started and measured in the same run on this machine. Prints figures and
# ratios; never fails on a timing. See e2e/bench/README.md.
#
# Needs the packaged runtime (mvn -B package -DskipTests -pl registry-runtime -am) and the Maven
# plugins of MavenClientTest in the local repository (mvn -f registry-runtime/src/test/maven-client/pom.xml deploy).
# Knobs (environment): BENCH_WRK_SECONDS (10), BENCH_ROUNDS (3), BENCH_TREE (200 artifacts),
#   BENCH_WORK_DIR (e2e/target), BENCH_KEEP=1 (keep the temp dir), GRANARY_RUNTIME_JAR,
#   GRANARY_BENCH_JAVA_OPTS (JVM options for the runtime; default as README.md's run command).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
runtime_jar=${GRANARY_RUNTIME_JAR:-$repo_root/registry-runtime/target/quarkus-app/quarkus-run.jar}
wrk_seconds=${BENCH_WRK_SECONDS:-10}
rounds=${BENCH_ROUNDS:-3}
tree_size=${BENCH_TREE:-200}
work_parent=${BENCH_WORK_DIR:-$repo_root/e2e/target}
results_dir=$repo_root/e2e/bench/results
local_repo=${BENCH_PLUGIN_REPOSITORY:-$HOME/.m2/repository}
token="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
repo=bench-maven
group_path=io/granary/bench
dependency_plugin=org.apache.maven.plugins:maven-dependency-plugin:2.8:resolve

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
section() { printf '\n== %s\n' "$*"; }

# shellcheck source=/dev/null
source "$repo_root/.ci/install-tools.sh"
granary_ensure_apt nginx wrk openssl curl procps || die "cannot install nginx/wrk/openssl/curl/procps"
command -v mvn >/dev/null || die "mvn is not on the PATH"
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[ -f "$runtime_jar" ] || die "no runtime at $runtime_jar; build it first: mvn -B package -DskipTests -pl registry-runtime -am"
[ -f "$local_repo/org/apache/maven/plugins/maven-dependency-plugin/2.8/maven-dependency-plugin-2.8.jar" ] \
  || die "maven-dependency-plugin 2.8 is not in $local_repo; run: mvn -B -f registry-runtime/src/test/maven-client/pom.xml deploy"

mkdir -p "$work_parent" "$results_dir"
tmp=$(mktemp -d "$work_parent/maven-bench.XXXXXX")
granary_pid=""
nginx_pid=""

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
  stop_pid "$granary_pid" 30
  stop_pid "$nginx_pid" 10
  if [ -d "$tmp" ]; then
    cp "$tmp/granary.log" "$results_dir/maven-bench-granary.log" 2>/dev/null || true
    if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $tmp"; else rm -rf "$tmp"; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { # a free TCP port on 127.0.0.1 at or above $1 (bounded search)
  local p
  for p in $(seq "$1" $(($1 + 200))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  die "no free port in $1..$(($1 + 200))"
}
now() { date +%s.%N; }
fdiv() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "n/a"; else printf "%.3f", a / b }'; }
fmin() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }'; }

# ---------------------------------------------------------------- servers

nginx_port=$(free_port 18380)
nginx_url="http://127.0.0.1:$nginx_port"
www=$tmp/nginx/www
mkdir -p "$www" "$tmp/nginx/tmp"
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
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type application/octet-stream;
  client_body_temp_path $tmp/nginx/tmp;
  proxy_temp_path $tmp/nginx/tmp;
  fastcgi_temp_path $tmp/nginx/tmp;
  uwsgi_temp_path $tmp/nginx/tmp;
  scgi_temp_path $tmp/nginx/tmp;
  server { listen 127.0.0.1:$nginx_port; root $www; }
}
EOF
"$nginx_bin" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/error.log" &
nginx_pid=$!

granary_port=$(free_port 18480)
granary_url="http://127.0.0.1:$granary_port"
mkdir -p "$tmp/repos" "$tmp/granary-data"
cat >"$tmp/repos/$repo.yaml" <<EOF
apiVersion: granary.io/v1alpha1
kind: Repository
metadata: {name: $repo}
spec: {format: maven, type: hosted, maven: {versionPolicy: release}, access: {anonymousRead: false}}
EOF
# shellcheck disable=SC2086  # GRANARY_BENCH_JAVA_OPTS is a list of options
java ${GRANARY_BENCH_JAVA_OPTS:--Xmx512m -Xmn48m} -jar "$runtime_jar" standalone --port "$granary_port" \
  --data-dir "$tmp/granary-data" --admin-token "$token" --repositories "$tmp/repos" >>"$tmp/granary.log" 2>&1 &
granary_pid=$!
for i in $(seq 1 600); do  # 120 s
  kill -0 "$granary_pid" 2>/dev/null || die "Granary exited while starting; see $results_dir/maven-bench-granary.log"
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$granary_url/q/health/ready")" = 200 ] && break
  [ "$i" -eq 600 ] && die "Granary not ready after 120 s"
  sleep 0.2
done
for i in $(seq 1 100); do
  curl -s -o /dev/null --max-time 1 "$nginx_url/" && break
  [ "$i" -eq 100 ] && die "nginx not answering after 10 s"
  sleep 0.1
done
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
log "nginx on $nginx_url, Granary on $granary_url, work dir $tmp"

basic="Authorization: Basic $(printf 'bench:%s' "$token" | base64 -w0)"
put() { # file path-in-repo: PUT to Granary and copy (with .sha1/.md5, as a deploy to a directory makes) for nginx
  local code
  code=$(curl -sS -o "$tmp/put-response" -w '%{http_code}' --max-time 60 -H "$basic" -H 'Expect:' -T "$1" \
    "$granary_url/maven/$repo/$2")
  [ "$code" = 201 ] || die "PUT $2: HTTP $code $(head -c 300 "$tmp/put-response")"
  mkdir -p "$(dirname "$www/$2")"
  cp "$1" "$www/$2"
  sha1sum "$1" | cut -c1-40 | tr -d '\n' >"$www/$2.sha1"
  md5sum "$1" | cut -c1-32 | tr -d '\n' >"$www/$2.md5"
}

# ---------------------------------------------------------------- 1. 100 KiB jar GETs per second

section "100 KiB jar GETs with Basic auth (as Maven sends it), wrk -t2 -c32 -d${wrk_seconds}s, best of 2"
head -c $((100 * 1024)) /dev/urandom >"$tmp/big.jar"
put "$tmp/big.jar" "$group_path/big/1.0/big-1.0.jar"
curl -sS --max-time 10 -H "$basic" "$granary_url/maven/$repo/$group_path/big/1.0/big-1.0.jar" | cmp -s - "$tmp/big.jar" \
  || die "Granary does not serve the jar back"
[ "$(curl -sS --max-time 10 -H "$basic" "$granary_url/maven/$repo/$group_path/big/1.0/big-1.0.jar.sha1")" \
  = "$(cat "$www/$group_path/big/1.0/big-1.0.jar.sha1")" ] || die "Granary serves a wrong .sha1"
run_wrk() { # url; prints requests/s, or dies if any response was not 2xx/3xx
  local out
  out=$(timeout $((wrk_seconds + 30)) wrk -t2 -c32 -d"${wrk_seconds}s" --timeout 5s -H "$basic" "$1")
  printf '%s\n' "$out" | sed 's/^/    /' >&2
  if grep -q 'Non-2xx or 3xx' <<<"$out"; then die "wrk saw error responses from $1"; fi
  printf '%s\n' "$out" | awk '/^Requests\/sec:/ { printf "%.0f", $2 }'
}
# Warm-up runs, discarded: the JIT must have compiled the request path before it is timed (10 s:
# on a busy machine 3 s left Granary at a tenth of its steady rate). Then two timed runs each,
# alternating, best kept.
jar_path=$group_path/big/1.0/big-1.0.jar
timeout 40 wrk -t2 -c32 -d10s --timeout 5s -H "$basic" "$granary_url/maven/$repo/$jar_path" >/dev/null
timeout 30 wrk -t2 -c32 -d3s --timeout 5s -H "$basic" "$nginx_url/$jar_path" >/dev/null
rps_n=0; rps_g=0
for r in 1 2; do
  rps_n=$(awk -v a="$rps_n" -v b="$(run_wrk "$nginx_url/$jar_path")" 'BEGIN { print (b + 0 > a + 0) ? b : a }')
  rps_g=$(awk -v a="$rps_g" -v b="$(run_wrk "$granary_url/maven/$repo/$jar_path")" 'BEGIN { print (b + 0 > a + 0) ? b : a }')
done
printf 'granary %s req/s  nginx %s req/s\n' "$rps_g" "$rps_n"

# ---------------------------------------------------------------- 2. mvn dependency:resolve of a tree

section "mvn dependency:resolve of a $tree_size-artifact tree, empty local repository each round, best of $rounds"
# Artifact tN depends on t(2N) and t(2N+1): one dependency on t1 pulls in the whole binary tree.
log "publishing $tree_size artifacts (jar 8-40 KiB + pom each)"
for n in $(seq 1 "$tree_size"); do
  a=$(printf 't%03d' "$n")
  deps=""
  for c in $((2 * n)) $((2 * n + 1)); do
    [ "$c" -le "$tree_size" ] && deps="$deps<dependency><groupId>io.granary.bench</groupId><artifactId>$(printf 't%03d' "$c")</artifactId><version>1.0</version></dependency>"
  done
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>io.granary.bench</groupId><artifactId>%s</artifactId><version>1.0</version><dependencies>%s</dependencies></project>\n' \
    "$a" "$deps" >"$tmp/$a.pom"
  head -c $(( (8 + n % 33) * 1024 )) /dev/urandom >"$tmp/$a.jar"
  put "$tmp/$a.pom" "$group_path/$a/1.0/$a-1.0.pom"
  put "$tmp/$a.jar" "$group_path/$a/1.0/$a-1.0.jar"
  rm -f "$tmp/$a.pom" "$tmp/$a.jar"
done

mkdir -p "$tmp/consumer"
cat >"$tmp/consumer/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>io.granary.bench.consumer</groupId><artifactId>consumer</artifactId><version>1</version><packaging>pom</packaging>
  <repositories><repository><id>under-test</id><url>\${bench.url}</url><releases><checksumPolicy>fail</checksumPolicy></releases></repository></repositories>
  <dependencies><dependency><groupId>io.granary.bench</groupId><artifactId>t001</artifactId><version>1.0</version></dependency></dependencies>
</project>
EOF
mkdir -p "$tmp/warm"
cat >"$tmp/warm/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>io.granary.bench.consumer</groupId><artifactId>warm</artifactId><version>1</version><packaging>pom</packaging>
</project>
EOF
# Plugins from the machine's local repository as a file:// mirror of central: nothing leaves 127.0.0.1.
cat >"$tmp/settings.xml" <<EOF
<settings>
  <servers><server><id>under-test</id><username>bench</username><password>$token</password></server></servers>
  <mirrors><mirror><id>machine-plugins</id><mirrorOf>central</mirrorOf><url>file://$local_repo</url></mirror></mirrors>
</settings>
EOF
resolve() { # url label round; prints seconds
  local t0 t1 out=$tmp/resolve-$2-$3.log
  rm -rf "$tmp/m2-$2"
  # The plugin itself is copied in first, on a project without dependencies (untimed), so the
  # timed run fetches only the tree; mvn's own start-up is in both timings alike.
  timeout 600 mvn -B -ntp -q -s "$tmp/settings.xml" -Dmaven.repo.local="$tmp/m2-$2" -f "$tmp/warm/pom.xml" \
    "$dependency_plugin" >"$out" 2>&1 || die "plugin warm-up failed: $(tail -20 "$out")"
  t0=$(now)
  timeout 600 mvn -B -ntp -s "$tmp/settings.xml" -Dmaven.repo.local="$tmp/m2-$2" -f "$tmp/consumer/pom.xml" \
    -Dbench.url="$1" "$dependency_plugin" >"$out" 2>&1 || die "resolve from $2 failed: $(tail -20 "$out")"
  t1=$(now)
  local got
  got=$(find "$tmp/m2-$2/io/granary/bench" -name '*.jar' | wc -l)
  [ "$got" -eq "$tree_size" ] || die "resolve from $2 fetched $got jars, not $tree_size"
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}
best_g=""; best_n=""
for r in $(seq 1 "$rounds"); do
  n=$(resolve "$nginx_url" nginx "$r")
  g=$(resolve "$granary_url/maven/$repo" granary "$r")
  printf 'round %d: granary %s s  nginx %s s\n' "$r" "$g" "$n"
  best_g=$(fmin "$g" "$best_g"); best_n=$(fmin "$n" "$best_n")
done

# ---------------------------------------------------------------- table

met_ge() { awk -v r="$1" -v t="$2" 'BEGIN { print (r != "n/a" && r + 0 >= t + 0) ? "yes" : "no" }'; }
met_le() { awk -v r="$1" -v t="$2" 'BEGIN { print (r != "n/a" && r + 0 <= t + 0) ? "yes" : "no" }'; }
ratio_rps=$(fdiv "$rps_g" "$rps_n")
ratio_resolve=$(fdiv "$best_g" "$best_n")
table=$(
  printf '%-50s %10s %10s %7s %7s %4s\n' metric granary nginx ratio target met
  printf '%-50s %10s %10s %7s %7s %4s\n' "100 KiB jar GET req/s, Basic auth, wrk -c32" \
    "$rps_g" "$rps_n" "$ratio_rps" ">=0.5" "$(met_ge "$ratio_rps" 0.5)"
  printf '%-50s %10s %10s %7s %7s %4s\n' "mvn dependency:resolve, $tree_size artifacts, s (best)" \
    "$best_g" "$best_n" "$ratio_resolve" "<=1.2" "$(met_le "$ratio_resolve" 1.2)"
)
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
report=$(
  printf 'maven-bench %s, commit %s, %s cores, JVM options: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo '?')" "$(nproc)" "${GRANARY_BENCH_JAVA_OPTS:--Xmx512m -Xmn48m}"
  printf 'load average at start %s, at end %s%s\n' "$load_start" "$load_end" \
    "$(awk -v l="${load_end%% *}" -v c="$(nproc)" 'BEGIN { if (l + 0 > c + 0) print "  (busy machine: figures are noisy)" }')"
  printf '%s\n' "$table"
)
section "Results"
printf '%s\n' "$report"
printf '%s\n' "$report" >"$results_dir/maven-bench-$(date -u +%Y%m%dT%H%M%SZ).txt"
log "table saved under $results_dir"
