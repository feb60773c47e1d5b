/**
 * Issue 13, items 8 and 9: the reproduce `docker run` line that `holdout test` prints runs
 * (it mounted a staging folder deleted when the run ended), the exit code is labelled as the
 * program's, and runs keep one folder each, under one root, the newest few only.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import { pruneRuns, createRunFolder, finishRunFolder } from '../../src/pipeline/run-folder.js';
import { needsEngine } from '../support/docker.js';
import { tempDir } from '../support/tmp.js';

const engine = await needsEngine();
const CLI = path.resolve('src/cli/index.ts');
const NEXT_TO_MAIN = path.resolve('test/fixtures/drivendata/next-to-main');

function holdout(args: string[], env: Record<string, string>) {
  return execa('node', ['--import', 'tsx', CLI, ...args], { reject: false, env, stdin: 'ignore' });
}

describe('holdout test: the printed docker line runs, and the run folder is said', engine, () => {
  test("an invalid output (exit 0): the program's exit code, the run folder, and a docker line that runs the same program", async () => {
    const runs = await tempDir();
    const r = await holdout(['test', path.join(NEXT_TO_MAIN, 'submissions/bad-rows'), '--competition', NEXT_TO_MAIN], {
      HOLDOUT_RUNS_DIR: runs,
    });
    assert.equal(r.exitCode, 1, r.stderr);
    assert.match(r.stdout, /^FAILED · invalid_output · dataset smoke · /m);
    assert.match(r.stdout, /^Program's exit code: 0 \(it ended normally; the verdict is about what it wrote\)$/m);
    assert.doesNotMatch(r.stdout, /^Exit code: /m);

    // The run's folder: where it is, what it keeps.
    const [dir] = await readdir(runs);
    const runDir = path.join(runs, dir!);
    assert.match(
      r.stdout,
      new RegExp(
        `^Run folder: ${runDir}\\n {2}the full log \\(submission\\.log\\), the output \\(submission\\.csv\\), the staged submission the docker line mounts \\(code/\\); Holdout keeps the last 10 runs`,
        'm',
      ),
    );
    assert.deepEqual((await readdir(runDir)).sort(), ['code', 'submission.csv', 'submission.log']);
    assert.equal(await readFile(path.join(runDir, 'submission.csv'), 'utf8'), 'id,target\na,2\nzzz,4\n');

    // The docker line, run as printed, after the CLI has ended.
    const docker = /^Reproduce:\n {2}holdout test .*\n {2}(docker run .*)$/m.exec(r.stdout)?.[1];
    assert.ok(docker, r.stdout);
    assert.match(docker, new RegExp(`source=${runDir}/code,target=/\\.holdout/submission,readonly`));
    const again = await execa('sh', ['-c', docker], { reject: false, stdin: 'ignore' });
    assert.equal(again.exitCode, 0, again.stderr);
    assert.equal(again.stdout, 'writing a submission with a wrong id');
    assert.equal(again.stderr, '');
  });

  test('a crash: the printed line reproduces the output and the exit code', async () => {
    const runs = await tempDir();
    const sub = path.join(await tempDir(), 'crasher');
    await mkdir(sub);
    await writeFile(
      path.join(sub, 'main.py'),
      'import os\nprint("IS_SMOKE_TEST", os.environ["IS_SMOKE_TEST"], flush=True)\nopen("scratch.txt", "w").write("x")\nraise SystemExit(7)\n',
    );
    const r = await holdout(['test', sub, '--competition', NEXT_TO_MAIN], { HOLDOUT_RUNS_DIR: runs });
    assert.equal(r.exitCode, 1, r.stderr);
    assert.match(r.stdout, /^FAILED · crash · /m);
    assert.match(r.stdout, /^Program's exit code: 7$/m);
    const docker = /^ {2}(docker run .*)$/m.exec(r.stdout)?.[1];
    assert.ok(docker, r.stdout);
    const again = await execa('sh', ['-c', docker], { reject: false, stdin: 'ignore' });
    assert.equal(again.exitCode, 7);
    // The same environment (datasets.smoke.env included) and a writable working folder.
    assert.equal(again.stdout, 'IS_SMOKE_TEST true');
  });
});

describe('run folders: the newest are kept, running ones are never removed', () => {
  test('pruning keeps the newest N and the folders of live processes', async () => {
    const root = await tempDir();
    const names = Array.from({ length: 14 }, (_, i) => `20250101-0000${String(i).padStart(2, '0')}-abcdef`);
    for (const n of names) await mkdir(path.join(root, n));
    // The oldest is still running (this process); the second oldest was left by a dead one.
    await writeFile(path.join(root, names[0]!, '.running'), `${process.pid}\n`);
    await writeFile(path.join(root, names[1]!, '.running'), '999999999\n');
    await mkdir(path.join(root, 'not-a-run'));
    const removed = await pruneRuns(root, 10);
    assert.deepEqual(
      removed.map((d) => path.basename(d)),
      [names[3], names[2], names[1]],
    );
    assert.deepEqual((await readdir(root)).sort(), [names[0], ...names.slice(4), 'not-a-run'].sort());
  });

  test('a new run folder: under the root, the root readable by its user only, marked while it runs', async () => {
    const root = path.join(await tempDir(), 'runs');
    const dir = await createRunFolder(root, 10);
    assert.equal(path.dirname(dir), root);
    assert.match(path.basename(dir), /^\d{8}-\d{6}-[A-Za-z0-9]{6}$/);
    assert.equal((await stat(root)).mode & 0o777, 0o700);
    assert.equal(await readFile(path.join(dir, '.running'), 'utf8'), `${process.pid}\n`);
    await finishRunFolder(dir);
    assert.deepEqual(await readdir(dir), []);
  });

  test('a root someone else prepared (a link, or a folder open to others) is not used: the run gets a private folder of its own', async () => {
    const base = await tempDir();
    const elsewhere = path.join(base, 'elsewhere');
    await mkdir(elsewhere, { mode: 0o777 });
    const linked = path.join(base, 'linked-runs');
    await symlink(elsewhere, linked);
    const viaLink = await createRunFolder(linked, 10);
    assert.notEqual(path.dirname(viaLink), linked);
    assert.deepEqual(await readdir(elsewhere), [], 'nothing written through the link');
    assert.equal((await stat(viaLink)).mode & 0o077, 0);
  });
});
