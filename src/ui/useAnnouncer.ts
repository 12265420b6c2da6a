import { useEffect, useState } from 'react';
import type { Workspace } from '../engine/workspace';

const HOP_WORDS: Record<string, string> = {
  'sg-egress': 'the sender’s security group',
  'sg-ingress': 'the receiver’s security group',
  'nacl-out': 'the network ACL on the way out',
  'nacl-in': 'the network ACL on the way in',
  igw: 'the internet gateway',
};

/**
 * The verdicts in words, for screen readers: each delivery and drop as one sentence. Several
 * verdicts in one frame are joined; a flood of packets keeps the newest few.
 */
export function useAnnouncer(ws: Workspace): string {
  const [text, setText] = useState('');
  useEffect(() => {
    let pending: string[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = (): void => {
      timer = null;
      setText(pending.slice(-3).join(' '));
      pending = [];
    };
    const off = ws.onSimEvent((e) => {
      if (e.type !== 'packet.step') return;
      const s = e.step;
      const who = `${s.kind === 'request' ? 'Request' : 'Response'} ${s.packetId}`;
      if (s.step === 'dropped') pending.push(`${who} dropped at ${HOP_WORDS[s.hop?.hop ?? ''] ?? 'a checkpoint'}: ${s.hop?.explanation ?? 'no rule allows it'}.`);
      else if (s.step === 'delivered') pending.push(`${who} delivered.`);
      else return;
      timer ??= setTimeout(flush, 250);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [ws]);
  return text;
}
