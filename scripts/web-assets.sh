#!/usr/bin/env bash
# Front-end libraries for the web app: `npm ci` from package-lock.json, then copy the built files
# the pages use into src/orken/web/static/vendor/ (ignored by git). Re-runs only when the lock changes.
set -euo pipefail
cd "$(dirname "$0")/.."
vendor=src/orken/web/static/vendor
stamp=$vendor/.package-lock.json
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing Debian package: npm (for the web app's front-end libraries)"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends npm >/dev/null || {
    echo "warning: npm is missing; the map and charts need it (apt-get install npm, then make assets)" >&2
    exit 0
  }
fi
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
rm -rf "$vendor"
mkdir -p "$vendor/leaflet/images" "$vendor/echarts" "$vendor/swagger-ui"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css "$vendor/leaflet/"
cp node_modules/leaflet/dist/images/*.png "$vendor/leaflet/images/"
cp node_modules/leaflet/LICENSE "$vendor/leaflet/LICENSE"
cp node_modules/echarts/dist/echarts.common.min.js "$vendor/echarts/echarts.min.js"
cp node_modules/echarts/LICENSE "$vendor/echarts/LICENSE"
# the API docs (/api/v1/docs) offline: Swagger UI's bundle and stylesheet, served from /static
cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css "$vendor/swagger-ui/"
cp node_modules/swagger-ui-dist/LICENSE "$vendor/swagger-ui/LICENSE"
cp package-lock.json "$stamp"
echo "web assets copied to $vendor"
