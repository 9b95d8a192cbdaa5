import type { BuildOptions, Metafile } from 'esbuild';

/** Packages the Lambda bundle replaces with a module of ours. */
export declare const LAMBDA_ALIASES: Record<string, string>;
/** The esbuild options of the Lambda bundles (split, metafile on). */
export declare const lambdaBundleOptions: BuildOptions & { metafile: true; splitting: true };
/** The options that build one function from its handler into `outdir`. */
export declare function lambdaBuildOptions(
  entry: string,
  outdir: string,
): BuildOptions & { metafile: true; splitting: true; entryPoints: string[]; outdir: string };
/** The entry file and the chunks it imports statically, transitively, with their total bytes. */
export declare function loadedAtImport(
  metafile: Metafile,
  entryFile: string,
): { bytes: number; files: string[] };
