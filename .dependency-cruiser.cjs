/**
 * Layer rules (docs/architecture.md): dependencies point inward.
 *   domain  <- ports <- app <- api | cli | dashboard
 *   adapters (store, executors, engine) -> ports, domain
 *   bootstrap is the composition root and may import anything.
 */
const layer = (name) => `^src/${name}/`;
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'domain-is-pure',
      comment: 'domain imports nothing outside domain (no node:*, no packages except the pure ones listed).',
      severity: 'error',
      from: { path: layer('domain') },
      to: { pathNot: [layer('domain')], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'domain-no-node',
      severity: 'error',
      from: { path: layer('domain') },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'ports-are-types',
      severity: 'error',
      from: { path: layer('ports') },
      to: { pathNot: [layer('domain'), layer('ports')] },
    },
    {
      name: 'app-inward-only',
      severity: 'error',
      from: { path: layer('app') },
      to: {
        path: [
          layer('api'),
          layer('store'),
          layer('engine'),
          layer('executors'),
          layer('certificates'),
          layer('secrets'),
          layer('bootstrap'),
          layer('cli'),
          layer('dashboard'),
          layer('config'),
          layer('metrics'),
        ],
      },
    },
    {
      name: 'wire-inward-only',
      severity: 'error',
      from: { path: layer('wire') },
      to: {
        path: [
          layer('api'),
          layer('store'),
          layer('engine'),
          layer('executors'),
          layer('bootstrap'),
          layer('cli'),
          layer('dashboard'),
          layer('app'),
        ],
      },
    },
    {
      name: 'api-not-adapters',
      comment: 'api/ never imports store/ or engine/ (architecture §2).',
      severity: 'error',
      from: { path: [layer('api'), layer('dashboard'), layer('cli')] },
      to: {
        path: [
          layer('store'),
          layer('engine'),
          layer('executors'),
          layer('certificates'),
          layer('secrets'),
          layer('metrics'),
        ],
      },
    },
    {
      name: 'adapters-inward-only',
      severity: 'error',
      from: {
        path: [
          layer('store'),
          layer('executors'),
          layer('engine'),
          layer('certificates'),
          layer('secrets'),
          layer('metrics'),
        ],
      },
      to: { path: [layer('api'), layer('app'), layer('bootstrap'), layer('cli'), layer('dashboard')] },
    },
    {
      name: 'engine-not-concrete-adapters',
      severity: 'error',
      from: { path: layer('engine') },
      to: { path: [layer('store'), layer('executors')] },
    },
    {
      name: 'only-bootstrap-composes',
      severity: 'error',
      from: { pathNot: [layer('bootstrap'), layer('cli')] },
      to: { path: layer('bootstrap') },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
    },
  },
};
