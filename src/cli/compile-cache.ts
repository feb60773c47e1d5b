/**
 * Node's on-disk cache of compiled modules (module.enableCompileCache, Node 22.1+): a
 * second start of the CLI skips compiling what it loads. Node 20 has no such cache, and
 * the CLI then starts as before. NODE_DISABLE_COMPILE_CACHE=1 turns it off, as for Node.
 */
import * as nodeModule from 'node:module';

export function enableCompileCache(): void {
  // Looked up at run time: the types are Node 20's, where the function does not exist.
  const mod = nodeModule as { enableCompileCache?: () => unknown };
  try {
    mod.enableCompileCache?.();
  } catch {
    // A cache folder that cannot be written only makes the start slower: never an error.
  }
}
