import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'server/src/generated/**', 'web/src/api/generated/**', '.data/**', '.run/**', 'test/artifacts/**'] },
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } },
  },
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    // Command-line entry points and scripts may print for people.
    files: ['**/src/cli/**', 'scripts/**', 'bench/**', 'test/harness/**', 'prisma/new-migration.ts', 'web/build/codegen.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Browser code must not reach for Node globals.
    files: ['web/src/**'],
    rules: { 'no-restricted-globals': ['error', 'process', 'require', '__dirname', 'Buffer'] },
  },
);
