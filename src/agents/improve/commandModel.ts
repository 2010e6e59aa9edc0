// A chat model behind a shell command, for the CLI and CI: the prompt goes to the command's stdin, its
// stdout is the answer. Any model can be plugged in this way (a curl to an API, a local runner, a
// script); credentials stay in the command's environment, never in a settings file.
import { spawn } from 'node:child_process';
import type { ChatModelPort } from '../drafting/draftLoop';

export interface CommandModelOptions {
  command: string;
  cwd: string;
  /** Shown as the model in progress, proposals and the transcript (default: "command:<first word>"). */
  name?: string;
  timeoutSeconds?: number;
}

/** Tokens as the CLI counts them without a tokenizer: about four characters each, prompt and answer. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

export function commandModel(options: CommandModelOptions): ChatModelPort {
  const name = options.name ?? `command:${options.command.trim().split(/\s+/)[0] ?? 'model'}`;
  const timeoutMs = (options.timeoutSeconds ?? 300) * 1000;
  return {
    name,
    ask: (prompt, signal) => new Promise((resolve, reject) => {
      const child = spawn(options.command, { cwd: options.cwd, shell: true, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, SELF_IMPROVEMENT_MODEL: name } });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => { child.kill('SIGTERM'); reject(new Error(`the model command gave no answer within ${timeoutMs / 1000} s`)); }, timeoutMs);
      const onAbort = (): void => { child.kill('SIGTERM'); };
      signal?.addEventListener('abort', onAbort, { once: true });
      child.stdout.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
      child.on('error', (error) => { clearTimeout(timer); reject(new Error(`the model command could not start: ${error.message}`)); });
      child.on('close', (code) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (signal?.aborted) { reject(new Error('cancelled')); return; }
        if (code !== 0) { reject(new Error(`the model command exited with ${code}${stderr.trim() ? `: ${stderr.trim().split('\n').slice(-3).join(' ')}` : ''}`)); return; }
        if (!stdout.trim()) { reject(new Error('the model command printed no answer')); return; }
        resolve({ text: stdout, tokens: estimateTokens(prompt) + estimateTokens(stdout) });
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(prompt);
    }),
  };
}
