#!/usr/bin/env node
// `npx hipchat-proxy …` from a clone after `npm ci`. The CLI is TypeScript run through tsx
// (already what `npm start` uses): no build step to forget, so the CLI an operator runs is
// always the code of the checkout, with the very zod schema the Lambda validates against.
import { tsImport } from 'tsx/esm/api';

await tsImport('../src/cli/main.ts', import.meta.url);
