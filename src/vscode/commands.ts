import * as vscode from 'vscode';
import type { CommandName, CommandSpec, FunctionRequirement, Preconditions, Refusal } from './commandTable';
import { commandTable, featureTable, refusal, unavailable } from './commandTable';
import { commandIds } from './ids';

/**
 * The command table at run time: features register their handlers through it; before a handler runs, the table
 * checks what the command needs and, when something is missing, shows the one reason (with the action that helps)
 * and logs it, instead of running.
 */
export class Commands {
  private readonly registered = new Set<CommandName>();

  constructor(
    /** The window's state now (after `ready`). */
    private readonly state: () => Preconditions,
    /** Resolves once the state is known (the first workspace scan). */
    private readonly ready: () => Promise<void>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Registers a command's handler, guarded by the table's needs; the caller owns the result. */
  register(name: CommandName, handler: (...args: never[]) => unknown): vscode.Disposable {
    const spec = commandTable[name];
    this.registered.add(name);
    const d = vscode.commands.registerCommand(commandIds[name], async (...args: unknown[]) => {
      await this.ready();
      const refused = unavailable(spec, this.state());
      if (refused) {
        this.refuse(refused);
        return undefined;
      }
      return (handler as (...a: unknown[]) => unknown)(...args);
    });
    return d;
  }

  /** Why the command cannot run now (undefined: it can). */
  async unavailable(name: CommandName): Promise<Refusal | undefined> {
    await this.ready();
    return unavailable(commandTable[name], this.state());
  }

  /** Why the command cannot run now, without waiting for the first scan (for paths that already hold a function). */
  unavailableNow(name: CommandName): Refusal | undefined {
    return unavailable(commandTable[name], this.state());
  }

  /** Why a feature of the table (an Invoke view target) cannot run: the same reasons as commands. */
  featureUnavailable(name: keyof typeof featureTable): Refusal | undefined {
    return unavailable(featureTable[name], this.state());
  }

  /** The refusal for a function-level need (an interpreter) of a command, shown like the others. */
  refuseForFunction(name: CommandName, requirement: FunctionRequirement, detail: string): Refusal {
    const r = refusal(commandTable[name] as CommandSpec, requirement, detail);
    this.refuse(r);
    return r;
  }

  /** Shows a refusal (its action as the button) and logs it. */
  refuse(r: Refusal): void {
    this.log.info(`Not run: ${r.message}`);
    const shown = r.action ? vscode.window.showWarningMessage(r.message, r.action.title) : vscode.window.showWarningMessage(r.message);
    void shown.then((picked) => {
      if (picked && r.action) void vscode.commands.executeCommand(r.action.command, ...(r.action.args ?? []));
    });
  }

  /** Table entries no feature registered a handler for (activation checks it is empty). */
  missing(): CommandName[] {
    return (Object.keys(commandTable) as CommandName[]).filter((n) => !this.registered.has(n));
  }
}
