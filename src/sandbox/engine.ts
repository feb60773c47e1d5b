/** Talking to the Docker engine: which docker command, and how a container can reach GPUs. */
import { readdir } from 'node:fs/promises';
import { execa } from 'execa';
import type { GpuAccess } from './spec.js';

export const DOCKER = process.env.HOLDOUT_DOCKER ?? 'docker';

/**
 * GPUs go in through the NVIDIA container toolkit when the engine has it (`--gpus N`),
 * otherwise as explicit device nodes (/dev/nvidiactl, /dev/nvidia-uvm, /dev/nvidiaN), which
 * needs an image that carries the driver's user libraries. Undefined when no GPU is present.
 */
export async function detectGpuAccess(count: number): Promise<GpuAccess | undefined> {
  const info = await execa(DOCKER, ['info', '--format', '{{json .Runtimes}}'], { reject: false, timeout: 20_000 });
  const nodes = await nvidiaDeviceNodes();
  const gpus = nodes.filter((n) => /^\/dev\/nvidia\d+$/.test(n));
  if (gpus.length === 0) return undefined;
  if (info.exitCode === 0 && /"nvidia"/.test(info.stdout)) return { kind: 'toolkit', count };
  return { kind: 'devices', devices: devicesFor(nodes, count) };
}

/** Control nodes always, plus the first `count` GPUs. Pure, for testing. */
export function devicesFor(nodes: string[], count: number): string[] {
  const control = nodes.filter((n) => /^\/dev\/nvidia(ctl|-uvm|-uvm-tools|-modeset)$/.test(n)).sort();
  const gpus = nodes
    .filter((n) => /^\/dev\/nvidia\d+$/.test(n))
    .sort((a, b) => Number(a.slice(11)) - Number(b.slice(11)))
    .slice(0, count);
  return [...control, ...gpus];
}

async function nvidiaDeviceNodes(): Promise<string[]> {
  try {
    return (await readdir('/dev')).filter((n) => n.startsWith('nvidia')).map((n) => `/dev/${n}`);
  } catch {
    return [];
  }
}

export function lastLine(text: string): string {
  return text.trim().split('\n').pop()?.trim() ?? '';
}
