/** A model artifact that cannot be used: names the file (or source) and the offending field. */
export class ModelArtifactError extends Error {
  constructor(
    readonly source: string,
    readonly field: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: field "${field}" ${problem}`, options);
    this.name = 'ModelArtifactError';
  }
}
