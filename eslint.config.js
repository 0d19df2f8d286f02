// Lint: typescript-eslint's recommended rules on all project sources.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', '.tools/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { window: 'readonly', document: 'readonly', console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='only']", message: 'No .only() in tests.' }],
    },
  },
  // lib/ is pure domain code: no extension or DOM APIs (they are passed in), nothing from the layers above it.
  {
    files: ['lib/**/*.ts', 'lib/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'webextension-polyfill', message: 'lib/ is pure: browser APIs live in platform/ or an entry point.' }],
        patterns: [
          { group: ['wxt', 'wxt/*', '@wxt-dev/*'], message: 'lib/ is pure: browser APIs live in platform/ or an entry point.' },
          { group: ['**/platform', '**/platform/**', '@/platform/*', '~/platform/*'], message: 'lib/ must not import platform/: pass what it needs in.' },
          { group: ['**/entrypoints/**', '@/entrypoints/*', '~/entrypoints/*'], message: 'lib/ must not import an entry point.' },
        ],
      }],
      'no-restricted-globals': ['error',
        ...['chrome', 'browser', 'document', 'window', 'location'].map((name) => ({ name, message: `lib/ is pure: pass ${name} in instead of using the global.` })),
      ],
      'no-restricted-properties': ['error',
        ...['chrome', 'browser', 'document', 'window', 'location'].map((object) => ({ object, message: `lib/ is pure: pass ${object} in instead of using the global.` })),
        { object: 'globalThis', property: 'chrome', message: 'lib/ is pure: no extension APIs.' },
        { object: 'globalThis', property: 'browser', message: 'lib/ is pure: no extension APIs.' },
        { object: 'globalThis', property: 'document', message: 'lib/ is pure: pass the document in.' },
        { object: 'globalThis', property: 'location', message: 'lib/ is pure: pass the URL in.' },
      ],
    },
  },
  // CommonJS config files of dev tools (dependency-cruiser reads only CommonJS).
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } } },
  { files: ['test/fixtures/crm/**/*.js'], languageOptions: { globals: { HTMLElement: 'readonly', customElements: 'readonly', history: 'readonly', location: 'readonly', URLSearchParams: 'readonly', sessionStorage: 'readonly' } } },
);
