// Starts the app. Trunk writes the hashed names of the wasm-bindgen glue and the wasm
// module into this script's data attributes (see `pattern_script` in Trunk.toml); loading
// from an external file keeps inline scripts out of the page, so the CSP stays strict.
const tag = document.querySelector("script[data-glue][data-wasm]");

try {
  const { default: init } = await import(tag.dataset.glue);
  await init({ module_or_path: tag.dataset.wasm });
} catch (error) {
  console.error("report editor failed to start", error);
  const p = document.createElement("p");
  p.className = "boot-error";
  p.setAttribute("role", "alert");
  p.textContent = "The report editor could not start. Reload the page to try again.";
  document.body.append(p);
}

// Offline after the first visit (served over http(s) only; the one-file build has no
// worker). A new version waits until the user chooses to reload.
if ("serviceWorker" in navigator && location.protocol.startsWith("http")) {
  let chosen = false;
  const offer = (worker) => {
    if (document.querySelector(".update-banner")) return;
    const bar = document.createElement("div");
    bar.className = "update-banner";
    bar.setAttribute("role", "status");
    const text = document.createElement("p");
    text.textContent = "A new version is ready. Your drafts are saved; reload to use it.";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button-primary";
    button.textContent = "Reload";
    button.addEventListener("click", () => {
      chosen = true;
      worker.postMessage("skip-waiting");
    });
    bar.append(text, button);
    document.body.append(bar);
  };
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (chosen) location.reload();
  });
  navigator.serviceWorker
    .register("./sw.js")
    .then((reg) => {
      if (reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting);
      reg.addEventListener("updatefound", () => {
        const worker = reg.installing;
        worker?.addEventListener("statechange", () => {
          if (worker.state === "installed" && navigator.serviceWorker.controller) offer(worker);
        });
      });
    })
    .catch((error) => console.warn("offline support is unavailable", error));
}
