// The key a folder's sync bookkeeping is stored under (which names its config file declared): the
// folder's file URI, the same the VS Code window uses, so the CLI, the MCP server and a window sharing a
// database archive only what the file really dropped.
import { pathToFileURL } from 'node:url';

export function folderKey(folder: string): string {
  return pathToFileURL(folder).href;
}
