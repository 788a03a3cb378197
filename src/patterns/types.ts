import type { TriggerType } from '../model/types';

/** Pattern ids: the CLI's PATTERN argument and the quick pick's first step (architecture.md). */
export const patternIds = ['api', 'file-processing', 'scheduled', 'stream', 'event-sourcing', 'chaining', 'queue-worker'] as const;
export type PatternId = (typeof patternIds)[number];

/** Handler languages, as the CLI spells them. */
export const languages = ['ts', 'js', 'python', 'csharp'] as const;
export type Language = (typeof languages)[number];

/** Where a function is declared. */
export type Platform = 'aws' | 'azure';

/** A handler source written in template markup (see snippetText.ts). */
export interface HandlerTemplate {
  /** Snippet prefix, `sls-…`. */
  prefix: string;
  /** Shown in the snippet list and the quick pick. */
  description: string;
  language: Language;
  /** Template markup of the whole file. */
  body: string;
  /** The tab stop that holds the function's name (Azure registrations, C# classes); filled by `new`. */
  nameStop?: number;
}

/** One pattern: what it is for, the triggers it adds, and its handlers per platform and language. */
export interface Pattern {
  id: PatternId;
  label: string;
  description: string;
  /** Trigger types the generated function has, per platform (what `list` must show). */
  triggers: Partial<Record<Platform, TriggerType[]>>;
  /** How the pattern reads for an Azure Functions app (its triggers and services are Azure's). */
  azure?: { label: string; description: string };
}

export const languageLabels: Record<Language, string> = {
  ts: 'TypeScript',
  js: 'JavaScript',
  python: 'Python',
  csharp: 'C#',
};
