// GraphQL Code Generator: types and typed documents for the wallboard, from the emulator's schema file
// (the one schema both read), and the field types payloads are checked against at run time.
// `npm run codegen` writes them; a test fails when they are stale.
import type { CodegenConfig } from '@graphql-codegen/cli';
import { ENTITY_KEYS, LIST_ENTRY_KEYS } from './contract/rtd-keys.ts';

/** How custom scalars arrive in JSON: the types and the payload check read the same mapping. */
const scalars = { Date: 'string' };

const config: CodegenConfig = {
  schema: 'contract/rtd.graphql',
  documents: 'src/app/**/*.graphql',
  generates: {
    'src/app/rtd/generated/graphql.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        enumsAsTypes: true,
        scalars,
        useTypeImports: true,
        skipTypename: false,
        nonOptionalTypename: false,
      },
    },
    'src/app/rtd/generated/rtd-field-types.ts': {
      plugins: ['./scripts/codegen-rtd-field-types.cjs'],
      config: { scalars },
    },
    'src/app/rtd/generated/rtd-type-policies.ts': {
      plugins: ['./scripts/codegen-rtd-type-policies.cjs'],
      config: { entityKeys: ENTITY_KEYS, listEntryKeys: LIST_ENTRY_KEYS },
    },
  },
  hooks: {},
};

export default config;
