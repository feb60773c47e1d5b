import { createRequire as __holdoutCreateRequire } from 'node:module';
const require = __holdoutCreateRequire(import.meta.url);

// src/doctor/finding.ts
function ok(id, title, found) {
  return { id, level: "ok", title, ...found ? { found } : {} };
}
function counts(findings) {
  return {
    errors: findings.filter((f) => f.level === "error").length,
    warnings: findings.filter((f) => f.level === "warning").length,
    ok: findings.filter((f) => f.level === "ok").length,
    unchecked: findings.filter((f) => f.unchecked).length
  };
}
function exitCodeOf(findings) {
  return findings.some((f) => f.level === "error") ? 1 : 0;
}
function ghCommand(call) {
  const head = `gh api -X ${call.method} ${call.path}`;
  if (call.body === void 0) return head;
  return `${head} --input - <<'JSON'
${JSON.stringify(call.body)}
JSON`;
}
var LABEL = { error: "ERROR", warning: "WARN ", ok: "ok   " };
function indent(text, prefix) {
  return text.split("\n").map((line, i) => i === 0 ? line : `${" ".repeat(prefix.length)}${line}`).join("\n");
}
function formatFinding(f, printed = /* @__PURE__ */ new Set()) {
  const lines = [`${LABEL[f.level]}  ${f.title}`];
  const pad = "       ";
  if (f.found && f.level !== "ok") lines.push(`${pad}found: ${indent(f.found, `${pad}found: `)}`);
  if (f.found && f.level === "ok") lines.push(`${pad}${indent(f.found, pad)}`);
  if (f.why) lines.push(`${pad}why:   ${indent(f.why, `${pad}why:   `)}`);
  if (f.fix) {
    lines.push(`${pad}fix:   ${indent(f.fix.where, `${pad}fix:   `)}`);
    for (const call of f.fix.api ?? []) {
      const command = ghCommand(call);
      lines.push(
        `${pad}       ${printed.has(command) ? `(the same ${call.method} ${call.path} as above)` : indent(command, `${pad}       `)}`
      );
      printed.add(command);
    }
  }
  return lines.join("\n");
}
function formatReport(report) {
  const order = ["error", "warning", "ok"];
  const sorted = [...report.findings].sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level));
  const c = counts(report.findings);
  const printed = /* @__PURE__ */ new Set();
  const parts = [
    `holdout doctor: ${report.repository}, branch ${report.branch}`,
    "",
    ...sorted.map((f) => formatFinding(f, printed)).flatMap((s) => [s, ""])
  ];
  const tally = `${c.errors} error${c.errors === 1 ? "" : "s"}, ${c.warnings} warning${c.warnings === 1 ? "" : "s"}, ${c.ok} ok`;
  const unchecked = c.unchecked > 0 ? `; ${c.unchecked} setting${c.unchecked === 1 ? "" : "s"} could not be checked: run again with a token that has the permissions named above` : "";
  const verdict = c.errors > 0 ? `${tally}${unchecked}. Fix the errors above, then run holdout doctor again.` : c.unchecked > 0 ? `${tally}${unchecked}.` : c.warnings > 0 ? `${tally}: no errors; read the warnings above.` : `${tally}: clean.`;
  parts.push(verdict);
  return `${parts.join("\n")}
`;
}

export {
  ok,
  counts,
  exitCodeOf,
  ghCommand,
  formatFinding,
  formatReport
};
