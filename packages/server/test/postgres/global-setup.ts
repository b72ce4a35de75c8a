// Vitest global setup of the PostgreSQL projects: one throwaway cluster for the run, and a
// migrated database the tests share (their accounts keep them apart). Its URL reaches the
// tests through inject('postgresUrl').
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../src/store/postgres/migrations.js';
import { startThrowawayCluster } from './throwaway-cluster.js';

export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startThrowawayCluster();
  const admin = new pg.Client({ connectionString: `${cluster.baseUrl}postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE contacts_test');
  await admin.end();
  const url = `${cluster.baseUrl}contacts_test`;
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  await migrate(pool);
  await pool.end();
  project.provide('postgresUrl', url);
  return () => cluster.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated test database of the PostgreSQL projects; absent on SQLite. */
    postgresUrl?: string;
  }
}
