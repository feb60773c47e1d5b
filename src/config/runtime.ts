/**
 * The `runtime:` section of competition.yml: how the competition's images are made
 * (one image source per flavor) and the policy that package requests are held to.
 */
import { z } from 'zod';

const imageSource = z
  .object({
    dockerfile: z
      .string()
      .default('runtime/Dockerfile')
      .describe("Dockerfile of this flavor's image, relative to the competition folder."),
    context: z
      .string()
      .default('runtime')
      .describe('Build context folder of the image, relative to the competition folder.'),
    environment: z
      .string()
      .optional()
      .describe(
        'Conda environment file of this flavor (e.g. environment-cpu.yml), relative to the competition folder. It is placed at the root of the build context as environment.yml, so the Dockerfile can `COPY environment.yml …` even though the file lives outside the context folder.',
      ),
    build_args: z
      .record(z.string(), z.string())
      .default({})
      .describe('Extra --build-arg values for docker build (FLAVOR is always set to the flavor name).'),
    image: z
      .string()
      .optional()
      .describe(
        'A ready-made image to use instead of building one (e.g. from a registry): then nothing is built for this flavor.',
      ),
  })
  .strict();

/** A conda channel: a name such as conda-forge, or a full URL. */
const channel = z.string().min(1);

const packagePolicy = z
  .object({
    allowed_channels: z
      .array(channel)
      .default(['conda-forge'])
      .describe('Conda channels an environment file may list; names are resolved with channel_alias.'),
    channel_alias: z
      .string()
      .url()
      .default('https://conda.anaconda.org')
      .describe("Base URL that channel names are resolved against (as conda's channel_alias)."),
    gpu_only: z
      .array(z.string())
      .default(['pytorch-cuda', 'cuda-version', 'cudatoolkit', 'cuda-toolkit', 'cudnn', 'nccl'])
      .describe('Packages only the GPU environment file may carry: the CPU/GPU parity check skips them.'),
    organizers: z
      .array(z.string())
      .default([])
      .describe("GitHub logins allowed to remove packages, besides the repository's owners and members."),
    solve: z
      .boolean()
      .default(true)
      .describe(
        "Solve both environments for `platform` before any build, so that a request that cannot install is refused with the solver's reason (holdout check-env --no-solve skips it locally).",
      ),
    platform: z.string().default('linux-64').describe('Conda platform the environments are solved for.'),
    virtual_packages: z
      .record(z.string().regex(/^__[a-z0-9_]+$/, 'must be a virtual package name such as __glibc'), z.string())
      .default({ __unix: '0', __linux: '5.15', __glibc: '2.35', __archspec: '1' })
      .describe('What the runners provide, as conda virtual packages (name → version), for the solver.'),
    cuda_version: z
      .string()
      .default('12.4')
      .describe("CUDA version the GPU runners' driver supports (the __cuda virtual package of the GPU solve)."),
    solve_timeout: z
      .number()
      .positive()
      .default(120)
      .describe('Most time the solve may take, channel downloads included, in seconds.'),
  })
  .strict();

export const runtimeSection = z
  .object({
    flavor: z
      .enum(['cpu', 'gpu'])
      .default('cpu')
      .describe('Which flavor `holdout test` uses unless --gpu (or limits.gpus above 0) asks for the GPU one.'),
    cpu: imageSource.prefault({}).describe('The CPU image: how it is built, or a ready-made one.'),
    gpu: imageSource
      .optional()
      .describe(
        'The GPU image, for runs with limits.gpus above 0 or `holdout test --gpu`; leave it out for a CPU-only competition.',
      ),
    build_network: z
      .enum(['default', 'none', 'host'])
      .default('default')
      .describe(
        'Network of `docker build` (its RUN steps): none for air-gapped builds, whose base image and packages must then already be on the machine.',
      ),
    repository: z
      .string()
      .regex(
        /^([a-z0-9.-]+(:\d+)?\/)?[a-z0-9]+([._/-][a-z0-9]+)*$/,
        'must be a lowercase image repository name, optionally behind a registry host (ghcr.io/org/runtime)',
      )
      .default('holdout/runtime')
      .describe(
        'Repository part of the image tags, optionally behind a registry host (ghcr.io/org/runtime); the tag itself is derived from the content (<flavor>-<hash>).',
      ),
    pull: z
      .boolean()
      .default(false)
      .describe(
        'Before building a content tag that is not on this machine, try `docker pull` of it: set this when `repository` names the registry the default-branch workflow pushes to.',
      ),
    cache_from: z
      .string()
      .optional()
      .describe('Registry image used as build cache (docker build --cache-from), when the organizer has one.'),
    packages: packagePolicy
      .prefault({})
      .describe(
        'Rules for package-request pull requests (holdout check-env): channels, CPU/GPU parity, who may remove packages, the solve.',
      ),
  })
  .strict();

export type RuntimeSection = z.output<typeof runtimeSection>;
export type ImageSource = z.output<typeof imageSource>;
export type PackagePolicy = z.output<typeof packagePolicy>;
export type Flavor = 'cpu' | 'gpu';
