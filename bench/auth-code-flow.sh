#!/usr/bin/env bash
# The whole authorization code flow as a benchmark (issue 18): flows per second for Gatehouse and, in the same run,
# Keycloak, measured the same way by bench/AuthCodeFlowBench.java. One flow: the authorization request (PKCE S256,
# scope "openid" + an API scope) answered from the browser's session cookie and the remembered consent with a
# redirect carrying the code; the code exchanged at the token endpoint with the client secret; one API call with
# the access token (Gatehouse: GET /api/now/table/incident/{sys_id}; Keycloak, which has no such API: its userinfo
# endpoint). Both issue an RS256 JWT access token, an ID token and a refresh token. Then the same with a password
# log-in in every flow (LOGIN=each: a new browser, the login form, the password hash check).
#
#   bench/auth-code-flow.sh            # builds, then Gatehouse, then Keycloak, one after the other on this machine
#   THREADS=16 DURATION=20 WARMUP=15 LOGINS='once each' SERVERS='gatehouse keycloak' bench/auth-code-flow.sh
#
# Gatehouse runs as in bench/tokens.sh (gatehouse.testing.Launcher, embedded Tomcat, embedded Derby, demo data;
# DB=postgres: a throw-away PostgreSQL cluster, bench/postgres.sh). Keycloak is the distribution the tests unpack
# (target/keycloak-*, by `mvn verify`, or `mvn -o dependency:unpack@keycloak` — see pom.xml), started as the tests
# start it (src/test/java/gatehouse/testing/Keycloak.java: `kc.sh start-dev --db=dev-mem`, -Xmx512m) and set up
# with its kcadm.sh: a realm, a confidential client that requires consent, a user. Only one server runs at a time.
# Needs Java 21+ (Keycloak; KC_JAVA_HOME, default Temurin 25), curl, jq. Not a test: run it by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-18557}"
KC_PORT="${KC_PORT:-18558}"
THREADS="${THREADS:-16}"
DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-15}"
LOGINS="${LOGINS:-once each}"
SERVERS="${SERVERS:-gatehouse keycloak}"
DB="${DB:-derby}"
KC_JAVA_HOME="${KC_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAVA_OPTS="${JAVA_OPTS:--Xmx96m -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED}"
ADMIN_PW="bench-admin-password-1"
REDIRECT="http://127.0.0.1:8400/callback"
WORK="target/bench-flow"
RESULT="target/bench-flow-result.txt"
DRIVER=("$KC_JAVA_HOME/bin/java" -Xmx256m bench/AuthCodeFlowBench.java)

rm -rf "$WORK"; mkdir -p "$WORK"
SERVER=""; KC=""
stop_all() {
  [ -n "$SERVER" ] && { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=""; }
  if [ -n "$KC" ]; then
    # kc.sh execs java in the same process; its children, if any, go with it
    pkill -TERM -P "$KC" 2>/dev/null || true; kill "$KC" 2>/dev/null || true; wait "$KC" 2>/dev/null || true; KC=""
  fi
  [ "$DB" = postgres ] && pg_stop
  return 0
}
trap stop_all EXIT

{
  echo "Authorization code flow benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "driver: $THREADS threads (one browser each), warm-up ${WARMUP} s, measured ${DURATION} s"
} | tee "$RESULT"

measure() {   # measure SERVER-NAME KEY=VALUE...   (the driver's own line, with the load at its end)
  local name=$1; shift
  for login in $LOGINS; do
    out=$("${DRIVER[@]}" server="$name" threads="$THREADS" seconds="$DURATION" warmup="$WARMUP" login="$login" "$@" 2>&1) \
      || { echo "$out" >&2; echo "the $name benchmark failed" >&2; exit 1; }
    echo "$out   load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULT"
  done
}

gatehouse() {
  mvn -q package -DskipTests
  mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
  local cp base="http://127.0.0.1:$PORT"
  cp=$(tr ':' '\n' < target/bench-classpath.txt | grep -E '/(tomcat-embed-|tomcat-annotations-api|ecj-)' | paste -sd: -):target/test-classes
  printf 'gatehouse.data.dir=%s\ngatehouse.demo=true\ngatehouse.admin.password=%s\n' "$PWD/$WORK/data" "$ADMIN_PW" > "$WORK/settings.properties"
  if [ "$DB" = postgres ]; then
    source bench/postgres.sh; pg_start
    printf 'gatehouse.db.url=%s\ngatehouse.db.user=%s\ngatehouse.db.password=%s\n' "$PG_URL" "$PG_USER" "$PG_PASSWORD" >> "$WORK/settings.properties"
  fi
  "$JAVA" $JAVA_OPTS -cp "$cp" gatehouse.testing.Launcher --port "$PORT" --webapp target/gatehouse \
      --base "$WORK/tomcat" --settings "$WORK/settings.properties" > "$WORK/gatehouse.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 600); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fs "$base/health" >/dev/null || { echo "Gatehouse did not start; see $WORK/gatehouse.log" >&2; exit 1; }
  local app secret sys_id
  app=$(curl -fs -u "admin:$ADMIN_PW" -H 'Content-Type: application/json' "$base/api/now/table/oauth_entity" -d "{
      \"name\":\"bench flow\",\"provider_name\":\"bench\",\"client_id\":\"bench-flow\",
      \"grant_types\":[\"authorization_code\",\"refresh_token\"],\"redirect_urls\":[\"$REDIRECT\"],
      \"auth_scopes\":[\"openid\",\"incident_read\"],\"token_format\":\"jwt\",\"signing_alg\":\"RS256\"}")
  secret=$(jq -r .result.client_secret <<<"$app")
  sys_id=$(curl -fs -u "admin:$ADMIN_PW" "$base/api/now/table/incident?sysparm_limit=1&sysparm_fields=sys_id" | jq -r '.result[0].sys_id')
  echo "gatehouse: $("$JAVA" -version 2>&1 | head -1), $JAVA_OPTS, $([ "$DB" = postgres ] && pg_describe || echo 'embedded Derby'); user beth.anglin (PBKDF2-SHA256, 310,000 iterations)" | tee -a "$RESULT"
  measure gatehouse pid="$SERVER" authorize="$base/oauth_auth.do" token="$base/oauth_token.do" api="$base/api/now/table/incident/$sys_id" \
      client_id=bench-flow client_secret="$secret" redirect_uri="$REDIRECT" scope="openid incident_read" \
      user=beth.anglin password=beth.anglin-demo-pw
  stop_all
}

keycloak() {
  local home; home=$(ls -d target/keycloak-* 2>/dev/null | head -1)
  [ -n "$home" ] && [ -x "$home/bin/kc.sh" ] || { echo "no Keycloak under target/ (mvn verify unpacks it)" >&2; exit 1; }
  local kc_admin_pw="kc-admin-$RANDOM$RANDOM" base="http://127.0.0.1:$KC_PORT" cfg="$PWD/$WORK/kcadm.config"
  mkdir -p "$WORK/keycloak"
  ( cd "$WORK/keycloak" && JAVA_HOME="$KC_JAVA_HOME" JAVA_OPTS_KC_HEAP="-Xms64m -Xmx512m" KC_BOOTSTRAP_ADMIN_USERNAME=kc-admin \
      KC_BOOTSTRAP_ADMIN_PASSWORD="$kc_admin_pw" exec bash "$OLDPWD/$home/bin/kc.sh" start-dev --http-port="$KC_PORT" \
      --http-host=127.0.0.1 --http-management-port=$((KC_PORT + 1)) --db=dev-mem ) > "$WORK/keycloak.log" 2>&1 &
  KC=$!
  for _ in $(seq 1 360); do curl -fs "$base/realms/master" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -fs "$base/realms/master" >/dev/null || { echo "Keycloak did not start; see $WORK/keycloak.log" >&2; exit 1; }
  kcadm() { JAVA_HOME="$KC_JAVA_HOME" bash "$home/bin/kcadm.sh" "$@" --config "$cfg"; }
  kcadm config credentials --server "$base" --realm master --user kc-admin --password "$kc_admin_pw" >/dev/null
  kcadm create realms -s realm=bench -s enabled=true >/dev/null
  kcadm create clients -r bench -s clientId=bench-flow -s secret=bench-flow-secret-1 -s publicClient=false \
      -s standardFlowEnabled=true -s directAccessGrantsEnabled=false -s consentRequired=true \
      -s "redirectUris=[\"$REDIRECT\"]" >/dev/null
  kcadm create users -r bench -s username=bench.user -s enabled=true -s firstName=Bench -s lastName=User \
      -s email=bench.user@example.com -s emailVerified=true >/dev/null
  kcadm set-password -r bench --username bench.user --new-password bench-user-password-1 >/dev/null
  echo "keycloak: $(basename "$home") start-dev (dev-mem database), $("$KC_JAVA_HOME/bin/java" -version 2>&1 | head -1), -Xmx512m; its default password hashing" | tee -a "$RESULT"
  local oidc="$base/realms/bench/protocol/openid-connect"
  measure keycloak pid="$KC" authorize="$oidc/auth" token="$oidc/token" api="$oidc/userinfo" \
      client_id=bench-flow client_secret=bench-flow-secret-1 redirect_uri="$REDIRECT" scope=openid \
      user=bench.user password=bench-user-password-1
  stop_all
}

for s in $SERVERS; do "$s"; done
