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

// The standalone page asks for its configuration, its words, the catalog and the list while
// the wasm downloads and compiles, instead of after.
function startRequests() {
  const config = settle(fetch(new URL('config.json', location.href), { cache: 'no-store' }));
  const words = settle(fetch(new URL('locales/en.json', assets), { cache: 'no-cache' }));
  const api = settle(config.then(async (res) => {
    const c = res && res.ok ? await res.clone().json().catch(() => null) : null;
    if (!c || typeof c.apiBase !== 'string' || typeof c.token !== 'string') return null;
    const base = new URL(c.apiBase, location.href).href.replace(/\/+$/, '');
    // The time limit is for the answer to start: the body is read later, once the wasm
    // runs, and must not be cut off then.
    const get = (url) => {
      const stop = new AbortController();
      const timer = setTimeout(() => stop.abort(), c.timeoutMs || 15000);
      const headers = { Authorization: `Bearer ${c.token}`, Accept: 'application/json' };
      return settle(fetch(url, { cache: 'no-store', headers, signal: stop.signal }).finally(() => clearTimeout(timer)));
    };
    return { list: get(`${base}/data-sources`), catalog: get(`${base}/catalog?locale=en`) };
  }));
  return { config, words, list: api.then((a) => a && a.list), catalog: api.then((a) => a && a.catalog) };
}

// The panel starts the standalone page as the module starts, and finds these on its root.
const root = document.getElementById('rds-root');
if (root) root.rdsEarly = startRequests();

const wasm = fetch(new URL('./__WASM__', import.meta.url), { integrity: '__WASM_INTEGRITY__' });
await init({ module_or_path: wasm });

/** Stylesheet URLs and their integrity, for consoles that mount the panel in a shadow root. */
export const stylesheets = styles.map(([href, integrity]) => ({ href: new URL(href, import.meta.url).href, integrity }));
/** Mounts the panel into an element: `mount(element, { apiBase, token | getToken, timeoutMs, host })`. */
export const mount = (element, options) => panel.mount(element, { assets, ...options });

/* @element */
defineRiskDataSources(mount, stylesheets);
