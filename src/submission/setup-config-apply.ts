/**
 * Dynalab's setup_config.json, applied (kind handler): at staging its model_files and checkpoint
 * are copied to the submission's root as torch-model-archiver flattens them, and `holdout pack`
 * leaves out its `exclude` list. The rules are setup-config.ts's (pure); this is the I/O.
 */
import { copyFile, constants, lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Problem } from './problems.js';
import { findSetupConfig, planSetupConfig, readSetupExclude } from './setup-config.js';

/** Every file and folder under `root`, relative, "/"-separated (staged folders hold no links: staging refuses them). */
async function inventoryOf(root: string): Promise<{ files: string[]; dirs: string[]; links: string[] }> {
  const files: string[] = [];
  const dirs: string[] = [];
  const links: string[] = [];
  const walk = async (dir: string, rel: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const relative = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        dirs.push(relative);
        await walk(path.join(dir, e.name), relative);
      } else if (e.isFile()) files.push(relative);
      else links.push(relative);
    }
  };
  await walk(root, '');
  return { files, dirs, links };
}

/**
 * Flatten the staged submission in `codeDir` as Dynalab does. Problems (a path outside the
 * submission, two files landing on one name) are the participant's: invalid_submission.
 */
export async function flattenSetupConfig(
  codeDir: string,
  handlerFile: string,
  reserved: readonly string[],
): Promise<{ ok: true; warnings: string[] } | { ok: false; problems: Problem[] }> {
  const inventory = await inventoryOf(codeDir);
  const found = findSetupConfig(inventory.files);
  if (!found.ok) return { ok: false, problems: [found.problem] };
  if (found.path === null) return { ok: true, warnings: [] };
  const text = await readFile(path.join(codeDir, ...found.path.split('/')), 'utf8');
  const planned = planSetupConfig(text, found.path, inventory, { handlerFile, reserved });
  if (!planned.ok) return planned;
  for (const copy of planned.plan.copies) {
    // COPYFILE_EXCL: the plan already refuses a name that is taken; never overwrite regardless.
    await copyFile(
      path.join(codeDir, ...copy.from.split('/')),
      path.join(codeDir, ...copy.to.split('/')),
      constants.COPYFILE_EXCL,
    );
  }
  return { ok: true, warnings: planned.plan.warnings };
}

/** `exclude` of the setup_config.json in a submission folder, as globs for `holdout pack`; none without one. */
export async function setupConfigExclude(
  dir: string,
): Promise<{ ok: true; globs: string[] } | { ok: false; problems: Problem[] }> {
  const candidates = ['setup_config.json'];
  const dynalab = await readdir(path.join(dir, '.dynalab'), { withFileTypes: true }).catch(() => []);
  for (const e of dynalab) if (e.isDirectory()) candidates.push(`.dynalab/${e.name}/setup_config.json`);
  const present: string[] = [];
  for (const c of candidates) {
    if ((await lstat(path.join(dir, ...c.split('/'))).catch(() => undefined))?.isFile()) present.push(c);
  }
  const found = findSetupConfig(present);
  if (!found.ok) return { ok: false, problems: [found.problem] };
  if (found.path === null) return { ok: true, globs: [] };
  const read = readSetupExclude(await readFile(path.join(dir, ...found.path.split('/')), 'utf8'), found.path);
  return read.ok ? { ok: true, globs: read.excludeGlobs } : read;
}
