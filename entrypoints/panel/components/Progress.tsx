/** A wait the agent can see: spinner plus what is happening. */

/** Progress line (a live region, so screen readers announce it). */
export function Progress({ text }: { text: string }) {
  return (
    <p class="progress" role="status" aria-busy="true">
      <span class="spinner" aria-hidden="true" /> {text}
    </p>
  );
}
