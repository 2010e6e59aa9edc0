// `self-improvement team sync`, `self-improvement team run` and `self-improvement worker`, registered on the
// CLI's commander program (src/cli/program.ts): `registerTeamCommands(program, { openEngine, folder, signal })`. Typed structurally (CommandLike),
// so this file does not pin a commander version. Exit codes as the CLI's: 0 ok, 1 refused (a broken audit
// chain; for `team run` also regression / no improvement), 2 inconclusive, 3 setup error (no/invalid URL,
// server unreachable, bad input), 130 interrupted.
import fs from 'node:fs';
import path from 'node:path';
import { engineChunk } from '../chunkLoader';
import { exitCodeForVerdict } from '../engine/exitCodes';
import { isTeamError } from './errors';
import { gitOrigin } from './origin';
import { probeBlockRunner } from './runs/probeRunner';
import { BlockQueue } from './runs/queue';
import { runDistributed } from './runs/distributedRun';
import { startWorker } from './runs/worker';
import { syncTeam, type SyncableEngine, type SyncReport } from './sync';
import { TeamStore } from './teamStore';
import { describeTeamUrl, teamUrlFromEnv } from './url';

/** The part of commander's Command used here. */
export interface CommandLike {
  command(nameAndArgs: string): CommandLike;
  description(text: string): CommandLike;
  option(flags: string, description?: string, defaultValue?: string | boolean): CommandLike;
  action(fn: (...args: any[]) => void | Promise<void>): CommandLike; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface TeamEngine extends SyncableEngine {
  recordExperimentResult?(id: number, result: unknown): unknown;
  startExperiment?(id: number): unknown;
  failExperiment?(id: number, error: string): unknown;
  getCapability?(name: string): { direction: 'higher' | 'lower'; unit: string };
  improvementThreshold?: number;
  close(): Promise<void>;
}

export interface TeamCommandDeps {
  /** Opens the folder's engine (the CLI's loader, with its one-writer rule and its --db). */
  openEngine(folder: string): Promise<TeamEngine>;
  /** The project folder: the CLI's global --folder (default: the current directory). */
  folder?: () => string;
  /** Aborted on Ctrl-C (the CLI's): a sync or a run stops between batches. */
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  out?: (text: string) => void;
  err?: (text: string) => void;
  setExitCode?: (code: number) => void;
}

const EXIT = { ok: 0, refused: 1, inconclusive: 2, setup: 3 } as const;

function summary(r: SyncReport): string {
  const kinds = (counts: Record<string, number>) => Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ') || 'nothing new';
  const chains = r.chains.map((c) => `  ${c.machine} (${c.userName}): audit chain ${c.ok ? `intact (${c.checked} events)` : `BROKEN — ${c.reason}`}`);
  return [`pushed: ${kinds(r.pushed)}`, `pulled: ${kinds(r.pulled)}`, ...chains].join('\n') + '\n';
}

export function registerTeamCommands(program: CommandLike, deps: TeamCommandDeps): void {
  const env = deps.env ?? process.env;
  const out = deps.out ?? ((t: string) => process.stdout.write(t));
  const err = deps.err ?? ((t: string) => process.stderr.write(t));
  const exit = deps.setExitCode ?? ((code: number) => { process.exitCode = code; });
  const folderOf = () => path.resolve(deps.folder?.() ?? '.');
  const fail = (e: unknown) => {
    if (deps.signal?.aborted) {
      // Ctrl-C: what was stored stays stored (cursors move only after a batch), the next sync resumes.
      err('self-improvement: interrupted; what was synced so far is kept, and the next run resumes from there.\n');
      exit(130);
      return;
    }
    err(`self-improvement: ${e instanceof Error ? e.message : String(e)}\n`);
    exit(isTeamError(e, 'TEAM_AUDIT_CHAIN_BROKEN') ? EXIT.refused : EXIT.setup);
  };

  const team = program.command('team').description('Share measurements, experiments, audit events and bandit outcomes through the team\'s PostgreSQL (SELF_IMPROVEMENT_TEAM_URL).');

  team.command('sync')
    .description('Push this folder\'s records to the team store and pull everyone else\'s (safe to repeat; resumes after a fault).')
    .option('--push-only', 'only push')
    .option('--pull-only', 'only pull')
    .option('--label <label>', 'a label for this origin in the team store, e.g. CI')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { pushOnly?: boolean; pullOnly?: boolean; label?: string; json?: boolean }) => {
      let store: TeamStore | undefined;
      let engine: TeamEngine | undefined;
      try {
        const folder = folderOf();
        const url = teamUrlFromEnv(env);
        store = await TeamStore.connect(url, { applicationName: 'self-improvement team sync' });
        engine = await deps.openEngine(folder);
        const report = await syncTeam(engine, store, { direction: opts.pushOnly ? 'push' : opts.pullOnly ? 'pull' : 'both', label: opts.label ?? null, signal: deps.signal });
        out(opts.json ? JSON.stringify(report, null, 2) + '\n' : `team store ${describeTeamUrl(url)}\n${summary(report)}`);
        exit(report.ok ? EXIT.ok : EXIT.refused);
      } catch (e) {
        fail(e);
      } finally {
        await engine?.close();
        await store?.close();
      }
    });

  team.command('run')
    .description('Run an experiment on the team\'s workers: a patch against this commit, in blocks that each run both arms on one machine; analysed blocked by machine.')
    .option('--patch <file>', 'the candidate: a unified diff (git diff) relative to the folder')
    .option('--capability <name>', 'the capability to measure (each worker uses its own config\'s probe for it)')
    .option('--blocks <n>', 'blocks in all', '6')
    .option('--pairs <n>', 'A/B pairs per block', '3')
    .option('--block-timeout <seconds>', 'a block not done by then is taken as lost and retried elsewhere', '900')
    .option('--wave <n>', 'blocks per wave; the sequential rule looks after each (default: enough for a first look, at least one per live worker)')
    .option('--experiment <id>', 'record the verdict and evidence on this planned experiment of the folder\'s database')
    .option('--json', 'print the outcome as JSON')
    .action(async (opts: { patch?: string; capability?: string; blocks: string; pairs: string; blockTimeout: string; wave?: string; experiment?: string; json?: boolean }) => {
      let store: TeamStore | undefined;
      let queue: BlockQueue | undefined;
      let engine: TeamEngine | undefined;
      let started: number | undefined;
      try {
        const url = teamUrlFromEnv(env);
        if (!opts.patch || !opts.capability) throw new Error('team run needs --patch <file> and --capability <name>.');
        const folder = folderOf();
        const patch = fs.readFileSync(path.resolve(opts.patch), 'utf8');
        const whole = (v: string, name: string) => {
          const n = Number(v);
          if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1 (got ${v}).`);
          return n;
        };
        const experimentId = opts.experiment === undefined ? undefined : whole(opts.experiment, '--experiment');
        engine = await deps.openEngine(folder);
        const cap = engine.getCapability?.(opts.capability);
        if (!cap) throw new Error(`Unknown capability "${opts.capability}" in ${folder}.`);
        const { commit } = await gitOrigin(folder);
        if (!commit) throw new Error(`${folder} is not a git work tree with a commit: workers need a commit to check out.`);
        // Every other declared capability with a probe guards the run, as locally; the workers measure each by name with their own config's probe.
        const read = await engineChunk().readConfigFile(folder);
        const config = read.exists ? read.config : null;
        const { guardrails, tamper } = config ? engineChunk().distributedChecks(config, opts.capability) : { guardrails: [], tamper: { probeCommands: [], evaluatorFiles: [] } };
        if (experimentId !== undefined) {
          engine.startExperiment?.(experimentId);
          started = experimentId;
        }
        store = await TeamStore.connect(url, { applicationName: 'self-improvement team run' });
        queue = await BlockQueue.open(url);
        const outcome = await runDistributed({
          store, queue, unit: cap.unit, experimentId, signal: deps.signal,
          ...(opts.wave !== undefined ? { waveBlocks: whole(opts.wave, '--wave') } : {}),
          spec: {
            capabilityName: opts.capability, direction: cap.direction, threshold: config?.improvementThreshold ?? engine.improvementThreshold ?? 0.15, candidate: { kind: 'patch', patch }, baseCommit: commit,
            pairsPerBlock: whole(opts.pairs, '--pairs'), blocks: whole(opts.blocks, '--blocks'), blockTimeoutSeconds: whole(opts.blockTimeout, '--block-timeout'), guardrails,
          },
          tamper,
          onProgress: (done, of, stage) => { if (!opts.json) err(`${stage === 'confirmation' ? 'confirmation blocks' : stage === 'cascade' ? 'cascade pre-block' : 'blocks'} stored: ${done}/${of}\r`); },
        });
        if (experimentId !== undefined) {
          started = undefined;
          engine.recordExperimentResult?.(experimentId, { verdict: outcome.verdict, reason: outcome.reason, actualImprovement: outcome.evidence.effect?.relativeGain ?? null, evidence: outcome.evidence });
        }
        out(opts.json ? JSON.stringify({ verdict: outcome.verdict, reason: outcome.reason, confirmed: outcome.evidence.confirmed, stopped: outcome.evidence.stopped, sequential: outcome.evidence.sequential,
          guardrails: outcome.evidence.guardrails, analysis: outcome.analysis, confirmation: outcome.confirmation?.analysis ?? null, evidence: outcome.evidence.distributed }, null, 2) + '\n'
          : `\n${outcome.verdict}: ${outcome.reason}\n${outcome.evidence.log.join('\n')}\n`);
        // The CLI's one verdict → exit code contract (no improvement is a definite "no", as for `experiment`).
        exit(exitCodeForVerdict(outcome.verdict));
      } catch (e) {
        // An experiment left 'running' would be marked interrupted at the next open; say why now.
        if (started !== undefined) engine?.failExperiment?.(started, `distributed run failed: ${e instanceof Error ? e.message : String(e)}`);
        fail(e);
      } finally {
        await queue?.close(false);
        await store?.close();
        await engine?.close();
      }
    });

  program.command('worker')
    .description('Claim blocks of the team\'s distributed experiments and run them on this machine until stopped (Ctrl+C finishes the block in hand; twice abandons it).')
    .option('--machine <name>', 'how this machine is named in the evidence (default: host name)')
    .option('--poll <seconds>', 'how often to look for work', '2')
    .action(async (opts: { machine?: string; poll: string }) => {
      let store: TeamStore | undefined;
      let queue: BlockQueue | undefined;
      try {
        const folder = folderOf();
        const url = teamUrlFromEnv(env);
        if (!fs.existsSync(folder)) throw new Error(`${folder} does not exist.`);
        store = await TeamStore.connect(url, { applicationName: 'self-improvement worker' });
        queue = await BlockQueue.open(url, { pollingIntervalSeconds: Math.max(0.5, Number(opts.poll) || 2) });
        const worker = await startWorker({
          store, queue, machine: opts.machine,
          // Starting a worker on a folder is the person's explicit trust in it (and in the team's patches).
          runner: probeBlockRunner({ folder, isTrusted: () => true }),
          onEvent: (e) => out(`${new Date().toISOString()} ${e.type} run ${e.runId.slice(0, 8)} block ${e.blockIndex}${'error' in e ? `: ${e.error}` : 'reason' in e ? ` (${e.reason})` : ''}\n`),
        });
        out(`worker ${worker.workerId} on ${describeTeamUrl(url)}, folder ${folder}; Ctrl+C to stop\n`);
        let signals = 0;
        const onSignal = () => { signals++; out(signals === 1 ? 'stopping after the block in hand…\n' : 'abandoning the block in hand (it will be retried elsewhere)\n'); void worker.stop(signals === 1); };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        await worker.stopped;
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        exit(EXIT.ok);
      } catch (e) {
        fail(e);
        await queue?.close(false);
      } finally {
        await store?.close();
      }
    });
}

