import * as path from 'path';
import * as vscode from 'vscode';
import type { FilesPort } from '../engine/ports';
import { engineChunk } from '../chunkLoader';

/**
 * The engine's file access inside VS Code: reads what the editor holds (unsaved text included) and
 * writes through a WorkspaceEdit followed by a save, so undo works and open editors update.
 * Paths are confined to the folder like NodeFiles does: on a file: folder also through symlinks
 * (the shared confinePath check); on other schemes only lexically, as there is no realpath there.
 */
export class WorkspaceFilesPort implements FilesPort {
  constructor(private readonly root: vscode.Uri) {}

  uriOf(relativePath: string): vscode.Uri {
    const normalized = path.posix.normalize(relativePath.replace(/\\/g, '/'));
    if (path.posix.isAbsolute(normalized) || normalized === '..' || normalized.startsWith('../')) {
      throw new Error(`Refusing a path outside the workspace folder: ${relativePath}`);
    }
    return vscode.Uri.joinPath(this.root, normalized);
  }

  /** uriOf plus, for a folder on the local file system, the symlink check shared with NodeFiles. */
  async confinedUri(relativePath: string): Promise<vscode.Uri> {
    const uri = this.uriOf(relativePath);
    if (this.root.scheme === 'file') await engineChunk().confinePath(this.root.fsPath, relativePath);
    return uri;
  }

  async read(relativePath: string): Promise<string | null> {
    const uri = await this.confinedUri(relativePath);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return open.getText();
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return null;
      throw err;
    }
  }

  async write(relativePath: string, content: string): Promise<void> {
    const uri = await this.confinedUri(relativePath);
    let exists = true;
    try { await vscode.workspace.fs.stat(uri); } catch { exists = false; }
    if (!exists) {
      // A new file has no editor state to keep; create it directly (folders included).
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
      return;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, whole, content);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused to edit ${relativePath}.`);
    if (await doc.save()) return;
    // save() sometimes reports false while another save of the same file (e.g. from a diff editor that
    // shows it) completes: accept it when the file on disk has the new text, otherwise try once more.
    for (let attempt = 0; attempt < 20; attempt++) {
      await new Promise((r) => setTimeout(r, 100));
      if (!doc.isDirty && (await this.readDisk(uri)) === content) return;
      if (doc.isDirty && (await doc.save()) && (await this.readDisk(uri)) === content) return;
    }
    throw new Error(`VS Code could not save ${relativePath}.`);
  }

  private async readDisk(uri: vscode.Uri): Promise<string> {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  }
}
