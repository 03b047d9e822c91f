import type { CodegenConfig } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';

/** Scalars as they travel in JSON, for every client generated here. */
const scalars = { DateTime: 'string', ID: 'string', JSON: 'unknown' };

/**
 * Typed documents from schema.graphql (the committed contract): the operations the test suite
 * sends, and the example web app's operations with their persisted-documents manifest and the
 * schema summary its normalized cache reads. `npm run codegen:check` fails when any is stale.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: false,
  // ESM with NodeNext resolution: generated imports need their .js extension.
  emitLegacyCommonJSImports: false,
  generates: {
    'test/generated/': {
      documents: ['test/operations/**/*.graphql'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { scalars, enumsAsTypes: true, useTypeImports: true, strictScalars: true },
    },
    'examples/web/src/generated/': {
      documents: ['examples/web/src/**/*.{ts,tsx}', '!examples/web/src/generated/**'],
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // persisted-documents.json: sha256 of each document -> its text, for PERSISTED_DOCUMENTS or
        // TRUSTED_DOCUMENTS; each document keeps its text and carries its hash in `__meta__`.
        persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' },
      },
      // The manifest's text is what the gateway runs when a client sends only a hash, so it must
      // already hold every `__typename` the normalized cache needs (urql adds them only to text it sends).
      documentTransforms: [addTypenameSelectionDocumentTransform],
      config: { scalars, enumsAsTypes: true, useTypeImports: true, strictScalars: true },
    },
    'examples/web/src/generated/schema.ts': {
      // Union and interface members, so the cache matches fragments on `FlowResult` exactly.
      plugins: ['urql-introspection'],
      config: { module: 'es2015', useTypeImports: true },
    },
  },
};

export default config;
