/* iframe-worker 1.0 (MIT, Martin Donath; LICENSE beside this file), changed for the handbook:
   under file:// a Web Worker cannot start, so the worker runs in a hidden iframe. The original
   writes an inline <script> into that iframe to give it the worker's globals; the page's
   Content-Security-Policy (which the iframe inherits) only lets the site's own files and hashed
   inline scripts run, so those globals now come from realm.js, beside this file. */
"use strict";
(() => {
  const realm = new URL("realm.js", document.currentScript.src).href;
  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.url = url;
      this.m = (event) => {
        if (event.source === this.w) {
          this.dispatchEvent(new MessageEvent("message", { data: event.data }));
          if (this.onmessage) this.onmessage(event);
        }
      };
      this.e = (message, filename, lineno, colno, error) => {
        if (filename === `${this.url}`) {
          const event = new ErrorEvent("error", { message, filename, lineno, colno, error });
          this.dispatchEvent(event);
          if (this.onerror) this.onerror(event);
        }
      };
      const frame = document.createElement("iframe");
      frame.hidden = true;
      document.body.appendChild((this.iframe = frame));
      const attribute = (value) => `${value}`.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
      this.w.document.open();
      this.w.document.write(
        `<html><body><script src="${attribute(realm)}" data-worker="${attribute(url)}"><\/script>` +
        `<script src="${attribute(url)}?${+Date.now()}"><\/script></body></html>`
      );
      this.w.document.close();
      onmessage = this.m;
      onerror = this.e;
      this.r = new Promise((resolve, reject) => {
        this.w.onload = resolve;
        this.w.onerror = reject;
      });
    }
    terminate() {
      this.iframe.remove();
      onmessage = onerror = null;
    }
    postMessage(data) {
      this.r.catch().then(() => {
        this.w.dispatchEvent(new MessageEvent("message", structuredClone({ data })));
      });
    }
    get w() {
      return this.iframe.contentWindow;
    }
  }
  window.IFrameWorker = IFrameWorker;
  if (location.protocol === "file:") window.Worker = IFrameWorker;
})();
