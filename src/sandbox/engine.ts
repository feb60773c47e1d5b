/** How a container can reach GPUs (the engine itself is reached through src/engine/gateway.ts). */
import { readdir } from 'node:fs/promises';
import { call } from '../engine/gateway.js';
import type { GpuAccess } from './spec.js';

/**
 * GPUs go in through the NVIDIA container toolkit when the engine has it (`--gpus N`),
 * otherwise as explicit device nodes (/dev/nvidiactl, /dev/nvidia-uvm, /dev/nvidiaN), which
 * needs an image that carries the driver's user libraries. Undefined when no GPU is present.
 */
export async function detectGpuAccess(count: number): Promise<GpuAccess | undefined> {
  const nodes = await nvidiaDeviceNodes();
  const gpus = nodes.filter((n) => /^\/dev\/nvidia\d+$/.test(n));
  if (gpus.length === 0) return undefined;
  const info = await call('GET', '/info', undefined, 20_000).catch(() => undefined);
  const runtimes = (info?.body as { Runtimes?: Record<string, unknown> } | undefined)?.Runtimes ?? {};
  if (info?.status === 200 && 'nvidia' in runtimes) return { kind: 'toolkit', count };
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
