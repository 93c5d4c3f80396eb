/** Opening Gatehouse's services for one CLI command. */
import { loadConfig } from '../config/index.ts';
import { createGatehouse, type Gatehouse } from '../main.ts';

/** Opens Gatehouse's services for one command and closes them after. */
export async function withGatehouse<T>(fn: (g: Gatehouse) => Promise<T>): Promise<T> {
  const gatehouse = await createGatehouse(loadConfig());
  if (gatehouse.emulator) process.stderr.write(`note: no Okta org is connected; using the embedded demo org for this command (gatehouse connect okta … to use yours).\n`);
  for (const p of gatehouse.loadProblems) process.stderr.write(`warning: ${p.message}\n`);
  try {
    return await fn(gatehouse);
  } finally {
    await gatehouse.close();
  }
}
