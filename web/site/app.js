// The playground page: every answer comes from the paycode module (paycode.wasm), in this
// browser. Nothing is sent anywhere: there is no fetch but the module's own file.
import { load } from './paycode.js';

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return e;
};

const status = (text, cls = '') => {
  const s = $('status');
  s.textContent = text;
  s.className = cls;
};

let pc;
let ruleFiles = {};

/** The spec page and anchor of a rule ID. */
const ruleHref = (id) => (ruleFiles[id] ? `spec/${ruleFiles[id].replace(/\.md$/, '.html')}#${id}` : null);
const ruleLink = (id) => {
  const href = ruleHref(id);
  return href ? el('a', { href, class: 'rule-link' }, id) : el('code', {}, id);
};
const issuerLink = (id) => el('a', { href: `registry/${id}.html`, class: 'issuer' }, id);

/** The input as the report shows it, the bytes each finding names marked. */
function highlighted(report, original) {
  const shown = report.input;
  const pre = el('pre', { class: 'input', 'aria-label': 'input' });
  const enc = new TextEncoder();
  // Offsets count bytes of the input read; the text shown is the masked input, which keeps
  // every character's place, so the offsets hold for it when the lengths agree.
  const sameLength = enc.encode(shown).length === enc.encode(original).length;
  const findings = [report.error, ...report.violations].filter(
    (f) => f && f.rule && f.location === 'input' && Number.isInteger(f.offset),
  );
  const marks = new Map();
  if (sameLength) for (const f of findings) marks.set(f.offset, [...(marks.get(f.offset) || []), f.rule]);
  let byte = 0;
  // Unmarked text goes in as runs, one text node each: a node per character would make a
  // pasted megabyte take seconds to show.
  let run = '';
  for (const ch of shown) {
    const n = ch.length === 1 && ch.charCodeAt(0) < 0x80 ? 1 : enc.encode(ch).length;
    const hit = marks.size ? [...marks.keys()].filter((o) => o >= byte && o < byte + n) : [];
    if (hit.length) {
      if (run) pre.append(run);
      run = '';
      const m = el('mark', { title: hit.flatMap((o) => marks.get(o)).join(', '), 'data-offset': byte }, ch);
      pre.append(m);
      for (const o of hit) marks.delete(o);
    } else {
      run += ch;
    }
    byte += n;
  }
  if (run) pre.append(run);
  // A finding at the end of the input: something is missing there.
  for (const [o, rules] of marks) if (o >= byte) pre.append(el('mark', { class: 'end', title: rules.join(', '), 'data-offset': o }));
  return pre;
}

/** A value of the report's fields as a tree: objects by key, MPM/CPM objects by ID and name. */
function tree(value, key) {
  const li = el('li');
  const label = [];
  if (key !== undefined) label.push(el('span', { class: 'k' }, key), ': ');
  if (value === null || typeof value !== 'object') {
    li.append(...label, el('span', { class: 'v' }, value === null ? '—' : String(value)));
    return li;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      li.append(...label, el('span', { class: 'v' }, '[]'));
      return li;
    }
    const ul = el('ul');
    value.forEach((v, i) => {
      // A data object: its ID (or tag) and name head its line.
      if (v && typeof v === 'object' && ('id' in v || 'tag' in v)) ul.append(object(v));
      else ul.append(tree(v, String(i)));
    });
    li.append(...label, ul);
    return li;
  }
  const ul = el('ul');
  for (const [k, v] of Object.entries(value)) ul.append(tree(v, k));
  li.append(...label, ul);
  return li;
}

function object(o) {
  const li = el('li', { class: 'object' });
  const id = o.id ?? o.tag;
  li.append(el('span', { class: 'id' }, id), ' ');
  if (o.name) li.append(el('span', { class: 'k' }, o.name), ' ');
  if (Array.isArray(o.objects) && o.objects.length) {
    const ul = el('ul');
    for (const c of o.objects) ul.append(object(c));
    li.append(ul);
  } else {
    li.append(el('span', { class: 'v' }, o.value));
  }
  for (const [k, v] of Object.entries(o)) {
    if (!['id', 'tag', 'name', 'value', 'objects'].includes(k)) li.append(el('ul', {}, tree(v, k)));
  }
  return li;
}

function finding(f) {
  const of = { input: 'the input', decoded: 'the decoded payload', output: 'the payload written', code: 'the codes' };
  const where =
    f.rule === null || f.offset === undefined
      ? ''
      : f.location === 'code'
        ? ` (code ${f.offset + 1})`
        : ` (byte ${f.offset} of ${of[f.location] || f.location})`;
  return el('li', { class: 'finding' }, f.rule ? ruleLink(f.rule) : 'error', ` ${f.message}${where}`);
}

/** One report, as a person reads it. */
function showReport(report, original, title) {
  const box = el('div', { class: 'report', 'data-form': report.form });
  if (title) box.append(el('h3', {}, title));
  const verdict = report.conformant
    ? el('span', { class: 'badge ok' }, 'conformant')
    : report.ok
      ? el('span', { class: 'badge warn' }, 'read, with violations')
      : el('span', { class: 'badge bad' }, 'unreadable');
  box.append(el('p', {}, verdict));
  const facts = el('dl', { class: 'facts' });
  const fact = (k, ...v) => facts.append(el('dt', {}, k), el('dd', {}, ...v));
  fact('form', el('span', { id: 'form' }, report.form));
  if (report.fields && report.fields.form) fact('legacy form', report.fields.form);
  fact('scan kind', report.scan_kind);
  const iss = el('span', { id: 'issuers' });
  report.issuers.forEach((id, i) => iss.append(...(i ? [', '] : []), issuerLink(id)));
  if (!report.issuers.length) iss.append('none known');
  fact('issuers', iss);
  box.append(facts);
  if (report.form === 'emv-cpm' || report.form === 'numeric') {
    box.append(el('p', { class: 'warn' }, 'A consumer code is a credential: it is shown masked, and is never revealed here.'));
  }
  box.append(highlighted(report, original));
  const findings = [report.error, ...report.violations].filter(Boolean);
  if (findings.length) {
    box.append(el('h4', {}, report.error ? 'Error' + (report.violations.length ? ' and violations' : '') : 'Violations'));
    const ul = el('ul', { class: 'findings' });
    for (const f of findings) ul.append(finding(f));
    box.append(ul);
  }
  if (report.fields) {
    // The anatomy: a payload's data objects as a tree (ID, name, value), then what the form
    // defines, by name; a form without objects (a URL, a numeric code) has only the latter.
    const f = report.fields;
    const objects = Array.isArray(f.objects) ? f.objects : null;
    const apps = Array.isArray(f.applications) ? f.applications : null;
    box.append(el('h4', {}, 'Anatomy'));
    const ul = el('ul', { class: 'tree', id: 'anatomy' });
    if (objects) for (const o of objects) ul.append(object(o));
    else if (apps) apps.forEach((a, i) => ul.append(tree(a, `application ${i + 1}`)));
    else for (const [k, v] of Object.entries(f)) ul.append(tree(v, k));
    box.append(ul);
    if (objects || apps) {
      const rest = el('ul', { class: 'tree' });
      for (const [k, v] of Object.entries(f)) if (v !== objects && v !== apps) rest.append(tree(v, k));
      box.append(el('details', {}, el('summary', {}, 'The fields, by name'), rest));
    }
  }
  const raw = el('details', {}, el('summary', {}, 'The report as JSON'), el('pre', { class: 'mono json' }, JSON.stringify(report, null, 2)));
  box.append(raw);
  return box;
}

/** The longest input decoded on every keystroke. */
const LIVE_LIMIT = 65536;

function decodeText() {
  const text = $('code').value.replace(/\r?\n$/, '');
  const out = $('result');
  out.replaceChildren();
  if (!text) return;
  out.append(showReport(pc.decode(text), text));
  status('');
}

/** Reads the QR symbols of an image (a file, a pasted image, a camera frame). */
function readPixels(source, w, h) {
  // Photos are read at most 1600 pixels a side: larger costs seconds and reads no better.
  const k = Math.min(1, 1600 / Math.max(w, h));
  const cw = Math.max(1, Math.round(w * k));
  const ch = Math.max(1, Math.round(h * k));
  const canvas = el('canvas');
  canvas.width = cw;
  canvas.height = ch;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, cw, ch);
  ctx.drawImage(source, 0, 0, cw, ch);
  const data = ctx.getImageData(0, 0, cw, ch).data;
  return pc.image(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), cw, ch);
}

function showImage(answer, name) {
  const out = $('result');
  out.replaceChildren();
  if (answer.unreadable) {
    status(`${name}: ${answer.unreadable}`, 'bad');
    return false;
  }
  status(`${name}: ${answer.reports.length} symbol${answer.reports.length > 1 ? 's' : ''} read`, 'ok');
  answer.reports.forEach((r, i) => {
    out.append(showReport(r, r.input, answer.reports.length > 1 ? `Symbol ${i + 1}` : undefined));
  });
  // The code field takes what was read (masked, as shown), so that routing can use it.
  if (answer.reports.length) $('code').value = answer.reports[0].input;
  return true;
}

async function readFile(file) {
  status(`reading ${file.name || 'the image'}…`);
  try {
    const bmp = await createImageBitmap(file);
    // Let the status paint before the module works.
    await new Promise((r) => setTimeout(r, 0));
    showImage(readPixels(bmp, bmp.width, bmp.height), file.name || 'image');
  } catch (e) {
    status(`${file.name || 'image'}: not an image this browser can decode, or the reader gave up (${e.message})`, 'bad');
  }
}

let stream = null;
async function camera() {
  if (stream) {
    stopCamera();
    return;
  }
  const video = $('video');
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  } catch (e) {
    status(`the camera is not available: ${e.message}`, 'bad');
    return;
  }
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  $('camera-btn').textContent = 'Stop the camera';
  status('point the camera at a QR code…');
  const tick = () => {
    if (!stream) return;
    if (video.videoWidth) {
      const a = readPixels(video, video.videoWidth, video.videoHeight);
      if (!a.unreadable) {
        showImage(a, 'camera');
        stopCamera();
        return;
      }
    }
    setTimeout(tick, 400);
  };
  tick();
}
function stopCamera() {
  if (stream) for (const t of stream.getTracks()) t.stop();
  stream = null;
  $('video').hidden = true;
  $('camera-btn').textContent = 'Use the camera';
}

function routeIt() {
  const out = $('route-result');
  out.replaceChildren();
  const code = $('code').value.trim();
  if (!code) {
    out.append(el('p', {}, 'Paste or read a code above first.'));
    return;
  }
  const r = pc.route($('wallet').value, code);
  if (!r.ok) {
    out.append(el('p', { class: 'bad' }, r.error.rule ? ruleLink(r.error.rule) : '', ' ', r.error.message));
    return;
  }
  const cls = { pays: 'ok', cannot: 'bad', unknown: 'warn' }[r.verdict];
  const facts = el('dl', { class: 'facts' });
  const fact = (k, ...v) => facts.append(el('dt', {}, k), el('dd', {}, ...v));
  fact('verdict', el('span', { class: `badge ${cls}`, id: 'verdict' }, r.verdict));
  fact('decision', r.decision);
  fact('about', r.issuer ? issuerLink(r.issuer) : 'no registered issuer');
  if (r.since) fact('since', r.since);
  fact('source', r.source || 'none in the registry');
  fact('confidence', r.confidence);
  if (r.code) fact('code to send', el('span', { class: 'mono' }, r.code));
  out.append(facts);
}

let svgUrl = null;
function convert() {
  const out = $('convert-result');
  out.replaceChildren();
  const codes = $('legacy').value.split('\n').map((s) => s.trim()).filter(Boolean);
  if (!codes.length) {
    out.append(el('p', {}, 'Give one or more legacy codes, one a line.'));
    return;
  }
  const r = pc.unified({
    codes,
    name: $('m-name').value,
    city: $('m-city').value,
    mcc: $('m-mcc').value,
    amount: $('m-amount').value,
  });
  if (!r.ok) {
    const which = Number.isInteger(r.code) ? ` (code ${r.code + 1})` : '';
    out.append(el('p', { class: 'bad' }, r.error.rule ? ruleLink(r.error.rule) : '', ` ${r.error.message}${which}`));
    return;
  }
  out.append(el('p', {}, 'The unified code (EMV merchant-presented payload):'));
  out.append(el('pre', { class: 'input', id: 'unified-payload' }, r.payload));
  const sym = el('div', { class: 'symbol', id: 'symbol' });
  // The SVG is the module's own text; drawn through an image, so no markup of it runs here.
  if (svgUrl) URL.revokeObjectURL(svgUrl);
  svgUrl = URL.createObjectURL(new Blob([r.svg], { type: 'image/svg+xml' }));
  sym.append(el('img', { src: svgUrl, alt: 'QR symbol of the unified code', id: 'symbol-img' }));
  out.append(sym);
  const links = el('p', { class: 'row' });
  links.append(el('a', { href: svgUrl, download: 'unified-code.svg', id: 'download-svg' }, 'Download the SVG'));
  const again = el('a', { href: `#try=${encodeURIComponent(r.payload)}` }, 'Decode it');
  links.append(again);
  out.append(links);
}

/** #try=<input>, #convert=<codes, one a line>, #wallet=<id>&code=<code>: the spec pages' links. */
function fromHash() {
  const h = new URLSearchParams(location.hash.slice(1));
  if (h.has('try')) {
    $('code').value = h.get('try');
    decodeText();
    $('decoder').scrollIntoView();
  }
  if (h.has('code') && h.has('wallet')) {
    $('code').value = h.get('code');
    decodeText();
    $('wallet').value = h.get('wallet');
    routeIt();
  }
  if (h.has('convert')) {
    $('legacy').value = h.get('convert');
    for (const k of ['name', 'city', 'mcc', 'amount']) if (h.has(k)) $(`m-${k}`).value = h.get(k);
    convert();
    $('convert').scrollIntoView();
  }
}

async function main() {
  status('loading the decoder…');
  try {
    pc = await load(await (await fetch('paycode.wasm')).arrayBuffer());
  } catch (e) {
    status(`the decoder did not load: ${e.message}`, 'bad');
    return;
  }
  ruleFiles = pc.rules();
  // Every registry entry, by kind: the apps that scan codes (wallets, UnionPay's, the banks',
  // e-CNY's) first; any entry may be asked about, and one no fact covers routes as unknown.
  const order = ['wallet', 'network', 'bank', 'currency'];
  const kinds = new Map();
  for (const i of pc.issuers()) kinds.set(i.kind, [...(kinds.get(i.kind) || []), i]);
  const sorted = [...kinds.keys()].sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  for (const k of sorted) {
    const group = el('optgroup', { label: k });
    for (const i of kinds.get(k)) group.append(el('option', { value: i.id }, `${i.name}${i.name_zh ? ' ' + i.name_zh : ''} (${i.id})`));
    $('wallet').append(group);
  }
  $('wallet').value = 'unionpay';
  $('decode-btn').addEventListener('click', decodeText);
  // Decoded as it is typed, up to a size that decodes at once; beyond it, on Decode only.
  $('code').addEventListener('input', () => {
    if ($('code').value.length <= LIVE_LIMIT) decodeText();
    else status(`Over ${LIVE_LIMIT} characters: press Decode.`);
  });
  $('file').addEventListener('change', (e) => e.target.files[0] && readFile(e.target.files[0]));
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const f = [...e.dataTransfer.files].find((f) => f.type.startsWith('image/'));
    if (f) readFile(f);
  });
  document.addEventListener('paste', (e) => {
    const f = [...(e.clipboardData?.files || [])].find((f) => f.type.startsWith('image/'));
    if (f) {
      e.preventDefault();
      readFile(f);
    }
  });
  if (navigator.mediaDevices?.getUserMedia) {
    $('camera-btn').hidden = false;
    $('camera-btn').addEventListener('click', camera);
  }
  $('route-btn').addEventListener('click', routeIt);
  $('convert-btn').addEventListener('click', convert);
  window.addEventListener('hashchange', fromHash);
  status('');
  document.body.dataset.ready = 'true';
  fromHash();
}

main();
