/**
 * The words of a "no output" verdict, for the file and the folder layout alike. Pure.
 *
 * When the expected output is missing, the message says what the output folder does hold:
 * the usual mistakes (predictions.csv for submission.csv, a file in the wrong folder, files
 * in a sub-folder) are then plain to see. The listing goes on lines after the first: the
 * first line never holds anything the submission chose (the private run may keep only it,
 * and replaces all of it by default, src/action/private-run.ts).
 */
import type { HeldListing, RunFacts } from './run.js';
import { hasWorkingCopy, outputDir, type SandboxSpec } from './spec.js';

type Ran = Extract<RunFacts, { kind: 'ran' }>;

export function noOutputWords(facts: Ran, spec: SandboxSpec): { message: string; hint: string } {
  const folder = outputDir(spec);
  const shownFolder = `${relativeTo(spec.workdir, folder)}/`;
  const file = relativeTo(spec.workdir, spec.outputFile);
  const held = facts.outputHeld
    ? `\n${heldSentence(facts.outputHeld, folder === spec.workdir && hasWorkingCopy(spec) ? 'The working folder' : `The output folder ${shownFolder}`)}`
    : '';
  if (spec.outputFolder && spec.outputFileRequired === false) {
    return {
      message: `The submission exited normally but wrote nothing to the output folder ${spec.outputFolder}.${held}`,
      hint: `Write your predictions (one file per item is fine) into ${spec.outputFolder}/ (relative to the working folder: ${shownFolder}).`,
    };
  }
  return {
    message: `The submission exited normally but did not write ${spec.outputFile}.${held}`,
    hint: `Write your predictions to ${spec.outputFile} (relative to the working folder: ${file}).`,
  };
}

/** "The output folder submission/ holds 3 entries: a.csv, b/, notes.txt." — names made printable. */
export function heldSentence(held: HeldListing, what: string): string {
  if (held.count === 0) return `${what} is empty.`;
  const names = held.names.map(printable);
  const more = held.count > names.length ? `, and ${held.count - names.length} more` : '';
  return `${what} holds ${held.count === 1 ? '1 entry' : `${held.count} entries`}: ${names.join(', ')}${more}.`;
}

/** Control characters shown as "?", and each name cut at 100 characters. */
function printable(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters in a participant's file name are what this makes visible
  const clean = name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > 100 ? `${clean.slice(0, 100)}…` : clean;
}

function relativeTo(dir: string, file: string): string {
  if (file === dir) return '.';
  return file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : file;
}

/** The output folder ran out of room (bytes, or entries in folder mode). */
export function outputFullWords(
  spec: SandboxSpec,
  formatBytes: (n: number) => string,
): { message: string; hint: string } {
  const l = spec.limits;
  if (spec.outputFolder) {
    return {
      message: `The output folder filled up: it holds at most ${formatBytes(l.output_bytes)} in ${l.output_files} files and folders.`,
      hint: `Write only your predictions into ${spec.outputFolder}/ (one file per item), nothing else: temporary files go to /tmp.`,
    };
  }
  return {
    message: `The output folder filled up: it holds at most ${formatBytes(l.output_bytes)}.`,
    hint: 'Write only the predictions file, in the format of submission_format.csv, and nothing else in the output folder.',
  };
}
