// The kpidsl extension for VS Code: highlighting comes from the grammar (package.json); this file
// starts the language server, `kpi lsp`, for .kpi files, with the command and arguments of the
// settings `kpi.server.command` and `kpi.server.args` (`kpi.trace.server` logs the messages).
'use strict';
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

// How to start the server: the `kpi` command over stdio (the client adds `--stdio`, which `kpi lsp` accepts).
function serverOptions(settings) {
  const command = settings.get('server.command', 'kpi') || 'kpi';
  const args = settings.get('server.args', ['lsp']) || ['lsp'];
  return { command, args, transport: TransportKind.stdio };
}

// Which documents the server sees, and which files on disk it is told about when they change:
// lint configuration (kpi.toml, pyproject.toml) and the data files whose columns completion offers.
function clientOptions() {
  return {
    documentSelector: [{ scheme: 'file', language: 'kpi' }, { scheme: 'untitled', language: 'kpi' }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{kpi.toml,pyproject.toml,*.csv,*.xlsx}') },
  };
}

async function start() {
  const settings = vscode.workspace.getConfiguration('kpi');
  if (!settings.get('server.enabled', true)) {
    return;
  }
  const server = serverOptions(settings);
  client = new LanguageClient('kpi', 'kpidsl', server, clientOptions());
  try {
    await client.start();
  } catch (err) {
    client = undefined;
    vscode.window.showErrorMessage(
      `kpidsl: could not start the language server with "${server.command} ${server.args.join(' ')}" (${err}). ` +
      "Install it with python3 -m pip install 'kpidsl[lsp]', or set kpi.server.command to the full path of a " +
      "virtual environment's kpi.");
  }
}

async function stop() {
  if (client) {
    const running = client;
    client = undefined;
    await running.stop();
  }
}

async function activate(context) {
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration(async (event) => {
    if (event.affectsConfiguration('kpi.server')) {
      await stop();
      await start();
    }
  }));
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate, serverOptions, clientOptions };
