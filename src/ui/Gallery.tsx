import { useEffect, useRef } from 'react';
import { BUILTIN_SCENARIOS } from '../engine/scenarios';

/** Two lines per built-in scenario: what it shows, and what to watch for on the canvas. */
const WATCH: Record<string, [string, string]> = {
  '01-classic-http-no-outbound': ['HTTP in is allowed; the group has no outbound rule at all.', 'Watch the response leave anyway, passed by the tracked connection.'],
  '02-ssh-from-one-address': ['SSH is allowed from one /32: the admin’s address.', 'Watch the neighbour one address away dropped at the security group.'],
  '03-outbound-only-blocks-ssh': ['A group with only an outbound rule.', 'Watch SSH in dropped, while the instance’s own HTTPS reply comes back in.'],
  '04-minimal-web-server': ['HTTP and HTTPS in from anywhere, nothing else.', 'Watch both responses leave with no outbound rule.'],
  '05-web-to-db-group-reference': ['MySQL allowed only from members of the web group.', 'Watch the web server get in and the app server dropped.'],
  '06-nacl-without-ephemeral-ports': ['A NACL that allows port 80 out, but not ephemeral ports.', 'Watch the response die at the subnet edge: NACLs are stateless.'],
  '07-udp-reply-after-timeout': ['Two DNS queries over UDP.', 'Watch the late reply dropped: its tracked entry idled out after 30 s.'],
  '08-rule-removed-mid-flow': ['SSH rules removed mid-session, on a tracked and an untracked flow.', 'Watch the tracked session carry on and the untracked one stop at once.'],
};

export interface GalleryProps {
  open: boolean;
  onClose: () => void;
  onPick: (slug: string) => void;
}

/** The built-in scenarios as cards in a dialog; picking one loads it (one undoable edit). */
export function Gallery({ open, onClose, onPick }: GalleryProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className="gallery" aria-labelledby="gallery-title" data-testid="gallery" onClose={onClose}>
      <header>
        <h2 id="gallery-title">Scenarios</h2>
        <button type="button" onClick={onClose} aria-label="Close the gallery">
          ×
        </button>
      </header>
      <ul>
        {BUILTIN_SCENARIOS.map((s) => {
          const [what, watch] = WATCH[s.slug] ?? [s.document.description ?? '', ''];
          return (
            <li key={s.slug}>
              <button
                type="button"
                className="gallery-card"
                data-testid={`gallery-${s.slug}`}
                onClick={() => {
                  onPick(s.slug);
                  onClose();
                }}
              >
                <strong>{s.document.name}</strong>
                <span>{what}</span>
                <span className="watch">{watch}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </dialog>
  );
}
