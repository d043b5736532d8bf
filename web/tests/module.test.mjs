// The module in Node: one contract. Every vector input's report is valid against
// spec/report.schema.json, and is byte for byte what `paycode decode --json` prints for it
// (PAYCODE_CLI: the tool's binary; .ci/web.sh builds it).
//
// Environment: SITE (the built site, default ../dist), PAYCODE_CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from '../site/paycode.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const site = resolve(process.env.SITE || join(here, '../dist'));
const pc = await load(readFileSync(join(site, 'paycode.wasm')));
const schema = JSON.parse(readFileSync(join(repo, 'spec/report.schema.json'), 'utf8'));

/** Every string input of every vector, each once, in file order. */
function inputs() {
  const seen = new Set();
  const out = [];
  for (const f of readdirSync(join(repo, 'spec/vectors')).sort()) {
    if (!f.endsWith('.jsonl')) continue;
    for (const line of readFileSync(join(repo, 'spec/vectors', f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const v = JSON.parse(line);
      for (const s of [v.payload, v.code, ...(v.codes || [])]) {
        if (typeof s === 'string' && !seen.has(s)) {
          seen.add(s);
          out.push(s);
        }
      }
    }
  }
  return out;
}

// The subset of JSON Schema 2020-12 that the schema uses, as tests/report.rs checks it: a
// keyword this does not know fails, so the schema cannot grow past what is checked.
const KNOWN = new Set(['$schema', '$id', 'title', 'description', 'type', 'enum', 'required', 'properties',
  'additionalProperties', 'items', 'oneOf', '$ref', '$defs', 'minimum', 'pattern']);
function check(s, v, at) {
  for (const k of Object.keys(s)) if (!KNOWN.has(k)) throw new Error(`schema keyword ${k} is not checked`);
  if (s.$ref) {
    const name = s.$ref.replace('#/$defs/', '');
    return check(schema.$defs[name], v, at);
  }
  if (s.oneOf) {
    const ok = s.oneOf.filter((o) => {
      try {
        check(o, v, at);
        return true;
      } catch {
        return false;
      }
    });
    if (ok.length !== 1) throw new Error(`${at}: matches ${ok.length} of oneOf`);
  }
  if (s.type) {
    const t = v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;
    const want = s.type === 'number' ? ['integer', 'number'] : [s.type];
    if (!want.includes(t)) throw new Error(`${at}: ${t}, not ${s.type}`);
  }
  if (s.enum && !s.enum.includes(v)) throw new Error(`${at}: ${JSON.stringify(v)} not in the enum`);
  if (s.minimum !== undefined && v < s.minimum) throw new Error(`${at}: below ${s.minimum}`);
  if (s.pattern && !new RegExp(s.pattern, 'u').test(v)) throw new Error(`${at}: ${v} does not match ${s.pattern}`);
  if (s.required) for (const k of s.required) if (!(k in v)) throw new Error(`${at}: no ${k}`);
  if (s.properties) {
    for (const [k, x] of Object.entries(v)) {
      if (s.properties[k]) check(s.properties[k], x, `${at}.${k}`);
      else if (s.additionalProperties === false) throw new Error(`${at}: ${k} is not allowed`);
    }
  }
  if (s.items) v.forEach((x, i) => check(s.items, x, `${at}[${i}]`));
}

const all = inputs();

test('every vector input gives a report valid against the schema', () => {
  assert.ok(all.length > 500, `${all.length} inputs`);
  const forms = new Set();
  for (const input of all) {
    const r = pc.decode(input);
    check(schema, r, input);
    forms.add(r.form);
  }
  // Every form is reached, so the schema is checked on each shape of `fields`.
  for (const f of schema.properties.form.enum) assert.ok(forms.has(f), f);
});

test('a bad report fails the check (the checker is not a no-op)', () => {
  const r = pc.decode('wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L');
  assert.throws(() => check(schema, { ...r, extra: 1 }, '$'));
  assert.throws(() => check(schema, { ...r, form: 'nope' }, '$'));
  assert.throws(() => check(schema, { ...r, violations: [{ rule: 'x' }] }, '$'));
});

test('the module prints what the tool prints, byte for byte', (t) => {
  const cli = process.env.PAYCODE_CLI;
  if (!cli) {
    t.skip('PAYCODE_CLI is not set: the comparison with the tool did NOT run');
    return;
  }
  // Inputs the tool reads from its arguments: no NUL, not starting with '-'; a line break
  // would make two lines of a file, but an argument keeps it.
  const ins = all.filter((s) => !s.includes('\0') && !s.startsWith('-'));
  const run = spawnSync(cli, ['decode', '--json', ...ins], { encoding: 'utf8', maxBuffer: 1 << 26 });
  // 1: some input did not read, as many vectors are meant not to.
  assert.ok(run.status === 0 || run.status === 1, `the tool exited ${run.status}: ${run.stderr}`);
  const lines = run.stdout.split('\n').filter(Boolean);
  assert.equal(lines.length, ins.length);
  let n = 0;
  for (const [i, input] of ins.entries()) {
    const mine = JSON.stringify(pc.decode(input));
    if (mine !== lines[i]) assert.fail(`input ${i} (${input.slice(0, 60)}…): the module and the tool differ:\n${mine}\n${lines[i]}`);
    n++;
  }
  assert.ok(n > 500);
});

test('a route, a conversion and the lists answer as the library does', () => {
  const r = pc.route('ccb', 'wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L');
  assert.equal(r.decision, 'gateway');
  assert.equal(r.verdict, 'pays');
  const u = pc.unified({ codes: ['wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L', 'wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L'] });
  assert.equal(u.ok, false);
  assert.equal(u.error.rule, 'UNI-ISS-1');
  const registry = JSON.parse(readFileSync(join(repo, 'spec/registry.json'), 'utf8'));
  assert.deepEqual(pc.issuers().map((i) => i.id).sort(), registry.issuers.map((i) => i.id).sort());
  assert.equal(pc.rules()['MPM-CRC-1'], 'mpm.md');
  assert.equal(pc.svg('x'.repeat(5000)), '');
});
