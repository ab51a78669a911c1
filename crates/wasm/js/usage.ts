// A dashboard's use of the package, compiled with `tsc --noEmit` against the
// built exempt.d.ts: every input and output type is spelled out here, so a
// wrong or missing declaration fails the build.
import init, {
  initSync,
  Session,
  validateExemptions,
  version,
  type Candidate,
  type ControlImpact,
  type EvaluationReport,
  type Exemption,
  type ExemptionFile,
  type ExemptError,
  type Explanation,
  type Problem,
  type Score,
  type Validation,
  type WhatIfReport,
} from '../../../dist/pkg/exempt.js';

export async function inBrowser(exportTexts: string[], file: ExemptionFile): Promise<number> {
  await init();
  const session = Session.load(exportTexts);
  const report: EvaluationReport = session.evaluate(file, { at: new Date() });
  const score: Score = report.secureScore;
  const gap: number = score.percentage - report.secureScoreWithoutExemptions.percentage;
  for (const a of report.assessments) {
    if (a.exemption !== null) {
      const by: string = a.exemption.name;
      void by;
    }
  }
  for (const f of report.findings) {
    const kind: 'unused' | 'allHealthy' | 'redundant' | 'conflict' | 'expired' | 'expiring' = f.kind;
    void kind;
  }
  session.free();
  return gap;
}

export function inNode(bytes: Uint8Array, exports: object[]): void {
  initSync({ module: bytes });
  const v: string = version();
  const session = Session.load(exports);
  const draft: Exemption = {
    name: 'Legacy VMs',
    cloud: 'Azure',
    scopes: ['/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-legacy'],
    category: 'mitigated',
    expiresOn: '2027-06-30T00:00:00Z',
    recommendations: ['4ab6e3c5-74dd-8b35-9ab9-f61b30875b27'],
  };
  const impact: WhatIfReport = session.whatIf(draft, { exemptions: [] }, { at: '2026-06-01T00:00:00Z' });
  const after: number = impact.secureScore.after.percentage;
  const changed: ControlImpact[] = impact.controls;
  const why: Explanation = session.explain('/subscriptions/x/providers/Microsoft.Security/assessments/k', '{"exemptions": []}');
  const first: Candidate | undefined = why.candidates[0];
  if (first?.applies) {
    const [scope, how] = first.applies;
    if (how.kind === 'managementGroup') {
      const path: string[] = how.path;
      void path;
    }
    void scope;
  }
  if (first?.miss?.kind === 'expired') {
    const on: string = first.miss.on;
    void on;
  }
  const checked: Validation = validateExemptions('{"exemptions": []}');
  const problems: Problem[] = checked.problems;
  try {
    session.evaluate();
  } catch (e) {
    const err = e as ExemptError;
    const where: string | null = err.file;
    const row: number | null = err.row;
    void where;
    void row;
  }
  void v;
  void after;
  void changed;
  void problems;
}
