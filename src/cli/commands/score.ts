/**
 * `holdout score <predictions>`: check and score a predictions file against a dataset's
 * labels with the same code the pipeline uses after a run.
 * Exit codes: 0 scored · 1 invalid predictions · 2 usage or configuration · 3 scoring error (ours).
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { EXIT, type ExitCode, UsageError } from '../../errors.js';
import { loadCompetition } from '../../config/load.js';
import { prepareDataset } from '../../config/consistency.js';
import type { DatasetName } from '../../config/schema.js';
import { scorePredictions, type ScoreResult } from '../../scoring/score.js';

interface ScoreOptions {
  competition: string;
  dataset: string;
  json?: boolean;
}

const EXIT_OF: Record<ScoreResult['kind'], ExitCode> = {
  scored: EXIT.success,
  invalid: EXIT.failed,
  error: EXIT.error,
};

export function formatScoreResult(result: ScoreResult): string {
  switch (result.kind) {
    case 'scored': {
      const width = Math.max(...Object.keys(result.scores).map((k) => k.length));
      const lines = Object.entries(result.scores).map(([key, value]) => {
        const notes = [
          key === result.primary ? 'primary' : '',
          result.hidden.includes(key) ? 'hidden from participants' : '',
        ].filter(Boolean);
        return `  ${key.padEnd(width)}  ${value.toPrecision(8)}${notes.length ? `  (${notes.join(', ')})` : ''}`;
      });
      return `Scored.\n${lines.join('\n')}\n`;
    }
    case 'invalid':
      return `Invalid predictions: ${result.message}\n${result.problems.map((p) => `  - ${p}`).join('\n')}\nWhat to do: ${result.hint}\n`;
    case 'error':
      return `Scoring error (not the submission's fault): ${result.message}\nWhat to do: ${result.hint}\n`;
  }
}

/** A failed custom scorer's specifics, indented, for stderr. */
export function scorerDetailText(detail: string): string {
  return `Organizer's detail (shown on this machine only, never in a report):\n${detail.replace(/^/gm, '  ')}`;
}

/** `holdout score`: declared in ../program.ts, which imports this module only when the command runs. */
export async function run(predictions: string, options: ScoreOptions): Promise<void> {
  // runCli prints a UsageError as "holdout: <message>" and exits 2, as for every command.
  // (An explicit type, so that TypeScript narrows after a call.)
  const usage: (message: string) => never = (message) => {
    throw new UsageError(message);
  };
  if (options.dataset !== 'smoke' && options.dataset !== 'test') {
    usage(`--dataset must be smoke or test, not "${options.dataset}"`);
  }
  const dataset = options.dataset as DatasetName;
  const predictionsPath = path.resolve(predictions);
  try {
    await access(predictionsPath);
  } catch {
    usage(`the predictions file ${predictionsPath} does not exist`);
  }
  const competition = await loadCompetition(options.competition);
  if (!competition.config.datasets[dataset]) usage(`competition.yml has no datasets.${dataset}; use --dataset smoke`);
  // competition.yml against the labels (header, split names) before scoring, as holdout test does.
  const ready = await prepareDataset(competition, dataset, { data: false });
  const result = await scorePredictions({
    predictionsPath,
    labelsPath: ready.labels,
    scoring: ready.scoring,
    competitionDir: competition.dir,
    // The same check `holdout test` and the action make (resolveScorerImage): the scorer's
    // image is scoring.custom.image, pinned, and never the participants' runtime.
    runtime: competition.config.runtime,
  });
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatScoreResult(result));
  // A failed custom scorer's own words, for the organizer at this machine only.
  if (!options.json && result.kind === 'error' && result.detail)
    process.stderr.write(`${scorerDetailText(result.detail)}\n`);
  process.exitCode = EXIT_OF[result.kind];
}
