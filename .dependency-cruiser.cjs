/**
 * The import directions of ../shared/DESIGN.md, checked on every test run.
 * An arrow there is the only allowed direction; a lower layer never imports a higher one.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const layer = (name) => `^src/${name}/`;
const forbid = (name, from, to, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: to },
});

module.exports = {
  forbidden: [
    forbid('emulator-stands-alone', layer('emulator'), '^src/(?!emulator/|common/)', 'The emulator imports only src/common: it is a separate world that only speaks HTTP.'),
    {
      ...forbid('nothing-imports-emulator', '^src/(?!emulator/|cli/|server/|main\\.ts|workflows/testing\\.ts|access/testing\\.ts)', layer('emulator'), 'Only the composition points (cli, server, main), the test harnesses and tests may embed the emulator.'),
      from: { path: '^src/(?!emulator/|cli/|server/|main\\.ts|workflows/testing\\.ts|access/testing\\.ts)', pathNot: '\\.test\\.ts$' },
    },
    forbid('common-is-leaf', layer('common'), '^src/(?!common/)', 'src/common is pure and dependency-free.'),
    forbid('store-is-bottom', layer('store'), '^src/(?!store/|common/|config/)', 'The store knows no business rules.'),
    forbid('engine-knows-no-okta', layer('engine'), '^src/(okta|connection|access|chat|server|cli|workflows)/', 'The engine knows nothing of Okta or the layers above it.'),
    forbid('okta-client-is-low', layer('okta'), '^src/(store|engine|server|cli|chat|access|workflows|connection)/', 'The Okta client knows no store, engine or server.'),
    forbid('connection-below-ui', layer('connection'), '^src/(chat|server|cli|access|workflows|engine)/', 'The connection flow never talks to chat or UI directly.'),
    forbid('workflows-below-access', layer('workflows'), '^src/(access|chat|server|cli)/', 'Workflows sit under access, chat and the server.'),
    forbid('access-below-chat', layer('access'), '^src/(chat|server|cli)/', 'Access sits under chat and the server.'),
    forbid('nobody-imports-cli', '^src/(?!cli/)', layer('cli'), 'The CLI is an entry point: nothing imports it.'),
    forbid('only-entrypoints-import-server', '^src/(?!server/|cli/|main\\.ts)', layer('server'), 'Only the composition root (main.ts, cli) builds the server.'),
    forbid('only-entrypoints-import-chat-adapters', '^src/(?!chat/adapters/|server/|cli/|main\\.ts)', '^src/chat/adapters/', 'Chat adapters are wired by the composition root only.'),
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: require('node:path').join(__dirname, 'tsconfig.json') },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
