// Runner memory under a 1 GB log flood: the peak resident memory (VmHWM) of the
// `holdout test` Node process and of the docker client it drives, while the
// submission prints 1 GiB of lines. Target: Node under 150 MB.
//   node bench/runner/log-flood.mjs [MiB=1024]
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const mib = Number(process.argv[2] ?? 1024);
const scratch = mkdtempSync(path.join(os.tmpdir(), 'holdout-flood-'));
writeFileSync(
  path.join(scratch, 'main.py'),
  `
import os
block = (b"x" * 99 + b"\\n") * 10486  # ~1 MiB of 100-byte lines
for _ in range(${mib}):
    os.write(1, block)
`,
);

function hwm(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
function children(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const t0 = Date.now();
const child = spawn('node', ['bin/holdout.js', 'test', scratch, '--competition', 'examples/demo', '--json'], {
  stdio: ['ignore', 'pipe', 'ignore'],
});
let out = '';
child.stdout.on('data', (d) => (out += d));
let nodePeak = 0;
let dockerPeak = 0;
const poll = setInterval(() => {
  nodePeak = Math.max(nodePeak, hwm(child.pid));
  for (const c of children(child.pid)) dockerPeak = Math.max(dockerPeak, hwm(c));
}, 50);
child.on('exit', () => {
  clearInterval(poll);
  const seconds = (Date.now() - t0) / 1000;
  rmSync(scratch, { recursive: true, force: true });
  const report = JSON.parse(out);
  const MB = (b) => `${(b / 1e6).toFixed(1)} MB`;
  console.log(
    `flood: ${mib} MiB in ${seconds.toFixed(1)} s (${(mib / seconds).toFixed(0)} MiB/s); status ${report.status}/${report.reason}; log lines ${report.log.lines}, truncated ${report.log.truncated}`,
  );
  console.log(`peak RSS: holdout (node) ${MB(nodePeak)} (target < 150 MB); docker client ${MB(dockerPeak)}`);
});
