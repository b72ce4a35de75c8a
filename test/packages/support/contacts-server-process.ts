// The installed `contacts-server` bin, started on a free port with a fresh database.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface ServerProcess {
  url: string;
  secretKey: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startInstalledServer(
  projectDir: string,
  dbPath: string,
): Promise<ServerProcess> {
  const secretKey = `sk_consumer_${Math.random().toString(36).slice(2, 14)}`;
  const child: ChildProcess = spawn(
    join(projectDir, 'node_modules/.bin/contacts-server'),
    ['--port', '0', '--db', dbPath, '--seed-demo', '12', '--rate-limit', '0'],
    {
      cwd: projectDir,
      env: { ...process.env, CONTACTS_SECRET_KEY: secretKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  };
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`contacts-server exited with ${code}:\n${output}`)),
    );
  });
  return { url, secretKey, output: () => output, stop };
}
