// Loads the risk data-source panel and defines <risk-data-sources>. Written at build time
// from src/js/loader.js: the names in capitals become the build's content-hashed files and
// their integrity.
import init, * as panel from './__GLUE__';

const styles = __STYLES__;

// The release wasm traps on a panic (panic=immediate-abort). Say so where the panel
// was, rather than leave a panel that no longer answers.
const stopped = (e) => {
  if (!(e instanceof WebAssembly.RuntimeError)) return;
  const inShadow = [...document.querySelectorAll('risk-data-sources')].map((el) => el.shadowRoot?.querySelector('[data-rds-mount]'));
  for (const root of [...document.querySelectorAll('#rds-root, [data-rds-mount]'), ...inShadow].filter(Boolean)) {
    root.textContent = 'The data-source panel stopped because of an internal error. Reload the page; your unsaved settings are kept.';
    root.setAttribute('role', 'alert');
  }
};
addEventListener('error', (e) => stopped(e.error));
addEventListener('unhandledrejection', (e) => stopped(e.reason));

// The folder of the panel's files, wherever they are served from.
const assets = new URL('./', import.meta.url).href;

// A response, or null when the request failed: the panel then makes it itself, and owns
// what a failure means (retries, timeouts, the message).
const settle = (request) => request.then((r) => r, () => null);

// The languages the panel has words for (locales/*.json), written in at build time.
const locales = __LOCALES__;

/** The first of the BCP 47 tags given that the panel speaks, a region falling back to its
 * language (`ja-JP` reads `ja`); else English. */
const pickLocale = (...wanted) => {
  for (const tag of wanted.flat()) {
    const t = typeof tag === 'string' ? tag.toLowerCase() : '';
    const hit = locales.find((l) => l.toLowerCase() === t) || locales.find((l) => l === t.split('-')[0]);
    if (hit) return hit;
  }
  return 'en';
};

// The standalone page asks for its configuration, then its words, the catalog and the list,
// while the wasm downloads and compiles, instead of after. Its language is config.json's
// `locale`, else the browser's, else English; only that language's words are fetched.
// `settings` is config.json, or `{ problem }` saying why the panel cannot start.
function startRequests() {
  const at = "The panel's configuration (config.json)";
  const settings = settle(fetch(new URL('config.json', location.href), { cache: 'no-store' })).then(async (res) => {
    if (!res) return { problem: `${at} could not be fetched.` };
    if (!res.ok) return { problem: `${at} is missing (${res.status}).` };
    const c = await res.json().catch(() => null);
    return c && typeof c.apiBase === 'string' && typeof c.token === 'string' ? c : { problem: 'config.json needs apiBase and token.' };
  });
  const locale = settings.then((c) => pickLocale(c.locale, navigator.languages));
  const words = settle(locale.then((l) => fetch(new URL(`locales/${l}.json`, assets), { cache: 'no-cache' })));
  const api = settle(Promise.all([settings, locale]).then(([c, l]) => {
    if (c.problem) return null;
    const base = new URL(c.apiBase, location.href).href.replace(/\/+$/, '');
    // The time limit is for the answer to start: the body is read later, once the wasm
    // runs, and must not be cut off then.
    const get = (url) => {
      const stop = new AbortController();
      const timer = setTimeout(() => stop.abort(), c.timeoutMs || 15000);
      const headers = { Authorization: `Bearer ${c.token}`, Accept: 'application/json', 'Accept-Language': l };
      return settle(fetch(url, { cache: 'no-store', headers, signal: stop.signal }).finally(() => clearTimeout(timer)));
    };
    return { list: get(`${base}/data-sources`), catalog: get(`${base}/catalog?locale=${l}`) };
  }));
  return { settings, words, locale, list: api.then((a) => a && a.list), catalog: api.then((a) => a && a.catalog) };
}

// The standalone page (#rds-root) is the panel alone: its language and title are the panel's.
const root = document.getElementById('rds-root');
const early = root && startRequests();
if (early) {
  early.words.then((r) => r && r.ok && r.clone().json()).then((w) => { if (w && w['panel.title']) document.title = w['panel.title']; }, () => {});
}

const wasm = fetch(new URL('./__WASM__', import.meta.url), { integrity: '__WASM_INTEGRITY__' });
await init({ module_or_path: wasm });

/** Stylesheet URLs and their integrity, for consoles that mount the panel in a shadow root. */
export const stylesheets = styles.map(([href, integrity]) => ({ href: new URL(href, import.meta.url).href, integrity }));
/** Mounts the panel into an element: `mount(element, { apiBase, token | getToken, timeoutMs, host, locale })`.
 * Without `locale`, the panel speaks the language of the page's `<html lang>`, else English.
 * The answer's `setLocale(tag)` switches the language and keeps every draft; `unmount()` removes it. */
export const mount = (element, options = {}) => {
  const panel_ = panel.mount(element, { assets, ...options, locale: pickLocale(options.locale, document.documentElement.lang) });
  return { unmount: () => panel_.unmount(), setLocale: (tag) => panel_.setLocale(pickLocale(tag)) };
};

/* @element */
defineRiskDataSources(mount, stylesheets);

// The standalone page starts here, with the requests already made.
if (early) {
  Promise.all([early.settings, early.locale]).then(([c, locale]) => {
    document.documentElement.lang = locale;
    if (c.problem) {
      // The same notice the panel shows when it cannot start; Retry loads the page again.
      root.innerHTML = '<div class="rds-panel"><div class="rds-error" role="alert"><p class="rds-error__title">The data-source panel could not start.</p><p class="rds-error__detail"></p><a class="rds-button rds-button--secondary" href="">Retry</a></div></div>';
      root.querySelector('.rds-error__detail').textContent = c.problem;
    } else {
      panel.mount(root, { assets, apiBase: c.apiBase, token: c.token, timeoutMs: c.timeoutMs, locale, early });
    }
  });
}
