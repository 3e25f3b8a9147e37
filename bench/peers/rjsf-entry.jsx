// The rjsf peer's page script, bundled by build.mjs into peers/rjsf.js (dist-bench only).
// `window.rjsfPeer.mount` renders react-jsonschema-form; the rest wires the page's
// #open button so the benchmark can time click → first input painted (bench/peers/rjsf.mjs).
import { createRoot } from 'react-dom/client';
import Form from '@rjsf/core';
import validator from '@rjsf/validator-ajv8';

function mount(container, schema, uiSchema) {
  const root = createRoot(container);
  root.render(<Form schema={schema} uiSchema={uiSchema} validator={validator} liveValidate={false} />);
  return root;
}

window.rjsfPeer = { mount };

// The click, as a person makes it: its time is taken first (capture phase, on window), the
// form mounts from the button's own handler, and the time is read once the first control
// exists and the frame holding it has been painted.
let clickTime = null;
window.addEventListener('click', (e) => {
  if (e.target.id === 'open') clickTime = performance.now();
}, { capture: true });

document.getElementById('open').addEventListener('click', () => {
  const container = document.getElementById('root');
  const done = () => {
    requestAnimationFrame(() => setTimeout(() => {
      window.__rjsfOpenMs = performance.now() - clickTime;
    }, 0));
  };
  const firstInput = () => container.querySelector('input, textarea, select');
  const obs = new MutationObserver(() => {
    if (firstInput()) {
      obs.disconnect();
      done();
    }
  });
  obs.observe(container, { childList: true, subtree: true });
  mount(container, window.__schema, window.__uiSchema ?? {});
}, { once: true });
