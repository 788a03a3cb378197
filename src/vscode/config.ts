// The extension's settings, typed (rust-analyzer's `Config`): every feature reads `serverlessWorkbench.*` through
// here and subscribes to `onDidChange` instead of calling `workspace.getConfiguration` itself. This module does not
// import `vscode` (it takes a `SettingsStore`), so its rules are unit-tested in plain Node; vscodeConfig.ts adapts it.
import type { IgnoredRemoteValue, RemoteValueSource } from '../shared/remoteTrust';
import { pickRemoteValue } from '../shared/remoteTrust';
import { settingIds } from './ids';

/** Scopes as package.json declares them (a unit test compares). */
export type SettingScope = 'machine' | 'window' | 'resource';

interface SettingDef<T> {
  key: string;
  scope: SettingScope;
  default: T;
  /**
   * Chooses where remote calls go or whose identity signs them: in `capabilities.untrustedWorkspaces.restrictedConfigurations`,
   * and read under the rule of src/shared/remoteTrust.ts (the workspace's value waits for trust).
   */
  restricted?: boolean;
  /** The value checked against its type; undefined for anything else (the default then applies). */
  sanitize: (raw: unknown) => T | undefined;
  /** For restricted settings: what the value is, in the untrusted-workspace note. */
  remote?: IgnoredRemoteValue['what'];
}

const text = (raw: unknown): string | undefined => (typeof raw === 'string' && raw.trim() ? raw.trim() : undefined);
const flag = (raw: unknown): boolean | undefined => (typeof raw === 'boolean' ? raw : undefined);
const oneOf =
  <T extends string>(...values: T[]) =>
  (raw: unknown): T | undefined =>
    values.includes(raw as T) ? (raw as T) : undefined;
const strings = (raw: unknown): string[] | undefined => (Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : undefined);
const INTERPRETER_KEY = /^(node|python|nodejs\d+\.x|python\d+\.\d+)$/;
/** Runtime id or family → executable; anything but a non-empty string under a known key is dropped. */
const interpreters = (raw: unknown): Record<string, string> | undefined => {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) if (INTERPRETER_KEY.test(k) && typeof v === 'string' && v.trim()) out[k] = v.trim();
  return out;
};

function def<T>(key: string, scope: SettingScope, dflt: T, sanitize: (raw: unknown) => T | undefined, extra: { restricted?: boolean; remote?: IgnoredRemoteValue['what'] } = {}): SettingDef<T> {
  return { key, scope, default: dflt, sanitize, ...extra };
}

/** Every setting the manifest contributes, with its type, scope and default. */
export const settingDefs = {
  codeLensEnabled: def(settingIds.codeLensEnabled, 'resource', true, flag),
  exclude: def<string[]>(settingIds.exclude, 'resource', [], strings),
  validationEnabled: def(settingIds.validationEnabled, 'resource', true, flag),
  // Empty is a value here: "only new lines".
  logsSince: def(settingIds.logsSince, 'resource', '5m', (raw) => (typeof raw === 'string' ? raw.trim() : undefined)),
  logsMode: def(settingIds.logsMode, 'resource', 'auto' as const, oneOf('auto', 'live-tail', 'polling', 'local')),
  awsProfile: def<string | undefined>(settingIds.awsProfile, 'window', undefined, text, { restricted: true, remote: 'profile' }),
  awsRegion: def<string | undefined>(settingIds.awsRegion, 'window', undefined, text),
  awsEndpointUrl: def<string | undefined>(settingIds.awsEndpointUrl, 'window', undefined, text, { restricted: true, remote: 'endpoint' }),
  costRegion: def<string | undefined>(settingIds.costRegion, 'resource', undefined, text),
  localAwsServices: def(settingIds.localAwsServices, 'window', 'local' as const, oneOf('local', 'aws')),
  azureFuncPath: def<string | undefined>(settingIds.azureFuncPath, 'machine', undefined, text),
  azureHostUrl: def<string | undefined>(settingIds.azureHostUrl, 'machine', undefined, text),
  localInterpreters: def<Record<string, string>>(settingIds.localInterpreters, 'machine', {}, interpreters),
  azureSubscription: def<string | undefined>(settingIds.azureSubscription, 'window', undefined, text, { restricted: true, remote: 'subscription' }),
  azureFunctionApp: def<string | undefined>(settingIds.azureFunctionApp, 'resource', undefined, text, { restricted: true, remote: 'function app' }),
  azureResourceManagerEndpoint: def<string | undefined>(settingIds.azureResourceManagerEndpoint, 'machine', undefined, text),
};

export type SettingName = keyof typeof settingDefs;
export type SettingValue<N extends SettingName> = (typeof settingDefs)[N]['default'];
/** Groups features subscribe to: every setting whose key starts with `serverlessWorkbench.<group>.`. */
export type SettingGroup = 'aws' | 'azure' | 'logs' | 'local' | 'cost';

/** What the Config needs of the editor's settings; vscodeConfig.ts implements it over `workspace.getConfiguration`. */
export interface SettingsStore {
  /** The effective value for a folder (its path), or for the window (undefined), as the editor resolves it. */
  get(key: string, folder?: string): unknown;
  /** Values by level, for the rule on restricted settings. */
  inspect(key: string, folder?: string): { user?: unknown; workspace?: unknown; folder?: unknown };
  /** Writes a value to the workspace (the folder's settings for a resource-scoped key) or, without a folder open, to the user's. */
  write(key: string, value: unknown, folder?: string): Promise<void>;
  /** Calls back with a test of which keys a change touched (for a folder, or anywhere). */
  onDidChange(listener: (affects: (key: string) => boolean) => void): { dispose(): void };
}

/** The workspace's trust, and its grant (VS Code has no revocation without a reload). */
export interface TrustState {
  trusted(): boolean;
  onDidGrant(listener: () => void): { dispose(): void };
}

/**
 * Choices the person made in an untrusted workspace for restricted settings: kept by the editor for this workspace
 * (its workspace state, not the repository's files), since the workspace's own settings do not count there.
 */
export interface ChoiceMemory {
  get(key: string): string | undefined;
  set(key: string, value: string | undefined): Promise<void>;
}

/** What one change touched. */
export interface ConfigChange {
  /** True when the named setting (or any setting of the group) changed, or its effective value did through trust. */
  affects(name: SettingName | SettingGroup): boolean;
  /** The workspace was trusted: restricted settings now read the workspace's values, and workspace code may run. */
  readonly trustGranted: boolean;
}

/** A restricted setting's value with where it came from (the rule in src/shared/remoteTrust.ts). */
export interface RemoteSetting<T> {
  value: T;
  source: RemoteValueSource;
  /** A workspace value passed over because the workspace is not trusted. */
  ignored?: IgnoredRemoteValue;
}

const GROUP_PREFIX = 'serverlessWorkbench.';

export class Config {
  private readonly listeners = new Set<(change: ConfigChange) => void>();
  private readonly subscriptions: Array<{ dispose(): void }> = [];

  constructor(
    private readonly store: SettingsStore,
    private readonly trust: TrustState,
    private readonly choices: ChoiceMemory,
  ) {
    // One listener for the editor's changes; features hear them through onDidChange.
    this.subscriptions.push(
      store.onDidChange((affects) => {
        const names = (Object.keys(settingDefs) as SettingName[]).filter((n) => affects(settingDefs[n].key));
        if (names.length) this.fire(names, false);
      }),
      trust.onDidGrant(() => this.fire((Object.keys(settingDefs) as SettingName[]).filter((n) => (settingDefs[n] as SettingDef<unknown>).restricted), true)),
    );
  }

  get trusted(): boolean {
    return this.trust.trusted();
  }

  /** The setting's value for a folder (a path; resource-scoped settings differ per folder) or the window, type-checked. */
  get<N extends SettingName>(name: N, folder?: string): SettingValue<N> {
    const d = settingDefs[name] as SettingDef<SettingValue<N>>;
    if (d.restricted) return this.remote(name, folder).value;
    return d.sanitize(this.store.get(d.key, d.scope === 'resource' ? folder : undefined)) ?? d.default;
  }

  /**
   * A restricted setting under the remote-trust rule: trusted, the editor's value; untrusted, the person's choice made
   * here, then their user value; a workspace or folder value is passed over and reported.
   */
  remote<N extends SettingName>(name: N, folder?: string): RemoteSetting<SettingValue<N>> {
    const d = settingDefs[name] as SettingDef<SettingValue<N>>;
    const scoped = d.scope === 'resource' ? folder : undefined;
    const trusted = this.trusted;
    const levels = this.store.inspect(d.key, scoped);
    if (!d.restricted || trusted) {
      const value = d.sanitize(this.store.get(d.key, scoped));
      if (value === undefined) return { value: d.default, source: 'default' };
      const fromWorkspace = [levels.folder, levels.workspace].some((v) => v !== undefined && d.sanitize(v) === value);
      return { value, source: fromWorkspace ? 'workspace' : 'user' };
    }
    const asText = (raw: unknown): string | undefined => {
      const v = d.sanitize(raw);
      return typeof v === 'string' ? v : undefined;
    };
    const picked = pickRemoteValue(
      d.remote ?? 'profile',
      [
        [asText(this.choices.get(d.key)), 'choice'],
        [asText(levels.folder), 'workspace'],
        [asText(levels.workspace), 'workspace'],
        [asText(levels.user), 'user'],
      ],
      trusted,
    );
    const value = picked.value as SettingValue<N> | undefined;
    return { value: value ?? d.default, source: picked.source, ...(picked.ignored[0] ? { ignored: picked.ignored[0] } : {}) };
  }

  /**
   * Stores what the person picked (a quick pick): in the workspace's settings when it is trusted; in an untrusted
   * workspace a restricted setting is remembered for this workspace outside its files, where the rule reads it.
   */
  async choose<N extends SettingName>(name: N, value: string | undefined, folder?: string): Promise<void> {
    const d = settingDefs[name] as SettingDef<unknown>;
    const scoped = d.scope === 'resource' ? folder : undefined;
    if (d.restricted && !this.trusted) {
      await this.choices.set(d.key, value || undefined);
      this.fire([name], false);
      return;
    }
    await this.store.write(d.key, value || undefined, scoped);
  }

  /** Called with each change; dispose the result to stop. */
  onDidChange(listener: (change: ConfigChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.listeners.clear();
  }

  private fire(names: SettingName[], trustGranted: boolean): void {
    const keys = names.map((n) => settingDefs[n].key);
    const change: ConfigChange = {
      trustGranted,
      affects: (what) => (what in settingDefs ? names.includes(what as SettingName) : keys.some((k) => k.startsWith(`${GROUP_PREFIX}${what}.`))),
    };
    for (const l of [...this.listeners]) l(change);
  }
}
