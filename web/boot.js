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
