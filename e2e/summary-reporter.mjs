// Prints one plain summary line that CI can read: "e2e: N passed, N failed, N skipped".
export default class SummaryReporter {
  constructor() { this.counts = { passed: 0, failed: 0, skipped: 0 }; }
  onTestEnd(test, result) {
    if (result.status === 'skipped') this.counts.skipped++;
    else if (result.status === 'passed' && test.outcome() !== 'flaky') this.counts.passed++;
    else if (test.outcome() === 'unexpected' && result.retry === test.retries) this.counts.failed++;
    else if (test.outcome() === 'flaky' && result.status === 'passed') this.counts.passed++;
  }
  onEnd() {
    const { passed, failed, skipped } = this.counts;
    console.log(`e2e: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
