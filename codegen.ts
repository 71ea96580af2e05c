// GraphQL Code Generator: types and typed documents for the wallboard, from the emulator's schema file
// (the one schema both read). `npm run codegen` writes them; a test fails when they are stale.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'emulator/schema/rtd.graphql',
  documents: 'src/app/**/*.graphql',
  generates: {
    'src/app/rtd/generated/graphql.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        enumsAsTypes: true,
        scalars: { Date: 'string' },
        useTypeImports: true,
        skipTypename: false,
        nonOptionalTypename: false,
      },
    },
  },
  hooks: {},
};

export default config;
