// Lint: typescript-eslint with type information. Layer boundaries and cycles are enforced by
// dependency-cruiser (.dependency-cruiser.cjs), run by `npm run lint` too.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'test-output/', 'web/vendor/', 'coverage/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration in src/config/ only; pass it down.',
        },
      ],
    },
  },
  {
    // Small pieces one can read in one sitting (docs/architecture.md): in src/, no function over 80
    // lines and no file over 400, blank lines and comments not counted.
    files: ['src/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Where code runs per request or per execution: no object literal built in a function that starts
    // with a spread and goes on (`{ ...o, k }`), a slow path of V8 on Node 20 (src/domain/extend.ts);
    // use extend(). Module-level tables (built once) may spread.
    files: ['src/{api,app,domain,engine,executors,store,wire,secrets,threads,metrics,batching}/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration in src/config/ only; pass it down.',
        },
        {
          selector: ':function ObjectExpression[properties.length>1] > SpreadElement:first-child',
          message:
            '`{ ...o, k }` takes a slow path of V8 on Node 20 (0.7-2 µs per object): use extend(o, { k }) from src/domain/extend.ts.',
        },
      ],
    },
  },
  {
    files: ['src/config/**', 'test/**', 'bench/**', 'scripts/**', 'support/**', 'bin/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['test/**', 'bench/**', 'scripts/**', 'support/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { globals: { module: 'writable', require: 'readonly' }, sourceType: 'commonjs' },
  },
  {
    files: ['bin/**', 'scripts/**', '**/*.mjs', '.ci/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
