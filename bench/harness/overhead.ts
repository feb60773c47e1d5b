/**
 * Harness overhead per kind: the same model (every row predicted 0.5, the features read with
 * pandas) submitted as a script, a notebook, functions (infer only), a pickle and a handler, each
 * run through the whole pipeline (evaluate(): staging, sandbox, scoring) on the demo's smoke data
 * and image. Interleaved, median of N per kind; the overhead is a kind's median minus the script's.
 * Goal (issue 11): ≤ 0.3 s per kind.
 *   node --import tsx bench/harness/overhead.ts [runs=9]
 * Needs the engine and the base image (npm test sets them up); builds the demo image on first use.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { evaluate } from '../../src/pipeline/evaluate.js';

const runs = Number(process.argv[2] ?? 9);
const demo = path.resolve('examples/demo');
const root = await mkdtemp(path.join(os.tmpdir(), 'holdout-bench-harness-'));

// One data folder with what every kind reads: features.csv (script, notebook, functions, pickle)
// and inputs.jsonl (handler), from the demo's smoke sample.
const data = path.join(root, 'data');
await cp(path.join(demo, 'data/smoke'), data, { recursive: true });
const features = await readFile(path.join(data, 'features.csv'), 'utf8');
const [header, ...rows] = features.trim().split('\n');
const names = header!.split(',');
await writeFile(
  path.join(data, 'inputs.jsonl'),
  `${rows.map((r) => JSON.stringify(Object.fromEntries(names.map((n, i) => [n === 'id' ? 'uid' : n, r.split(',')[i]])))).join('\n')}\n`,
);
await cp(path.join(demo, 'data/smoke_labels.csv'), path.join(root, 'labels.csv'));
await cp(path.join(demo, 'runtime'), path.join(root, 'runtime'), { recursive: true });

const SCRIPT = `import pandas as pd
features = pd.read_csv("data/features.csv")
pd.DataFrame({"id": features["id"], "malignant": 0.5}).to_csv("submission/submission.csv", index=False)
`;

function competition(kind: string, section: string): string {
  return `name: bench ${kind}
submission:
  kind: ${kind}
${section}
runtime:
  flavor: cpu
  cpu: { dockerfile: runtime/Dockerfile, context: runtime }
  build_network: none
  repository: holdout/demo-runtime
limits: { time: 2m, memory: 1GiB, cpus: 1, pids: 128 }
datasets:
  smoke: { data: data, labels: labels.csv }
scoring: { id_column: id, columns: [malignant], metric: log_loss }
`;
}

const kinds: Record<string, { config: string; files: Record<string, string | Buffer> }> = {
  script: { config: competition('script', ''), files: { 'main.py': SCRIPT } },
  notebook: {
    config: competition('script', ''),
    files: {
      'main.ipynb': JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [
          {
            cell_type: 'code',
            metadata: {},
            outputs: [],
            execution_count: null,
            source: `# @crunch/keep:on\n${SCRIPT}`,
          },
        ],
      }),
    },
  },
  functions: {
    config: competition('functions', '  functions: { train: null, arguments: { X_test: { file: features.csv } } }'),
    files: {
      'main.py': `import pandas as pd\ndef infer(X_test):\n    return pd.DataFrame({"id": X_test["id"], "malignant": 0.5})\n`,
    },
  },
  pickle: {
    config: competition('pickle', '  pickle: { features: features.csv }'),
    files: {},
  },
  handler: {
    config: competition('handler', '  handler: { fields: { malignant: float } }'),
    files: {
      'handler.py': `def handle(data, context):\n    if data is None:\n        return None\n    example = data[0]["body"]\n    return [{"id": example["uid"], "malignant": 0.5}]\n`,
    },
  },
};

// The pickle is made in the base image, with the runtime's own Python and cloudpickle.
const made = await execa(
  'docker',
  [
    'run',
    '--rm',
    '--network',
    'none',
    'holdout/base:bookworm',
    'python3',
    '-c',
    'import cloudpickle, sys, pandas as pd\ndef predict(live_features):\n    return pd.DataFrame({"prediction": 0.5}, index=live_features.index)\nsys.stdout.buffer.write(cloudpickle.dumps(predict))',
  ],
  { encoding: 'buffer' },
);
kinds.pickle!.files['model.pkl'] = Buffer.from(made.stdout);

const dirs: Record<string, { competition: string; submission: string }> = {};
for (const [name, kind] of Object.entries(kinds)) {
  const competitionDir = path.join(root, `competition-${name}`);
  await mkdir(competitionDir);
  await writeFile(path.join(competitionDir, 'competition.yml'), kind.config);
  for (const link of ['data', 'labels.csv', 'runtime'])
    await cp(path.join(root, link), path.join(competitionDir, link), { recursive: true });
  const submission = path.join(root, `submission-${name}`);
  await mkdir(submission);
  for (const [file, content] of Object.entries(kind.files)) await writeFile(path.join(submission, file), content);
  dirs[name] = { competition: competitionDir, submission };
}

const times: Record<string, number[]> = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
for (let i = 0; i < runs + 1; i++) {
  for (const [name, d] of Object.entries(dirs)) {
    const t0 = performance.now();
    const report = await evaluate({ competitionDir: d.competition, submission: d.submission, dataset: 'smoke' });
    const s = (performance.now() - t0) / 1000;
    if (report.status !== 'success') throw new Error(`${name}: ${report.status} ${report.reason}: ${report.message}`);
    if (i > 0) times[name]!.push(s); // the first round builds or finds the image: not counted
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(times.script!);
console.log(`runs per kind: ${runs} (interleaved), whole pipeline per run`);
for (const [name, xs] of Object.entries(times)) {
  const m = median(xs);
  console.log(
    `${name.padEnd(10)} median ${m.toFixed(3)} s${name === 'script' ? '' : `  overhead ${(m - base >= 0 ? '+' : '') + (m - base).toFixed(3)} s  ratio ${(m / base).toFixed(2)}`}`,
  );
}
await rm(root, { recursive: true, force: true });
