import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);
import {
  EXIT,
  UsageError,
  messageOf
} from "./chunk-XY6EIFX3.js";
import "./chunk-2JER24KG.js";

// src/cli/commands/ledger.ts
import { open, readFile } from "node:fs/promises";
var PRIVATE_KEY_ENV = "HOLDOUT_RESULTS_PRIVATE_KEY";
async function readPrivateKey(file) {
  if (file === void 0) {
    const fromEnv = process.env[PRIVATE_KEY_ENV];
    return fromEnv && fromEnv.trim() !== "" ? fromEnv.trim() : void 0;
  }
  try {
    const text = file === "-" ? await readStdin() : await readFile(file, "utf8");
    return text.trim();
  } catch (e) {
    throw new UsageError(
      `--private-key: cannot read ${file} (${messageOf(e)}); give the file holding the private key from holdout ledger keygen`
    );
  }
}
async function readStdin() {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  return Buffer.concat(chunks).toString("utf8");
}
async function verify(dir, flags) {
  const { readLedgerFromApi, readLedgerFromDir } = await import("./read-NWYWFJKN.js");
  const { verifyLedger } = await import("./verify-2AWDNZ5S.js");
  const { SealError } = await import("./seal-D7GQTA2A.js");
  const { LedgerError } = await import("./errors-FDKIIPSV.js");
  if (dir !== void 0 && flags.repo !== void 0) {
    throw new UsageError("give either a folder or --repo, not both");
  }
  const privateKey = await readPrivateKey(flags.privateKey);
  let publicKey;
  let branch = flags.branch;
  if (flags.competition !== void 0) {
    const { loadCompetition } = await import("./load-BFZY3XCT.js");
    const { config } = await loadCompetition(flags.competition);
    publicKey = config.results.public_key;
    branch ??= config.results.branch;
  }
  branch ??= "holdout-results";
  let ledger;
  let where;
  try {
    if (flags.repo !== void 0) {
      const m = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)$/.exec(flags.repo);
      if (!m) throw new UsageError(`--repo: "${flags.repo}" is not owner/name (e.g. octo-org/competition)`);
      const token = process.env.GITHUB_TOKEN || process.env.GH_TOKEN;
      const { createClient } = await import("./octokit-IMLPDAEB.js");
      const client = createClient({
        token,
        baseUrl: (process.env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, ""),
        warn: (line) => process.stderr.write(`warning: ${line}
`)
      });
      ledger = await readLedgerFromApi(client, { owner: m[1], repo: m[2] }, branch);
      where = `${flags.repo}@${branch}`;
    } else {
      ledger = await readLedgerFromDir(dir ?? ".");
      where = dir ?? ".";
    }
  } catch (e) {
    if (e instanceof LedgerError) throw new UsageError(e.message);
    throw e;
  }
  let report;
  try {
    report = await verifyLedger(ledger, {
      ...privateKey !== void 0 ? { privateKey } : {},
      ...publicKey !== void 0 ? { publicKey } : {}
    });
  } catch (e) {
    if (e instanceof SealError) throw new UsageError(e.message);
    throw e;
  }
  if (flags.json) {
    process.stdout.write(
      `${JSON.stringify({ ok: report.problems.length === 0, records: report.count, opened: report.opened, problems: report.problems, duplicates: ledger.duplicates }, null, 2)}
`
    );
  } else if (report.problems.length > 0) {
    for (const p of report.problems) process.stdout.write(`${p.file}: ${p.problem}
`);
    const files = new Set(report.problems.map((p) => p.file)).size;
    process.stdout.write(
      `
${report.problems.length} problem${report.problems.length === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"} of ${where}; ${report.count} valid record${report.count === 1 ? "" : "s"} (every reader skips the files above). Records are never edited: restore each file from the branch history (git log --follow -- <file>), or remove a planted one in a commit of its own.
`
    );
  } else {
    const opened = privateKey !== void 0 ? `, ${report.opened} sealed private score${report.opened === 1 ? "" : "s"} opened` : "";
    process.stdout.write(`${where}: ${report.count} record${report.count === 1 ? "" : "s"}, no problems${opened}.
`);
  }
  if (report.problems.length > 0) process.exitCode = EXIT.failed;
}
async function keygen(flags) {
  const { generateKeyPair } = await import("./seal-D7GQTA2A.js");
  const pair = await generateKeyPair();
  if (flags.privateKeyFile !== void 0) {
    let handle;
    try {
      handle = await open(flags.privateKeyFile, "wx", 384);
    } catch (e) {
      throw new UsageError(
        `--private-key-file: cannot create ${flags.privateKeyFile} (${e.code ?? messageOf(e)}); give a path to a file that does not exist yet`
      );
    }
    await handle.writeFile(`${pair.privateKey}
`);
    await handle.close();
  }
  if (flags.json) {
    const shown = flags.privateKeyFile === void 0 ? pair : { publicKey: pair.publicKey };
    process.stdout.write(`${JSON.stringify(shown, null, 2)}
`);
    return;
  }
  const privatePart = flags.privateKeyFile === void 0 ? `Private key: store it as the secret ${PRIVATE_KEY_ENV} of the reveal workflow's environment (Settings \u2192 Environments), and nowhere else; never commit it:

  ${pair.privateKey}
` : `Private key written to ${flags.privateKeyFile} (readable by you only): store it as the secret ${PRIVATE_KEY_ENV} of the reveal workflow's environment, then delete the file.
`;
  process.stdout.write(
    `Public key: put it in competition.yml before the season starts:

  results:
    public_key: ${pair.publicKey}

${privatePart}
Keep the two together: scores sealed for this public key open only with this private key; a lost private key means the private scores cannot be revealed.
`
  );
}
export {
  PRIVATE_KEY_ENV,
  keygen,
  verify
};
