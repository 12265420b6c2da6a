import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLASSIC = 'assets/scenarios/01-classic-http-no-outbound.json';
/** Node's arguments that run the CLI, before its own. */
const CLI = ['--import', 'tsx', 'src/cli/simulate.ts'];

function simulate(...args: string[]) {
  const r = spawnSync(process.execPath, [...CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function tempFile(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'stateful-cli-'));
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe('npm run simulate', () => {
  it('prints the process table and a summary of the classic example', () => {
    const r = simulate(CLASSIC);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/time \(s\)\s+packet\s+step\s+direction\s+check\s+result\s+action\s+deciding rule/);
    expect(r.out).toContain('connection state of web (eni-web)');
    expect(r.out).toContain('4 packets: 2 delivered, 2 dropped');
    expect(r.out).toMatch(/dropped at security group inbound rules .*TCP port 22/);
  });

  it('--json prints one parseable object per packet step with the fields the issue names', () => {
    const r = simulate('--json', CLASSIC);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) {
      for (const k of ['time', 'packetId', 'packet', 'source', 'sourcePort', 'destination', 'destinationPort', 'protocol', 'verdict', 'hop', 'decidedBy', 'tracking']) {
        expect(l).toHaveProperty(k);
      }
    }
    const responseEgress = lines.find((l) => l.packet === 'response' && l.hop === 'sg-egress');
    expect(responseEgress?.verdict).toBe('allowed');
    expect(String(responseEgress?.decidedBy)).toMatch(/^tracked connection/);
    expect(responseEgress?.source).toBe('10.0.1.10');
    expect(responseEgress?.sourcePort).toBe(80);
    const sshDrop = lines.find((l) => l.step === 'dropped' && l.destinationPort === 22);
    expect(sshDrop).toMatchObject({ verdict: 'dropped', hop: 'sg-ingress', decidedBy: 'no rule matched' });
  });

  it('--check passes every built-in scenario', () => {
    const files = ['01-classic-http-no-outbound', '08-rule-removed-mid-flow'].map((f) => `assets/scenarios/${f}.json`);
    const r = simulate('--check', ...files);
    expect(r.code).toBe(0);
    expect(r.out).toContain('2 passed, 0 failed');
  });

  it('--check exits 1 and names the expectation that failed', () => {
    const doc = JSON.parse(readFileSync(CLASSIC, 'utf8')) as { expectations: { traffic: string; verdict: string; hop?: string }[] };
    doc.expectations = [{ traffic: 'ssh', verdict: 'allowed' }];
    const r = simulate('--check', tempFile('wrong.json', JSON.stringify(doc)));
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAIL  expected ssh request allowed, but it was dropped at sg-ingress');
  });

  it('refuses a bad file with one message per field and runs nothing', () => {
    const doc = JSON.parse(readFileSync(CLASSIC, 'utf8')) as { securityGroups: { inbound: { source: string }[] }[] };
    const first = doc.securityGroups[0];
    if (!first?.inbound[0]) throw new Error('fixture changed');
    first.inbound[0].source = '10.0.0.300/33';
    const r = simulate(tempFile('bad.json', JSON.stringify(doc)));
    expect(r.code).toBe(1);
    expect(r.err).toContain('securityGroups[0].inbound[0].source: "10.0.0.300/33" is not an IPv4 CIDR');
    expect(r.out).toBe('');
  });

  it('says so when a file is not JSON or does not exist', () => {
    const notJson = simulate(tempFile('broken.json', '{ "version": 1, '));
    expect(notJson.code).toBe(1);
    expect(notJson.err).toMatch(/is not valid JSON/);
    const missing = simulate('no-such-file.json');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("no-such-file.json: can't read it (ENOENT)");
  });

  it('stops quietly when its reader closes the pipe, keeping the status', async () => {
    // The read end is closed before the CLI has started, so its first write meets a closed pipe.
    const child = spawn(process.execPath, [...CLI, '--json', '--check', CLASSIC, 'no-such-file.json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect(err).not.toContain('EPIPE');
    expect(err).toContain("no-such-file.json: can't read it");
    expect(code).toBe(1);
  });

  it('explains its usage when called wrongly', () => {
    expect(simulate().code).toBe(2);
    expect(simulate('--frobnicate', CLASSIC).err).toContain('unknown option --frobnicate');
  });
});
