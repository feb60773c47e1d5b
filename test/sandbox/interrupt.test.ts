/**
 * Issue 8, section 2: a cancelled or killed job leaves nothing running. Real signals to the
 * real CLI (`holdout test`, `holdout score`), real engine. Each CLI run gets an owner label of
 * its own (RUNNER_NAME), so these tests see only their own containers.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { removeLeftovers } from '../../src/sandbox/containers.js';
import { sandboxDeadlineS } from '../../src/sandbox/spec.js';
import { BASE_IMAGE, needsEngine } from '../support/docker.js';
import { tempDir } from '../support/tmp.js';

const engine = await needsEngine();
const DEMO = path.resolve('examples/demo');
const CLI = path.resolve('src/cli/index.ts');

function holdout(
  args: string[],
  owner: string,
): ResultPromise<{ reject: false; env: Record<string, string>; stdin: 'ignore'; all: true }> {
  return execa('node', ['--import', 'tsx', CLI, ...args], {
    reject: false,
    env: { RUNNER_NAME: owner },
    stdin: 'ignore',
    all: true,
  });
}

/** Containers (running or not) carrying this owner's label. */
async function containersOf(owner: string): Promise<string[]> {
  const r = await execa('docker', ['ps', '--all', '--quiet', '--filter', `label=holdout.owner=${owner}`]);
  return r.stdout.split('\n').filter(Boolean);
}

/** Resolve once the child's output matches `pattern` (or fail after `ms`). */
async function waitForOutput(child: ResultPromise, pattern: RegExp, ms = 120_000): Promise<void> {
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} in ${ms} ms; output so far:\n${seen}`)), ms);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        child.all?.off('data', onData);
        resolve();
      }
    };
    child.all?.on('data', onData);
    void child.then(() => reject(new Error(`the CLI ended before ${pattern}:\n${seen}`)));
  });
}

async function sleepingSubmission(): Promise<string> {
  const dir = await tempDir();
  const sub = path.join(dir, 'sleeper');
  await mkdir(sub);
  await writeFile(path.join(sub, 'main.py'), 'import time\nprint("sleeping", flush=True)\ntime.sleep(600)\n');
  return sub;
}

const newOwner = () => `holdout-interrupt-${randomBytes(4).toString('hex')}`;

describe('holdout test interrupted: nothing keeps running', engine, () => {
  test('SIGINT while the submission runs: the sandbox is removed and the CLI exits 130', async () => {
    const owner = newOwner();
    const child = holdout(['test', await sleepingSubmission(), '--competition', DEMO, '--time-limit', '60s'], owner);
    await waitForOutput(child, /│ sleeping/);
    assert.equal((await containersOf(owner)).length, 1, 'the sandbox runs, labelled with this owner');
    child.kill('SIGINT');
    const r = await child;
    assert.equal(r.exitCode, 130, r.all);
    assert.match(r.all, /holdout: SIGINT: stopped; removed container holdout-run-[0-9a-f]+/);
    // No verdict is made from a run we cut short: it would charge the participant for our cancel.
    assert.equal(r.stdout, '');
    assert.deepEqual(await containersOf(owner), []);
  });

  test('SIGTERM during start-up (docker run under way): the container is not left behind, exit 143', async () => {
    const owner = newOwner();
    const child = holdout(['test', await sleepingSubmission(), '--competition', DEMO, '--time-limit', '60s'], owner);
    // The progress line is printed right before `docker run`: the name is registered by then.
    await waitForOutput(child, /\] run: running /);
    child.kill('SIGTERM');
    const r = await child;
    assert.equal(r.exitCode, 143, r.all);
    assert.doesNotMatch(r.all, /│ sleeping/);
    // Nothing with this owner's label, running or created.
    assert.deepEqual(await containersOf(owner), []);
  });

  test('SIGKILL (no chance to clean up): the sandbox ends and removes itself at its deadline', async () => {
    const owner = newOwner();
    const child = holdout(['test', await sleepingSubmission(), '--competition', DEMO, '--time-limit', '5s'], owner);
    await waitForOutput(child, /│ sleeping/);
    const killedAt = Date.now();
    child.kill('SIGKILL');
    await child;
    // Still there: nothing of ours removed it…
    assert.equal((await containersOf(owner)).length, 1);
    // …until its own deadline (5 s limit; the demo's 10 MiB output: 5 + 20 + 2 × 7 s), counted from
    // its start, a little before the kill.
    const deadlineMs = sandboxDeadlineS({ time_s: 5, output_bytes: 10 * 1024 ** 2 }) * 1000;
    assert.equal(deadlineMs, 39_000);
    let left = await containersOf(owner);
    while (left.length > 0 && Date.now() - killedAt < deadlineMs + 15_000) {
      await sleep(1000);
      left = await containersOf(owner);
    }
    assert.deepEqual(left, [], `still there ${Date.now() - killedAt} ms after the kill`);
  });
});

describe("holdout score interrupted: the custom scorer's container is removed", engine, () => {
  test("SIGTERM while the organizer's scorer runs: exit 143, no scorer container left", async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'data'));
    await writeFile(path.join(dir, 'labels.csv'), 'id,malignant\na,1\n');
    await writeFile(path.join(dir, 'pred.csv'), 'id,malignant\na,0.5\n');
    await writeFile(path.join(dir, 'score.py'), 'import time\ntime.sleep(600)\n');
    await writeFile(
      path.join(dir, 'competition.yml'),
      `name: x\ndatasets:\n  smoke: {data: data, labels: labels.csv}\nscoring:\n  columns: [malignant]\n  metric: log_loss\n  custom:\n    command: python3 score.py\n    image: ${BASE_IMAGE}\n    metrics: {brier: minimize}\n`,
    );
    const owner = newOwner();
    const child = holdout(['score', path.join(dir, 'pred.csv'), '--competition', dir], owner);
    let seen: string[] = [];
    for (let i = 0; i < 120 && seen.length === 0; i++) {
      await sleep(500);
      seen = await containersOf(owner);
    }
    assert.equal(seen.length, 1, 'the scorer container started, labelled with this owner');
    child.kill('SIGTERM');
    const r = await child;
    assert.equal(r.exitCode, 143, r.all);
    assert.match(r.all, /holdout: SIGTERM: stopped; removed container holdout-scorer-[0-9a-f]+/);
    assert.deepEqual(await containersOf(owner), []);
  });
});

describe(
  'removeLeftovers: an evaluate job removes what an earlier job on its runner left, and only that',
  engine,
  () => {
    test("containers labelled with this runner are removed; another runner's and unlabelled ones stay", async () => {
      const mine = newOwner();
      const theirs = newOwner();
      const create = async (labels: string[]) =>
        (
          await execa('docker', [
            'create',
            '--network',
            'none',
            ...labels.flatMap((l) => ['--label', l]),
            BASE_IMAGE,
            'true',
          ])
        ).stdout.trim();
      const a = await create(['holdout.managed=1', `holdout.owner=${mine}`]);
      const b = await create(['holdout.managed=1', `holdout.owner=${theirs}`]);
      const c = await create([`holdout.owner=${mine}`]); // not marked as Holdout's
      try {
        const removed = await removeLeftovers(mine);
        assert.deepEqual(removed, [a]);
        assert.deepEqual(await containersOf(mine), [c.slice(0, 12)]);
        assert.deepEqual(await containersOf(theirs), [b.slice(0, 12)]);
      } finally {
        await execa('docker', ['rm', '-f', a, b, c], { reject: false });
      }
    });
  },
);
