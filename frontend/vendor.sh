#!/usr/bin/env bash
# Re-vendor the front-end files: exact versions from package.json and the committed lock file.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
dest=../static/vendor
rm -rf "$dest" && mkdir -p "$dest/bootstrap" "$dest/htmx"
cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map "$dest/bootstrap/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map "$dest/bootstrap/"
cp node_modules/bootstrap/LICENSE "$dest/bootstrap/LICENSE"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx/"
cp node_modules/htmx.org/LICENSE "$dest/htmx/LICENSE"
echo "vendored into static/vendor"
