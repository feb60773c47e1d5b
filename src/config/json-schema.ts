/** competition.yml's schema as JSON Schema, for editors (yaml-language-server) and other tools. */
import { z } from 'zod';
import { competitionSchema } from './schema.js';

export function competitionJsonSchema(): Record<string, unknown> {
  // "input": the schema of what an organizer writes (sizes as "512MiB", defaults optional).
  const schema = z.toJSONSchema(competitionSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://github.com/holdout/holdout/schema/competition.schema.json',
    title: 'Holdout competition.yml',
  };
}
