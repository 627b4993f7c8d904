#!/usr/bin/env bash
# Redeploy soak (not run in CI): a standalone Tomcat 10.1 (test-apps/tomcat-dists) with the agent,
# its web apps deployed, used and undeployed CYCLES times through the manager; every EVERY cycles
# the live heap after a full GC (jcmd GC.class_histogram, which collects first) and the live web
# app class loaders and contexts. Flat figures: nothing of the undeployed apps is kept.
#
#   mvn -B -q -pl test-apps/war-servlet,test-apps/war-spring,test-apps/war-jersey,test-apps/tomcat-dists,agent -am package -DskipTests
#   benchmarks/redeploy-soak.sh                 # with the agent, 200 cycles
#   AGENT=none benchmarks/redeploy-soak.sh      # the same without it
#
# Each cycle deploys two copies of the plain servlet WAR (/app1, /app2); every HEAVY_EVERY-th cycle
# also the Spring MVC and Jersey WARs (5-10 s of CPU each to start). Needs curl and a JDK's jcmd.
set -euo pipefail
cd "$(dirname "$0")/.."

CYCLES=${CYCLES:-200}
EVERY=${EVERY:-20}
HEAVY_EVERY=${HEAVY_EVERY:-10}
AGENT=${AGENT:-agent/target/metrics-agent.jar}
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
HOME_DIR=$(ls -d "$PWD"/test-apps/tomcat-dists/target/apache-tomcat-10.1.* | head -1)
WARS=$PWD/test-apps
BASE=$(mktemp -d /tmp/redeploy-soak.XXXXXX)
USERPASS="soak:soak-$RANDOM$RANDOM"

free_port() { # a port nothing listens on now (the kernel's pick)
  "$JAVA_HOME/bin/jshell" -q <<<'System.out.println(new java.net.ServerSocket(0).getLocalPort()); /exit' 2>/dev/null | grep -o '[0-9]*' | head -1
}
PORT=$(free_port)
METRICS_PORT=$(free_port)

mkdir -p "$BASE"/{conf,logs,temp,work,webapps}
cp "$HOME_DIR"/conf/* "$BASE/conf/"
cp -r "$HOME_DIR/webapps/manager" "$BASE/webapps/"
printf '\ntomcat.util.scan.StandardJarScanFilter.jarsToSkip=*.jar\n' >>"$BASE/conf/catalina.properties"
sed -e 's/<Server port="8005"/<Server port="-1"/' \
    -e "s/<Connector port=\"8080\"/<Connector port=\"$PORT\" address=\"127.0.0.1\"/" \
    -e 's/autoDeploy="true"/autoDeploy="false"/' "$HOME_DIR/conf/server.xml" >"$BASE/conf/server.xml"
echo "<tomcat-users><user username=\"${USERPASS%%:*}\" password=\"${USERPASS#*:}\" roles=\"manager-script\"/></tomcat-users>" >"$BASE/conf/tomcat-users.xml"

CATALINA_OPTS="-Xmx256m"
if [ "$AGENT" != none ]; then
  CATALINA_OPTS="$CATALINA_OPTS -javaagent:$(readlink -f "$AGENT")=port=$METRICS_PORT,host=127.0.0.1"
fi
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" $CATALINA_OPTS \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
  --add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED \
  -Dcatalina.home="$HOME_DIR" -Dcatalina.base="$BASE" -Djava.io.tmpdir="$BASE/temp" \
  -Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager \
  -Djava.util.logging.config.file="$BASE/conf/logging.properties" \
  -cp "$HOME_DIR/bin/bootstrap.jar:$HOME_DIR/bin/tomcat-juli.jar" \
  org.apache.catalina.startup.Bootstrap start >"$BASE/logs/stdout.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; echo "logs: $BASE/logs"' EXIT

manager() { curl -sf -u "$USERPASS" "http://127.0.0.1:$PORT/manager/text/$1" | grep -q '^OK' || { echo "manager $1 failed" >&2; exit 1; }; }
for _ in $(seq 1 600); do
  curl -sf -u "$USERPASS" -o /dev/null "http://127.0.0.1:$PORT/manager/text/list" && break
  kill -0 $PID 2>/dev/null || { cat "$BASE/logs/stdout.log"; exit 1; }
  sleep 0.2
done

measure() { # cycle, live heap bytes, loaders, contexts after a full GC
  "$JAVA_HOME/bin/jcmd" $PID GC.class_histogram >"$BASE/histogram.txt"
  awk -v c="$1" '
    $4 == "org.apache.catalina.loader.ParallelWebappClassLoader" { loaders = $2 }
    $4 == "org.apache.catalina.core.StandardContext" { contexts = $2 }
    $1 == "Total" { heap = $3 }
    END { printf "%6d %10.1f %8d %9d\n", c, heap / 1048576, loaders, contexts }' "$BASE/histogram.txt"
}

echo "agent: $AGENT; Tomcat $(basename "$HOME_DIR"); $CYCLES cycles"
printf '%6s %10s %8s %9s\n' cycle heap_MiB loaders contexts
measure 0
for cycle in $(seq 1 "$CYCLES"); do
  apps="app1:war-servlet app2:war-servlet"
  if [ $((cycle % HEAVY_EVERY)) -eq 0 ]; then
    apps="$apps spring:war-spring jersey:war-jersey"
  fi
  for a in $apps; do
    manager "deploy?path=/${a%%:*}&war=file:$WARS/${a#*:}/target/${a#*:}.war"
  done
  for _ in 1 2 3; do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/app1/items/$cycle"
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/app2/hello"
  done
  case $apps in *spring*)
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/spring/owners/$cycle"
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/jersey/orders/$cycle" ;;
  esac
  for a in $apps; do
    manager "undeploy?path=/${a%%:*}"
  done
  if [ $((cycle % EVERY)) -eq 0 ]; then
    measure "$cycle"
  fi
done
if [ "$AGENT" != none ]; then
  curl -s "http://127.0.0.1:$METRICS_PORT/metrics" | grep '^http_requests_total{' | grep -v manager
fi
