/**
 * The files each command reads and writes, checked in one place before the command runs (see
 * `core/paths.ts`): inputs are regular files, outputs are not devices, FIFOs or folders, and no
 * output overwrites an input.
 */
import {
  checkInputFile,
  checkOutputFile,
  checkOutputFolder,
  type NamedPath,
  refuseOutputsOverInputs,
} from '../core/paths.js';

/** A positional argument (by index) or an option (by its commander attribute name). */
export type FileSource = { arg: number; label: string } | { option: string; label: string };

export interface FileSpec {
  inputs: FileSource[];
  /** Options naming one output file. */
  outputFiles?: FileSource[];
  /** Options naming a folder, with the files the command writes into it. */
  outputFolders?: Array<FileSource & { files: readonly string[] }>;
}

function pathOf(source: FileSource, args: string[], options: Record<string, unknown>): string | undefined {
  const value = 'arg' in source ? args[source.arg] : options[source.option];
  return typeof value === 'string' ? value : undefined;
}

function given(sources: FileSource[], args: string[], options: Record<string, unknown>): NamedPath[] {
  return sources.flatMap((source) => {
    const path = pathOf(source, args, options);
    return path === undefined ? [] : [{ path, label: source.label }];
  });
}

export function checkFiles(spec: FileSpec, args: string[], options: Record<string, unknown>): void {
  const inputs = given(spec.inputs, args, options);
  for (const input of inputs) checkInputFile(input);
  const outputs = given(spec.outputFiles ?? [], args, options);
  for (const output of outputs) checkOutputFile(output);
  for (const folder of spec.outputFolders ?? []) {
    const path = pathOf(folder, args, options);
    if (path !== undefined)
      outputs.push(...checkOutputFolder({ path, label: folder.label, files: folder.files }));
  }
  refuseOutputsOverInputs(inputs, outputs);
}
