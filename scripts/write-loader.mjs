// Writes the loader from its template, with the custom element's definition inside and the
// build's file names and integrity in place of the template's names in capitals.
// Usage: node write-loader.mjs <template> <element.js> <out> NAME=value…
import { readFileSync, writeFileSync } from 'node:fs';

const [template, element, out, ...pairs] = process.argv.slice(2);
let js = readFileSync(template, 'utf8').replace('/* @element */', () => readFileSync(element, 'utf8'));
for (const pair of pairs) {
  const at = pair.indexOf('=');
  const name = pair.slice(0, at);
  const value = pair.slice(at + 1);
  js = js.replaceAll(`__${name}__`, () => value);
}
const left = js.match(/__[A-Z_]+__|\/\* @element \*\//);
if (left) {
  console.error(`write-loader: ${left[0]} was not filled in`);
  process.exit(1);
}
writeFileSync(out, js);
