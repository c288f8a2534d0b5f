// The console is built into static files that `kura serve` hands out at /_kura/console/ (its build
// copies dist/ into the package). Everything the page runs is in these files: no CDN, no inline
// script (the server's Content-Security-Policy allows scripts and styles from its own origin only).
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/_kura/console/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Vite's preload polyfill would be inline code; every browser the console supports has modulepreload.
    modulePreload: { polyfill: false },
    // Inline data: URLs for assets would need a laxer CSP for fonts; keep every asset a file.
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
  },
});
