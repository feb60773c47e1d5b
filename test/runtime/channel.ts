/**
 * A conda channel on 127.0.0.1 for the solver tests: real HTTP, real repodata.json.
 *   /good/<channel>/<subdir>/repodata.json  → the packages below (with a real conflict: oldlib vs newlib)
 *   /broken/…                               → HTTP 500
 *   /silent/…                               → never answers
 * Anything else (sharded or compressed repodata) → 404, as on a plain static channel.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

type Pkg = [name: string, version: string, depends?: string[]];

export const CHANNEL_PACKAGES: Pkg[] = [
  ['python', '3.11.9'],
  ['numpy', '1.26.4', ['python >=3.11,<3.12']],
  ['numpy', '2.0.0', ['python >=3.11,<3.12']],
  ['pandas', '2.2.2', ['numpy >=1.23', 'python >=3.11,<3.12']],
  ['scikit-learn', '1.5.0', ['numpy >=1.19', 'python >=3.11,<3.12']],
  ['oldlib', '1.0.0', ['numpy <2']],
  ['newlib', '1.0.0', ['numpy >=2']],
  ['pytorch-cuda', '12.1'],
  // Needs a CUDA driver: solvable only with the __cuda virtual package of the GPU runners.
  ['cudalib', '1.0.0', ['__cuda >=12', '__glibc >=2.17']],
];

function repodata(subdir: string, packages: Pkg[]): string {
  const entries = subdir === 'linux-64' ? packages : [];
  return JSON.stringify({
    info: { subdir },
    packages: Object.fromEntries(
      entries.map(([name, version, depends = []]) => [
        `${name}-${version}-h0_0.tar.bz2`,
        {
          name,
          version,
          build: 'h0_0',
          build_number: 0,
          depends,
          subdir,
          md5: '0'.repeat(32),
          sha256: '0'.repeat(64),
          size: 1000,
        },
      ]),
    ),
    'packages.conda': {},
  });
}

export interface TestChannel {
  /** Base URL; use `${url}/good`, `${url}/broken` or `${url}/silent` as channel_alias. */
  url: string;
  requests: string[];
  close: () => Promise<void>;
}

export async function startChannel(packages: Pkg[] = CHANNEL_PACKAGES): Promise<TestChannel> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(url);
    if (url.startsWith('/silent/')) return; // never answers
    if (url.startsWith('/broken/')) {
      res.writeHead(500).end('internal error');
      return;
    }
    const match = /^\/good\/[^/]+\/(linux-64|noarch)\/repodata\.json$/.exec(url);
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(repodata(match[1]!, packages));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
