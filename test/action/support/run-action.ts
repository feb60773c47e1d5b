/**
 * Run the action's bundle the way the runner does: `node dist/index.js` with
 * INPUT_* variables, GITHUB_EVENT_PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and
 * GITHUB_API_URL pointing at the emulator. dist/ is used when it exists (CI
 * checks it is fresh); otherwise, or with HOLDOUT_TEST_FRESH_BUNDLE=1, the
 * sources are bundled into a temp folder.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let bundlePromise: Promise<string> | undefined;

export function actionBundle(): Promise<string> {
  bundlePromise ??= (async () => {
    const committed = path.join(root, 'dist/index.js');
    // HOLDOUT_TEST_FRESH_BUNDLE=1: test the sources before dist/ is rebuilt.
    if (existsSync(committed) && process.env.HOLDOUT_TEST_FRESH_BUNDLE !== '1') return committed;
    const out = await mkdtemp(path.join(os.tmpdir(), 'holdout-test-bundle-'));
    await promisify(execFile)(process.execPath, [path.join(root, 'scripts/bundle.mjs'), '--outdir', out]);
    return path.join(out, 'index.js');
  })();
  return bundlePromise;
}

let freshPromise: Promise<string> | undefined;

/**
 * A bundle made from the current sources (scripts/bundle.mjs --outdir into a temp
 * folder), for tests of modes the committed dist/ may not carry yet.
 */
export function freshActionBundle(): Promise<string> {
  freshPromise ??= (async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'holdout-test-bundle-'));
    await promisify(execFile)(process.execPath, [path.join(root, 'scripts/bundle.mjs'), '--outdir', out]);
    return path.join(out, 'index.js');
  })();
  return freshPromise;
}

export interface ActionRun {
  code: number | null;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/** A webhook example from @octokit/webhooks-examples, adjusted by `edit`. */
// biome-ignore lint/suspicious/noExplicitAny: a webhook payload as GitHub's examples have it, edited freely by each test
type Payload = any;

export async function webhookExample(
  name: string,
  action: string | undefined,
  edit: (payload: Payload) => void,
): Promise<Payload> {
  const { createRequire } = await import('node:module');
  const all = createRequire(import.meta.url)('@octokit/webhooks-examples/api.github.com/index.json') as {
    name: string;
    examples: Payload[];
  }[];
  const example = all.find((d) => d.name === name)!.examples.find((e) => e.action === action)!;
  const payload = structuredClone(example);
  edit(payload);
  return payload;
}

function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const re = /^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) outputs[m[1]!] = m[3]!;
  return outputs;
}

export async function runAction(opts: {
  apiUrl: string;
  inputs: Record<string, string>;
  event: { name: string; payload: unknown };
  env?: Record<string, string>;
  /** The bundle to run (default: actionBundle()). */
  bundle?: string;
}): Promise<ActionRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'holdout-test-runner-'));
  const eventPath = path.join(dir, 'event.json');
  const outputPath = path.join(dir, 'output');
  const summaryPath = path.join(dir, 'summary.md');
  await writeFile(eventPath, JSON.stringify(opts.event.payload));
  await writeFile(outputPath, '');
  await writeFile(summaryPath, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: opts.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'octo-org/competition',
    GITHUB_RUN_ID: '4242',
    GITHUB_EVENT_NAME: opts.event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: dir,
    ...opts.env,
  };
  for (const [k, v] of Object.entries(opts.inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const bundle = opts.bundle ?? (await actionBundle());
  const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    execFile(process.execPath, [bundle], { env, cwd: dir, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: stdout + stderr });
    });
  });
  return {
    ...result,
    outputs: parseOutputs(await readFile(outputPath, 'utf8')),
    summary: await readFile(summaryPath, 'utf8'),
  };
}
