/**
 * Prints the schema the code builds into schema.graphql, or with --check fails when they differ.
 * schema.graphql is the reviewed contract: a change to it shows in every diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { schema } from '../src/schema/index.js';

const file = new URL('../schema.graphql', import.meta.url);
const printed = `${printSchema(schema)}\n`;

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    // Missing counts as different.
  }
  if (committed !== printed) {
    process.stderr.write(
      'schema.graphql differs from the schema the code builds: run `npm run schema:print`.\n',
    );
    process.exit(1);
  }
  process.stdout.write('schema.graphql is current.\n');
} else {
  writeFileSync(file, printed);
  process.stdout.write('schema.graphql written.\n');
}
