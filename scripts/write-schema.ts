/**
 * Writes what is generated from the zod schema of competition.yml (npm run schema):
 * schema/competition.schema.json for editors, and docs/config.md, the reference of every key;
 * and schema/ledger-record.schema.json, a results ledger record (src/ledger/record.ts).
 * test/config/reference.test.ts fails when either is stale.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { competitionJsonSchema } from '../src/config/json-schema.js';
import { configReference } from '../src/config/reference.js';
import { ledgerRecordJsonSchema } from '../src/ledger/record.js';

await mkdir('schema', { recursive: true });
await writeFile('schema/competition.schema.json', `${JSON.stringify(competitionJsonSchema(), null, 2)}\n`);
console.log('wrote schema/competition.schema.json');
await writeFile('docs/config.md', configReference());
console.log('wrote docs/config.md');
await writeFile('schema/ledger-record.schema.json', `${JSON.stringify(ledgerRecordJsonSchema(), null, 2)}\n`);
console.log('wrote schema/ledger-record.schema.json');
