import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// Layering (ARCHITECTURE.md): the analyzer knows no CLI, cluster or terminal; the cluster knows no
// analyzer; only cli/ui renders with react, ink, blessed or blessed-contrib.
// Package names only (a regex, so that a folder named cli/ui/dashboard/blessed is not caught).
const UI_LIBRARIES = '^(?:react|ink|ink-[\\w-]+|blessed|blessed-contrib)(?:/.*)?$'
const uiOnly = {regex: UI_LIBRARIES, message: 'only cli/ui renders: react, ink and blessed stay there'}

export default tseslint.config(
  {ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/out/', 'samples/programs/']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {globals: {...globals.node}},
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_'}],
      'no-control-regex': 'off',
      'no-restricted-syntax': ['error', {selector: "CallExpression[callee.object.name='process'][callee.property.name='exit']", message: 'set process.exitCode or throw an AbortError instead of process.exit'}],
    },
  },
  {
    files: ['analyzer/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {patterns: [
        {group: ['**/cli/**', '**/cluster/**', '@oclif/*'], message: 'the analyzer is a library: it imports nothing from cli/ or cluster/'},
        {regex: UI_LIBRARIES, message: 'the analyzer has no terminal knowledge'},
        {group: ['ansis', 'cli-progress'], message: 'the analyzer has no terminal knowledge'},
      ]}],
    },
  },
  {
    files: ['cluster/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {patterns: [
        {group: ['**/analyzer/**', '**/cli/**'], message: 'the cluster knows nothing of the analyzer or the CLI'},
        uiOnly,
      ]}],
    },
  },
  {
    files: ['cli/**/*.ts', 'cli/**/*.tsx'],
    ignores: ['cli/ui/**'],
    rules: {'no-restricted-imports': ['error', {patterns: [uiOnly]}]},
  },
  {
    files: ['bench/**/*.js', 'cli/bin/*.js', 'samples/**/*.js'],
    rules: {'no-restricted-syntax': 'off'},
  },
)
