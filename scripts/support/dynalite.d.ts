/** The part of dynalite (an in-memory DynamoDB on a local port, no types of its own) the tests use. */
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** Milliseconds a table takes to turn ACTIVE (and to delete, to update); 0: at once. */
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    /** A LevelDB folder; without it, in memory. */
    path?: string;
  }

  export default function dynalite(options?: DynaliteOptions): Server;
}
