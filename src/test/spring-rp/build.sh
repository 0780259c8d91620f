#!/usr/bin/env bash
# Builds the test relying party (this folder) into target/spring-rp/spring-rp.jar of the main project, unless the jar
# is newer than every file here. Run by the main pom in pre-integration-test (profile spring-relying-party) with
# MVN (its own Maven), JAVA_HOME (its JDK) and MAVEN_REPO_LOCAL set, and --offline=true under mvn -o.
set -euo pipefail
cd "$(dirname "$0")"
jar=../../../target/spring-rp/spring-rp.jar
if [ -f "$jar" ] && [ -z "$(find pom.xml build.sh src -newer "$jar" -print -quit)" ]; then
  echo "spring-rp: $jar is up to date"
  exit 0
fi
args=(-B -ntp -q -f pom.xml package -DskipTests "-Dmaven.repo.local=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}")
[ "${1:-}" = "--offline=true" ] && args=(-o "${args[@]}")
# a short build: C1 only and the serial collector halve its CPU time on a busy machine
export MAVEN_OPTS="${MAVEN_OPTS:-} -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
start=$(date +%s)
"${MVN:-mvn}" "${args[@]}"
# Maven leaves a jar it finds up to date as it was: mark it as newer than the sources it was just checked against
touch "$jar"
echo "spring-rp: built $jar in $(( $(date +%s) - start )) s"
