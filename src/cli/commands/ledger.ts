/**
 * `holdout ledger verify [dir]` and `holdout ledger keygen`, declared in ../program.ts, which
 * imports this module only when one of them runs.
 *
 * verify: is the results ledger whole (schema, paths, duplicate ids, re-run links, sealing)?
 *   Exit codes: 0 whole · 1 problems (each file listed) · 2 usage, or a key that does not fit.
 * keygen: a new key pair for sealing private scores: the public half goes in competition.yml
 *   (results.public_key), the private half into the reveal environment's secret.
 */
import { open, readFile } from 'node:fs/promises';
import { EXIT, messageOf, UsageError } from '../../errors.js';

interface VerifyFlags {
  privateKey?: string;
  competition?: string;
  repo?: string;
  branch?: string;
  json?: boolean;
}

/** The environment variable the private key may come from instead of --private-key. */
export const PRIVATE_KEY_ENV = 'HOLDOUT_RESULTS_PRIVATE_KEY';

async function readPrivateKey(file: string | undefined): Promise<string | undefined> {
  if (file === undefined) {
    const fromEnv = process.env[PRIVATE_KEY_ENV];
    return fromEnv && fromEnv.trim() !== '' ? fromEnv.trim() : undefined;
  }
  try {
    const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
    return text.trim();
  } catch (e) {
    throw new UsageError(
      `--private-key: cannot read ${file} (${messageOf(e)}); give the file holding the private key from holdout ledger keygen`,
    );
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `holdout ledger verify [dir]`. */
export async function verify(dir: string | undefined, flags: VerifyFlags): Promise<void> {
  const { readLedgerFromApi, readLedgerFromDir } = await import('../../ledger/read.js');
  const { verifyLedger } = await import('../../ledger/verify.js');
  const { SealError } = await import('../../ledger/seal.js');
  const { LedgerError } = await import('../../ledger/errors.js');
  if (dir !== undefined && flags.repo !== undefined) {
    throw new UsageError('give either a folder or --repo, not both');
  }
  const privateKey = await readPrivateKey(flags.privateKey);
  let publicKey: string | undefined;
  let branch = flags.branch;
  if (flags.competition !== undefined) {
    const { loadCompetition } = await import('../../config/load.js');
    const { config } = await loadCompetition(flags.competition);
    publicKey = config.results.public_key;
    branch ??= config.results.branch;
  }
  branch ??= 'holdout-results';

  let ledger: Awaited<ReturnType<typeof readLedgerFromDir>>;
  let where: string;
  try {
    if (flags.repo !== undefined) {
      const m = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)$/.exec(flags.repo);
      if (!m) throw new UsageError(`--repo: "${flags.repo}" is not owner/name (e.g. octo-org/competition)`);
      const token = process.env.GITHUB_TOKEN || process.env.GH_TOKEN;
      const { createClient } = await import('../../github/octokit.js');
      const client = createClient({
        token,
        baseUrl: (process.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
        warn: (line) => process.stderr.write(`warning: ${line}\n`),
      });
      ledger = await readLedgerFromApi(client, { owner: m[1]!, repo: m[2]! }, branch);
      where = `${flags.repo}@${branch}`;
    } else {
      ledger = await readLedgerFromDir(dir ?? '.');
      where = dir ?? '.';
    }
  } catch (e) {
    if (e instanceof LedgerError) throw new UsageError(e.message);
    throw e;
  }

  let report: Awaited<ReturnType<typeof verifyLedger>>;
  try {
    report = await verifyLedger(ledger, {
      ...(privateKey !== undefined ? { privateKey } : {}),
      ...(publicKey !== undefined ? { publicKey } : {}),
    });
  } catch (e) {
    // A key that does not fit is the organizer's to fix, before any record is judged.
    if (e instanceof SealError) throw new UsageError(e.message);
    throw e;
  }

  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({ ok: report.problems.length === 0, records: report.count, opened: report.opened, problems: report.problems, duplicates: ledger.duplicates }, null, 2)}\n`,
    );
  } else if (report.problems.length > 0) {
    for (const p of report.problems) process.stdout.write(`${p.file}: ${p.problem}\n`);
    const files = new Set(report.problems.map((p) => p.file)).size;
    process.stdout.write(
      `\n${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} of ${where}; ${report.count} valid record${report.count === 1 ? '' : 's'} (every reader skips the files above). ` +
        'Records are never edited: restore each file from the branch history (git log --follow -- <file>), or remove a planted one in a commit of its own.\n',
    );
  } else {
    const opened =
      privateKey !== undefined ? `, ${report.opened} sealed private score${report.opened === 1 ? '' : 's'} opened` : '';
    process.stdout.write(`${where}: ${report.count} record${report.count === 1 ? '' : 's'}, no problems${opened}.\n`);
  }
  if (report.problems.length > 0) process.exitCode = EXIT.failed;
}

interface KeygenFlags {
  privateKeyFile?: string;
  json?: boolean;
}

/** `holdout ledger keygen`. */
export async function keygen(flags: KeygenFlags): Promise<void> {
  const { generateKeyPair } = await import('../../ledger/seal.js');
  const pair = await generateKeyPair();
  if (flags.privateKeyFile !== undefined) {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      // wx: never overwrite a key that may already seal a season's scores; 0600: the owner only.
      handle = await open(flags.privateKeyFile, 'wx', 0o600);
    } catch (e) {
      throw new UsageError(
        `--private-key-file: cannot create ${flags.privateKeyFile} (${(e as NodeJS.ErrnoException).code ?? messageOf(e)}); give a path to a file that does not exist yet`,
      );
    }
    await handle.writeFile(`${pair.privateKey}\n`);
    await handle.close();
  }
  if (flags.json) {
    const shown = flags.privateKeyFile === undefined ? pair : { publicKey: pair.publicKey };
    process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    return;
  }
  const privatePart =
    flags.privateKeyFile === undefined
      ? `Private key: store it as the secret ${PRIVATE_KEY_ENV} of the reveal workflow's environment (Settings → Environments), and nowhere else; never commit it:\n\n  ${pair.privateKey}\n`
      : `Private key written to ${flags.privateKeyFile} (readable by you only): store it as the secret ${PRIVATE_KEY_ENV} of the reveal workflow's environment, then delete the file.\n`;
  process.stdout.write(
    `Public key: put it in competition.yml before the season starts:\n\n  results:\n    public_key: ${pair.publicKey}\n\n${privatePart}` +
      '\nKeep the two together: scores sealed for this public key open only with this private key; a lost private key means the private scores cannot be revealed.\n',
  );
}
