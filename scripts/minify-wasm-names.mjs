// Shortens the names the wasm imports and exports (wasm-bindgen's carry a 16-digit hash
// each, which brotli cannot compress: about 3 KB of the page) and renames them to match in
// wasm-bindgen's glue. Runs on the glue as wasm-bindgen writes it, before minification.
// Usage: node minify-wasm-names.mjs <wasm-opt> <module.wasm> <glue.js>
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const [wasmOpt, wasm, glue] = process.argv.slice(2);
const fail = (why) => {
  console.error(`minify-wasm-names: ${why}`);
  process.exit(1);
};
// The features rustc enables for wasm32 by default, and no others.
const features = ['bulk-memory', 'multivalue', 'mutable-globals', 'nontrapping-float-to-int', 'reference-types', 'sign-ext']
  .map((f) => `--enable-${f}`);
// A second -Oz after Trunk's: it finds what the first one's inlining exposed (about 0.9 KB
// brotli of the wasm). Before it, binaryen rebuilds each function's control flow from a
// flat form (--flatten --rereloop), which lets -Oz fold more (about 0.8 KB more), and a
// whole-program flow analysis (GUFA) finds values that can only be constants (about 0.1 KB).
// The producers and target-features sections only describe the build to tools (0.3 KB).
const passes = ['--flatten', '--rereloop', '-Oz', '--gufa-optimizing', '-Oz', '--strip-producers', '--strip-target-features'];
// scripts/build-panel with RDS_WASM_NAMES=1: keep the function names, for profiles.
if (process.env.RDS_WASM_NAMES === '1') passes.unshift('-g');
const map = JSON.parse(
  execFileSync(wasmOpt, [...features, '--minify-imports-and-exports-and-modules', ...passes, wasm, '-o', wasm], { encoding: 'utf8' }),
);
// Every import now comes from one module with a short name.
const modules = [...new Set(WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasm))).map((i) => i.module))];
if (modules.length !== 1) fail(`expected one import module, found ${modules.join(', ')}`);

const escape = (s) => s.replace(/[$.*+?^(){}[\]|\\]/g, '\\$&');
let js = readFileSync(glue, 'utf8');

for (const [from, to] of map.exports) {
  js = js.replace(new RegExp(`\\bwasm\\.${escape(from)}(?![\\w$])`, 'g'), () => `wasm.${to}`);
}

// The glue hands every import over in one object, `"./rds-panel_bg.js": import0`. A JS
// snippet module (`inline_js`) would be a second one, which this does not handle.
const given = /return \{\s*__proto__: null,\s*"\.\/rds-panel_bg\.js": ([\w$]+),\s*\};/;
const own = js.match(given)?.[1];
if (!own) fail('the glue imports more than wasm-bindgen\'s own functions, or its layout changed');

for (const [module, from, to] of map.imports) {
  const key = new RegExp(`(\\n\\s*)${escape(from)}(: function)`);
  if (module !== './rds-panel_bg.js' || !key.test(js)) fail(`no import ${module} ${from} in the glue`);
  js = js.replace(key, (_, lead, colon) => `${lead}${to}${colon}`); // `to` may hold a `$`.
}
js = js.replace(given, () => `return { __proto__: null, ${JSON.stringify(modules[0])}: ${own} };`);

writeFileSync(glue, js);
