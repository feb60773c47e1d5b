/**
 * Static checks of the production runtime/Dockerfile, which cannot be built here
 * (it needs Docker Hub and conda-forge; it is built on GitHub-hosted runners).
 * Parsed with dockerfile-ast and linted with dockerfile-utils (the parser and
 * validator of the VS Code Docker extension), plus the rules of this project.
 */
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';

export interface LintProblem {
  line: number;
  message: string;
}

export function lintRuntimeDockerfile(text: string): LintProblem[] {
  const problems: LintProblem[] = validate(text).map((d) => ({
    line: d.range.start.line + 1,
    message: typeof d.message === 'string' ? d.message : d.message.value,
  }));
  const instructions = DockerfileParser.parse(text).getInstructions();
  const at = (i: (typeof instructions)[number]) => i.getRange().start.line + 1;
  const of = (keyword: string) => instructions.filter((i) => i.getKeyword() === keyword);

  const froms = of('FROM');
  const lastFrom = froms.at(-1);
  if (!lastFrom) return [...problems, { line: 1, message: 'no FROM instruction' }];
  const base = lastFrom.getArgumentsContent() ?? '';
  if (!/[:@]/.test(base.split(/\s+/)[0]!.replace(/^[^/]*:\d+\//, '')) || /:latest(\s|$)/.test(base)) {
    problems.push({
      line: at(lastFrom),
      message: `base image "${base}" must be pinned to a version tag or digest, not latest`,
    });
  }
  const afterFrom = instructions.filter((i) => at(i) > at(lastFrom));
  if (!afterFrom.some((i) => i.getKeyword() === 'ARG' && /^FLAVOR(=|$)/.test(i.getArgumentsContent() ?? ''))) {
    problems.push({
      line: at(lastFrom),
      message: 'ARG FLAVOR must be declared after FROM (holdout build passes --build-arg FLAVOR=cpu|gpu)',
    });
  }
  const users = afterFrom.filter((i) => i.getKeyword() === 'USER');
  const lastUser = users.at(-1);
  if (!lastUser || /^(root|0)(:|$)/.test(lastUser.getArgumentsContent() ?? '')) {
    problems.push({
      line: lastUser ? at(lastUser) : at(lastFrom),
      message: 'the image must end with a non-root USER (e.g. USER 1000:1000)',
    });
  }
  const copies = afterFrom.filter((i) => i.getKeyword() === 'COPY').map((i) => i.getArgumentsContent() ?? '');
  if (!copies.some((c) => /(^|\s)environment\.yml\s/.test(c))) {
    problems.push({
      line: at(lastFrom),
      message:
        'the environment must come from environment.yml (COPY environment.yml …), which holdout build places in the context',
    });
  }
  if (!copies.some((c) => /(^|\s)tests\/?\s/.test(c))) {
    problems.push({
      line: at(lastFrom),
      message: 'runtime tests must be copied into the image (COPY tests/ /opt/holdout/runtime-tests/)',
    });
  }
  for (const add of of('ADD')) {
    if (/https?:\/\//.test(add.getArgumentsContent() ?? ''))
      problems.push({
        line: at(add),
        message: 'ADD from a URL downloads unverified content; use a pinned package instead',
      });
  }
  for (const run of of('RUN')) {
    const cmd = run.getArgumentsContent() ?? '';
    if (/(curl|wget)[^|]*\|\s*(ba)?sh/.test(cmd))
      problems.push({ line: at(run), message: 'piping a download into a shell runs unverified code' });
    if (/micromamba (install|create)/.test(cmd) && !/micromamba clean/.test(cmd)) {
      problems.push({
        line: at(run),
        message: 'clean the package cache in the same RUN (micromamba clean --all --yes), or it stays in the image',
      });
    }
  }
  return problems.sort((a, b) => a.line - b.line);
}
