/**
 * Issue 8, section 1: once participant code has run, nothing it does may turn the read-back
 * into our error. Each scenario here ended in error/internal_error ("could not read its
 * results back") before; each is now the participant's verdict, or a clean read.
 * Real engine, real sandbox.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { execa } from 'execa';
import { judgeRun } from '../../src/sandbox/judge.js';
import { needsEngine } from '../support/docker.js';
import { ran, runPython, type Ran } from './harness.js';

const engine = await needsEngine();

/** The verdict the pipeline would give, before scoring. */
function verdictOf(r: Ran): { status: string; reason?: string; message?: string; hint?: string } {
  const j = judgeRun(ran(r.facts), r.spec, r.log.tail.length ? r.log.tail : r.log.head);
  if (!('verdict' in j)) return { status: 'score' };
  return j.verdict.status === 'success' ? { status: 'success' } : j.verdict;
}

async function assertRemoved(r: Ran): Promise<void> {
  const left = await execa('docker', ['ps', '-aq', '--filter', `name=${r.spec.name}`]);
  assert.equal(left.stdout.trim(), '', `containers left: ${left.stdout}`);
}

const VALID = 'open("submission/submission.csv", "w").write("id,malignant\\nt1,0.5\\n")\n';

describe("read-back: an output that must not be read is the participant's invalid_output", engine, () => {
  test('a valid submission.csv made unreadable (chmod 0) after writing it, then exit 0', async () => {
    const r = await runPython(`import os\n${VALID}os.chmod("submission/submission.csv", 0)\n`);
    const facts = ran(r.facts);
    assert.equal(facts.exitCode, 0);
    assert.equal(facts.readBack, 'ok');
    assert.equal(facts.outputProblem, 'unreadable');
    const v = verdictOf(r);
    assert.equal(v.status, 'failed');
    assert.equal(v.reason, 'invalid_output');
    assert.equal(
      v.message,
      "The submission's output submission/submission.csv cannot be read: its permissions were changed so that its owner cannot read it.",
    );
    assert.match(v.hint ?? '', /do not chmod it\.$/);
    assert.equal((await stat(r.outputPath)).size, 0);
    await assertRemoved(r);
  });

  for (const target of ['/etc/shadow', '/proc/1/environ']) {
    test(`submission.csv is a symbolic link to ${target}: never followed`, async () => {
      const r = await runPython(`import os\nos.symlink("${target}", "submission/submission.csv")\n`);
      const facts = ran(r.facts);
      assert.equal(facts.exitCode, 0);
      assert.equal(facts.readBack, 'ok');
      assert.equal(facts.outputProblem, 'symlink');
      const v = verdictOf(r);
      assert.equal(v.reason, 'invalid_output');
      assert.equal(
        v.message,
        "The submission's output submission/submission.csv is a symbolic link; Holdout never follows links out of the sandbox.",
      );
      // Nothing was copied out: not the link's target, not an error message.
      assert.equal((await stat(r.outputPath)).size, 0);
      await assertRemoved(r);
    });
  }

  test('a symbolic link to a readable file of its own is refused too (links are never followed)', async () => {
    const r = await runPython(
      `import os\n${VALID.replace('submission/submission.csv', '/tmp/real.csv')}os.symlink("/tmp/real.csv", "submission/submission.csv")\n`,
    );
    assert.equal(ran(r.facts).outputProblem, 'symlink');
    assert.equal(verdictOf(r).reason, 'invalid_output');
  });

  test('a FIFO named submission.csv (reading it would block forever) is not a regular file', async () => {
    const r = await runPython('import os\nos.mkfifo("submission/submission.csv")\n');
    assert.equal(ran(r.facts).outputProblem, 'not_regular');
    const v = verdictOf(r);
    assert.equal(v.reason, 'invalid_output');
    assert.equal(
      v.message,
      "The submission's output submission/submission.csv is not a regular file (it is a folder, a pipe or a socket).",
    );
  });

  test('the output folder made untraversable (chmod 0) after writing a valid file', async () => {
    const r = await runPython(`import os\n${VALID}os.chmod("submission", 0)\n`);
    assert.equal(ran(r.facts).outputProblem, 'folder_blocked');
    const v = verdictOf(r);
    assert.equal(v.reason, 'invalid_output');
    assert.match(v.message ?? '', /^The output folder submission\/ was made unreadable/);
  });
});

describe('read-back: leftovers and a dying sandbox are not our error', engine, () => {
  test('a fork bomb left running after exit 0 (children setsid and fork forever): the output is still read back', async () => {
    const t0 = Date.now();
    const r = await runPython(
      `import os, time
${VALID}if os.fork() == 0:
    os.setsid()
    while True:
        try:
            if os.fork() == 0:
                os.setsid()
        except OSError:
            pass
time.sleep(1)  # let it fill the PID limit before exiting
print("exiting 0", flush=True)
`,
      { limits: { pids: 32 } },
    );
    const facts = ran(r.facts);
    assert.equal(facts.exitCode, 0, r.text);
    assert.equal(facts.readBack, 'ok', facts.readBackDetail);
    assert.equal(facts.outputBytes, 20);
    assert.equal(await readFile(r.outputPath, 'utf8'), 'id,malignant\nt1,0.5\n');
    assert.deepEqual(verdictOf(r), { status: 'score' });
    assert.ok(Date.now() - t0 < 60_000, `took ${Date.now() - t0} ms`);
    await assertRemoved(r);
  });

  test("memory filled with /tmp files ends the sandbox itself: the participant's oom, said so", async () => {
    // Each `head` is small, so the kernel kills the writers one by one; the files stay in memory
    // until nothing is left and the kernel ends the container's own init.
    const r = await runPython(
      `import subprocess
subprocess.run(["sh", "-c", "i=0; while [ $i -lt 400 ]; do i=$((i+1)); head -c 1048576 /dev/zero > /tmp/f$i; done"])
${VALID}`,
      { limits: { memory_bytes: 64 * 1024 ** 2, tmp_bytes: 512 * 1024 ** 2 } },
    );
    const facts = ran(r.facts);
    const v = verdictOf(r);
    assert.equal(v.status, 'failed', JSON.stringify(facts));
    assert.equal(v.reason, 'oom');
    if (facts.readBack === 'sandbox_stopped') {
      assert.equal(
        v.message,
        'The sandbox stopped before Holdout could read the output: the submission used up its 64 MiB of memory, which also holds the files written to /tmp and /dev/shm, and the kernel ended the sandbox.',
      );
    }
    await assertRemoved(r);
  });
});
