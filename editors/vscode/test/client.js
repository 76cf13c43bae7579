// The extension's glue, run under node with stand-ins for `vscode` and `vscode-languageclient`
// (neither can run outside VS Code): the settings decide the server's command and arguments, the
// client watches .kpi documents, a changed setting restarts the server, a failed start says how to
// install kpidsl. Run by tests/lsp/test_vscode_client.py.
'use strict';
const assert = require('assert');
const Module = require('module');
const path = require('path');

const started = [];
const messages = [];
const listeners = [];
let settings = { 'server.enabled': true, 'server.command': '/venv/bin/kpi', 'server.args': ['lsp'] };
let failNext = false;

class LanguageClient {
  constructor(id, name, server, options) {
    Object.assign(this, { id, name, server, options, running: false });
  }
  async start() {
    if (failNext) {
      failNext = false;
      throw new Error('spawn kpi ENOENT');
    }
    this.running = true;
    started.push(this);
  }
  async stop() {
    this.running = false;
  }
}

const vscode = {
  workspace: {
    getConfiguration: (section) => {
      assert.strictEqual(section, 'kpi');
      return { get: (key, fallback) => (key in settings ? settings[key] : fallback) };
    },
    createFileSystemWatcher: (glob) => ({ glob }),
    onDidChangeConfiguration: (fn) => {
      listeners.push(fn);
      return { dispose() {} };
    },
  },
  window: { showErrorMessage: (m) => messages.push(m) },
};
const stand_ins = {
  vscode,
  'vscode-languageclient/node': { LanguageClient, TransportKind: { stdio: 0, ipc: 1 } },
};
const load = Module._load;
Module._load = function (request, ...rest) {
  return request in stand_ins ? stand_ins[request] : load.call(this, request, ...rest);
};

const extension = require(path.join(__dirname, '..', 'extension.js'));
const pkg = require(path.join(__dirname, '..', 'package.json'));

(async () => {
  if (require('fs').existsSync(path.join(__dirname, '..', 'node_modules', 'vscode-languageclient'))) {
    require.resolve('vscode-languageclient/node', { paths: [path.join(__dirname, '..')] }); // the path extension.js imports
  }
  assert.strictEqual(pkg.main, './extension.js');
  assert.deepStrictEqual(pkg.activationEvents, ['onLanguage:kpi']);
  for (const key of ['kpi.server.enabled', 'kpi.server.command', 'kpi.server.args', 'kpi.trace.server']) {
    assert.ok(key in pkg.contributes.configuration.properties, key);
  }
  const context = { subscriptions: [] };
  await extension.activate(context);
  assert.strictEqual(started.length, 1);
  const first = started[0];
  assert.strictEqual(first.id, 'kpi'); // the client reads kpi.trace.server by this id
  assert.deepStrictEqual(first.server, { command: '/venv/bin/kpi', args: ['lsp'], transport: 0 });
  assert.deepStrictEqual(first.options.documentSelector.map((s) => s.language), ['kpi', 'kpi']);
  assert.match(first.options.synchronize.fileEvents.glob, /kpi\.toml/);

  settings = { 'server.command': 'kpi', 'server.args': ['lsp', '--stdio'] };
  await listeners[0]({ affectsConfiguration: (s) => s === 'kpi.server' });
  assert.strictEqual(first.running, false);
  assert.strictEqual(started.length, 2);
  assert.deepStrictEqual(started[1].server.args, ['lsp', '--stdio']);

  failNext = true;
  await listeners[0]({ affectsConfiguration: (s) => s === 'kpi.server' });
  assert.strictEqual(messages.length, 1);
  assert.match(messages[0], /pip install 'kpidsl\[lsp\]'/);

  settings = { 'server.enabled': false };
  await listeners[0]({ affectsConfiguration: (s) => s === 'kpi.server' });
  assert.strictEqual(started.length, 2);
  await extension.deactivate();
  console.log('ok');
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
