// Lint keeps the process boundary honest: each folder says where its code runs, and an import that crosses
// the line fails the build.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'https', 'url', 'worker_threads', 'stream', 'events', 'util', 'zlib', 'readline'];
const nativeOrElectron = ['electron', 'electron/*', 'better-sqlite3', '@node-rs/*', 'ws', 'socket.io'];

export default tseslint.config(
  { ignores: ['.tmp/**', 'out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**', 'server/customer-page/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: [...nodeBuiltins, ...nativeOrElectron, 'react', 'react-dom', '**/electron/**', '**/server/**', '**/renderer/**'], message: 'shared/ runs in renderer, main and hub alike: no platform-specific imports.' }],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: [...nodeBuiltins, ...nativeOrElectron, '**/electron/**', '**/server/**'], message: 'renderer/ runs in a sandboxed page: no Node, no Electron, no services; use the bridge.' }],
      }],
    },
  },
  {
    files: ['electron/services/**/*.ts', 'electron/web.ts', 'server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['electron', 'electron/*', '**/renderer/**'], message: 'Services run under plain Node too: never import electron here; inject what you need.' }],
      }],
    },
  },
);
