/** The sandbox, on a real Docker engine: isolation, limits and outcomes. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { needsEngine } from '../support/docker.js';
import { ran, runPython } from './harness.js';

const engine = await needsEngine();

describe('sandbox isolation', engine, () => {
  test('only loopback is visible and a listener on the host loopback cannot be reached', async () => {
    let connections = 0;
    const server = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const r = await runPython(`
import os, socket
print("interfaces:", sorted(os.listdir("/sys/class/net")))
for host in ["127.0.0.1", "10.0.2.2", "172.17.0.1", "8.8.8.8"]:
    s = socket.socket(); s.settimeout(2)
    try:
        s.connect((host, ${port})); print("CONNECTED", host)
    except OSError as e:
        print("refused", host, type(e).__name__)
open("submission/submission.csv", "w").write("id\\n")
`);
      const facts = ran(r.facts);
      assert.equal(facts.exitCode, 0, r.text);
      assert.match(r.text, /^interfaces: \['lo'\]$/m);
      assert.doesNotMatch(r.text, /CONNECTED/);
      assert.equal((r.text.match(/^refused /gm) ?? []).length, 4);
      assert.equal(connections, 0);
    } finally {
      server.close();
    }
  });

  test('runs as a non-root uid, with no capabilities and no host variable', async () => {
    process.env.HOLDOUT_TEST_CANARY = 'canary-7f3a9c';
    try {
      const r = await runPython(`
import os
print("uid", os.getuid(), "gid", os.getgid())
print("CapEff", [l.split()[1] for l in open("/proc/self/status") if l.startswith("CapEff")][0])
print("env", sorted(os.environ))
print("canary", any("canary-7f3a9c" in v for v in os.environ.values()))
`);
      assert.equal(ran(r.facts).exitCode, 0, r.text);
      assert.match(r.text, /^uid 1000 gid 1000$/m);
      assert.match(r.text, /^CapEff 0000000000000000$/m);
      assert.match(r.text, /^canary False$/m);
      assert.doesNotMatch(r.text, /HOLDOUT_TEST_CANARY|GITHUB_TOKEN|ACTIONS_/);
      // Exactly the allow-list, plus what the engine, the image and the shell set (HOSTNAME, PATH, PWD).
      assert.match(
        r.text,
        /^env \['HOLDOUT_DATASET', 'HOLDOUT_DATA_DIR', 'HOLDOUT_OUTPUT_DIR', 'HOLDOUT_OUTPUT_FILE', 'HOME', 'HOSTNAME', 'LANG', 'LC_ALL', 'MKL_NUM_THREADS', 'MPLCONFIGDIR', 'OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'PATH', 'PWD', 'PYTHONDONTWRITEBYTECODE', 'PYTHONUNBUFFERED', 'TMPDIR'\]$/m,
      );
    } finally {
      delete process.env.HOLDOUT_TEST_CANARY;
    }
  });

  test('without a working copy (limits.workdir 0) the code is read-only too; /tmp and the output folder are writable', async () => {
    const r = await runPython(
      `
for path in ["data/features.csv", "data/new.txt", "main.py", "new.py", "/etc/holdout-new", "/usr/new", "/tmp/ok", "submission/submission.csv"]:
    try:
        open(path, "a").write("x")
        print("WROTE", path)
    except OSError as e:
        print("denied", path, e.strerror)
`,
      { data: { 'features.csv': 'id\n1\n' }, worldWritable: true, limits: { workdir_bytes: 0 } },
    );
    assert.equal(ran(r.facts).exitCode, 0, r.text);
    for (const p of ['data/features.csv', 'data/new.txt', 'main.py', 'new.py', '/usr/new', '/etc/holdout-new']) {
      assert.match(r.text, new RegExp(`^denied ${p.replace('.', '\\.')} Read-only file system$`, 'm'), r.text);
    }
    assert.match(r.text, /^WROTE \/tmp\/ok$/m);
    assert.match(r.text, /^WROTE submission\/submission\.csv$/m);
  });

  test('with a working copy the code is writable, its originals are not; data and the root filesystem stay read-only', async () => {
    const r = await runPython(
      `
import os
for path in ["data/features.csv", "data/new.txt", "main.py", "new.py", "/.holdout/submission/main.py", "/.holdout/submission/new.py", "/etc/holdout-new", "/tmp/ok", "submission/submission.csv"]:
    try:
        open(path, "a").write("x")
        print("WROTE", path)
    except OSError as e:
        print("denied", path, e.strerror)
st = os.stat(".")
print("owner", st.st_uid, "mode", oct(st.st_mode & 0o777))
`,
      { data: { 'features.csv': 'id\n1\n' }, worldWritable: true },
    );
    assert.equal(ran(r.facts).exitCode, 0, r.text);
    for (const p of [
      'data/features.csv',
      'data/new.txt',
      '/.holdout/submission/main.py',
      '/.holdout/submission/new.py',
      '/etc/holdout-new',
    ]) {
      assert.match(r.text, new RegExp(`^denied ${p.replace(/\./g, '\\.')} Read-only file system$`, 'm'), r.text);
    }
    for (const p of ['main.py', 'new.py', '/tmp/ok', 'submission/submission.csv']) {
      assert.match(r.text, new RegExp(`^WROTE ${p.replace(/\./g, '\\.')}$`, 'm'), r.text);
    }
    // The working folder is the participant's; the staged originals on the host are untouched.
    assert.match(r.text, /^owner 1000 mode 0o755$/m);
    assert.match(await readFile(path.join(r.codeDir, 'main.py'), 'utf8'), /\)\n$/);
    assert.deepEqual((await readdir(r.codeDir)).sort(), ['main.py']);
  });

  test('the isolation check refuses a container that can see host interfaces', async () => {
    const { verifyIsolation } = await import('../../src/sandbox/run.js');
    const name = `holdout-test-hostnet-${process.pid}`;
    // --network host only to show the check works: nothing is sent anywhere.
    await execa('docker', [
      'run',
      '-d',
      '--name',
      name,
      '--network',
      'host',
      '--user',
      '1000:1000',
      'holdout/base:bookworm',
      'sleep',
      '60',
    ]);
    try {
      const problem = await verifyIsolation({ name, uid: 1000, gid: 1000 } as never);
      assert.match(problem ?? '', /^the sandbox has network interfaces besides loopback \(.+\); refusing to run$/);
    } finally {
      await execa('docker', ['rm', '-f', name], { reject: false });
    }
  });
});

describe('sandbox limits and outcomes', engine, () => {
  test('a job that never ends is stopped at the time limit', async () => {
    const t0 = Date.now();
    const r = await runPython('import time\nprint("start", flush=True)\ntime.sleep(3600)\n', { limits: { time_s: 3 } });
    const facts = ran(r.facts);
    assert.equal(facts.timedOut, true);
    assert.equal(facts.exitCode, null);
    assert.ok(Date.now() - t0 < 30_000);
    assert.match(r.text, /^start$/m);
  });

  test("memory growth past the limit is an OOM kill, from the kernel's record", async () => {
    const r = await runPython('blocks = []\nwhile True:\n    blocks.append(bytearray(16 * 1024 * 1024))\n', {
      limits: { memory_bytes: 64 * 1024 ** 2 },
    });
    const facts = ran(r.facts);
    assert.equal(facts.oomKilled, true);
    assert.equal(facts.exitCode, 137);
    assert.equal(facts.timedOut, false);
    assert.ok((facts.peakMemoryBytes ?? 0) >= 60 * 1024 ** 2, `peak ${facts.peakMemoryBytes}`);
  });

  test('a fork bomb is held by the PID limit and ends at the time limit; the container is removed', async () => {
    const r = await runPython(
      'import os\nprint("forking", flush=True)\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n',
      { limits: { time_s: 5, pids: 32 } },
    );
    const facts = ran(r.facts);
    assert.equal(facts.timedOut, true);
    const left = await execa('docker', ['ps', '-aq', '--filter', `name=${r.spec.name}`]);
    assert.equal(left.stdout.trim(), '');
  });

  test('exit 0 without an output file is reported as no output', async () => {
    const r = await runPython('print("done")\n');
    const facts = ran(r.facts);
    assert.equal(facts.exitCode, 0);
    assert.equal(facts.outputBytes, null);
    assert.equal(facts.outputFull, false);
  });

  test('a crash keeps its exit code and last lines', async () => {
    const r = await runPython('print("about to fail")\nraise SystemExit(3)\n');
    assert.equal(ran(r.facts).exitCode, 3);
    assert.deepEqual(r.log.head, ['about to fail']);
  });

  test('output larger than allowed fills the output folder and is flagged', async () => {
    const r = await runPython('f = open("submission/submission.csv", "w")\nwhile True:\n    f.write("x" * 65536)\n', {
      limits: { output_bytes: 1024 ** 2 },
    });
    const facts = ran(r.facts);
    assert.equal(facts.outputFull, true);
    assert.notEqual(facts.exitCode, 0);
    assert.match(r.text, /No space left on device/);
    assert.ok((await stat(r.outputPath)).size <= 1024 ** 2);
  });

  test('a sparse output file claiming more than the limit is flagged and never copied', async () => {
    // A tmpfs caps blocks, not the size a sparse file claims: this succeeds on a 1 MiB tmpfs.
    const r = await runPython('open("submission/submission.csv", "w").truncate(10**12)\nprint("claimed 1 TB")\n', {
      limits: { output_bytes: 1024 ** 2 },
    });
    const facts = ran(r.facts);
    assert.equal(facts.exitCode, 0, r.text);
    assert.equal(facts.outputBytes, 10 ** 12);
    assert.equal(facts.outputOversize, true);
    assert.equal((await stat(r.outputPath)).size, 0);
  });

  test('the output file is copied out byte for byte, and leftover processes are killed first', async () => {
    const r = await runPython(`
import subprocess
subprocess.Popen(["sleep", "600"])
with open("submission/submission.csv", "w") as f:
    f.write("id,malignant\\nt0001,0.25\\n")
`);
    const facts = ran(r.facts);
    assert.equal(facts.exitCode, 0);
    assert.equal(facts.outputBytes, 24);
    assert.equal(await readFile(r.outputPath, 'utf8'), 'id,malignant\nt0001,0.25\n');
  });

  test('a 1 GB log flood keeps the report and the log file bounded', async () => {
    const r = await runPython(
      `
import os
line = b"x" * 99 + b"\\n"
block = line * 10000  # 1 MB
for _ in range(1024):
    os.write(1, block)
os.write(1, b"the very last line\\n")
`,
      { logLines: 100, maxFileBytes: 1024 ** 2, limits: { time_s: 240 } },
    );
    const facts = ran(r.facts);
    assert.equal(facts.exitCode, 0, r.text.slice(0, 500));
    assert.equal(r.log.lines, 10_240_001);
    assert.equal(r.log.head.length, 50);
    assert.equal(r.log.tail.length, 50);
    assert.equal(r.log.tail.at(-1), 'the very last line');
    assert.equal(r.log.truncated, true);
    assert.equal(r.log.fileTruncated, true);
    assert.ok((await stat(r.log.file!)).size <= 1024 ** 2 + 200);
  });
});
