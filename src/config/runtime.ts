/**
 * The `runtime:` section of competition.yml: how the competition's images are made
 * (one image source per flavor) and the policy that package requests are held to.
 */
import { z } from 'zod';

const imageSource = z
  .object({
    /** Dockerfile, relative to the competition directory. */
    dockerfile: z.string().default('runtime/Dockerfile'),
    /** Build context, relative to the competition directory. */
    context: z.string().default('runtime'),
    /**
     * Conda environment file of this flavor, relative to the competition directory
     * (e.g. environment-cpu.yml). It is placed at the root of the build context as
     * `environment.yml`, so the Dockerfile can `COPY environment.yml …` even though the
     * file lives outside the context folder.
     */
    environment: z.string().optional(),
    /** Extra --build-arg values (FLAVOR is always set to the flavor name). */
    build_args: z.record(z.string(), z.string()).default({}),
    /** A ready-made image to use instead of building one (e.g. from a registry). */
    image: z.string().optional(),
  })
  .strict();

/** A conda channel: a name such as conda-forge, or a full URL. */
const channel = z.string().min(1);

const packagePolicy = z
  .object({
    /** Channels an environment file may list. Names are resolved with channel_alias. */
    allowed_channels: z.array(channel).default(['conda-forge']),
    /** Base URL that channel names are resolved against (as conda's channel_alias). */
    channel_alias: z.string().url().default('https://conda.anaconda.org'),
    /** Packages that only the GPU file may carry (the CPU/GPU parity check skips them). */
    gpu_only: z.array(z.string()).default(['pytorch-cuda', 'cuda-version', 'cudatoolkit', 'cuda-toolkit', 'cudnn', 'nccl']),
    /** GitHub logins allowed to remove packages (besides repository owners and members). */
    organizers: z.array(z.string()).default([]),
    /** Solve both environments for this platform before any build. */
    solve: z.boolean().default(true),
    platform: z.string().default('linux-64'),
    /** What the runners provide, as conda virtual packages (name → version), for the solver. */
    virtual_packages: z.record(z.string().regex(/^__[a-z0-9_]+$/, 'must be a virtual package name such as __glibc'), z.string()).default({ __unix: '0', __linux: '5.15', __glibc: '2.35', __archspec: '1' }),
    /** CUDA version the GPU runners' driver supports (__cuda for the GPU solve). */
    cuda_version: z.string().default('12.4'),
    /** Most time the solve (channel downloads included) may take, in seconds. */
    solve_timeout: z.number().positive().default(120),
  })
  .strict();

export const runtimeSection = z
  .object({
    /** Which flavor `holdout test` uses unless --gpu asks for the GPU one. */
    flavor: z.enum(['cpu', 'gpu']).default('cpu'),
    cpu: imageSource.prefault({}),
    gpu: imageSource.optional(),
    /** Network used by `docker build` (RUN steps). "none" for air-gapped builds. */
    build_network: z.enum(['default', 'none', 'host']).default('default'),
    /** Repository part of image tags; the tag itself is derived from the content. */
    repository: z
      .string()
      .regex(/^([a-z0-9.-]+(:\d+)?\/)?[a-z0-9]+([._\/-][a-z0-9]+)*$/, 'must be a lowercase image repository name, optionally behind a registry host (ghcr.io/org/runtime)')
      .default('holdout/runtime'),
    /**
     * Before building a content tag that is not on this machine, try `docker pull` of it:
     * set this when `repository` names the registry the default-branch workflow pushes to.
     */
    pull: z.boolean().default(false),
    /** Registry image used as build cache (--cache-from), when the organizer has one. */
    cache_from: z.string().optional(),
    /** Rules for package-request pull requests (holdout check-env). */
    packages: packagePolicy.prefault({}),
  })
  .strict();

export type RuntimeSection = z.output<typeof runtimeSection>;
export type ImageSource = z.output<typeof imageSource>;
export type PackagePolicy = z.output<typeof packagePolicy>;
export type Flavor = 'cpu' | 'gpu';
