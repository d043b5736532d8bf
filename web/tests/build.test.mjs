// web/build.py fails when the site would drift from spec/: a rule without an anchor, a vector
// without a link, a link to nothing. Each is made in a copy of spec/ and must fail the build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const site = resolve(process.env.SITE || join(here, '../dist'));

/** Runs the build over a copy of spec/ changed by `edit`; returns its status and stderr. */
function build(edit) {
  const dir = mkdtempSync(join(tmpdir(), 'paycode-spec-'));
  try {
    const spec = join(dir, 'spec');
    cpSync(join(repo, 'spec'), spec, { recursive: true });
    edit(spec);
    const r = spawnSync('python3', [join(repo, 'web/build.py'), '--spec', spec, '--out', join(dir, 'out'),
      '--wasm', join(site, 'paycode.wasm')], { encoding: 'utf8' });
    return { status: r.status, err: r.stderr + r.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const edit = (file, from, to) => (spec) => {
  const p = join(spec, file);
  const text = readFileSync(p, 'utf8');
  assert.ok(text.includes(from), `${from} in ${file}`);
  writeFileSync(p, text.replace(from, to));
};

test('the build passes on spec/ as it is', () => {
  const r = build(() => {});
  assert.equal(r.status, 0, r.err);
  assert.match(r.err, /\d+ vectors linked/);
});

test('a rule that lost its anchor fails the build', () => {
  const r = build(edit('mpm.md', '**MPM-CRC-1** (*reading*).', 'MPM-CRC-1 (*reading*).'));
  assert.equal(r.status, 1);
  assert.match(r.err, /rule MPM-CRC-1 \(src\/rule\.rs\) has no anchor/);
  assert.match(r.err, /names MPM-CRC-1, which no spec page defines/);
});

test('a vector without anything to load fails the build', () => {
  const r = build((spec) =>
    appendFileSync(join(spec, 'vectors/mpm.jsonl'), JSON.stringify({ id: 'no-input', expect: 'valid', source: 'test' }) + '\n'),
  );
  assert.equal(r.status, 1);
  assert.match(r.err, /vector no-input .* has no try-it link/);
});

test('a link to a missing anchor fails the build', () => {
  const r = build(edit('README.md', '## Rule IDs', '## Rule IDs\n\nSee [the CRC](mpm.md#MPM-CRC-99).'));
  assert.equal(r.status, 1);
  assert.match(r.err, /link to a missing anchor: mpm\.html#MPM-CRC-99/);
});
