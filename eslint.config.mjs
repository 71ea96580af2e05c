// ESLint (flat config), run by `npm test -- lint` and `npx eslint .`. Few rules, each for a mistake worth refusing:
// the recommended JavaScript and TypeScript ones, import cycles, and imports across the boundaries between the
// repository's programs and between the app's features. Layout and spacing are Prettier's business
// (.prettierrc.json): no stylistic rule here.
import { defineConfig } from 'eslint/config';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;
const features = 'src/app/features';

/** The folders directly under `dir` (none when it does not exist yet, as server/ until it lands). */
function folders(dir) {
  try {
    return readdirSync(join(root, dir), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

/**
 * What a feature exposes to the others: its top-level files (src/app/features/boards/board.ts) and, for each
 * component folder, the component itself (boards/board-header/board-header.ts). Anything else inside a folder
 * (a component's helpers, nested folders) is that feature's own. One zone per component folder, read from the
 * tree, so a new feature or component is covered without editing this file.
 */
const featureZones = folders(features).flatMap((feature) => {
  const others = folders(features).filter((f) => f !== feature);
  return folders(join(features, feature)).map((component) => ({
    target: others.map((f) => `${features}/${f}`),
    from: `${features}/${feature}/${component}`,
    except: [`./${component}.ts`],
    message: `Another feature may import ${features}/${feature}/'s top-level files and its components (${component}/${component}.ts), not what lies inside them.`,
  }));
});

/** The programs of this repository meet only in contract/ (docs: "no program reaches into another's tree"). */
const programZones = [
  { target: 'src', from: ['emulator', 'server', 'bench', 'e2e', 'scripts'], message: 'The app shares code with other programs only through contract/.' },
  { target: 'emulator', from: ['src', 'server', 'bench', 'e2e'], message: 'The emulator shares code with other programs only through contract/.' },
  { target: 'server', from: ['src', 'emulator', 'bench', 'e2e'], message: 'The server shares code with other programs only through contract/.' },
  { target: 'contract', from: ['src', 'emulator', 'server', 'e2e', 'bench', 'scripts'], message: 'contract/ is imported by the programs and imports nothing of theirs.' },
];

export default defineConfig(
  {
    ignores: ['dist/', 'out-tsc/', '.angular/', '.test-results/', '.scratch/', 'docs/', 'public/', 'src/app/rtd/generated/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    settings: {
      // The app imports without an extension ('./connection'), Node programs with '.ts': both resolve.
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.mjs', '.js', '.cjs', '.json'] })],
      // Files no-cycle follows through, and the parser it reads the TypeScript ones with.
      'import-x/extensions': ['.ts', '.mjs', '.js', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      // A cycle makes load order decide what is undefined at import time, and means two modules are one.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: [...programZones, ...featureZones] }],
      // Parameters and variables named `_…` are unused on purpose (callbacks with a fixed signature).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // A `let` that a closure reads before its one assignment (a request handler made before the object it serves) stays a `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // The server's tests meet the RTD Server through the emulator's test helpers (raw requests, real processes), never its code.
    files: ['server/**/*.test.ts', 'server/**/*.abuse.ts', 'server/test/**'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: root,
          zones: [
            ...featureZones,
            ...programZones.filter((z) => z.target !== 'server'),
            { target: 'server', from: ['src', 'emulator/src', 'bench', 'e2e'], message: 'Server tests may use emulator/test helpers, nothing else of other programs.' },
          ],
        },
      ],
    },
  },
  {
    // A test reads a server's JSON answer as `any` and lets its assertions check the shape; program code may not.
    files: ['**/*.spec.ts', '**/*.test.ts', '**/*.abuse.ts', '**/*.e2e.ts', 'emulator/test/**', 'server/test/**', 'e2e/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // TypeScript checks names itself (no-undef is off there); plain JavaScript here runs in Node.
    files: ['**/*.{js,mjs,cjs}'],
    ignores: ['emulator/src/transport/playground/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Browser scripts of the emulator's playground, loaded after GraphiQL's UMD bundles.
    files: ['emulator/src/transport/playground/*.js'],
    languageOptions: { globals: { ...globals.browser, React: 'readonly', ReactDOM: 'readonly', GraphiQL: 'readonly', graphqlWs: 'readonly' } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
