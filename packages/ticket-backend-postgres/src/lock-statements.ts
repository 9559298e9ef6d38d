import type { SchemaNames } from "./schema-names.js";
import { DATABASE_TIME_SQL, type Statement, statement } from "./ticket-statements.js";

const ISO_TIME = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The store-lock statements of one schema; each is one statement, so no transaction stays open. */
export class LockStatements {
  /**
   * `$1` name, `$2` holder, `$3` ttl in ms: takes the lock if it is free, expired or the holder's
   * own, in database time; returns the lock as it now stands either way (`acquired` says whose).
   */
  readonly acquire: Statement;
  /** `$1` name, `$2` holder: removes the lock only if the holder holds it; one row when it did. */
  readonly release: Statement;

  constructor(names: SchemaNames) {
    const { locks } = names;
    this.acquire = statement(
      `WITH clock AS MATERIALIZED (SELECT ${DATABASE_TIME_SQL} AS now), taken AS (
        INSERT INTO ${locks} AS lock (name, holder, expires_at)
        SELECT $1, $2, now + $3::integer * interval '1 millisecond' FROM clock
        ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
        WHERE lock.holder = EXCLUDED.holder OR lock.expires_at <= (SELECT now FROM clock)
        RETURNING holder, expires_at
      )
      SELECT true AS acquired, holder, ${ISO_TIME("expires_at")} AS expires_at FROM taken
      UNION ALL
      SELECT false, holder, ${ISO_TIME("expires_at")} FROM ${locks}
        WHERE name = $1 AND NOT EXISTS (SELECT 1 FROM taken)`,
    );
    this.release = statement(`DELETE FROM ${locks} WHERE name = $1 AND holder = $2 RETURNING name`);
  }
}
