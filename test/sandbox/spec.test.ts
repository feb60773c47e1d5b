import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  collectTimeoutS,
  commandExecArgs,
  gpuArgs,
  keepaliveRunArgs,
  killerRunArgs,
  reproduceRunArgs,
  sandboxDeadlineS,
  shellQuote,
  writablePlaces,
  type SandboxSpec,
} from '../../src/sandbox/spec.js';
import { devicesFor } from '../../src/sandbox/engine.js';
import {
  handshakeScript,
  isolationProblem,
  parseCollectHeader,
  type OutputProblem,
  type ReadBackState,
} from '../../src/sandbox/run.js';
import { judgeRun } from '../../src/sandbox/judge.js';

const spec: SandboxSpec = {
  image: 'holdout/demo-runtime:cpu-abc',
  name: 'holdout-run-1',
  codeDir: '/tmp/run/code',
  dataDir: '/srv/data dir',
  workdir: '/code_execution',
  dataMount: '/code_execution/data',
  outputFile: '/code_execution/submission/submission.csv',
  command: ['python', 'main.py'],
  uid: 1000,
  gid: 1000,
  env: { HOME: '/tmp', SECRET_LOOKING: 'it is fine: set by the organizer' },
  // The read-only layout (limits.workdir 0); the working copy is tested below.
  limits: {
    time_s: 60,
    memory_bytes: 1073741824,
    cpus: 2,
    pids: 256,
    shm_bytes: 67108864,
    tmp_bytes: 1048576,
    output_bytes: 2048,
    output_files: 50,
    workdir_bytes: 0,
    workdir_files: 100,
  },
  gpu: { kind: 'none' },
};

function flagValues(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []));
}

test('the reproduce line carries every isolation flag and limit', () => {
  const args = reproduceRunArgs(spec);
  assert.deepEqual(flagValues(args, '--network'), ['none']);
  assert.ok(args.includes('--read-only'));
  assert.deepEqual(flagValues(args, '--cap-drop'), ['ALL']);
  assert.deepEqual(flagValues(args, '--security-opt'), ['no-new-privileges']);
  assert.deepEqual(flagValues(args, '--memory'), ['1073741824']);
  assert.deepEqual(flagValues(args, '--memory-swap'), ['1073741824']);
  assert.deepEqual(flagValues(args, '--pids-limit'), ['256']);
  assert.deepEqual(flagValues(args, '--user'), ['1000:1000']);
  assert.deepEqual(flagValues(args, '--log-driver'), ['none']);
  assert.deepEqual(flagValues(args, '--tmpfs'), [
    '/tmp:rw,nosuid,nodev,size=1048576,mode=1777',
    '/code_execution/submission:rw,nosuid,nodev,size=2048,nr_inodes=51,uid=1000,gid=1000,mode=0755',
  ]);
  assert.deepEqual(flagValues(args, '--mount'), [
    'type=bind,source=/tmp/run/code,target=/code_execution,readonly',
    'type=bind,source=/srv/data dir,target=/code_execution/data,readonly',
  ]);
  // Every variable is KEY=VALUE: a bare KEY would copy the host's value in.
  assert.deepEqual(flagValues(args, '--env'), ['HOME=/tmp', 'SECRET_LOOKING=it is fine: set by the organizer']);
  assert.deepEqual(args.slice(-3), ['holdout/demo-runtime:cpu-abc', 'python', 'main.py']);
});

const copySpec: SandboxSpec = { ...spec, limits: { ...spec.limits, workdir_bytes: 64 * 1024 ** 2 } };

test("a working copy: a tmpfs at the workdir (exec, the participant's), the originals read-only beside it, then the output folder", () => {
  const args = reproduceRunArgs(copySpec);
  assert.deepEqual(flagValues(args, '--tmpfs'), [
    '/tmp:rw,nosuid,nodev,size=1048576,mode=1777',
    '/code_execution:rw,exec,nosuid,nodev,size=67108864,nr_inodes=108,uid=1000,gid=1000,mode=0755',
    '/code_execution/submission:rw,nosuid,nodev,size=2048,nr_inodes=51,uid=1000,gid=1000,mode=0755',
  ]);
  assert.deepEqual(flagValues(args, '--mount'), [
    'type=bind,source=/tmp/run/code,target=/.holdout/submission,readonly',
    'type=bind,source=/srv/data dir,target=/code_execution/data,readonly',
  ]);
  assert.ok(args.includes('--read-only'));
  // The reproduce line fills the working folder first, as the run does.
  assert.deepEqual(args.slice(-7), [
    'holdout/demo-runtime:cpu-abc',
    '/bin/sh',
    '-c',
    'cp -R /.holdout/submission/. /code_execution/ && exec "$@"',
    'sh',
    'python',
    'main.py',
  ]);
  assert.deepEqual(writablePlaces(copySpec), ['/code_execution', '/code_execution/submission', '/tmp', '/dev/shm']);
  assert.deepEqual(writablePlaces(spec), ['/code_execution/submission', '/tmp', '/dev/shm']);
  // The run's handshake copies before anything else and says so on one line when it fails.
  assert.match(
    handshakeScript(copySpec),
    /^if ! err=\$\(cp -R \/\.holdout\/submission\/\. \/code_execution\/ 2>&1\); then printf '@copyfail /,
  );
  assert.doesNotMatch(handshakeScript(spec), /cp -R/);
  // The copy's time is in the sandbox's own deadline: 1 s per 100 MiB.
  assert.equal(sandboxDeadlineS(copySpec.limits), sandboxDeadlineS(spec.limits) + 1);
});

test('the output file in the working folder itself: no tmpfs of its own; folder mode: the folder gets the tmpfs', () => {
  const nextToMain = reproduceRunArgs({ ...copySpec, outputFile: '/code_execution/submission.csv' });
  assert.deepEqual(flagValues(nextToMain, '--tmpfs'), [
    '/tmp:rw,nosuid,nodev,size=1048576,mode=1777',
    '/code_execution:rw,exec,nosuid,nodev,size=67108864,nr_inodes=108,uid=1000,gid=1000,mode=0755',
  ]);
  const folder = reproduceRunArgs({
    ...copySpec,
    outputFolder: '/code_execution/out',
    outputFile: '/code_execution/out/submission.csv',
  });
  assert.deepEqual(
    flagValues(folder, '--tmpfs').at(-1),
    '/code_execution/out:rw,nosuid,nodev,size=2048,nr_inodes=51,uid=1000,gid=1000,mode=0755',
  );
});

test('the keepalive container idles as another uid, ends itself at its deadline and is labelled as ours', () => {
  const run = keepaliveRunArgs(spec, 'runner-7');
  assert.deepEqual(flagValues(run, '--user'), ['65534:65534']);
  assert.deepEqual(flagValues(run, '--pull'), ['never']);
  assert.ok(run.includes('--rm'), 'an orphan removes itself when its deadline ends it');
  assert.deepEqual(flagValues(run, '--label'), [
    'holdout.run=holdout-run-1',
    'holdout.managed=1',
    'holdout.owner=runner-7',
  ]);
  // 60 s limit + 20 s start-up + twice the read-back time (5 s + 1 s for 2 KiB of output).
  assert.equal(sandboxDeadlineS(spec.limits), 92);
  assert.equal(collectTimeoutS({ output_bytes: 100 * 1024 ** 2 }), 18);
  assert.deepEqual(run.slice(-2), ['holdout/demo-runtime:cpu-abc', '92']);
  assert.deepEqual(commandExecArgs(spec, ['sh', '-c', 'x', 'sh']), [
    'exec',
    '--interactive',
    '--user',
    '1000:1000',
    '--workdir',
    '/code_execution',
    'holdout-run-1',
    'sh',
    '-c',
    'x',
    'sh',
    'python',
    'main.py',
  ]);
});

test("the killer joins the sandbox's PIDs as the participant's uid, with no capability and its own limits", () => {
  const args = killerRunArgs(spec, 'holdout-run-1-killer-abc', 'runner-7');
  assert.deepEqual(flagValues(args, '--pid'), ['container:holdout-run-1']);
  assert.deepEqual(flagValues(args, '--user'), ['1000:1000']);
  assert.deepEqual(flagValues(args, '--cap-drop'), ['ALL']);
  assert.deepEqual(flagValues(args, '--cap-add'), []);
  assert.deepEqual(flagValues(args, '--network'), ['none']);
  assert.deepEqual(flagValues(args, '--security-opt'), ['no-new-privileges']);
  assert.deepEqual(flagValues(args, '--label'), ['holdout.managed=1', 'holdout.owner=runner-7']);
  assert.ok(args.includes('--rm') && args.includes('--read-only'));
  assert.deepEqual(args.slice(-3), ['holdout/demo-runtime:cpu-abc', '-c', 'kill -9 -1 2>/dev/null; exit 0']);
});

test('GPUs: --gpus with the NVIDIA toolkit, explicit device nodes without it', () => {
  assert.deepEqual(gpuArgs({ kind: 'none' }), []);
  assert.deepEqual(gpuArgs({ kind: 'toolkit', count: 2 }), ['--gpus', '2']);
  const nodes = [
    '/dev/nvidia1',
    '/dev/nvidia0',
    '/dev/nvidiactl',
    '/dev/nvidia-uvm',
    '/dev/nvidia-modeset',
    '/dev/nvidia-caps',
  ];
  assert.deepEqual(devicesFor(nodes, 1), ['/dev/nvidia-modeset', '/dev/nvidia-uvm', '/dev/nvidiactl', '/dev/nvidia0']);
  assert.deepEqual(gpuArgs({ kind: 'devices', devices: ['/dev/nvidiactl', '/dev/nvidia0'] }), [
    '--device',
    '/dev/nvidiactl',
    '--device',
    '/dev/nvidia0',
  ]);
});

test('shell quoting of the reproduce line', () => {
  assert.equal(shellQuote(['docker', 'run', 'a b', "it's", 'x=1']), `docker run 'a b' 'it'\\''s' x=1`);
});

test('isolation check: loopback only and a non-zero uid pass; anything else is refused', () => {
  const netDev = (ifaces: string[]) =>
    `Inter-|   Receive\n face |bytes    packets\n${ifaces.map((i) => `  ${i}:       0       0    0    0\n`).join('')}`;
  const status = (uid: number) => `Name:\tcat\nUmask:\t0022\nUid:\t${uid}\t${uid}\t${uid}\t${uid}\n`;
  assert.equal(isolationProblem(netDev(['lo']) + status(1000)), undefined);
  assert.equal(
    isolationProblem(netDev(['lo', 'eth0']) + status(1000)),
    'the sandbox has network interfaces besides loopback (eth0); refusing to run',
  );
  assert.equal(
    isolationProblem(netDev(['lo']) + status(0)),
    'the submission would run as root inside the sandbox; refusing to run',
  );
});

test('collect header parsing (cgroup v1 and v2)', () => {
  assert.deepEqual(
    parseCollectHeader('@oom\noom_kill_disable 0\nunder_oom 0\noom_kill 1\n@peak 67108864\n@outfree 0\n@output none\n'),
    {
      oomKills: 1,
      peakMemoryBytes: 67108864,
      outputFree: 0,
      outputInodesFree: null,
      outputBytes: null,
      outputProblem: null,
      held: { names: [], count: 0 },
    },
  );
  assert.deepEqual(
    parseCollectHeader('@oom\nlow 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n@peak 1234\n@outfree 250 12\n@output 42\n'),
    {
      oomKills: 0,
      peakMemoryBytes: 1234,
      outputFree: 250,
      outputInodesFree: 12,
      outputBytes: 42,
      outputProblem: null,
    },
  );
  // A missing output: what the folder holds, listed after every other line.
  assert.deepEqual(
    parseCollectHeader(
      '@oom\n@peak 1\n@outfree 9 3\n@output none\n@held predictions.csv\n@held @output 5\n@held sub/\n@heldcount 3\n',
    )?.held,
    {
      names: ['predictions.csv', '@output 5', 'sub/'],
      count: 3,
    },
  );
  assert.equal(
    parseCollectHeader('@oom\n@peak 1\n@outfree 9 3\n@output none\n@held @output 5\n@heldcount 1\n')?.outputBytes,
    null,
  );
  assert.equal(parseCollectHeader('@oom\n@peak 1\n@outfree 9 3\n@output folder\n')?.folderStream, true);
  for (const problem of ['symlink', 'not_regular', 'unreadable', 'folder_blocked'] as const) {
    assert.deepEqual(parseCollectHeader(`@oom\n@peak 1\n@outfree 9\n@output ${problem}\n`)?.outputProblem, problem);
  }
  // A header cut short (the exec was killed half-way) is no answer: the read-back is tried again.
  assert.equal(parseCollectHeader('@oom\noom_kill 0\n@peak 1234\n'), undefined);
  assert.equal(parseCollectHeader('@oom\n@peak 1\n@outfree 9\n@output \n'), undefined);
});

test('judging: the specific reason wins over the exit code', () => {
  const ranFacts = {
    kind: 'ran' as const,
    durationS: 1,
    timedOut: false,
    exitCode: 0 as number | null,
    oomKilled: false,
    peakMemoryBytes: null,
    outputFull: false,
    outputBytes: 10 as number | null,
    outputOversize: false,
    outputProblem: null as OutputProblem | null,
    readBack: 'ok' as ReadBackState,
  };
  const reason = (facts: Parameters<typeof judgeRun>[0]) => {
    const j = judgeRun(facts, spec, ['Traceback', 'KeyError']);
    return 'verdict' in j ? (j.verdict.status === 'success' ? 'success' : j.verdict.reason) : 'score';
  };
  assert.equal(reason(ranFacts), 'score');
  assert.equal(reason({ ...ranFacts, timedOut: true, exitCode: null }), 'timeout');
  assert.equal(reason({ ...ranFacts, oomKilled: true, exitCode: 137 }), 'oom');
  assert.equal(reason({ ...ranFacts, oomKilled: true, exitCode: 0 }), 'score'); // a worker died, the submission coped
  assert.equal(reason({ ...ranFacts, outputOversize: true }), 'output_too_large');
  // Our side: the engine stopped answering, our read-back failed while the sandbox ran, our client was killed.
  assert.equal(reason({ ...ranFacts, readBack: 'engine_unavailable', outputBytes: null }), 'engine_unavailable');
  assert.equal(reason({ ...ranFacts, readBack: 'failed', outputBytes: null }), 'internal_error');
  assert.equal(reason({ ...ranFacts, exitCode: null }), 'internal_error');
  // The participant's: what ran inside ended the sandbox (memory, /tmp included); an output that must not be read.
  assert.equal(reason({ ...ranFacts, readBack: 'sandbox_stopped', exitCode: 137, outputBytes: null }), 'oom');
  assert.equal(
    reason({ ...ranFacts, readBack: 'sandbox_stopped', timedOut: true, exitCode: null, outputBytes: null }),
    'timeout',
  );
  // Processes of the participant's uid that outlived SIGKILL from inside and outside: theirs.
  assert.equal(reason({ ...ranFacts, readBack: 'survivors', exitCode: 0, outputBytes: null }), 'crash');
  for (const problem of ['symlink', 'not_regular', 'unreadable', 'folder_blocked'] as const) {
    assert.equal(reason({ ...ranFacts, outputProblem: problem, outputBytes: null }), 'invalid_output');
  }
  assert.equal(reason({ ...ranFacts, outputProblem: 'symlink', outputBytes: null, exitCode: 1 }), 'crash');
  assert.equal(reason({ ...ranFacts, outputFull: true, exitCode: 1 }), 'output_too_large');
  assert.equal(reason({ ...ranFacts, exitCode: 2 }), 'crash');
  assert.equal(reason({ ...ranFacts, outputBytes: null }), 'no_output');
  assert.equal(reason({ kind: 'image_missing', message: 'x' }), 'image_missing');
  assert.equal(reason({ kind: 'engine_error', message: 'x' }), 'engine_unavailable');
  assert.equal(reason({ kind: 'isolation_failed', message: 'x' }), 'isolation_failed');
  const crash = judgeRun({ ...ranFacts, exitCode: 2 }, spec, ['Traceback', 'KeyError']);
  assert.ok('verdict' in crash && crash.verdict.status === 'failed');
  assert.equal(crash.verdict.message, 'The submission exited with code 2.\nLast output:\nTraceback\nKeyError');
  const long = judgeRun({ ...ranFacts, exitCode: 1 }, spec, ['x'.repeat(5000)]);
  assert.ok('verdict' in long && long.verdict.status === 'failed');
  assert.equal(long.verdict.message, `The submission exited with code 1.\nLast output:\n${'x'.repeat(300)}…`);
});

test('an output that must not be read gets a sentence that says why and carries no value the submission chose', () => {
  const facts = {
    kind: 'ran' as const,
    durationS: 1,
    timedOut: false,
    exitCode: 0,
    oomKilled: false,
    peakMemoryBytes: null,
    outputFull: false,
    outputBytes: null,
    outputOversize: false,
    readBack: 'ok' as ReadBackState,
  };
  const words = (problem: OutputProblem) => {
    const j = judgeRun({ ...facts, outputProblem: problem }, spec, []);
    assert.ok('verdict' in j && j.verdict.status === 'failed');
    return [j.verdict.reason, j.verdict.message, j.verdict.hint];
  };
  assert.deepEqual(words('symlink'), [
    'invalid_output',
    "The submission's output submission/submission.csv is a symbolic link; Holdout never follows links out of the sandbox.",
    'Write the predictions with a plain open("submission/submission.csv", "w") and leave the file as it is: a regular file, not a link to another file.',
  ]);
  assert.deepEqual(words('unreadable'), [
    'invalid_output',
    "The submission's output submission/submission.csv cannot be read: its permissions were changed so that its owner cannot read it.",
    'Write the predictions with a plain open("submission/submission.csv", "w") and leave the file as it is: do not chmod it.',
  ]);
  assert.equal(
    words('not_regular')[1],
    "The submission's output submission/submission.csv is not a regular file (it is a folder, a pipe or a socket).",
  );
  assert.equal(
    words('folder_blocked')[1],
    'The output folder submission/ was made unreadable (its permissions were changed), so submission/submission.csv could not be read.',
  );
  const stopped = judgeRun({ ...facts, outputProblem: null, exitCode: 137, readBack: 'sandbox_stopped' }, spec, []);
  assert.ok('verdict' in stopped && stopped.verdict.status === 'failed');
  assert.equal(
    stopped.verdict.message,
    'The sandbox stopped before Holdout could read the output: the submission used up its 1.0 GiB of memory, which also holds the files written to /tmp and /dev/shm, and the kernel ended the sandbox.',
  );
});
