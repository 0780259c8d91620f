#!/usr/bin/env bash
# The first seconds after a start (issue 18): the time from launching the JVM to the first token on a restart (an
# existing database), then RS256 client_credentials tokens per second over the first 10 s of load (wrk -c16 started
# the moment the first token came back), with and without a cache of the JVM's start-up work made by a training run:
#   none  the JVM as it is;
#   cds   AppCDS (Java 13+): -XX:ArchiveClassesAtExit in the training run, -XX:SharedArchiveFile after;
#   aot   Java 25's AOT cache (JEP 483, 514, 515: classes loaded and linked, and method profiles):
#         -XX:AOTCacheOutput in the training run, -XX:AOTCache after (skipped below Java 25).
# The modes take turns (none, cds, aot, none, …) ROUNDS times, so that each comparison is back to back.
#
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/startup.sh     # ROUNDS, MODES, FIRST_LOAD, TRAIN, JAVA_OPTS may be set
#   CONTAINER=tomcat JAVA_HOME=… bench/startup.sh   # target/gatehouse.war in the Tomcat distribution (bench/tomcat.sh); its
#                                                   # aot mode uses README's bin/setenv.sh lines as written
#
# Gatehouse runs as in bench/tokens.sh (gatehouse.testing.Launcher, embedded Tomcat, embedded Derby, demo data), from
# jars only (a class path folder stops the JVM from using a cache): the launcher's classes are put in a jar first.
# The training run is a start, TRAIN of load (tokens of the three formats, Table API calls) and a normal stop
# (SIGTERM): the JVM writes the cache as it exits. A cache is only used with the class path and JVM options it was
# made with, and is made again after every build. Not a test: run it by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-18559}"
ROUNDS="${ROUNDS:-3}"
MODES="${MODES:-none cds aot}"
FIRST_LOAD="${FIRST_LOAD:-10s}"
TRAIN="${TRAIN:-20s}"
CONNECTIONS="${CONNECTIONS:-16}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAVA_OPTS="${JAVA_OPTS:--Xmx96m -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED}"
ADMIN_PW="bench-admin-password-1"
BASE="http://127.0.0.1:${PORT}"
WORK="target/bench-startup"
CONTAINER="${CONTAINER:-embedded}"
RESULT="target/bench-startup-result.txt"

feature=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/{print $2}')
if [ "${feature%%.*}" -lt 25 ]; then MODES=$(tr ' ' '\n' <<<"$MODES" | grep -vx aot | paste -sd' ' -); fi

mvn -q package -DskipTests
mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
rm -rf "$WORK"; mkdir -p "$WORK"
"${JAVA_HOME:+$JAVA_HOME/bin/}jar" cf "$WORK/launcher.jar" -C target/test-classes gatehouse/testing
CP=$(tr ':' '\n' < target/bench-classpath.txt | grep -E '/(tomcat-embed-|tomcat-annotations-api|ecj-)' | paste -sd: -):$WORK/launcher.jar
cat > "$WORK/settings.properties" <<PROPS
gatehouse.data.dir=$PWD/$WORK/data
gatehouse.demo=true
gatehouse.admin.password=$ADMIN_PW
PROPS
cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "grant_type=client_credentials&scope=incident_read"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
LUA

if [ "$CONTAINER" = tomcat ]; then
  source bench/tomcat.sh
  tomcat_prepare "$WORK/catalina" "$PORT"
fi

# Starts the server (becomes its JVM): embedded as the run command, or the Tomcat distribution with the settings as
# environment variables. In the distribution the AOT cache is README's setenv.sh's: $CATALINA_BASE/gatehouse.aot when
# it is there, written there by a run with GATEHOUSE_AOT_TRAIN=1.
start_server() {
  if [ "$CONTAINER" = tomcat ]; then
    GATEHOUSE_DATA_DIR="$PWD/$WORK/data" GATEHOUSE_DEMO=true GATEHOUSE_ADMIN_PASSWORD="$ADMIN_PW" tomcat_start "$WORK/catalina" "$@"
  else
    exec "$JAVA" $JAVA_OPTS "$@" -cp "$CP" gatehouse.testing.Launcher --port "$PORT" --webapp target/gatehouse \
        --base "$WORK/tomcat" --settings "$WORK/settings.properties"
  fi
}

SERVER=""
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT

# launch EXTRA-JVM-OPTIONS...: starts Gatehouse, waits for the first token (polled every 10 ms); sets SERVER, FIRST (ms)
launch() {
  local start_ns; start_ns=$(date +%s%N)
  start_server "$@" >> "$WORK/server.log" 2>&1 &
  SERVER=$!
  FIRST=""
  for _ in $(seq 1 6000); do
    if curl -fs -u demo-confidential:demo-confidential-secret-change-me -d grant_type=client_credentials "$BASE/oauth_token.do" >/dev/null 2>&1; then
      FIRST=$(( ($(date +%s%N) - start_ns) / 1000000 )); break
    fi
    kill -0 $SERVER 2>/dev/null || { echo "Gatehouse did not start; see $WORK/server.log" >&2; exit 1; }
    sleep 0.01
  done
  [ -n "$FIRST" ] || { echo "no token within 60 s; see $WORK/server.log" >&2; exit 1; }
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""; }

# A first start makes the database, the keys and the demo data, and an RS256 client_credentials application.
launch
creds=$(curl -fs -u "admin:$ADMIN_PW" -H 'Content-Type: application/json' "$BASE/api/now/table/oauth_entity" -d '{
    "name":"bench rs256","provider_name":"bench","client_id":"bench-rs256","grant_types":["client_credentials"],
    "auth_scopes":["incident_read"],"token_format":"jwt","signing_alg":"RS256","client_credentials_user":"integration.bot"}' \
    | jq -r '.result.client_id + ":" + .result.client_secret')
AUTH="Basic $(printf '%s' "$creds" | base64 -w0)"
stop

# The training runs: one per cache, each a start, load and a normal stop.
train() {
  launch "$@"
  local opaque jwt sys_id
  wrk -t2 -c"$CONNECTIONS" -d"$TRAIN" -s "$WORK/post.lua" -H "Authorization: $AUTH" "$BASE/oauth_token.do" >/dev/null
  wrk -t2 -c"$CONNECTIONS" -d5s -s "$WORK/post.lua" -H "Authorization: Basic $(printf demo-confidential:demo-confidential-secret-change-me | base64 -w0)" "$BASE/oauth_token.do" >/dev/null
  opaque=$(curl -fs -u demo-confidential:demo-confidential-secret-change-me -d grant_type=client_credentials -d scope=incident_read "$BASE/oauth_token.do" | jq -r .access_token)
  sys_id=$(curl -fs -H "Authorization: Bearer $opaque" "$BASE/api/now/table/incident?sysparm_limit=1&sysparm_fields=sys_id" | jq -r '.result[0].sys_id')
  wrk -t2 -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $opaque" "$BASE/api/now/table/incident/$sys_id" >/dev/null
  stop
}
opts_for() {
  [ "$CONTAINER" != tomcat ] || rm -f "$WORK/catalina/gatehouse.aot"
  case $1 in
    none) ;;
    cds) echo "-XX:SharedArchiveFile=$WORK/gatehouse.jsa" ;;
    aot) if [ "$CONTAINER" = tomcat ]; then ln "$WORK/gatehouse.aot" "$WORK/catalina/gatehouse.aot"; else echo "-XX:AOTCache=$WORK/gatehouse.aot"; fi ;;
  esac
}
for mode in $MODES; do
  case $mode in
    cds) train -XX:ArchiveClassesAtExit="$WORK/gatehouse.jsa"; ls -l "$WORK/gatehouse.jsa" >/dev/null ;;
    aot) if [ "$CONTAINER" = tomcat ]; then
           rm -f "$WORK/catalina/gatehouse.aot"
           GATEHOUSE_AOT_TRAIN=1 train
           mv "$WORK/catalina/gatehouse.aot" "$WORK/gatehouse.aot"
         else
           train -XX:AOTCacheOutput="$WORK/gatehouse.aot"; ls -l "$WORK/gatehouse.aot" >/dev/null
         fi ;;
  esac
done

{
  echo "Gatehouse start-up benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $("$JAVA" -version 2>&1 | head -1); $JAVA_OPTS; training $TRAIN; then per start: first token, RS256 wrk -t2 -c$CONNECTIONS for $FIRST_LOAD"
  echo "server: $([ "$CONTAINER" = tomcat ] && echo "target/gatehouse.war in Apache Tomcat $TOMCAT_VERSION (bench/tomcat.sh)" || echo "embedded Tomcat (gatehouse.testing.Launcher)")"
  for mode in $MODES; do
    case $mode in cds) echo "cds: $(du -m "$WORK/gatehouse.jsa" | cut -f1) MB archive";; aot) echo "aot: $(du -m "$WORK/gatehouse.aot" | cut -f1) MB cache";; esac
  done
} | tee "$RESULT"

for round in $(seq 1 "$ROUNDS"); do
  for mode in $MODES; do
    opts=$(opts_for "$mode")
    launch $opts
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$FIRST_LOAD" --latency -s "$WORK/post.lua" -H "Authorization: $AUTH" "$BASE/oauth_token.do")
    rss=$(awk '/VmHWM/{printf "%d MiB", $2/1024}' /proc/$SERVER/status)
    stop
    printf 'round %d %-5s first token %5d ms   first %s: %8s RS256 tokens/s   p99 %8s   peak RSS %s   %s   load %s\n' "$round" "$mode" "$FIRST" \
        "$FIRST_LOAD" "$(awk '/Requests\/sec/{print $2}' <<<"$out")" "$(awk '$1=="99%"{print $2}' <<<"$out")" "$rss" \
        "$(grep -E 'Non-2xx|Socket errors' <<<"$out" || echo 'no errors')" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULT"
  done
done
grep -iE 'warning.*(cds|aot|shared)|error.*(cds|aot)' "$WORK/server.log" | sort | uniq -c | head -5 || true
