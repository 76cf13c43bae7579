// Tokenise .kpi files with VS Code's own TextMate engine (vscode-textmate on vscode-oniguruma),
// so the grammar is tested by the tokenizer that will run it.
//
//   node test/tokenize.js FILE...            JSON on stdout: [{file, lines: [[[start, end, [scopes]], ...], ...]}]
//   node test/tokenize.js --check PATH...    every .kpi file under PATH; exit 1 if a token is invalid.illegal
'use strict';
const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const GRAMMAR = path.join(__dirname, '..', 'syntaxes', 'kpi.tmLanguage.json');

async function loadGrammar() {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.kpi' ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null,
  });
  return registry.loadGrammar('source.kpi');
}

function tokenize(grammar, text) {
  let stack = vsctm.INITIAL;
  const lines = [];
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const result = grammar.tokenizeLine(line, stack);
    lines.push(result.tokens.map((t) => [t.startIndex, Math.min(t.endIndex, line.length), t.scopes]));
    stack = result.ruleStack;
  }
  return lines;
}

function kpiFiles(target) {
  if (!fs.statSync(target).isDirectory()) return [target];
  return fs.readdirSync(target).sort().flatMap((name) =>
    name.startsWith('.') || name === 'node_modules' ? [] : kpiFiles(path.join(target, name))
  ).filter((f) => f.endsWith('.kpi'));
}

async function main() {
  const args = process.argv.slice(2);
  const check = args[0] === '--check';
  const grammar = await loadGrammar();
  if (!check) {
    const out = args.map((file) => ({ file, lines: tokenize(grammar, fs.readFileSync(file, 'utf8')) }));
    process.stdout.write(JSON.stringify(out));
    return;
  }
  let bad = 0;
  const files = args.slice(1).flatMap(kpiFiles);
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    tokenize(grammar, text).forEach((tokens, i) => {
      for (const [start, end, scopes] of tokens) {
        if (scopes.some((s) => s.startsWith('invalid'))) {
          bad += 1;
          console.error(`${file}:${i + 1}:${start + 1}: ${scopes.join(' ')}`);
        }
      }
    });
  }
  console.log(`${files.length} file(s) tokenised, ${bad} invalid token(s)`);
  process.exitCode = bad ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 2;
});
