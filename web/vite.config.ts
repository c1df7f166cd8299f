import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { guangdongMap } from './build/vite-plugin-guangdong-map.ts';

const DEFAULT_API_URL = 'http://127.0.0.1:4000';

/** GCC_API_URL: origin of the GraphQL server the dev server proxies `/graphql` to. Checked once, here. */
function apiTarget(raw: string | undefined): string {
  const value = raw?.trim() || DEFAULT_API_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`GCC_API_URL must be an absolute http(s) URL such as ${DEFAULT_API_URL}, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`GCC_API_URL must use http or https, got "${value}"`);
  }
  return url.origin;
}

export default defineConfig({
  base: '/',
  plugins: [vue(), guangdongMap()],
  define: {
    // Compile-time feature flags (Vue, vue-i18n): drop what the console does not use, and silence
    // the esm-bundler "feature flags are not explicitly defined" notices.
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    __INTLIFY_DROP_MESSAGE_COMPILER__: 'false',
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/graphql': { target: apiTarget(process.env.GCC_API_URL), changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // ECharts (tree-shaken) is most of the bundle and is one chunk by design.
    chunkSizeWarningLimit: 800,
    // print.html: the report document alone, which the server's headless Chromium turns into PDFs.
    rollupOptions: { input: { main: 'index.html', print: 'print.html' } },
  },
});
