// The console's side of the embedding: it owns the session, hands the panel a token
// through a property (never an attribute), and listens to the panel's events.
const panel = document.getElementById('panel');

// A real console asks its own session for a current token; this example reads one the
// reference server's operator put beside the page.
const session = await fetch('./console-session.json', { cache: 'no-store' }).then((r) => r.json());
panel.getToken = () => session.token;
// The API may live on another origin than the console (it must allow the console's origin).
if (session.apiBase) panel.setAttribute('api-base', session.apiBase);

const log = document.getElementById('event-log');
for (const kind of ['change', 'error']) {
  panel.addEventListener(kind, (e) => {
    const item = document.createElement('li');
    item.textContent = `${kind}: ${JSON.stringify(e.detail)}`;
    log.append(item);
  });
}

// Loading the panel's module defines <risk-data-sources>, which upgrades the element above.
await import(session.panel);
