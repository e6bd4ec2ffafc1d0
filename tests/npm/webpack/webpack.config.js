// A plain webpack 5 production build: nothing wasm-specific to configure for biscotte.
import { resolve } from 'node:path';

export default {
  mode: 'production',
  context: import.meta.dirname,
  entry: './src/index.js',
  output: { path: resolve(import.meta.dirname, 'dist'), filename: 'main.js', clean: true },
};
