import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['.scratch/**', 'dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'src/server/db/migrations/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
      // exceljs only through src/server/platform/exceljs.ts, which fixes its reader for Chinese text
      'no-restricted-imports': ['error', { paths: [{ name: 'exceljs', message: "import ExcelJS from 'src/server/platform/exceljs.ts' (it fixes exceljs' streaming reader for multi-byte text)", allowTypeImports: true }] }],
    },
  },
  {
    // services take the injected clock and configuration (platform/context.ts Ctx): tests move the clock
    files: ['src/server/modules/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use the injected clock: new Date(ctx.now()).' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Use the injected clock: ctx.now().' },
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration from ctx.config (src/server/config.ts).' },
        { selector: "MemberExpression[property.name='grants']", message: 'Grants are read only in src/server/platform (scope.ts: can, scopeWhere, holdsIn, readableRegions).' },
      ],
    },
  },
  {
    // grants are the platform's: everything else asks platform/scope.ts
    files: ['src/server/**/*.ts'],
    ignores: ['src/server/platform/**', 'src/server/modules/**', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "MemberExpression[property.name='grants']", message: 'Grants are read only in src/server/platform (scope.ts: can, scopeWhere, holdsIn, readableRegions).' },
      ],
    },
  },
  {
    files: ['src/web/**/*.tsx', 'src/web/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
