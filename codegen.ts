import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents from schema.graphql (the committed contract) and the operations the test suite
 * sends. `npm run codegen:check` fails when the generated files are stale.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['test/operations/**/*.graphql'],
  ignoreNoDocuments: false,
  // ESM with NodeNext resolution: generated imports need their .js extension.
  emitLegacyCommonJSImports: false,
  generates: {
    'test/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { DateTime: 'string', ID: 'string', JSON: 'unknown' },
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
      },
    },
  },
};

export default config;
