/**
 * What kind of thing a zip entry is. Zip tools store the unix mode (file type and
 * permissions) in the top 16 bits of the "external file attributes"; that is where
 * `zip -y` marks a symbolic link and where a hand-crafted zip can claim a device or a
 * FIFO. Anything but a regular file or a folder is refused; a file's execute bits are
 * read from the same place. Pure.
 */
import type { Entry } from 'yauzl';
import { problem, type Problem } from './problems.js';

const S_IFMT = 0o170000;
// The file-type bits of st_mode, in octal as POSIX writes them.
const TYPES = new Map<number, 'file' | 'dir' | string>([
  [0o100000, 'file'],
  [0o040000, 'dir'],
  [0o120000, 'symlink'],
  [0o140000, 'socket'],
  [0o060000, 'block device'],
  [0o020000, 'character device'],
  [0o010000, 'named pipe (FIFO)'],
]);

export type ZipEntryKind = { ok: true; kind: 'file' | 'dir'; executable: boolean } | { ok: false; problem: Problem };

/** Classify an entry whose checked name is `name` (`endsWithSlash` as written in the zip). */
export function classifyZipEntry(
  entry: Pick<Entry, 'externalFileAttributes' | 'compressionMethod' | 'generalPurposeBitFlag'>,
  name: string,
  endsWithSlash: boolean,
): ZipEntryKind {
  const fileType = (entry.externalFileAttributes >>> 16) & S_IFMT;
  // 0 means "no unix mode recorded" (zips made on Windows): the trailing slash decides.
  const type = fileType === 0 ? undefined : (TYPES.get(fileType) ?? 'file of unknown type');
  if (type === 'symlink') return { ok: false, problem: problem.symlink(name) };
  if (type !== undefined && type !== 'file' && type !== 'dir')
    return { ok: false, problem: problem.special(name, type) };
  if (type === 'dir' && !endsWithSlash) return { ok: false, problem: problem.folderMismatch(name) };
  if (endsWithSlash) return { ok: true, kind: 'dir', executable: false };
  // Bit 0 of the general purpose flags: traditional PKWARE or AES encryption.
  if ((entry.generalPurposeBitFlag & 0x1) !== 0) return { ok: false, problem: problem.encrypted(name) };
  // 0 = stored, 8 = deflate: the two methods yauzl (and every common tool) reads.
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    return { ok: false, problem: problem.compression(name, entry.compressionMethod) };
  }
  // The execute bits, where the zip recorded unix permissions (zip, Info-ZIP, Python's
  // zipfile with external_attr = 0o755 << 16); a zip made on Windows records none.
  const executable = ((entry.externalFileAttributes >>> 16) & 0o111) !== 0;
  return { ok: true, kind: 'file', executable };
}
