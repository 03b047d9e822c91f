/**
 * Prints the schemas the code builds into the committed files, or with --check fails when they
 * differ. They are the reviewed contract: a change to either shows in every diff.
 *  - schema.graphql: the gateway's own schema, as its clients see it.
 *  - schema.subgraph.graphql: the same as a Federation v2 subgraph (the default variant, without
 *    `node`/`nodes`), with its federation directives: what a supergraph composes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { schema, subgraphSchema } from '../src/schema/index.js';
import { printSortedSubgraphSchema } from '../src/schema/subgraph.js';

const files = [
  { name: 'schema.graphql', printed: `${printSchema(schema)}\n` },
  { name: 'schema.subgraph.graphql', printed: printSortedSubgraphSchema(subgraphSchema()) },
];

const check = process.argv.includes('--check');
let stale = 0;
for (const { name, printed } of files) {
  const file = new URL(`../${name}`, import.meta.url);
  if (check) {
    let committed = '';
    try {
      committed = readFileSync(file, 'utf8');
    } catch {
      // Missing counts as different.
    }
    if (committed === printed) {
      process.stdout.write(`${name} is current.\n`);
    } else {
      stale += 1;
      process.stderr.write(
        `${name} differs from the schema the code builds: run \`npm run schema:print\`.\n`,
      );
    }
  } else {
    writeFileSync(file, printed);
    process.stdout.write(`${name} written.\n`);
  }
}
if (stale > 0) process.exit(1);
