// Import rules the tree promises (README "Layout"): arrows only downward, no cycles. `npm run lint` runs it.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'An import cycle hides which module owns what.', from: {}, to: { circular: true } },
    {
      name: 'lib-is-pure', severity: 'error',
      comment: 'lib/ is the domain: it imports no browser layer, no entry point, no server, no WXT runtime.',
      from: { path: '^lib/' },
      to: { path: ['^platform/', '^entrypoints/', '^server/', '^scripts/', '^node_modules/(wxt|@wxt-dev|webextension-polyfill)/'] },
    },
    {
      name: 'platform-below-entrypoints', severity: 'error',
      comment: 'platform/ is shared by every entry point, so it cannot depend on one.',
      from: { path: '^platform/' }, to: { path: ['^entrypoints/', '^server/'] },
    },
    {
      name: 'entrypoints-own-their-code', severity: 'error',
      comment: 'A page or the content script never runs the worker\'s code (or another page\'s); they talk through messages.',
      from: { path: '^entrypoints/([^/]+)/' }, to: { path: '^entrypoints/', pathNot: '^entrypoints/$1/' },
    },
    {
      name: 'server-is-not-the-extension', severity: 'error',
      comment: 'The reference API shares only the contract and pure helpers from lib/.',
      from: { path: '^server/' }, to: { path: ['^entrypoints/', '^platform/'] },
    },
    {
      name: 'server-layers', severity: 'error',
      comment: 'Routes call the domain, the domain calls the database; never upward.',
      from: { path: '^server/(domain|db)/' }, to: { path: '^server/(routes|http)/' },
    },
    { name: 'not-to-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^\\.output/', '^\\.wxt/', '^node_modules/'] },
    tsPreCompilationDeps: true,
    // The generated WXT tsconfig holds the `@/*` paths (the root one only extends it).
    tsConfig: { fileName: '.wxt/tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'module', 'browser', 'default', 'types'],
    },
  },
};
