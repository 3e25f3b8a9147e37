// Trunk post-build hook. Trunk starts the hooks of one stage side by side, so the steps
// that must run in order are one hook: the stylesheets become one file, then the service
// worker's asset list is written from the files that are left.
await import('./bundle-css.mjs');
await import('./sw-precache.mjs');
