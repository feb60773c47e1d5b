/**
 * HOLDOUT_HARNESS: the one variable that tells the harness (harness/run.py) what to run. Pure.
 * Its shape is version 1 of the contract in harness/README.md.
 */
import type { Competition } from '../config/schema.js';
import { functionsSettings, pickleSettings, type SubmissionKind } from '../config/kinds.js';

export type Phase = 'train' | 'infer';

export interface HarnessInput {
  config: Competition;
  kind: SubmissionKind;
  phase: Phase | null;
  nonce: string;
  /** model_directory_path in the container (functions), else null. */
  resourcesDir: string | null;
  /** Whether the infer phase has a model: a train phase ran, or the submission shipped resources/. */
  hasTrained: boolean;
  hasGpu: boolean;
}

export function harnessSettings(input: HarnessInput): string {
  const { config } = input;
  const s = config.submission;
  return JSON.stringify({
    version: 1,
    nonce: input.nonce,
    kind: input.kind,
    phase: input.phase,
    entry: s.entry_point,
    resources_dir: input.resourcesDir,
    has_trained: input.hasTrained,
    has_gpu: input.hasGpu,
    output: { id_column: config.scoring.id_column, columns: config.scoring.columns },
    ...(input.kind === 'functions' ? { functions: functionsSettings(s) } : {}),
    ...(input.kind === 'pickle' ? { pickle: pickleSettings(s) } : {}),
    ...(input.kind === 'handler' ? { handler: s.handler } : {}),
  });
}
