/**
 * Writes the leaderboard's outputs into one folder:
 *
 *   <out>/LEADERBOARD.md      committed on the results branch, shown in the job summary
 *   <out>/leaderboard.json    the versioned document (build.ts)
 *   <out>/site/               the static page for GitHub Pages (index.html, leaderboard.js,
 *                             leaderboard.css, and leaderboard.json again for scripts)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SiteData } from './build.js';
import { leaderboardMarkdown } from './markdown.js';
import { siteFiles } from './site.js';

export interface WrittenLeaderboard {
  markdown: string;
  json: string;
  site: string;
}

export async function writeLeaderboard(outDir: string, data: SiteData): Promise<WrittenLeaderboard> {
  const siteDir = path.join(outDir, 'site');
  await mkdir(siteDir, { recursive: true });
  const json = `${JSON.stringify(data.leaderboard, null, 2)}\n`;
  const written = {
    markdown: path.join(outDir, 'LEADERBOARD.md'),
    json: path.join(outDir, 'leaderboard.json'),
    site: siteDir,
  };
  await Promise.all([
    writeFile(written.markdown, leaderboardMarkdown(data.leaderboard)),
    writeFile(written.json, json),
    writeFile(path.join(siteDir, 'leaderboard.json'), json),
    ...[...siteFiles(data)].map(([name, text]) => writeFile(path.join(siteDir, name), text)),
  ]);
  return written;
}
