# Sourced by bench/tokens.sh and bench/startup.sh when SERVER=tomcat: Gatehouse as an administrator deploys it, the
# built target/gatehouse.war as ROOT.war in the Apache Tomcat 10.1 distribution (the one the tests unpack into
# target/; unpacked here when missing) with its own CATALINA_BASE, the shipped server-config/tomcat/server.xml (only
# its port changed, no shutdown port) and the README's bin/setenv.sh lines for the AOT cache (Java 25+).
#
#   tomcat_prepare BASE PORT        makes CATALINA_BASE in BASE (conf/ of the distribution, the shipped server.xml,
#                                   webapps/ROOT.war, bin/setenv.sh from README "Deploying on Tomcat", step 5)
#   tomcat_start BASE EXTRA-OPTS…   becomes the JVM (exec; catalina.sh run execs java), with JAVA_OPTS and EXTRA-OPTS
#                                   as CATALINA_OPTS; settings come from the environment (GATEHOUSE_*), never -D
#
# TOMCAT_HOME may name another distribution (Tomcat 11, say).
TOMCAT_VERSION="${TOMCAT_VERSION:-$(sed -n 's:.*<tomcat10.dist.version>\(.*\)</tomcat10.dist.version>.*:\1:p' pom.xml)}"
TOMCAT_HOME="${TOMCAT_HOME:-$PWD/target/apache-tomcat-$TOMCAT_VERSION}"

tomcat_prepare() {
  local base=$1 port=$2
  if [ ! -x "$TOMCAT_HOME/bin/catalina.sh" ]; then
    mvn -q dependency:unpack -Dartifact="org.apache.tomcat:tomcat:$TOMCAT_VERSION:zip" -DoutputDirectory=target >/dev/null
    chmod +x "$TOMCAT_HOME"/bin/*.sh
  fi
  rm -rf "$base"; mkdir -p "$base"/{bin,conf,logs,temp,webapps,work}
  cp -r "$TOMCAT_HOME"/conf/. "$base/conf/"
  sed -e 's:<Server port="8005":<Server port="-1":' -e "s:<Connector port=\"8080\":<Connector address=\"127.0.0.1\" port=\"$port\":" \
      server-config/tomcat/server.xml > "$base/conf/server.xml"
  grep -q "port=\"$port\"" "$base/conf/server.xml" || { echo "server-config/tomcat/server.xml has no Connector port=\"8080\"" >&2; return 1; }
  cp target/gatehouse.war "$base/webapps/ROOT.war"
  # README "Deploying on Tomcat", step 5, as written there (the block between its sh fences)
  awk '/^# \$CATALINA_BASE\/bin\/setenv.sh/{on=1} on&&/^```/{exit} on{print}' README.md > "$base/bin/setenv.sh"
  grep -q AOTCacheOutput "$base/bin/setenv.sh" || { echo "README has no setenv.sh block for the AOT cache" >&2; return 1; }
}

tomcat_start() {
  local base; base=$(cd "$1" && pwd); shift
  exec env CATALINA_HOME="$TOMCAT_HOME" CATALINA_BASE="$base" CATALINA_OPTS="$JAVA_OPTS $*" \
      JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}" \
      "$TOMCAT_HOME/bin/catalina.sh" run
}
