/** Entry point of the GitHub Action (bundled to dist/index.js; see action.yml). */
import { run } from './run.js';

await run();
