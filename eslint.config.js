// Type-aware linting: the rules that catch the bugs a strict type-checker cannot
// (floating promises, non-exhaustive switches on state machines, stray console calls).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import prettier from 'eslint-config-prettier'
import globals from 'globals'
import assure from './eslint-rules/assure.js'

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'data/**',
      '.tmp/**',
      'coverage/**',
      'src/platform/http/public/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Fastify hooks and handlers are async by convention, awaiting or not.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
      '@typescript-eslint/no-empty-object-type': [
        'error',
        { allowInterfaces: 'with-single-extends' },
      ],
      'no-console': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // Module boundaries (docs/decisions/0012-module-boundaries.md): a module imports another only
    // through its index.ts, the platform imports no module, and SQL stays in repositories.
    files: ['src/**/*.ts'],
    plugins: { assure },
    rules: { 'assure/module-boundaries': 'error', 'assure/sql-in-repositories': 'error' },
  },
  {
    // A file that passes about 500 lines is usually two things: split it by aggregate.
    files: ['src/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'max-lines': ['warn', { max: 500, skipBlankLines: true, skipComments: true }] },
  },
  {
    // TEMPORARY, while the existing modules move onto the module kit (issue 10): the files that
    // still break the boundaries or the size limit. Each entry goes when its file is mended; the
    // list must be empty when the move is done, and nothing may be added to it.
    files: [
      'src/modules/learning/source-types.ts',
      'src/modules/learning/summary.test.ts',
      'src/modules/performance/module.ts',
      'src/modules/performance/seed.ts',
      'src/modules/performance/service.ts',
      'src/modules/risk/routes.test.ts',
    ],
    rules: { 'assure/module-boundaries': 'off', 'assure/sql-in-repositories': 'off' },
  },
  {
    files: [
      'src/modules/actions/repository.ts',
      'src/modules/actions/service.ts',
      'src/modules/case-reviews/repository.ts',
      'src/modules/case-reviews/routes.ts',
      'src/modules/case-reviews/service.ts',
      'src/modules/governance/demo.ts',
      'src/modules/governance/meeting-routes.ts',
      'src/modules/governance/meetings.ts',
      'src/modules/governance/repository.ts',
      'src/modules/governance/service.ts',
      'src/modules/learning/repository.ts',
      'src/modules/learning/routes.ts',
      'src/modules/learning/service.ts',
      'src/modules/performance/repository.ts',
      'src/modules/performance/routes.ts',
      'src/modules/performance/seed.ts',
      'src/modules/performance/service.ts',
      'src/platform/identity/routes.ts',
      'src/platform/identity/service.ts',
    ],
    rules: { 'max-lines': 'off' },
  },
  {
    // Command-line scripts, benchmarks and tests talk to a terminal.
    files: ['scripts/**', 'bench/**', 'test/**', '**/*.test.ts', '.ci/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Tests assert what they expect; a wrong guess fails the test.
    files: ['test/**', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  prettier,
)
