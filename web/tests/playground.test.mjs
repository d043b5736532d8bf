// The playground as a person uses it, in Debian's Chromium driven by playwright-core: paste a
// valid code, a broken one, read an image, follow a rule link, convert two legacy codes and
// read the SVG symbol back, route for a wallet; no request leaves localhost; screenshots at
// desktop width and at 390 px.
//
// Environment: SITE (the built site, default ../dist), CHROMIUM (default /usr/bin/chromium),
// SCREENSHOTS (where the screenshots go, default ./out).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const site = resolve(process.env.SITE || join(here, '../dist'));
const shots = resolve(process.env.SCREENSHOTS || join(here, 'out'));
mkdirSync(shots, { recursive: true });

const vectors = (file) =>
  readFileSync(join(repo, 'spec/vectors', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
const vector = (file, id) => {
  const v = vectors(file).find((v) => v.id === id);
  assert.ok(v, `vector ${id} in ${file}`);
  return v;
};

const WECHAT = 'wxp://f2f0GmS4TQWrW_pacEXYhOOHSwjXlqUjv--L';
const ALIPAY = 'HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79';

let server, base, context, userDir;
const outside = [];

before(async () => {
  server = await serve(site, 0);
  base = `http://127.0.0.1:${server.address().port}/`;
  userDir = mkdtempSync(join(tmpdir(), 'paycode-chromium-'));
  context = await chromium.launchPersistentContext(userDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
  // Every request the pages make: what is not the local server is recorded and refused.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
});

after(async () => {
  await context?.close();
  server?.close();
  if (userDir) rmSync(userDir, { recursive: true, force: true });
});

async function playground(width = 1280) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(base + 'index.html');
  await page.waitForSelector('body[data-ready="true"]');
  page.errors = errors;
  return page;
}

test('a valid code pasted shows its form, issuers and anatomy', async () => {
  const page = await playground();
  await page.fill('#code', WECHAT);
  assert.equal(await page.textContent('#form'), 'legacy');
  assert.equal(await page.textContent('#issuers'), 'wechat-pay');
  assert.equal(await page.getAttribute('#issuers a', 'href'), 'registry/wechat-pay.html');
  assert.match(await page.textContent('.badge'), /conformant/);

  const mpm = vector('mpm.jsonl', 'emv-public-001');
  await page.fill('#code', mpm.payload);
  assert.equal(await page.textContent('#form'), 'emv-mpm');
  // The anatomy names the objects.
  const tree = await page.textContent('#anatomy');
  assert.match(tree, /Merchant Name/);
  assert.match(tree, /BEST TRANSPORT/);
  assert.match(tree, /Merchant Information - Language Template/);
  await page.locator('#anatomy').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'decode-mpm.png'), fullPage: true, clip: { x: 0, y: 420, width: 1280, height: 1000 } });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a broken code shows its rule, linked to the rule text, and the byte marked', async () => {
  const page = await playground();
  const v = vector('legacy.jsonl', 'china-public-018');
  await page.fill('#code', v.payload);
  const link = page.locator('.finding a.rule-link').first();
  assert.equal(await link.textContent(), v.rules[0]);
  assert.equal(await link.getAttribute('href'), `spec/legacy.html#${v.rules[0]}`);
  const mark = page.locator('pre.input mark');
  assert.equal(await mark.count(), 1);
  assert.equal(await mark.getAttribute('data-offset'), String(v.offset));
  assert.equal(await mark.textContent(), v.payload[v.offset]);
  await page.screenshot({ path: join(shots, 'decode-error.png') });

  // A readable payload with conformance violations: every rule the vector names is listed.
  const bad = vector('mpm.jsonl', 'emv-public-008');
  await page.fill('#code', bad.payload);
  const rules = await page.locator('.finding a.rule-link').allTextContents();
  for (const r of bad.rules) assert.ok(rules.includes(r), `${r} in ${rules}`);
  assert.ok((await page.locator('pre.input mark').count()) >= 1);

  // Following the link lands on the rule's text, in the spec page.
  await page.fill('#code', v.payload);
  await page.locator('.finding a.rule-link').first().click();
  await page.waitForURL(`**/spec/legacy.html#${v.rules[0]}`);
  const rule = page.locator(`[id="${v.rules[0]}"]`);
  assert.ok(await rule.isVisible());
  const spec = readFileSync(join(repo, 'spec/legacy.md'), 'utf8');
  const para = spec.split('\n\n').find((p) => p.startsWith(`**${v.rules[0]}**`));
  const words = para.replace(/\*|`/g, '').split(/\s+/).slice(2, 8).join(' ');
  assert.ok((await rule.textContent()).replace(/\s+/g, ' ').includes(words), words);
  // Beneath it, its vectors, each with a link that loads it into the decoder.
  const tryIt = rule.locator(`#v-${v.id} a.try`);
  assert.equal(await tryIt.count(), 1);
  await page.screenshot({ path: join(shots, 'spec-rule.png') });
  await tryIt.click();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.inputValue('#code'), v.payload);
  assert.equal(await page.locator('.finding a.rule-link').first().textContent(), v.rules[0]);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a consumer code is shown masked, never whole', async () => {
  const page = await playground();
  const code = '134556781234567890';
  await page.fill('#code', code);
  assert.equal(await page.textContent('#form'), 'numeric');
  assert.equal(await page.textContent('pre.input'), '1345**********7890');
  // The text of the page (the textarea's value aside) never holds the code.
  assert.ok(!(await page.evaluate(() => document.body.innerText)).includes(code));
  await page.close();
});

test('a photo chosen is read and decoded', async () => {
  const page = await playground();
  const photo = join(repo, 'cli/tests/photos/qrcode-2/15.png');
  const text = readFileSync(join(repo, 'cli/tests/photos/qrcode-2/15.txt'), 'utf8').trim();
  await page.setInputFiles('#file', photo);
  await page.waitForFunction(() => /symbol/.test(document.getElementById('status').textContent), null, {
    timeout: 60000,
  });
  assert.equal(await page.textContent('pre.input'), text);
  assert.equal(await page.textContent('#form'), 'unknown');

  // A screenshot of a payment code dropped on the page: a PNG drawn in the page from the
  // symbol the library makes, dropped as a file.
  await page.evaluate(async (code) => {
    const { load } = await import('./paycode.js');
    const pc = await load(await (await fetch('paycode.wasm')).arrayBuffer());
    const img = new Image();
    img.src = URL.createObjectURL(new Blob([pc.svg(code)], { type: 'image/svg+xml' }));
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    c.getContext('2d').drawImage(img, 0, 0);
    const png = await new Promise((ok) => c.toBlob(ok, 'image/png'));
    const dt = new DataTransfer();
    dt.items.add(new File([png], 'screenshot.png', { type: 'image/png' }));
    document.getElementById('status').textContent = '';
    document.getElementById('drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, WECHAT);
  await page.waitForFunction(() => /screenshot\.png: 1 symbol/.test(document.getElementById('status').textContent));
  assert.equal(await page.textContent('#form'), 'legacy');
  assert.equal(await page.textContent('#issuers'), 'wechat-pay');
  assert.equal(await page.textContent('pre.input'), WECHAT);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('two legacy codes convert to the unified code, whose SVG reads back as it', async () => {
  const page = await playground();
  const v = vector('unified.jsonl', 'unified-wechat-alipay');
  await page.fill('#legacy', v.codes.join('\n'));
  await page.fill('#m-name', v.merchant.name);
  await page.fill('#m-city', v.merchant.city);
  await page.click('#convert-btn');
  const payload = await page.textContent('#unified-payload');
  assert.equal(payload, v.payload);
  assert.equal(await page.getAttribute('#download-svg', 'download'), 'unified-code.svg');
  // The SVG offered for download, drawn to pixels and read by the module's own reader.
  const read = await page.evaluate(async () => {
    const { load } = await import('./paycode.js');
    const pc = await load(await (await fetch('paycode.wasm')).arrayBuffer());
    const svg = await (await fetch(document.getElementById('download-svg').href)).text();
    const img = new Image();
    img.src = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    return { svg: svg.slice(0, 5), answer: pc.image(new Uint8Array(d.buffer), c.width, c.height) };
  });
  assert.equal(read.svg, '<svg ');
  assert.equal(read.answer.unreadable, null);
  assert.equal(read.answer.reports[0].input, v.payload);
  assert.deepEqual(read.answer.reports[0].issuers.slice(0, 2), ['wechat-pay', 'alipay']);
  await page.screenshot({ path: join(shots, 'convert.png'), fullPage: true });

  // The spec pages' link for the vector loads it into the converter.
  await page.goto(base + 'spec/vectors.html');
  await page.locator(`#v-${v.id} a.try`).click();
  await page.waitForSelector('#unified-payload');
  assert.equal(await page.inputValue('#legacy'), v.codes.join('\n'));
  assert.equal(await page.textContent('#unified-payload'), v.payload);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the route for a wallet chosen from the registry', async () => {
  const page = await playground();
  const v = vector('unified-routes.jsonl', 'route-ccb-wechat');
  await page.fill('#code', v.code);
  await page.selectOption('#wallet', v.wallet);
  await page.click('#route-btn');
  assert.equal(await page.textContent('#verdict'), 'pays');
  const text = await page.textContent('#route-result');
  assert.match(text, new RegExp(v.decision.toLowerCase()));
  assert.ok(text.includes(v.send), 'the code to send');
  // The wallet list is the registry's.
  const registry = JSON.parse(readFileSync(join(repo, 'spec/registry.json'), 'utf8'));
  const options = await page.locator('#wallet option').evaluateAll((os) => os.map((o) => o.value));
  for (const id of ['wechat-pay', 'alipay', 'unionpay', 'ccb', 'e-cny']) assert.ok(options.includes(id), id);
  for (const id of options) assert.ok(registry.issuers.some((i) => i.id === id), id);
  await page.locator('#route').screenshot({ path: join(shots, 'route.png') });

  // The spec pages' link for a route vector loads the code and the wallet, and routes.
  const other = vector('unified-routes.jsonl', 'route-wechat-ums');
  await page.goto(base + 'spec/vectors.html');
  await page.locator(`#v-${other.id} a.try`).click();
  await page.waitForSelector('#verdict');
  assert.equal(await page.inputValue('#wallet'), other.wallet);
  assert.equal(await page.textContent('#verdict'), 'pays');
  assert.match(await page.textContent('#route-result'), new RegExp(other.decision.toLowerCase()));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('an issuer page shows its forms, prefixes, acceptance facts, sources and confidence', async () => {
  const page = await context.newPage();
  await page.goto(base + 'registry/wechat-pay.html');
  const text = await page.textContent('main');
  for (const s of ['WeChat Pay', 'wechat-f2f0', 'Numeric payment codes', 'Acceptance facts', 'verified', 'secondary', 'source'])
    assert.ok(text.includes(s), s);
  await page.screenshot({ path: join(shots, 'registry-entry.png') });
  await page.close();
});

test('the page fits a 390 px wide phone', async () => {
  const page = await playground(390);
  await page.fill('#code', vector('mpm.jsonl', 'emv-public-001').payload);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `the page is ${wide} px wide`);
  assert.ok(await page.isVisible('#private'));
  await page.screenshot({ path: join(shots, 'phone-390.png') });
  await page.close();
});

test('once loaded, the page needs no network at all', async () => {
  const page = await playground();
  await context.setOffline(true);
  try {
    await page.fill('#code', WECHAT);
    assert.equal(await page.textContent('#issuers'), 'wechat-pay');
    await page.fill('#legacy', [WECHAT, ALIPAY].join('\n'));
    await page.click('#convert-btn');
    assert.match(await page.textContent('#unified-payload'), /^000201/);
    assert.deepEqual(page.errors, []);
  } finally {
    await context.setOffline(false);
    await page.close();
  }
});

test('no request left localhost', () => {
  assert.deepEqual(outside, []);
});
