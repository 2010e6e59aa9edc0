// The agent tools in one table: names (MCP and VS Code), descriptions a model reads, and the JSON
// input schemas. package.json's contributes.languageModelTools repeats these (a unit test keeps them
// equal); the MCP server builds its schemas from them.

export interface ToolSpec {
  /** MCP tool name. */
  name: 'list_weaknesses' | 'capability_history' | 'generate_experiments' | 'run_experiment' | 'propose_improvement'
    | 'sync_config' | 'measure_capability' | 'calibrate_noise' | 'show_evidence';
  /**
   * VS Code language-model tool name (contributes.languageModelTools[].name); null for tools only the MCP
   * server offers (inside VS Code the window itself syncs, measures and calibrates).
   */
  lmName: string | null;
  title: string;
  description: string;
  /** Reads only (answered even when the database is in use by another process). */
  readOnly: boolean;
  inputSchema: { type: 'object'; properties: Record<string, Record<string, unknown>>; required?: string[]; additionalProperties: false };
}

export const TOOL_SPECS: readonly ToolSpec[] = [
  {
    name: 'list_weaknesses', lmName: 'selfImprovement_listWeaknesses', title: 'List Weaknesses', readOnly: true,
    description: 'Lists the weaknesses of the code base or agent found by the Self-Improvement Engine (measured capabilities below their target, and ones identified by hand), most urgent first, with id, severity, impact and capability. Use it to decide what to improve next.',
    inputSchema: {
      type: 'object', additionalProperties: false,
      properties: {
        status: { type: 'string', enum: ['open', 'resolved', 'all'], description: 'Which weaknesses; default "open".' },
        minImpact: { type: 'number', minimum: 0, maximum: 1, description: 'Only weaknesses with at least this impact (0 to 1); default 0.' },
      },
    },
  },
  {
    name: 'capability_history', lmName: 'selfImprovement_capabilityHistory', title: 'Show Capability History', readOnly: true,
    description: 'Shows one measured capability: baseline, target, current value, gap, trend, its latest measurements, its weaknesses and the experiments run on it with their verdicts. Use it before designing a change, to see what was tried.',
    inputSchema: {
      type: 'object', additionalProperties: false, required: ['name'],
      properties: {
        name: { type: 'string', description: 'The capability name, e.g. "startup-ms" (list_weaknesses shows the names).' },
        limit: { type: 'integer', minimum: 1, maximum: 200, description: 'How many latest measurements; default 20.' },
      },
    },
  },
  {
    name: 'generate_experiments', lmName: 'selfImprovement_generateExperiments', title: 'Generate Experiments', readOnly: false,
    description: 'Plans experiments for an open weakness: each has an approach, a hypothesis, a methodology and an expected improvement learned from past outcomes. Returns their ids; run one on a patch to measure it.',
    inputSchema: {
      type: 'object', additionalProperties: false, required: ['weaknessId'],
      properties: {
        weaknessId: { type: 'integer', minimum: 1, description: 'Id of an open weakness (from list_weaknesses).' },
        count: { type: 'integer', minimum: 1, maximum: 10, description: 'How many experiments; default 3.' },
      },
    },
  },
  {
    name: 'run_experiment', lmName: 'selfImprovement_runExperiment', title: 'Run Experiment on a Patch', readOnly: false,
    description: 'Measures a candidate change: applies a unified diff in a temporary copy of the workspace, runs the capability\'s probe for baseline and candidate alternately, and decides with statistics (significance, guardrails, a confirmation run). A confirmed success becomes a proposal that waits for a person\'s approval; nothing is ever applied to the user\'s files. Can take minutes.',
    inputSchema: {
      type: 'object', additionalProperties: false, required: ['experimentId', 'patch'],
      properties: {
        experimentId: { type: 'integer', minimum: 1, description: 'A planned (or failed) experiment, from generate_experiments.' },
        patch: { type: 'string', description: 'A unified diff (git diff format: "--- a/file", "+++ b/file", "@@" hunks) relative to the workspace folder.' },
        maxSamplesPerArm: { type: 'integer', minimum: 6, maximum: 100, description: 'Budget: at most this many runs per arm.' },
        maxMinutes: { type: 'number', exclusiveMinimum: 0, maximum: 120, description: 'Budget: stop (inconclusive) after this many minutes.' },
      },
    },
  },
  {
    name: 'propose_improvement', lmName: 'selfImprovement_proposeImprovement', title: 'Propose Improvement', readOnly: false,
    description: 'Proposes a code change for a person to review in VS Code\'s diff editor. It is always left pending: nothing is written to the file until a person approves it. Give oldCode (which must occur exactly once in the file) and newCode, or only newCode to replace the whole file. Link the experiment that measured it when there is one.',
    inputSchema: {
      type: 'object', additionalProperties: false, required: ['name', 'filePath', 'newCode'],
      properties: {
        name: { type: 'string', description: 'A short title for the change.' },
        filePath: { type: 'string', description: 'Path relative to the workspace folder, e.g. "src/cache.ts".' },
        newCode: { type: 'string', description: 'The replacement text (or the whole new file when oldCode is omitted).' },
        oldCode: { type: 'string', description: 'The exact text to replace; must occur exactly once in the file.' },
        description: { type: 'string', description: 'Why: the weakness, the evidence, the expected effect.' },
        experimentId: { type: 'integer', minimum: 1, description: 'The experiment that measured this change, if any.' },
      },
    },
  },
  {
    name: 'sync_config', lmName: null, title: 'Sync Capabilities from the Config File', readOnly: false,
    description: 'Reads the workspace\'s .vscode/self-improvement.json and brings the database in line: declared capabilities are added or updated, ones the file dropped are archived with their history. A file with errors changes nothing and the errors are returned. Start here on a new database; then measure_capability.',
    inputSchema: { type: 'object', additionalProperties: false, properties: {} },
  },
  {
    name: 'measure_capability', lmName: null, title: 'Measure Capabilities', readOnly: false,
    description: 'Syncs the config file, then runs the probe command of each named capability (default: every one with a probe) in the workspace folder and records the values; a capability below its target opens or updates a weakness (then list_weaknesses and generate_experiments). Runs the folder\'s commands, so it needs a trusted server (--trusted). Can take minutes; sends progress notifications.',
    inputSchema: {
      type: 'object', additionalProperties: false,
      properties: { names: { type: 'array', items: { type: 'string' }, maxItems: 50, description: 'Capability names (default: every one with a probe).' } },
    },
  },
  {
    name: 'calibrate_noise', lmName: null, title: 'Calibrate Noise', readOnly: false,
    description: 'Runs a capability\'s probe on HEAD against itself (A/A, interleaved, in temporary worktrees) and stores its spread; experiments then plan how many runs they need from it, and warn when the threshold is below what the noise lets them detect. Needs a trusted server (--trusted). Sends progress notifications.',
    inputSchema: {
      type: 'object', additionalProperties: false, required: ['name'],
      properties: {
        name: { type: 'string', description: 'The capability name.' },
        runs: { type: 'integer', minimum: 2, maximum: 50, description: 'Runs per arm; default 10.' },
      },
    },
  },
  {
    name: 'show_evidence', lmName: null, title: 'Show Experiment Evidence', readOnly: true,
    description: 'Shows a measured experiment\'s evidence as Markdown: verdict and reason, the effect with its interval (the confirmation run\'s when there is one), samples, guardrails, flipped pass/fail cases, tamper flags, the plan and how long it took.',
    inputSchema: {
      type: 'object', additionalProperties: false, required: ['experimentId'],
      properties: { experimentId: { type: 'integer', minimum: 1, description: 'The experiment (from run_experiment or capability_history).' } },
    },
  },
];

export function toolSpec(name: ToolSpec['name']): ToolSpec {
  return TOOL_SPECS.find((t) => t.name === name)!;
}
