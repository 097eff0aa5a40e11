/** Runs a build's steps to the end at once (tests, the CLI, anything that serves no requests). */
export function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
