// The whole glue between JavaScript and web/wasm: copy the input into the module's memory,
// call, copy the answer out. Works in a browser and in Node (the tests load it there too).
//
// The module is built for wasm32-wasip1, not wasm32-unknown-unknown: rxing stamps each result
// with the time, and the standard library has no clock on wasm32-unknown-unknown (it panics).
// The six WASI calls it imports are answered here; none reaches outside the page.

/** The WASI imports of the module, over the instance's memory as `mem()` gives it. */
function wasi(mem, stderr) {
  const view = () => new DataView(mem().buffer);
  return {
    clock_time_get(_id, _precision, at) {
      view().setBigUint64(at, BigInt(Math.round(Date.now())) * 1000000n, true);
      return 0;
    },
    random_get(at, len) {
      // The standard library's hash maps ask for keys; nothing here is secret.
      crypto.getRandomValues(new Uint8Array(mem().buffer, at, len));
      return 0;
    },
    environ_sizes_get(count, size) {
      view().setUint32(count, 0, true);
      view().setUint32(size, 0, true);
      return 0;
    },
    environ_get() {
      return 0;
    },
    fd_write(_fd, iovs, n, written) {
      // Only a panic writes (to standard error): kept for the error the call throws.
      const v = view();
      let total = 0;
      for (let i = 0; i < n; i++) {
        const p = v.getUint32(iovs + 8 * i, true);
        const l = v.getUint32(iovs + 8 * i + 4, true);
        stderr.push(new TextDecoder().decode(new Uint8Array(mem().buffer, p, l)));
        total += l;
      }
      v.setUint32(written, total, true);
      return 0;
    },
    proc_exit(code) {
      throw new Error(`the module exited (${code})`);
    },
  };
}

/** Instantiates the module from its bytes; returns the calls the page makes. */
export async function load(bytes) {
  const module = await WebAssembly.compile(bytes);
  const stderr = [];
  let ex;
  const imports = { wasi_snapshot_preview1: wasi(() => ex.memory, stderr) };
  ex = (await WebAssembly.instantiate(module, imports)).exports;
  const enc = new TextEncoder();
  const dec = new TextDecoder();

  // Each argument is a string (UTF-8), a Uint8Array (bytes) or a number (passed as is).
  async function fresh() {
    ex = (await WebAssembly.instantiate(module, imports)).exports;
  }
  function call(name, ...args) {
    const flat = [];
    const owned = [];
    try {
      for (const a of args) {
        if (typeof a === 'number') {
          flat.push(a);
          continue;
        }
        const b = typeof a === 'string' ? enc.encode(a) : a;
        const p = ex.pc_alloc(b.length);
        new Uint8Array(ex.memory.buffer, p, b.length).set(b);
        owned.push([p, b.length]);
        flat.push(p, b.length);
      }
      const n = ex[name](...flat);
      const out = dec.decode(new Uint8Array(ex.memory.buffer, ex.pc_out_ptr(), n).slice());
      for (const [p, l] of owned) ex.pc_free(p, l);
      return out;
    } catch (e) {
      // A trap (a decoder that gave up on a hostile image) leaves the instance unusable:
      // the next call gets a new one.
      fresh();
      const why = stderr.splice(0).join('').trim();
      throw why ? new Error(`${e.message}: ${why}`) : e;
    }
  }
  const json = (name, ...args) => JSON.parse(call(name, ...args));
  return {
    /** The report of one input (spec/report.schema.json). */
    decode: (text) => json('pc_decode', text),
    /** The reports of the QR symbols in RGBA pixels. */
    image: (rgba, w, h) => json('pc_image', rgba, w, h),
    /** Whether a wallet pays a code, and how. */
    route: (wallet, code) => json('pc_route', wallet, code),
    /** The unified code of legacy codes, with its SVG symbol. */
    unified: (request) => json('pc_unified', JSON.stringify(request)),
    /** A text's QR symbol as SVG ('' when it fits none). */
    svg: (text) => call('pc_svg', text),
    /** The registry's entries. */
    issuers: () => json('pc_issuers'),
    /** Rule ID to the spec file that defines it. */
    rules: () => json('pc_rules'),
  };
}
