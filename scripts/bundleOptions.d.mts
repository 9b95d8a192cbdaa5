import type { BuildOptions } from 'esbuild';

/** Packages the Lambda bundle replaces with a module of ours. */
export declare const LAMBDA_ALIASES: Record<string, string>;
/** The esbuild options of the Lambda bundle (metafile on). */
export declare const lambdaBundleOptions: BuildOptions & { metafile: true };
