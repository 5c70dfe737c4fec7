// <risk-data-sources>: the panel in a shadow root, so the host page's CSS cannot reach it;
// only inherited properties and the --rds-* custom properties cross, on purpose. Part of
// the loader (risk-data-sources.js), which supplies `mount` and `stylesheets`.
function defineRiskDataSources(mount, stylesheets) {
  if (customElements.get('risk-data-sources')) return;
  customElements.define('risk-data-sources', class extends HTMLElement {
    static get observedAttributes() { return ['api-base', 'locale']; }
    connectedCallback() { this._start(); }
    disconnectedCallback() { this._stop(); }
    // A new language re-renders the panel in place, drafts and all; a new backend starts over.
    attributeChangedCallback(name, was, now) {
      if (!this._panel || was === now) return;
      if (name === 'locale') this._panel.setLocale(now);
      else { this._stop(); this._start(); }
    }
    _start() {
      if (this._panel) return;
      const root = this.shadowRoot || this.attachShadow({ mode: 'open' });
      root.replaceChildren();
      for (const s of stylesheets) {
        const link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = s.href;
        link.integrity = s.integrity;
        link.crossOrigin = 'anonymous';
        root.append(link);
      }
      const container = document.createElement('div');
      root.append(container);
      this._panel = mount(container, {
        apiBase: this.getAttribute('api-base') || 'api/v1',
        token: typeof this.token === 'string' ? this.token : undefined,
        getToken: typeof this.getToken === 'function' ? this.getToken : undefined,
        timeoutMs: Number(this.getAttribute('timeout-ms')) || undefined,
        host: this,
        locale: this.getAttribute('locale') || undefined,
      });
    }
    _stop() {
      if (this._panel) { this._panel.unmount(); this._panel = null; }
    }
  });
}
