#!/bin/sh
# build-app.sh FROM SERVICE STEP: the build stage of the services' Dockerfile.jvm, run in /build.
#   FROM maven  Maven builds SERVICE from the sources copied into the stage (a fresh clone needs nothing
#               else). STEP "dependencies" runs on the poms alone, so its layer, with everything
#               `package` downloads, is reused until a pom changes; STEP "package" then builds.
#   FROM host   SERVICE/target/quarkus-app, built on the host (./lab images, offline), is taken as it is;
#               Maven never runs.
# Either way the application ends in APP_DIR (/app), in the Quarkus fast-jar layout.
set -eu
from=$1 service=$2 step=$3
app_dir=${APP_DIR:-/app}
# Import hygiene (checkstyle) is the source build's check, not the image's.
mvn_service() { mvn -B -ntp -f "$service/pom.xml" -Dcheckstyle.skip=true "$@"; }
case "$from/$step" in
  maven/dependencies)
    # The build's plugins; what Quarkus resolves for the application (its default mode, "all", takes
    # the test scope too, which Maven resolves for `package` even with the tests skipped); and the
    # plugins' own dependencies, which Maven loads with the plugin (validate: checkstyle's).
    mvn_service org.apache.maven.plugins:maven-dependency-plugin:3.8.1:resolve-plugins quarkus:go-offline validate ;;
  maven/package)
    mvn_service package -Dmaven.test.skip=true
    mv "$service/target/quarkus-app" "$app_dir" ;;
  host/dependencies)
    echo "app: $service/target/quarkus-app as built on the host; Maven does not run" ;;
  host/package)
    if [ ! -f "$service/target/quarkus-app/quarkus-run.jar" ]; then
      echo "APP_FROM=host: $service/target/quarkus-app is missing; build it first (./lab images) or use APP_FROM=maven" >&2
      exit 1
    fi
    mv "$service/target/quarkus-app" "$app_dir" ;;
  *)
    echo "build-app.sh: unknown '$from/$step' (APP_FROM is maven or host)" >&2
    exit 2 ;;
esac
