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

bench_name=bench
# shellcheck source=e2e/bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
wrk_seconds=${BENCH_WRK_SECONDS:-10}
rounds=${BENCH_ROUNDS:-3}
tree_size=${BENCH_TREE:-200}
local_repo=${BENCH_PLUGIN_REPOSITORY:-$HOME/.m2/repository}
token="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
repo=bench-maven
group_path=io/granary/bench
dependency_plugin=org.apache.maven.plugins:maven-dependency-plugin:2.8:resolve

# shellcheck source=/dev/null
source "$repo_root/.ci/install-tools.sh"
granary_ensure_apt nginx wrk openssl curl procps || die "cannot install nginx/wrk/openssl/curl/procps"
command -v mvn >/dev/null || die "mvn is not on the PATH"
[ -f "$runtime_jar" ] || die "no runtime at $runtime_jar; build it first: mvn -B package -DskipTests -pl registry-runtime -am"
[ -f "$local_repo/org/apache/maven/plugins/maven-dependency-plugin/2.8/maven-dependency-plugin-2.8.jar" ] \
  || die "maven-dependency-plugin 2.8 is not in $local_repo; run: mvn -B -f registry-runtime/src/test/maven-client/pom.xml deploy"

mkdir -p "$work_parent" "$results_dir"
tmp=$(mktemp -d "$work_parent/maven-bench.XXXXXX")
granary_pid=""
nginx_pid=""

cleanup() {
  local rc=$?
  stop_pid "$granary_pid" 30
  stop_pid "$nginx_pid" 10
  stop_leftovers "$tmp/granary-data"
  if [ -d "$tmp" ]; then
    cp "$tmp/granary.log" "$results_dir/maven-bench-granary.log" 2>/dev/null || true
    if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $tmp"; else rm -rf "$tmp"; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- servers

nginx_port=$(free_port 18380)
nginx_url="http://127.0.0.1:$nginx_port"
www=$tmp/nginx/www
granary_port=$(free_port 18480)
granary_url="http://127.0.0.1:$granary_port"
repository_yaml "$tmp/repos" "$repo" "{format: maven, type: hosted, maven: {versionPolicy: release}, access: {anonymousRead: false}}"
nginx_start "$tmp/nginx" "$nginx_port"
granary_start granary_pid "$granary_port" "$tmp/granary-data" "$tmp/repos" "$tmp/granary.log"
load_start=$(load_average)
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

section "100 KiB jar GETs with Basic auth (as Maven sends it), wrk -t2 -c32 -d${wrk_seconds}s, median of 3"
head -c $((100 * 1024)) /dev/urandom >"$tmp/big.jar"
put "$tmp/big.jar" "$group_path/big/1.0/big-1.0.jar"
curl -sS --max-time 10 -H "$basic" "$granary_url/maven/$repo/$group_path/big/1.0/big-1.0.jar" | cmp -s - "$tmp/big.jar" \
  || die "Granary does not serve the jar back"
[ "$(curl -sS --max-time 10 -H "$basic" "$granary_url/maven/$repo/$group_path/big/1.0/big-1.0.jar.sha1")" \
  = "$(cat "$www/$group_path/big/1.0/big-1.0.jar.sha1")" ] || die "Granary serves a wrong .sha1"
# Warm-up runs, discarded: the JIT must have compiled the request path before it is timed (10 s:
# on a busy machine 3 s left Granary at a tenth of its steady rate). Then three timed runs each,
# alternating, the median kept.
jar_path=$group_path/big/1.0/big-1.0.jar
wrk_warm 10 -H "$basic" "$granary_url/maven/$repo/$jar_path"
wrk_warm 3 -H "$basic" "$nginx_url/$jar_path"
all_n=(); all_g=()
for r in 1 2 3; do
  read -r n _ < <(wrk_run -H "$basic" "$nginx_url/$jar_path")
  read -r g _ < <(wrk_run -H "$basic" "$granary_url/maven/$repo/$jar_path")
  all_n+=("$n"); all_g+=("$g")
done
rps_n=$(median "${all_n[@]}"); rps_g=$(median "${all_g[@]}")
printf 'granary %s req/s  nginx %s req/s\n' "$rps_g" "$rps_n"

# ---------------------------------------------------------------- 2. mvn dependency:resolve of a tree

section "mvn dependency:resolve of a $tree_size-artifact tree, empty local repository each round, median of $rounds"
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
# Two settings files, the same credentials: Maven's default (Wagon asks for every file without
# credentials first and repeats it after the 401) and preemptive Basic auth, which the settings.xml
# the operator hands out (ClientConfigs) configures. The target row is the preemptive one; the
# default is printed too. nginx gets the same files (it ignores the header).
settings() { # file preemptive(true|false)
  local config=""
  [ "$2" = true ] && config="<configuration><httpConfiguration><all><usePreemptive>true</usePreemptive></all></httpConfiguration></configuration>"
  cat >"$1" <<EOF
<settings>
  <servers><server><id>under-test</id><username>bench</username><password>$token</password>$config</server></servers>
  <mirrors><mirror><id>machine-plugins</id><mirrorOf>central</mirrorOf><url>file://$local_repo</url></mirror></mirrors>
</settings>
EOF
}
settings "$tmp/settings-preemptive.xml" true
settings "$tmp/settings-challenged.xml" false
resolve() { # url label round settings-file; prints seconds
  local t0 t1 out=$tmp/resolve-$2-$3.log
  rm -rf "$tmp/m2-$2"
  # The plugin itself is copied in first, on a project without dependencies (untimed), so the
  # timed run fetches only the tree; mvn's own start-up is in both timings alike.
  timeout 600 mvn -B -ntp -q -s "$4" -Dmaven.repo.local="$tmp/m2-$2" -f "$tmp/warm/pom.xml" \
    "$dependency_plugin" >"$out" 2>&1 || die "plugin warm-up failed: $(tail -20 "$out")"
  t0=$(now)
  timeout 600 mvn -B -ntp -s "$4" -Dmaven.repo.local="$tmp/m2-$2" -f "$tmp/consumer/pom.xml" \
    -Dbench.url="$1" "$dependency_plugin" >"$out" 2>&1 || die "resolve from $2 failed: $(tail -20 "$out")"
  t1=$(now)
  local got
  got=$(find "$tmp/m2-$2/io/granary/bench" -name '*.jar' | wc -l)
  [ "$got" -eq "$tree_size" ] || die "resolve from $2 fetched $got jars, not $tree_size"
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'
}
all_g=(); all_n=(); all_c=()
for r in $(seq 1 "$rounds"); do
  # The order alternates, so neither server always runs right after the other's disk writes.
  if [ $((r % 2)) -eq 1 ]; then
    n=$(resolve "$nginx_url" nginx "$r" "$tmp/settings-preemptive.xml")
    g=$(resolve "$granary_url/maven/$repo" granary "$r" "$tmp/settings-preemptive.xml")
    c=$(resolve "$granary_url/maven/$repo" granary-challenged "$r" "$tmp/settings-challenged.xml")
  else
    c=$(resolve "$granary_url/maven/$repo" granary-challenged "$r" "$tmp/settings-challenged.xml")
    g=$(resolve "$granary_url/maven/$repo" granary "$r" "$tmp/settings-preemptive.xml")
    n=$(resolve "$nginx_url" nginx "$r" "$tmp/settings-preemptive.xml")
  fi
  printf 'round %d: granary %s s (without preemptive auth %s s)  nginx %s s\n' "$r" "$g" "$c" "$n"
  all_g+=("$g"); all_n+=("$n"); all_c+=("$c")
done
res_g=$(median "${all_g[@]}"); res_n=$(median "${all_n[@]}"); res_c=$(median "${all_c[@]}")

# ---------------------------------------------------------------- table

ratio_rps=$(fdiv "$rps_g" "$rps_n")
ratio_resolve=$(fdiv "$res_g" "$res_n")
ratio_challenged=$(fdiv "$res_c" "$res_n")
table=$(
  printf '%-54s %10s %10s %7s %7s %4s\n' metric granary nginx ratio target met
  printf '%-54s %10s %10s %7s %7s %4s\n' "100 KiB jar GET req/s, Basic auth, wrk -c32 (median)" \
    "$rps_g" "$rps_n" "$ratio_rps" ">=0.5" "$(met_ge "$ratio_rps" 0.5)"
  printf '%-54s %10s %10s %7s %7s %4s\n' "mvn dependency:resolve, $tree_size artifacts, s (median)" \
    "$res_g" "$res_n" "$ratio_resolve" "<=1.2" "$(met_le "$ratio_resolve" 1.2)"
  printf '%-54s %10s %10s %7s %7s %4s\n' "  without preemptive auth (401, then retry)" \
    "$res_c" "$res_n" "$ratio_challenged" "-" "-"
)
report=$(
  printf 'maven-bench %s, commit %s, %s cores, JVM options: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "$(commit_id)" "$(nproc)" "$granary_java_opts"
  load_report "$load_start"
  printf '%s\n' "$table"
)
section "Results"
printf '%s\n' "$report"
printf '%s\n' "$report" >"$results_dir/maven-bench-$(date -u +%Y%m%dT%H%M%SZ).txt"
log "table saved under $results_dir"
