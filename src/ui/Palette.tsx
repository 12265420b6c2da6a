import type { ReactNode } from 'react';

/** What the palette offers, in AWS's words, with the rule each drop follows. */
const ITEMS: { kind: 'client' | 'instance' | 'vpc' | 'subnet' | 'igw'; label: string; hint: string; icon: ReactNode }[] = [
  {
    kind: 'client',
    label: 'Internet client',
    hint: 'A host on the internet, outside every VPC',
    icon: (
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <circle cx="12" cy="12" r="9" />
        <ellipse cx="12" cy="12" rx="4" ry="9" />
        <path d="M3 12h18" />
      </svg>
    ),
  },
  {
    kind: 'instance',
    label: 'EC2 instance',
    hint: 'Drop it inside a subnet; it gets the next free address and the default security group',
    icon: (
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <rect x="5" y="5" width="14" height="14" rx="2" />
        <path d="M9 2v3M15 2v3M9 19v3M15 19v3M2 9h3M2 15h3M19 9h3M19 15h3" />
      </svg>
    ),
  },
  {
    kind: 'vpc',
    label: 'VPC',
    hint: 'A private network with its default security group and network ACL',
    icon: (
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <rect x="3" y="4" width="18" height="16" rx="3" />
        <path d="M3 9h18" />
      </svg>
    ),
  },
  {
    kind: 'subnet',
    label: 'Subnet',
    hint: 'Drop it inside a VPC; its edge is where the network ACL checks',
    icon: (
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <rect x="4" y="6" width="16" height="12" rx="2" strokeDasharray="3 2" />
      </svg>
    ),
  },
  {
    kind: 'igw',
    label: 'Internet gateway',
    hint: 'Drop it on a VPC: the way in and out of the internet, with 1:1 NAT for public addresses',
    icon: (
      <svg viewBox="0 0 24 24" aria-hidden="true">
        <path d="M4 9h14l-3-3M20 15H6l3 3" />
      </svg>
    ),
  },
];

export const NODE_MIME = 'application/x-stateful-node';

/** Drag an item onto the canvas to create it (or press Enter on one to add it at the centre). */
export function Palette({ onAdd }: { onAdd: (kind: (typeof ITEMS)[number]['kind']) => void }) {
  return (
    <nav className="palette" aria-label="Add to the network" data-testid="palette">
      {ITEMS.map((item) => (
        <button
          key={item.kind}
          type="button"
          className="palette-item"
          draggable
          data-testid={`palette-${item.kind}`}
          title={item.hint}
          onDragStart={(e) => {
            e.dataTransfer.setData(NODE_MIME, item.kind);
            e.dataTransfer.effectAllowed = 'copy';
          }}
          onClick={() => onAdd(item.kind)}
        >
          {item.icon}
          <span>{item.label}</span>
        </button>
      ))}
    </nav>
  );
}
