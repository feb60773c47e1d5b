/**
 * The package policy of runtime.packages in competition.yml, applied to the head
 * environment files of a package request (with the base ones for removals):
 * exact pins, allowed channels, CPU/GPU parity and who may remove packages.
 * Pure: files in, findings out.
 */
import type { Flavor, PackagePolicy } from '../../config/runtime.js';
import type { Dependency, EnvironmentFile } from './environment-file.js';
import type { Finding } from './findings.js';

/** Channels written in environment files that are directives, not channels. */
const CHANNEL_DIRECTIVES = new Set(['nodefaults']);

/** Channel name or URL → the URL conda would fetch it from. */
export function channelUrl(channel: string, policy: Pick<PackagePolicy, 'channel_alias'>): string {
  const trimmed = channel.trim().replace(/\/+$/, '');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return trimmed;
  return `${policy.channel_alias.replace(/\/+$/, '')}/${trimmed}`;
}

export function isChannelAllowed(
  channel: string,
  policy: Pick<PackagePolicy, 'channel_alias' | 'allowed_channels'>,
): boolean {
  const url = channelUrl(channel, policy);
  return policy.allowed_channels.some((allowed) => channelUrl(allowed, policy) === url);
}

/** The channels of an environment file that the solver should use, in order. */
export function solverChannels(env: EnvironmentFile, policy: Pick<PackagePolicy, 'channel_alias'>): string[] {
  return env.channels.filter((c) => !CHANNEL_DIRECTIVES.has(c.name)).map((c) => channelUrl(c.name, policy));
}

/** Pins and channels of one file. */
export function checkFile(env: EnvironmentFile, flavor: Flavor, policy: PackagePolicy): Finding[] {
  const findings: Finding[] = [];
  const allowedList = policy.allowed_channels.join(', ');
  for (const channel of env.channels) {
    if (CHANNEL_DIRECTIVES.has(channel.name) || isChannelAllowed(channel.name, policy)) continue;
    findings.push({
      rule: 'channel_not_allowed',
      file: env.file,
      line: channel.line,
      message: `channel "${channel.name}" is not allowed; this competition takes packages only from ${allowedList}`,
    });
  }
  for (const dep of env.dependencies) {
    if (dep.channel && !isChannelAllowed(dep.channel, policy)) {
      findings.push({
        rule: 'channel_not_allowed',
        file: env.file,
        line: dep.line,
        message: `"${dep.spec}" asks for channel "${dep.channel}", which is not allowed; this competition takes packages only from ${allowedList}`,
      });
    }
    if (!dep.exact) {
      const example = dep.manager === 'conda' ? `${dep.name}=x.y.z` : `${dep.name}==x.y.z`;
      findings.push({
        rule: 'unpinned',
        file: env.file,
        line: dep.line,
        message: `"${dep.spec}" is not pinned to one version; write ${example} with the exact version you tested`,
      });
    }
    if (flavor === 'cpu' && dep.manager === 'conda' && policy.gpu_only.includes(dep.name)) {
      findings.push({
        rule: 'gpu_only_in_cpu',
        file: env.file,
        line: dep.line,
        message: `${dep.name} is a GPU-only package (runtime.packages.gpu_only); list it only in the GPU environment file`,
      });
    }
  }
  return findings;
}

/** CPU and GPU files must carry the same packages at the same versions, GPU-only ones aside. */
export function checkParity(cpu: EnvironmentFile, gpu: EnvironmentFile, policy: PackagePolicy): Finding[] {
  const findings: Finding[] = [];
  const key = (d: Dependency) => `${d.manager}:${d.name}`;
  const gpuByKey = new Map(gpu.dependencies.map((d) => [key(d), d]));
  const cpuByKey = new Map(cpu.dependencies.map((d) => [key(d), d]));
  const gpuOnly = (d: Dependency) => d.manager === 'conda' && policy.gpu_only.includes(d.name);
  for (const c of cpu.dependencies) {
    if (gpuOnly(c)) continue; // reported by checkFile
    const g = gpuByKey.get(key(c));
    if (!g) {
      findings.push({
        rule: 'drift',
        file: gpu.file,
        line: gpu.dependenciesLine,
        message: `${c.name} is in ${cpu.file} (line ${c.line}) but not in ${gpu.file}; add "${c.spec}" to ${gpu.file} too (only runtime.packages.gpu_only packages may differ)`,
      });
    } else if (c.version !== g.version) {
      findings.push({
        rule: 'drift',
        file: gpu.file,
        line: g.line,
        message: `${c.name} is ${c.version ?? 'unpinned'} in ${cpu.file} (line ${c.line}) but ${g.version ?? 'unpinned'} here; use the same version in both files`,
      });
    }
  }
  for (const g of gpu.dependencies) {
    if (gpuOnly(g) || cpuByKey.has(key(g))) continue;
    findings.push({
      rule: 'drift',
      file: cpu.file,
      line: cpu.dependenciesLine,
      message: `${g.name} is in ${gpu.file} (line ${g.line}) but not in ${cpu.file}; add "${g.spec}" to ${cpu.file} too, or ask the organizers to declare it GPU-only (runtime.packages.gpu_only)`,
    });
  }
  return findings;
}

/** Removed packages, unless the author is an organizer. */
export function checkRemovals(base: EnvironmentFile, head: EnvironmentFile, removalsAllowed: boolean): Finding[] {
  if (removalsAllowed) return [];
  const headKeys = new Set(head.dependencies.map((d) => `${d.manager}:${d.name}`));
  return base.dependencies
    .filter((d) => !headKeys.has(`${d.manager}:${d.name}`))
    .map((d) => ({
      rule: 'removal' as const,
      file: head.file,
      line: d.line,
      message: `${d.name} was removed (it is on line ${d.line} of the base version); only organizers may remove packages, since other submissions may use it. Put the line back`,
    }));
}
