// Completes each language's words in a built page from English, so that a word a language
// lacks (or leaves empty) reads in English and never shows as its key. The repository's
// bundles are complete (a test checks); this keeps a bundle a console edits safe too.
// The words only the server writes (status details, connection-check messages; it reads
// them from locales/ itself) are left out of the page's copies: no reader fetches them.
// Usage: node complete-locales.mjs <the build's locales folder>
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SERVER_ONLY = ['status.', 'check.'];
const dir = process.argv[2];
const read = (file) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
const english = read('en.json');
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const words = file === 'en.json' ? english : read(file);
  for (const [key, text] of Object.entries(english)) {
    if (typeof words[key] !== 'string' || !words[key].trim()) words[key] = text;
  }
  for (const key of Object.keys(words)) {
    if (SERVER_ONLY.some((prefix) => key.startsWith(prefix))) delete words[key];
  }
  writeFileSync(join(dir, file), JSON.stringify(words));
}
