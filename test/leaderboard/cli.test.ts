/**
 * Issue 10 §2, `holdout leaderboard` over a real ledger folder: rule from competition.yml
 * (selected, with a participant's selection file), a corrupt record reported and skipped,
 * LEADERBOARD.md escaped, leaderboard.json's stable versioned shape with no private key before
 * the reveal, the site folder self-contained; usage errors exit 2.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { parseCompetition } from '../../src/config/load.js';
import { buildLeaderboard, optionsFromCompetition } from '../../src/leaderboard/build.js';
import { leaderboardMarkdown } from '../../src/leaderboard/markdown.js';
import { placeFor, placeText } from '../../src/leaderboard/index.js';
import { type LedgerRecord, recordPath, serializeRecord } from '../../src/ledger/record.js';
import { tempDir } from '../support/tmp.js';
import { rec } from './records.js';

const CLI = path.resolve('src/cli/index.ts');

function holdout(args: string[]) {
  return execa('node', ['--import', 'tsx', CLI, ...args], { reject: false, stdin: 'ignore' });
}

const COMPETITION_YML = `name: Cancer detection
datasets:
  smoke: { data: data, labels: labels.csv }
scoring:
  columns: [malignant]
  metric: log_loss
  secondary: [roc_auc]
leaderboard:
  rule: selected
  selected_max: 1
  baselines: [zero-rule]
  timeline: { start: 2026-12-01T00:00:00Z, end: 2027-02-28 }
`;

async function writeLedger(dir: string, records: readonly LedgerRecord[]): Promise<void> {
  for (const r of records) {
    const file = path.join(dir, recordPath(r));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, serializeRecord(r));
  }
}

describe('holdout leaderboard', () => {
  test('ranks a ledger folder under competition.yml, honours a selection file, skips a corrupt record', async () => {
    const root = await tempDir();
    const ledger = path.join(root, 'ledger');
    const out = path.join(root, 'out');
    const ann1 = rec({ id: 1, login: 'ann', at: 0, score: 0.1, secondary: { roc_auc: 0.9 } });
    const ann2 = rec({ id: 1, login: 'ann', at: 10, score: 0.3, secondary: { roc_auc: 0.7 } });
    const bob = rec({ id: 2, login: 'bob', at: 5, score: 0.2, secondary: { roc_auc: 0.8 } });
    const zero = rec({ id: 3, login: 'zero-rule', at: 0, score: 0.69 });
    await writeLedger(ledger, [ann1, ann2, bob, zero]);
    await writeFile(path.join(ledger, 'records', '2026', '12', `${'e'.repeat(32)}.json`), '{"version": 1, "oops": ');
    await writeFile(path.join(root, 'competition.yml'), COMPETITION_YML);
    await mkdir(path.join(root, 'submissions', 'ANN'), { recursive: true });
    await writeFile(path.join(root, 'submissions', 'ANN', 'selected.txt'), `# final pick\n${ann2.head_sha}\n`);

    const r = await holdout([
      'leaderboard',
      '--ledger',
      ledger,
      '--competition',
      root,
      '--out',
      out,
      '--dataset',
      'test',
      '--json',
    ]);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`skipped records/2026/12/${'e'.repeat(32)}\\.json: is not JSON`));
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.records, 4);
    assert.equal(summary.skipped, 1);
    assert.equal(summary.ranked, 2);

    const doc = JSON.parse(await readFile(path.join(out, 'leaderboard.json'), 'utf8'));
    assert.deepEqual(Object.keys(doc), [
      'format',
      'version',
      'title',
      'generated_at',
      'dataset',
      'rule',
      'selected_max',
      'metric',
      'secondary',
      'timeline',
      'revealed',
      'ranked',
      'public',
      'notes',
    ]);
    assert.equal(doc.format, 'holdout-leaderboard');
    assert.equal(doc.version, 1);
    assert.equal(doc.revealed, false);
    assert.equal('private' in doc, false);
    assert.deepEqual(doc.timeline, { start: '2026-12-01T00:00:00Z', end: '2027-02-28', reveal: null });
    // ann selected her worse submission (0.3): bob's 0.2 ranks first.
    assert.deepEqual(
      doc.public.map(
        (row: { participant: { login: string }; rank: number | null; score: number; baseline: boolean }) => [
          row.participant.login,
          row.rank,
          row.score,
          row.baseline,
        ],
      ),
      [
        ['bob', 1, 0.2, false],
        ['ann', 2, 0.3, false],
        ['zero-rule', null, 0.69, true],
      ],
    );
    assert.deepEqual(Object.keys(doc.public[0]), [
      'rank',
      'participant',
      'baseline',
      'evaluation_id',
      'head_sha',
      'pull_request',
      'submitted_at',
      'score',
      'scores',
      'entries',
    ]);
    assert.deepEqual(doc.notes, [
      '1 ledger file was skipped as not valid records; run holdout ledger verify to see which and why.',
    ]);

    const md = await readFile(path.join(out, 'LEADERBOARD.md'), 'utf8');
    assert.match(md, /^# Cancer detection\n/);
    assert.ok(md.includes('| 1 | bob | 0.2 | 0.8 | 1 | 2026\\-12\\-01 00\\:05 |\n'), md);
    assert.ok(md.includes('| 2 | ann | 0.3 | 0.7 | 2 | 2026\\-12\\-01 00\\:10 |\n'), md);
    assert.match(md, /\| — \| zero\\-rule \*\(baseline\)\* \| 0\.69 \|/);
    assert.deepEqual((await readdir(path.join(out, 'site'))).sort(), [
      'index.html',
      'leaderboard.css',
      'leaderboard.js',
      'leaderboard.json',
    ]);
    const html = await readFile(path.join(out, 'site', 'index.html'), 'utf8');
    assert.doesNotMatch(html, /https?:\/\//, 'no address of any other site');
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; script-src 'self'/);
  });

  test('no ledger folder, or no --ledger, is a usage error (exit 2) that says what to give', async () => {
    const root = await tempDir();
    await writeFile(path.join(root, 'competition.yml'), COMPETITION_YML);
    const missing = path.join(root, 'nope');
    const r = await holdout(['leaderboard', '--ledger', missing, '--competition', root, '--out', path.join(root, 'o')]);
    assert.equal(r.exitCode, 2);
    assert.match(r.stderr, /^holdout: .*nope is not a folder; give a checkout of the results branch/);
    const r2 = await holdout(['leaderboard', '--competition', root]);
    assert.equal(r2.exitCode, 2);
    assert.match(r2.stderr, /required option '--ledger <dir>' not specified/);
  });
});

describe('LEADERBOARD.md and the PR comment line', () => {
  test('every ledger string is escaped: no HTML, link, image or mention survives', () => {
    const r = rec({ id: 1, login: 'ann', at: 0, score: 0.1 });
    const hostile = { ...r, participant: { id: 1, login: '<img src=x onerror=alert(1)>@org [x](http://evil)' } };
    const config = parseCompetition(COMPETITION_YML);
    const data = buildLeaderboard([hostile], {
      ...optionsFromCompetition(config),
      rule: 'best',
      title: '</script><b>title</b>',
      notes: ['see https://evil.example @everyone'],
      now: new Date('2026-12-02T00:00:00Z'),
    });
    const md = leaderboardMarkdown(data.leaderboard);
    assert.doesNotMatch(md, /<img|<b>|\]\(http|https:\/\/evil|@everyone|@org/);
    assert.ok(
      md.includes(
        '| 1 | &lt;img src\\=x onerror\\=alert\\(1\\)&gt;\\@\u200Borg \\[x\\]\\(http\\:\u200B\\/\\/evil\\) | 0.1 |',
      ),
      md,
    );
    assert.ok(md.startsWith('# &lt;\\/script&gt;&lt;b&gt;title&lt;\\/b&gt;\n'), md);
  });

  test('placeFor gives "best public … — rank r of n" under competition.yml, baselines not counted', () => {
    const config = parseCompetition(COMPETITION_YML);
    // This competition has no private dataset: its verdicts are recorded on the public sample.
    const records = [
      rec({ id: 1, login: 'ann', at: 0, score: 0.1124, dataset: 'smoke' }),
      rec({ id: 2, login: 'bob', at: 0, score: 0.1, dataset: 'smoke' }),
      rec({ id: 3, login: 'zero-rule', at: 0, score: 0.05, dataset: 'smoke' }),
      rec({ id: 4, login: 'cy', at: 0, score: 0.3, dataset: 'smoke' }),
    ];
    const place = placeFor(records, 1, config);
    assert.ok(place);
    assert.equal(
      placeText(place, (n) => n.toFixed(4)),
      'best public 0.1124 — rank 2 of 3',
    );
    assert.equal(placeText(placeFor(records, 3, config)!, String), 'best public 0.05 — baseline, not ranked');
  });
});
