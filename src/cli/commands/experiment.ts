// `self-improvement experiment (--patch FILE | --working-tree | --ref REV)`: the same loop as the
// extension (plan, interleaved A/B runs, sequential stopping, guardrails, confirmation); a confirmed
// success becomes a pending proposal. --json prints the evidence with a top-level `verdict`.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Command } from 'commander';
import type { LoopCandidate } from '../../engine/loop/candidates';
import type { CapabilityConfig, SelfImprovementConfig } from '../../engine/config/types';
import { engineChunk } from '../../chunkLoader';
import { CliError, ExitCode, exitCodeForVerdict } from '../exitCodes';
import type { CliDeps } from '../program';
import { positiveInt, positiveNumber } from './parse';

function targetCapability(config: SelfImprovementConfig, name: string | undefined): CapabilityConfig {
  const probed = config.capabilities.filter((c) => c.probe);
  if (name) {
    const cap = config.capabilities.find((c) => c.name === name);
    if (!cap) throw new CliError(`--capability ${name} is not declared in .vscode/self-improvement.json. Declared: ${config.capabilities.map((c) => c.name).join(', ') || 'none'}.`);
    if (!cap.probe) throw new CliError(`--capability ${name} has no probe, so an experiment cannot measure it.`);
    return cap;
  }
  if (probed.length === 1) return probed[0]!;
  if (!probed.length) throw new CliError('No capability in .vscode/self-improvement.json has a probe, so there is nothing to measure.');
  throw new CliError(`Several capabilities have probes (${probed.map((c) => c.name).join(', ')}); name the one the change should improve with --capability NAME (the others are its guardrails).`);
}

async function candidateFrom(opts: Record<string, unknown>, folder: string): Promise<LoopCandidate> {
  const given = ['patch', 'workingTree', 'ref'].filter((k) => opts[k] !== undefined && opts[k] !== false);
  if (given.length !== 1) {
    throw new CliError(given.length ? `Give only one candidate, not ${given.map((k) => `--${k === 'workingTree' ? 'working-tree' : k}`).join(' and ')}.`
      : 'Say what to measure against HEAD: --patch FILE (a unified diff), --working-tree (your uncommitted changes) or --ref REV (a branch or commit).');
  }
  if (opts.workingTree) return { kind: 'working-tree' };
  if (typeof opts.patch === 'string') {
    const file = path.resolve(opts.patch);
    let patch: string;
    try { patch = await readFile(file, 'utf8'); } catch (error) { throw new CliError(`--patch ${file} cannot be read: ${(error as Error).message}`); }
    if (!/^(diff --git |--- |@@ )/m.test(patch)) throw new CliError(`--patch ${file} is not a unified diff (git diff format: "--- a/file", "+++ b/file", "@@" hunks).`);
    return { kind: 'patch', patch };
  }
  const patch = await engineChunk().patchFromHeadTo(folder, String(opts.ref));
  if (patch.trim() === '') throw new CliError(`--ref ${String(opts.ref)} has the same files as HEAD; there is nothing to compare.`);
  return { kind: 'patch', patch };
}

export function registerExperiment(program: Command, deps: CliDeps): void {
  program.command('experiment')
    .description('Measure a candidate change against HEAD with an A/B experiment: interleaved runs in scratch worktrees, sequential stopping, guardrails (every other capability with a probe), a confirmation run. A confirmed success is proposed, pending your approval; your files are never changed.')
    .option('--patch <file>', 'the candidate: a unified diff against HEAD')
    .option('--working-tree', 'the candidate: your uncommitted changes (and untracked files) against HEAD')
    .option('--ref <rev>', 'the candidate: a branch, tag or commit, measured against HEAD')
    .option('--capability <name>', 'the capability the change should improve (needed when several have probes)')
    .option('--max-runs <n>', 'budget: at most this many runs per arm (a verdict needs 6)', positiveInt('--max-runs'))
    .option('--max-minutes <m>', 'budget: stop, inconclusive, after this many minutes', positiveNumber('--max-minutes'))
    .option('--json', 'print the evidence as JSON, with a top-level "verdict"')
    .addHelpText('after', '\nExit codes: 0 success, 1 refused / regression / no_improvement, 2 inconclusive, 3 failed or setup error.')
    .action(deps.action(async (ctx, opts) => {
      // Arguments are checked before the database is opened: a typo changes nothing.
      const candidate = await candidateFrom(opts, ctx.folder);
      return deps.withEngine(ctx, 'write', async (engine) => {
        const loop = engineChunk();
        const { config } = await deps.syncConfig(ctx, engine);
        const cap = targetCapability(config, opts.capability as string | undefined);
        const budget = { ...(opts.maxRuns ? { maxSamplesPerArm: opts.maxRuns as number } : {}), ...(opts.maxMinutes ? { maxMinutes: opts.maxMinutes as number } : {}) };
        const plan = loop.planExperiment(engine, cap, budget, { config });
        ctx.note(`Experiment on ${cap.name} (${loop.describeCandidate(candidate)}): ${plan.samplesPerArm} runs per arm planned (${plan.basis}); the budget ends at ${plan.maxSamplesPerArm}.${plan.warning ? ` ${plan.warning}` : ''}`);
        const exp = engine.createExperiment({ capabilityName: cap.name, name: `${cap.name}: ${loop.describeCandidate(candidate)} (cli)` });
        const total = plan.maxSamplesPerArm * 2;
        let out;
        try {
          out = await loop.runExperiment(engine, {
            experimentId: exp.id, candidate, folder: ctx.folder, config, isTrusted: () => true, signal: ctx.signal, budget,
            onProgress: (p) => ctx.progress.step(p.ab?.index !== undefined ? p.ab.index * 2 + (p.ab.arm === 'candidate' ? 2 : 1) : 0, total,
              `${p.stage === 'target' ? '' : `${p.stage} `}${p.capability}: ${p.message}`),
          });
        } catch (error) {
          if (ctx.signal.aborted) throw error;
          const message = error instanceof Error ? error.message : String(error);
          if (opts.json) ctx.print(JSON.stringify({ verdict: 'failed', experimentId: exp.id, capability: cap.name, reason: message, evidence: engine.getExperimentEvidence(exp.id) }, null, 2));
          else ctx.print(`Experiment #${exp.id} failed: ${message}`);
          return ExitCode.Setup;
        }
        ctx.progress.end();
        const verdict = out.evidence.verdict;
        const proposals = out.improvements.map((i) => ({ id: i.id, filePath: i.filePath, status: i.status, proposedBy: i.proposedBy }));
        if (opts.json) {
          ctx.print(JSON.stringify({ verdict, experimentId: exp.id, capability: cap.name, reason: out.evidence.reason, proposals, plan: out.plan, evidence: out.evidence }, null, 2));
        } else {
          ctx.print(loop.evidenceMarkdown(`Experiment #${exp.id}: ${out.experiment.name}`, out.evidence));
          if (proposals.length) ctx.print(`Proposed, pending your approval (VS Code's Improvements view): ${proposals.map((p) => `#${p.id} ${p.filePath}`).join(', ')}.`);
        }
        return exitCodeForVerdict(verdict);
      });
    }));
}
