// The camera path, with Chromium's fake camera playing a video of a QR symbol: the symbol the
// module draws (its SVG), turned into a Y4M frame here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { load } from '../site/paycode.js';
import { serve } from './serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const site = resolve(process.env.SITE || join(here, '../dist'));
const CODE = 'HTTPS://QR.ALIPAY.COM/FKX05106TWOWYTJ6VELP79';

/** One 640×480 Y4M frame of the SVG's modules (`M{x},{y}h1v1h-1z`), 8 px each, centred. */
function y4m(svg) {
  const n = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)[1]);
  const [w, h, px] = [640, 480, 8];
  const y = new Uint8Array(w * h).fill(235);
  const x0 = (w - n * px) / 2;
  const y0 = (h - n * px) / 2;
  for (const m of svg.matchAll(/M(\d+),(\d+)h1v1h-1z/g)) {
    const [mx, my] = [Number(m[1]), Number(m[2])];
    for (let dy = 0; dy < px; dy++) y.fill(16, (y0 + my * px + dy) * w + x0 + mx * px, (y0 + my * px + dy) * w + x0 + (mx + 1) * px);
  }
  const chroma = new Uint8Array((w / 2) * (h / 2) * 2).fill(128);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${w} H${h} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), y, chroma]);
}

test('the camera reads a code held up to it', async () => {
  const pc = await load(readFileSync(join(site, 'paycode.wasm')));
  const dir = mkdtempSync(join(tmpdir(), 'paycode-camera-'));
  const video = join(dir, 'code.y4m');
  writeFileSync(video, y4m(pc.svg(CODE)));
  const server = await serve(site, 0);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    await context.grantPermissions(['camera'], { origin: base.slice(0, -1) });
    const page = await context.newPage();
    await page.goto(base);
    await page.waitForSelector('body[data-ready="true"]');
    assert.ok(await page.isVisible('#camera-btn'));
    await page.click('#camera-btn');
    await page.waitForFunction(() => /camera: 1 symbol/.test(document.getElementById('status').textContent), null, { timeout: 30000 });
    assert.equal(await page.textContent('#form'), 'legacy');
    assert.equal(await page.textContent('#issuers'), 'alipay');
    assert.equal(await page.textContent('pre.input'), CODE);
    // The camera is let go once a code is read.
    assert.ok(await page.isHidden('#video'));
  } finally {
    await context.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
