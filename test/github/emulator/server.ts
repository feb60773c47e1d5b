/**
 * A GitHub REST emulator on 127.0.0.1 for the action's tests.
 *
 * It knows one repository and keeps its pull requests, files at commits,
 * comments and check runs in memory. Every request is matched against GitHub's
 * OpenAPI description and refused (recorded in `violations`, answered 404) when
 * the description does not allow it; every response it sends is validated
 * against the same description. Tests assert `violations` is empty.
 *
 * Faults can be queued per operation (5xx, secondary rate limit with
 * retry-after, 404, 422), and a barrier can hold requests so two processes
 * interleave exactly (the racing report jobs).
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkRequest, checkResponse, exampleResponse, findOperation, type Operation } from './openapi.js';
import { routeSettings, type RepoSettings } from './settings.js';
import yazl from 'yazl';

// biome-ignore lint/suspicious/noExplicitAny: request and response bodies are checked against GitHub's OpenAPI description at run time, not by types
type Json = any;

export interface EmuPull {
  number: number;
  title: string;
  authorLogin: string;
  /** The author's numeric user id (the ledger's identity); default: derived from the login. */
  authorId?: number;
  authorAssociation: string;
  headSha: string;
  headRef: string;
  headOwner: string;
  baseRef: string;
  state: 'open' | 'closed';
  /**
   * The head commit lives only in the author's fork: GitHub's commits/{sha}/pulls
   * searches the base repository's commits, so it lists nothing for such a SHA.
   */
  headInFork?: boolean;
  files: { filename: string; status: string; previous_filename?: string }[];
}

export interface EmuComment {
  id: number;
  body: string;
  login: string;
  /** The pull request it is on; a comment a test adds without one shows on every pull request. */
  issue?: number;
}

export interface EmuCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  output: { title: string | null; summary: string | null; text?: string | null; annotations?: Json[] };
  history: string[];
  /** The slug of the GitHub App that created it (see appOf). */
  app: string;
  details_url?: string;
}

/** GitHub's own app, the one GITHUB_TOKEN acts as. */
export const ACTIONS_APP = { slug: 'github-actions', id: 15368 };

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: Json;
  /** Runs before the answer, e.g. to really delete what a 404 says is gone. */
  effect?: () => void;
}

export interface RecordedRequest {
  method: string;
  path: string;
  operationId: string | undefined;
  authorization: string | undefined;
}

type FileEntry = { content: Buffer; mode: '100644' | '100755' | '120000' } | { submodule: string };

/** Where zipball redirects point: the emulator's stand-in for codeload.github.com. */
const CODELOAD = '/_codeload/';

const sha1 = (s: string | Buffer) => createHash('sha1').update(s).digest('hex');

export class GitHubEmulator {
  readonly owner = 'octo-org';
  readonly repo = 'competition';
  readonly botLogin = 'github-actions[bot]';
  pulls: EmuPull[] = [];
  comments: EmuComment[] = [];
  checkRuns: EmuCheckRun[] = [];
  violations: string[] = [];
  requests: RecordedRequest[] = [];
  /** Repository permissions by login (collaborators/{username}/permission); anyone else has "read". */
  permissions = new Map<string, { permission: string; role_name: string }>();
  /** GitHub lists at most this many entries of a folder through the contents API. */
  contentsLimit = 1000;
  /** And at most this many entries of one (recursive) tree, then says `truncated`. */
  treeEntryLimit = 100_000;
  /** When set, codeload serves these bytes as every archive (a damaged or hostile zip). */
  archiveOverride: Buffer | undefined;
  /** The Authorization header of the request being answered. */
  private authorization: string | undefined;
  private commits = new Map<string, Map<string, FileEntry>>();
  private trees = new Map<string, { commit: string; dir: string }>();
  private blobs = new Map<string, Buffer>();
  private faults = new Map<string, Fault[]>();
  private barriers = new Map<string, { count: number; waiting: (() => void)[] }>();
  private nextId = 1000;
  private server: http.Server | undefined;
  url = '';
  /** Repository and organization settings (holdout doctor's tests); none by default. */
  settings: RepoSettings | undefined;
  /** Git Data API: refs ("heads/main" → commit SHA) and the commits made through it. */
  refs = new Map<string, string>();
  private commitMeta = new Map<string, { tree: string; parents: string[]; message: string }>();
  /** Branches whose ref updates GitHub refuses (protectBranch). */
  private protectedBranches = new Set<string>();

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const b of this.barriers.values())
      b.waiting.forEach((go) => {
        go();
      });
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  // ---- test set-up -------------------------------------------------------

  addPull(p: Partial<EmuPull> & Pick<EmuPull, 'number' | 'authorLogin' | 'headSha' | 'files'>): EmuPull {
    const pull: EmuPull = {
      title: 'My submission',
      authorAssociation: 'CONTRIBUTOR',
      headRef: 'submission',
      headOwner: p.authorLogin,
      baseRef: 'main',
      state: 'open',
      ...p,
    };
    this.pulls.push(pull);
    return pull;
  }

  /** The repository's files at a commit; a string/Buffer is a file, {executable} one with mode 100755, {symlink}/{submodule} the odd kinds. */
  addCommit(
    sha: string,
    files: Record<
      string,
      string | Buffer | { executable: string | Buffer } | { symlink: string } | { submodule: string }
    >,
  ): void {
    const map = new Map<string, FileEntry>();
    for (const [p, v] of Object.entries(files)) {
      if (typeof v === 'string' || Buffer.isBuffer(v)) map.set(p, { content: Buffer.from(v), mode: '100644' });
      else if ('executable' in v) map.set(p, { content: Buffer.from(v.executable), mode: '100755' });
      else if ('symlink' in v) map.set(p, { content: Buffer.from(v.symlink), mode: '120000' });
      else map.set(p, { submodule: v.submodule });
    }
    this.commits.set(sha, map);
  }

  /** `login` may do `permission` (admin, maintain, write, triage, read, or a custom role name that inherits `base`). */
  setPermission(login: string, role: string, base?: string): void {
    const legacy = base ?? (role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role);
    this.permissions.set(login.toLowerCase(), { permission: legacy, role_name: role });
  }

  /**
   * The app a token acts as: "ghs_app_<slug>" stands for a GitHub App's
   * installation token (create-github-app-token), anything else for GITHUB_TOKEN.
   */
  appOf(authorization: string | undefined): { slug: string; id: number } {
    const m = /^(?:token|bearer) ghs_app_([a-z0-9-]+)$/i.exec(authorization ?? '');
    return m ? { slug: m[1]!, id: 900_000 + parseInt(sha1(m[1]!).slice(0, 4), 16) } : ACTIONS_APP;
  }

  /**
   * Makes `branch` protected: creating or moving its ref through the Git Data API gets
   * GitHub's answer for a protected branch (422 "Protected branch update failed for
   * refs/heads/<branch>."), as for a branch protection rule or ruleset requiring pull requests.
   */
  protectBranch(branch: string): void {
    this.protectedBranches.add(branch);
  }

  /** The files at the tip of a branch (path → text), or undefined when the branch does not exist. */
  branchFiles(branch: string): Map<string, string> | undefined {
    const tip = this.refs.get(`heads/${branch}`);
    const files = tip === undefined ? undefined : this.commits.get(tip);
    if (!files) return undefined;
    const out = new Map<string, string>();
    for (const [p, e] of files) if (!('submodule' in e)) out.set(p, e.content.toString('utf8'));
    return out;
  }

  /** The branch's first-parent history, newest first, with every commit's parents. */
  branchHistory(branch: string): { sha: string; parents: string[]; message: string }[] {
    const out: { sha: string; parents: string[]; message: string }[] = [];
    let sha = this.refs.get(`heads/${branch}`);
    while (sha !== undefined) {
      const meta = this.commitMeta.get(sha);
      out.push({ sha, parents: meta?.parents ?? [], message: meta?.message ?? '' });
      sha = meta?.parents[0];
    }
    return out;
  }

  /** Points `heads/<branch>` at a commit added with addCommit (or made through the API). */
  setBranch(branch: string, sha: string): void {
    if (!this.commits.has(sha)) throw new Error(`no commit ${sha}: addCommit it first`);
    this.refs.set(`heads/${branch}`, sha);
  }

  fault(operationId: string, ...faults: Fault[]): void {
    this.faults.set(operationId, [...(this.faults.get(operationId) ?? []), ...faults]);
  }

  /** Hold the next `count` requests of this operation until all of them have arrived. */
  barrier(operationId: string, count: number): void {
    this.barriers.set(operationId, { count, waiting: [] });
  }

  calls(operationId: string): RecordedRequest[] {
    return this.requests.filter((r) => r.operationId === operationId);
  }

  // ---- the server ----------------------------------------------------------

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      this.violations.push(`${req.method} ${url.pathname}: body is not JSON`);
    }
    if (url.pathname.startsWith(CODELOAD)) return this.codeload(req, url, res);
    const op = findOperation(req.method ?? 'GET', url.pathname);
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      operationId: op?.operationId,
      authorization: req.headers.authorization,
    });
    const send = (status: number, payload: Json, headers: Record<string, string> = {}) => {
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-github-media-type': 'github.v3',
        ...headers,
      });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    if (!op) {
      this.violations.push(`${req.method} ${url.pathname} is not an operation of the GitHub REST API`);
      return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    }
    const problems = checkRequest(op, url.searchParams, body);
    if (problems.length > 0) {
      this.violations.push(...problems.map((p) => `${op.operationId}: ${p}`));
      return send(422, { message: problems.join('; '), documentation_url: 'https://docs.github.com/rest' });
    }
    const barrier = this.barriers.get(op.operationId);
    if (barrier && barrier.count > 0) {
      barrier.count--;
      await new Promise<void>((go) => {
        barrier.waiting.push(go);
        if (barrier.count === 0)
          barrier.waiting.forEach((w) => {
            w();
          });
      });
    }
    const fault = this.faults.get(op.operationId)?.shift();
    if (fault) {
      fault.effect?.();
      const payload = fault.body ?? {
        message: `injected ${fault.status}`,
        documentation_url: 'https://docs.github.com/rest',
      };
      return send(fault.status, payload, fault.headers);
    }
    let status: number;
    let payload: Json;
    let headers: Record<string, string> = {};
    try {
      this.authorization = req.headers.authorization;
      [status, payload, headers = {}] = this.route(op, url.searchParams, body as Json);
    } catch (e) {
      this.violations.push(`${op.operationId}: emulator cannot answer: ${(e as Error).message}`);
      return send(500, { message: 'emulator error' });
    }
    this.violations.push(...checkResponse(op, status, payload).map((p) => `emulator answered wrongly: ${p}`));
    send(status, payload, headers);
  }

  /**
   * codeload's answer to a zipball redirect: the commit's files as GitHub packs them, under one
   * folder <owner>-<repo>-<short sha>/, folders as entries, links with their unix mode. Recorded
   * in `requests` as operation "codeload/legacy-zip" so tests count it.
   */
  private async codeload(req: http.IncomingMessage, url: URL, res: http.ServerResponse): Promise<void> {
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      operationId: 'codeload/legacy-zip',
      authorization: req.headers.authorization,
    });
    const sha = url.pathname.split('/').pop() ?? '';
    const files = this.commits.get(sha);
    if (req.method !== 'GET' || !files) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404: Not Found');
      return;
    }
    const zip = new yazl.ZipFile();
    const top = `${this.owner}-${this.repo}-${sha.slice(0, 7)}/`;
    zip.addEmptyDirectory(top);
    const dirs = new Set<string>();
    for (const [p, e] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if ('submodule' in e) continue;
      const parts = p.split('/');
      for (let i = 1; i < parts.length; i++) {
        const dir = parts.slice(0, i).join('/');
        if (!dirs.has(dir)) {
          dirs.add(dir);
          zip.addEmptyDirectory(top + dir);
        }
      }
      const mode = e.mode === '120000' ? 0o120777 : e.mode === '100755' ? 0o100755 : 0o100644;
      zip.addBuffer(e.content, top + p, { mode });
    }
    zip.end();
    const chunks: Buffer[] = [];
    for await (const c of zip.outputStream) chunks.push(c as Buffer);
    const archive = this.archiveOverride ?? Buffer.concat(chunks);
    res.writeHead(200, {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename=${top.slice(0, -1)}.zip`,
      'content-length': String(archive.length),
    });
    res.end(archive);
  }

  private notFound(): [number, Json] {
    return [404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }];
  }

  private paginate<T>(items: T[], q: URLSearchParams, path: string): [T[], Record<string, string>] {
    const per = Number(q.get('per_page') ?? 30);
    const page = Number(q.get('page') ?? 1);
    const slice = items.slice((page - 1) * per, page * per);
    if (page * per >= items.length) return [slice, {}];
    const next = new URL(path, this.url);
    q.forEach((v, k) => {
      next.searchParams.set(k, v);
    });
    next.searchParams.set('page', String(page + 1));
    return [slice, { link: `<${next.href}>; rel="next"` }];
  }

  private route(op: Operation, q: URLSearchParams, body: Json): [number, Json, Record<string, string>?] {
    const settingsAnswer = routeSettings(this.settings, op, q, body);
    if (settingsAnswer) return settingsAnswer;
    const p = op.params;
    if (p.owner !== this.owner || p.repo !== this.repo) return this.notFound();
    const path = `/repos/${this.owner}/${this.repo}`;
    switch (op.operationId) {
      case 'pulls/get': {
        const pull = this.pulls.find((x) => x.number === Number(p.pull_number));
        return pull ? [200, this.fullPull(pull)] : this.notFound();
      }
      case 'pulls/list': {
        const state = q.get('state') ?? 'open';
        const head = q.get('head');
        const list = this.pulls.filter(
          (x) => (state === 'all' || x.state === state) && (!head || `${x.headOwner}:${x.headRef}` === head),
        );
        const [page, headers] = this.paginate(list, q, `${path}/pulls`);
        return [200, page.map((x) => this.simplePull('pulls/list', x)), headers];
      }
      case 'repos/list-pull-requests-associated-with-commit': {
        const list = this.pulls.filter((x) => x.headSha === p.commit_sha && !x.headInFork);
        return [200, list.map((x) => this.simplePull('repos/list-pull-requests-associated-with-commit', x))];
      }
      case 'pulls/list-files': {
        const pull = this.pulls.find((x) => x.number === Number(p.pull_number));
        if (!pull) return this.notFound();
        const [page, headers] = this.paginate(pull.files, q, `${path}/pulls/${pull.number}/files`);
        const template = exampleResponse(op.template, op.method, 200)[0];
        return [200, page.map((f) => ({ ...template, ...f, sha: sha1(f.filename), status: f.status })), headers];
      }
      case 'issues/list-comments': {
        const issue = Number(p.issue_number);
        const list = this.comments.filter(
          (c) => this.pulls.some((x) => x.number === issue) && (c.issue === undefined || c.issue === issue),
        );
        const [page, headers] = this.paginate(list, q, `${path}/issues/${p.issue_number}/comments`);
        return [200, page.map((c) => this.comment(c)), headers];
      }
      case 'issues/create-comment': {
        const app = this.appOf(this.authorization);
        const c: EmuComment = {
          id: this.nextId++,
          body: body.body as string,
          login: app === ACTIONS_APP ? this.botLogin : `${app.slug}[bot]`,
          issue: Number(p.issue_number),
        };
        if (c.body.length > 65536)
          return [
            422,
            {
              message: 'Validation Failed',
              errors: [
                {
                  resource: 'IssueComment',
                  code: 'custom',
                  field: 'body',
                  message: 'body is too long (maximum is 65536 characters)',
                },
              ],
              documentation_url: 'https://docs.github.com/rest',
            },
          ];
        this.comments.push(c);
        return [201, this.comment(c), { location: `${this.url}${path}/issues/comments/${c.id}` }];
      }
      case 'issues/update-comment': {
        const c = this.comments.find((x) => x.id === Number(p.comment_id));
        if (!c) return this.notFound();
        c.body = body.body;
        return [200, this.comment(c)];
      }
      case 'issues/delete-comment': {
        const i = this.comments.findIndex((x) => x.id === Number(p.comment_id));
        if (i < 0) return this.notFound();
        this.comments.splice(i, 1);
        return [204, undefined];
      }
      case 'checks/list-for-ref': {
        const name = q.get('check_name');
        const runs = this.checkRuns.filter((r) => r.head_sha === p.ref && (!name || r.name === name));
        return [200, { total_count: runs.length, check_runs: runs.map((r) => this.checkRun(r)) }];
      }
      case 'checks/get': {
        const r = this.checkRuns.find((x) => x.id === Number(p.check_run_id));
        return r ? [200, this.checkRun(r)] : this.notFound();
      }
      case 'checks/create': {
        const r: EmuCheckRun = {
          id: this.nextId++,
          name: body.name,
          head_sha: body.head_sha,
          status: body.status ?? 'queued',
          conclusion: body.conclusion ?? null,
          output: body.output ?? { title: null, summary: null },
          history: [],
          app: this.appOf(this.authorization).slug,
          ...(body.details_url ? { details_url: body.details_url } : {}),
        };
        if (r.conclusion) r.status = 'completed';
        r.history.push(r.status);
        this.checkRuns.push(r);
        return [201, this.checkRun(r)];
      }
      case 'checks/update': {
        const r = this.checkRuns.find((x) => x.id === Number(p.check_run_id));
        if (!r) return this.notFound();
        // GitHub: an app may update only the check runs it created.
        if (r.app !== this.appOf(this.authorization).slug)
          return [
            403,
            {
              message:
                'Invalid app_id `' +
                this.appOf(this.authorization).id +
                '` - check run can only be modified by its creator.',
              documentation_url: 'https://docs.github.com/rest',
            },
          ];
        if (body.details_url) r.details_url = body.details_url;
        if (body.status) r.status = body.status;
        if (body.conclusion) {
          r.conclusion = body.conclusion;
          r.status = 'completed';
        }
        if (body.output) r.output = body.output;
        r.history.push(r.status);
        return [200, this.checkRun(r)];
      }
      case 'repos/get-content':
        return this.content(p.path!, q.get('ref') ?? '');
      case 'repos/download-zipball-archive': {
        // GitHub redirects to codeload.github.com, which serves the zip (not part of the API).
        const sha = this.refs.get(`heads/${p.ref}`) ?? (this.commits.has(p.ref!) ? p.ref! : undefined);
        if (sha === undefined) return this.notFound();
        return [302, undefined, { location: `${this.url}${CODELOAD}${this.owner}/${this.repo}/legacy.zip/${sha}` }];
      }
      case 'repos/get-collaborator-permission-level': {
        const t = exampleResponse(op.template, op.method, 200);
        const granted = this.permissions.get(p.username!.toLowerCase()) ?? { permission: 'read', role_name: 'read' };
        return [200, { ...t, ...granted, user: { ...t.user, login: p.username, role_name: granted.role_name } }];
      }
      case 'git/get-commit': {
        if (!this.commits.has(p.commit_sha!)) return this.notFound();
        const t = exampleResponse(op.template, op.method, 200);
        const meta = this.commitMeta.get(p.commit_sha!);
        if (meta) return [200, this.commitBody(t, p.commit_sha!, meta)];
        return [200, { ...t, sha: p.commit_sha, tree: { ...t.tree, sha: this.treeSha(p.commit_sha!, '') } }];
      }
      case 'git/get-ref':
      case 'git/list-matching-refs':
      case 'git/create-ref':
      case 'git/update-ref':
      case 'git/create-blob':
      case 'git/create-tree':
      case 'git/create-commit':
        return this.gitData(op, body);
      case 'git/get-tree':
        return this.tree(p.tree_sha!, q.get('recursive') !== null);
      case 'git/get-blob': {
        const content = this.blobs.get(p.file_sha!);
        if (!content) return this.notFound();
        const template = exampleResponse(op.template, op.method, 200);
        return [
          200,
          {
            ...template,
            sha: p.file_sha,
            size: content.length,
            content: content.toString('base64'),
            encoding: 'base64',
          },
        ];
      }
      default:
        this.violations.push(`the emulator does not implement ${op.operationId} (the action should not need it)`);
        return this.notFound();
    }
  }

  // ---- Git Data API: blobs, trees, commits, refs (the results ledger) -------

  private gitError(status: number, message: string): [number, Json] {
    return [status, { message, documentation_url: 'https://docs.github.com/rest/git' }];
  }

  private refBody(ref: string, sha: string): Json {
    const api = `${this.url}/repos/${this.owner}/${this.repo}`;
    return {
      ref: `refs/${ref}`,
      node_id: Buffer.from(`ref:${ref}`).toString('base64'),
      url: `${api}/git/refs/${ref}`,
      object: { type: 'commit', sha, url: `${api}/git/commits/${sha}` },
    };
  }

  private commitBody(t: Json, sha: string, meta: { tree: string; parents: string[]; message: string }): Json {
    const api = `${this.url}/repos/${this.owner}/${this.repo}`;
    return {
      ...t,
      sha,
      node_id: Buffer.from(`commit:${sha}`).toString('base64'),
      url: `${api}/git/commits/${sha}`,
      html_url: `https://github.com/${this.owner}/${this.repo}/commit/${sha}`,
      message: meta.message,
      tree: { url: `${api}/git/trees/${meta.tree}`, sha: meta.tree },
      parents: meta.parents.map((x) => ({
        url: `${api}/git/commits/${x}`,
        sha: x,
        html_url: `https://github.com/${this.owner}/${this.repo}/commit/${x}`,
      })),
    };
  }

  /** The files of a tree (made through the API or a commit's folder), relative to that tree. */
  private filesOfTree(treeSha: string): Map<string, FileEntry> | undefined {
    const t = this.trees.get(treeSha);
    const files = t && this.commits.get(t.commit);
    if (!t || !files) return undefined;
    if (t.dir === '') return files;
    const prefix = `${t.dir}/`;
    return new Map([...files].filter(([p]) => p.startsWith(prefix)).map(([p, e]) => [p.slice(prefix.length), e]));
  }

  /** Is `ancestor` reachable from `sha` through parents (a fast-forward)? */
  private descends(sha: string, ancestor: string): boolean {
    const seen = new Set<string>();
    const todo = [sha];
    while (todo.length > 0) {
      const x = todo.pop()!;
      if (x === ancestor) return true;
      if (seen.has(x)) continue;
      seen.add(x);
      todo.push(...(this.commitMeta.get(x)?.parents ?? []));
    }
    return false;
  }

  private protectedRefMessage(ref: string): string | undefined {
    const branch = ref.startsWith('heads/') ? ref.slice('heads/'.length) : undefined;
    return branch !== undefined && this.protectedBranches.has(branch)
      ? `Protected branch update failed for refs/heads/${branch}.`
      : undefined;
  }

  private gitData(op: Operation, body: Json): [number, Json, Record<string, string>?] {
    const p = op.params;
    const api = `${this.url}/repos/${this.owner}/${this.repo}`;
    switch (op.operationId) {
      case 'git/get-ref': {
        const sha = this.refs.get(p.ref!);
        return sha === undefined ? this.notFound() : [200, this.refBody(p.ref!, sha)];
      }
      case 'git/list-matching-refs': {
        const list = [...this.refs].filter(([r]) => r.startsWith(p.ref!)).sort(([a], [b]) => (a < b ? -1 : 1));
        return [200, list.map(([r, sha]) => this.refBody(r, sha))];
      }
      case 'git/create-ref': {
        const ref = String(body.ref);
        if (!/^refs\/[^/]+\/.+/.test(ref))
          return this.gitError(422, 'Reference name must start with refs/ and have at least two slashes.');
        const short = ref.slice('refs/'.length);
        if (this.refs.has(short)) return this.gitError(422, 'Reference already exists');
        if (!this.commits.has(body.sha)) return this.gitError(422, 'Object does not exist');
        const refused = this.protectedRefMessage(short);
        if (refused) return this.gitError(422, refused);
        this.refs.set(short, body.sha);
        return [201, this.refBody(short, body.sha), { location: `${api}/git/refs/${short}` }];
      }
      case 'git/update-ref': {
        const current = this.refs.get(p.ref!);
        if (current === undefined) return this.gitError(422, 'Reference does not exist');
        const refused = this.protectedRefMessage(p.ref!);
        if (refused) return this.gitError(422, refused);
        if (!this.commits.has(body.sha)) return this.gitError(422, 'Object does not exist');
        if (body.force !== true && !this.descends(body.sha, current)) {
          return this.gitError(422, 'Update is not a fast forward');
        }
        this.refs.set(p.ref!, body.sha);
        return [200, this.refBody(p.ref!, body.sha)];
      }
      case 'git/create-blob': {
        const content = Buffer.from(String(body.content), body.encoding === 'base64' ? 'base64' : 'utf8');
        const sha = sha1(content);
        this.blobs.set(sha, content);
        return [201, { url: `${api}/git/blobs/${sha}`, sha }, { location: `${api}/git/blobs/${sha}` }];
      }
      case 'git/create-tree': {
        let files = new Map<string, FileEntry>();
        if (body.base_tree !== undefined) {
          const base = this.filesOfTree(String(body.base_tree));
          if (!base) return this.gitError(422, 'Invalid tree info');
          files = new Map(base);
        }
        for (const entry of body.tree as Json[]) {
          const path = String(entry.path);
          if (entry.type !== 'blob' || entry.mode === '160000' || entry.mode === '040000') {
            // Trees and submodules as entries: the ledger never writes them.
            this.violations.push(`git/create-tree: the emulator supports blob entries only (got ${entry.type})`);
            return this.gitError(422, 'Invalid tree info');
          }
          if (path === '' || path.startsWith('/') || path.split('/').some((x) => x === '' || x === '.' || x === '..')) {
            return this.gitError(422, `tree.path contains a malformed path component`);
          }
          if (entry.sha === null) {
            files.delete(path);
            continue;
          }
          let content: Buffer | undefined;
          if (typeof entry.content === 'string') content = Buffer.from(entry.content, 'utf8');
          else content = this.blobs.get(String(entry.sha));
          if (!content) return this.gitError(422, `tree.sha ${entry.sha} is not a valid blob`);
          this.blobs.set(sha1(content), content);
          files.set(path, { content, mode: entry.mode });
        }
        const listing = [...files]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([path, e]) =>
            'submodule' in e ? `160000 ${path} ${e.submodule}` : `${e.mode} ${path} ${sha1(e.content)}`,
          )
          .join('\n');
        const sha = sha1(`tree\0${listing}`);
        this.commits.set(`tree:${sha}`, files);
        this.trees.set(sha, { commit: `tree:${sha}`, dir: '' });
        const [, tree] = this.tree(sha, false);
        return [201, tree, { location: `${api}/git/trees/${sha}` }];
      }
      case 'git/create-commit': {
        const files = this.filesOfTree(String(body.tree));
        if (!files) return this.gitError(422, 'Tree SHA does not exist');
        const parents = (body.parents ?? []) as string[];
        if (parents.some((x) => !this.commits.has(x)))
          return this.gitError(422, 'Parent SHA does not exist or is not a commit object');
        // Git's commit SHA covers the author and committer times: two identical commits made
        // at different moments differ, which the counter stands for here.
        const sha = sha1(`commit\0${body.tree}\0${parents.join(',')}\0${body.message}\0${this.nextId++}`);
        this.commits.set(sha, files);
        const meta = { tree: String(body.tree), parents, message: String(body.message) };
        this.commitMeta.set(sha, meta);
        const t = exampleResponse(op.template, op.method, 201);
        return [201, this.commitBody(t, sha, meta), { location: `${api}/git/commits/${sha}` }];
      }
      default:
        return this.notFound();
    }
  }

  // ---- response bodies, built on the description's own examples ------------

  private pullFields(x: EmuPull, base: Json): Json {
    const user = {
      ...base.user,
      login: x.authorLogin,
      id: x.authorId ?? 10_000 + parseInt(sha1(x.authorLogin.toLowerCase()).slice(0, 6), 16),
    };
    return {
      ...base,
      number: x.number,
      title: x.title,
      state: x.state,
      html_url: `https://github.com/${this.owner}/${this.repo}/pull/${x.number}`,
      user,
      author_association: x.authorAssociation,
      // The description's own example lists a team without its required "type"; ours asks for none.
      requested_teams: [],
      head: {
        ...base.head,
        sha: x.headSha,
        ref: x.headRef,
        label: `${x.headOwner}:${x.headRef}`,
        user: { ...base.head.user, login: x.headOwner },
        repo: {
          ...base.head.repo,
          full_name: `${x.headOwner}/${this.repo}`,
          owner: { ...base.head.repo.owner, login: x.headOwner },
        },
      },
      base: { ...base.base, ref: x.baseRef },
    };
  }

  private fullPull(x: EmuPull): Json {
    return this.pullFields(x, exampleResponse('/repos/{owner}/{repo}/pulls/{pull_number}', 'get', 200));
  }

  private simplePull(operationId: string, x: EmuPull): Json {
    const template =
      operationId === 'pulls/list'
        ? exampleResponse('/repos/{owner}/{repo}/pulls', 'get', 200)[0]
        : exampleResponse('/repos/{owner}/{repo}/commits/{commit_sha}/pulls', 'get', 200)[0];
    return this.pullFields(x, template);
  }

  private comment(c: EmuComment): Json {
    const t = exampleResponse('/repos/{owner}/{repo}/issues/{issue_number}/comments', 'post', 201);
    return {
      ...t,
      id: c.id,
      body: c.body,
      user: { ...t.user, login: c.login, type: 'Bot' },
      html_url: `https://github.com/${this.owner}/${this.repo}/pull/1#issuecomment-${c.id}`,
    };
  }

  private checkRun(r: EmuCheckRun): Json {
    const t = exampleResponse('/repos/{owner}/{repo}/check-runs', 'post', 201, 'example-of-in-progress-conclusion');
    const app = r.app === ACTIONS_APP.slug ? ACTIONS_APP : this.appOf(`token ghs_app_${r.app}`);
    return {
      ...t,
      id: r.id,
      app: { ...t.app, id: app.id, slug: app.slug, name: app.slug },
      details_url: r.details_url ?? t.details_url,
      name: r.name,
      head_sha: r.head_sha,
      status: r.status,
      conclusion: r.conclusion,
      completed_at: r.conclusion ? new Date().toISOString() : null,
      output: {
        ...t.output,
        title: r.output.title ?? null,
        summary: r.output.summary ?? null,
        text: r.output.text ?? null,
        annotations_count: r.output.annotations?.length ?? 0,
      },
    };
  }

  private treeSha(commit: string, dir: string): string {
    const s = sha1(`tree:${commit}:${dir}`);
    this.trees.set(s, { commit, dir });
    return s;
  }

  private content(dir: string, ref: string): [number, Json] {
    const files = this.commits.get(ref);
    if (!files) return this.notFound();
    const prefix = `${dir.replace(/\/$/, '')}/`;
    const children = new Map<string, Json>();
    for (const [p, entry] of files) {
      if (!p.startsWith(prefix)) continue;
      const [name, ...rest] = p.slice(prefix.length).split('/');
      const childPath = prefix + name!;
      const base = {
        name,
        path: childPath,
        url: `${this.url}/repos/${this.owner}/${this.repo}/contents/${childPath}`,
        html_url: null,
        git_url: null,
        download_url: null,
        _links: { self: `${this.url}/x`, git: null, html: null },
      };
      if (rest.length > 0) children.set(name!, { ...base, type: 'dir', size: 0, sha: this.treeSha(ref, childPath) });
      else if ('submodule' in entry) children.set(name!, { ...base, type: 'submodule', size: 0, sha: entry.submodule });
      else
        children.set(name!, {
          ...base,
          type: entry.mode === '120000' ? 'symlink' : 'file',
          size: entry.content.length,
          sha: sha1(entry.content),
        });
    }
    if (children.size === 0) return this.notFound();
    // "This API has an upper limit of 1,000 files for a directory": the rest is silently left out.
    return [
      200,
      [...children.values()]
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .slice(0, this.contentsLimit),
    ];
  }

  private tree(treeSha: string, recursive: boolean): [number, Json] {
    const t = this.trees.get(treeSha);
    if (!t) return this.notFound();
    const files = this.commits.get(t.commit)!;
    const prefix = t.dir === '' ? '' : `${t.dir}/`;
    const entries = new Map<string, Json>();
    for (const [p, entry] of files) {
      if (!p.startsWith(prefix)) continue;
      const rel = p.slice(prefix.length);
      const parts = rel.split('/');
      // Not recursive: the first level only, folders as one tree entry each.
      for (let i = 1; i < (recursive ? parts.length : Math.min(parts.length, 2)); i++) {
        const d = parts.slice(0, i).join('/');
        entries.set(d, {
          path: d,
          mode: '040000',
          type: 'tree',
          sha: this.treeSha(t.commit, `${prefix}${d}`),
          url: `${this.url}/t`,
        });
      }
      if (!recursive && parts.length > 1) continue;
      if ('submodule' in entry) {
        entries.set(rel, { path: rel, mode: '160000', type: 'commit', sha: entry.submodule });
      } else {
        const blob = sha1(entry.content);
        this.blobs.set(blob, entry.content);
        entries.set(rel, {
          path: rel,
          mode: entry.mode,
          type: 'blob',
          sha: blob,
          size: entry.content.length,
          url: `${this.url}/b`,
        });
      }
    }
    const listed = [...entries.values()];
    const truncated = listed.length > this.treeEntryLimit;
    return [
      200,
      {
        sha: treeSha,
        url: `${this.url}/repos/${this.owner}/${this.repo}/git/trees/${treeSha}`,
        tree: listed.slice(0, this.treeEntryLimit),
        truncated,
      },
    ];
  }
}
