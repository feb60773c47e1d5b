/** Writes schema/competition.schema.json from the zod schema (npm run schema). */
import { mkdir, writeFile } from 'node:fs/promises';
import { competitionJsonSchema } from '../src/config/json-schema.js';

await mkdir('schema', { recursive: true });
await writeFile('schema/competition.schema.json', JSON.stringify(competitionJsonSchema(), null, 2) + '\n');
console.log('wrote schema/competition.schema.json');
