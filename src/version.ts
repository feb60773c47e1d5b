/**
 * Holdout's version, from package.json: the one place it is written. The bundler inlines
 * it (dist/ is rebuilt at each release), so neither front door reads a file at run time.
 */
import pkg from '../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
