/**
 * The choice a share link asks for: the linked document is showing, the person's own autosaved
 * work is untouched until they keep the copy (or edit it) or go back to their work.
 */
import type { Persistence } from './usePersistence';

export function ShareBanner({ persistence }: { persistence: Persistence }) {
  if (!persistence.fromLink) return null;
  return (
    <div className="share-banner" role="status" data-testid="share-banner">
      <span>Opened from a link. Your autosaved work is kept.</span>
      <button type="button" data-testid="share-keep" onClick={persistence.keep} title="Work on this document from now on (it replaces your autosaved work)">
        Keep this one
      </button>
      <button type="button" data-testid="share-back" onClick={persistence.back} title="Close the linked copy and reopen your own document">
        Back to my work
      </button>
    </div>
  );
}
