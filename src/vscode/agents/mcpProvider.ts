// Offers the MCP server (dist/mcp.js) to VS Code's agents: the same database file and folder as this
// window. Owns its change emitter (trust granted → the definition changes) and disposes both.
import * as vscode from 'vscode';
import type { EngineHost } from '../engineHost';

export const MCP_PROVIDER_ID = 'selfImprovement.mcpServer';
export const MCP_SERVER_LABEL = 'Self-Improvement Engine';

export class SelfImprovementMcpProvider implements vscode.McpServerDefinitionProvider<vscode.McpStdioServerDefinition>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeMcpServerDefinitions = this.changed.event;
  private readonly trust: vscode.Disposable;

  constructor(private readonly host: EngineHost, private readonly extensionUri: vscode.Uri, private readonly version: string) {
    this.trust = vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire());
  }

  provideMcpServerDefinitions(): vscode.McpStdioServerDefinition[] {
    const folder = this.host.folder;
    if (!folder) return [];
    const script = vscode.Uri.joinPath(this.extensionUri, 'dist', 'mcp.js').fsPath;
    const args = [script, '--db', this.host.dbPath, '--root', folder.fsPath, ...(vscode.workspace.isTrusted ? ['--trusted'] : ['--untrusted'])];
    // process.execPath is Electron in desktop VS Code: ELECTRON_RUN_AS_NODE makes it plain Node (ignored by Node).
    const def = new vscode.McpStdioServerDefinition(MCP_SERVER_LABEL, process.execPath, args, { ELECTRON_RUN_AS_NODE: '1' }, this.version);
    def.cwd = folder;
    return [def];
  }

  dispose(): void {
    this.trust.dispose();
    this.changed.dispose();
  }
}
