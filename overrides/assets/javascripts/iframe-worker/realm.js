/* The globals of a Web Worker, inside the hidden iframe that stands in for one under file://
   (see shim.js beside this file; iframe-worker 1.0, MIT, Martin Donath, changed for the handbook). */
"use strict";
(() => {
  const filename = document.currentScript.dataset.worker;
  window.postMessage = (message, origin) => parent.postMessage(message, origin || "*");
  window.importScripts = (...urls) =>
    urls.reduce(
      (previous, url) =>
        previous.then(
          () =>
            new Promise((resolve) => {
              const script = document.createElement("script");
              script.src = url;
              script.onload = resolve;
              document.body.appendChild(script);
            })
        ),
      Promise.resolve()
    );
  addEventListener("error", ({ error }) => {
    parent.dispatchEvent(new ErrorEvent("error", { filename, error }));
  });
})();
