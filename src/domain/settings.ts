/**
 * Simulation settings. Each value AWS documents carries its default; each value AWS leaves open
 * (marked [UNSPECIFIED] in the reference semantics) is a choice of ours, named and explained
 * here so that the UI can show it and a person can change it.
 */
export interface Settings {
  /** Established TCP idle timeout default (s) for instances that are not Nitro v6. */
  tcpEstablishedTimeout: number;
  /** Established TCP idle timeout default (s) on Nitro v6 instance types. */
  tcpEstablishedTimeoutNitroV6: number;
  /** UDP flow with one direction or one request-response so far (s). */
  udpTimeout: number;
  /** UDP flow with more than one request-response transaction (s). */
  udpStreamTimeout: number;
  /** Protocols other than TCP, UDP and ICMP: tracked by address pair for this long (s). */
  otherProtocolTimeout: number;
  /** [UNSPECIFIED] ICMP echo entries (s); Linux uses 30. */
  icmpTimeout: number;
  /** [UNSPECIFIED] TCP entry that has seen only the first direction (s); Linux SYN_SENT is 120. */
  tcpOpeningTimeout: number;
  /** [UNSPECIFIED] TCP entry after a FIN (s); Linux FIN_WAIT/TIME_WAIT are 120. */
  tcpClosingTimeout: number;
  /** [UNSPECIFIED] TCP entry after a RST (s); Linux CLOSE is 10. */
  tcpClosedTimeout: number;
  /**
   * [UNSPECIFIED] Whether a packet arriving exactly at the timeout still finds its entry.
   * true: an entry lives while `now - lastSeen <= timeout`.
   */
  expiryInclusive: boolean;
  /**
   * [UNSPECIFIED] Whether a TCP packet other than a SYN, admitted by a rule, starts tracking
   * (Linux's loose pickup does). false: only SYNs and packets without flags create TCP entries.
   */
  tcpMidstreamPickup: boolean;
  /**
   * [UNSPECIFIED] An untracked flow whose reply direction loses its wide-open rule: 'rules' judges
   * the reply by the current rules (it is dropped); 'track' lets the flow become tracked from the
   * next admitted packet on, as new traffic would be.
   */
  untrackedAfterChange: 'rules' | 'track';
  /** [UNSPECIFIED] Whether a new group also gets an outbound all-traffic rule to ::/0. */
  newGroupIpv6Egress: boolean;
  /** Tracked connections per instance when the instance sets no allowance of its own. */
  conntrackAllowance: number;
  /** EC2 blocks outbound TCP 25 to the internet by default. */
  blockOutboundSmtp: boolean;
  /** Security groups per network interface (AWS default 5, adjustable up to 16). */
  maxGroupsPerEni: number;
  /** Rules per direction per group, counted separately for IPv4 and IPv6. */
  maxRulesPerGroup: number;
  /** Numbered rules per NACL direction and family, the `*` rule included (20, up to 40). */
  maxNaclRules: number;
  /** Time a packet spends between the two ends (ms). */
  transitMs: number;
  /** Time one check at a checkpoint takes (ms). */
  checkMs: number;
  /** Time a host takes to answer a request (ms). */
  responseDelayMs: number;
  /** First and last ephemeral source port a sender picks (Linux: 32768–60999). */
  ephemeralFrom: number;
  ephemeralTo: number;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  tcpEstablishedTimeout: 432000,
  tcpEstablishedTimeoutNitroV6: 350,
  udpTimeout: 30,
  udpStreamTimeout: 180,
  otherProtocolTimeout: 600,
  icmpTimeout: 30,
  tcpOpeningTimeout: 120,
  tcpClosingTimeout: 120,
  tcpClosedTimeout: 10,
  expiryInclusive: true,
  tcpMidstreamPickup: true,
  untrackedAfterChange: 'rules',
  newGroupIpv6Egress: false,
  conntrackAllowance: 100000,
  blockOutboundSmtp: true,
  maxGroupsPerEni: 5,
  maxRulesPerGroup: 60,
  maxNaclRules: 20,
  transitMs: 20,
  checkMs: 6,
  responseDelayMs: 4,
  ephemeralFrom: 32768,
  ephemeralTo: 60999,
});

/** The AWS bounds on per-ENI timeouts, in seconds. */
export const TIMEOUT_BOUNDS = {
  tcpEstablishedTimeout: { min: 60, max: 432000 },
  udpTimeout: { min: 30, max: 60 },
  udpStreamTimeout: { min: 60, max: 180 },
} as const;

export function resolveSettings(partial: Partial<Settings> | undefined): Settings {
  return { ...DEFAULT_SETTINGS, ...partial };
}
